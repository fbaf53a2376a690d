// Ledger tracking by quorum threshold: a slot counts when a slice of the
// configured quorum set (nested sets included) externalized the same value;
// tracking lasts CONSENSUS_STUCK_TIMEOUT_SECONDS after the last one; core's
// close-time filter.

#include "node/LedgerTracker.h"
#include "node/RelayTestSupport.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
Value
valueOf(uint64_t closeTime, uint8_t txSetByte = 1)
{
    Hash txSet{};
    txSet[0] = txSetByte;
    return xdr::toBytes(makeSignedStellarValue(validatorKey(0), testNetworkID(), txSet, closeTime));
}

SCPStatement
statementWith(uint64_t slot, Value const& v, SCPStatementType type = SCP_ST_EXTERNALIZE)
{
    SCPStatement st;
    st.nodeID = nodeIdOf(validatorKey(0));
    st.slotIndex = slot;
    st.pledges.type(type);
    if (type == SCP_ST_EXTERNALIZE)
        st.pledges.externalize().commit = {1, v};
    else if (type == SCP_ST_NOMINATE)
        st.pledges.nominate().votes = {v};
    return st;
}
}

TEST(QuorumSlice, ThresholdCountsValidatorsAndSatisfiedInnerSets)
{
    auto a = validatorKey(1), b = validatorKey(2), c = validatorKey(3), d = validatorKey(4);
    // 2 of {A, {1 of B, C}, D}
    auto q = quorumSetOf(2, {a, d}, {quorumSetOf(1, {b, c})});
    EXPECT_TRUE(isQuorumSlice(q, {nodeIdOf(a), nodeIdOf(d)}));
    EXPECT_TRUE(isQuorumSlice(q, {nodeIdOf(a), nodeIdOf(c)}));
    EXPECT_FALSE(isQuorumSlice(q, {nodeIdOf(b), nodeIdOf(c)})); // the inner set counts once
    EXPECT_FALSE(isQuorumSlice(q, {nodeIdOf(a)}));
    EXPECT_FALSE(isQuorumSlice(SCPQuorumSet{}, {nodeIdOf(a)})); // threshold 0: nothing
}

TEST(LedgerTracker, ASlotNeedsTheThresholdOfValidatorsOnTheSameValue)
{
    auto a = validatorKey(1), b = validatorKey(2), c = validatorKey(3);
    LedgerTracker t(quorumSetOf(2, {a, b, c}));
    auto v = valueOf(100), w = valueOf(100, 2);
    EXPECT_EQ(t.recvExternalize(nodeIdOf(a), 5, v), std::nullopt);
    EXPECT_EQ(t.recvExternalize(nodeIdOf(b), 5, w), std::nullopt); // a different value
    EXPECT_EQ(t.recvExternalize(nodeIdOf(validatorKey(9)), 5, v), std::nullopt); // not in the quorum set
    EXPECT_EQ(t.recvExternalize(nodeIdOf(c), 5, v), v);
    EXPECT_EQ(t.agreedValue(5), v);
    EXPECT_EQ(t.agreedValue(6), std::nullopt);
}

TEST(LedgerTracker, NestedQuorumSetsCountAsOneEntryEach)
{
    auto a = validatorKey(1), b = validatorKey(2), c = validatorKey(3), d = validatorKey(4);
    // 2 of {A, {2 of B, C, D}}
    LedgerTracker t(quorumSetOf(2, {a}, {quorumSetOf(2, {b, c, d})}));
    auto v = valueOf(100);
    EXPECT_EQ(t.recvExternalize(nodeIdOf(b), 3, v), std::nullopt);
    EXPECT_EQ(t.recvExternalize(nodeIdOf(c), 3, v), std::nullopt); // the inner set is met: one entry of two
    EXPECT_EQ(t.recvExternalize(nodeIdOf(a), 3, v), v);
}

TEST(LedgerTracker, TrackingMovesForwardOnlyAndLastsThirtyFiveSeconds)
{
    LedgerTracker t(quorumSetOf(1, {validatorKey(1)}));
    EXPECT_EQ(t.trackingLedger(), GENESIS_LEDGER_SEQ);
    ClockTime t0{std::chrono::hours(1)};
    EXPECT_FALSE(t.isTracking(t0));
    StellarValue sv;
    sv.closeTime = 1000;
    EXPECT_TRUE(t.externalize(7, sv, t0));
    EXPECT_EQ(t.trackingLedger(), 7u);
    EXPECT_EQ(t.trackingCloseTime(), 1000u);
    sv.closeTime = 995;
    EXPECT_FALSE(t.externalize(6, sv, t0 + 1s)); // an older slot closes late: nothing moves
    EXPECT_EQ(t.trackingLedger(), 7u);
    EXPECT_TRUE(t.isTracking(t0 + CONSENSUS_STUCK_TIMEOUT_SECONDS - 1ms));
    EXPECT_FALSE(t.isTracking(t0 + CONSENSUS_STUCK_TIMEOUT_SECONDS));
    EXPECT_EQ(t.lastExternalizeAt(), t0);
}

TEST(LedgerTracker, CloseTimeFilterFollowsTheTrackedLedger)
{
    LedgerTracker t(quorumSetOf(1, {validatorKey(1)}));
    uint64_t now = 1'000'000;
    // Nothing tracked: any close time after 0 and at most 60 s ahead.
    EXPECT_TRUE(t.checkCloseTime(statementWith(2, valueOf(now + 60)), now, false));
    EXPECT_FALSE(t.checkCloseTime(statementWith(2, valueOf(now + 61)), now, false));
    // enforceRecent: at most MAXIMUM_LEDGER_CLOSETIME_DRIFT (70 s) old.
    EXPECT_TRUE(t.checkCloseTime(statementWith(2, valueOf(now - 70)), now, true));
    EXPECT_FALSE(t.checkCloseTime(statementWith(2, valueOf(now - 71)), now, true));

    StellarValue sv;
    sv.closeTime = now - 10;
    t.externalize(10, sv, ClockTime{});
    EXPECT_TRUE(t.checkCloseTime(statementWith(10, valueOf(now - 10)), now, false));  // the tracked one
    EXPECT_FALSE(t.checkCloseTime(statementWith(10, valueOf(now - 11)), now, false)); // not what closed
    EXPECT_TRUE(t.checkCloseTime(statementWith(9, valueOf(now - 11)), now, false));   // older, earlier
    EXPECT_TRUE(t.checkCloseTime(statementWith(11, valueOf(now - 5)), now, false));   // newer, later
    EXPECT_FALSE(t.checkCloseTime(statementWith(11, valueOf(now - 10)), now, false)); // newer but not later
    // A value that does not decode never passes.
    EXPECT_FALSE(t.checkCloseTime(statementWith(11, Value{1, 2, 3}), now, false));
    // A nomination passes when one of its values does.
    auto nom = statementWith(11, valueOf(now - 20), SCP_ST_NOMINATE);
    nom.pledges.nominate().votes.push_back(valueOf(now - 1));
    EXPECT_TRUE(t.checkCloseTime(nom, now, false));
}

TEST(LedgerTracker, ForgetsOldSlots)
{
    auto a = validatorKey(1);
    LedgerTracker t(quorumSetOf(1, {a}));
    t.recvExternalize(nodeIdOf(a), 3, valueOf(1));
    t.recvExternalize(nodeIdOf(a), 4, valueOf(2));
    t.eraseBelow(4);
    EXPECT_EQ(t.agreedValue(3), std::nullopt);
    EXPECT_NE(t.agreedValue(4), std::nullopt);
}
