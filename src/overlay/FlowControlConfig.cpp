#include "overlay/FlowControlConfig.h"

namespace stellar
{

namespace
{
// core: OverlayManagerImpl.cpp
constexpr uint32_t INITIAL_PEER_FLOOD_READING_CAPACITY_BYTES = 300000;
constexpr uint32_t INITIAL_FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 100000;

bool
derived(OverlayConfig const& config)
{
    return config.PEER_FLOOD_READING_CAPACITY_BYTES == 0 && config.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES == 0;
}
}

uint32_t
flowControlBytesTotal(OverlayConfig const& config, uint32_t maxTxSize)
{
    if (!derived(config))
        return config.PEER_FLOOD_READING_CAPACITY_BYTES;
    if (INITIAL_PEER_FLOOD_READING_CAPACITY_BYTES - INITIAL_FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES < maxTxSize)
        return maxTxSize + INITIAL_FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES;
    return INITIAL_PEER_FLOOD_READING_CAPACITY_BYTES;
}

uint32_t
flowControlBytesBatch(OverlayConfig const& config)
{
    return derived(config) ? INITIAL_FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES
                           : config.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES;
}

FlowControlSettings
flowControlSettings(OverlayConfig const& config, uint32_t maxTxSize)
{
    FlowControlSettings s;
    s.peerFloodReadingCapacity = config.PEER_FLOOD_READING_CAPACITY;
    s.peerReadingCapacity = config.PEER_READING_CAPACITY;
    s.sendMoreBatchSize = config.FLOW_CONTROL_SEND_MORE_BATCH_SIZE;
    s.floodReadingCapacityBytes = flowControlBytesTotal(config, maxTxSize);
    s.sendMoreBatchSizeBytes = flowControlBytesBatch(config);
    s.outboundTxQueueByteLimit = config.OUTBOUND_TX_QUEUE_BYTE_LIMIT;
    return s;
}

}
