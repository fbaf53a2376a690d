#include "overlay/RecvByteMetrics.h"

#include "crypto/DigestHasher.h"
#include "crypto/ShortHash.h"

namespace stellar
{

namespace
{
enum class Kind
{
    None,
    Flood,
    Fetch
};

Kind
kindOf(MessageType type)
{
    switch (type)
    {
    case SCP_MESSAGE:
    case TRANSACTION:
    case FLOOD_ADVERT:
    case FLOOD_DEMAND:
    case TIME_SLICED_SURVEY_REQUEST:
    case TIME_SLICED_SURVEY_RESPONSE:
    case TIME_SLICED_SURVEY_START_COLLECTING:
    case TIME_SLICED_SURVEY_STOP_COLLECTING: return Kind::Flood;
    case TX_SET:
    case GENERALIZED_TX_SET:
    case SCP_QUORUMSET: return Kind::Fetch;
    default: return Kind::None;
    }
}
}

void
RecvByteMetrics::record(MessageType type, std::span<uint8_t const> messageXdr, std::optional<Hash> const& floodKey,
                        PeerRecvCounts& peer)
{
    auto kind = kindOf(type);
    if (kind == Kind::None)
        return;
    // A repeat does not refresh its entry (core: exists, then put when new).
    auto key = floodKey ? static_cast<uint64_t>(crypto::DigestHasher{}(*floodKey)) : crypto::shortHash(messageXdr);
    bool unique = !seen_.exists(key);
    if (unique)
        seen_.put(key, true);
    auto& meter = kind == Kind::Flood ? (unique ? metrics_.floodUniqueRecv : metrics_.floodDuplicateRecv)
                                      : (unique ? metrics_.fetchUniqueRecv : metrics_.fetchDuplicateRecv);
    meter.inc(static_cast<int64_t>(messageXdr.size()));
    bool flood = kind == Kind::Flood;
    auto& bytes = flood ? (unique ? peer.uniqueFloodBytesRecv : peer.duplicateFloodBytesRecv)
                        : (unique ? peer.uniqueFetchBytesRecv : peer.duplicateFetchBytesRecv);
    auto& messages = flood ? (unique ? peer.uniqueFloodMessageRecv : peer.duplicateFloodMessageRecv)
                           : (unique ? peer.uniqueFetchMessageRecv : peer.duplicateFetchMessageRecv);
    bytes += messageXdr.size();
    ++messages;
}

}
