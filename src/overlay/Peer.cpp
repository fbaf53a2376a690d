#include "overlay/Peer.h"

#include "crypto/Random.h"
#include "crypto/SHA.h"
#include "crypto/ShortHash.h"
#include "crypto/StrKey.h"
#include "net/RecordMark.h"
#include "overlay/BanManager.h"
#include "overlay/CapacityTrackedMessage.h"
#include "overlay/FlowControlConfig.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/OverlayMetrics.h"
#include "overlay/PeerAuth.h"
#include "overlay/PeerManager.h"
#include "overlay/SurveyManager.h"
#include "overlay/TxSetFrame.h"
#include "util/Log.h"
#include "xdr/Codec.h"

#include <fmt/format.h>

#include <algorithm>

namespace stellar
{

namespace
{
spdlog::logger&
log()
{
    return logger("Overlay");
}

std::string_view
errorCodeName(ErrorCode code)
{
    switch (code)
    {
    case ERR_MISC: return "ERR_MISC";
    case ERR_DATA: return "ERR_DATA";
    case ERR_CONF: return "ERR_CONF";
    case ERR_AUTH: return "ERR_AUTH";
    case ERR_LOAD: return "ERR_LOAD";
    }
    return "UNKNOWN";
}
}

Peer::Peer(OverlayManager& overlay, PeerRole role, std::unique_ptr<Transport> transport, PeerBareAddress address)
    : overlay_(overlay)
    , clock_(overlay.clock())
    , role_(role)
    , state_(role == PeerRole::WE_CALLED_REMOTE ? PeerState::CONNECTING : PeerState::CONNECTED)
    , transport_(std::move(transport))
    , address_(std::move(address))
    , addressName_(address_.toString())
    , createdAt_(clock_.now())
    , lastRead_(createdAt_)
    , lastWrite_(createdAt_)
    , enqueueTimeOfLastWrite_(createdAt_)
    , recurrentTimer_(clock_)
    , checkpointTimer_(clock_)
    , flowControl_(flowControlSettings(overlay.config(), overlay.app().maxTxSize()), createdAt_)
    , txAdverts_(clock_, overlay.config().FLOOD_ADVERT_PERIOD_MS,
                 [this](TxAdvertVector hashes) {
                     StellarMessage msg;
                     msg.type(FLOOD_ADVERT);
                     msg.floodAdvert().txHashes = std::move(hashes);
                     sendMessage(msg);
                 })
    , floodBudget_(overlay.config().PEER_UNEXPLAINED_FLOOD_BUDGET)
{
    crypto::randomBytes(sendNonce_);
    transport_->setMaxIncomingFrameSize(MAX_UNAUTH_MESSAGE_SIZE);
}

Peer::~Peer() = default;

void
Peer::start()
{
    transport_->start(*this);
    startRecurrentTimer();
    if (role_ == PeerRole::REMOTE_CALLED_US)
        log().debug("new inbound connection from {}", address_.toString());
}

std::string
Peer::toString() const
{
    if (peerID_)
        return fmt::format("{}@{}", overlay_.shortId(*peerID_), addressName_);
    return addressName_;
}

// --- receiving

void
Peer::onConnected()
{
    if (state_ != PeerState::CONNECTING)
        return;
    state_ = PeerState::CONNECTED;
    lastRead_ = clock_.now();
    sendHello();
}

void
Peer::onFrame(std::vector<uint8_t> body)
{
    if (isClosing())
        return;
    lastRead_ = clock_.now();
    ++messagesRead_;
    bytesRead_ += body.size() + 4;
    auto& metrics = overlay_.messageMetrics();
    metrics.messageRead.inc();
    metrics.byteRead.inc(static_cast<int64_t>(body.size() + 4));

    AuthenticatedMessage am;
    try
    {
        // Trailing bytes after the message are corrupt too (stellar-core v27: xdr_get::done).
        xdr::fromBytes(std::span<uint8_t const>(body), am);
    }
    catch (xdr::XdrError const& e)
    {
        log().debug("{}: corrupt XDR: {}", toString(), e.what());
        drop(DropCause::CorruptXdr);
        return;
    }
    recvAuthenticatedMessage(body, am);
}

void
Peer::recvAuthenticatedMessage(std::vector<uint8_t> const& body, AuthenticatedMessage& am)
{
    auto& v0 = am.v0();
    // From GOT_HELLO on every message but ERROR_MSG must carry the next
    // sequence and a valid MAC, HELLO included (E04: a second HELLO fails here).
    if (state_ >= PeerState::GOT_HELLO && v0.message.type() != ERROR_MSG)
    {
        // The MAC covers XDR(sequence) || XDR(message): the body without its
        // 4-byte union tag and its 32-byte trailing MAC.
        auto macInput = std::span<uint8_t const>(body).subspan(4, body.size() - 4 - 32);
        switch (hmac_.check(v0.sequence, macInput, v0.mac.mac))
        {
        case MacCheck::Ok: provedKey_ = true; break;
        case MacCheck::UnexpectedSequence: return drop(DropCause::UnexpectedAuthSequence);
        case MacCheck::ZeroKey: return drop(DropCause::ReceiveMacKeyZero);
        case MacCheck::BadMac: return drop(DropCause::UnexpectedMac);
        }
    }

    // Capacity is taken as the message is read (core: Peer::recvAuthenticatedMessage).
    // The StellarMessage XDR sits between the 12 bytes of union tag and
    // sequence and the 32-byte MAC.
    auto messageXdr = std::span<uint8_t const>(body).subspan(12, body.size() - 12 - 32);
    auto tracked = std::make_shared<CapacityTrackedMessage>(shared_from_this(), std::move(v0.message), messageXdr);
    if (!tracked->locked())
        return;
    if (!isAuthenticated())
    {
        // The handshake is processed as it arrives: AUTH must raise the
        // frame limit before the next frame is read.
        processMessage(*tracked);
        return;
    }
    overlay_.recvByteMetrics().record(tracked->message().type(), messageXdr, tracked->floodKey(), recvCounts_);
    inbox_[inboxOf(tracked->message().type())].push_back(std::move(tracked));
    clock_.post([weak = weak_from_this()] {
        if (auto self = weak.lock())
            self->processNextInboxMessage();
    });
    if (flowControl_.maybeThrottleRead(clock_.now()))
    {
        log().debug("throttling reads from {}", toString());
        transport_->pauseReading();
    }
}

std::size_t
Peer::inboxOf(MessageType type)
{
    switch (type)
    {
    case SCP_MESSAGE:
    case TX_SET:
    case GENERALIZED_TX_SET:
    case SCP_QUORUMSET:
    case DONT_HAVE:
    case SEND_MORE:
    case SEND_MORE_EXTENDED:
    case ERROR_MSG:
    case PEERS: return 0;
    default: return 1;
    }
}

void
Peer::processNextInboxMessage()
{
    // One message per posted turn, as many turns as messages: the first
    // waiting in the first inbox that has one.
    auto inbox = std::find_if(inbox_.begin(), inbox_.end(), [](auto const& q) { return !q.empty(); });
    if (inbox == inbox_.end())
        return; // already processed by drainInbox()
    auto tracked = std::move(inbox->front());
    inbox->pop_front();
    processMessage(*tracked);
    // `tracked` goes here: its capacity comes back before the next message.
}

void
Peer::drainInbox()
{
    while ((!inbox_[0].empty() || !inbox_[1].empty()) && !isClosing())
        processNextInboxMessage();
}

void
Peer::processMessage(CapacityTrackedMessage& tracked)
{
    if (isClosing())
        return;
    try
    {
        recvMessage(tracked);
    }
    catch (std::exception const& e)
    {
        // A bug below us (the application, most likely), not the peer's
        // doing: the connection stays, and the guard gives the capacity back.
        log().error("{}: processing {} failed: {}", toString(), xdr::enumName(tracked.message().type()), e.what());
        overlay_.metrics().counter("overlay.error.message-processing").inc();
    }
}

void
Peer::recvMessage(CapacityTrackedMessage& tracked)
{
    auto const& msg = tracked.message();
    auto type = msg.type();
    if (!isAuthenticated() && type != HELLO && type != AUTH && type != ERROR_MSG)
        return drop(DropCause::MessageBeforeHandshake, xdr::enumName(type));
    // Only the responder sends PEERS (spec 7.2).
    if (type == PEERS && role_ == PeerRole::REMOTE_CALLED_US)
        return drop(DropCause::PeersFromInitiator);
    // While catching up the application cannot judge transactions (E20).
    if ((type == TRANSACTION || type == FLOOD_ADVERT || type == FLOOD_DEMAND) && !overlay_.app().isSynced())
        return;

    RecvTiming timing(overlay_.messageMetrics(), msg, clock_);
    switch (type)
    {
    case ERROR_MSG: return onError(msg.error());
    case HELLO: return onHello(msg.hello());
    case AUTH: return onAuth(msg.auth());
    case DONT_HAVE: return onDontHave(msg.dontHave());
    case PEERS: return onPeers(msg.peers());
    case GET_TX_SET: return onGetTxSet(msg.txSetHash());
    case TX_SET:
    case GENERALIZED_TX_SET: return onTxSet(msg);
    case TRANSACTION: return onTransaction(tracked);
    case GET_SCP_QUORUMSET: return onGetSCPQuorumSet(msg.qSetHash());
    case SCP_QUORUMSET: return onSCPQuorumSet(msg.qSet());
    case SCP_MESSAGE: return onSCPMessage(tracked);
    case GET_SCP_STATE: return onGetSCPState(msg.getSCPLedgerSeq());
    case SEND_MORE:
    case SEND_MORE_EXTENDED: return onSendMore(msg);
    case FLOOD_ADVERT: return onFloodAdvert(msg.floodAdvert());
    case FLOOD_DEMAND: return onFloodDemand(msg.floodDemand());
    case TIME_SLICED_SURVEY_REQUEST:
        return overlay_.surveyManager().relayOrProcessRequest(msg, shared_from_this());
    case TIME_SLICED_SURVEY_RESPONSE:
        return overlay_.surveyManager().relayOrProcessResponse(msg, shared_from_this());
    case TIME_SLICED_SURVEY_START_COLLECTING:
        return overlay_.surveyManager().relayStartSurveyCollecting(msg, shared_from_this());
    case TIME_SLICED_SURVEY_STOP_COLLECTING:
        return overlay_.surveyManager().relayStopSurveyCollecting(msg, shared_from_this());
    }
}

void
Peer::onHello(Hello const& hello)
{
    // stellar-core's order (Peer::recvHello); the order decides which
    // ERROR_MSG, if any, the remote sees.
    if (state_ >= PeerState::GOT_HELLO)
        return drop(DropCause::UnexpectedHello);
    if (!overlay_.peerAuth().verifyRemoteAuthCert(hello.peerID, hello.cert))
        return drop(DropCause::BadAuthCert);
    if (overlay_.banManager().isBanned(crypto::toStrKeyPublic(hello.peerID.ed25519())))
        return drop(DropCause::Banned);

    remoteOverlayMinVersion_ = hello.overlayMinVersion;
    remoteOverlayVersion_ = hello.overlayVersion;
    remoteVersion_ = hello.versionStr;
    peerID_ = hello.peerID;
    recvNonce_ = hello.nonce;
    auto keys = overlay_.peerAuth().macKeys(hello.cert.pubkey, sendNonce_, recvNonce_, role_);
    if (!keys)
        return drop(DropCause::BadCrypto);
    hmac_.setSendMacKey(keys->send);
    hmac_.setRecvMacKey(keys->recv);
    state_ = PeerState::GOT_HELLO;

    // The address is known since accept/dial (stellar-core's "failed to
    // determine remote address" cannot happen here); the port becomes the one
    // the remote listens on.
    bool portValid = hello.listeningPort > 0 && hello.listeningPort <= UINT16_MAX;
    if (portValid)
    {
        address_ = *PeerBareAddress::fromIPv4(address_.ipv4Bytes(), static_cast<uint32_t>(hello.listeningPort));
        addressName_ = address_.toString();
    }
    log().debug("HELLO from {} ({})", toString(), sanitizeForLog(remoteVersion_));

    // The responder answers HELLO before judging the rest, so that the
    // initiator can read the ERROR_MSG that may follow.
    if (role_ == PeerRole::REMOTE_CALLED_US)
        sendHello();

    auto const& cfg = overlay_.config();
    if (remoteOverlayMinVersion_ > remoteOverlayVersion_ ||
        remoteOverlayVersion_ < cfg.OVERLAY_PROTOCOL_MIN_VERSION ||
        remoteOverlayMinVersion_ > cfg.OVERLAY_PROTOCOL_VERSION)
        return drop(DropCause::WrongProtocolVersion);
    if (hello.peerID == overlay_.nodeID())
        return drop(DropCause::ConnectingToSelf);
    if (hello.networkID != overlay_.networkID())
        return drop(DropCause::WrongNetwork);
    if (!portValid)
        return drop(DropCause::BadAddress);

    updatePeerRecordAfterEcho();

    if (overlay_.isDuplicate(hello.peerID, *this))
        return drop(DropCause::AlreadyConnected, overlay_.shortId(hello.peerID));

    if (role_ == PeerRole::WE_CALLED_REMOTE)
        sendAuth();
}

void
Peer::onAuth(Auth const& auth)
{
    if (state_ != PeerState::GOT_HELLO)
        return drop(DropCause::OutOfOrderAuth);
    state_ = PeerState::GOT_AUTH;
    transport_->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);

    // The responder replies before the checks below (E33: a rejected
    // initiator still gets AUTH and PEERS).
    if (role_ == PeerRole::REMOTE_CALLED_US)
    {
        sendAuth();
        sendPeers();
    }
    // stellar-core v27 checks the flags before accepting the peer (v25 did it
    // after): a bad-flags peer never takes a slot or evicts anyone.
    if (auth.flags != AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED)
        return drop(DropCause::FlowControlBytesDisabled);

    updatePeerRecordAfterAuthentication();
    auto admission = overlay_.acceptAuthenticatedPeer(shared_from_this());
    if (auto const* refused = std::get_if<Refuse>(&admission))
        return drop(refused->cause);

    log().info("authenticated {} ({}, overlay {}..{})", toString(), stellar::toString(role_), remoteOverlayMinVersion_,
               remoteOverlayVersion_);
    // SEND_MORE_EXTENDED goes out before GET_SCP_STATE and before any flood
    // traffic: until it arrives the remote may not send us a single flood
    // message (spec 8.3; core: Peer::recvAuth).
    sendSendMore(overlay_.config().PEER_FLOOD_READING_CAPACITY,
                 flowControlBytesTotal(overlay_.config(), overlay_.app().maxTxSize()));
    sendGetScpState(overlay_.app().minLedgerSeqToAskPeers());
}

void
Peer::onError(Error const& error)
{
    // The remote ends the connection; its text is sanitised (E32).
    auto reason = fmt::format("{} ({})", errorCodeName(error.code), sanitizeForLog(error.msg));
    drop(DropCause::RemoteError, reason);
}

void
Peer::onPeers(std::vector<PeerAddress> const& peers)
{
    if (peersReceived_)
        return drop(DropCause::TooManyPeersMessages);
    peersReceived_ = true;
    auto const& cfg = overlay_.config();
    for (auto const& p : peers)
    {
        if (p.port == 0 || p.port > UINT16_MAX || p.ip.type() != IPv4)
            continue; // bad port, or IPv6 (not supported by stellar-core either)
        auto address = PeerBareAddress::fromIPv4(p.ip.ipv4(), p.port);
        if (!address)
            continue;
        // Filtered on receipt, as stellar-core does (E09): the "self" test uses
        // the sender's IP with our port.
        if (address->isPrivate())
            continue;
        if (address == PeerBareAddress::fromIPv4(address_.ipv4Bytes(), cfg.PEER_PORT))
            continue;
        if (address->isLocalhost() && !cfg.ALLOW_LOCALHOST_FOR_TESTING)
            continue;
        overlay_.peerManager().ensureExists(*address);
    }
}

void
Peer::onDontHave(DontHave const& dontHave)
{
    maybeProcessPingResponse(dontHave.reqHash);
    overlay_.peerDoesntHave(dontHave.type, dontHave.reqHash, *this);
}

void
Peer::onGetTxSet(uint256 const& hash)
{
    // Beyond the per-window budget a request is ignored, silently (spec 10.5, E06).
    if (!queryLimiter_.allow(QueryKind::TxSet, clock_.now(), overlay_.app().expectedLedgerCloseTime()))
        return;
    if (auto txSet = overlay_.app().getTxSetMessage(hash))
        sendMessage(*txSet);
    else // both kinds are treated alike when missing (core: Peer::recvGetTxSet)
        sendDontHave(overlay_.app().ledgerProtocolVersion() < 20 ? TX_SET : GENERALIZED_TX_SET, hash);
    queryLimiter_.answered(QueryKind::TxSet);
}

void
Peer::onTxSet(StellarMessage const& msg)
{
    // Known by core's contents hash, what an SCP value's txSetHash names
    // (core: Peer::recvTxSet, TxSetXDRFrame::getContentsHash).
    overlay_.recvTxSet(*txSetContentsHash(msg), msg);
}

void
Peer::onTransaction(CapacityTrackedMessage& tracked)
{
    overlay_.recvTransaction(*this, tracked.takeTransaction(), *tracked.floodKey(), *tracked.txFullHash());
}

void
Peer::onGetSCPQuorumSet(uint256 const& hash)
{
    if (!queryLimiter_.allow(QueryKind::QuorumSet, clock_.now(), overlay_.app().expectedLedgerCloseTime()))
        return;
    if (auto qset = overlay_.app().getQSet(hash))
    {
        StellarMessage msg;
        msg.type(SCP_QUORUMSET);
        msg.qSet() = *qset;
        sendMessage(msg);
    }
    else
        sendDontHave(SCP_QUORUMSET, hash);
    queryLimiter_.answered(QueryKind::QuorumSet);
}

void
Peer::onSCPQuorumSet(SCPQuorumSet const& qset)
{
    auto hash = crypto::sha256(xdr::toBytes(qset));
    maybeProcessPingResponse(hash);
    overlay_.recvSCPQuorumSet(hash, qset);
}

void
Peer::onSCPMessage(CapacityTrackedMessage const& tracked)
{
    overlay_.recvSCPEnvelope(*this, tracked.message().envelope(), *tracked.floodKey());
}

void
Peer::onGetSCPState(uint32_t ledgerSeq)
{
    if (!queryLimiter_.allow(QueryKind::ScpState, clock_.now(), overlay_.app().expectedLedgerCloseTime()))
    {
        log().debug("ignoring GET_SCP_STATE from {}: over {} per window", toString(), GET_SCP_STATE_MAX_RATE);
        return;
    }
    queryLimiter_.answered(QueryKind::ScpState);
    auto send = [this](std::vector<SCPEnvelope> const& envs) {
        for (auto const& env : envs)
        {
            StellarMessage msg;
            msg.type(SCP_MESSAGE);
            msg.envelope() = env;
            sendMessage(msg);
        }
    };
    send(overlay_.app().scpStateFrom(ledgerSeq));
    if (auto checkpoint = overlay_.app().delayedCheckpointSlot())
        checkpointTimer_.expiresAfter(SEND_LATEST_CHECKPOINT_DELAY, [this, send, slot = *checkpoint] {
            send(overlay_.app().scpStateOfSlot(slot));
        });
}

// --- sending

void
Peer::sendHello()
{
    auto const& cfg = overlay_.config();
    StellarMessage msg;
    msg.type(HELLO);
    Hello& h = msg.hello();
    h.ledgerVersion = cfg.LEDGER_PROTOCOL_VERSION;
    h.overlayMinVersion = cfg.OVERLAY_PROTOCOL_MIN_VERSION;
    h.overlayVersion = cfg.OVERLAY_PROTOCOL_VERSION;
    h.versionStr = cfg.VERSION_STR;
    h.networkID = overlay_.networkID();
    h.listeningPort = overlay_.listeningPort();
    h.peerID = overlay_.nodeID();
    h.cert = overlay_.peerAuth().getAuthCert();
    h.nonce = sendNonce_;
    sendMessage(msg);
}

void
Peer::sendAuth()
{
    StellarMessage msg;
    msg.type(AUTH).auth().flags = AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED;
    sendMessage(msg);
}

void
Peer::sendPeers()
{
    // At most 50 addresses; nothing at all when we know none (E09).
    auto peers = overlay_.peerManager().getPeersToSend(50, address_);
    if (peers.empty())
        return;
    StellarMessage msg;
    msg.type(PEERS);
    for (auto const& a : peers)
    {
        PeerAddress pa;
        pa.ip.type(IPv4);
        pa.ip.ipv4() = a.ipv4Bytes();
        pa.port = a.port();
        pa.numFailures = 0; // core writes 0 whatever the row says (PeerManager.cpp toXdr)
        msg.peers().push_back(pa);
    }
    sendMessage(msg);
}

void
Peer::sendSendMore(uint32_t numMessages, uint32_t numBytes)
{
    StellarMessage msg;
    msg.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {numMessages, numBytes};
    sendMessage(msg);
}

void
Peer::sendGetScpState(uint32_t ledgerSeq)
{
    StellarMessage msg;
    msg.type(GET_SCP_STATE).getSCPLedgerSeq() = ledgerSeq;
    sendMessage(msg);
}

void
Peer::sendGetTxSet(Hash const& hash)
{
    StellarMessage msg;
    msg.type(GET_TX_SET);
    msg.txSetHash() = hash;
    sendMessage(msg);
}

void
Peer::sendGetQuorumSet(Hash const& hash)
{
    StellarMessage msg;
    msg.type(GET_SCP_QUORUMSET);
    msg.qSetHash() = hash;
    sendMessage(msg);
}

void
Peer::sendDontHave(MessageType type, uint256 const& hash)
{
    StellarMessage msg;
    msg.type(DONT_HAVE).dontHave() = {type, hash};
    sendMessage(msg);
}

void
Peer::sendMessage(StellarMessage const& msg)
{
    if (isFloodMessage(msg.type()))
        return sendMessage(std::make_shared<StellarMessage const>(msg));
    sendAuthenticatedMessage(msg);
}

void
Peer::sendAuthenticatedMessage(StellarMessage const& msg, OutboundMessage flood)
{
    if (isClosing())
        return;
    // AuthenticatedMessage v0 = { sequence, message, mac }. The MAC covers the
    // encoded (sequence, message), so encode once and MAC that slice.
    bool authenticated = msg.type() != HELLO && msg.type() != ERROR_MSG;
    uint64_t sequence = authenticated ? hmac_.sendSequence() : 0;
    // The MAC's 32 bytes are written with the rest and filled in after, so
    // that the frame is not reallocated to append them.
    xdr::XdrWriter w;
    w.writeUint32(0);
    w.writeUint64(sequence);
    xdr::encode(w, msg);
    crypto::Bytes32 mac{};
    w.writeFixedOpaque(mac.data(), mac.size());
    auto bytes = w.take();
    if (authenticated)
    {
        mac = hmac_.macAndAdvance(std::span<uint8_t const>(bytes).subspan(4, bytes.size() - 4 - mac.size()));
        std::copy(mac.begin(), mac.end(), bytes.end() - mac.size());
    }

    ++messagesWritten_;
    bytesWritten_ += bytes.size() + 4;
    auto& metrics = overlay_.messageMetrics();
    metrics.messageWrite.inc();
    metrics.byteWrite.inc(static_cast<int64_t>(bytes.size() + 4));
    metrics.send(msg.type()).inc();
    unwrittenEnqueueTimes_.push_back(clock_.now());
    unwrittenFlood_.push_back(std::move(flood));
    transport_->send(std::move(bytes));
}

void
Peer::onWritten(std::size_t frames)
{
    lastWrite_ = clock_.now();
    // The straggler clock follows the enqueue time of the last message written (E23).
    for (std::size_t i = 0; i < frames && !unwrittenEnqueueTimes_.empty(); ++i)
    {
        enqueueTimeOfLastWrite_ = unwrittenEnqueueTimes_.front();
        unwrittenEnqueueTimes_.pop_front();
    }
    // Written flood messages leave FlowControl's queues (core: TCPPeer::messageSender).
    FloodQueues<OutboundMessage> sent;
    bool anyFlood = false;
    for (std::size_t i = 0; i < frames && !unwrittenFlood_.empty(); ++i)
    {
        if (auto m = std::move(unwrittenFlood_.front()))
        {
            sent[FlowControl::getMessagePriority(m->type())].push_back(std::move(m));
            anyFlood = true;
        }
        unwrittenFlood_.pop_front();
    }
    if (anyFlood)
        flowControl_.processSentMessages(sent);
    if (floodAwaitsSocket_ && !isClosing())
        maybeSendNextBatch();
}

void
Peer::onTransportError(TransportError error, std::string const& detail)
{
    switch (error)
    {
    case TransportError::ConnectFailed:
        return drop(DropCause::ConnectFailed, detail);
    case TransportError::WriteFailed:
        return drop(DropCause::WriteError);
    case TransportError::ReadFailed:
    case TransportError::RemoteClosed:
    case TransportError::BadFrameLength:
        // What arrived before the end is processed first: a remote that
        // sends ERROR_MSG and closes at once is dropped for its error.
        drainInbox();
        return drop(DropCause::ReadError);
    }
}

// --- dropping

void
Peer::drop(DropCause cause, std::string_view detail)
{
    if (dropCause_)
        return;
    auto reason = stellar::dropReason(cause, detail);
    if (auto code = dropCauseRow(cause).errorCode)
    {
        StellarMessage msg;
        msg.type(ERROR_MSG);
        msg.error().code = *code;
        msg.error().msg = truncateErrorText(reason);
        sendMessage(msg);
    }
    dropCause_ = cause;
    dropReason_ = std::move(reason);
    auto const prior = state_;
    state_ = PeerState::CLOSING;
    recurrentTimer_.cancel();
    // What is queued (an ERROR_MSG) still goes out; then the socket closes.
    transport_->close();
    overlay_.removePeer(*this, prior, cause);
}

// --- timers

void
Peer::startRecurrentTimer()
{
    if (isClosing())
        return;
    pingPeer();
    recurrentTimer_.expiresAfter(RECURRENT_TIMER_PERIOD, [this] { recurrentTimerExpired(); });
}

void
Peer::recurrentTimerExpired()
{
    // The only place where timeouts are checked, every 5 s (E03, G2).
    PeerActivity activity{.authenticated = isAuthenticated(),
                          .lastRead = lastRead_,
                          .lastWrite = lastWrite_,
                          .enqueueTimeOfLastWrite = enqueueTimeOfLastWrite_,
                          .noOutboundCapacitySince = flowControl_.noOutboundCapacitySince()};
    if (auto cause = timeoutCause(activity, clock_.now(), overlay_.config()))
        return drop(*cause);
    startRecurrentTimer();
}

Hash
Peer::pingIDfromTimePoint(ClockTime t) const
{
    // An 8-byte SipHash of the send time; the other 24 bytes stay zero (E28).
    uint64_t ticks = static_cast<uint64_t>(t.time_since_epoch().count());
    std::array<uint8_t, 8> be{};
    for (int i = 0; i < 8; ++i)
        be[i] = static_cast<uint8_t>(ticks >> (56 - 8 * i));
    uint64_t sh = crypto::shortHash(be);
    Hash h{};
    std::memcpy(h.data(), &sh, sizeof(sh));
    return h;
}

void
Peer::pingPeer()
{
    // G4/G17: a GET_SCP_QUORUMSET for a hash nobody has; the DONT_HAVE (or
    // SCP_QUORUMSET) that comes back times the round trip, and keeps an
    // otherwise quiet connection alive. Never more than one outstanding.
    if (!isAuthenticated() || pingSentTime_)
        return;
    pingSentTime_ = clock_.now();
    sendGetQuorumSet(pingIDfromTimePoint(*pingSentTime_));
}

void
Peer::maybeProcessPingResponse(Hash const& hash)
{
    if (!pingSentTime_ || pingIDfromTimePoint(*pingSentTime_) != hash)
        return;
    lastPing_ = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - *pingSentTime_);
    pingSentTime_.reset();
    overlay_.metrics().timer("overlay.connection.latency").update(*lastPing_);
    overlay_.surveyManager().recordPeerLatency(*this, *lastPing_);
    log().debug("latency {}: {} ms", toString(), lastPing_->count());
}

// --- peer records

void
Peer::updatePeerRecordAfterEcho()
{
    // After HELLO we know whether the peer is preferred, so a stale PREFERRED
    // row may be downgraded (core: Peer::updatePeerRecordAfterEcho).
    PeerType observed = overlay_.isPreferred(*this)               ? PeerType::PREFERRED
                        : role_ == PeerRole::WE_CALLED_REMOTE ? PeerType::OUTBOUND
                                                              : PeerType::INBOUND;
    overlay_.peerManager().update(address_, observed, PreferredTypeKnown::YES);
}

void
Peer::updatePeerRecordAfterAuthentication()
{
    if (role_ == PeerRole::WE_CALLED_REMOTE)
        overlay_.peerManager().update(address_, PeerManager::BackOffUpdate::RESET);
}

}
