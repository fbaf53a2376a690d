#pragma once
// Time-sliced network surveys (spec 11; core: SurveyManager). Every node
// relays and answers; a node whose operator asks becomes a surveyor.
//
// Relaying: the four TIME_SLICED_SURVEY_* messages are flooded (through the
// overlay's Floodgate, never back to a peer that has them) once they pass, in
// core's order: the surveyor is authorised (SURVEYOR_KEYS, or when that is
// empty the application's transitive quorum, E15), the limiter's cheaper
// checks (ledger window, rate limits, duplicates; SurveyMessageLimiter), the
// nonce, and last the Ed25519 signature over the raw XDR of the inner
// message (E14, E18). A bad signature drops the peer that sent it with
// ERR_MISC "Survey has invalid signature". A REQUEST is relayed only while
// reporting with its nonce (E16); a RESPONSE only back along a request seen.
//
// Answering: a request addressed to this node is answered with its frozen
// data (SurveyDataManager), a SurveyResponseBody sealed to the request's
// encryptionKey (E13), signed by this node.
//
// Surveying: startSurveyReporting makes a fresh Curve25519 key pair, then
// every SURVEY_THROTTLE_TIMEOUT_MULT ledger closes sends up to
// SURVEY_MAX_REQUEST_LIMIT queued requests; responses are opened with the
// secret and kept as results; stopSurveyReporting (or the end of the
// reporting phase) wipes the secret.

#include "crypto/Curve25519.h"
#include "crypto/SecretKey.h"
#include "overlay/Peer.h"
#include "overlay/SurveyDataManager.h"
#include "overlay/SurveyMessageLimiter.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace stellar
{

class OverlayManager;

inline constexpr uint32_t SURVEY_THROTTLE_TIMEOUT_MULT = 3; // core: SurveyManager

// One surveyed node's answer as the surveyor opened it: its node data and
// one page of peers per direction (core: getsurveyresult's "topology").
struct SurveyNodeResult
{
    TimeSlicedNodeData node;
    std::vector<TimeSlicedPeerData> inboundPeers;
    std::vector<TimeSlicedPeerData> outboundPeers;
};

struct SurveyResults
{
    bool surveyInProgress = false;
    // Every node asked (none: no answer yet) and the surveyor itself.
    std::map<NodeID, std::optional<SurveyNodeResult>, NodeIDLess> topology;
    std::vector<NodeID> backlog;                     // queued, not asked yet
    std::set<NodeID, NodeIDLess> badResponseNodes;   // answers the surveyor could not open or read
};

class SurveyManager
{
  public:
    SurveyManager(OverlayManager& overlay, crypto::SecretKey const& nodeKey);
    ~SurveyManager();

    // --- messages from peers (from: the peer that sent it; null: this node)
    void relayStartSurveyCollecting(StellarMessage const& msg, Peer::pointer const& from);
    void relayStopSurveyCollecting(StellarMessage const& msg, Peer::pointer const& from);
    void relayOrProcessRequest(StellarMessage const& msg, Peer::pointer const& from);
    void relayOrProcessResponse(StellarMessage const& msg, Peer::pointer const& from);

    // --- the surveyor's commands (core's CommandHandler answers on top)
    // False when a survey is already active here.
    bool broadcastStartSurveyCollecting(uint32_t nonce);
    // False when no survey is active here.
    bool broadcastStopSurveyCollecting();
    // False when already reporting. Needs this node in REPORTING (its own
    // data is the first result).
    bool startSurveyReporting();
    void stopSurveyReporting();
    // Queues a request for `node` with these page indices; false (nothing
    // queued) when not reporting, when `node` is queued already or is this node.
    bool addNodeToRunningSurveyBacklog(NodeID const& node, uint32_t inboundPeersIndex, uint32_t outboundPeersIndex);
    SurveyResults results() const;
    bool isReporting() const { return runningReporting_; }

    // --- from the overlay
    void updateSurveyPhase(); // the tick's survey step
    void clearOldLedgers(uint32_t ledgerSeq);
    void recordAddedPeer() { data_.recordAddedPeer(); }
    void recordDroppedPeer(Peer const& peer);
    void recordPeerLatency(Peer const& peer, std::chrono::milliseconds latency);
    // SCP latencies, for an application that runs SCP (core: HerderSCPDriver).
    void recordSCPFirstToSelfLatency(std::chrono::milliseconds latency);
    void recordSCPSelfToOtherLatency(std::chrono::milliseconds latency);

    SurveyDataManager const& data() const { return data_; }
    SurveyMessageLimiter const& limiter() const { return limiter_; }
    // Called after each phase change, with the new phase (tests, logs).
    void onPhaseChange(std::function<void(SurveyPhase)> observer) { phaseObservers_.push_back(std::move(observer)); }

  private:
    bool surveyorPermitted(NodeID const& surveyor) const;
    // Verifies; on failure drops `from` (if any) with core's error.
    bool dropPeerIfSigInvalid(NodeID const& key, Signature const& sig, std::vector<uint8_t> const& body,
                              Peer::pointer const& from);
    void processTimeSlicedTopologyRequest(TimeSlicedSurveyRequestMessage const& request);
    void processTimeSlicedTopologyResponse(SurveyResponseMessage const& response);
    std::optional<StellarMessage> createTimeSlicedSurveyRequest(NodeID const& node) const;
    void topOffRequests();
    bool surveyIsFinishedReporting() const;
    SurveyNodeFacts nodeFacts() const;
    template <typename F> void changingPhase(F&& f);

    OverlayManager& overlay_;
    crypto::SecretKey const& nodeKey_;
    NodeID self_;
    std::vector<NodeID> surveyorKeys_;
    SurveyDataManager data_;
    SurveyMessageLimiter limiter_;
    std::vector<std::function<void(SurveyPhase)>> phaseObservers_;

    // The surveyor's state while reporting.
    bool runningReporting_ = false;
    std::optional<crypto::Curve25519Secret> secret_;
    crypto::Curve25519Public public_{};
    std::deque<NodeID> peersToSurveyQueue_;
    std::set<NodeID, NodeIDLess> peersToSurvey_;
    std::map<NodeID, std::pair<uint32_t, uint32_t>, NodeIDLess> peerIndices_; // inbound, outbound
    SurveyResults results_;
    Timer throttleTimer_;
};

}
