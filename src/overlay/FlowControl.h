#pragma once
// Credit-based flow control for one connection (spec 8; core: FlowControl,
// stellar-core v27.1.0).
//
// Inbound: every message locks its cost on both axes when it is read and
// gives it back when processed; every FLOW_CONTROL_SEND_MORE_BATCH_SIZE flood
// messages, or FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES flood bytes, whichever
// comes first, the processed amounts go back to the remote in one
// SEND_MORE_EXTENDED. A flood message that does not fit is a protocol
// violation. Reading pauses while the total credit (PEER_READING_CAPACITY
// messages) is used up and resumes each time a full PEER_READING_CAPACITY of
// messages has been processed (E24: v27.1.0 counts cumulatively).
//
// Outbound: flood messages wait in four queues, SCP first, then TRANSACTION,
// FLOOD_DEMAND, FLOOD_ADVERT, and leave in that order only while the remote's
// grant covers them on both axes; they stay queued until written to the
// socket. Load is shed per queue when a message is added (spec 8.7).
//
// FlowControl decides; the Peer sends, pauses and resumes. It reads no
// config and no clock of its own: the numbers come in FlowControlSettings and
// OutboundQueueLimits, the time as `now`.

#include "overlay/DropCause.h"
#include "overlay/FlowControlCapacity.h"
#include "overlay/ScpQueueIndex.h"
#include "util/Clock.h"
#include "util/Limits.h"
#include "xdr/StellarXdr.h"

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace stellar
{

struct FlowControlSettings
{
    uint32_t peerFloodReadingCapacity = 200;      // PEER_FLOOD_READING_CAPACITY
    uint32_t peerReadingCapacity = 201;           // PEER_READING_CAPACITY
    uint32_t sendMoreBatchSize = 40;              // FLOW_CONTROL_SEND_MORE_BATCH_SIZE
    uint32_t floodReadingCapacityBytes = 300000;  // core: OverlayManager::getFlowControlBytesTotal
    uint32_t sendMoreBatchSizeBytes = 100000;     // core: OverlayManager::getFlowControlBytesBatch
    uint64_t outboundTxQueueByteLimit = 3 << 20;  // OUTBOUND_TX_QUEUE_BYTE_LIMIT
    std::size_t scpQueueLimit = PEER_SCP_QUEUE_LIMIT; // SCP messages waiting (E41)
};

// What endMessageProcessing hands back: flood credit to return in a
// SEND_MORE_EXTENDED (both zero: nothing to send yet), and whether a full
// PEER_READING_CAPACITY of messages has been processed (then reading resumes).
struct SendMoreCapacity
{
    uint64_t numFloodMessages = 0;
    uint64_t numFloodBytes = 0;
    uint32_t numTotalMessages = 0;
    friend bool operator==(SendMoreCapacity const&, SendMoreCapacity const&) = default;
};

// What load shedding needs from the application at the moment a message is
// queued (core reads these from the Herder and LedgerManager).
struct OutboundQueueLimits
{
    uint32_t maxTxSize = 0;           // larger transactions are not queued at all
    uint32_t lastMaxTxSetSizeOps = 0; // TRANSACTION count limit; advert and demand hash limits
    uint64_t minSlotToRemember = 0;   // SCP messages for older slots are dropped...
    uint64_t checkpointSeq = 0;       // ...except the checkpoint's
    // True when `newer` supersedes `older` (same node, same slot): core's
    // Herder::isNewerNominationOrBallotSt. Unset: nothing is superseded.
    // Never true across nodes or slots: only those are compared (E39).
    std::function<bool(SCPStatement const& older, SCPStatement const& newer)> isNewerStatement;
};

using OutboundMessage = std::shared_ptr<StellarMessage const>;
template <typename T> using FloodQueues = std::array<std::deque<T>, 4>;

class FlowControl
{
  public:
    struct QueuedOutboundMessage
    {
        OutboundMessage message;
        ClockTime timeEmplaced;
        uint64_t bytes = 0;      // the message's XDR size, computed once
        bool beingSent = false;  // handed to the socket, not yet written: these lead their queue
        uint64_t place = 0;      // its place in line: grows along a queue (ScpQueueIndex)
    };

    // `now` starts the no-outbound-capacity clock: a remote that never sends
    // SEND_MORE_EXTENDED is dropped PEER_SEND_MODE_IDLE_TIMEOUT after connecting (E05).
    FlowControl(FlowControlSettings settings, ClockTime now);

    // --- inbound
    // Locks the message's cost; false when a flood message exceeds the
    // credit left (the peer is then dropped: FloodAtCapacity).
    bool beginMessageProcessing(MessageCost cost);
    SendMoreCapacity endMessageProcessing(MessageCost cost);
    bool canRead() const;
    // Called after each message read: true when reading must pause now.
    bool maybeThrottleRead(ClockTime now);
    // Ends a pause; returns how long reading was paused.
    ClockDuration stopThrottling(ClockTime now);
    bool isThrottled() const { return lastThrottle_.has_value(); }

    // --- SEND_MORE_EXTENDED from the remote
    // Why the message must drop the peer, if it must: a legacy SEND_MORE, a
    // zero byte grant, or a grant that would overflow either 64-bit counter.
    std::optional<DropCause> checkSendMore(StellarMessage const& msg) const;
    // Adds a valid grant and stops the no-capacity clock. Returns how long
    // we had been blocked, when we had been.
    std::optional<ClockDuration> maybeReleaseCapacity(SendMoreExtended const& grant, ClockTime now);

    // --- outbound
    // Queues a flood message and sheds load on its queue. Returns how many
    // queued messages were dropped (a TRANSACTION over maxTxSize is refused
    // without being counted).
    std::size_t addMsgAndMaybeTrimQueue(OutboundMessage msg, ClockTime now, OutboundQueueLimits const& limits);
    // The queued messages the grant covers now, in priority order, with their
    // cost taken from the grant. A queue whose front does not fit restarts the
    // no-capacity clock and yields to the next queue; below SCP, not fitting
    // includes taking the credit kept for SCP_MESSAGE (E40). The batch stops once it
    // holds `byteBudget` bytes (the room left in the socket's queue: a remote
    // that grants much and reads nothing leaves the rest here, where load
    // shedding applies); a non-zero budget always lets one message out.
    std::vector<QueuedOutboundMessage> getNextBatchToSend(ClockTime now,
                                                          uint64_t byteBudget = std::numeric_limits<uint64_t>::max());
    // These flood messages reached the socket: they leave their queues.
    void processSentMessages(FloodQueues<OutboundMessage> const& sent);
    // Since when a flood message has found no credit (E05: set at creation and
    // at every blocked send, cleared by a grant); overlay/PeerTimeouts.h
    // drops the peer PEER_SEND_MODE_IDLE_TIMEOUT later.
    std::optional<ClockTime> noOutboundCapacitySince() const { return noOutboundCapacity_; }

    // The network's maxTxSize grew by `increase` bytes (core: handleTxSizeIncrease).
    void handleTxSizeIncrease(uint32_t increase);

    // --- state, for admin output and tests
    FlowControlCapacity const& messageCapacity() const { return messages_; }
    FlowControlCapacity const& byteCapacity() const { return bytes_; }
    FloodQueues<QueuedOutboundMessage> const& outboundQueues() const { return queues_; }
    std::size_t txQueueByteCount() const { return txQueueByteCount_; }
    std::size_t advertQueueTxHashCount() const { return advertQueueTxHashCount_; }
    std::size_t demandQueueTxHashCount() const { return demandQueueTxHashCount_; }
    FlowControlSettings const& settings() const { return settings_; }
    // Queued SCP messages the SCP queue's trimming has looked at, over the
    // connection's life: what an SCP message queued costs (for tests).
    uint64_t scpTrimExamined() const { return scpTrimExamined_; }
    // SCP messages waiting (queued, not handed to the socket), and those
    // shed at scpQueueLimit over the connection's life (E41).
    std::size_t scpWaiting() const { return queues_[0].size() - beingSent_[0]; }
    uint64_t scpShed() const { return scpShed_; }
    // Queued messages getNextBatchToSend has looked at, over the
    // connection's life: what a send costs (for tests).
    uint64_t batchExamined() const { return batchExamined_; }

    // Queue index of a flood message type: SCP 0, TRANSACTION 1, FLOOD_DEMAND 2, FLOOD_ADVERT 3.
    static std::size_t getMessagePriority(MessageType type);

  private:
    bool hasOutboundCapacity(MessageCost cost) const;
    bool leavesScpReserve(MessageCost cost, ClockTime now) const;
    std::size_t trimScpQueue(QueuedOutboundMessage msg, OutboundQueueLimits const& limits);
    std::size_t sweepForgottenSlots(OutboundQueueLimits const& limits);
    std::optional<std::size_t> findSuperseded(SCPStatement const& st, OutboundQueueLimits const& limits);
    std::size_t scpPosition(uint64_t place) const;
    void shedOldestWaitingScp();

    FlowControlSettings settings_;
    FlowControlCapacity messages_;
    FlowControlCapacity bytes_;

    // Flood messages and bytes processed since our last SEND_MORE_EXTENDED,
    // and all messages processed (the read-throttle counter, E24).
    uint64_t floodDataProcessed_ = 0;
    uint64_t floodDataProcessedBytes_ = 0;
    uint64_t totalMsgsProcessed_ = 0;
    std::optional<ClockTime> lastThrottle_;

    FloodQueues<QueuedOutboundMessage> queues_;
    // How many messages at the front of each queue are being sent.
    std::array<std::size_t, 4> beingSent_{};
    std::size_t txQueueByteCount_ = 0;
    std::size_t advertQueueTxHashCount_ = 0;
    std::size_t demandQueueTxHashCount_ = 0;
    std::optional<ClockTime> noOutboundCapacity_;
    uint64_t nextPlace_ = 0;
    ScpQueueIndex scpIndex_;
    uint64_t scpTrimExamined_ = 0;
    uint64_t batchExamined_ = 0;
    uint64_t scpShed_ = 0;
    // Since when a flood message below SCP has been held by the reserve
    // alone, without a grant since (E40: SCP_RESERVE_LAPSE).
    std::optional<ClockTime> reserveHeldSince_;
};

}
