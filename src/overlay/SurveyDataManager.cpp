#include "overlay/SurveyDataManager.h"

#include "util/Log.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stellar
{

namespace
{

spdlog::logger&
log()
{
    return logger("Overlay");
}

uint32_t
clampedMs(double ms)
{
    if (!(ms > 0))
        return 0;
    if (ms >= static_cast<double>(std::numeric_limits<uint32_t>::max()))
        return std::numeric_limits<uint32_t>::max();
    return static_cast<uint32_t>(ms);
}

// A page of at most 25 entries (TimeSlicedPeerDataList's bound) from `index`
// (core: fillTimeSlicedPeerDataList); empty past the end.
TimeSlicedPeerDataList
page(std::vector<TimeSlicedPeerData> const& all, std::size_t index)
{
    constexpr std::size_t PAGE = 25;
    if (index >= all.size())
        return {};
    auto end = std::min(all.size(), index + PAGE);
    return TimeSlicedPeerDataList(all.begin() + static_cast<std::ptrdiff_t>(index),
                                  all.begin() + static_cast<std::ptrdiff_t>(end));
}

std::map<NodeID, CollectingPeerData, NodeIDLess>
snapshot(SurveyDataManager::Peers const& peers)
{
    std::map<NodeID, CollectingPeerData, NodeIDLess> out;
    for (auto const& p : peers)
        if (p->peerID())
            out[*p->peerID()].initial = p->counters();
    return out;
}

}

// --- LatencySamples

void
LatencySamples::update(uint32_t ms)
{
    if (samples_.size() < WINDOW)
        samples_.push_back(ms);
    else
        samples_[next_] = ms;
    next_ = (next_ + 1) % WINDOW;
}

uint32_t
LatencySamples::quantile(double q) const
{
    // medida's Snapshot::getValue: position q * (n + 1) in the sorted
    // samples, linearly interpolated.
    if (samples_.empty())
        return 0;
    auto sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    double pos = q * static_cast<double>(sorted.size() + 1);
    if (pos < 1)
        return sorted.front();
    if (pos >= static_cast<double>(sorted.size()))
        return sorted.back();
    auto lower = static_cast<double>(sorted[static_cast<std::size_t>(pos) - 1]);
    auto upper = static_cast<double>(sorted[static_cast<std::size_t>(pos)]);
    return clampedMs(lower + (pos - std::floor(pos)) * (upper - lower));
}

// --- phases

bool
SurveyDataManager::startSurveyCollecting(TimeSlicedSurveyStartCollectingMessage const& msg, Peers const& inbound,
                                         Peers const& outbound, bool synced)
{
    if (phase_ != SurveyPhase::INACTIVE)
    {
        log().trace("ignoring START_COLLECTING with nonce {}: a survey is active", msg.nonce);
        return false;
    }
    phase_ = SurveyPhase::COLLECTING;
    collectStart_ = clock_.now();
    nonce_ = msg.nonce;
    surveyor_ = msg.surveyorID;
    collectingNode_.emplace();
    if (!synced)
        collectingNode_->lostSyncCount = 1;
    lastSynced_ = synced;
    collectingInbound_ = snapshot(inbound);
    collectingOutbound_ = snapshot(outbound);
    return true;
}

bool
SurveyDataManager::stopSurveyCollecting(TimeSlicedSurveyStopCollectingMessage const& msg, Peers const& inbound,
                                        Peers const& outbound, SurveyNodeFacts const& facts)
{
    if (phase_ != SurveyPhase::COLLECTING || nonce_ != msg.nonce || surveyor_ != msg.surveyorID)
    {
        log().trace("ignoring STOP_COLLECTING with nonce {}: not the survey collecting here", msg.nonce);
        return false;
    }
    startReportingPhase(inbound, outbound, facts);
    return true;
}

void
SurveyDataManager::updateSurveyPhase(Peers const& inbound, Peers const& outbound, SurveyNodeFacts const& facts)
{
    auto now = clock_.now();
    if (phase_ == SurveyPhase::COLLECTING && now > *collectStart_ + COLLECTING_PHASE_MAX_DURATION)
    {
        log().debug("survey collecting phase expired: reporting");
        startReportingPhase(inbound, outbound, facts);
    }
    else if (phase_ == SurveyPhase::REPORTING && now > *collectEnd_ + REPORTING_PHASE_MAX_DURATION)
    {
        log().debug("survey reporting phase expired: survey data forgotten");
        reset();
    }
}

void
SurveyDataManager::startReportingPhase(Peers const& inbound, Peers const& outbound, SurveyNodeFacts const& facts)
{
    phase_ = SurveyPhase::REPORTING;
    collectEnd_ = clock_.now();
    finalInbound_ = finalizePeerData(inbound, collectingInbound_);
    finalOutbound_ = finalizePeerData(outbound, collectingOutbound_);

    // core: finalizeNodeData; the totals count the peers of the whole phase (E17).
    auto const& c = *collectingNode_;
    TimeSlicedNodeData n;
    n.addedAuthenticatedPeers = c.addedAuthenticatedPeers;
    n.droppedAuthenticatedPeers = c.droppedAuthenticatedPeers;
    n.totalInboundPeerCount = static_cast<uint32_t>(finalInbound_.size());
    n.totalOutboundPeerCount = static_cast<uint32_t>(finalOutbound_.size());
    n.p75SCPFirstToSelfLatencyMs = c.scpFirstToSelfLatencyMs.quantile(0.75);
    n.p75SCPSelfToOtherLatencyMs = c.scpSelfToOtherLatencyMs.quantile(0.75);
    n.lostSyncCount = c.lostSyncCount;
    n.isValidator = facts.isValidator;
    n.maxInboundPeerCount = facts.maxInboundPeerCount;
    n.maxOutboundPeerCount = facts.maxOutboundPeerCount;
    finalNode_ = n;

    collectingNode_.reset();
    collectingInbound_.clear();
    collectingOutbound_.clear();
}

std::vector<TimeSlicedPeerData>
SurveyDataManager::finalizePeerData(Peers const& peers, std::map<NodeID, CollectingPeerData, NodeIDLess> const& collecting) const
{
    // core: finalizePeerData, in the order of the authenticated-peer map.
    std::vector<TimeSlicedPeerData> out;
    for (auto const& p : peers)
    {
        auto it = p->peerID() ? collecting.find(*p->peerID()) : collecting.end();
        if (it == collecting.end())
            continue; // joined during the phase (E17)
        auto const& start = it->second.initial;
        auto now = p->counters();
        TimeSlicedPeerData& d = out.emplace_back();
        PeerStats& s = d.peerStats;
        s.id = it->first;
        s.versionStr = p->remoteVersion();
        s.messagesRead = now.messagesRead - start.messagesRead;
        s.messagesWritten = now.messagesWritten - start.messagesWritten;
        s.bytesRead = now.bytesRead - start.bytesRead;
        s.bytesWritten = now.bytesWritten - start.bytesWritten;
        s.secondsConnected = static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - p->connectedAt()).count());
        s.uniqueFloodBytesRecv = now.recv.uniqueFloodBytesRecv - start.recv.uniqueFloodBytesRecv;
        s.duplicateFloodBytesRecv = now.recv.duplicateFloodBytesRecv - start.recv.duplicateFloodBytesRecv;
        s.uniqueFetchBytesRecv = now.recv.uniqueFetchBytesRecv - start.recv.uniqueFetchBytesRecv;
        s.duplicateFetchBytesRecv = now.recv.duplicateFetchBytesRecv - start.recv.duplicateFetchBytesRecv;
        s.uniqueFloodMessageRecv = now.recv.uniqueFloodMessageRecv - start.recv.uniqueFloodMessageRecv;
        s.duplicateFloodMessageRecv = now.recv.duplicateFloodMessageRecv - start.recv.duplicateFloodMessageRecv;
        s.uniqueFetchMessageRecv = now.recv.uniqueFetchMessageRecv - start.recv.uniqueFetchMessageRecv;
        s.duplicateFetchMessageRecv = now.recv.duplicateFetchMessageRecv - start.recv.duplicateFetchMessageRecv;
        d.averageLatencyMs = it->second.latencyMs.quantile(0.5); // a median (E17)
    }
    return out;
}

void
SurveyDataManager::reset()
{
    phase_ = SurveyPhase::INACTIVE;
    collectStart_.reset();
    collectEnd_.reset();
    nonce_.reset();
    surveyor_.reset();
    collectingNode_.reset();
    collectingInbound_.clear();
    collectingOutbound_.clear();
    finalNode_.reset();
    finalInbound_.clear();
    finalOutbound_.clear();
}

// --- measures

CollectingNodeData*
SurveyDataManager::collectingNodeData()
{
    return phase_ == SurveyPhase::COLLECTING ? &*collectingNode_ : nullptr;
}

void
SurveyDataManager::recordAddedPeer()
{
    if (auto* n = collectingNodeData())
        ++n->addedAuthenticatedPeers;
}

void
SurveyDataManager::recordDroppedPeer(NodeID const& id)
{
    auto* n = collectingNodeData();
    if (!n)
        return;
    if (collectingInbound_.erase(id) == 0)
        collectingOutbound_.erase(id);
    ++n->droppedAuthenticatedPeers;
}

void
SurveyDataManager::recordPeerLatency(NodeID const& id, std::chrono::milliseconds latency)
{
    if (phase_ != SurveyPhase::COLLECTING)
        return;
    for (auto* peers : {&collectingInbound_, &collectingOutbound_})
        if (auto it = peers->find(id); it != peers->end())
            return it->second.latencyMs.update(clampedMs(static_cast<double>(latency.count())));
}

void
SurveyDataManager::recordSyncState(bool synced)
{
    // core counts the scp.sync.lost meter; the overlay samples the
    // application's isSynced each tick and counts each loss.
    if (auto* n = collectingNodeData(); n && lastSynced_ && !synced)
        ++n->lostSyncCount;
    lastSynced_ = synced;
}

// --- reporting

bool
SurveyDataManager::nonceIsReporting(uint32_t nonce) const
{
    return phase_ == SurveyPhase::REPORTING && nonce_ == nonce;
}

bool
SurveyDataManager::fillSurveyData(TimeSlicedSurveyRequestMessage const& request, TopologyResponseBodyV2& body) const
{
    if (phase_ != SurveyPhase::REPORTING || nonce_ != request.nonce || surveyor_ != request.request.surveyorPeerID ||
        !finalNode_)
        return false;
    body.nodeData = *finalNode_;
    body.inboundPeers = page(finalInbound_, request.inboundPeersIndex);
    body.outboundPeers = page(finalOutbound_, request.outboundPeersIndex);
    return true;
}

}
