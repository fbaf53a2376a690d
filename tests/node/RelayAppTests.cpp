// The relay application as the overlay and the admin `tx` command see it, in
// virtual time: which envelopes it accepts, when a slot counts as
// externalized, what leaves the pool, when the node is out of sync and what
// it then asks its peers, and the answers to transaction submissions.

#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

struct RelayWorld
{
    Clock clock{Clock::Mode::Virtual};
    MetricsRegistry metrics;
    crypto::SecretKey a = validatorKey(1), b = validatorKey(2), c = validatorKey(3);
    SCPQuorumSet qset = quorumSetOf(2, {a, b, c});
    std::unique_ptr<RelayApp> app;
    std::vector<TransactionEnvelope> broadcastTxs;
    std::vector<Hash> broadcastHashes;
    std::vector<uint32_t> askedFrom;
    std::vector<ClockTime> askedAt;

    explicit RelayWorld(RelayAppConfig config = {})
    {
        config.networkID = testNetworkID();
        if (config.quorumSet.threshold == 0 && config.quorumSet.validators.empty())
            config.quorumSet = qset;
        app = std::make_unique<RelayApp>(config, clock, metrics);
        RelayHooks hooks;
        hooks.broadcastTransaction = [this](TransactionEnvelope const& tx, Hash const& fullHash) {
            broadcastTxs.push_back(tx);
            broadcastHashes.push_back(fullHash);
        };
        hooks.askForScpState = [this](uint32_t from) {
            askedFrom.push_back(from);
            askedAt.push_back(clock.now());
        };
        app->setHooks(hooks);
    }

    uint64_t now() const { return unixNow(clock); }

    // An app on this world's clock that follows no QUORUM_SET and already
    // holds `set` and the quorum set this world's envelopes name.
    std::unique_ptr<RelayApp>
    appWithoutQuorumSet(BuiltSet const& set)
    {
        RelayAppConfig config;
        config.networkID = testNetworkID();
        auto bare = std::make_unique<RelayApp>(config, clock, metrics);
        bare->recvTxSet(set.hash, set.message);
        bare->recvSCPQuorumSet(hashOf(qset), qset);
        return bare;
    }

    OverlayApp::EnvelopeStatus
    externalizeBy(crypto::SecretKey const& k, uint64_t slot, Hash const& txSet, uint64_t closeTime)
    {
        return app->recvSCPEnvelope(externalizeOf(k, slot, txSet, closeTime, hashOf(qset)));
    }
};

}

TEST(RelayApp, ASlotIsTrackedOnceTheThresholdExternalizedAndItsTxSetIsHere)
{
    RelayWorld w;
    auto txs = payments(4);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(w.app->recvTransaction(txs[i].envelope, txs[i].fullHash), OverlayApp::TxStatus::Accepted);
    auto set = txSetOf({txs[0], txs[1], txs[3]}); // the fourth never reached the pool
    auto ct = w.now();
    w.app->recvTxSet(set.hash, set.message);

    EXPECT_EQ(w.externalizeBy(w.a, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.app->trackingLedgerSeq(), GENESIS_LEDGER_SEQ); // one of three: below the threshold of two
    EXPECT_FALSE(w.app->isSynced());
    EXPECT_EQ(w.externalizeBy(w.b, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.app->trackingLedgerSeq(), 2u);
    EXPECT_TRUE(w.app->isSynced());
    // The two pooled transactions it included left the pool; the third waits.
    EXPECT_EQ(w.app->pooledTransactions(), 1u);
    EXPECT_TRUE(w.app->getTransaction(txs[2].fullHash));
    EXPECT_FALSE(w.app->getTransaction(txs[0].fullHash));
    EXPECT_TRUE(w.app->isTransactionKnownOrBanned(txs[0].fullHash)); // banned: never demanded again
    EXPECT_EQ(w.metrics.counterValue("herder.pending-txs.age0"), 0);
    EXPECT_EQ(w.metrics.counterValue("herder.pending-txs.age1"), 1);
    EXPECT_EQ(w.metrics.timers().at("herder.pending-txs").count(), 2u);
    EXPECT_EQ(w.metrics.counterValue("herder.externalized-tx.not-pooled"), 1);
    EXPECT_TRUE(w.app->isTransactionKnownOrBanned(txs[3].fullHash)); // its flooded copy comes too late
    EXPECT_EQ(w.metrics.timers().at("scp.timing.externalized").count(), 1u);
}

TEST(RelayApp, WithoutItsTxSetASlotWaitsAndAWrongHashIsIgnored)
{
    RelayWorld w;
    auto txs = payments(1);
    w.app->recvTransaction(txs[0].envelope, txs[0].fullHash);
    auto set = txSetOf(txs);
    auto ct = w.now();
    // Held back (not processed) until the tx set they name is here.
    EXPECT_EQ(w.externalizeBy(w.a, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Fetching);
    EXPECT_EQ(w.externalizeBy(w.c, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Fetching);
    EXPECT_EQ(w.app->trackingLedgerSeq(), GENESIS_LEDGER_SEQ);
    EXPECT_FALSE(w.app->hasTxSet(set.hash));
    EXPECT_TRUE(w.app->scpStateFrom(1).empty());

    Hash wrong = set.hash;
    wrong[0] ^= 1;
    EXPECT_FALSE(w.app->recvTxSet(wrong, set.message)); // not what it hashes to
    EXPECT_FALSE(w.app->hasTxSet(wrong));
    EXPECT_EQ(w.app->trackingLedgerSeq(), GENESIS_LEDGER_SEQ);

    EXPECT_TRUE(w.app->recvTxSet(set.hash, set.message));
    // The fetcher gives them again: now they count.
    EXPECT_EQ(w.externalizeBy(w.a, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.externalizeBy(w.c, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.app->trackingLedgerSeq(), 2u);
    EXPECT_EQ(w.app->pooledTransactions(), 0u);
    ASSERT_TRUE(w.app->getTxSetMessage(set.hash));
    EXPECT_EQ(*w.app->getTxSetMessage(set.hash), set.message);
}

TEST(RelayApp, RefusesBadSignaturesUnsignedValuesOldSlotsAndRepeats)
{
    RelayWorld w;
    auto set = txSetOf({});
    auto ct = w.now();
    auto env = externalizeOf(w.a, 2, set.hash, ct, hashOf(w.qset));
    auto forged = env;
    forged.signature[0] ^= 1;
    EXPECT_EQ(w.app->recvSCPEnvelope(forged), OverlayApp::EnvelopeStatus::Discarded);
    EXPECT_EQ(w.metrics.counterValue("scp.envelope.invalidsig"), 1);
    EXPECT_TRUE(w.app->scpStateFrom(1).empty());

    // Signed by another network: the signature does not verify here.
    auto otherNet = externalizeOf(w.a, 2, set.hash, ct, hashOf(w.qset), networkIdOf("another network"));
    EXPECT_EQ(w.app->recvSCPEnvelope(otherNet), OverlayApp::EnvelopeStatus::Discarded);

    // A value without its lcValueSignature (core: PendingEnvelopes drops it).
    StellarValue basic;
    basic.txSetHash = set.hash;
    basic.closeTime = ct;
    auto unsignedValue = makeExternalize(w.a, testNetworkID(), 2, basic, hashOf(w.qset));
    EXPECT_EQ(w.app->recvSCPEnvelope(unsignedValue), OverlayApp::EnvelopeStatus::Discarded);
    EXPECT_EQ(w.metrics.counterValue("scp.value.invalid"), 1);

    w.app->recvTxSet(set.hash, set.message);
    EXPECT_EQ(w.app->recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.app->recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Processed);
    EXPECT_EQ(w.app->scpStateFrom(1).size(), 1u);

    // Track ledger 20, then a statement for slot 5 is too old (below 20 - 12 + 1).
    w.externalizeBy(w.a, 20, set.hash, ct + 1);
    w.externalizeBy(w.b, 20, set.hash, ct + 1);
    ASSERT_EQ(w.app->trackingLedgerSeq(), 20u);
    EXPECT_EQ(w.app->minLedgerSeqToRemember(), 9u);
    EXPECT_EQ(w.externalizeBy(w.c, 5, set.hash, ct - 100), OverlayApp::EnvelopeStatus::Discarded);
    // ... and one beyond the validity bracket is too far ahead.
    EXPECT_EQ(w.externalizeBy(w.c, 20 + 1 + LEDGER_VALIDITY_BRACKET + 1, set.hash, ct + 2),
              OverlayApp::EnvelopeStatus::Discarded);
    EXPECT_EQ(w.externalizeBy(w.c, 20 + 1 + LEDGER_VALIDITY_BRACKET, set.hash, ct + 2),
              OverlayApp::EnvelopeStatus::Ready);
}

TEST(RelayApp, OutOfSyncAfterThirtyFiveSecondsThenAsksForScpStateEveryTenSeconds)
{
    RelayWorld w;
    auto set = txSetOf({});
    w.app->recvTxSet(set.hash, set.message);
    auto t0 = w.clock.now();
    w.externalizeBy(w.a, 2, set.hash, w.now());
    w.externalizeBy(w.b, 2, set.hash, w.now());
    ASSERT_TRUE(w.app->isSynced());

    w.clock.crankFor(CONSENSUS_STUCK_TIMEOUT_SECONDS - 1ms);
    EXPECT_TRUE(w.app->isSynced());
    w.clock.crankFor(1ms);
    EXPECT_FALSE(w.app->isSynced());
    EXPECT_EQ(w.metrics.counterValue("scp.sync.lost"), 1);
    EXPECT_TRUE(w.askedAt.empty());

    w.clock.crankFor(25s); // until t0 + 60 s
    EXPECT_EQ(w.askedAt, (std::vector<ClockTime>{t0 + 45s, t0 + 55s}));
    // core: getMinLedgerSeqToAskPeers: three ledgers back from the next, not below genesis.
    EXPECT_EQ(w.askedFrom, (std::vector<uint32_t>{1, 1}));

    // A new ledger ends the recovery.
    w.externalizeBy(w.a, 3, set.hash, w.now());
    w.externalizeBy(w.b, 3, set.hash, w.now());
    EXPECT_TRUE(w.app->isSynced());
    w.clock.crankFor(20s);
    EXPECT_EQ(w.askedAt.size(), 2u);
}

TEST(RelayApp, WithoutAQuorumSetTheNodeRelaysAsIfInSyncButTracksNothing)
{
    RelayWorld w; // for its clock and keys
    auto set = txSetOf({});
    auto bare = w.appWithoutQuorumSet(set);
    auto& app = *bare;
    EXPECT_TRUE(app.isSynced());
    EXPECT_FALSE(app.isTracking());
    EXPECT_EQ(app.recvSCPEnvelope(externalizeOf(w.a, 2, set.hash, w.now(), hashOf(w.qset))),
              OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(app.trackingLedgerSeq(), GENESIS_LEDGER_SEQ);
}

TEST(RelayApp, WithoutAQuorumSetTheNodeRemembersOnlyTheNewestSlotsItAccepted)
{
    // Nothing externalizes on such a node, so slots are forgotten by count:
    // an honest exchange of many slots must not grow it without bound.
    RelayWorld w;
    auto set = txSetOf({});
    auto bare = w.appWithoutQuorumSet(set);
    auto& app = *bare;
    std::vector<SCPEnvelope> sent;
    for (uint64_t slot = 2; slot < 32; ++slot)
    {
        sent.push_back(externalizeOf(w.a, slot, set.hash, w.now(), hashOf(w.qset)));
        ASSERT_EQ(app.recvSCPEnvelope(sent.back()), OverlayApp::EnvelopeStatus::Ready) << slot;
    }
    auto state = app.scpStateFrom(1);
    ASSERT_EQ(state.size(), 12u);
    EXPECT_EQ(state.front().statement.slotIndex, 20u);
    EXPECT_EQ(state.back().statement.slotIndex, 31u);
    // The overlay forgets its flood records and fetches below that too.
    EXPECT_EQ(app.minLedgerSeqToRemember(), 20u);
    EXPECT_EQ(app.recvSCPEnvelope(sent.back()), OverlayApp::EnvelopeStatus::Processed);
    EXPECT_EQ(app.recvSCPEnvelope(sent.front()), OverlayApp::EnvelopeStatus::Discarded);
}

TEST(RelayApp, SubmissionAnswersAsCoreDoes)
{
    RelayAppConfig config;
    config.maxTxSetSizeOps = 2; // a pool of 4 operations
    RelayWorld w(config);
    auto txs = payments(6);

    auto r = w.app->submitTransaction(txs[0].envelope);
    EXPECT_EQ(r.code, RelayApp::AddResultCode::ADD_STATUS_PENDING);
    EXPECT_EQ(w.broadcastTxs, std::vector<TransactionEnvelope>{txs[0].envelope}); // advertised to peers
    EXPECT_EQ(w.broadcastHashes, std::vector<Hash>{txs[0].fullHash}); // under the hash its adverts carry
    EXPECT_EQ(w.app->submitTransaction(txs[0].envelope).code, RelayApp::AddResultCode::ADD_STATUS_DUPLICATE);

    auto noOps = txs[1].envelope;
    noOps.v1().tx.operations.clear();
    r = w.app->submitTransaction(noOps);
    EXPECT_EQ(r.code, RelayApp::AddResultCode::ADD_STATUS_ERROR);
    EXPECT_EQ(r.error, txMISSING_OPERATION);

    auto big = txs[1].envelope;
    big.v1().tx.memo.type(MEMO_TEXT);
    big.v1().signatures.resize(20, big.v1().signatures.front());
    big.v1().tx.operations.resize(100, big.v1().tx.operations.front());
    RelayAppConfig small;
    small.maxTxSize = 1000;
    RelayWorld w2(small);
    r = w2.app->submitTransaction(big);
    EXPECT_EQ(r.code, RelayApp::AddResultCode::ADD_STATUS_ERROR);
    EXPECT_EQ(r.error, txMALFORMED);
    EXPECT_EQ(w2.metrics.counterValue("herder.recv-transaction.oversize"), 1);
    EXPECT_TRUE(w2.broadcastTxs.empty());
    // The same from a peer: refused, never pooled.
    EXPECT_EQ(w2.app->recvTransaction(big, crypto::sha256(xdr::toBytes(big))), OverlayApp::TxStatus::Rejected);
    EXPECT_EQ(w2.app->pooledTransactions(), 0u);

    for (int i = 1; i < 4; ++i)
        EXPECT_EQ(w.app->submitTransaction(txs[i].envelope).code, RelayApp::AddResultCode::ADD_STATUS_PENDING);
    EXPECT_EQ(w.app->submitTransaction(txs[4].envelope).code, RelayApp::AddResultCode::ADD_STATUS_TRY_AGAIN_LATER);
    EXPECT_EQ(w.app->pooledTransactions(), 4u);
}

TEST(RelayApp, OnlyTheTransitiveQuorumIsHeardAndItGrowsWithTheQuorumSetsItsMembersName)
{
    RelayWorld w; // follows 2 of {A, B, C}
    auto d = validatorKey(4);
    auto set = txSetOf({});
    auto ct = w.now();
    // D is nobody's validator yet: discarded, not stored, not relayed.
    EXPECT_EQ(w.externalizeBy(d, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Discarded);
    EXPECT_EQ(w.metrics.counterValue("scp.envelope.not-in-quorum"), 1);
    EXPECT_FALSE(w.app->isInTransitiveQuorum(nodeIdOf(d)));
    EXPECT_TRUE(w.app->isInTransitiveQuorum(nodeIdOf(w.a)));

    // A says its quorum set is {A, D}: once that set is here, D is in.
    auto aQset = quorumSetOf(2, {w.a, d});
    w.app->recvTxSet(set.hash, set.message);
    auto fromA = externalizeOf(w.a, 2, set.hash, ct, hashOf(aQset));
    EXPECT_EQ(w.app->recvSCPEnvelope(fromA), OverlayApp::EnvelopeStatus::Fetching);
    EXPECT_FALSE(w.app->isInTransitiveQuorum(nodeIdOf(d)));
    EXPECT_TRUE(w.app->recvSCPQuorumSet(hashOf(aQset), aQset));
    EXPECT_EQ(w.app->recvSCPEnvelope(fromA), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_TRUE(w.app->isInTransitiveQuorum(nodeIdOf(d)));
    EXPECT_EQ(w.externalizeBy(d, 2, set.hash, ct), OverlayApp::EnvelopeStatus::Ready);
    // D is not a validator of this node's own quorum set: it does not count
    // towards the threshold.
    EXPECT_EQ(w.app->trackingLedgerSeq(), GENESIS_LEDGER_SEQ);
}

// The overlay lets go of an accepted envelope to keep within what peers may
// make the node remember of a slot (E38): the application forgets it too, so
// that a later copy is verified and accepted again instead of being taken
// for one it still has.
TEST(RelayApp, AnEnvelopeTheOverlayLetGoIsJudgedAgain)
{
    RelayWorld w;
    auto set = txSetOf({});
    auto bare = w.appWithoutQuorumSet(set);
    auto& app = *bare;
    auto env = externalizeOf(w.a, 2, set.hash, w.now(), hashOf(w.qset));
    ASSERT_EQ(app.recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(app.recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Processed);
    EXPECT_EQ(w.metrics.counterValue("scp.envelope.validsig"), 1);

    app.forgetSCPEnvelope(3, crypto::sha256(xdr::toBytes(env))); // another slot: nothing to forget
    EXPECT_EQ(app.recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Processed);
    app.forgetSCPEnvelope(2, crypto::sha256(xdr::toBytes(env)));
    EXPECT_EQ(app.recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Ready);
    EXPECT_EQ(w.metrics.counterValue("scp.envelope.validsig"), 2);
    EXPECT_EQ(app.recvSCPEnvelope(env), OverlayApp::EnvelopeStatus::Processed);
}
