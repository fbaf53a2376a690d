#include "overlay/Admission.h"

#include <algorithm>
#include <utility>

namespace stellar
{

Admission
admitInbound(std::span<PendingConnection const> pending, uint32_t maxInboundPending, bool possiblyPreferred)
{
    if (pending.size() < maxInboundPending)
        return Accept{};
    if (pending.size() < maxInboundPending + POSSIBLY_PREFERRED_EXTRA && possiblyPreferred)
        return Accept{};
    if (pending.empty())
        return Refuse{DropCause::PendingInboundFull};
    // Silent ones first, then the longest waiting.
    auto victim = std::min_element(pending.begin(), pending.end(), [](auto const& a, auto const& b) {
        return std::pair(a.saidHello, a.since) < std::pair(b.saidHello, b.since);
    });
    return AcceptEvictingPending{static_cast<std::size_t>(victim - pending.begin())};
}

Admission
admitAuthenticated(bool preferred, std::span<SlotHolder const> holders, uint32_t maxAuthenticated,
                   bool preferredPeersOnly)
{
    bool const freeSlot = holders.size() < maxAuthenticated;
    if (preferred)
    {
        if (freeSlot)
            return Accept{};
        for (auto const& h : holders)
            if (!h.preferred)
                return AcceptEvicting{h.id};
    }
    else if (!preferredPeersOnly && freeSlot)
        return Accept{};
    return Refuse{DropCause::PeerRejected};
}

}
