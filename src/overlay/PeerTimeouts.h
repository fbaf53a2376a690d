#pragma once
// When a connection has been quiet or stuck for too long (spec 4.6, G2;
// core: Peer::recurrentTimerExpired). The rule is checked only on each peer's
// RECURRENT_TIMER_PERIOD timer (E03), in stellar-core's order:
// - idle: nothing read and nothing written for PEER_AUTHENTICATION_TIMEOUT
//   before AUTH, PEER_TIMEOUT after it;
// - no outbound capacity: a flood message has waited for the remote's credit
//   for PEER_SEND_MODE_IDLE_TIMEOUT (E05: that clock starts at connect and
//   restarts at every blocked send);
// - straggling: the last message written to the socket was queued
//   PEER_STRAGGLER_TIMEOUT ago (E23).

#include "overlay/DropCause.h"
#include "overlay/OverlayConfig.h"
#include "util/Clock.h"

#include <chrono>
#include <optional>

namespace stellar
{

inline constexpr std::chrono::seconds RECURRENT_TIMER_PERIOD{5};       // core: Peer::startRecurrentTimer
inline constexpr std::chrono::seconds PEER_SEND_MODE_IDLE_TIMEOUT{60}; // core: Peer.h

// What the rule looks at, as the Peer has it when its timer fires.
struct PeerActivity
{
    bool authenticated = false;
    ClockTime lastRead{};
    ClockTime lastWrite{};
    ClockTime enqueueTimeOfLastWrite{};
    // Since when a flood message has waited for credit (FlowControl).
    std::optional<ClockTime> noOutboundCapacitySince;
};

// The timeout that has run out at `now`, if any.
std::optional<DropCause> timeoutCause(PeerActivity const& activity, ClockTime now, OverlayConfig const& config);

}
