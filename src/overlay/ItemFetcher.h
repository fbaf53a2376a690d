#pragma once
// The searches for one kind of item (tx sets or quorum sets): one Tracker per
// item hash, for as long as an envelope waits for it (core: ItemFetcher).
// Whether a hash is being fetched is what decides if an item a peer sends is
// taken at all: nobody asked for it otherwise, and it is ignored.
// At most MAX_TRACKED_ITEMS searches at once: an envelope that would need
// more is not fetched.

#include "overlay/Tracker.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

class ItemFetcher
{
  public:
    // Far above what a network's validators name in the slots a node
    // remembers (a few tx sets per validator and slot).
    static constexpr std::size_t MAX_TRACKED_ITEMS = 1000;

    // `timerName` is the metric the time to fetch an item goes to.
    ItemFetcher(OverlayManager& overlay, Tracker::AskPeer askPeer, std::string timerName);

    // `waiting` needs the item: the search starts (the first peer is asked
    // at once) unless it is on already. False when MAX_TRACKED_ITEMS are
    // fetched already.
    bool fetch(Hash const& itemHash, WaitingEnvelope const& waiting);
    // `floodKey`'s envelope no longer waits for the item; a search nobody
    // waits for ends.
    void stopFetch(Hash const& itemHash, Hash const& floodKey);
    bool isFetching(Hash const& itemHash) const { return trackers_.count(itemHash) != 0; }
    // The envelopes waiting for the item.
    std::vector<WaitingEnvelope> fetchingFor(Hash const& itemHash) const;
    // Forgets the envelopes of slots below `minSlot` (but `slotToKeep`);
    // searches nobody waits for then end.
    void stopFetchingBelow(uint64_t minSlot, uint64_t slotToKeep);
    void doesntHave(Hash const& itemHash, Peer const& peer);
    // The item arrived: its search ends (timed), and the envelopes that waited
    // for it are returned.
    std::vector<WaitingEnvelope> recv(Hash const& itemHash);
    std::size_t size() const { return trackers_.size(); }

  private:
    OverlayManager& overlay_;
    Tracker::AskPeer askPeer_;
    std::string timerName_;
    std::map<Hash, std::unique_ptr<Tracker>> trackers_;
};

}
