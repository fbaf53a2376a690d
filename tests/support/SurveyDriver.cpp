#include "support/SurveyDriver.h"

#include <deque>
#include <set>

namespace stellar::test
{

namespace
{

bool
complete(SurveyedNode const& n)
{
    return n.inboundPeers.size() >= n.node.totalInboundPeerCount &&
           n.outboundPeers.size() >= n.node.totalOutboundPeerCount;
}

void
merge(SurveyedNode& into, SurveyNodeResult const& page)
{
    into.node = page.node;
    into.inboundPeers.insert(into.inboundPeers.end(), page.inboundPeers.begin(), page.inboundPeers.end());
    into.outboundPeers.insert(into.outboundPeers.end(), page.outboundPeers.begin(), page.outboundPeers.end());
    ++into.requests;
}

void
learnPeers(SurveyedNode const& n, std::set<NodeID, NodeIDLess>& known, std::deque<NodeID>& toAsk)
{
    for (auto const* list : {&n.inboundPeers, &n.outboundPeers})
        for (auto const& p : *list)
            if (known.insert(p.peerStats.id).second)
                toAsk.push_back(p.peerStats.id);
}

}

SurveyMap
walkSurvey(SurveyManager& surveyor, NodeID const& self, Crank const& crank, ClockDuration roundTimeout)
{
    SurveyMap out;
    auto own = surveyor.results().topology.at(self);
    merge(out[self], *own);
    std::set<NodeID, NodeIDLess> known{self};
    std::deque<NodeID> toAsk;
    learnPeers(out[self], known, toAsk);
    while (!toAsk.empty())
    {
        std::vector<NodeID> round(toAsk.begin(), toAsk.end());
        toAsk.clear();
        for (auto const& id : round)
        {
            auto it = out.find(id);
            uint32_t in = it == out.end() ? 0 : static_cast<uint32_t>(it->second.inboundPeers.size());
            uint32_t outIdx = it == out.end() ? 0 : static_cast<uint32_t>(it->second.outboundPeers.size());
            surveyor.addNodeToRunningSurveyBacklog(id, in, outIdx);
        }
        crank(
            [&] {
                auto r = surveyor.results();
                for (auto const& id : round)
                    if (auto it = r.topology.find(id); it != r.topology.end() && !it->second &&
                                                       !r.badResponseNodes.count(id))
                        return false;
                return true;
            },
            roundTimeout);
        auto r = surveyor.results();
        for (auto const& id : round)
        {
            auto page = r.topology.find(id);
            if (page == r.topology.end() || !page->second)
                continue;
            auto& node = out[id];
            merge(node, *page->second);
            learnPeers(node, known, toAsk);
            if (!complete(node))
                toAsk.push_back(id); // the next page
        }
    }
    return out;
}

void
CounterRecorder::attach(simulation::SimNode& node)
{
    auto self = node.nodeID();
    auto& overlay = node.overlay();
    overlay.surveyManager().onPhaseChange([this, self, &overlay](SurveyPhase phase) {
        auto read = [&] {
            std::map<NodeID, PeerCounters, NodeIDLess> now;
            for (auto const& p : overlay.authenticatedPeers())
                now[*p->peerID()] = p->counters();
            return now;
        };
        if (phase == SurveyPhase::COLLECTING)
            start_[self] = read();
        if (phase != SurveyPhase::REPORTING)
            return;
        auto& deltas = deltas_[self];
        for (auto const& [id, c] : read())
        {
            auto it = start_[self].find(id);
            if (it == start_[self].end())
                continue;
            auto const& s = it->second;
            PeerCounters d{c.messagesRead - s.messagesRead, c.messagesWritten - s.messagesWritten,
                           c.bytesRead - s.bytesRead, c.bytesWritten - s.bytesWritten, {}};
            d.recv.uniqueFloodBytesRecv = c.recv.uniqueFloodBytesRecv - s.recv.uniqueFloodBytesRecv;
            d.recv.duplicateFloodBytesRecv = c.recv.duplicateFloodBytesRecv - s.recv.duplicateFloodBytesRecv;
            d.recv.uniqueFetchBytesRecv = c.recv.uniqueFetchBytesRecv - s.recv.uniqueFetchBytesRecv;
            d.recv.duplicateFetchBytesRecv = c.recv.duplicateFetchBytesRecv - s.recv.duplicateFetchBytesRecv;
            d.recv.uniqueFloodMessageRecv = c.recv.uniqueFloodMessageRecv - s.recv.uniqueFloodMessageRecv;
            d.recv.duplicateFloodMessageRecv = c.recv.duplicateFloodMessageRecv - s.recv.duplicateFloodMessageRecv;
            d.recv.uniqueFetchMessageRecv = c.recv.uniqueFetchMessageRecv - s.recv.uniqueFetchMessageRecv;
            d.recv.duplicateFetchMessageRecv = c.recv.duplicateFetchMessageRecv - s.recv.duplicateFetchMessageRecv;
            deltas[id] = d;
        }
    });
}

PeerCounters
countersOf(PeerStats const& s)
{
    PeerCounters c{s.messagesRead, s.messagesWritten, s.bytesRead, s.bytesWritten, {}};
    c.recv = {s.uniqueFloodBytesRecv,   s.duplicateFloodBytesRecv,   s.uniqueFetchBytesRecv,
              s.duplicateFetchBytesRecv, s.uniqueFloodMessageRecv,   s.duplicateFloodMessageRecv,
              s.uniqueFetchMessageRecv,  s.duplicateFetchMessageRecv};
    return c;
}

}
