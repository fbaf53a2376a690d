// The transaction pool's rules (core: TransactionQueue without a ledger):
// bounded by operations, cleaned by externalized tx sets, aged out after
// TRANSACTION_QUEUE_TIMEOUT_LEDGERS closes, bans remembered for
// TRANSACTION_QUEUE_BAN_LEDGERS closes.

#include "node/TxPool.h"
#include "node/RelayTestSupport.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;

namespace
{
ClockTime const T0{};

TransactionEnvelope
withOps(TransactionEnvelope tx, std::size_t ops)
{
    auto op = tx.v1().tx.operations.front();
    tx.v1().tx.operations.assign(ops, op);
    return tx;
}
}

TEST(TxPool, NewThenDuplicate)
{
    TxPool pool({.maxClassicOps = 10, .maxSorobanTxs = 2});
    auto txs = payments(1);
    EXPECT_EQ(pool.tryAdd(txs[0].envelope, txs[0].fullHash, T0), TxPool::AddResult::Pending);
    EXPECT_EQ(pool.tryAdd(txs[0].envelope, txs[0].fullHash, T0), TxPool::AddResult::Duplicate);
    EXPECT_EQ(pool.size(), 1u);
    EXPECT_EQ(pool.classicOps(), 1u);
    ASSERT_NE(pool.find(txs[0].fullHash), nullptr);
    EXPECT_EQ(pool.find(txs[0].fullHash)->tx, txs[0].envelope);
}

TEST(TxPool, FullCountsOperationsAndRefusesWhatDoesNotFit)
{
    TxPool pool({.maxClassicOps = 5, .maxSorobanTxs = 2});
    auto txs = payments(3);
    auto three = withOps(txs[0].envelope, 3);
    EXPECT_EQ(pool.tryAdd(three, crypto::sha256(xdr::toBytes(three)), T0), TxPool::AddResult::Pending);
    auto twoMore = withOps(txs[1].envelope, 3);
    EXPECT_EQ(pool.tryAdd(twoMore, crypto::sha256(xdr::toBytes(twoMore)), T0), TxPool::AddResult::TryAgainLater);
    EXPECT_EQ(pool.tryAdd(txs[2].envelope, txs[2].fullHash, T0), TxPool::AddResult::Pending);
    EXPECT_EQ(pool.classicOps(), 4u);
    EXPECT_EQ(pool.size(), 2u);
}

TEST(TxPool, AppliedTransactionsLeaveAndAreBannedForTenLedgers)
{
    TxPool pool({.maxClassicOps = 100, .maxSorobanTxs = 2});
    auto txs = payments(2);
    for (auto const& t : txs)
        pool.tryAdd(t.envelope, t.fullHash, T0);
    auto waited = pool.removeApplied({txs[0].fullHash}, T0 + std::chrono::seconds(3));
    EXPECT_EQ(waited, std::vector<ClockDuration>{std::chrono::seconds(3)});
    EXPECT_FALSE(pool.contains(txs[0].fullHash));
    EXPECT_TRUE(pool.contains(txs[1].fullHash));
    EXPECT_TRUE(pool.isBanned(txs[0].fullHash));
    EXPECT_EQ(pool.tryAdd(txs[0].envelope, txs[0].fullHash, T0), TxPool::AddResult::TryAgainLater);
    for (uint32_t i = 0; i + 1 < TRANSACTION_QUEUE_BAN_LEDGERS; ++i)
        pool.shift();
    EXPECT_TRUE(pool.isBanned(txs[0].fullHash));
    pool.shift();
    EXPECT_FALSE(pool.isBanned(txs[0].fullHash));
    EXPECT_EQ(pool.tryAdd(txs[0].envelope, txs[0].fullHash, T0), TxPool::AddResult::Pending);
}

TEST(TxPool, ATransactionNotIncludedForFourLedgersLeavesAndIsBanned)
{
    TxPool pool({.maxClassicOps = 100, .maxSorobanTxs = 2});
    auto txs = payments(2);
    pool.tryAdd(txs[0].envelope, txs[0].fullHash, T0);
    EXPECT_EQ(pool.shift(), 0u);
    pool.tryAdd(txs[1].envelope, txs[1].fullHash, T0);
    EXPECT_EQ(pool.sizeByAge(), (std::array<std::size_t, 4>{1, 1, 0, 0}));
    EXPECT_EQ(pool.shift(), 0u);
    EXPECT_EQ(pool.shift(), 0u);
    EXPECT_EQ(pool.sizeByAge(), (std::array<std::size_t, 4>{0, 0, 1, 1}));
    EXPECT_EQ(pool.shift(), 1u); // the first one's fourth close
    EXPECT_FALSE(pool.contains(txs[0].fullHash));
    EXPECT_TRUE(pool.isBanned(txs[0].fullHash));
    EXPECT_TRUE(pool.contains(txs[1].fullHash));
    EXPECT_EQ(pool.shift(), 1u);
    EXPECT_EQ(pool.size(), 0u);
    EXPECT_EQ(pool.classicOps(), 0u);
}

TEST(TxPool, CandidatesComeOldestFirstAndSkipWhatLeft)
{
    TxPool pool({.maxClassicOps = 100, .maxSorobanTxs = 2});
    auto txs = payments(4);
    for (auto const& t : txs)
        pool.tryAdd(t.envelope, t.fullHash, T0);
    pool.removeApplied({txs[1].fullHash}, T0);
    auto c = pool.candidates();
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0].second, txs[0].fullHash);
    EXPECT_EQ(c[1].second, txs[2].fullHash);
    EXPECT_EQ(c[2].second, txs[3].fullHash);
}
