#pragma once
// The virtual-time harness (see README.md in this folder): one Virtual
// clock, one in-memory loopback hub, nodes (TestNode) and scripted peers
// (ScriptedPeer), each on its own address 127.0.0.N. Every time a test names
// is time since the world began: runUntil(5s), a node's drops()
// {{5s, IdleTimeout}}, a scripted peer's arrivals() and closedAt().
//
// Scripted peers come in two kinds:
// - a dialer: the test connects it to a node (dial, authenticatedPeer), so
//   it is an inbound peer of that node;
// - a ScriptedRemote: it listens on its own address and answers each
//   connection a node makes to it with a fresh ScriptedPeer carrying the
//   same key, playing the responder's part of the handshake as `answers` say.
//
// A dialer listens nowhere. A node would dial its HELLO address back to
// promote it (E30), and the dial would fail and put an "unable to connect"
// drop into the timeline. So when the node's HELLO reaches a dialer (the
// node has written the row of the dialer's address by then), the world moves
// that row's next attempt a year away: the node never dials it, and a
// timeline holds only what the test did. Promotion itself is tested with two
// nodes (Tick.G13_*).

#include "net/LoopbackNetwork.h"
#include "overlay/PeerManager.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar::test
{

inline constexpr uint16_t WORLD_PEER_PORT = 11625;

// A scripted peer on the test network with `key` (default: a fresh one).
ScriptedPeerOptions scriptedOptions(std::optional<crypto::SecretKey> key = std::nullopt);

// How a scripted peer answers what a node sends it.
struct Answers
{
    bool handshake = true; // a responder answers HELLO with HELLO and AUTH with AUTH (+ what follows)
    int32_t authFlags = AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED;
    // Sent right after the responder's AUTH, as a full stellar-core node
    // sends ERR_LOAD "peer rejected" when it has no slot (E33 order).
    std::optional<std::pair<ErrorCode, std::string>> errorAfterAuth;
    // Sent right after the responder's AUTH (what a responder sends, spec 7.2).
    std::optional<std::vector<PeerAddress>> peersAfterAuth;
    bool pings = true; // answer GET_SCP_QUORUMSET with DONT_HAVE
};
void answer(ScriptedPeer& peer, Answers answers);
// For a peer that already did its handshake: answer pings, nothing else.
Answers pingAnswersOnly();

class LoopbackWorld;

class ScriptedRemote
{
  public:
    ScriptedRemote(LoopbackWorld& world, std::string const& ip, ScriptedPeerOptions options);
    PeerBareAddress address() const;
    NodeID nodeID() const;
    std::string strKey() const;
    LoopbackNetwork& network() { return *network_; }

    Answers answers;
    // Every connection a node made to us, oldest first.
    std::vector<std::unique_ptr<ScriptedPeer>> connections;
    ScriptedPeer& last() { return *connections.back(); }
    // The first ERROR_MSG each connection received (connections without one skipped).
    std::vector<Error> errorsReceived() const;

  private:
    LoopbackWorld& world_;
    ScriptedPeerOptions options_;
    std::unique_ptr<LoopbackNetwork> network_;
};

class LoopbackWorld
{
  public:
    explicit LoopbackWorld(uint64_t seed = 1);
    ~LoopbackWorld();

    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    ClockTime const start = clock.now();
    // What every network the world makes from now on sends through (a node's,
    // a dialer's, a remote's): e.g. {.latency = 10ms}.
    LinkOptions link;

    ClockDuration elapsed() const { return clock.now() - start; }
    // Runs the world to time `t`: every timer due at or before t has fired and
    // the work they posted has run.
    void runUntil(ClockDuration t);
    // Runs until `done` holds or the world reaches `deadline`; whether it held.
    bool runUntil(std::function<bool()> const& done, ClockDuration deadline);

    // A node on a fresh address (or `ip`), listening on WORLD_PEER_PORT once started.
    TestNode& node(OverlayConfig config = testOverlayConfig(), std::string ip = {},
                   std::string const& databaseUrl = "sqlite3://:memory:");
    // A node on a fresh address whose application is what `makeApp` builds
    // (e.g. the standalone node's RelayApp) instead of the scripted one.
    TestNode& node(OverlayConfig config, std::function<std::unique_ptr<OverlayApp>(Clock&, MetricsRegistry&)> makeApp);
    // The same, started.
    TestNode& startedNode(OverlayConfig config = testOverlayConfig());
    // A scripted node listening on a fresh address (or `ip`).
    ScriptedRemote& remote(std::string ip = {}, ScriptedPeerOptions options = scriptedOptions());
    // A scripted peer dialling `node` from a fresh address (or `ip`); it says
    // nothing until told.
    std::unique_ptr<ScriptedPeer> dial(TestNode& node, std::string ip = {},
                                       ScriptedPeerOptions options = scriptedOptions());
    // A dialer that has done the whole handshake: the node holds it in an
    // authenticated slot and has sent it SEND_MORE_EXTENDED and GET_SCP_STATE.
    // It grants the node options.initialGrant (none: nothing).
    std::unique_ptr<ScriptedPeer> authenticatedPeer(TestNode& node, ScriptedPeerOptions options = scriptedOptions());
    // Removes a node (its connections close as a killed process's would).
    void remove(TestNode& node);

    // A fresh network (an address of its own), e.g. with its own link options.
    LoopbackNetwork& network(std::string ip = {});
    LoopbackNetwork& networkOf(TestNode const& node);

  private:
    TestNode& place(OverlayConfig config, std::string ip, TestNodeOptions options);

    struct PlacedNode
    {
        LoopbackNetwork* network;
        std::unique_ptr<TestNode> node;
    };
    std::vector<std::unique_ptr<LoopbackNetwork>> networks_;
    std::vector<std::unique_ptr<ScriptedRemote>> remotes_;
    std::vector<PlacedNode> nodes_;
};

// A scripted peer dialling `node` through `from` (any loopback network of the
// node's hub, e.g. a Simulation's): the dialer LoopbackWorld::dial makes,
// for worlds of other shapes.
std::unique_ptr<ScriptedPeer> dialFrom(LoopbackNetwork& from, Clock& clock, TestNode& node,
                                       ScriptedPeerOptions options);

// The text of the first ERROR_MSG the peer received, or "<no ERROR_MSG>".
std::string errorTextOf(ScriptedPeer const& peer);
// The peer received an ERROR_MSG, and the first one has this code and text.
void expectError(ScriptedPeer const& peer, ErrorCode code, std::string const& text);
std::string strKeyOf(NodeID const& id);
PeerBareAddress addr(std::string_view text);

// What the node's `peers` table says about one address (nullopt: no row).
std::optional<PeerRecord> row(TestNode& node, PeerBareAddress const& address);

}
