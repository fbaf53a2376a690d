#include "overlay/SurveyManager.h"

#include "crypto/StrKey.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "util/Log.h"
#include "xdr/Codec.h"

#include <stdexcept>

namespace stellar
{

namespace
{

spdlog::logger&
log()
{
    return logger("Overlay");
}

NodeID
nodeIDFromKey(crypto::Bytes32 const& key)
{
    NodeID id;
    id.ed25519() = key;
    return id;
}

std::vector<NodeID>
parseSurveyorKeys(std::vector<std::string> const& keys)
{
    std::vector<NodeID> out;
    for (auto const& k : keys)
    {
        auto key = crypto::fromStrKeyPublic(k);
        if (!key)
            throw std::invalid_argument("SURVEYOR_KEYS: \"" + k + "\" is not a public key: expected \"G...\"");
        out.push_back(nodeIDFromKey(*key));
    }
    return out;
}

}

SurveyManager::SurveyManager(OverlayManager& overlay, crypto::SecretKey const& nodeKey)
    : overlay_(overlay)
    , nodeKey_(nodeKey)
    , self_(nodeIDFromKey(nodeKey.publicKey()))
    , surveyorKeys_(parseSurveyorKeys(overlay.config().SURVEYOR_KEYS))
    , data_(overlay.clock())
    , limiter_(self_)
    , throttleTimer_(overlay.clock())
{
}

SurveyManager::~SurveyManager() = default;

template <typename F>
void
SurveyManager::changingPhase(F&& f)
{
    auto before = data_.phase();
    f();
    if (data_.phase() != before)
        for (auto const& observer : phaseObservers_)
            observer(data_.phase());
}

bool
SurveyManager::surveyorPermitted(NodeID const& surveyor) const
{
    // core: surveyorPermitted (E15).
    if (surveyorKeys_.empty())
        return overlay_.app().isInTransitiveQuorum(surveyor);
    return std::find(surveyorKeys_.begin(), surveyorKeys_.end(), surveyor) != surveyorKeys_.end();
}

bool
SurveyManager::dropPeerIfSigInvalid(NodeID const& key, Signature const& sig, std::vector<uint8_t> const& body,
                                    Peer::pointer const& from)
{
    bool valid = crypto::verifySignature(key.ed25519(), sig, body);
    // A peer that makes us verify bad signatures is dropped, so that it
    // cannot peg the CPU (core: dropPeerIfSigInvalid).
    if (!valid && from)
        from->drop(DropCause::SurveyBadSignature);
    return valid;
}

SurveyNodeFacts
SurveyManager::nodeFacts() const
{
    auto const& c = overlay_.config();
    return {c.NODE_IS_VALIDATOR, c.maxAdditionalPeerConnections(), c.targetPeerConnections()};
}

// --- START and STOP

void
SurveyManager::relayStartSurveyCollecting(StellarMessage const& msg, Peer::pointer const& from)
{
    auto const& signedStart = msg.signedTimeSlicedSurveyStartCollectingMessage();
    auto const& start = signedStart.startCollecting;
    if (start.surveyorID != self_ && !surveyorPermitted(start.surveyorID))
        return;
    auto checkSignature = [&] {
        return dropPeerIfSigInvalid(start.surveyorID, signedStart.signature, xdr::toBytes(start), from);
    };
    if (!limiter_.validateStartSurveyCollecting(start, overlay_.app().trackingLedgerSeq(), data_, checkSignature))
        return;
    bool started = false;
    changingPhase([&] {
        started = data_.startSurveyCollecting(start, overlay_.inboundAuthenticatedPeers(),
                                              overlay_.outboundAuthenticatedPeers(), overlay_.app().isSynced());
    });
    if (!started)
        return;
    if (from)
        overlay_.recvFloodedMsg(msg, *from);
    overlay_.broadcastMessage(msg);
}

void
SurveyManager::relayStopSurveyCollecting(StellarMessage const& msg, Peer::pointer const& from)
{
    auto const& signedStop = msg.signedTimeSlicedSurveyStopCollectingMessage();
    auto const& stop = signedStop.stopCollecting;
    if (stop.surveyorID != self_ && !surveyorPermitted(stop.surveyorID))
        return;
    auto checkSignature = [&] {
        return dropPeerIfSigInvalid(stop.surveyorID, signedStop.signature, xdr::toBytes(stop), from);
    };
    if (!limiter_.validateStopSurveyCollecting(stop, overlay_.app().trackingLedgerSeq(), checkSignature))
        return;
    bool stopped = false;
    changingPhase([&] {
        stopped = data_.stopSurveyCollecting(stop, overlay_.inboundAuthenticatedPeers(),
                                             overlay_.outboundAuthenticatedPeers(), nodeFacts());
    });
    if (!stopped)
        return;
    if (from)
        overlay_.recvFloodedMsg(msg, *from);
    overlay_.broadcastMessage(msg);
}

bool
SurveyManager::broadcastStartSurveyCollecting(uint32_t nonce)
{
    if (data_.surveyIsActive())
    {
        log().error("Cannot start survey with nonce {} because another survey is already active", nonce);
        return false;
    }
    StellarMessage msg;
    msg.type(TIME_SLICED_SURVEY_START_COLLECTING);
    auto& signedStart = msg.signedTimeSlicedSurveyStartCollectingMessage();
    signedStart.startCollecting.surveyorID = self_;
    signedStart.startCollecting.nonce = nonce;
    signedStart.startCollecting.ledgerNum = overlay_.app().trackingLedgerSeq();
    auto sig = nodeKey_.sign(xdr::toBytes(signedStart.startCollecting));
    signedStart.signature.assign(sig.begin(), sig.end());
    relayStartSurveyCollecting(msg, nullptr);
    return true;
}

bool
SurveyManager::broadcastStopSurveyCollecting()
{
    auto nonce = data_.nonce();
    if (!nonce)
        return false;
    StellarMessage msg;
    msg.type(TIME_SLICED_SURVEY_STOP_COLLECTING);
    auto& signedStop = msg.signedTimeSlicedSurveyStopCollectingMessage();
    signedStop.stopCollecting.surveyorID = self_;
    signedStop.stopCollecting.nonce = *nonce;
    signedStop.stopCollecting.ledgerNum = overlay_.app().trackingLedgerSeq();
    auto sig = nodeKey_.sign(xdr::toBytes(signedStop.stopCollecting));
    signedStop.signature.assign(sig.begin(), sig.end());
    relayStopSurveyCollecting(msg, nullptr);
    return true;
}

// --- REQUEST

void
SurveyManager::relayOrProcessRequest(StellarMessage const& msg, Peer::pointer const& from)
{
    auto const& signedRequest = msg.signedTimeSlicedSurveyRequestMessage();
    auto const& request = signedRequest.request.request;
    bool surveyorIsSelf = request.surveyorPeerID == self_;
    if (!surveyorIsSelf && !surveyorPermitted(request.surveyorPeerID))
        return;
    auto checkNonceAndSignature = [&] {
        // E16: only a node reporting with this nonce relays or answers.
        bool ok = data_.nonceIsReporting(signedRequest.request.nonce) &&
                  dropPeerIfSigInvalid(request.surveyorPeerID, signedRequest.requestSignature,
                                       xdr::toBytes(signedRequest.request), from);
        if (!ok && surveyorIsSelf)
            log().error("unexpected invalid survey request of our own");
        return ok;
    };
    if (!limiter_.addAndValidateRequest(request, overlay_.app().trackingLedgerSeq(), checkNonceAndSignature))
        return;
    if (from)
        overlay_.recvFloodedMsg(msg, *from);
    if (request.surveyedPeerID == self_)
        processTimeSlicedTopologyRequest(signedRequest.request);
    else
        overlay_.broadcastMessage(msg);
}

void
SurveyManager::processTimeSlicedTopologyRequest(TimeSlicedSurveyRequestMessage const& request)
{
    SurveyResponseBody body;
    body.type(SURVEY_TOPOLOGY_RESPONSE_V2);
    if (!data_.fillSurveyData(request, body.topologyResponseBodyV2()))
    {
        log().error("cannot answer the survey request of {}: not reporting for its nonce and surveyor",
                    overlay_.shortId(request.request.surveyorPeerID));
        return;
    }
    StellarMessage msg;
    msg.type(TIME_SLICED_SURVEY_RESPONSE);
    auto& signedResponse = msg.signedTimeSlicedSurveyResponseMessage();
    auto& outer = signedResponse.response;
    outer.nonce = request.nonce;
    auto& inner = outer.response;
    inner.ledgerNum = request.request.ledgerNum;
    inner.surveyorPeerID = request.request.surveyorPeerID;
    inner.surveyedPeerID = self_;
    inner.commandType = TIME_SLICED_SURVEY_TOPOLOGY;
    // Sealed to the surveyor's key of this survey (E13): relays see ciphertext.
    inner.encryptedBody = crypto::curve25519Encrypt(crypto::Curve25519Public{request.request.encryptionKey.key},
                                                    xdr::toBytes(body));
    std::vector<uint8_t> signedBytes;
    try
    {
        // EncryptedBody holds at most 64000 bytes; the encoder refuses more.
        // Pages of 25 peers keep a body far below that.
        signedBytes = xdr::toBytes(outer);
    }
    catch (xdr::XdrError const& e)
    {
        log().error("cannot build the survey response: {}", e.what());
        return;
    }
    auto sig = nodeKey_.sign(signedBytes);
    signedResponse.responseSignature.assign(sig.begin(), sig.end());
    overlay_.broadcastMessage(msg);
}

// --- RESPONSE

void
SurveyManager::relayOrProcessResponse(StellarMessage const& msg, Peer::pointer const& from)
{
    auto const& signedResponse = msg.signedTimeSlicedSurveyResponseMessage();
    auto const& response = signedResponse.response.response;
    auto checkNonceAndSignature = [&] {
        return data_.nonceIsReporting(signedResponse.response.nonce) &&
               dropPeerIfSigInvalid(response.surveyedPeerID, signedResponse.responseSignature,
                                    xdr::toBytes(signedResponse.response), from);
    };
    if (!limiter_.recordAndValidateResponse(response, overlay_.app().trackingLedgerSeq(), checkNonceAndSignature))
        return;
    if (from)
        overlay_.recvFloodedMsg(msg, *from);
    if (response.surveyorPeerID != self_)
        overlay_.broadcastMessage(msg); // back along the request (the limiter saw it)
    else if (runningReporting_)
        processTimeSlicedTopologyResponse(response);
}

void
SurveyManager::processTimeSlicedTopologyResponse(SurveyResponseMessage const& response)
{
    auto opened = crypto::curve25519Decrypt(*secret_, public_, response.encryptedBody);
    SurveyResponseBody body;
    try
    {
        if (!opened)
            throw std::runtime_error("the body is not sealed to this survey's key");
        xdr::fromBytes(std::span<uint8_t const>(*opened), body);
    }
    catch (std::exception const& e)
    {
        log().error("processing survey response failed: {}", e.what());
        results_.badResponseNodes.insert(response.surveyedPeerID);
        return;
    }
    auto const& v2 = body.topologyResponseBodyV2();
    results_.topology[response.surveyedPeerID] = SurveyNodeResult{v2.nodeData, v2.inboundPeers, v2.outboundPeers};
}

// --- surveying

bool
SurveyManager::startSurveyReporting()
{
    if (runningReporting_)
        return false;
    if (data_.phase() != SurveyPhase::REPORTING || !data_.finalNodeData())
    {
        log().error("cannot start surveying: this node has no finished collecting phase to report");
        return false;
    }
    runningReporting_ = true;
    // Results stay readable after a survey; they go when the next begins.
    results_ = SurveyResults{};
    results_.topology[self_] =
        SurveyNodeResult{*data_.finalNodeData(), data_.finalInboundPeerData(), data_.finalOutboundPeerData()};
    peersToSurvey_.clear();
    peersToSurveyQueue_.clear();
    peerIndices_.clear();
    secret_.emplace(crypto::curve25519RandomSecret());
    public_ = crypto::curve25519DerivePublic(*secret_);
    topOffRequests();
    return true;
}

void
SurveyManager::stopSurveyReporting()
{
    if (!runningReporting_)
        return;
    runningReporting_ = false;
    throttleTimer_.cancel();
    secret_.reset(); // Curve25519Secret wipes its bytes
    public_ = {};
    log().info("survey results: {} nodes answered, {} bad responses", results_.topology.size(),
               results_.badResponseNodes.size());
}

bool
SurveyManager::addNodeToRunningSurveyBacklog(NodeID const& node, uint32_t inboundPeersIndex,
                                             uint32_t outboundPeersIndex)
{
    if (!runningReporting_ || node == self_ || peersToSurvey_.count(node))
    {
        log().error("cannot add node {} to the survey backlog: no survey running, or queued already, or self",
                    overlay_.shortId(node));
        return false;
    }
    results_.badResponseNodes.erase(node);
    // A second request for a node (the next page) replaces its result.
    results_.topology[node].reset();
    peersToSurvey_.insert(node);
    peersToSurveyQueue_.push_back(node);
    peerIndices_[node] = {inboundPeersIndex, outboundPeersIndex};
    return true;
}

std::optional<StellarMessage>
SurveyManager::createTimeSlicedSurveyRequest(NodeID const& node) const
{
    auto nonce = data_.nonce();
    if (!nonce)
        return std::nullopt;
    StellarMessage msg;
    msg.type(TIME_SLICED_SURVEY_REQUEST);
    auto& signedRequest = msg.signedTimeSlicedSurveyRequestMessage();
    auto& outer = signedRequest.request;
    outer.request.ledgerNum = overlay_.app().trackingLedgerSeq();
    outer.request.surveyorPeerID = self_;
    outer.request.surveyedPeerID = node;
    outer.request.encryptionKey.key = public_.key;
    outer.request.commandType = TIME_SLICED_SURVEY_TOPOLOGY;
    outer.nonce = *nonce;
    auto const& [inbound, outbound] = peerIndices_.at(node);
    outer.inboundPeersIndex = inbound;
    outer.outboundPeersIndex = outbound;
    auto sig = nodeKey_.sign(xdr::toBytes(outer));
    signedRequest.requestSignature.assign(sig.begin(), sig.end());
    return msg;
}

bool
SurveyManager::surveyIsFinishedReporting() const
{
    auto nonce = data_.nonce();
    return !runningReporting_ || !nonce || !data_.nonceIsReporting(*nonce);
}

void
SurveyManager::topOffRequests()
{
    if (surveyIsFinishedReporting())
        return stopSurveyReporting();
    // At most SURVEY_MAX_REQUEST_LIMIT per round, a round every three
    // ledgers, so that relays' per-ledger limits are not reached.
    for (uint32_t sent = 0; sent < SURVEY_MAX_REQUEST_LIMIT && !peersToSurveyQueue_.empty(); ++sent)
    {
        auto node = peersToSurveyQueue_.front();
        peersToSurveyQueue_.pop_front();
        peersToSurvey_.erase(node);
        if (auto msg = createTimeSlicedSurveyRequest(node))
            relayOrProcessRequest(*msg, nullptr);
    }
    throttleTimer_.expiresAfter(overlay_.app().expectedLedgerCloseTime() * SURVEY_THROTTLE_TIMEOUT_MULT,
                                [this] { topOffRequests(); });
}

SurveyResults
SurveyManager::results() const
{
    auto out = results_;
    out.surveyInProgress = runningReporting_;
    out.backlog.assign(peersToSurveyQueue_.begin(), peersToSurveyQueue_.end());
    return out;
}

// --- from the overlay

void
SurveyManager::updateSurveyPhase()
{
    data_.recordSyncState(overlay_.app().isSynced());
    changingPhase([&] {
        data_.updateSurveyPhase(overlay_.inboundAuthenticatedPeers(), overlay_.outboundAuthenticatedPeers(),
                                nodeFacts());
    });
}

void
SurveyManager::clearOldLedgers(uint32_t ledgerSeq)
{
    limiter_.clearOldLedgers(ledgerSeq);
}

void
SurveyManager::recordDroppedPeer(Peer const& peer)
{
    if (peer.peerID())
        data_.recordDroppedPeer(*peer.peerID());
}

void
SurveyManager::recordPeerLatency(Peer const& peer, std::chrono::milliseconds latency)
{
    if (peer.peerID())
        data_.recordPeerLatency(*peer.peerID(), latency);
}

void
SurveyManager::recordSCPFirstToSelfLatency(std::chrono::milliseconds latency)
{
    if (auto* n = data_.collectingNodeData())
        n->scpFirstToSelfLatencyMs.update(static_cast<uint32_t>(latency.count()));
}

void
SurveyManager::recordSCPSelfToOtherLatency(std::chrono::milliseconds latency)
{
    if (auto* n = data_.collectingNodeData())
        n->scpSelfToOtherLatencyMs.update(static_cast<uint32_t>(latency.count()));
}

}
