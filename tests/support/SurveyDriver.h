#pragma once
// A surveyor's whole run in virtual time, for tests: what an operator does
// with the admin commands (start collecting, wait, stop, then survey the
// network breadth-first from the answers, paging past 25 peers per
// direction), done directly on a node's SurveyManager. And, independently
// of the survey code, what each node's peers' counters really moved by during
// its collecting phase (read from Peer at the phase changes), for the test to
// compare with what the surveyor received.

#include "overlay/SurveyManager.h"
#include "simulation/SimNode.h"

#include <functional>
#include <map>
#include <vector>

namespace stellar::test
{

// One node as the surveyor learnt it: its data and every page of its peers.
struct SurveyedNode
{
    TimeSlicedNodeData node;
    std::vector<TimeSlicedPeerData> inboundPeers;
    std::vector<TimeSlicedPeerData> outboundPeers;
    int requests = 0; // requests it took (pages)
};
using SurveyMap = std::map<NodeID, SurveyedNode, NodeIDLess>;

// Cranks the clock until `done` holds or `timeout` passes; whether it held.
using Crank = std::function<bool(std::function<bool()> const& done, ClockDuration timeout)>;

// Surveys breadth-first from the surveyor (which must be reporting): each
// round asks every node known and not yet complete, waits for the answers,
// keeps each page, and asks again from the next index while a node has more
// peers than it sent. Nodes that never answer are left out.
SurveyMap walkSurvey(SurveyManager& surveyor, NodeID const& self, Crank const& crank,
                     ClockDuration roundTimeout = std::chrono::minutes(2));

// Per node, per peer: the change of its counters between the node's entry to
// COLLECTING and to REPORTING, read from the Peer objects.
class CounterRecorder
{
  public:
    void attach(simulation::SimNode& node);
    std::map<NodeID, PeerCounters, NodeIDLess> const& deltas(NodeID const& node) const { return deltas_.at(node); }

  private:
    std::map<NodeID, std::map<NodeID, PeerCounters, NodeIDLess>, NodeIDLess> start_;
    std::map<NodeID, std::map<NodeID, PeerCounters, NodeIDLess>, NodeIDLess> deltas_;
};

// What the survey reported for one peer, as counters.
PeerCounters countersOf(PeerStats const& s);

}
