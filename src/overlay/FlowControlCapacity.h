#pragma once
// Flow-control credit on one axis, messages or bytes (spec 8.2; core:
// FlowControlCapacity, FlowControlMessageCapacity, FlowControlByteCapacity).
//
// Local capacity is what the remote may still send us: a flood message spends
// the `flood` credit, every message spends the `total` credit where the axis
// has one (messages: PEER_READING_CAPACITY; bytes: none in stellar-core
// v27.1.0). Both come back when the message has been processed, and the flood
// part is what the next SEND_MORE_EXTENDED returns. Outbound capacity is what
// the remote granted us: only flood messages spend it, only SEND_MORE_EXTENDED
// adds to it. A message is sent or accepted only when it fits on both axes.

#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace stellar
{

// E40: the last credit of a remote's grant is kept for SCP_MESSAGE. A
// TRANSACTION, FLOOD_DEMAND or FLOOD_ADVERT leaves only if the remote's
// outbound credit still holds SCP_RESERVED_MESSAGES messages and
// SCP_RESERVED_BYTES bytes after it, so that a consensus message queued
// behind a transaction flood leaves at once instead of waiting for the next
// SEND_MORE_EXTENDED. Ten messages of up to 1,000 bytes: a burst of
// statements from several validators.
inline constexpr uint64_t SCP_RESERVED_MESSAGES = 10;
inline constexpr uint64_t SCP_RESERVED_BYTES = 10'000;
// The reserve holds on an axis only once the remote has given us at least
// this many times the reserve at once: a remote that grants little is served
// as stellar-core serves it, every credit to any queue. stellar-core's
// defaults (200 messages, 300,000 bytes) are well above it.
inline constexpr uint64_t SCP_RESERVE_MIN_CREDIT_MULTIPLE = 5;
// Liveness: the remote returns credit only after it processed a batch of
// what we sent. Should it wait for more than we may send outside the
// reserve, nothing would come back until SCP messages made up the rest; so
// once flood messages have been held by the reserve alone this long without
// a grant, they may take it until the next grant.
inline constexpr std::chrono::milliseconds SCP_RESERVE_LAPSE{1000};

// SCP_MESSAGE, TRANSACTION, FLOOD_DEMAND, FLOOD_ADVERT (core: OverlayManager::isFloodMessage).
bool isFloodMessage(MessageType type);

enum class CapacityAxis
{
    Messages,
    Bytes
};

// What one message costs: one unit on the message axis, its XDR size (core:
// FlowControlCapacity::msgBodySize) on the byte axis.
struct MessageCost
{
    bool flood = false;
    uint64_t bytes = 0;

    uint64_t on(CapacityAxis axis) const { return axis == CapacityAxis::Messages ? 1 : bytes; }
    static MessageCost of(StellarMessage const& msg);
};

struct ReadingCapacity
{
    uint64_t flood = 0;
    std::optional<uint64_t> total; // absent on the byte axis
    friend bool operator==(ReadingCapacity const&, ReadingCapacity const&) = default;
};

class FlowControlCapacity
{
  public:
    FlowControlCapacity(CapacityAxis axis, ReadingCapacity limits);

    CapacityAxis axis() const { return axis_; }

    // --- local (reading) side
    bool canLockLocal(MessageCost cost) const;
    // Precondition: canLockLocal(cost).
    void lockLocal(MessageCost cost);
    // Gives the message's credit back; returns the flood credit freed (0 for
    // a non-flood message), which the next SEND_MORE_EXTENDED hands back.
    uint64_t releaseLocal(MessageCost cost);
    // Reading goes on while there is total credit left (always on the byte axis).
    bool canRead() const;
    ReadingCapacity local() const { return local_; }
    ReadingCapacity limits() const { return limits_; }
    // The network raised maxTxSize: the byte axis grows by the difference
    // (core: FlowControlByteCapacity::handleTxSizeIncrease).
    void increaseFloodLimit(uint32_t increase);

    // --- outbound side
    bool hasOutbound(MessageCost cost) const;
    // Whether `cost` fits and leaves `reserve` behind (E40); the reserve
    // counts only on an axis whose largest credit reached
    // SCP_RESERVE_MIN_CREDIT_MULTIPLE times it.
    bool hasOutboundLeaving(MessageCost cost, uint64_t reserve) const;
    // Precondition for a flood message: hasOutbound(cost). Non-flood messages cost nothing.
    void lockOutbound(MessageCost cost);
    // Whether adding `amount` keeps the 64-bit counter from overflowing.
    bool canGrant(uint64_t amount) const;
    // SEND_MORE_EXTENDED's amount for this axis. Precondition: canGrant(amount).
    void grantOutbound(uint64_t amount);
    uint64_t outbound() const { return outbound_; }

  private:
    void checkInvariants() const;

    CapacityAxis axis_;
    ReadingCapacity limits_;
    ReadingCapacity local_;
    uint64_t outbound_ = 0;
    uint64_t largestOutbound_ = 0;
};

}
