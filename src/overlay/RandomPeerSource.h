#pragma once
// A source of random peers for one PeerQuery, read from the database in
// batches (core: RandomPeerSource). Each call hands out addresses from the
// front of a cached, shuffled batch and drops what it walked past, including
// addresses the predicate refused; when fewer than the requested number are
// cached, it loads a fresh batch first. So successive callers see different
// addresses without a query per call.

#include "overlay/PeerBareAddress.h"
#include "overlay/PeerManager.h"

#include <functional>
#include <vector>

namespace stellar
{

class RandomPeerSource
{
  public:
    // Rows with at most `maxFailures`, OUTBOUND/PREFERRED when `outbound`,
    // INBOUND otherwise; nextattempt is not looked at.
    static PeerQuery maxFailures(uint32_t maxFailures, bool outbound);
    // Rows of exactly `type` that may be dialled now and are not dead.
    static PeerQuery nextAttemptCutoff(PeerType type);

    RandomPeerSource(PeerManager& peerManager, PeerQuery query);

    std::vector<PeerBareAddress> getRandomPeers(std::size_t size,
                                                std::function<bool(PeerBareAddress const&)> const& keep);

  private:
    PeerManager& peerManager_;
    PeerQuery const query_;
    std::vector<PeerBareAddress> cache_;
};

}
