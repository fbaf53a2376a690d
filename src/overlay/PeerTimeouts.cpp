#include "overlay/PeerTimeouts.h"

namespace stellar
{

std::optional<DropCause>
timeoutCause(PeerActivity const& activity, ClockTime now, OverlayConfig const& config)
{
    auto const idle = activity.authenticated ? config.PEER_TIMEOUT : config.PEER_AUTHENTICATION_TIMEOUT;
    if (now - activity.lastRead >= idle && now - activity.lastWrite >= idle)
        return DropCause::IdleTimeout;
    if (activity.noOutboundCapacitySince && now - *activity.noOutboundCapacitySince >= PEER_SEND_MODE_IDLE_TIMEOUT)
        return DropCause::NoOutboundCapacityTimeout;
    if (now - activity.enqueueTimeOfLastWrite >= config.PEER_STRAGGLER_TIMEOUT)
        return DropCause::Straggling;
    return std::nullopt;
}

}
