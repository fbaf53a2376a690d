// FlowControl and FlowControlCapacity as values, with no node at all: the
// arithmetic of both axes, the SEND_MORE_EXTENDED batching thresholds, read
// throttling, SEND_MORE_EXTENDED validation, the priority order of the four
// outbound queues and each load-shedding rule of stellar-core v27.1.0
// (FlowControl::addMsgAndMaybeTrimQueue, getNextBatchToSend).

#include "overlay/FlowControl.h"
#include "overlay/ScpStatementOrder.h"
#include "simulation/Traffic.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr ClockTime T0{};

MessageCost
flood(uint64_t bytes)
{
    return MessageCost{true, bytes};
}

MessageCost
nonFlood(uint64_t bytes)
{
    return MessageCost{false, bytes};
}

OutboundMessage
shared(StellarMessage msg)
{
    return std::make_shared<StellarMessage const>(std::move(msg));
}

OutboundMessage
txMsg(uint64_t id, std::size_t bytes = 200)
{
    return shared(transactionMessage(makeTransaction(id, bytes)));
}

OutboundMessage
scpMsg(uint64_t slot, uint64_t id, uint8_t node = 1)
{
    return shared(scpMessage(makeNomination(fakeNodeID(node), slot, id)));
}

OutboundMessage
hashesMsg(MessageType type, std::size_t n)
{
    StellarMessage m;
    m.type(type);
    auto& v = type == FLOOD_ADVERT ? m.floodAdvert().txHashes : m.floodDemand().txHashes;
    for (std::size_t i = 0; i < n; ++i)
    {
        Hash h{};
        h[0] = static_cast<uint8_t>(i);
        h[1] = static_cast<uint8_t>(i >> 8);
        v.push_back(h);
    }
    return shared(std::move(m));
}

OutboundQueueLimits
limits(uint32_t maxOps = 1000)
{
    OutboundQueueLimits l;
    l.maxTxSize = 102400;
    l.lastMaxTxSetSizeOps = maxOps;
    l.minSlotToRemember = 1;
    l.checkpointSeq = 1;
    l.isNewerStatement = isNewerNominationOrBallotSt;
    return l;
}

std::vector<MessageType>
typesOf(std::vector<FlowControl::QueuedOutboundMessage> const& batch)
{
    std::vector<MessageType> out;
    for (auto const& q : batch)
        out.push_back(q.message->type());
    return out;
}

// --- FlowControlCapacity: one axis

TEST(FlowControlCapacity, FloodMessageSpendsFloodAndTotalOnTheMessageAxis)
{
    FlowControlCapacity messages{CapacityAxis::Messages, {200, 201}};
    messages.lockLocal(flood(250));
    EXPECT_EQ(messages.local(), (ReadingCapacity{199, 200}));
    EXPECT_EQ(messages.releaseLocal(flood(250)), 1u);
    EXPECT_EQ(messages.local(), (ReadingCapacity{200, 201}));
}

TEST(FlowControlCapacity, NonFloodMessageSpendsOnlyTheTotal)
{
    FlowControlCapacity messages{CapacityAxis::Messages, {200, 201}};
    messages.lockLocal(nonFlood(40));
    EXPECT_EQ(messages.local(), (ReadingCapacity{200, 200}));
    EXPECT_EQ(messages.releaseLocal(nonFlood(40)), 0u); // nothing to hand back in SEND_MORE
}

TEST(FlowControlCapacity, ByteAxisCountsXdrBytesAndHasNoTotal)
{
    FlowControlCapacity bytes{CapacityAxis::Bytes, {300000, std::nullopt}};
    bytes.lockLocal(flood(250));
    EXPECT_EQ(bytes.local(), (ReadingCapacity{299750, std::nullopt}));
    bytes.lockLocal(nonFlood(1000)); // non-flood bytes are not counted at all
    EXPECT_EQ(bytes.local(), (ReadingCapacity{299750, std::nullopt}));
    EXPECT_TRUE(bytes.canRead());
    EXPECT_EQ(bytes.releaseLocal(flood(250)), 250u);
}

TEST(FlowControlCapacity, AFloodMessageMustFitTheFloodCredit)
{
    FlowControlCapacity bytes{CapacityAxis::Bytes, {1000, std::nullopt}};
    EXPECT_TRUE(bytes.canLockLocal(flood(1000)));
    EXPECT_FALSE(bytes.canLockLocal(flood(1001)));
    EXPECT_TRUE(bytes.canLockLocal(nonFlood(5000)));
}

TEST(FlowControlCapacity, ReadingStopsWhenTheTotalIsUsedUp)
{
    FlowControlCapacity messages{CapacityAxis::Messages, {1, 2}};
    messages.lockLocal(flood(10));
    EXPECT_TRUE(messages.canRead());
    messages.lockLocal(nonFlood(10));
    EXPECT_FALSE(messages.canRead());
    EXPECT_FALSE(messages.canLockLocal(nonFlood(10)));
}

TEST(FlowControlCapacity, OutboundGrantIsSpentOnlyByFloodMessages)
{
    FlowControlCapacity bytes{CapacityAxis::Bytes, {300000, std::nullopt}};
    EXPECT_FALSE(bytes.hasOutbound(flood(1)));
    bytes.grantOutbound(500);
    bytes.lockOutbound(nonFlood(400));
    EXPECT_EQ(bytes.outbound(), 500u);
    bytes.lockOutbound(flood(400));
    EXPECT_EQ(bytes.outbound(), 100u);
    EXPECT_FALSE(bytes.hasOutbound(flood(101)));
}

TEST(FlowControlCapacity, AGrantThatWouldOverflow64BitsIsRefused)
{
    FlowControlCapacity messages{CapacityAxis::Messages, {200, 201}};
    auto max = std::numeric_limits<uint64_t>::max();
    EXPECT_TRUE(messages.canGrant(max));
    messages.grantOutbound(max - 5);
    EXPECT_TRUE(messages.canGrant(5));
    EXPECT_FALSE(messages.canGrant(6));
}

// --- FlowControl: inbound

FlowControl
defaultFlowControl()
{
    return FlowControl{FlowControlSettings{}, T0};
}

TEST(FlowControlInbound, FortyFloodMessagesGiveBackFortyAndTheirBytes)
{
    auto fc = defaultFlowControl();
    for (int i = 0; i < 39; ++i)
    {
        ASSERT_TRUE(fc.beginMessageProcessing(flood(100)));
        EXPECT_EQ(fc.endMessageProcessing(flood(100)), SendMoreCapacity{}) << i;
    }
    ASSERT_TRUE(fc.beginMessageProcessing(flood(100)));
    EXPECT_EQ(fc.endMessageProcessing(flood(100)), (SendMoreCapacity{40, 4000, 0}));
    // The counters start again from zero.
    ASSERT_TRUE(fc.beginMessageProcessing(flood(100)));
    EXPECT_EQ(fc.endMessageProcessing(flood(100)), SendMoreCapacity{});
}

TEST(FlowControlInbound, ByteThresholdComesFirstForLargeMessages)
{
    auto fc = defaultFlowControl();
    // 100,000 bytes (FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES) are reached at the
    // fourth 30,000-byte message: >= is the rule, one message may pass it.
    for (int i = 0; i < 3; ++i)
    {
        ASSERT_TRUE(fc.beginMessageProcessing(flood(30000)));
        EXPECT_EQ(fc.endMessageProcessing(flood(30000)), SendMoreCapacity{});
    }
    ASSERT_TRUE(fc.beginMessageProcessing(flood(30000)));
    EXPECT_EQ(fc.endMessageProcessing(flood(30000)), (SendMoreCapacity{4, 120000, 0}));
}

TEST(FlowControlInbound, NonFloodMessagesNeverTriggerSendMore)
{
    auto fc = defaultFlowControl();
    for (int i = 0; i < 100; ++i)
    {
        ASSERT_TRUE(fc.beginMessageProcessing(nonFlood(200000)));
        EXPECT_EQ(fc.endMessageProcessing(nonFlood(200000)).numFloodMessages, 0u);
    }
}

TEST(FlowControlInbound, FloodMessageBeyondCapacityIsRefusedOnEitherAxis)
{
    auto fc = defaultFlowControl();
    for (int i = 0; i < 200; ++i)
        ASSERT_TRUE(fc.beginMessageProcessing(flood(10)));
    EXPECT_FALSE(fc.beginMessageProcessing(flood(10)));    // message axis
    EXPECT_TRUE(fc.beginMessageProcessing(nonFlood(10)));  // the 201st: room for non-flood traffic

    auto bytesOnly = defaultFlowControl();
    EXPECT_FALSE(bytesOnly.beginMessageProcessing(flood(300001))); // byte axis
    EXPECT_TRUE(bytesOnly.beginMessageProcessing(flood(300000)));
}

TEST(FlowControlInbound, ReadingPausesAtTotalCapacityAndResumesAfterAFullBatch)
{
    auto fc = defaultFlowControl();
    for (int i = 0; i < 200; ++i)
    {
        ASSERT_TRUE(fc.beginMessageProcessing(flood(10)));
        EXPECT_FALSE(fc.maybeThrottleRead(T0));
    }
    ASSERT_TRUE(fc.beginMessageProcessing(nonFlood(10)));
    EXPECT_TRUE(fc.maybeThrottleRead(T0 + 1s));
    EXPECT_TRUE(fc.isThrottled());
    // E24 (v27.1.0): resumption waits for the cumulative count to reach
    // PEER_READING_CAPACITY, not merely for one message of room.
    for (int i = 0; i < 200; ++i)
        EXPECT_EQ(fc.endMessageProcessing(flood(10)).numTotalMessages, 0u) << i;
    EXPECT_EQ(fc.endMessageProcessing(nonFlood(10)).numTotalMessages, 201u);
    EXPECT_EQ(fc.stopThrottling(T0 + 3s), ClockDuration(2s));
    EXPECT_FALSE(fc.isThrottled());
}

TEST(FlowControlInbound, ReadingCounterIsCumulativeAcrossPauses)
{
    auto fc = defaultFlowControl();
    // 150 processed before any pause: the counter is then 51 short of 201.
    for (int i = 0; i < 150; ++i)
    {
        ASSERT_TRUE(fc.beginMessageProcessing(nonFlood(10)));
        fc.endMessageProcessing(nonFlood(10));
    }
    for (int i = 0; i < 201; ++i)
        ASSERT_TRUE(fc.beginMessageProcessing(nonFlood(10)));
    ASSERT_TRUE(fc.maybeThrottleRead(T0));
    for (int i = 0; i < 51; ++i)
        EXPECT_EQ(fc.endMessageProcessing(nonFlood(10)).numTotalMessages, i == 50 ? 201u : 0u) << i;
}

// --- SEND_MORE_EXTENDED from the remote

TEST(FlowControlSendMore, LegacySendMoreIsRefused)
{
    auto fc = defaultFlowControl();
    StellarMessage legacy;
    legacy.type(SEND_MORE);
    legacy.sendMoreMessage().numMessages = 10;
    EXPECT_EQ(fc.checkSendMore(legacy), DropCause::LegacySendMore);
    EXPECT_EQ(dropReason(DropCause::LegacySendMore), "unexpected message type SEND_MORE");
}

TEST(FlowControlSendMore, ZeroBytesIsRefusedZeroMessagesIsNot)
{
    auto fc = defaultFlowControl();
    EXPECT_EQ(fc.checkSendMore(sendMoreExtended(10, 0)), DropCause::InvalidSendMoreExtended);
    EXPECT_EQ(dropReason(DropCause::InvalidSendMoreExtended), "invalid message SEND_MORE_EXTENDED");
    EXPECT_EQ(fc.checkSendMore(sendMoreExtended(0, 10)), std::nullopt); // a byte-only grant is fine
}

TEST(FlowControlSendMore, GrantAddsToBothAxesAndStopsTheNoCapacityClock)
{
    auto fc = defaultFlowControl();
    // E05: the clock runs from creation.
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::optional(T0));
    auto blocked = fc.maybeReleaseCapacity(sendMoreExtended(3, 700).sendMoreExtendedMessage(), T0 + 10s);
    EXPECT_EQ(blocked, ClockDuration(10s));
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::nullopt);
    EXPECT_EQ(fc.messageCapacity().outbound(), 3u);
    EXPECT_EQ(fc.byteCapacity().outbound(), 700u);
}

// --- FlowControl: outbound

TEST(FlowControlOutbound, NothingLeavesWithoutAGrant)
{
    auto fc = defaultFlowControl();
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 1), T0, limits());
    EXPECT_TRUE(fc.getNextBatchToSend(T0).empty());
    EXPECT_EQ(fc.outboundQueues()[0].size(), 1u);
}

TEST(FlowControlOutbound, QueuesLeaveInPriorityOrderWithinTheGrant)
{
    auto fc = defaultFlowControl();
    fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_ADVERT, 3), T0, limits());
    fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_DEMAND, 3), T0, limits());
    fc.addMsgAndMaybeTrimQueue(txMsg(1), T0, limits());
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 1), T0, limits());
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 2), T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(4, 100000).sendMoreExtendedMessage(), T0);
    // SCP first, then TRANSACTION, FLOOD_DEMAND; the fifth message finds no credit.
    EXPECT_EQ(typesOf(fc.getNextBatchToSend(T0)),
              (std::vector<MessageType>{SCP_MESSAGE, SCP_MESSAGE, TRANSACTION, FLOOD_DEMAND}));
    EXPECT_EQ(fc.messageCapacity().outbound(), 0u);
    fc.maybeReleaseCapacity(sendMoreExtended(10, 100000).sendMoreExtendedMessage(), T0);
    EXPECT_EQ(typesOf(fc.getNextBatchToSend(T0)), (std::vector<MessageType>{FLOOD_ADVERT}));
}

// The socket's room: the batch stops once it holds the byte budget (one
// message over it at most); a zero budget lets nothing out and leaves the
// grant and the no-capacity clock alone.
TEST(FlowControlOutbound, ABatchStopsAtItsByteBudget)
{
    auto fc = defaultFlowControl();
    for (uint64_t id = 1; id <= 5; ++id)
        fc.addMsgAndMaybeTrimQueue(txMsg(id, 200), T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(100, 100000).sendMoreExtendedMessage(), T0);
    auto bytes = fc.outboundQueues()[1].front().bytes;
    EXPECT_EQ(fc.getNextBatchToSend(T0, 0).size(), 0u);
    EXPECT_EQ(fc.messageCapacity().outbound(), 100u);
    EXPECT_EQ(fc.getNextBatchToSend(T0, bytes + 1).size(), 2u);
    EXPECT_EQ(fc.getNextBatchToSend(T0, 2 * bytes).size(), 2u);
    EXPECT_EQ(fc.getNextBatchToSend(T0).size(), 1u);
    EXPECT_EQ(fc.messageCapacity().outbound(), 95u);
    EXPECT_FALSE(fc.noOutboundCapacitySince());
}

TEST(FlowControlOutbound, BothAxesMustCoverAMessage)
{
    auto fc = defaultFlowControl();
    auto small = txMsg(1, 200);
    auto big = txMsg(2, 2000);
    fc.addMsgAndMaybeTrimQueue(small, T0, limits());
    fc.addMsgAndMaybeTrimQueue(big, T0, limits());
    auto smallBytes = xdr::encodedSize(*small);
    // Plenty of messages, bytes for the small one only.
    fc.maybeReleaseCapacity(sendMoreExtended(100, static_cast<uint32_t>(smallBytes + 10)).sendMoreExtendedMessage(), T0);
    auto batch = fc.getNextBatchToSend(T0);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].message, small);
    EXPECT_EQ(fc.byteCapacity().outbound(), 10u);
    EXPECT_EQ(fc.messageCapacity().outbound(), 99u);
}

TEST(FlowControlOutbound, ABlockedQueueYieldsToLowerPriorityQueuesThatFit)
{
    auto fc = defaultFlowControl();
    fc.addMsgAndMaybeTrimQueue(txMsg(1, 4000), T0, limits());
    auto advert = hashesMsg(FLOOD_ADVERT, 1);
    fc.addMsgAndMaybeTrimQueue(advert, T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(10, 100).sendMoreExtendedMessage(), T0);
    auto batch = fc.getNextBatchToSend(T0);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].message, advert);
}

TEST(FlowControlOutbound, MessagesStayQueuedUntilWrittenAndAreNotSentTwice)
{
    auto fc = defaultFlowControl();
    auto a = scpMsg(5, 1);
    auto b = scpMsg(5, 2);
    fc.addMsgAndMaybeTrimQueue(a, T0, limits());
    fc.addMsgAndMaybeTrimQueue(b, T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(1, 100000).sendMoreExtendedMessage(), T0);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), 1u);
    EXPECT_EQ(fc.outboundQueues()[0].size(), 2u); // a is being sent
    fc.maybeReleaseCapacity(sendMoreExtended(5, 100000).sendMoreExtendedMessage(), T0);
    auto batch = fc.getNextBatchToSend(T0);
    ASSERT_EQ(batch.size(), 1u); // only b: a is not sent again
    EXPECT_EQ(batch[0].message, b);
    FloodQueues<OutboundMessage> sent;
    sent[0] = {a, b};
    fc.processSentMessages(sent);
    EXPECT_TRUE(fc.outboundQueues()[0].empty());
}

TEST(FlowControlOutbound, EveryBlockedAttemptRestartsTheNoCapacityClock)
{
    // E05: only SEND_MORE_EXTENDED stops the clock; a blocked send restarts it.
    auto fc = defaultFlowControl();
    fc.maybeReleaseCapacity(sendMoreExtended(1, 100000).sendMoreExtendedMessage(), T0);
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 1), T0, limits());
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 2), T0, limits());
    EXPECT_EQ(fc.getNextBatchToSend(T0 + 10s).size(), 1u); // the second is blocked at 10 s
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::optional(T0 + 10s));
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 3), T0 + 50s, limits());
    fc.getNextBatchToSend(T0 + 50s);
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::optional(T0 + 50s));
}

// With 7,000 messages already at the socket (about the 1 MiB E36 lets wait
// there), each further send looks at the message it sends and not at them.
TEST(FlowControlOutbound, EachBatchCostsWhatItSendsNotWhatWaitsAtTheSocket)
{
    constexpr uint64_t AT_SOCKET = 7'000, MORE = 500;
    auto fc = defaultFlowControl();
    auto l = limits();
    std::vector<OutboundMessage> all;
    for (uint64_t i = 0; i < AT_SOCKET; ++i)
    {
        all.push_back(scpMsg(10 + i, i)); // one slot each: none supersedes another
        fc.addMsgAndMaybeTrimQueue(all.back(), T0, l);
    }
    fc.maybeReleaseCapacity(sendMoreExtended(AT_SOCKET + MORE, 100'000'000).sendMoreExtendedMessage(), T0);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), AT_SOCKET);
    auto before = fc.batchExamined();
    for (uint64_t i = 0; i < MORE; ++i)
    {
        all.push_back(scpMsg(10 + AT_SOCKET + i, i));
        fc.addMsgAndMaybeTrimQueue(all.back(), T0, l);
        auto batch = fc.getNextBatchToSend(T0);
        ASSERT_EQ(batch.size(), 1u);
        EXPECT_EQ(batch[0].message, all.back());
    }
    EXPECT_EQ(fc.batchExamined() - before, MORE);
    // The grant is spent: one more is looked at, blocked, and not sent.
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 1), T0, l);
    EXPECT_TRUE(fc.getNextBatchToSend(T0 + 1s).empty());
    EXPECT_EQ(fc.batchExamined() - before, MORE + 1);
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::optional(T0 + 1s));
    EXPECT_EQ(fc.messageCapacity().outbound(), 0u);

    FloodQueues<OutboundMessage> sent;
    sent[0].assign(all.begin(), all.end());
    fc.processSentMessages(sent);
    ASSERT_EQ(fc.outboundQueues()[0].size(), 1u);
    EXPECT_EQ(fc.scpWaiting(), 1u);
}

// A queue dropped whole takes what was at the socket with it: the next
// message queued leaves with the next batch, and the late write of a
// dropped one pops nothing.
TEST(FlowControlOutbound, AfterAWholeQueueDropTheNextMessageLeavesAndLateWritesPopNothing)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/2);
    fc.maybeReleaseCapacity(sendMoreExtended(10, 100000).sendMoreExtendedMessage(), T0);
    auto first = txMsg(1), second = txMsg(2);
    fc.addMsgAndMaybeTrimQueue(first, T0, l);
    fc.addMsgAndMaybeTrimQueue(second, T0, l);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), 2u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(3), T0, l), 3u); // over: all three go
    auto next = txMsg(4);
    fc.addMsgAndMaybeTrimQueue(next, T0, l);
    auto batch = fc.getNextBatchToSend(T0);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].message, next);

    FloodQueues<OutboundMessage> sent;
    sent[1] = {first, second};
    fc.processSentMessages(sent);
    ASSERT_EQ(fc.outboundQueues()[1].size(), 1u);
    EXPECT_EQ(fc.outboundQueues()[1].front().message, next);
    sent[1] = {next};
    fc.processSentMessages(sent);
    EXPECT_TRUE(fc.outboundQueues()[1].empty());
    EXPECT_EQ(fc.txQueueByteCount(), 0u);
}

// --- E40: the last credit of a grant is kept for SCP_MESSAGE

namespace
{

// `count` transactions of `bytes` queued, then stellar-core's first grant
// (PEER_FLOOD_READING_CAPACITY messages, its byte total).
FlowControl
transactionsGrantedAsCore(uint64_t count, std::size_t bytes = 200)
{
    auto fc = defaultFlowControl();
    for (uint64_t id = 1; id <= count; ++id)
        fc.addMsgAndMaybeTrimQueue(txMsg(id, bytes), T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(200, 300000).sendMoreExtendedMessage(), T0);
    return fc;
}

}

TEST(FlowControlOutbound, E40_TransactionsLeaveTheReserveAndAnScpMessageQueuedLaterUsesItWithinTheGrant)
{
    auto fc = transactionsGrantedAsCore(250);
    EXPECT_EQ(fc.getNextBatchToSend(T0).size(), 200u - SCP_RESERVED_MESSAGES);
    EXPECT_EQ(fc.messageCapacity().outbound(), SCP_RESERVED_MESSAGES);
    // Held by the reserve counts as blocked (E05's clock runs).
    EXPECT_EQ(fc.noOutboundCapacitySince(), std::optional(T0));
    EXPECT_TRUE(fc.getNextBatchToSend(T0 + 1ms).empty());

    // SCP messages queued after the flood leave at once, without a new grant,
    // all the reserve's worth of them.
    for (uint64_t id = 1; id <= SCP_RESERVED_MESSAGES + 1; ++id)
        fc.addMsgAndMaybeTrimQueue(scpMsg(5, id), T0 + 2ms, limits());
    auto batch = fc.getNextBatchToSend(T0 + 2ms);
    EXPECT_EQ(typesOf(batch), std::vector<MessageType>(SCP_RESERVED_MESSAGES, SCP_MESSAGE));
    EXPECT_EQ(fc.messageCapacity().outbound(), 0u);

    // The next grant serves SCP first, and transactions again only above the reserve.
    fc.maybeReleaseCapacity(sendMoreExtended(40, 100000).sendMoreExtendedMessage(), T0 + 3ms);
    batch = fc.getNextBatchToSend(T0 + 3ms);
    ASSERT_EQ(batch.size(), 1u + (40u - 1u - SCP_RESERVED_MESSAGES));
    EXPECT_EQ(batch[0].message->type(), SCP_MESSAGE);
    EXPECT_EQ(batch[1].message->type(), TRANSACTION);
    EXPECT_EQ(fc.messageCapacity().outbound(), SCP_RESERVED_MESSAGES);
}

TEST(FlowControlOutbound, E40_TheByteReserveHoldsTransactionsAsTheMessageReserveDoes)
{
    auto fc = transactionsGrantedAsCore(40, 9000);
    auto bytes = fc.outboundQueues()[1].front().bytes;
    // As many as leave SCP_RESERVED_BYTES of the 300,000 behind.
    auto expected = (300000 - SCP_RESERVED_BYTES) / bytes;
    EXPECT_EQ(fc.getNextBatchToSend(T0).size(), expected);
    EXPECT_GE(fc.byteCapacity().outbound(), SCP_RESERVED_BYTES);
    EXPECT_LT(fc.byteCapacity().outbound(), SCP_RESERVED_BYTES + bytes);
    fc.addMsgAndMaybeTrimQueue(scpMsg(5, 1), T0, limits());
    EXPECT_EQ(typesOf(fc.getNextBatchToSend(T0)), (std::vector<MessageType>{SCP_MESSAGE}));
}

// No starvation: a remote that grants less than SCP_RESERVE_MIN_CREDIT_MULTIPLE
// times the reserve on an axis gets every credit of that axis used, as by core.
TEST(FlowControlOutbound, E40_UnderASmallGrantTransactionsTakeEveryCredit)
{
    constexpr uint32_t SMALL_MESSAGES = SCP_RESERVED_MESSAGES * SCP_RESERVE_MIN_CREDIT_MULTIPLE - 1;
    auto fc = defaultFlowControl();
    for (uint64_t id = 1; id <= 100; ++id)
        fc.addMsgAndMaybeTrimQueue(txMsg(id), T0, limits());
    fc.maybeReleaseCapacity(sendMoreExtended(SMALL_MESSAGES, 300000).sendMoreExtendedMessage(), T0);
    EXPECT_EQ(fc.getNextBatchToSend(T0).size(), SMALL_MESSAGES);
    EXPECT_EQ(fc.messageCapacity().outbound(), 0u);

    auto bytes = fc.outboundQueues()[1].back().bytes;
    auto smallBytes = static_cast<uint32_t>(SCP_RESERVED_BYTES * SCP_RESERVE_MIN_CREDIT_MULTIPLE - 1);
    auto byBytes = defaultFlowControl();
    for (uint64_t id = 1; id <= 300; ++id)
        byBytes.addMsgAndMaybeTrimQueue(txMsg(id), T0, limits());
    byBytes.maybeReleaseCapacity(sendMoreExtended(1000, smallBytes).sendMoreExtendedMessage(), T0);
    EXPECT_EQ(byBytes.getNextBatchToSend(T0).size(), smallBytes / bytes);
    EXPECT_LT(byBytes.byteCapacity().outbound(), bytes);
}

// No deadlock whatever the remote's batch: held by the reserve alone for
// SCP_RESERVE_LAPSE without a grant, transactions take it; a grant restores it.
TEST(FlowControlOutbound, E40_TransactionsHeldByTheReserveTakeItAfterTheLapse)
{
    auto fc = transactionsGrantedAsCore(300);
    EXPECT_EQ(fc.getNextBatchToSend(T0).size(), 200u - SCP_RESERVED_MESSAGES);
    EXPECT_TRUE(fc.getNextBatchToSend(T0 + SCP_RESERVE_LAPSE - 1ms).empty());
    EXPECT_EQ(fc.getNextBatchToSend(T0 + SCP_RESERVE_LAPSE).size(), SCP_RESERVED_MESSAGES);
    EXPECT_EQ(fc.messageCapacity().outbound(), 0u);

    fc.maybeReleaseCapacity(sendMoreExtended(40, 100000).sendMoreExtendedMessage(), T0 + 2s);
    EXPECT_EQ(fc.getNextBatchToSend(T0 + 2s).size(), 40u - SCP_RESERVED_MESSAGES);
    EXPECT_EQ(fc.messageCapacity().outbound(), SCP_RESERVED_MESSAGES);
}

// Whatever the mix of queues, grants and times, what leaves never exceeds
// what the remote granted, on either axis.
TEST(FlowControlOutbound, E40_NothingEverLeavesBeyondTheGrant)
{
    std::mt19937_64 rng(39);
    for (int run = 0; run < 20; ++run)
    {
        auto fc = defaultFlowControl();
        uint64_t grantedMessages = 0, grantedBytes = 0, sentMessages = 0, sentBytes = 0;
        auto now = T0;
        uint64_t id = 0;
        for (int step = 0; step < 400; ++step)
        {
            now += std::chrono::milliseconds(rng() % 300);
            ++id;
            switch (rng() % 4)
            {
            case 0: fc.addMsgAndMaybeTrimQueue(scpMsg(5, id, static_cast<uint8_t>(1 + id % 7)), now, limits()); break;
            case 1: fc.addMsgAndMaybeTrimQueue(txMsg(id, 100 + rng() % 4000), now, limits()); break;
            case 2: fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_ADVERT, 1 + rng() % 50), now, limits()); break;
            default:
            {
                auto m = static_cast<uint32_t>(rng() % 80), b = static_cast<uint32_t>(1 + rng() % 120000);
                fc.maybeReleaseCapacity(sendMoreExtended(m, b).sendMoreExtendedMessage(), now);
                grantedMessages += m;
                grantedBytes += b;
            }
            }
            FloodQueues<OutboundMessage> written;
            for (auto const& q : fc.getNextBatchToSend(now))
            {
                sentMessages += 1;
                sentBytes += q.bytes;
                written[FlowControl::getMessagePriority(q.message->type())].push_back(q.message);
            }
            fc.processSentMessages(written);
            ASSERT_LE(sentMessages, grantedMessages) << "run " << run << " step " << step;
            ASSERT_LE(sentBytes, grantedBytes) << "run " << run << " step " << step;
            ASSERT_EQ(fc.messageCapacity().outbound(), grantedMessages - sentMessages);
            ASSERT_EQ(fc.byteCapacity().outbound(), grantedBytes - sentBytes);
        }
    }
}

// --- load shedding (spec 8.7)

TEST(FlowControlShedding, TransactionQueueOverTheCountLimitIsDroppedWhole)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/3);
    for (uint64_t i = 0; i < 3; ++i)
        EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(i), T0, l), 0u);
    EXPECT_EQ(fc.outboundQueues()[1].size(), 3u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(3), T0, l), 4u);
    EXPECT_TRUE(fc.outboundQueues()[1].empty());
    EXPECT_EQ(fc.txQueueByteCount(), 0u);
}

TEST(FlowControlShedding, TransactionQueueOverTheByteLimitIsDroppedWhole)
{
    FlowControlSettings s;
    s.outboundTxQueueByteLimit = 1000;
    FlowControl fc{s, T0};
    auto one = xdr::encodedSize(*txMsg(0, 300));
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(0, 300), T0, limits()), 0u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(1, 300), T0, limits()), 0u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(2, 300), T0, limits()), 0u);
    EXPECT_EQ(fc.txQueueByteCount(), 3 * one);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(3, 300), T0, limits()), 4u); // 4 * 304 > 1000
    EXPECT_TRUE(fc.outboundQueues()[1].empty());
}

TEST(FlowControlShedding, TransactionLargerThanMaxTxSizeIsNotQueued)
{
    auto fc = defaultFlowControl();
    auto l = limits();
    l.maxTxSize = 1000;
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(txMsg(1, 2000), T0, l), 0u);
    EXPECT_TRUE(fc.outboundQueues()[1].empty());
    EXPECT_EQ(fc.txQueueByteCount(), 0u);
}

TEST(FlowControlShedding, AdvertQueueOverTheHashLimitIsDroppedWhole)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/10);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_ADVERT, 6), T0, l), 0u);
    EXPECT_EQ(fc.advertQueueTxHashCount(), 6u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_ADVERT, 4), T0, l), 0u); // 10: at the limit
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_ADVERT, 1), T0, l), 3u); // 11: over
    EXPECT_TRUE(fc.outboundQueues()[3].empty());
    EXPECT_EQ(fc.advertQueueTxHashCount(), 0u);
}

TEST(FlowControlShedding, DemandQueueOverTheHashLimitIsDroppedWhole)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/10);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_DEMAND, 10), T0, l), 0u);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(hashesMsg(FLOOD_DEMAND, 2), T0, l), 2u);
    EXPECT_TRUE(fc.outboundQueues()[2].empty());
    EXPECT_EQ(fc.demandQueueTxHashCount(), 0u);
}

TEST(FlowControlShedding, ScpQueueIsNeverDroppedInBulk)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/3);
    for (uint64_t i = 0; i < 50; ++i)
        EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(scpMsg(5, i), T0, l), 0u);
    EXPECT_EQ(fc.outboundQueues()[0].size(), 50u);
}

TEST(FlowControlShedding, ScpMessagesForForgottenSlotsGoExceptTheCheckpoint)
{
    auto fc = defaultFlowControl();
    auto l = limits();
    fc.addMsgAndMaybeTrimQueue(scpMsg(3, 1), T0, l);
    fc.addMsgAndMaybeTrimQueue(scpMsg(4, 2), T0, l);
    fc.addMsgAndMaybeTrimQueue(scpMsg(7, 3), T0, l);
    l.minSlotToRemember = 6;
    l.checkpointSeq = 4;
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(scpMsg(8, 4), T0, l), 1u); // slot 3 goes, 4 is the checkpoint
    std::vector<uint64_t> slots;
    for (auto const& q : fc.outboundQueues()[0])
        slots.push_back(q.message->envelope().statement.slotIndex);
    EXPECT_EQ(slots, (std::vector<uint64_t>{4, 7, 8}));
}

TEST(FlowControlShedding, ASupersededStatementIsReplacedInPlaceByTheNewOne)
{
    auto fc = defaultFlowControl();
    auto l = limits();
    auto prepare = [](uint32_t counter, uint8_t node) {
        SCPEnvelope env;
        env.statement.nodeID = fakeNodeID(node);
        env.statement.slotIndex = 9;
        env.statement.pledges.type(SCP_ST_PREPARE);
        env.statement.pledges.prepare().ballot.counter = counter;
        env.signature.assign(64, 0);
        return shared(scpMessage(env));
    };
    auto a1 = prepare(1, 1);
    auto b1 = prepare(1, 2);
    auto a2 = prepare(2, 1);
    fc.addMsgAndMaybeTrimQueue(a1, T0, l);
    fc.addMsgAndMaybeTrimQueue(b1, T0, l);
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(a2, T0, l), 1u);
    auto const& q = fc.outboundQueues()[0];
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q[0].message, a2); // a1's place in line
    EXPECT_EQ(q[1].message, b1);
}

TEST(FlowControlShedding, AStatementBeingSentIsNeitherTrimmedNorReplaced)
{
    auto fc = defaultFlowControl();
    auto l = limits();
    fc.maybeReleaseCapacity(sendMoreExtended(1, 100000).sendMoreExtendedMessage(), T0);
    auto old = scpMsg(3, 1);
    fc.addMsgAndMaybeTrimQueue(old, T0, l);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), 1u);
    l.minSlotToRemember = 6;
    EXPECT_EQ(fc.addMsgAndMaybeTrimQueue(scpMsg(8, 2), T0, l), 0u);
    EXPECT_EQ(fc.outboundQueues()[0].front().message, old);
}

TEST(FlowControlShedding, AShedQueueIgnoresTheWriteOfAMessageItDropped)
{
    auto fc = defaultFlowControl();
    auto l = limits(/*maxOps=*/2);
    fc.maybeReleaseCapacity(sendMoreExtended(1, 100000).sendMoreExtendedMessage(), T0);
    auto first = txMsg(1);
    fc.addMsgAndMaybeTrimQueue(first, T0, l);
    ASSERT_EQ(fc.getNextBatchToSend(T0).size(), 1u);
    fc.addMsgAndMaybeTrimQueue(txMsg(2), T0, l);
    fc.addMsgAndMaybeTrimQueue(txMsg(3), T0, l); // over: all three go, the one in flight too
    auto survivor = txMsg(4);
    fc.addMsgAndMaybeTrimQueue(survivor, T0, l);
    FloodQueues<OutboundMessage> sent;
    sent[1] = {first};
    fc.processSentMessages(sent); // first is not at the front any more: nothing popped
    ASSERT_EQ(fc.outboundQueues()[1].size(), 1u);
    EXPECT_EQ(fc.outboundQueues()[1].front().message, survivor);
    EXPECT_EQ(fc.txQueueByteCount(), xdr::encodedSize(*survivor));
}

TEST(FlowControlOutbound, TxSizeIncreaseGrowsTheByteAxis)
{
    auto fc = defaultFlowControl();
    fc.handleTxSizeIncrease(5000);
    EXPECT_EQ(fc.byteCapacity().limits().flood, 305000u);
    EXPECT_EQ(fc.byteCapacity().local().flood, 305000u);
}

// --- SCP statement order, which the SCP queue's trimming relies on

TEST(ScpStatementOrder, NominationIsNewerOnlyWhenItsSetsGrow)
{
    auto nom = [](std::vector<uint8_t> votes, std::vector<uint8_t> accepted) {
        SCPStatement st;
        st.nodeID = fakeNodeID(1);
        st.slotIndex = 3;
        st.pledges.type(SCP_ST_NOMINATE);
        for (auto v : votes)
            st.pledges.nominate().votes.push_back(Value{v});
        for (auto a : accepted)
            st.pledges.nominate().accepted.push_back(Value{a});
        return st;
    };
    EXPECT_TRUE(isNewerNominationOrBallotSt(nom({1}, {}), nom({1, 2}, {})));
    EXPECT_TRUE(isNewerNominationOrBallotSt(nom({1}, {}), nom({1}, {1})));
    EXPECT_FALSE(isNewerNominationOrBallotSt(nom({1}, {}), nom({1}, {})));
    EXPECT_FALSE(isNewerNominationOrBallotSt(nom({1}, {}), nom({2}, {})));
    EXPECT_FALSE(isNewerNominationOrBallotSt(nom({1, 2}, {}), nom({1}, {})));
    auto other = nom({1, 2}, {});
    other.slotIndex = 4;
    EXPECT_FALSE(isNewerNominationOrBallotSt(nom({1}, {}), other));
}

TEST(ScpStatementOrder, BallotStatementsFollowScpTotalOrder)
{
    auto st = [](SCPStatementType t, uint32_t counter, uint32_t nH) {
        SCPStatement s;
        s.nodeID = fakeNodeID(1);
        s.slotIndex = 3;
        s.pledges.type(t);
        if (t == SCP_ST_PREPARE)
        {
            s.pledges.prepare().ballot.counter = counter;
            s.pledges.prepare().nH = nH;
        }
        else if (t == SCP_ST_CONFIRM)
        {
            s.pledges.confirm().ballot.counter = counter;
            s.pledges.confirm().nH = nH;
        }
        else
            s.pledges.externalize().commit.counter = counter;
        return s;
    };
    EXPECT_TRUE(isNewerNominationOrBallotSt(st(SCP_ST_PREPARE, 5, 0), st(SCP_ST_CONFIRM, 1, 0)));
    EXPECT_TRUE(isNewerNominationOrBallotSt(st(SCP_ST_CONFIRM, 5, 0), st(SCP_ST_EXTERNALIZE, 1, 0)));
    EXPECT_FALSE(isNewerNominationOrBallotSt(st(SCP_ST_CONFIRM, 1, 0), st(SCP_ST_PREPARE, 5, 0)));
    EXPECT_TRUE(isNewerNominationOrBallotSt(st(SCP_ST_PREPARE, 1, 0), st(SCP_ST_PREPARE, 2, 0)));
    EXPECT_TRUE(isNewerNominationOrBallotSt(st(SCP_ST_PREPARE, 2, 0), st(SCP_ST_PREPARE, 2, 1)));
    EXPECT_FALSE(isNewerNominationOrBallotSt(st(SCP_ST_PREPARE, 2, 1), st(SCP_ST_PREPARE, 2, 1)));
    EXPECT_TRUE(isNewerNominationOrBallotSt(st(SCP_ST_CONFIRM, 2, 1), st(SCP_ST_CONFIRM, 2, 2)));
    EXPECT_FALSE(isNewerNominationOrBallotSt(st(SCP_ST_EXTERNALIZE, 1, 0), st(SCP_ST_EXTERNALIZE, 2, 0)));
    // A nomination and a ballot statement never supersede each other.
    SCPStatement nomination = st(SCP_ST_PREPARE, 1, 0);
    nomination.pledges.type(SCP_ST_NOMINATE);
    EXPECT_FALSE(isNewerNominationOrBallotSt(nomination, st(SCP_ST_PREPARE, 9, 9)));
}

TEST(ScpStatementOrder, CheckpointsAre64LedgersOr8AcceleratedWithTheFirstOneShort)
{
    EXPECT_EQ(firstLedgerInCheckpointContaining(1), 1u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(63), 1u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(64), 64u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(130), 128u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(7, ACCELERATED_CHECKPOINT_FREQUENCY), 1u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(8, ACCELERATED_CHECKPOINT_FREQUENCY), 8u);
    EXPECT_EQ(firstLedgerInCheckpointContaining(79, ACCELERATED_CHECKPOINT_FREQUENCY), 72u);
}

}
