#pragma once
// Who gets a connection slot, decided as a value (core:
// OverlayManagerImpl::haveSpaceForConnection and acceptAuthenticatedPeer).
//
// A connection that arrives takes one of MAX_INBOUND_PENDING_CONNECTIONS
// pending slots, or one of POSSIBLY_PREFERRED_EXTRA (2) more when its IP is
// one a preferred peer has used (spec 10.2). When none is free it still gets
// in: the pending inbound connection that has waited longest without saying
// HELLO is closed for it, or, when every one has said HELLO, the one that has
// waited longest. stellar-core refuses the newcomer instead (E25): there,
// connections that never speak keep an honest peer out until the
// authentication timeout frees a slot. A peer that completes AUTH takes an
// authenticated slot of its direction: a preferred peer takes a free one or
// evicts a non-preferred peer, a non-preferred peer takes a free one unless
// PREFERRED_PEERS_ONLY, and anyone else is refused with ERR_LOAD
// "peer rejected" (spec 10.4, G11). OverlayManager applies the verdict.

#include "overlay/DropCause.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

namespace stellar
{

inline constexpr uint32_t POSSIBLY_PREFERRED_EXTRA = 2; // core: Config::POSSIBLY_PREFERRED_EXTRA

struct Accept
{
    friend bool operator==(Accept const&, Accept const&) = default;
};
struct AcceptEvicting
{
    NodeID victim; // gets ERR_LOAD "preferred peer selected instead"
    friend bool operator==(AcceptEvicting const&, AcceptEvicting const&) = default;
};
struct AcceptEvictingPending
{
    std::size_t victim; // its index among the pending connections given; closed silently
    friend bool operator==(AcceptEvictingPending const&, AcceptEvictingPending const&) = default;
};
struct Refuse
{
    DropCause cause;
    friend bool operator==(Refuse const&, Refuse const&) = default;
};
using Admission = std::variant<Accept, AcceptEvicting, AcceptEvictingPending, Refuse>;

// What admission needs to know about a peer holding an authenticated slot.
struct SlotHolder
{
    NodeID id;
    bool preferred = false;
};

// What admission needs to know about a pending inbound connection.
struct PendingConnection
{
    ClockTime since;        // when it was accepted
    bool saidHello = false; // a HELLO arrived on it
};

// A connection accepted on the listening socket, before it is a peer;
// `pending` are the inbound connections still in the handshake.
Admission admitInbound(std::span<PendingConnection const> pending, uint32_t maxInboundPending,
                       bool possiblyPreferred);

// A peer that completed AUTH. `holders` are the authenticated peers of its
// direction; the first non-preferred one is the one evicted.
Admission admitAuthenticated(bool preferred, std::span<SlotHolder const> holders, uint32_t maxAuthenticated,
                             bool preferredPeersOnly);

}
