// The SCP queue's trimming (spec 8.7) with its index (overlay/ScpQueueIndex):
// it must drop and replace exactly what the whole-queue scan of stellar-core
// v27.1.0 does (FlowControl::addMsgAndMaybeTrimQueue), but for E39's bound on
// how many waiting statements of one node and slot are compared. The scan is
// kept here, as the reference a randomized differential test holds the
// index to; the corners have tests of their own. FlowControl as a value, no
// node.

#include "overlay/FlowControl.h"
#include "overlay/ScpStatementOrder.h"
#include "simulation/Traffic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <iostream>
#include <random>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr ClockTime T0{};

FlowControl
flowControl()
{
    return FlowControl(FlowControlSettings{}, T0);
}

OutboundQueueLimits
limits(uint64_t floor = 1, uint64_t checkpoint = 1)
{
    OutboundQueueLimits l;
    l.maxTxSize = 102400;
    l.lastMaxTxSetSizeOps = 1000;
    l.minSlotToRemember = floor;
    l.checkpointSeq = checkpoint;
    l.isNewerStatement = isNewerNominationOrBallotSt;
    return l;
}

OutboundMessage
messageOf(SCPStatement const& st)
{
    SCPEnvelope env;
    env.statement = st;
    env.signature.assign(64, 0);
    return std::make_shared<StellarMessage const>(scpMessage(env));
}

SCPStatement
prepare(uint64_t slot, uint8_t node, uint32_t counter)
{
    SCPStatement st;
    st.nodeID = fakeNodeID(node);
    st.slotIndex = slot;
    st.pledges.type(SCP_ST_PREPARE);
    st.pledges.prepare().ballot.counter = counter;
    return st;
}

OutboundMessage
prepareMsg(uint64_t slot, uint8_t node, uint32_t counter)
{
    return messageOf(prepare(slot, node, counter));
}

std::vector<OutboundMessage>
messagesIn(FlowControl const& fc)
{
    std::vector<OutboundMessage> out;
    for (auto const& q : fc.outboundQueues()[0])
        out.push_back(q.message);
    return out;
}

void
grantAndHandOver(FlowControl& fc, uint32_t messages)
{
    fc.maybeReleaseCapacity(sendMoreExtended(messages, 1'000'000).sendMoreExtendedMessage(), T0);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), messages);
}

void
written(FlowControl& fc, std::vector<OutboundMessage> const& msgs)
{
    FloodQueues<OutboundMessage> sent;
    sent[0].assign(msgs.begin(), msgs.end());
    fc.processSentMessages(sent);
}

// --- the reference: the scan as stellar-core does it, plus E39's bound

struct RefQueued
{
    OutboundMessage message;
    ClockTime timeEmplaced;
    bool beingSent = false;
};

bool
sameSlotAndNode(SCPStatement const& a, SCPStatement const& b)
{
    return a.slotIndex == b.slotIndex && a.nodeID == b.nodeID;
}

struct RefTrim
{
    std::size_t dropped = 0;
    bool replaced = false;
    bool capped = false; // E39's bound kept a statement the scan would have replaced
};

// core: FlowControl::addMsgAndMaybeTrimQueue for SCP_MESSAGE, the newest
// message at the back, except that the `maxChecks`-th waiting statement of
// its node and slot is the last compared with it (E39). Only statements of
// the same node and slot are compared: any other pair is never newer
// (SCP::isNewerNominationOrBallotSt).
RefTrim
referenceTrim(std::deque<RefQueued>& queue, OutboundQueueLimits const& l, std::size_t maxChecks)
{
    RefTrim res;
    std::size_t checks = 0;
    for (auto it = queue.begin(); it != queue.end();)
    {
        if (it->beingSent)
        {
            ++it;
            continue;
        }
        auto const& st = it->message->envelope().statement;
        auto const& newest = queue.back().message->envelope().statement;
        if (st.slotIndex < l.minSlotToRemember && st.slotIndex != l.checkpointSeq)
        {
            it = queue.erase(it);
            ++res.dropped;
            continue;
        }
        bool candidate = !res.replaced && it != queue.end() - 1 && sameSlotAndNode(st, newest);
        bool supersedes = candidate && l.isNewerStatement(st, newest);
        if (candidate && checks++ >= maxChecks)
        {
            res.capped |= supersedes;
            supersedes = false;
        }
        if (supersedes)
        {
            res.replaced = true;
            *it = std::move(queue.back());
            queue.pop_back();
            ++res.dropped;
        }
        ++it;
    }
    return res;
}

// Random statements from few nodes and slots (`crowded`: one node, one
// slot), of every kind, so that many supersede one another, many do not,
// and some pile up.
SCPStatement
randomStatement(std::mt19937_64& rng, uint64_t floor, bool crowded)
{
    auto pick = [&rng](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
    SCPStatement st;
    st.nodeID = fakeNodeID(static_cast<uint8_t>(crowded ? 1 : 1 + pick(3)));
    st.slotIndex = crowded ? floor : floor + pick(5) - 2;
    switch (pick(4))
    {
    case 0:
    {
        st.pledges.type(SCP_ST_NOMINATE);
        auto& nom = st.pledges.nominate();
        for (uint8_t v = 1; v <= 4; ++v)
            if (pick(2))
                nom.votes.push_back(Value{v});
        for (uint8_t v = 1; v <= 3; ++v)
            if (pick(3) == 0)
                nom.accepted.push_back(Value{v});
        break;
    }
    case 1: st = prepare(st.slotIndex, st.nodeID.ed25519()[0], 1 + pick(6)); break;
    case 2:
        st.pledges.type(SCP_ST_CONFIRM);
        st.pledges.confirm().ballot.counter = 1 + pick(4);
        st.pledges.confirm().nH = pick(3);
        break;
    default: st.pledges.type(SCP_ST_EXTERNALIZE); break;
    }
    return st;
}

}

// Thousands of random steps: statements queued, the floor and the checkpoint
// moving both ways, grants handing messages to the socket, writes popping
// them. After every step the queue (messages, order, being sent, time
// queued) and the count dropped are the reference's. Half the seeds crowd
// one node and slot with rare grants, so that E39's bound is reached.
TEST(ScpQueueTrim, DropsAndReplacesWhatTheWholeQueueScanDoesButForE39sBound)
{
    std::size_t replaced = 0, swept = 0, cappedSteps = 0, handedOver = 0;
    for (uint64_t seed = 1; seed <= 20; ++seed)
    {
        std::mt19937_64 rng(seed);
        bool crowded = seed > 10;
        auto fc = flowControl();
        std::deque<RefQueued> ref;
        std::deque<OutboundMessage> inFlight;
        auto l = limits(10, 8);
        auto now = T0;
        for (int step = 0; step < 1500; ++step)
        {
            now += 1ms;
            auto what = rng() % (crowded ? 100 : 20);
            if (what == 0)
                l.minSlotToRemember = std::max<uint64_t>(3, l.minSlotToRemember + rng() % 3 - (rng() % 8 == 0 ? 2 : 0));
            else if (what == 1)
                l.checkpointSeq = l.minSlotToRemember - rng() % 3;
            else if (what == 2)
            {
                fc.maybeReleaseCapacity(sendMoreExtended(1 + rng() % 4, 1'000'000).sendMoreExtendedMessage(), now);
                for (auto const& q : fc.getNextBatchToSend(now))
                {
                    auto it = std::find_if(ref.begin(), ref.end(), [&](RefQueued const& r) { return r.message == q.message; });
                    ASSERT_NE(it, ref.end());
                    EXPECT_FALSE(it->beingSent);
                    it->beingSent = true;
                    inFlight.push_back(q.message);
                    ++handedOver;
                }
            }
            else if (what == 3 && !inFlight.empty())
            {
                std::vector<OutboundMessage> done(inFlight.begin(), inFlight.begin() + 1 + rng() % inFlight.size());
                inFlight.erase(inFlight.begin(), inFlight.begin() + static_cast<std::ptrdiff_t>(done.size()));
                written(fc, done);
                for (auto const& msg : done)
                    if (!ref.empty() && ref.front().message == msg)
                        ref.pop_front();
            }
            else
            {
                auto msg = messageOf(randomStatement(rng, l.minSlotToRemember, crowded));
                ref.push_back(RefQueued{msg, now, false});
                auto expected = referenceTrim(ref, l, MAX_SUPERSEDE_CHECKS);
                ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(msg, now, l), expected.dropped) << "seed " << seed << " step " << step;
                replaced += expected.replaced;
                swept += expected.dropped > (expected.replaced ? 1u : 0u);
                cappedSteps += expected.capped;
            }
            auto const& queue = fc.outboundQueues()[0];
            ASSERT_EQ(queue.size(), ref.size()) << "seed " << seed << " step " << step;
            for (std::size_t i = 0; i < ref.size(); ++i)
            {
                ASSERT_EQ(queue[i].message, ref[i].message) << "seed " << seed << " step " << step << " at " << i;
                ASSERT_EQ(queue[i].beingSent, ref[i].beingSent);
                ASSERT_EQ(queue[i].timeEmplaced, ref[i].timeEmplaced);
            }
        }
    }
    // The steps covered every rule.
    EXPECT_GT(replaced, 100u);
    EXPECT_GT(swept, 100u);
    EXPECT_GT(handedOver, 100u);
    EXPECT_GT(cappedSteps, 0u);
}

// Two older statements of the node and slot wait: the new one takes the
// place of the first, the second stays, and another node's is untouched.
TEST(ScpQueueTrim, TheFirstOlderStatementOfTheSameNodeAndSlotIsReplaced)
{
    auto fc = flowControl();
    auto l = limits();
    auto a2 = prepareMsg(5, 1, 2), b1 = prepareMsg(5, 2, 1), a1 = prepareMsg(5, 1, 1), a3 = prepareMsg(5, 1, 3);
    auto a1OtherSlot = prepareMsg(6, 1, 1);
    for (auto const& m : {a2, b1, a1, a1OtherSlot})
        EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(m, T0, l), 0u); // a1 does not supersede a2: it waits too
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(a3, T0 + 1s, l), 1u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{a3, b1, a1, a1OtherSlot}));
    EXPECT_EQ(fc.outboundQueues()[0][0].timeEmplaced, T0 + 1s);
}

// The statement at the socket is never replaced; once written it leaves the
// queue, and a newer statement of the same node and slot then replaces the
// one that waited behind it.
TEST(ScpQueueTrim, AStatementBeingSentIsNeverReplacedAndOneWrittenIsGone)
{
    auto fc = flowControl();
    auto l = limits();
    auto p1 = prepareMsg(5, 1, 1), p2 = prepareMsg(5, 1, 2), p3 = prepareMsg(5, 1, 3);
    fc.addMsgAndMaybeTrimQueue(p1, T0, l);
    grantAndHandOver(fc, 1);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(p2, T0, l), 0u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{p1, p2}));
    written(fc, {p1});
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{p2}));
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(p3, T0, l), 1u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{p3}));
    // Written while the index still had it: the next statement finds nothing stale.
    grantAndHandOver(fc, 1);
    written(fc, {p3});
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 1, 4), T0, l), 0u);
    EXPECT_EQ(fc.outboundQueues()[0].size(), 1u);
}

// The floor moves past slots in the middle of the queue: their statements
// go, wherever they wait, but the checkpoint's and the one at the socket.
// While the floor stays, only a new statement below it goes; a checkpoint
// that moves on lets its slot go at the next statement queued.
TEST(ScpQueueTrim, TheFloorMovingMidQueueSweepsItsSlotsButTheCheckpointsAndTheOneBeingSent)
{
    auto fc = flowControl();
    auto l = limits(3, 3);
    auto s3 = prepareMsg(3, 1, 1), s5 = prepareMsg(5, 1, 1), s4 = prepareMsg(4, 2, 1), s7 = prepareMsg(7, 1, 1),
         s5b = prepareMsg(5, 2, 1), s3b = prepareMsg(3, 3, 1), s8 = prepareMsg(8, 1, 1);
    for (auto const& m : {s3, s5, s4, s7, s5b, s3b})
        EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(m, T0, l), 0u);
    grantAndHandOver(fc, 1); // s3 at the socket
    l.minSlotToRemember = 6;
    l.checkpointSeq = 4;
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(s8, T0, l), 3u); // s5, s5b, s3b
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{s3, s4, s7, s8}));
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 3, 1), T0, l), 1u); // itself
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(4, 3, 1), T0, l), 0u); // the checkpoint's
    l.checkpointSeq = 8;
    auto s9 = prepareMsg(9, 1, 1);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(s9, T0, l), 2u); // both of slot 4
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{s3, s7, s8, s9}));
    written(fc, {s3});
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{s7, s8, s9}));
}

// E39: the new statement is compared with the first MAX_SUPERSEDE_CHECKS
// waiting statements of its node and slot. Ballots that went down wait one
// behind the other; an older one that is the last compared is replaced, one
// behind it is not: the new statement joins the end of the line.
TEST(ScpQueueTrim, E39_OnlyTheFirstWaitingStatementsOfANodeAndSlotAreCompared)
{
    auto fc = flowControl();
    auto l = limits();
    constexpr auto N = static_cast<uint32_t>(MAX_SUPERSEDE_CHECKS);
    for (uint32_t c = 2 * N + 10; c > N + 10; --c) // N statements, counters going down
        ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 1, c), T0, l), 0u);
    auto lastCompared = fc.outboundQueues()[0].back().message;
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 1, N + 12), T0, l), 1u); // supersedes the last only
    EXPECT_NE(fc.outboundQueues()[0].back().message, lastCompared);
    EXPECT_EQ(fc.outboundQueues()[0].size(), N);

    ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 1, 3), T0, l), 0u); // the (N+1)th waiting
    auto beyond = prepareMsg(5, 1, 4);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(beyond, T0, l), 0u); // core would replace the counter 3
    EXPECT_EQ(fc.outboundQueues()[0].size(), N + 2);
    EXPECT_EQ(fc.outboundQueues()[0].back().message, beyond);
    // A statement that supersedes the first is found at once.
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(prepareMsg(5, 1, 3 * N), T0, l), 1u);
    EXPECT_EQ(fc.outboundQueues()[0].front().message->envelope().statement.pledges.prepare().ballot.counter, 3 * N);
}

// The work of trimming grows with the messages queued, not with the queue:
// 50,000 statements of 1,000 nodes over 10 slots (five per node and slot,
// ballots going up, nominations incomparable) for a peer that granted
// nothing. The scan would look at about 30,000 queued messages for each
// of the last ones; each costs at most 1 + MAX_SUPERSEDE_CHECKS.
TEST(ScpQueueTrim, EachStatementQueuedCostsBoundedWorkHoweverLongTheQueue)
{
    auto fc = flowControl();
    auto l = limits();
    constexpr uint64_t COUNT = 50'000;
    for (uint64_t i = 0; i < COUNT; ++i)
    {
        auto st = prepare(1 + i % 10, 0, static_cast<uint32_t>(1 + i / 10'000));
        st.nodeID.ed25519()[1] = static_cast<uint8_t>(i / 10 % 100);
        st.nodeID.ed25519()[2] = static_cast<uint8_t>(i / 1000 % 10);
        if (i % 2)
        {
            st.pledges.type(SCP_ST_NOMINATE);
            st.pledges.nominate().votes.push_back(Value{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8)});
        }
        fc.addMsgAndMaybeTrimQueue(messageOf(st), T0, l);
    }
    auto examined = fc.scpTrimExamined();
    EXPECT_GT(fc.outboundQueues()[0].size(), COUNT / 2);
    EXPECT_LE(examined, (MAX_SUPERSEDE_CHECKS + 1) * COUNT);
    std::cout << "[ figures  ] " << COUNT << " statements queued: " << examined << " queued messages examined, "
              << fc.outboundQueues()[0].size() << " waiting\n";
}

// A node that follows no quorum set moves its floor with every new slot it
// hears of. 20,000 statements of the checkpoint's slot wait (they are never
// swept), then 10,000 statements come, each for a new slot, and the floor
// keeps the 12 newest: each sweeps the oldest slot's statement, queued 12
// statements before, without going over the checkpoint's again.
TEST(ScpQueueTrim, AFloorMovingWithEveryStatementSweepsWithoutCrossingWhatStays)
{
    auto fc = flowControl();
    auto l = limits(100, 100);
    constexpr uint64_t KEPT = 20'000, MOVES = 10'000;
    for (uint64_t i = 0; i < KEPT; ++i)
    {
        auto st = prepare(100, 0, 1); // of 20,000 nodes
        st.nodeID.ed25519()[1] = static_cast<uint8_t>(i);
        st.nodeID.ed25519()[2] = static_cast<uint8_t>(i >> 8);
        ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(messageOf(st), T0, l), 0u);
    }
    auto before = fc.scpTrimExamined();
    std::size_t dropped = 0;
    for (uint64_t slot = 101; slot < 101 + MOVES; ++slot)
    {
        l.minSlotToRemember = std::max<uint64_t>(101, slot - 11);
        dropped += fc.addMsgAndMaybeTrimQueue(prepareMsg(slot, 1, 1), T0, l);
    }
    EXPECT_EQ(dropped, MOVES - 12);
    EXPECT_EQ(fc.outboundQueues()[0].size(), KEPT + 12); // and the 12 newest slots
    auto examined = fc.scpTrimExamined() - before;
    EXPECT_LE(examined, 16 * MOVES);
    std::cout << "[ figures  ] " << MOVES << " floor moves past " << KEPT << " kept statements: " << examined
              << " queued messages examined\n";
}

// E41: at scpQueueLimit waiting, a new message sheds the oldest waiting one;
// those at the socket stay and are popped when written. A replacement adds
// nothing, so it sheds nothing. Here the limit is 3.
TEST(ScpQueueTrim, E41_AtTheBoundTheOldestWaitingGoesAndWhatIsBeingSentStays)
{
    FlowControlSettings settings;
    settings.scpQueueLimit = 3;
    FlowControl fc(settings, T0);
    auto l = limits();
    auto a = prepareMsg(5, 1, 1), b = prepareMsg(5, 2, 1), c = prepareMsg(5, 3, 1), d = prepareMsg(5, 4, 1),
         e = prepareMsg(5, 5, 1), f = prepareMsg(5, 6, 1);
    for (auto const& m : {a, b})
        ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(m, T0, l), 0u);
    grantAndHandOver(fc, 2); // a and b at the socket
    for (auto const& m : {c, d, e})
        ASSERT_EQ(fc.addMsgAndMaybeTrimQueue(m, T0, l), 0u);
    EXPECT_EQ(fc.scpWaiting(), 3u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(f, T0, l), 1u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{a, b, d, e, f}));
    EXPECT_EQ(fc.scpWaiting(), 3u);
    EXPECT_EQ(fc.scpShed(), 1u);

    // The shed message left the index: a newer statement of its node and
    // slot finds nothing to replace, and sheds d in turn.
    auto c2 = prepareMsg(5, 3, 2);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(c2, T0, l), 1u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{a, b, e, f, c2}));
    // A replacement takes e's place: nothing shed.
    auto e2 = prepareMsg(5, 5, 2);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(e2, T0, l), 1u);
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{a, b, e2, f, c2}));
    EXPECT_EQ(fc.scpShed(), 2u);

    written(fc, {a, b});
    EXPECT_EQ(messagesIn(fc), (std::vector<OutboundMessage>{e2, f, c2}));
    grantAndHandOver(fc, 3);
    written(fc, {e2, f, c2});
    EXPECT_TRUE(fc.outboundQueues()[0].empty());
    EXPECT_EQ(fc.scpWaiting(), 0u);
}
