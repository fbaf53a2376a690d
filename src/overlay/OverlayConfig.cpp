#include "overlay/OverlayConfig.h"

#include <algorithm>
#include <cmath>

namespace stellar
{

namespace
{
// core: OverlayManager::MIN_INBOUND_FACTOR
constexpr uint32_t MIN_INBOUND_FACTOR = 3;
}

uint32_t
OverlayConfig::maxAdditionalPeerConnections() const
{
    if (MAX_ADDITIONAL_PEER_CONNECTIONS >= 0)
        return static_cast<uint32_t>(MAX_ADDITIONAL_PEER_CONNECTIONS);
    return std::min<uint32_t>(TARGET_PEER_CONNECTIONS * 8, UINT16_MAX);
}

uint32_t
OverlayConfig::targetPeerConnections() const
{
    // Outbound connections are capped by the inbound room (core: Config::adjust).
    return std::min(TARGET_PEER_CONNECTIONS, maxAdditionalPeerConnections() / MIN_INBOUND_FACTOR + MIN_INBOUND_FACTOR);
}

uint32_t
OverlayConfig::maxOutboundPendingConnections() const
{
    auto total = targetPeerConnections() + maxAdditionalPeerConnections();
    if (total == 0)
        return 0;
    double rate = double(targetPeerConnections()) / total;
    return std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(MAX_PENDING_CONNECTIONS * rate)));
}

uint32_t
OverlayConfig::maxInboundPendingConnections() const
{
    if (targetPeerConnections() + maxAdditionalPeerConnections() == 0)
        return 0;
    auto outbound = maxOutboundPendingConnections();
    return MAX_PENDING_CONNECTIONS > outbound ? MAX_PENDING_CONNECTIONS - outbound : 1;
}

}
