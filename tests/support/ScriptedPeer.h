#pragma once
// A remote peer whose every step a test scripts: it sends HELLO, AUTH and
// any message when told, with the sequence number or MAC damaged on demand,
// and records every message it receives (checking MACs itself) and when, and
// when its connection closed. Tests use it to play hostile, broken or silent
// peers against a real node, over TCP or the loopback.

#include "crypto/SecretKey.h"
#include "net/Transport.h"
#include "overlay/Hmac.h"
#include "overlay/PeerAuth.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace stellar::test
{

struct ScriptedPeerOptions
{
    std::string networkPassphrase;
    std::optional<crypto::SecretKey> key; // default: a random key
    uint32_t overlayVersion = 41;
    uint32_t overlayMinVersion = 40;
    uint32_t ledgerVersion = 25;
    int32_t listeningPort = 11625;
    std::string versionStr = "scripted-peer";
    // What a stellar-core peer grants right after AUTH (spec 8.3): the
    // handshake() of an initiator and the answers of a responder send it.
    // Without it the node drops us after PEER_SEND_MODE_IDLE_TIMEOUT (E05).
    std::optional<SendMoreExtended> initialGrant = SendMoreExtended{200, 300000};
    // What arrival and close times count from; unset: when the peer is made.
    std::optional<ClockTime> timeZero;
};

// A message that arrived, by type, and when.
struct Arrival
{
    ClockDuration at;
    MessageType type;
    friend bool operator==(Arrival const&, Arrival const&) = default;
};
std::ostream& operator<<(std::ostream& os, Arrival const& a);

struct SendTweaks
{
    int64_t sequenceOffset = 0; // added to the sequence we would use
    bool corruptMac = false;    // flip one bit of the MAC
    bool noMac = false;         // send sequence 0 and a zero MAC, as for HELLO
};

class ScriptedPeer : public TransportHandler
{
  public:
    ScriptedPeer(Clock& clock, ScriptedPeerOptions options);
    ~ScriptedPeer() override;

    // Dial `ip:port` through `network` (we are the initiator)...
    void connect(Network& network, std::string const& ip, uint16_t port);
    // ...or take a connection the node dialled (we are the responder).
    void adopt(std::unique_ptr<Transport> transport);

    Hello makeHello();
    void sendHello() { sendHello(makeHello()); }
    void sendHello(Hello const& hello);
    void sendAuth(int32_t flags = AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks tweaks = {});
    void send(StellarMessage const& msg, SendTweaks tweaks = {});
    // The frame body send() would write now, without writing it: the
    // sequence moves on as if it had been sent (benchmarks hand such frames
    // to a node's Peer directly).
    std::vector<uint8_t> frameBody(StellarMessage const& msg, SendTweaks tweaks = {});
    void sendRawFrame(std::vector<uint8_t> body);
    // Any bytes in place of an encoded StellarMessage, framed with the next
    // sequence and a valid MAC (once keys are set): what reaches the node's
    // decoder and handlers past its MAC check (the handshake fuzz target).
    void sendMessageBytes(std::span<uint8_t const> messageXdr);
    // SEND_MORE_EXTENDED with options.initialGrant, if set.
    void sendInitialGrant();
    // SEND_MORE_EXTENDED: the node may send this much more flood traffic.
    void grant(uint32_t numMessages, uint32_t numBytes);
    // The full handshake as initiator: HELLO, wait for HELLO, AUTH, wait for
    // AUTH, then the initial grant (if any).
    bool handshake(ClockDuration timeout = std::chrono::seconds(5));

    // What arrived, in order. `macOk` is false for a message whose MAC or
    // sequence did not check out.
    struct Received
    {
        StellarMessage msg;
        bool macOk = true;
        ClockDuration at{}; // since timeZero
    };
    std::vector<Received> const& received() const { return received_; }
    std::vector<MessageType> receivedTypes() const;
    // Every message that arrived, with its time: the peer's side of a timeline.
    std::vector<Arrival> arrivals() const;
    std::optional<Error> firstError() const;
    std::optional<StellarMessage> firstOf(MessageType type) const;
    std::vector<StellarMessage> allOf(MessageType type) const;
    std::size_t count(MessageType type) const;
    bool connected() const { return connected_; }
    bool closed() const { return closed_; }
    // When the connection closed (by either side), since timeZero.
    std::optional<ClockDuration> closedAt() const { return closedAt_; }
    std::optional<TransportError> transportError() const { return error_; }
    bool gotHello() const { return remoteHello_.has_value(); }

    // Cranks the clock until the condition holds or `timeout` passes.
    bool waitFor(std::function<bool()> const& cond, ClockDuration timeout = std::chrono::seconds(5));
    bool waitForType(MessageType type, ClockDuration timeout = std::chrono::seconds(5));
    bool waitClosed(ClockDuration timeout = std::chrono::seconds(5)) { return waitFor([this] { return closed_; }, timeout); }

    // Called with each message after it is recorded, so that a test can
    // script answers (a responder's HELLO and AUTH, a DONT_HAVE for a ping).
    std::function<void(StellarMessage const&)> onMessage;
    // Called when the remote's HELLO arrives, before onMessage (the harness
    // uses it; tests use onMessage).
    std::function<void()> onHelloReceived;

    NodeID nodeID() const;
    crypto::SecretKey const& key() const { return key_; }
    void close();

    // TransportHandler
    void onConnected() override { connected_ = true; }
    void onFrame(std::vector<uint8_t> body) override;
    void onWritten(std::size_t) override {}
    void onTransportError(TransportError error, std::string const&) override;

  private:
    void markClosed();

    Clock& clock_;
    ScriptedPeerOptions options_;
    crypto::SecretKey key_;
    Hash networkID_;
    PeerAuth auth_;
    PeerRole role_ = PeerRole::WE_CALLED_REMOTE;
    std::unique_ptr<Transport> transport_;
    uint256 nonce_{};
    std::optional<Hello> remoteHello_;
    Hmac hmac_; // receiving side
    crypto::Bytes32 sendKey_{};
    uint64_t sendSeq_ = 0;
    bool keysSet_ = false;
    bool connected_ = false, closed_ = false;
    ClockTime timeZero_;
    std::optional<ClockDuration> closedAt_;
    std::optional<TransportError> error_;
    std::vector<Received> received_;
};

}
