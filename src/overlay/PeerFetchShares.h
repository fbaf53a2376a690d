#pragma once
// What each peer's SCP envelopes hold of the fetcher (PendingEnvelopes): an
// envelope waiting for items is charged to the peer it came from, one unit
// per item it lacked when it was held (at least one), so that a peer's share
// bounds both the envelopes and the searches it causes. PendingEnvelopes
// makes room from the oldest envelopes of a peer over PEER_FETCH_BUDGET, and,
// when the node's own bounds are reached, of the peer holding the most: one
// peer naming items nobody serves cannot push out another's (core has no
// such bound: it fetches only for envelopes of nodes in its transitive
// quorum, PendingEnvelopes::recvSCPEnvelope: E35).

#include "xdr/StellarXdr.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace stellar
{

class PeerFetchShares
{
  public:
    struct Charge
    {
        std::string peer; // its address, as the flood records name it
        uint64_t seq = 0; // arrival order among every charge
        std::size_t units = 0;
    };

    Charge charge(std::string const& peer, Hash const& floodKey, std::size_t items);
    void uncharge(Charge const& c);
    std::size_t unitsOf(std::string const& peer) const;
    // The flood key of the oldest envelope charged to `peer`.
    std::optional<Hash> oldestOf(std::string const& peer) const;
    // The peer charged the most units.
    std::optional<std::string> largest() const;

  private:
    struct Share
    {
        std::size_t units = 0;
        std::map<uint64_t, Hash> held; // flood keys by arrival
    };
    std::map<std::string, Share> shares_;
    uint64_t nextSeq_ = 0;
};

}
