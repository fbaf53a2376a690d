#pragma once
// The flow-control numbers a new peer starts from: the operator's settings,
// and the byte axis derived from the network's largest transaction when both
// byte settings are 0 (spec 8.3; core: OverlayManager::getFlowControlBytesTotal
// and getFlowControlBytesBatch). Room for one largest transaction beyond a
// batch is the rule: 300,000 bytes of credit and 100,000-byte batches unless
// a transaction may be larger than the difference.

#include "overlay/FlowControl.h"
#include "overlay/OverlayConfig.h"

#include <cstdint>

namespace stellar
{

// Flood bytes each peer may send us before we return credit.
uint32_t flowControlBytesTotal(OverlayConfig const& config, uint32_t maxTxSize);
// Flood bytes processed before we return them in a SEND_MORE_EXTENDED.
uint32_t flowControlBytesBatch(OverlayConfig const& config);
FlowControlSettings flowControlSettings(OverlayConfig const& config, uint32_t maxTxSize);

}
