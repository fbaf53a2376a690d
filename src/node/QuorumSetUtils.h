#pragma once
// Quorum-set arithmetic that stellar-core's config validation needs, with
// core's names (scp/QuorumSetUtils and the static helpers of scp/LocalNode):
// sanity (overlay/QuorumSetSanity, which checks peers' quorum sets too),
// normal form, v-blocking sets. Pure functions of an SCPQuorumSet.

#include "overlay/QuorumSetSanity.h"
#include "xdr/StellarXdr.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

struct NodeIDOrder
{
    bool operator()(NodeID const& a, NodeID const& b) const { return a.ed25519() < b.ed25519(); }
};
using NodeIDSet = std::set<NodeID, NodeIDOrder>;

// core: normalizeQSet: singleton inner sets merged up, then validators and
// inner sets sorted.
void normalizeQSet(SCPQuorumSet& qset);

// core: LocalNode::forAllNodes, every validator at any depth (stops early when
// `proc` returns false).
void forAllNodes(SCPQuorumSet const& qset, std::function<bool(NodeID const&)> const& proc);
NodeIDSet allNodes(SCPQuorumSet const& qset);

// core: LocalNode::isVBlocking.
bool isVBlocking(SCPQuorumSet const& qset, std::vector<NodeID> const& nodes);

// core: LocalNode::isQuorumSlice: `nodes` meet the threshold, each inner set
// whose own threshold they meet counting as one entry. A threshold of 0 is
// met by nothing.
bool isQuorumSlice(SCPQuorumSet const& qset, std::vector<NodeID> const& nodes);

// core: LocalNode::findClosestVBlocking: a smallest set of nodes outside
// `nodes` whose failure blocks every quorum slice; `excluded` counts neither
// way (the node whose view is asked for).
std::vector<NodeID> findClosestVBlocking(SCPQuorumSet const& qset, NodeIDSet const& nodes,
                                         NodeID const* excluded = nullptr);

}
