#include "overlay/Admission.h"

namespace stellar
{

Admission
admitInbound(std::size_t pendingInbound, uint32_t maxInboundPending, bool possiblyPreferred)
{
    if (pendingInbound < maxInboundPending)
        return Accept{};
    if (pendingInbound < maxInboundPending + POSSIBLY_PREFERRED_EXTRA && possiblyPreferred)
        return Accept{};
    return Refuse{DropCause::PendingInboundFull};
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
