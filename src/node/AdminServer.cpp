#include "node/AdminServer.h"

#include "crypto/StrKey.h"
#include "node/Node.h"
#include "node/RelayApp.h"
#include "overlay/BanManager.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerBareAddress.h"
#include "overlay/PeerManager.h"
#include "util/Log.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <future>

namespace stellar
{

namespace
{
using json = nlohmann::json;

AdminServer::Response
text(std::string body, int status = 200)
{
    return {status, std::move(body) + "\n", "text/plain"};
}

AdminServer::Response
jsonResponse(json const& j)
{
    return {200, j.dump(2) + "\n", "application/json"};
}

std::optional<NodeID>
parseNodeID(std::string const& s)
{
    auto key = crypto::fromStrKeyPublic(s);
    if (!key)
        return std::nullopt;
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = *key;
    return id;
}

json
peerJson(Peer const& p, ClockTime now)
{
    json j;
    j["address"] = p.address().toString();
    j["elapsed"] = std::chrono::duration_cast<std::chrono::seconds>(now - p.connectedAt()).count();
    j["latency"] = p.lastPing() ? p.lastPing()->count() : -1;
    j["ver"] = p.remoteVersion();
    j["olver"] = p.remoteOverlayVersion();
    if (p.peerID())
        j["id"] = crypto::toStrKeyPublic(p.peerID()->ed25519());
    j["message_read"] = p.messagesRead();
    j["message_write"] = p.messagesWritten();
    j["byte_read"] = p.bytesRead();
    j["byte_write"] = p.bytesWritten();
    return j;
}
}

AdminServer::AdminServer(Node& node) : node_(node)
{
}

AdminServer::~AdminServer()
{
    stop();
}

void
AdminServer::start(std::string const& host, uint16_t port)
{
    server_ = std::make_unique<httplib::Server>();
    server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
    // httplib's default also sets SO_REUSEPORT, which lets a second node bind
    // the same HTTP_PORT and silently share its requests: keep SO_REUSEADDR only.
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    server_->Get(R"(/([a-z]+))", [this](httplib::Request const& req, httplib::Response& res) {
        Params params;
        for (auto const& [k, v] : req.params)
            params[k] = v;
        auto command = req.matches[1].str();
        // Run on the node's loop and wait for the answer; a loop that is
        // shutting down does not answer, so the wait is bounded.
        auto promise = std::make_shared<std::promise<Response>>();
        auto future = promise->get_future();
        node_.clock().post([this, promise, command, params] {
            try
            {
                promise->set_value(handle(command, params));
            }
            catch (std::exception const& e)
            {
                promise->set_value(text(std::string("error: ") + e.what(), 500));
            }
        });
        if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        {
            res.status = 503;
            res.set_content("the node is not answering (shutting down?)\n", "text/plain");
            return;
        }
        auto r = future.get();
        res.status = r.status;
        res.set_content(r.body, r.contentType.c_str());
    });
    int bound = port == 0 ? server_->bind_to_any_port(host.c_str()) : (server_->bind_to_port(host.c_str(), port) ? port : -1);
    if (bound <= 0)
        throw ConfigError("HTTP_PORT: cannot listen on " + host + ":" + std::to_string(port) +
                          ": the port is in use or not allowed");
    port_ = static_cast<uint16_t>(bound);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    defaultLogger().info("Listening on {}:{} for HTTP requests", host, port_);
}

void
AdminServer::stop()
{
    if (server_)
        server_->stop();
    if (thread_.joinable())
        thread_.join();
    server_.reset();
}

AdminServer::Response
AdminServer::handle(std::string const& command, Params const& params)
{
    auto& overlay = node_.overlay();
    auto param = [&](std::string const& k) -> std::optional<std::string> {
        auto it = params.find(k);
        if (it == params.end())
            return std::nullopt;
        return it->second;
    };

    if (command == "info")
    {
        auto const& cfg = node_.config();
        json info;
        info["build"] = cfg.overlay.VERSION_STR;
        info["network"] = cfg.overlay.NETWORK_PASSPHRASE;
        info["node"] = crypto::toStrKeyPublic(overlay.nodeID().ed25519());
        info["protocol_version"] = cfg.overlay.LEDGER_PROTOCOL_VERSION;
        info["overlay_version"] = cfg.overlay.OVERLAY_PROTOCOL_VERSION;
        info["overlay_min_version"] = cfg.overlay.OVERLAY_PROTOCOL_MIN_VERSION;
        info["state"] = node_.app().isSynced() ? "Synced!" : "Catching up";
        info["ledger"]["num"] = node_.app().trackingLedgerSeq();
        info["peers"]["authenticated_count"] = overlay.inboundAuthenticatedCount() + overlay.outboundAuthenticatedCount();
        info["peers"]["pending_count"] = overlay.inboundPendingCount() + overlay.outboundPendingCount();
        return jsonResponse(json{{"info", info}});
    }
    if (command == "peers")
    {
        auto now = node_.clock().now();
        json root;
        auto pendingList = [&](bool outbound) {
            json arr = json::array();
            for (auto const& p : overlay.pendingPeers())
                if ((p->role() == PeerRole::WE_CALLED_REMOTE) == outbound)
                    arr.push_back(p->toString());
            return arr;
        };
        auto authList = [&](std::vector<Peer::pointer> const& peers) {
            json arr = json::array();
            for (auto const& p : peers)
                arr.push_back(peerJson(*p, now));
            return arr;
        };
        root["pending_peers"]["outbound"] = pendingList(true);
        root["pending_peers"]["inbound"] = pendingList(false);
        root["authenticated_peers"]["outbound"] = authList(overlay.outboundAuthenticatedPeers());
        root["authenticated_peers"]["inbound"] = authList(overlay.inboundAuthenticatedPeers());
        return jsonResponse(root);
    }
    if (command == "connect")
    {
        auto peer = param("peer");
        auto port = param("port");
        if (!peer || !port)
            return text("Must specify a peer and port: connect?peer=PEER&port=PORT", 400);
        auto address = PeerBareAddress::parse(*peer + ":" + *port);
        if (!address)
            return text("peer=" + *peer + "&port=" + *port + " is not an address: expected an IPv4 address and a port", 400);
        overlay.connectTo(*address);
        return text("Connect to: " + address->toString());
    }
    if (command == "droppeer")
    {
        auto node = param("node");
        if (!node)
            return text("Must specify at least peer id: droppeer?node=NODE_ID", 400);
        auto id = parseNodeID(*node);
        bool ban = param("ban") == std::optional<std::string>("1");
        if (!id || !overlay.dropPeer(*id, ban))
            return text("Peer " + *node + " not found", 404);
        return text((ban ? "Drop and ban peer: " : "Drop peer: ") + *node);
    }
    if (command == "bans")
    {
        json arr = json::array();
        for (auto const& b : overlay.banManager().getBans())
            arr.push_back(b.nodeId);
        return jsonResponse(json{{"bans", arr}});
    }
    if (command == "ban" || command == "unban")
    {
        auto node = param("node");
        if (!node)
            return text("Must specify at least peer id: " + command + "?node=NODE_ID", 400);
        if (!parseNodeID(*node))
            return text("node=" + *node + " is not a node id: expected a strkey starting with 'G'", 400);
        if (command == "ban")
        {
            overlay.banManager().banNode(*node);
            if (auto id = parseNodeID(*node))
                overlay.dropPeer(*id, false);
            return text("Ban peer: " + *node);
        }
        overlay.banManager().unbanNode(*node);
        return text("Unban peer: " + *node);
    }
    if (command == "metrics")
    {
        json m;
        for (auto const& [name, c] : node_.metrics().counters())
            m[name] = {{"type", "counter"}, {"count", c.count()}};
        for (auto const& [name, t] : node_.metrics().timers())
        {
            auto ms = [](ClockDuration d) { return std::chrono::duration<double, std::milli>(d).count(); };
            m[name] = {{"type", "timer"}, {"count", t.count()}, {"min", ms(t.min())}, {"max", ms(t.max())},
                       {"mean", t.count() ? ms(t.sum()) / double(t.count()) : 0.0}, {"75%", ms(t.percentile(0.75))},
                       {"99%", ms(t.percentile(0.99))}};
        }
        return jsonResponse(json{{"metrics", m}});
    }
    if (command == "ll")
    {
        auto level = param("level");
        auto partition = param("partition").value_or("*");
        if (!level)
            return text("Must specify a level: ll?level=LEVEL[&partition=PARTITION]", 400);
        if (!setLogLevel(partition, *level))
            return text("level=" + *level + " is not a level: expected trace, debug, info, warn, error, critical or off", 400);
        return text("Log level of " + partition + " set to " + *level);
    }
    return text("Unknown command: " + command, 404);
}

}
