#pragma once
// SCP envelopes that wait for the items they reference, and the fetching of
// those items (core: PendingEnvelopes' fetching half; HERDER_SPEC 14.3 to
// 14.6). The application judges an envelope (OverlayApp::recvSCPEnvelope);
// when it answers Fetching, the envelope is held here and every item it
// names that the application lacks is fetched: each tx set its values name
// (StellarValue.txSetHash) and its companion quorum set. When an item
// arrives, the envelopes that waited for it go back to the application, and
// the ones it then calls Ready are returned to be flooded: an envelope is
// flooded once, only after its items arrived.
//
// What a peer sends is checked before anything uses it:
//  - an item nobody is fetching is ignored (a tx set under core's contents
//    hash, overlay/TxSetFrame; a quorum set under the SHA-256 of its XDR, so
//    one that does not hash to what was asked is an item nobody asked for);
//  - a quorum set that is not sane (overlay/QuorumSetSanity), or an item the
//    application refuses, discards every envelope waiting for it: they are
//    remembered as discarded until their slot is forgotten.
// Fetching for a slot stops when the node forgets the slot (the application's
// minLedgerSeqToRemember), except the latest checkpoint's.
//
// Bounded: MAX_FETCHING_ENVELOPES envelopes of at most MAX_FETCHING_BYTES in
// all wait at once, ItemFetcher::MAX_TRACKED_ITEMS items of each kind are
// fetched at once, MAX_DISCARDED_ENVELOPES discarded ones are remembered.
// Each waiting envelope is charged to the peer it came from (PeerFetchShares):
// a peer over PEER_FETCH_BUDGET (util/Limits.h) loses its own oldest waiting
// envelopes first, and when the bounds above are reached the peer charged the
// most loses its oldest, so one peer naming items nobody serves cannot stop
// another's envelopes from being fetched. A copy of a waiting envelope from a
// peer charged less takes the charge over. An envelope let go is not fetched
// (the application sees it again when a peer sends it again).

#include "overlay/ItemFetcher.h"
#include "overlay/OverlayApp.h"
#include "overlay/PeerFetchShares.h"
#include "util/Clock.h"

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

class PendingEnvelopes
{
  public:
    static constexpr std::size_t MAX_FETCHING_ENVELOPES = 10'000;
    static constexpr std::size_t MAX_FETCHING_BYTES = 32 * 1024 * 1024;
    static constexpr std::size_t MAX_DISCARDED_ENVELOPES = 10'000;

    explicit PendingEnvelopes(OverlayManager& overlay);

    // An envelope from the peer at address `from`: what the application said
    // (Discarded too when it was discarded before, or cannot be fetched
    // within the bounds).
    OverlayApp::EnvelopeStatus recvSCPEnvelope(SCPEnvelope const& env, Hash const& floodKey, std::string const& from);
    // An item from a peer, under the hash it is known by. The envelopes that
    // became Ready, to be flooded.
    std::vector<WaitingEnvelope> recvTxSet(Hash const& hash, StellarMessage const& txSetMessage);
    std::vector<WaitingEnvelope> recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset);
    void peerDoesntHave(MessageType type, Hash const& hash, Peer const& peer);
    // The node forgot the slots below `minSlot`.
    void stopFetchingBelow(uint64_t minSlot, uint64_t slotToKeep);

    std::size_t fetchingCount() const { return fetching_.size(); }
    bool isFetchingTxSet(Hash const& hash) const { return txSets_.isFetching(hash); }
    bool isFetchingQuorumSet(Hash const& hash) const { return qsets_.isFetching(hash); }

  private:
    struct Fetching
    {
        uint64_t slot = 0;
        std::size_t bytes = 0;
        ClockTime since; // first received (scp.fetch.envelope)
        std::shared_ptr<SCPEnvelope const> envelope;
        PeerFetchShares::Charge charge;
    };

    bool hold(WaitingEnvelope const& w, std::string const& from);
    bool makeRoom(WaitingEnvelope const& w, std::size_t bytes, std::string const& from, std::size_t items);
    bool roomFor(SCPStatement const& st, std::size_t bytes) const;
    // The items `st` names that the application lacks; with `newSearchesOnly`,
    // only those not fetched yet.
    struct Lacked
    {
        std::size_t qsets = 0;
        std::size_t txSets = 0;
    };
    Lacked lacked(SCPStatement const& st, bool newSearchesOnly) const;
    bool evictOldestOf(std::string const& peer);
    void chargeTo(Hash const& floodKey, Fetching& held, std::string const& from);
    std::map<Hash, Fetching>::iterator forget(std::map<Hash, Fetching>::iterator it);
    bool startFetch(WaitingEnvelope const& w);
    void stopFetch(WaitingEnvelope const& w);
    void release(WaitingEnvelope const& w);
    void discard(WaitingEnvelope const& w);
    bool isDiscarded(uint64_t slot, Hash const& floodKey) const;
    std::vector<WaitingEnvelope> retry(std::vector<WaitingEnvelope> const& waiting);
    void updateMetrics();

    OverlayManager& overlay_;
    OverlayApp& app_;
    ItemFetcher txSets_;
    ItemFetcher qsets_;
    std::map<Hash, Fetching> fetching_; // by flood key
    std::size_t fetchingBytes_ = 0;
    PeerFetchShares shares_;
    std::map<uint64_t, std::set<Hash>> discarded_; // flood keys by slot
    std::size_t discardedCount_ = 0;
};

}
