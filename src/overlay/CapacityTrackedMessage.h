#pragma once
// G9: the inbound capacity a message takes is given back by this guard's
// destructor, on every path: processed, ignored, dropped mid-way, or left by
// an exception (core: CapacityTrackedMessage). The Peer builds one per message
// it reads, before it dispatches it; nowhere else is capacity locked or
// released by hand. Building it locks the message's cost (core:
// Peer::beginMessageProcessing); a flood message beyond the granted credit
// drops the peer ("unexpected flood message, peer at capacity") and leaves
// the guard unlocked. Destroying a locked guard releases the cost through
// Peer::endMessageProcessing, which may send SEND_MORE_EXTENDED or resume
// reading. The guard holds its peer weakly: once the peer is gone there is
// nothing to give back.
//
// It also carries what the wire bytes already tell about the message: the
// flood key (BLAKE2b-256 of the StellarMessage XDR) of an SCP_MESSAGE or
// TRANSACTION, and a TRANSACTION's full hash (SHA-256 of the envelope XDR),
// so that neither is computed from a re-encoding.

#include "overlay/FlowControlCapacity.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace stellar
{

class Peer;

class CapacityTrackedMessage
{
  public:
    // `messageXdr` is the StellarMessage's XDR as it came off the wire.
    CapacityTrackedMessage(std::shared_ptr<Peer> const& peer, StellarMessage msg,
                           std::span<uint8_t const> messageXdr);
    ~CapacityTrackedMessage();
    CapacityTrackedMessage(CapacityTrackedMessage const&) = delete;
    CapacityTrackedMessage& operator=(CapacityTrackedMessage const&) = delete;

    StellarMessage const& message() const { return msg_; }
    // A TRANSACTION's envelope, for the application to keep; the message
    // keeps its type, and its envelope is left empty.
    TransactionEnvelope takeTransaction() { return std::move(msg_.transaction()); }
    MessageCost cost() const { return cost_; }
    bool locked() const { return locked_; }
    std::optional<Hash> const& floodKey() const { return floodKey_; }
    std::optional<Hash> const& txFullHash() const { return txFullHash_; }

  private:
    std::weak_ptr<Peer> peer_;
    StellarMessage msg_;
    MessageCost cost_;
    bool locked_ = false;
    std::optional<Hash> floodKey_;
    std::optional<Hash> txFullHash_;
};

}
