#pragma once
// A small world in virtual time for the peer-lifecycle tests: one Virtual
// clock, one loopback hub, and nodes and scripted peers each on their own
// address 127.0.0.N. Every time a test names is time since the world began,
// which is also the time base of each node's DropLog when the node is built
// at the start.
//
// Scripted peers come in two kinds: a dialer (the test connects it to a
// node, as an inbound peer of that node) and a ScriptedRemote, which listens
// on its own address and answers each connection a node makes to it with a
// fresh ScriptedPeer carrying the same key, playing the responder's part of
// the handshake as told.

#include "net/LoopbackNetwork.h"
#include "overlay/PeerManager.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar::test
{

inline constexpr uint16_t WORLD_PEER_PORT = 11625;

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

    ClockDuration elapsed() const { return clock.now() - start; }
    // Runs the world to time `t`: every timer due at or before t has fired and
    // the work they posted has run.
    void runUntil(ClockDuration t);
    // Runs until `done` holds or the world reaches `deadline`; whether it held.
    bool runUntil(std::function<bool()> const& done, ClockDuration deadline);

    // A node on a fresh address (or `ip`), listening on WORLD_PEER_PORT once started.
    TestNode& node(OverlayConfig config, std::string ip = {}, std::string const& databaseUrl = "sqlite3://:memory:");
    // A scripted node listening on a fresh address (or `ip`).
    ScriptedRemote& remote(std::string ip = {}, ScriptedPeerOptions options = scriptedOptions());
    // A scripted peer dialling `node` from a fresh address (or `ip`).
    std::unique_ptr<ScriptedPeer> dial(TestNode& node, std::string ip = {},
                                       ScriptedPeerOptions options = scriptedOptions());
    // Removes a node (its connections close as a killed process's would).
    void remove(TestNode& node);

    LoopbackNetwork& network(std::string ip = {});
    // The address a node of this world listens on, and its network.
    PeerBareAddress address(TestNode const& node) const;
    LoopbackNetwork& networkOf(TestNode const& node);

  private:
    struct PlacedNode
    {
        LoopbackNetwork* network;
        std::unique_ptr<TestNode> node;
    };
    std::vector<std::unique_ptr<LoopbackNetwork>> networks_;
    std::vector<std::unique_ptr<ScriptedRemote>> remotes_;
    std::vector<PlacedNode> nodes_;
};

// The text of the first ERROR_MSG the peer received, or "<no ERROR_MSG>".
std::string errorTextOf(ScriptedPeer const& peer);
std::string strKeyOf(NodeID const& id);
PeerBareAddress addr(std::string_view text);

// What the node's `peers` table says about one address (nullopt: no row).
std::optional<PeerRecord> row(TestNode& node, PeerBareAddress const& address);

// The log without failed dials. Promotion dials every inbound peer's listening
// address (E30); nothing listens at a scripted peer's, so those dials fail at
// once, and timelines about other drops leave them out.
DropLog withoutFailedDials(DropLog const& log);

}
