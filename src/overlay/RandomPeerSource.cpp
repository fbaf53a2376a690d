#include "overlay/RandomPeerSource.h"

#include <algorithm>

namespace stellar
{

PeerQuery
RandomPeerSource::maxFailures(uint32_t maxFailures, bool outbound)
{
    return {.useNextAttempt = false,
            .maxNumFailures = maxFailures,
            .typeFilter = outbound ? PeerTypeFilter::ANY_OUTBOUND : PeerTypeFilter::INBOUND_ONLY};
}

PeerQuery
RandomPeerSource::nextAttemptCutoff(PeerType type)
{
    PeerTypeFilter filter = PeerTypeFilter::INBOUND_ONLY;
    switch (type)
    {
    case PeerType::INBOUND:
        filter = PeerTypeFilter::INBOUND_ONLY;
        break;
    case PeerType::OUTBOUND:
        filter = PeerTypeFilter::OUTBOUND_ONLY;
        break;
    case PeerType::PREFERRED:
        filter = PeerTypeFilter::PREFERRED_ONLY;
        break;
    }
    return {.useNextAttempt = true, .maxNumFailures = REALLY_DEAD_NUM_FAILURES_CUTOFF, .typeFilter = filter};
}

RandomPeerSource::RandomPeerSource(PeerManager& peerManager, PeerQuery query)
    : peerManager_(peerManager), query_(std::move(query))
{
}

std::vector<PeerBareAddress>
RandomPeerSource::getRandomPeers(std::size_t size, std::function<bool(PeerBareAddress const&)> const& keep)
{
    if (size == 0)
        return {};
    if (cache_.size() < size)
        cache_ = peerManager_.loadRandomPeers(query_, std::max(size, PEER_BATCH_SIZE));

    std::vector<PeerBareAddress> result;
    auto it = cache_.begin();
    for (; it != cache_.end() && result.size() < size; ++it)
    {
        if (keep(*it))
            result.push_back(*it);
    }
    cache_.erase(cache_.begin(), it);
    return result;
}

}
