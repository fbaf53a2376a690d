#pragma once
// What each peer's SCP envelopes hold of what the node remembers of a slot:
// the envelopes it accepted (the application's processed set) and their
// flood records. Each new valid envelope is charged to the peer that sent it
// first, in its slot. A peer at PEER_SCP_SLOT_BUDGET for a slot has its
// further new envelopes for that slot dropped unread; when the node holds
// MAX_RELAYED_SCP_ENVELOPES, the peer charged the most in one slot loses its
// oldest there: the node forgets it, and a later copy is judged again. So a
// peer signing distinct statements for one slot with keys that cost nothing
// fills only its own share, and an honest peer's envelopes are still
// accepted and flooded. core has no such bound: it accepts only envelopes of
// nodes in its transitive quorum; this node may follow no quorum set (E38).

#include "xdr/StellarXdr.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace stellar
{

class ScpRelayShares
{
  public:
    struct Charged
    {
        uint64_t slot = 0;
        Hash floodKey{};     // the Floodgate's record
        Hash envelopeHash{}; // SHA-256 of the envelope's XDR (the application's)
    };

    ScpRelayShares(std::size_t peerSlotBudget, std::size_t maxCharged);

    // Whether `peer` may still have a new envelope of `slot` accepted.
    bool hasRoom(uint64_t slot, std::string const& peer) const;
    // Charges an accepted envelope to `peer`; what the node must forget to
    // stay within its bound (at most one).
    std::optional<Charged> charge(std::string const& peer, Charged const& c);
    // The node forgot the slots below `slot`.
    void eraseBelow(uint64_t slot);

    std::size_t size() const { return total_; }
    std::size_t chargedTo(uint64_t slot, std::string const& peer) const;
    // The most charged to one peer in one slot.
    std::size_t largestShare() const { return bySize_.empty() ? 0 : bySize_.rbegin()->first; }

  private:
    using ShareKey = std::pair<uint64_t, std::string>; // slot, peer
    void resize(ShareKey const& key, std::size_t from, std::size_t to);

    std::size_t peerSlotBudget_;
    std::size_t maxCharged_;
    std::map<ShareKey, std::deque<Charged>> shares_; // oldest first
    std::set<std::pair<std::size_t, ShareKey>> bySize_;
    std::size_t total_ = 0;
};

}
