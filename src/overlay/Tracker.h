#pragma once
// The search for one item an SCP envelope needs, a tx set or a quorum set
// named by its hash, among the authenticated peers (core: Tracker). It asks
// one peer at a time (HERDER_SPEC 14.4):
//  - first the peers that sent us an envelope waiting for the item (they
//    likely have what it names), else any authenticated peer;
//  - among those, the ones in the lowest ping bucket (500 ms wide, a third of
//    the reply timeout; a peer never pinged counts as 24 h), one of them at
//    random;
//  - the next one on DONT_HAVE from the peer asked, or when it has not
//    answered within MS_TO_WAIT_FOR_FETCH_REPLY (overlay.item-fetcher.next-peer);
//  - a peer is asked once per round; one asked as "any peer" is asked again
//    once it has sent us a waiting envelope. When nobody is left, a new round
//    starts after MS_TO_WAIT_FOR_FETCH_REPLY x min(rounds, MAX_REBUILD_FETCH_LIST).
// It keeps the envelopes waiting for the item, each under its flood key, and
// the highest slot among them. Dropped peers are held weakly.

#include "overlay/Peer.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace stellar
{

class OverlayManager;

// An envelope waiting for items, and the key the flood records know it by
// (BLAKE2b-256 of the SCP_MESSAGE carrying it).
struct WaitingEnvelope
{
    Hash floodKey{};
    std::shared_ptr<SCPEnvelope const> envelope;
    uint64_t slot() const { return envelope->statement.slotIndex; }
};

class Tracker
{
  public:
    static constexpr std::chrono::milliseconds MS_TO_WAIT_FOR_FETCH_REPLY{1500}; // core: Tracker.cpp
    static constexpr int MAX_REBUILD_FETCH_LIST = 10;                           // core: Tracker.cpp
    using AskPeer = std::function<void(Peer&, Hash const&)>;

    Tracker(OverlayManager& overlay, Hash const& itemHash, AskPeer const& askPeer);
    Tracker(Tracker const&) = delete;
    Tracker& operator=(Tracker const&) = delete;

    // The same envelope (flood key) is kept once.
    void listen(WaitingEnvelope const& waiting);
    void discard(Hash const& floodKey);
    bool empty() const { return waiting_.empty(); }
    std::vector<WaitingEnvelope> const& waiting() const { return waiting_; }
    uint64_t lastSeenSlotIndex() const { return lastSeenSlot_; }
    // Since the search began (overlay.fetch.txset / overlay.fetch.qset).
    ClockDuration duration() const;

    // Forgets the envelopes of slots below `minSlot` but `slotToKeep`, and
    // stops asking when none is left; whether some are left.
    bool clearEnvelopesBelow(uint64_t minSlot, uint64_t slotToKeep);
    // `peer` does not have the item: if it is the one asked, ask the next.
    void doesntHave(Peer const& peer);
    void tryNextPeer();
    void cancel();

  private:
    using WeakPeer = std::weak_ptr<Peer>;
    bool canAsk(Peer::pointer const& peer, bool peerHasEnvelope) const;
    std::vector<Peer::pointer> peersWithEnvelope() const;
    Peer::pointer pickPeer(bool& peerHasEnvelope) const;

    OverlayManager& overlay_;
    Hash itemHash_;
    AskPeer askPeer_;
    ClockTime startedAt_;
    std::vector<WaitingEnvelope> waiting_;
    uint64_t lastSeenSlot_ = 0;
    std::optional<WeakPeer> lastAsked_; // set while a peer's answer is awaited
    // Peers asked this round, and whether they were asked as peers that sent
    // a waiting envelope.
    std::map<WeakPeer, bool, std::owner_less<WeakPeer>> asked_;
    int rounds_ = 0;
    Timer timer_;
};

}
