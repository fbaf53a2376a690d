#include "overlay/FlowControlCapacity.h"

#include "xdr/Codec.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace stellar
{

bool
isFloodMessage(MessageType type)
{
    return type == SCP_MESSAGE || type == TRANSACTION || type == FLOOD_DEMAND || type == FLOOD_ADVERT;
}

MessageCost
MessageCost::of(StellarMessage const& msg)
{
    return MessageCost{isFloodMessage(msg.type()), xdr::encodedSize(msg)};
}

FlowControlCapacity::FlowControlCapacity(CapacityAxis axis, ReadingCapacity limits)
    : axis_(axis), limits_(limits), local_(limits)
{
}

void
FlowControlCapacity::checkInvariants() const
{
    // Our own bookkeeping, not peer input: credit never exceeds its limit.
    assert(local_.flood <= limits_.flood);
    assert(local_.total.has_value() == limits_.total.has_value());
    assert(!local_.total || *local_.total <= *limits_.total);
}

bool
FlowControlCapacity::canLockLocal(MessageCost cost) const
{
    auto need = cost.on(axis_);
    if (cost.flood && local_.flood < need)
        return false;
    if (local_.total && *local_.total < need)
        return false;
    return true;
}

void
FlowControlCapacity::lockLocal(MessageCost cost)
{
    assert(canLockLocal(cost));
    auto need = cost.on(axis_);
    if (local_.total)
        *local_.total -= need;
    if (cost.flood)
        local_.flood -= need;
}

uint64_t
FlowControlCapacity::releaseLocal(MessageCost cost)
{
    auto freed = cost.on(axis_);
    if (local_.total)
        *local_.total += freed;
    uint64_t floodFreed = 0;
    if (cost.flood)
    {
        local_.flood += freed;
        floodFreed = freed;
    }
    checkInvariants();
    return floodFreed;
}

bool
FlowControlCapacity::canRead() const
{
    return !local_.total || *local_.total > 0;
}

void
FlowControlCapacity::increaseFloodLimit(uint32_t increase)
{
    local_.flood += increase;
    limits_.flood += increase;
}

bool
FlowControlCapacity::hasOutbound(MessageCost cost) const
{
    return outbound_ >= cost.on(axis_);
}

bool
FlowControlCapacity::hasOutboundLeaving(MessageCost cost, uint64_t reserve) const
{
    bool holds = largestOutbound_ >= SCP_RESERVE_MIN_CREDIT_MULTIPLE * reserve;
    return outbound_ >= cost.on(axis_) + (holds ? reserve : 0);
}

void
FlowControlCapacity::lockOutbound(MessageCost cost)
{
    if (!cost.flood)
        return;
    assert(hasOutbound(cost));
    outbound_ -= cost.on(axis_);
}

bool
FlowControlCapacity::canGrant(uint64_t amount) const
{
    return amount <= std::numeric_limits<uint64_t>::max() - outbound_;
}

void
FlowControlCapacity::grantOutbound(uint64_t amount)
{
    assert(canGrant(amount));
    outbound_ += amount;
    largestOutbound_ = std::max(largestOutbound_, outbound_);
}

}
