#pragma once
// Bytes received, told apart by whether this node saw the same message
// before (core: OverlayManagerImpl::recordMessageMetric). Flood messages
// (SCP_MESSAGE, TRANSACTION, FLOOD_ADVERT, FLOOD_DEMAND and the time-sliced
// survey messages) go to overlay.flood.{unique,duplicate}-recv, fetched items
// (TX_SET, GENERALIZED_TX_SET, SCP_QUORUMSET) to
// overlay.fetch.{unique,duplicate}-recv, both meters of bytes; other types
// are not counted. "Seen before" means among the last 65,535 distinct
// messages, keyed by the SipHash of their XDR under this process's key,
// as core keys its message cache, or, for a message whose flood key
// (BLAKE2b-256 of that same XDR) is already known, by the keyed hash of that
// digest, which tells the same messages apart without reading the XDR again.
// An operator reads duplicate-recv over unique-recv as the network's
// redundancy, with the same meaning for core and for this node.

#include "overlay/OverlayMetrics.h"
#include "util/RandomEvictionCache.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <optional>
#include <span>

namespace stellar
{

// The same counts for one peer, in bytes and in messages (core:
// Peer::PeerMetrics), which time-sliced surveys report.
struct PeerRecvCounts
{
    uint64_t uniqueFloodBytesRecv = 0;
    uint64_t duplicateFloodBytesRecv = 0;
    uint64_t uniqueFetchBytesRecv = 0;
    uint64_t duplicateFetchBytesRecv = 0;
    uint64_t uniqueFloodMessageRecv = 0;
    uint64_t duplicateFloodMessageRecv = 0;
    uint64_t uniqueFetchMessageRecv = 0;
    uint64_t duplicateFetchMessageRecv = 0;
    friend bool operator==(PeerRecvCounts const&, PeerRecvCounts const&) = default;
};

class RecvByteMetrics
{
  public:
    static constexpr std::size_t CACHE_SIZE = 0xffff; // core: OverlayManagerImpl::mMessageCache

    explicit RecvByteMetrics(MessageMetrics& metrics) : metrics_(metrics) {}

    // `messageXdr` is the StellarMessage's XDR as it came off the wire,
    // `floodKey` its BLAKE2b-256 when computed; `peer` holds the counts of the
    // peer that sent it.
    void record(MessageType type, std::span<uint8_t const> messageXdr, std::optional<Hash> const& floodKey,
                PeerRecvCounts& peer);

  private:
    MessageMetrics& metrics_;
    RandomEvictionCache<uint64_t, bool> seen_{CACHE_SIZE};
};

}
