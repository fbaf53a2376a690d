#include "overlay/OverlayConfig.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

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

void
OverlayConfig::checkFlowControl(uint32_t maxTxSize) const
{
    auto fail = [](std::string const& sentence) { throw std::invalid_argument(sentence); };
    if (FLOW_CONTROL_SEND_MORE_BATCH_SIZE > PEER_FLOOD_READING_CAPACITY)
        fail(fmt::format("FLOW_CONTROL_SEND_MORE_BATCH_SIZE: {} is above PEER_FLOOD_READING_CAPACITY ({}): "
                         "expected a batch no larger than the capacity it gives back",
                         FLOW_CONTROL_SEND_MORE_BATCH_SIZE, PEER_FLOOD_READING_CAPACITY));
    if (PEER_READING_CAPACITY <= PEER_FLOOD_READING_CAPACITY)
        fail(fmt::format("PEER_READING_CAPACITY: {} is not above PEER_FLOOD_READING_CAPACITY ({}): expected at "
                         "least one message of room for non-flood traffic",
                         PEER_READING_CAPACITY, PEER_FLOOD_READING_CAPACITY));
    // Both byte keys at 0: derived from maxTxSize, always consistent.
    if (PEER_FLOOD_READING_CAPACITY_BYTES == 0 && FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES == 0)
        return;
    if (FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES > PEER_FLOOD_READING_CAPACITY_BYTES)
        fail(fmt::format("FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES: {} is above PEER_FLOOD_READING_CAPACITY_BYTES "
                         "({}): expected a batch no larger than the capacity it gives back (or both 0 to derive "
                         "them)",
                         FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES, PEER_FLOOD_READING_CAPACITY_BYTES));
    if (PEER_FLOOD_READING_CAPACITY_BYTES - FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES < maxTxSize)
        fail(fmt::format("PEER_FLOOD_READING_CAPACITY_BYTES: {} minus FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES ({}) "
                         "is below the largest transaction ({} bytes): expected room for a batch plus one "
                         "transaction (or both 0 to derive them)",
                         PEER_FLOOD_READING_CAPACITY_BYTES, FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES, maxTxSize));
}

}
