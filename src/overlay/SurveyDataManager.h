#pragma once
// What a node measures for a time-sliced survey, and the survey's phases
// (spec 11.2; core: SurveyDataManager). A valid START_COLLECTING moves the
// node from INACTIVE to COLLECTING: it snapshots the counters of every
// authenticated peer. A valid STOP_COLLECTING, or COLLECTING_PHASE_MAX_DURATION
// without one, moves it to REPORTING: the deltas since the snapshot are frozen
// into TimeSlicedPeerData and TimeSlicedNodeData (E17: only peers connected
// for the whole phase). REPORTING_PHASE_MAX_DURATION later everything is
// forgotten and the node is INACTIVE again. The phase changes only here; the
// overlay's tick calls updateSurveyPhase (G1's survey step).

#include "overlay/Peer.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace stellar
{

enum class SurveyPhase
{
    COLLECTING,
    REPORTING,
    INACTIVE
};

inline constexpr std::chrono::minutes COLLECTING_PHASE_MAX_DURATION{30}; // core: SurveyDataManager.cpp
inline constexpr std::chrono::hours REPORTING_PHASE_MAX_DURATION{3};     // core: SurveyDataManager.cpp

// A sliding window of the newest samples and its quantiles, as the medida
// sliding histograms core keeps them (1028 samples; medida's Snapshot::getValue).
class LatencySamples
{
  public:
    static constexpr std::size_t WINDOW = 1028;
    void update(uint32_t ms);
    // 0 when empty; the quantile interpolated between neighbours otherwise.
    uint32_t quantile(double q) const;

  private:
    std::vector<uint32_t> samples_;
    std::size_t next_ = 0;
};

// Facts of the node that TimeSlicedNodeData reports besides its measures.
struct SurveyNodeFacts
{
    bool isValidator = false;
    uint32_t maxInboundPeerCount = 0;  // MAX_ADDITIONAL_PEER_CONNECTIONS
    uint32_t maxOutboundPeerCount = 0; // TARGET_PEER_CONNECTIONS
};

struct CollectingNodeData
{
    uint32_t addedAuthenticatedPeers = 0;
    uint32_t droppedAuthenticatedPeers = 0;
    LatencySamples scpFirstToSelfLatencyMs;
    LatencySamples scpSelfToOtherLatencyMs;
    // Times the application went out of sync during the phase, plus one when
    // it was out of sync at the start (core: finalizeNodeData).
    uint32_t lostSyncCount = 0;
};

struct CollectingPeerData
{
    PeerCounters initial;
    LatencySamples latencyMs;
};

class SurveyDataManager
{
  public:
    explicit SurveyDataManager(Clock& clock) : clock_(clock) {}

    using Peers = std::vector<Peer::pointer>;

    // INACTIVE -> COLLECTING; false (ignored) while any survey is active (E16).
    bool startSurveyCollecting(TimeSlicedSurveyStartCollectingMessage const& msg, Peers const& inbound,
                               Peers const& outbound, bool synced);
    // COLLECTING -> REPORTING for the running survey's nonce and surveyor only.
    bool stopSurveyCollecting(TimeSlicedSurveyStopCollectingMessage const& msg, Peers const& inbound,
                              Peers const& outbound, SurveyNodeFacts const& facts);
    // The phase timeouts: collecting ends strictly after 30 minutes, reporting
    // strictly after 3 hours (core compares with `>`).
    void updateSurveyPhase(Peers const& inbound, Peers const& outbound, SurveyNodeFacts const& facts);

    // Measures, taken only while collecting.
    void recordAddedPeer();
    void recordDroppedPeer(NodeID const& id);
    void recordPeerLatency(NodeID const& id, std::chrono::milliseconds latency);
    void recordSyncState(bool synced);
    CollectingNodeData* collectingNodeData();

    std::optional<uint32_t> nonce() const { return nonce_; }
    std::optional<NodeID> const& surveyor() const { return surveyor_; }
    bool nonceIsReporting(uint32_t nonce) const;
    bool surveyIsActive() const { return phase_ != SurveyPhase::INACTIVE; }
    SurveyPhase phase() const { return phase_; }
    std::optional<ClockTime> collectStartTime() const { return collectStart_; }
    std::optional<ClockTime> collectEndTime() const { return collectEnd_; }

    // The response body for `request` (pages of at most 25 peers from its
    // indices); false unless reporting for its nonce and surveyor.
    bool fillSurveyData(TimeSlicedSurveyRequestMessage const& request, TopologyResponseBodyV2& body) const;
    std::optional<TimeSlicedNodeData> const& finalNodeData() const { return finalNode_; }
    std::vector<TimeSlicedPeerData> const& finalInboundPeerData() const { return finalInbound_; }
    std::vector<TimeSlicedPeerData> const& finalOutboundPeerData() const { return finalOutbound_; }

  private:
    void startReportingPhase(Peers const& inbound, Peers const& outbound, SurveyNodeFacts const& facts);
    std::vector<TimeSlicedPeerData> finalizePeerData(Peers const& peers,
                                                     std::map<NodeID, CollectingPeerData, NodeIDLess> const& collecting) const;
    void reset();

    Clock& clock_;
    SurveyPhase phase_ = SurveyPhase::INACTIVE;
    std::optional<ClockTime> collectStart_;
    std::optional<ClockTime> collectEnd_;
    std::optional<uint32_t> nonce_;
    std::optional<NodeID> surveyor_;
    bool lastSynced_ = true;

    // Bounded by the authenticated peers at the start of the phase.
    std::optional<CollectingNodeData> collectingNode_;
    std::map<NodeID, CollectingPeerData, NodeIDLess> collectingInbound_;
    std::map<NodeID, CollectingPeerData, NodeIDLess> collectingOutbound_;

    std::optional<TimeSlicedNodeData> finalNode_;
    std::vector<TimeSlicedPeerData> finalInbound_;
    std::vector<TimeSlicedPeerData> finalOutbound_;
};

}
