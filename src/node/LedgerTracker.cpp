#include "node/LedgerTracker.h"

#include "overlay/ScpStatementItems.h"
#include "xdr/Codec.h"
#include "xdr/XdrError.h"

#include <algorithm>

namespace stellar
{

LedgerTracker::LedgerTracker(SCPQuorumSet quorumSet)
    : quorumSet_(std::move(quorumSet)), validators_(allNodes(quorumSet_))
{
}

std::optional<Value>
LedgerTracker::recvExternalize(NodeID const& node, uint64_t slot, Value const& value)
{
    if (!validators_.count(node))
        return std::nullopt;
    // An EXTERNALIZE is final: a second one from the same node for the same
    // slot changes nothing.
    externalizes_.try_emplace(slot, VotesByNode{}).first->second.try_emplace(node, value);
    return agreedValue(slot);
}

std::optional<Value>
LedgerTracker::agreedValue(uint64_t slot) const
{
    auto it = externalizes_.find(slot);
    if (it == externalizes_.end())
        return std::nullopt;
    std::map<Value, std::vector<NodeID>> byValue;
    for (auto const& [node, value] : it->second)
        byValue[value].push_back(node);
    for (auto const& [value, nodes] : byValue)
        if (isQuorumSlice(quorumSet_, nodes))
            return value;
    return std::nullopt;
}

std::map<NodeID, Value, NodeIDOrder> const*
LedgerTracker::externalizedBy(uint64_t slot) const
{
    auto it = externalizes_.find(slot);
    return it == externalizes_.end() ? nullptr : &it->second;
}

bool
LedgerTracker::externalize(uint64_t slot, StellarValue const& value, ClockTime now)
{
    if (slot <= trackingLedger_ && lastExternalize_)
        return false;
    trackingLedger_ = static_cast<uint32_t>(slot);
    trackingCloseTime_ = value.closeTime;
    lastExternalize_ = now;
    return true;
}

bool
LedgerTracker::isTracking(ClockTime now) const
{
    return lastExternalize_ && now - *lastExternalize_ < CONSENSUS_STUCK_TIMEOUT_SECONDS;
}

bool
LedgerTracker::checkCloseTime(SCPStatement const& st, uint64_t nowUnix, bool enforceRecent) const
{
    uint64_t cutoff = 0;
    auto drift = static_cast<uint64_t>(MAXIMUM_LEDGER_CLOSETIME_DRIFT.count());
    if (enforceRecent && nowUnix >= drift)
        cutoff = nowUnix - drift;
    auto slot = st.slotIndex;
    auto lastIndex = trackingLedger_;
    auto lastCloseTime = trackingCloseTime_;
    auto slip = static_cast<uint64_t>(MAX_TIME_SLIP_SECONDS.count());
    for (auto const& v : statementValues(st))
    {
        StellarValue sv;
        try
        {
            xdr::fromBytes(v, sv);
        }
        catch (xdr::XdrError const&)
        {
            continue;
        }
        if (sv.closeTime < cutoff)
            continue;
        bool sameSlot = lastIndex == slot && lastCloseTime == sv.closeTime; // received after the fact
        bool olderSlot = lastIndex > slot && lastCloseTime > sv.closeTime;
        bool plausible = sv.closeTime > lastCloseTime && sv.closeTime <= nowUnix + slip; // core: HerderSCPDriver::checkCloseTime
        if (sameSlot || olderSlot || plausible)
            return true;
    }
    return false;
}

void
LedgerTracker::eraseBelow(uint64_t slot)
{
    externalizes_.erase(externalizes_.begin(), externalizes_.lower_bound(slot));
}

}
