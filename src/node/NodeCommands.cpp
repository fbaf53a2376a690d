#include "node/NodeCommands.h"

#include "node/AdminServer.h"
#include "node/MetricsReport.h"
#include "node/Node.h"
#include "node/NodeInfo.h"
#include "overlay/BanManager.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerBareAddress.h"
#include "util/Log.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <regex>
#include <sstream>

namespace stellar
{

namespace
{
using json = nlohmann::json;

std::string
param(AdminRequest const& r, std::string const& name)
{
    auto it = r.params.find(name);
    return it == r.params.end() ? std::string() : it->second;
}

// A JSON array, or null when empty: core fills a Json::Value by index, so a
// list with nothing in it stays null.
json
listOrNull(json arr)
{
    return arr.empty() ? json() : arr;
}

// The 75th percentile of a node-wide timer, in ms (core reports these per peer).
uint64_t
p75Millis(Node& node, std::string const& timer)
{
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(node.metrics().timer(timer).percentile(0.75)).count());
}

// core: FlowControl::getFlowControlJsonInfo
json
flowControlJson(Node& node, Peer const& p, bool compact)
{
    auto const& fc = p.flowControl();
    json j;
    auto local = fc.messageCapacity().local();
    if (local.total)
        j["local_capacity"]["reading"] = *local.total;
    j["local_capacity"]["flood"] = local.flood;
    j["peer_capacity"] = fc.messageCapacity().outbound();
    auto localBytes = fc.byteCapacity().local();
    if (localBytes.total)
        j["local_capacity_bytes"]["reading"] = *localBytes.total;
    j["local_capacity_bytes"]["flood"] = localBytes.flood;
    j["peer_capacity_bytes"] = fc.byteCapacity().outbound();
    if (!compact)
    {
        j["outbound_queue_delay_scp_p75"] = p75Millis(node, "overlay.outbound-queue.scp");
        j["outbound_queue_delay_txs_p75"] = p75Millis(node, "overlay.outbound-queue.tx");
        j["outbound_queue_delay_advert_p75"] = p75Millis(node, "overlay.outbound-queue.advert");
        j["outbound_queue_delay_demand_p75"] = p75Millis(node, "overlay.outbound-queue.demand");
    }
    return j;
}

// core: Peer::getJsonInfo, without the per-peer counters we do not keep
// (async calls, pull-mode latency, flood duplicates).
json
peerJson(Node& node, Peer const& p, bool compact)
{
    json j;
    j["address"] = p.address().toString();
    j["elapsed"] = std::chrono::duration_cast<std::chrono::seconds>(node.clock().now() - p.connectedAt()).count();
    // core: 24 h until the first ping answer
    j["latency"] = p.lastPing() ? p.lastPing()->count() : std::chrono::milliseconds(std::chrono::hours(24)).count();
    j["ver"] = p.remoteVersion();
    j["olver"] = p.remoteOverlayVersion();
    j["flow_control"] = flowControlJson(node, p, compact);
    if (!compact)
    {
        j["message_read"] = p.messagesRead();
        j["message_write"] = p.messagesWritten();
        j["byte_read"] = p.bytesRead();
        j["byte_write"] = p.bytesWritten();
    }
    return j;
}

AdminResponse
peers(Node& node, AdminRequest const& r)
{
    auto& overlay = node.overlay();
    bool fullKeys = param(r, "fullkeys") == "true";
    bool compact = param(r, "compact") != "false"; // core: compact unless compact=false
    json root;
    json outPending = json::array(), inPending = json::array();
    for (auto const& p : overlay.pendingPeers())
        (p->role() == PeerRole::WE_CALLED_REMOTE ? outPending : inPending).push_back(p->address().toString());
    root["pending_peers"]["outbound"] = listOrNull(outPending);
    root["pending_peers"]["inbound"] = listOrNull(inPending);
    auto authenticated = [&](std::vector<Peer::pointer> const& list) {
        json arr = json::array();
        for (auto const& p : list)
        {
            auto j = peerJson(node, *p, compact);
            j["id"] = node.config().NODE_NAMES.toStrKey(*p->peerID(), fullKeys);
            arr.push_back(std::move(j));
        }
        return listOrNull(arr);
    };
    root["authenticated_peers"]["outbound"] = authenticated(overlay.outboundAuthenticatedPeers());
    root["authenticated_peers"]["inbound"] = authenticated(overlay.inboundAuthenticatedPeers());
    return adminJson(root.dump(3));
}

// core: PeerBareAddress::resolve, on the HTTP thread so that DNS never blocks the loop.
PeerBareAddress
resolvePeer(std::string const& ipPort)
{
    static std::regex const re(R"(^(?:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})|([[:alnum:].-]+))(?:\:(\d{1,5}))?$)");
    std::smatch m;
    if (!std::regex_search(ipPort, m, re))
        throw std::runtime_error(fmt::format("Cannot parse peer address '{}'", ipPort));
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = m[1].matched ? AI_NUMERICHOST : 0;
    addrinfo* found = nullptr;
    auto host = m[1].matched ? m[1].str() : m[2].str();
    if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0 || !found)
        throw std::runtime_error(fmt::format("Could not resolve '{}': {}", ipPort, ::gai_strerror(rc)));
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr, ip, sizeof(ip));
    ::freeaddrinfo(found);
    int port = DEFAULT_PEER_PORT;
    if (m[3].matched)
    {
        port = std::atoi(m[3].str().c_str());
        if (port <= 0 || port > UINT16_MAX)
            throw std::runtime_error(fmt::format("Could not resolve '{}': port out of range", ipPort));
    }
    return *PeerBareAddress::parse(fmt::format("{}:{}", ip, port));
}

AdminResponse
connect(Node& node, AdminRequest const& r)
{
    auto peer = r.params.find("peer");
    auto port = r.params.find("port");
    if (peer == r.params.end() || port == r.params.end())
        return adminText("Must specify a peer and port: connect&peer=PEER&port=PORT");
    auto ipPort = peer->second + ":" + port->second;
    auto address = resolvePeer(ipPort);
    node.clock().post([&node, address] { node.overlay().connectTo(address); });
    return adminText("Connect to: " + ipPort);
}

AdminResponse
dropPeer(Node& node, AdminRequest const& r)
{
    auto text = r.params.find("node");
    if (text == r.params.end())
        return adminText("Must specify at least peer id: droppeer?node=NODE_ID");
    bool ban = param(r, "ban") == "1";
    auto id = resolveNodeID(node, text->second);
    if (!id || !node.overlay().dropPeer(*id, ban))
        return adminText("Peer " + text->second + " not found");
    return adminText((ban ? "Drop and ban peer: " : "Drop peer: ") + text->second);
}

AdminResponse
bans(Node& node)
{
    json arr = json::array();
    for (auto const& b : node.overlay().banManager().getBans())
        arr.push_back(b.nodeId);
    json root;
    root["bans"] = listOrNull(arr);
    return adminJson(root.dump(3));
}

AdminResponse
banOrUnban(Node& node, AdminRequest const& r, bool ban)
{
    auto text = r.params.find("node");
    auto command = ban ? "ban" : "unban";
    if (text == r.params.end())
        return adminText(fmt::format("Must specify at least peer id: {}?node=NODE_ID", command));
    auto id = resolveNodeID(node, text->second);
    if (!id)
        return adminText("Peer " + text->second + " not found");
    auto key = strKeyOf(*id);
    if (ban)
    {
        node.overlay().banManager().banNode(key);
        node.overlay().dropPeer(*id, false);
        return adminText("Ban peer: " + text->second);
    }
    node.overlay().banManager().unbanNode(key);
    return adminText("Unban peer: " + text->second);
}

// core: CommandHandler::ll
AdminResponse
ll(AdminRequest const& r)
{
    json root = json::object();
    auto levelText = param(r, "level");
    auto partition = param(r, "partition");
    if (levelText.empty())
    {
        for (auto p : LOG_PARTITIONS)
            root[std::string(p)] = levelName(logLevelOf(p));
        return adminJson(root.dump(3));
    }
    // core sets INFO for a word it does not know; we refuse it.
    auto level = parseLogLevel(levelText);
    if (!level)
        throw std::invalid_argument(fmt::format("'{}' is not a log level: expected {}", levelText, LOG_LEVELS_EXPECTED));
    if (partition.empty())
    {
        setLogLevel(*level);
        root["Global"] = levelName(*level);
        return adminJson(root.dump(3));
    }
    auto normalized = normalizePartition(partition);
    if (!normalized)
        throw std::invalid_argument("not a valid partition");
    setLogLevel(*level, *normalized);
    root[std::string(*normalized)] = levelName(*level);
    return adminJson(root.dump(3));
}
}

std::optional<NodeID>
resolveNodeID(Node& node, std::string const& text)
{
    if (auto id = node.config().NODE_NAMES.resolve(text))
        return id;
    if (text.size() < 2 || text[0] != '@')
        return std::nullopt;
    auto prefix = text.substr(1);
    for (auto const& p : node.overlay().authenticatedPeers())
        if (strKeyOf(*p->peerID()).compare(0, prefix.size(), prefix) == 0)
            return p->peerID();
    for (auto const& b : node.overlay().banManager().getBans())
        if (b.nodeId.compare(0, prefix.size(), prefix) == 0)
            return nodeIDFromStrKey(b.nodeId);
    return std::nullopt;
}

void
addNodeCommands(AdminServer& admin, Node& node)
{
    using RunsOn = AdminServer::RunsOn;
    admin.addCommand("info", "info", [&node](AdminRequest const&) { return adminJson(infoJson(node).dump(3)); });
    admin.addCommand("peers", "peers[?fullkeys=true][&compact=false]",
                     [&node](AdminRequest const& r) { return peers(node, r); });
    admin.addCommand(
        "connect", "connect?peer=NAME&port=NNN", [&node](AdminRequest const& r) { return connect(node, r); },
        RunsOn::HttpThread);
    admin.addCommand("droppeer", "droppeer?node=NODE_ID[&ban=1]",
                     [&node](AdminRequest const& r) { return dropPeer(node, r); });
    admin.addCommand("bans", "bans", [&node](AdminRequest const&) { return bans(node); });
    admin.addCommand("ban", "ban?node=NODE_ID",
                     [&node](AdminRequest const& r) { return banOrUnban(node, r, /*ban=*/true); });
    admin.addCommand("unban", "unban?node=NODE_ID",
                     [&node](AdminRequest const& r) { return banOrUnban(node, r, /*ban=*/false); });
    admin.addCommand("ll", "ll[?level=L][&partition=P]", [](AdminRequest const& r) { return ll(r); });
    admin.addCommand("logrotate", "logrotate", [&node](AdminRequest const&) {
        node.rotateLog();
        return adminText("Log rotate...");
    });
    admin.addCommand("metrics", "metrics[?enable=NAME,DOMAIN][&format=prometheus]",
                     [&node](AdminRequest const& r) { return metricsAnswer(node, param(r, "enable"), param(r, "format")); });
    admin.addCommand("clearmetrics", "clearmetrics[?domain=DOMAIN]", [&node](AdminRequest const& r) {
        auto domain = param(r, "domain");
        node.metrics().clear(domain);
        return adminText(fmt::format("Cleared {} metrics!", domain));
    });
}

}
