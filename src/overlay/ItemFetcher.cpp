#include "overlay/ItemFetcher.h"

#include "overlay/OverlayManager.h"

namespace stellar
{

ItemFetcher::ItemFetcher(OverlayManager& overlay, Tracker::AskPeer askPeer, std::string timerName)
    : overlay_(overlay), askPeer_(std::move(askPeer)), timerName_(std::move(timerName))
{
}

bool
ItemFetcher::fetch(Hash const& itemHash, WaitingEnvelope const& waiting)
{
    auto it = trackers_.find(itemHash);
    if (it != trackers_.end())
    {
        it->second->listen(waiting);
        return true;
    }
    if (trackers_.size() >= MAX_TRACKED_ITEMS)
        return false;
    auto& tracker = trackers_[itemHash] = std::make_unique<Tracker>(overlay_, itemHash, askPeer_);
    tracker->listen(waiting);
    tracker->tryNextPeer();
    return true;
}

void
ItemFetcher::stopFetch(Hash const& itemHash, Hash const& floodKey)
{
    auto it = trackers_.find(itemHash);
    if (it == trackers_.end())
        return;
    it->second->discard(floodKey);
    if (it->second->empty())
        trackers_.erase(it);
}

std::vector<WaitingEnvelope>
ItemFetcher::fetchingFor(Hash const& itemHash) const
{
    auto it = trackers_.find(itemHash);
    return it == trackers_.end() ? std::vector<WaitingEnvelope>{} : it->second->waiting();
}

void
ItemFetcher::stopFetchingBelow(uint64_t minSlot, uint64_t slotToKeep)
{
    std::erase_if(trackers_, [&](auto const& entry) { return !entry.second->clearEnvelopesBelow(minSlot, slotToKeep); });
}

void
ItemFetcher::doesntHave(Hash const& itemHash, Peer const& peer)
{
    auto it = trackers_.find(itemHash);
    if (it != trackers_.end())
        it->second->doesntHave(peer);
}

std::vector<WaitingEnvelope>
ItemFetcher::recv(Hash const& itemHash)
{
    auto it = trackers_.find(itemHash);
    if (it == trackers_.end())
        return {};
    // The tracker goes first: what the caller does with the envelopes may
    // start new searches.
    auto tracker = std::move(it->second);
    trackers_.erase(it);
    overlay_.metrics().timer(timerName_).update(tracker->duration());
    return tracker->waiting();
}

}
