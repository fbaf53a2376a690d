// Transaction sets as peers exchange them: core's contents hashes (legacy
// TX_SET is not the hash of its XDR), core's structural rules for a
// GENERALIZED_TX_SET, and the sets the test ledger clock builds.

#include "crypto/SHA.h"
#include "overlay/TxSetFrame.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace stellar;

namespace
{
TransactionEnvelope
payment(uint8_t source, int64_t seq, std::size_t ops = 1)
{
    TransactionEnvelope e;
    e.type(ENVELOPE_TYPE_TX);
    e.v1().tx.sourceAccount.type(KEY_TYPE_ED25519);
    e.v1().tx.sourceAccount.ed25519()[0] = source;
    e.v1().tx.fee = 100;
    e.v1().tx.seqNum = seq;
    for (std::size_t i = 0; i < ops; ++i)
    {
        auto& op = e.v1().tx.operations.emplace_back();
        op.body.type(PAYMENT);
        op.body.paymentOp().amount = 1;
    }
    return e;
}

TransactionEnvelope
sorobanTx(uint8_t source)
{
    auto e = payment(source, 1);
    e.v1().tx.operations.front().body.type(EXTEND_FOOTPRINT_TTL);
    return e;
}

struct Candidates
{
    std::vector<TransactionEnvelope> txs;
    std::vector<TransactionEnvelope const*> ptrs;
    std::vector<Hash> hashes;
    explicit Candidates(std::vector<TransactionEnvelope> in) : txs(std::move(in))
    {
        for (auto const& t : txs)
        {
            ptrs.push_back(&t);
            hashes.push_back(crypto::sha256(xdr::toBytes(t)));
        }
    }
};
}

TEST(TxSetFrame, LegacyContentsHashIsPreviousLedgerThenEachTransaction)
{
    TransactionSet set;
    set.previousLedgerHash[0] = 9;
    set.txs = {payment(1, 1), payment(2, 1)};
    crypto::SHA256 h;
    h.add(set.previousLedgerHash);
    h.add(xdr::toBytes(set.txs[0]));
    h.add(xdr::toBytes(set.txs[1]));
    auto expected = h.finish();
    EXPECT_EQ(txSetContentsHash(set), expected);
    EXPECT_NE(txSetContentsHash(set), crypto::sha256(xdr::toBytes(set))); // no array length in the hash
    StellarMessage msg;
    msg.type(TX_SET);
    msg.txSet() = set;
    EXPECT_EQ(txSetContentsHash(msg), expected);
    StellarMessage other;
    other.type(GET_TX_SET);
    EXPECT_EQ(txSetContentsHash(other), std::nullopt);
}

TEST(TxSetFrame, BuiltSetsAreValidSortedByHashAndWithinTheLimits)
{
    Candidates c({payment(1, 1), payment(2, 1, 3), payment(3, 1), sorobanTx(4), payment(5, 1)});
    TxSetLimits limits;
    limits.maxClassicOps = 5;
    auto built = makeGeneralizedTxSet(Hash{}, c.ptrs, c.hashes, limits);
    EXPECT_TRUE(isTxSetXDRStructureValid(built.txSet));
    EXPECT_EQ(built.hash, crypto::sha256(xdr::toBytes(built.txSet)));
    // 1 + 3 + 1 classic operations fit; the fifth transaction's would make 6.
    EXPECT_EQ(built.included, (std::vector<Hash>{c.hashes[0], c.hashes[1], c.hashes[2], c.hashes[3]}));
    auto const& phases = built.txSet.v1TxSet().phases;
    ASSERT_EQ(phases.size(), 2u);
    ASSERT_EQ(phases[0].v(), 0);
    ASSERT_EQ(phases[0].v0Components().size(), 1u);
    auto const& classic = phases[0].v0Components()[0].txsMaybeDiscountedFee();
    ASSERT_TRUE(classic.baseFee);
    EXPECT_EQ(*classic.baseFee, 100);
    std::vector<Hash> classicHashes;
    for (auto const& tx : classic.txs)
        classicHashes.push_back(crypto::sha256(xdr::toBytes(tx)));
    EXPECT_TRUE(std::is_sorted(classicHashes.begin(), classicHashes.end()));
    EXPECT_EQ(classicHashes.size(), 3u);
    // Protocol 23 and later: Soroban goes in a parallel phase.
    ASSERT_EQ(phases[1].v(), 1);
    ASSERT_EQ(phases[1].parallelTxsComponent().executionStages.size(), 1u);
    EXPECT_EQ(phases[1].parallelTxsComponent().executionStages[0].size(), 1u);

    limits.ledgerProtocolVersion = 22;
    auto older = makeGeneralizedTxSet(Hash{}, c.ptrs, c.hashes, limits);
    EXPECT_EQ(older.txSet.v1TxSet().phases[1].v(), 0);
    EXPECT_TRUE(isTxSetXDRStructureValid(older.txSet));

    // An empty set is valid too: no components, no stages.
    auto empty = makeGeneralizedTxSet(Hash{}, {}, {}, TxSetLimits{});
    EXPECT_TRUE(isTxSetXDRStructureValid(empty.txSet));
    EXPECT_TRUE(empty.txSet.v1TxSet().phases[0].v0Components().empty());
}

TEST(TxSetFrame, StructureRulesAreCores)
{
    Candidates c({payment(1, 1), payment(2, 1)});
    auto good = makeGeneralizedTxSet(Hash{}, c.ptrs, c.hashes, TxSetLimits{}).txSet;
    ASSERT_TRUE(isTxSetXDRStructureValid(good));

    auto onePhase = good;
    onePhase.v1TxSet().phases.pop_back();
    EXPECT_FALSE(isTxSetXDRStructureValid(onePhase));

    auto emptyComponent = good;
    emptyComponent.v1TxSet().phases[0].v0Components()[0].txsMaybeDiscountedFee().txs.clear();
    EXPECT_FALSE(isTxSetXDRStructureValid(emptyComponent));

    auto unsorted = good;
    auto& comps = unsorted.v1TxSet().phases[0].v0Components();
    comps.push_back(comps[0]);
    *comps[1].txsMaybeDiscountedFee().baseFee = 50; // 100 then 50
    EXPECT_FALSE(isTxSetXDRStructureValid(unsorted));
    *comps[1].txsMaybeDiscountedFee().baseFee = 100; // the same fee twice
    EXPECT_FALSE(isTxSetXDRStructureValid(unsorted));
    *comps[1].txsMaybeDiscountedFee().baseFee = 200;
    EXPECT_TRUE(isTxSetXDRStructureValid(unsorted));

    auto parallelClassic = good;
    parallelClassic.v1TxSet().phases[0].v(1);
    EXPECT_FALSE(isTxSetXDRStructureValid(parallelClassic));

    auto emptyStage = good;
    emptyStage.v1TxSet().phases[1].parallelTxsComponent().executionStages.emplace_back();
    EXPECT_FALSE(isTxSetXDRStructureValid(emptyStage));
}

TEST(TxSetFrame, EveryTransactionOfEveryPhaseIsVisited)
{
    Candidates c({payment(1, 1), sorobanTx(2), payment(3, 1)});
    StellarMessage msg;
    msg.type(GENERALIZED_TX_SET);
    msg.generalizedTxSet() = makeGeneralizedTxSet(Hash{}, c.ptrs, c.hashes, TxSetLimits{}).txSet;
    std::vector<Hash> seen;
    forEachTransaction(msg, [&](TransactionEnvelope const& tx) { seen.push_back(crypto::sha256(xdr::toBytes(tx))); });
    std::sort(seen.begin(), seen.end());
    auto expected = c.hashes;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(operationCount(c.txs[0]), 1u);
    EXPECT_TRUE(isSorobanTransaction(c.txs[1]));
    EXPECT_FALSE(isSorobanTransaction(c.txs[0]));
}
