#include "node/SurveyCommands.h"

#include "crypto/StrKey.h"
#include "node/AdminServer.h"
#include "node/Node.h"
#include "node/NodeNames.h"
#include "overlay/OverlayManager.h"

#include <fmt/format.h>

#include <sstream>
#include <stdexcept>

namespace stellar
{

namespace
{
using json = nlohmann::json;

// core: parseRequiredParam.
template <typename T>
T
requiredParam(AdminRequest const& r, std::string const& key)
{
    auto it = r.params.find(key);
    if (it == r.params.end())
        throw std::runtime_error(fmt::format("'{}' argument is required!", key));
    std::stringstream in(it->second);
    T value{};
    in >> value;
    if (in.fail() || !in.eof() || (std::is_unsigned_v<T> && it->second.find('-') != std::string::npos))
        throw std::runtime_error(fmt::format("Failed to parse '{}' argument", key));
    return value;
}

std::string
strKey(NodeID const& id)
{
    return crypto::toStrKeyPublic(id.ed25519());
}

json
listOrNull(json arr)
{
    return arr.empty() ? json() : arr;
}

// core: peerStatsToJson, with averageLatencyMs (recordTimeSlicedLinkResults).
json
peerJson(TimeSlicedPeerData const& p)
{
    auto const& s = p.peerStats;
    return {{"nodeId", strKey(s.id)},
            {"version", s.versionStr},
            {"messagesRead", s.messagesRead},
            {"messagesWritten", s.messagesWritten},
            {"bytesRead", s.bytesRead},
            {"bytesWritten", s.bytesWritten},
            {"secondsConnected", s.secondsConnected},
            {"uniqueFloodBytesRecv", s.uniqueFloodBytesRecv},
            {"duplicateFloodBytesRecv", s.duplicateFloodBytesRecv},
            {"uniqueFetchBytesRecv", s.uniqueFetchBytesRecv},
            {"duplicateFetchBytesRecv", s.duplicateFetchBytesRecv},
            {"uniqueFloodMessageRecv", s.uniqueFloodMessageRecv},
            {"duplicateFloodMessageRecv", s.duplicateFloodMessageRecv},
            {"uniqueFetchMessageRecv", s.uniqueFetchMessageRecv},
            {"duplicateFetchMessageRecv", s.duplicateFetchMessageRecv},
            {"averageLatencyMs", p.averageLatencyMs}};
}

// core: populatePeerResults.
json
nodeJson(SurveyNodeResult const& r)
{
    json inbound = json::array(), outbound = json::array();
    for (auto const& p : r.inboundPeers)
        inbound.push_back(peerJson(p));
    for (auto const& p : r.outboundPeers)
        outbound.push_back(peerJson(p));
    auto const& n = r.node;
    return {{"addedAuthenticatedPeers", n.addedAuthenticatedPeers},
            {"droppedAuthenticatedPeers", n.droppedAuthenticatedPeers},
            {"numTotalInboundPeers", n.totalInboundPeerCount},
            {"numTotalOutboundPeers", n.totalOutboundPeerCount},
            {"p75SCPFirstToSelfLatencyMs", n.p75SCPFirstToSelfLatencyMs},
            {"p75SCPSelfToOtherLatencyMs", n.p75SCPSelfToOtherLatencyMs},
            {"lostSyncCount", n.lostSyncCount},
            {"isValidator", n.isValidator},
            {"maxInboundPeerCount", n.maxInboundPeerCount},
            {"maxOutboundPeerCount", n.maxOutboundPeerCount},
            {"inboundPeers", listOrNull(inbound)},
            {"outboundPeers", listOrNull(outbound)}};
}

AdminResponse
startSurveyCollecting(Node& node, AdminRequest const& r)
{
    auto nonce = requiredParam<uint32_t>(r, "nonce");
    if (node.overlay().surveyManager().broadcastStartSurveyCollecting(nonce))
        return adminText("Requested network to start survey collecting.");
    return adminText("Failed to start survey collecting. Another survey is active on the network.");
}

AdminResponse
stopSurveyCollecting(Node& node)
{
    if (node.overlay().surveyManager().broadcastStopSurveyCollecting())
        return adminText("Requested network to stop survey collecting.");
    return adminText("Failed to stop survey collecting. No survey is active on the network.");
}

AdminResponse
surveyTopologyTimeSliced(Node& node, AdminRequest const& r)
{
    auto idText = requiredParam<std::string>(r, "node");
    auto id = nodeIDFromStrKey(idText);
    if (!id)
        throw std::invalid_argument("bad public key"); // core: KeyUtils::fromStrKey
    auto inbound = requiredParam<uint32_t>(r, "inboundpeerindex");
    auto outbound = requiredParam<uint32_t>(r, "outboundpeerindex");
    auto& survey = node.overlay().surveyManager();
    bool wasRunning = survey.isReporting();
    if (!wasRunning && !survey.startSurveyReporting())
        throw std::runtime_error("this node has no survey data to report: run startsurveycollecting, then "
                                 "stopsurveycollecting, before surveytopologytimesliced");
    if (!survey.addNodeToRunningSurveyBacklog(*id, inbound, outbound))
        throw std::runtime_error("addPeerToBacklog failed: Peer is already in the backlog, or peer is self.");
    return adminText(std::string("Adding node.") + (wasRunning ? "Survey already running!" : "Survey started "));
}

}

json
surveyResultsJson(SurveyResults const& results)
{
    json out;
    json backlog = json::array(), bad = json::array();
    for (auto const& id : results.backlog)
        backlog.push_back(strKey(id));
    for (auto const& id : results.badResponseNodes)
        bad.push_back(strKey(id));
    out["backlog"] = listOrNull(backlog);
    out["badResponseNodes"] = listOrNull(bad);
    out["surveyInProgress"] = results.surveyInProgress;
    if (!results.topology.empty())
    {
        auto& topology = out["topology"];
        for (auto const& [id, r] : results.topology)
            topology[strKey(id)] = r ? nodeJson(*r) : json();
    }
    return out;
}

void
addSurveyCommands(AdminServer& admin, Node& node)
{
    admin.addCommand("startsurveycollecting", "startsurveycollecting?nonce=NONCE",
                     [&node](AdminRequest const& r) { return startSurveyCollecting(node, r); });
    admin.addCommand("stopsurveycollecting", "stopsurveycollecting",
                     [&node](AdminRequest const&) { return stopSurveyCollecting(node); });
    admin.addCommand("surveytopologytimesliced",
                     "surveytopologytimesliced?node=NODE_ID&inboundpeerindex=INDEX&outboundpeerindex=INDEX",
                     [&node](AdminRequest const& r) { return surveyTopologyTimeSliced(node, r); });
    admin.addCommand("getsurveyresult", "getsurveyresult", [&node](AdminRequest const&) {
        return adminJson(surveyResultsJson(node.overlay().surveyManager().results()).dump(3));
    });
    admin.addCommand("stopsurvey", "stopsurvey", [&node](AdminRequest const&) {
        node.overlay().surveyManager().stopSurveyReporting();
        return adminText("survey stopped");
    });
}

}
