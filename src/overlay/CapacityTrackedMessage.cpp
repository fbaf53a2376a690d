#include "overlay/CapacityTrackedMessage.h"

#include "crypto/BLAKE2.h"
#include "crypto/SHA.h"
#include "overlay/Peer.h"
#include "util/Log.h"

namespace stellar
{

CapacityTrackedMessage::CapacityTrackedMessage(std::shared_ptr<Peer> const& peer, StellarMessage msg,
                                               std::span<uint8_t const> messageXdr)
    : peer_(peer), msg_(std::move(msg)), cost_{isFloodMessage(msg_.type()), messageXdr.size()}
{
    auto type = msg_.type();
    if (type == SCP_MESSAGE || type == TRANSACTION)
        floodKey_ = crypto::blake2b256(messageXdr);
    // The envelope follows the 4-byte union tag.
    if (type == TRANSACTION)
        txFullHash_ = crypto::sha256(messageXdr.subspan(4));
    locked_ = peer->beginMessageProcessing(cost_);
}

CapacityTrackedMessage::~CapacityTrackedMessage()
{
    if (!locked_)
        return;
    if (auto peer = peer_.lock())
        peer->endMessageProcessing(cost_);
}

}
