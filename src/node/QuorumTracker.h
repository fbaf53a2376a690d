#pragma once
// The nodes in this node's transitive quorum, as far as it knows it (core:
// QuorumTracker): the validators of its own quorum set, then the validators
// of each of those nodes' quorum sets, and so on, breadth first. A node's
// quorum set is the one its latest statement names, once that set is here.
// core's PendingEnvelopes discards envelopes from anyone outside it, which
// also bounds what a node keeps per slot; surveys are allowed from inside it.

#include "node/LedgerTracker.h"
#include "xdr/StellarXdr.h"

#include <functional>
#include <optional>
#include <set>

namespace stellar
{

class QuorumTracker
{
  public:
    using Lookup = std::function<std::optional<SCPQuorumSet>(NodeID const&)>;

    explicit QuorumTracker(SCPQuorumSet local) : local_(std::move(local)) {}

    // Recomputes from the local quorum set; `lookup` gives a node's quorum
    // set when it is known.
    void rebuild(Lookup const& lookup);
    bool isNodeDefinitelyInQuorum(NodeID const& node) const { return quorum_.count(node) != 0; }
    std::size_t size() const { return quorum_.size(); }

  private:
    SCPQuorumSet local_;
    NodeIDSet quorum_;
};

}
