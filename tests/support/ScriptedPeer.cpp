#include "support/ScriptedPeer.h"

#include "crypto/Random.h"
#include "crypto/SHA.h"
#include "simulation/Traffic.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

namespace stellar::test
{

ScriptedPeer::ScriptedPeer(Clock& clock, ScriptedPeerOptions options)
    : clock_(clock)
    , options_(std::move(options))
    , key_(options_.key ? *options_.key : crypto::SecretKey::random())
    , networkID_(crypto::sha256(crypto::asBytes(options_.networkPassphrase)))
    , auth_(key_, networkID_, clock_)
    , timeZero_(options_.timeZero.value_or(clock_.now()))
{
    crypto::randomBytes(nonce_);
}

std::ostream&
operator<<(std::ostream& os, Arrival const& a)
{
    return os << "{" << std::chrono::duration<double>(a.at).count() << "s, " << xdr::enumName(a.type) << "}";
}

ScriptedPeer::~ScriptedPeer() = default;

NodeID
ScriptedPeer::nodeID() const
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = key_.publicKey();
    return id;
}

void
ScriptedPeer::connect(Network& network, std::string const& ip, uint16_t port)
{
    role_ = PeerRole::WE_CALLED_REMOTE;
    transport_ = network.connect(ip, port);
    transport_->setMaxIncomingFrameSize(0x1000000);
    transport_->start(*this);
}

void
ScriptedPeer::adopt(std::unique_ptr<Transport> transport)
{
    role_ = PeerRole::REMOTE_CALLED_US;
    transport_ = std::move(transport);
    transport_->setMaxIncomingFrameSize(0x1000000);
    connected_ = true;
    transport_->start(*this);
}

void
ScriptedPeer::close()
{
    if (transport_)
        transport_->close();
    markClosed();
}

void
ScriptedPeer::markClosed()
{
    if (!closed_)
        closedAt_ = clock_.now() - timeZero_;
    closed_ = true;
}

Hello
ScriptedPeer::makeHello()
{
    Hello h;
    h.ledgerVersion = options_.ledgerVersion;
    h.overlayVersion = options_.overlayVersion;
    h.overlayMinVersion = options_.overlayMinVersion;
    h.networkID = networkID_;
    h.versionStr = options_.versionStr;
    h.listeningPort = options_.listeningPort;
    h.peerID = nodeID();
    h.cert = auth_.getAuthCert();
    h.nonce = nonce_;
    return h;
}

void
ScriptedPeer::sendHello(Hello const& hello)
{
    StellarMessage msg;
    msg.type(HELLO);
    msg.hello() = hello;
    send(msg, SendTweaks{.noMac = true});
}

void
ScriptedPeer::sendAuth(int32_t flags, SendTweaks tweaks)
{
    StellarMessage msg;
    msg.type(AUTH);
    msg.auth().flags = flags;
    send(msg, tweaks);
}

void
ScriptedPeer::send(StellarMessage const& msg, SendTweaks tweaks)
{
    transport_->send(frameBody(msg, tweaks));
}

std::vector<uint8_t>
ScriptedPeer::frameBody(StellarMessage const& msg, SendTweaks tweaks)
{
    bool authenticated = !tweaks.noMac && msg.type() != HELLO && msg.type() != ERROR_MSG && keysSet_;
    uint64_t sequence = authenticated ? sendSeq_ + tweaks.sequenceOffset : 0;
    xdr::XdrWriter w;
    w.writeUint32(0);
    w.writeUint64(sequence);
    xdr::encode(w, msg);
    auto bytes = w.take();
    crypto::Bytes32 mac{};
    if (authenticated)
    {
        // MAC what we actually send (a shifted sequence is MACed as sent).
        mac = crypto::hmacSha256(sendKey_, std::span<uint8_t const>(bytes).subspan(4));
        ++sendSeq_;
        if (tweaks.corruptMac)
            mac[0] ^= 1;
    }
    bytes.insert(bytes.end(), mac.begin(), mac.end());
    return bytes;
}

void
ScriptedPeer::sendRawFrame(std::vector<uint8_t> body)
{
    transport_->send(std::move(body));
}

void
ScriptedPeer::sendMessageBytes(std::span<uint8_t const> messageXdr)
{
    xdr::XdrWriter w;
    w.writeUint32(0);
    w.writeUint64(keysSet_ ? sendSeq_ : 0);
    auto bytes = w.take();
    bytes.insert(bytes.end(), messageXdr.begin(), messageXdr.end());
    crypto::Bytes32 mac{};
    if (keysSet_)
    {
        mac = crypto::hmacSha256(sendKey_, std::span<uint8_t const>(bytes).subspan(4));
        ++sendSeq_;
    }
    bytes.insert(bytes.end(), mac.begin(), mac.end());
    transport_->send(std::move(bytes));
}

bool
ScriptedPeer::handshake(ClockDuration timeout)
{
    if (!waitFor([this] { return connected_; }, timeout))
        return false;
    sendHello();
    if (!waitFor([this] { return keysSet_ || closed_; }, timeout) || closed_)
        return false;
    sendAuth();
    if (!waitForType(AUTH, timeout))
        return false;
    sendInitialGrant();
    return true;
}

void
ScriptedPeer::sendInitialGrant()
{
    if (options_.initialGrant)
        grant(options_.initialGrant->numMessages, options_.initialGrant->numBytes);
}

void
ScriptedPeer::grant(uint32_t numMessages, uint32_t numBytes)
{
    send(simulation::sendMoreExtended(numMessages, numBytes));
}

void
ScriptedPeer::onFrame(std::vector<uint8_t> body)
{
    AuthenticatedMessage am;
    try
    {
        xdr::fromBytes(std::span<uint8_t const>(body), am);
    }
    catch (xdr::XdrError const&)
    {
        ADD_FAILURE() << "scripted peer received corrupt XDR";
        return;
    }
    auto const& v0 = am.v0();
    Received r{v0.message, true, clock_.now() - timeZero_};
    if (v0.message.type() == HELLO)
    {
        remoteHello_ = v0.message.hello();
        auto keys = auth_.macKeys(remoteHello_->cert.pubkey, nonce_, remoteHello_->nonce, role_);
        if (keys)
        {
            sendKey_ = keys->send;
            hmac_.setRecvMacKey(keys->recv);
            keysSet_ = true;
        }
    }
    else if (v0.message.type() != ERROR_MSG && keysSet_)
    {
        auto macInput = std::span<uint8_t const>(body).subspan(4, body.size() - 36);
        r.macOk = hmac_.check(v0.sequence, macInput, v0.mac.mac) == MacCheck::Ok;
    }
    received_.push_back(std::move(r));
    if (v0.message.type() == HELLO && onHelloReceived)
        onHelloReceived();
    if (onMessage)
        onMessage(v0.message);
}

void
ScriptedPeer::onTransportError(TransportError error, std::string const&)
{
    error_ = error;
    markClosed();
}

std::vector<MessageType>
ScriptedPeer::receivedTypes() const
{
    std::vector<MessageType> out;
    for (auto const& r : received_)
        out.push_back(r.msg.type());
    return out;
}

std::vector<Arrival>
ScriptedPeer::arrivals() const
{
    std::vector<Arrival> out;
    for (auto const& r : received_)
        out.push_back({r.at, r.msg.type()});
    return out;
}

std::vector<StellarMessage>
ScriptedPeer::allOf(MessageType type) const
{
    std::vector<StellarMessage> out;
    for (auto const& r : received_)
        if (r.msg.type() == type)
            out.push_back(r.msg);
    return out;
}

std::size_t
ScriptedPeer::count(MessageType type) const
{
    return allOf(type).size();
}

std::optional<Error>
ScriptedPeer::firstError() const
{
    for (auto const& r : received_)
        if (r.msg.type() == ERROR_MSG)
            return r.msg.error();
    return std::nullopt;
}

std::optional<StellarMessage>
ScriptedPeer::firstOf(MessageType type) const
{
    for (auto const& r : received_)
        if (r.msg.type() == type)
            return r.msg;
    return std::nullopt;
}

bool
ScriptedPeer::waitFor(std::function<bool()> const& cond, ClockDuration timeout)
{
    return clock_.crankUntil(cond, timeout);
}

bool
ScriptedPeer::waitForType(MessageType type, ClockDuration timeout)
{
    return waitFor([&] { return firstOf(type).has_value(); }, timeout);
}

}
