// The test ledger clock: a signed EXTERNALIZE every ledger period naming a
// GeneralizedTransactionSet of pooled transactions within the ledger limits,
// with its own quorum set as commit quorum set; a watcher that fetched the
// tx set tracks the ledger and cleans its pool. Refused on the public and
// test networks. (Not SCP.)

#include "node/Config.h"
#include "node/Node.h"
#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"
#include "node/TestLedgerClock.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

TEST(TestLedgerClock, RefusedOnThePublicAndTheTestNetworkInOneSentence)
{
    EXPECT_EQ(ledgerClockRefusal("Public Global Stellar Network ; September 2015"),
              "NODE_IS_VALIDATOR: this node would run the test ledger clock, which is not SCP and never runs on the "
              "public network (NETWORK_PASSPHRASE \"Public Global Stellar Network ; September 2015\"); give the "
              "network of your own nodes its own passphrase, or follow this network as a watcher without "
              "NODE_IS_VALIDATOR");
    ASSERT_TRUE(ledgerClockRefusal("Test SDF Network ; September 2015"));
    EXPECT_NE(ledgerClockRefusal("Test SDF Network ; September 2015")->find("on the test network"), std::string::npos);
    EXPECT_EQ(ledgerClockRefusal("Standalone Network ; February 2017"), std::nullopt);
}

namespace
{
struct ClockAndWatcher
{
    Clock clock{Clock::Mode::Virtual};
    MetricsRegistry clockMetrics, watcherMetrics;
    crypto::SecretKey key = validatorKey(42);
    SCPQuorumSet clockQset = quorumSetOf(1, {key});
    std::unique_ptr<RelayApp> ledgerClock, watcher;
    std::vector<SCPEnvelope> emitted;

    explicit ClockAndWatcher(uint32_t maxTxSetSizeOps = 1000, std::chrono::milliseconds period = 1000ms,
                             std::optional<uint32_t> upgradeMaxTxSetSize = std::nullopt)
    {
        RelayAppConfig c;
        c.networkID = testNetworkID();
        c.quorumSet = clockQset;
        c.ledgerClockKey = key;
        c.expectedLedgerCloseTime = period;
        c.maxTxSetSizeOps = maxTxSetSizeOps;
        c.upgradeMaxTxSetSize = upgradeMaxTxSetSize;
        ledgerClock = std::make_unique<RelayApp>(c, clock, clockMetrics);
        RelayAppConfig wc;
        wc.networkID = testNetworkID();
        wc.quorumSet = clockQset;
        wc.maxTxSetSizeOps = maxTxSetSizeOps;
        watcher = std::make_unique<RelayApp>(wc, clock, watcherMetrics);
        RelayHooks hooks;
        hooks.broadcastEnvelope = [this](SCPEnvelope const& env) {
            emitted.push_back(env);
            watcher->recvSCPEnvelope(env);
        };
        ledgerClock->setHooks(hooks);
        ledgerClock->start();
    }

    // What the item fetcher does: get the tx set the value names from the
    // clock, then give the envelope that waited for it again.
    void
    fetchTxSet(SCPEnvelope const& env)
    {
        auto sv = xdr::fromBytes<StellarValue>(env.statement.pledges.externalize().commit.value);
        watcher->recvTxSet(sv.txSetHash, *ledgerClock->getTxSetMessage(sv.txSetHash));
        watcher->recvSCPEnvelope(env);
    }
};

StellarValue
valueOf(SCPEnvelope const& env)
{
    return xdr::fromBytes<StellarValue>(env.statement.pledges.externalize().commit.value);
}
}

// core's Config::getExpectedLedgerCloseTime: 5 s, 1 s with
// ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING (which local-network sets).
TEST(TestLedgerClock, ThePeriodIsCoresFiveSecondsAndOneSecondWithAcceleratedTime)
{
    std::string const base = "NETWORK_PASSPHRASE = \"Standalone Network ; February 2017\"\n";
    auto normal = relayConfigFrom(parseConfig(base, "node.cfg"));
    auto accelerated = relayConfigFrom(parseConfig(base + "ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\n", "node.cfg"));
    EXPECT_EQ(normal.expectedLedgerCloseTime, 5000ms);
    EXPECT_EQ(accelerated.expectedLedgerCloseTime, 1000ms);
    // And checkpoints of 64 ledgers, 8 when accelerated (HistoryManager::getCheckpointFrequency).
    EXPECT_EQ(normal.checkpointFrequency, 64u);
    EXPECT_EQ(accelerated.checkpointFrequency, 8u);

    ClockAndWatcher w{1000, 5000ms};
    w.clock.crankFor(4999ms);
    EXPECT_TRUE(w.emitted.empty());
    w.clock.crankFor(1ms);
    EXPECT_EQ(w.emitted.size(), 1u);
    w.clock.crankFor(5000ms);
    ASSERT_EQ(w.emitted.size(), 2u);
    EXPECT_EQ(w.emitted[1].statement.slotIndex, 3u);
}

TEST(TestLedgerClock, EmitsASignedExternalizeEveryPeriodThatAWatcherFollows)
{
    ClockAndWatcher w;
    auto txs = payments(3);
    for (auto const& t : txs)
    {
        w.ledgerClock->recvTransaction(t.envelope, t.fullHash);
        w.watcher->recvTransaction(t.envelope, t.fullHash);
    }
    auto start = w.clock.now();
    w.clock.crankFor(999ms);
    EXPECT_TRUE(w.emitted.empty());
    w.clock.crankFor(1ms);
    ASSERT_EQ(w.emitted.size(), 1u);

    auto const env = w.emitted[0];
    EXPECT_EQ(env.statement.nodeID, nodeIdOf(w.key));
    EXPECT_EQ(env.statement.slotIndex, 2u); // the first ledger after genesis
    ASSERT_EQ(env.statement.pledges.type(), SCP_ST_EXTERNALIZE);
    auto const& ext = env.statement.pledges.externalize();
    EXPECT_EQ(ext.commit.counter, 1u);
    EXPECT_EQ(ext.nH, 1u);
    EXPECT_EQ(ext.commitQuorumSetHash, hashOf(w.clockQset));
    // Signed as core signs envelopes and values.
    xdr::XdrWriter ew;
    xdr::encode(ew, testNetworkID());
    xdr::encode(ew, static_cast<int32_t>(ENVELOPE_TYPE_SCP));
    xdr::encode(ew, env.statement);
    EXPECT_TRUE(crypto::verifySignature(w.key.publicKey(), env.signature, ew.take()));
    auto sv = valueOf(env);
    ASSERT_EQ(sv.ext.v(), STELLAR_VALUE_SIGNED);
    EXPECT_EQ(sv.ext.lcValueSignature().nodeID, nodeIdOf(w.key));
    xdr::XdrWriter vw;
    xdr::encode(vw, testNetworkID());
    xdr::encode(vw, static_cast<int32_t>(ENVELOPE_TYPE_SCPVALUE));
    xdr::encode(vw, sv.txSetHash);
    xdr::encode(vw, sv.closeTime);
    EXPECT_TRUE(crypto::verifySignature(w.key.publicKey(), sv.ext.lcValueSignature().signature, vw.take()));
    EXPECT_EQ(sv.closeTime, uint64_t(Clock::VIRTUAL_EPOCH.count()) + 1);

    // The tx set: the three payments in the classic phase, in full-hash order.
    auto set = w.ledgerClock->getTxSetMessage(sv.txSetHash);
    ASSERT_TRUE(set);
    ASSERT_EQ(set->type(), GENERALIZED_TX_SET);
    EXPECT_EQ(txSetContentsHash(*set), sv.txSetHash);
    EXPECT_TRUE(isTxSetXDRStructureValid(set->generalizedTxSet()));
    EXPECT_EQ(set->generalizedTxSet().v1TxSet().previousLedgerHash, Hash{});
    std::vector<Hash> inSet;
    forEachTransaction(*set, [&](TransactionEnvelope const& tx) { inSet.push_back(crypto::sha256(xdr::toBytes(tx))); });
    std::vector<Hash> expected{txs[0].fullHash, txs[1].fullHash, txs[2].fullHash};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(inSet, expected);
    EXPECT_EQ(w.ledgerClock->trackingLedgerSeq(), 2u);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 0u);

    // The watcher tracks the ledger once it has the tx set, and its pool empties.
    EXPECT_EQ(w.watcher->trackingLedgerSeq(), GENESIS_LEDGER_SEQ);
    w.fetchTxSet(env);
    EXPECT_EQ(w.watcher->trackingLedgerSeq(), 2u);
    EXPECT_EQ(w.watcher->pooledTransactions(), 0u);
    EXPECT_TRUE(w.watcher->isSynced());
    // It serves the quorum set the statement names (its own is the same).
    EXPECT_EQ(w.watcher->getQSet(ext.commitQuorumSetHash), w.clockQset);

    // The next ledgers follow every second and chain their tx sets.
    w.clock.crankFor(2s);
    ASSERT_EQ(w.emitted.size(), 3u);
    EXPECT_EQ(w.emitted[1].statement.slotIndex, 3u);
    EXPECT_EQ(w.emitted[2].statement.slotIndex, 4u);
    auto second = w.ledgerClock->getTxSetMessage(valueOf(w.emitted[1]).txSetHash);
    EXPECT_EQ(second->generalizedTxSet().v1TxSet().previousLedgerHash, crypto::sha256(ext.commit.value));
    EXPECT_EQ(w.clock.now() - start, 3s);
    EXPECT_EQ(w.clockMetrics.counterValue("scp.envelope.emit"), 3);
}

TEST(TestLedgerClock, TakesTheOldestTransactionsWithinTheLedgerLimit)
{
    ClockAndWatcher w(/*maxTxSetSizeOps=*/3);
    auto txs = payments(5);
    for (auto const& t : txs)
        w.ledgerClock->recvTransaction(t.envelope, t.fullHash);
    w.clock.crankFor(1s);
    ASSERT_EQ(w.emitted.size(), 1u);
    std::vector<Hash> first;
    forEachTransaction(*w.ledgerClock->getTxSetMessage(valueOf(w.emitted[0]).txSetHash),
                       [&](TransactionEnvelope const& tx) { first.push_back(crypto::sha256(xdr::toBytes(tx))); });
    std::vector<Hash> expected{txs[0].fullHash, txs[1].fullHash, txs[2].fullHash};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(first, expected);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 2u);
    w.clock.crankFor(1s);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 0u);
}

// A high-TPS test network raises the ledger's limit by upgrade (stellar-core's
// max-TPS test does it with `upgrades?maxtxsetsize=`): the clock's value
// carries LEDGER_UPGRADE_MAX_TX_SET_SIZE until the ledger has it, the tx set
// of that ledger is still built within the old limit, and every node that
// externalizes the value takes the new limit and a pool twice its size.
TEST(TestLedgerClock, UpgradesTheLedgersMaxTxSetSizeAndEveryNodeThatExternalizesItAppliesIt)
{
    auto config = parseConfig("NETWORK_PASSPHRASE = \"Standalone Network ; February 2017\"\n"
                              "TESTING_UPGRADE_MAX_TX_SET_SIZE = 5\n",
                              "node.cfg");
    EXPECT_EQ(relayConfigFrom(config).upgradeMaxTxSetSize, 5u);
    EXPECT_NE(renderConfig(config).find("TESTING_UPGRADE_MAX_TX_SET_SIZE = 5\n"), std::string::npos);

    ClockAndWatcher w(/*maxTxSetSizeOps=*/3, 1000ms, /*upgradeMaxTxSetSize=*/5);
    EXPECT_EQ(w.watcher->maxTxSetSizeOps(), 3u);
    EXPECT_EQ(w.watcher->maxQueueSizeOps(), 6u);
    auto txs = payments(7);
    for (auto const& t : txs)
        w.ledgerClock->recvTransaction(t.envelope, t.fullHash);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 6u); // twice the ledger's 3: the seventh is refused

    w.clock.crankFor(1s);
    ASSERT_EQ(w.emitted.size(), 1u);
    auto sv = valueOf(w.emitted[0]);
    ASSERT_EQ(sv.upgrades.size(), 1u);
    auto upgrade = xdr::fromBytes<LedgerUpgrade>(sv.upgrades[0]);
    ASSERT_EQ(upgrade.type(), LEDGER_UPGRADE_MAX_TX_SET_SIZE);
    EXPECT_EQ(upgrade.newMaxTxSetSize(), 5u);
    int inFirst = 0;
    forEachTransaction(*w.ledgerClock->getTxSetMessage(sv.txSetHash), [&](TransactionEnvelope const&) { ++inFirst; });
    EXPECT_EQ(inFirst, 3);
    EXPECT_EQ(w.ledgerClock->maxTxSetSizeOps(), 5u);
    EXPECT_EQ(w.ledgerClock->maxQueueSizeOps(), 10u);

    // The watcher applies it once it externalizes that ledger.
    EXPECT_EQ(w.watcher->maxTxSetSizeOps(), 3u);
    w.fetchTxSet(w.emitted[0]);
    EXPECT_EQ(w.watcher->trackingLedgerSeq(), 2u);
    EXPECT_EQ(w.watcher->maxTxSetSizeOps(), 5u);
    EXPECT_EQ(w.watcher->maxQueueSizeOps(), 10u);

    // The next ledger has the limit: no upgrade, and up to 5 transactions.
    for (auto const& t : payments(5, /*seed=*/8))
        w.ledgerClock->recvTransaction(t.envelope, t.fullHash);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 8u);
    w.clock.crankFor(1s);
    ASSERT_EQ(w.emitted.size(), 2u);
    EXPECT_TRUE(valueOf(w.emitted[1]).upgrades.empty());
    int inSecond = 0;
    forEachTransaction(*w.ledgerClock->getTxSetMessage(valueOf(w.emitted[1]).txSetHash),
                       [&](TransactionEnvelope const&) { ++inSecond; });
    EXPECT_EQ(inSecond, 5);
    EXPECT_EQ(w.ledgerClock->pooledTransactions(), 3u);
}
