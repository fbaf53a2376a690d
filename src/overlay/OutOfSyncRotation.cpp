#include "overlay/OutOfSyncRotation.h"

#include <vector>

namespace stellar
{

bool
OutOfSyncRotation::onTick(bool synced, bool full, ClockTime now)
{
    if (synced)
    {
        since_.reset();
        return false;
    }
    if (!since_)
    {
        since_ = now;
        return false;
    }
    // Strictly more than the delay (E27).
    if (now - *since_ <= OUT_OF_SYNC_RECONNECT_DELAY || !full)
        return false;
    since_ = now;
    return true;
}

std::optional<NodeID>
pickOutboundPeerToDrop(std::span<SlotHolder const> outbound, std::mt19937_64& random)
{
    std::vector<NodeID const*> candidates;
    for (auto const& p : outbound)
        if (!p.preferred)
            candidates.push_back(&p.id);
    if (candidates.empty())
        return std::nullopt;
    return *candidates[std::uniform_int_distribution<uint64_t>(0, candidates.size() - 1)(random)];
}

}
