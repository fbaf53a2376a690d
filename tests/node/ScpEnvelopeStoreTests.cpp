// The latest statements per node and slot, and the GET_SCP_STATE answer made
// from them (core: sendSCPStateToPeer through processCurrentState).

#include "node/RelayTestSupport.h"
#include "node/ScpEnvelopeStore.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;

namespace
{
SCPEnvelope
prepare(int key, uint64_t slot, uint32_t counter)
{
    SCPEnvelope e;
    e.statement.nodeID = nodeIdOf(validatorKey(key));
    e.statement.slotIndex = slot;
    e.statement.pledges.type(SCP_ST_PREPARE);
    e.statement.pledges.prepare().ballot = {counter, Value{1}};
    return e;
}

SCPEnvelope
nominate(int key, uint64_t slot, std::vector<Value> votes)
{
    SCPEnvelope e;
    e.statement.nodeID = nodeIdOf(validatorKey(key));
    e.statement.slotIndex = slot;
    e.statement.pledges.type(SCP_ST_NOMINATE);
    e.statement.pledges.nominate().votes = std::move(votes);
    return e;
}

SCPEnvelope
externalize(int key, uint64_t slot)
{
    SCPEnvelope e;
    e.statement.nodeID = nodeIdOf(validatorKey(key));
    e.statement.slotIndex = slot;
    e.statement.pledges.type(SCP_ST_EXTERNALIZE);
    e.statement.pledges.externalize().commit = {1, Value{1}};
    return e;
}

std::vector<std::pair<int, SCPStatementType>>
summary(std::vector<SCPEnvelope> const& envs)
{
    std::vector<std::pair<int, SCPStatementType>> out;
    for (auto const& e : envs)
        for (int k = 0; k < 10; ++k)
            if (e.statement.nodeID == nodeIdOf(validatorKey(k)))
                out.emplace_back(k, e.statement.pledges.type());
    return out;
}
}

TEST(ScpEnvelopeStore, KeepsTheNewestStatementOfEachKindPerNode)
{
    ScpEnvelopeStore store;
    EXPECT_TRUE(store.add(prepare(1, 5, 2)));
    EXPECT_FALSE(store.add(prepare(1, 5, 1)));  // older ballot: ignored
    EXPECT_FALSE(store.add(prepare(1, 5, 2)));  // the same: not newer
    EXPECT_TRUE(store.add(nominate(1, 5, {Value{1}})));
    EXPECT_TRUE(store.add(nominate(1, 5, {Value{1}, Value{2}}))); // more votes: newer
    EXPECT_FALSE(store.add(nominate(1, 5, {Value{2}})));          // not a superset
    EXPECT_TRUE(store.add(externalize(1, 5)));                    // EXTERNALIZE beats PREPARE
    ASSERT_NE(store.latestBallot(5, nodeIdOf(validatorKey(1))), nullptr);
    EXPECT_EQ(store.latestBallot(5, nodeIdOf(validatorKey(1)))->statement.pledges.type(), SCP_ST_EXTERNALIZE);
    EXPECT_EQ(store.latestNomination(5, nodeIdOf(validatorKey(1)))->statement.pledges.nominate().votes.size(), 2u);
    EXPECT_EQ(store.stateFrom(1).size(), 2u); // one nomination, one ballot statement
}

TEST(ScpEnvelopeStore, StateIsAscendingSlotsNominationsFirstAndAtMostTheSlotLimit)
{
    ScpEnvelopeStore store;
    store.add(prepare(2, 7, 1));
    store.add(nominate(1, 7, {Value{1}}));
    store.add(prepare(1, 7, 1));
    store.add(externalize(3, 6));
    store.add(externalize(1, 9));
    store.add(externalize(1, 4));
    auto state = store.stateFrom(6);
    // The ballots of one slot come in node order; keys 1 and 2 sort by their bytes.
    bool oneFirst = nodeIdOf(validatorKey(1)).ed25519() < nodeIdOf(validatorKey(2)).ed25519();
    std::vector<std::pair<int, SCPStatementType>> slot7Ballots =
        oneFirst ? std::vector<std::pair<int, SCPStatementType>>{{1, SCP_ST_PREPARE}, {2, SCP_ST_PREPARE}}
                 : std::vector<std::pair<int, SCPStatementType>>{{2, SCP_ST_PREPARE}, {1, SCP_ST_PREPARE}};
    std::vector<std::pair<int, SCPStatementType>> expected{{3, SCP_ST_EXTERNALIZE}, {1, SCP_ST_NOMINATE}};
    expected.insert(expected.end(), slot7Ballots.begin(), slot7Ballots.end());
    expected.push_back({1, SCP_ST_EXTERNALIZE});
    EXPECT_EQ(summary(state), expected);
    // Two slots with statements at most: 6 and 7.
    EXPECT_EQ(store.stateFrom(6, 2).size(), 4u);
    EXPECT_EQ(store.newestSlots(2), (std::vector<uint64_t>{9, 7}));
}

TEST(ScpEnvelopeStore, ForgetsSlotsOutsideTheRange)
{
    ScpEnvelopeStore store;
    for (uint64_t s = 1; s <= 5; ++s)
        store.add(externalize(1, s));
    store.eraseBelow(2);
    store.eraseAbove(4);
    EXPECT_EQ(store.newestSlots(10), (std::vector<uint64_t>{4, 3, 2}));
}

TEST(ScpEnvelopeStore, KeepsAtMostTheNodeLimitPerSlot)
{
    ScpEnvelopeStore store;
    for (std::size_t i = 0; i < ScpEnvelopeStore::MAX_NODES_PER_SLOT; ++i)
        ASSERT_TRUE(store.add(externalize(1000 + int(i), 5)));
    EXPECT_FALSE(store.add(externalize(1, 5)));
    EXPECT_TRUE(store.add(nominate(1, 5, {Value{1}}))); // the other kind has room
    EXPECT_TRUE(store.add(externalize(1, 6)));          // and so has the next slot
}
