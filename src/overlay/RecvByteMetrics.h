#pragma once
// Bytes received, told apart by whether this node saw the same message
// before (core: OverlayManagerImpl::recordMessageMetric). Flood messages
// (SCP_MESSAGE, TRANSACTION, FLOOD_ADVERT, FLOOD_DEMAND and the time-sliced
// survey messages) go to overlay.flood.{unique,duplicate}-recv, fetched items
// (TX_SET, GENERALIZED_TX_SET, SCP_QUORUMSET) to
// overlay.fetch.{unique,duplicate}-recv, both meters of bytes; other types
// are not counted. "Seen before" means among the last 65,535 distinct
// messages, keyed by the SipHash of their XDR under this process's key,
// as core keys its message cache: an operator reads duplicate-recv over
// unique-recv as the network's redundancy, with the same meaning for core
// and for this node.

#include "util/Metrics.h"
#include "util/RandomEvictionCache.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <span>

namespace stellar
{

class RecvByteMetrics
{
  public:
    static constexpr std::size_t CACHE_SIZE = 0xffff; // core: OverlayManagerImpl::mMessageCache

    explicit RecvByteMetrics(MetricsRegistry& metrics) : metrics_(metrics) {}

    // `messageXdr` is the StellarMessage's XDR as it came off the wire.
    void record(MessageType type, std::span<uint8_t const> messageXdr);

  private:
    MetricsRegistry& metrics_;
    RandomEvictionCache<uint64_t, bool> seen_{CACHE_SIZE};
};

}
