#pragma once
// One connection to one remote node: the handshake state machine (spec 4.4,
// 4.5), message authentication (5.2), and the dispatch of every message type
// to a small handler. Peer knows its Transport only through the net/
// interface, so the same code runs over TCP and over the in-memory loopback.
//
// Incoming bytes -> onFrame -> decode AuthenticatedMessage (ERR_DATA if bad)
// -> MAC check from GOT_HELLO on (ERR_AUTH) -> capacity taken by a
// CapacityTrackedMessage (flow control, spec 8.4) -> handshake guard -> one
// handler per MessageType. Once authenticated, a message is processed on the
// next turn of the event loop, as stellar-core schedules it, so that reading
// can run ahead of processing until PEER_READING_CAPACITY pauses it.
// Every drop goes through drop(cause), which sends the ERROR_MSG the
// drop-cause table names, if any. Flood messages leave only within the
// remote's grant.

#include "net/Transport.h"
#include "overlay/DropCause.h"
#include "overlay/FloodBudget.h"
#include "overlay/FlowControl.h"
#include "overlay/Hmac.h"
#include "overlay/PeerBareAddress.h"
#include "overlay/PeerState.h"
#include "overlay/PeerTimeouts.h"
#include "overlay/QueryLimiter.h"
#include "overlay/RecvByteMetrics.h"
#include "overlay/TxAdverts.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace stellar
{

class CapacityTrackedMessage;
class OverlayManager;

// NodeIDs in key order (core's std::map<NodeID, ...> order).
struct NodeIDLess
{
    bool operator()(NodeID const& a, NodeID const& b) const { return a.ed25519() < b.ed25519(); }
};

// A connection's running totals, what a survey reports the change of
// (core: Peer::PeerMetrics).
struct PeerCounters
{
    uint64_t messagesRead = 0;
    uint64_t messagesWritten = 0;
    uint64_t bytesRead = 0;
    uint64_t bytesWritten = 0;
    PeerRecvCounts recv;
    friend bool operator==(PeerCounters const&, PeerCounters const&) = default;
};

class Peer : public TransportHandler, public std::enable_shared_from_this<Peer>
{
  public:
    using pointer = std::shared_ptr<Peer>;

    // `address` is the remote's ip and, for outbound peers, the port we dial;
    // an inbound peer's port becomes HELLO's listeningPort.
    Peer(OverlayManager& overlay, PeerRole role, std::unique_ptr<Transport> transport, PeerBareAddress address);
    ~Peer() override;

    // Starts the transport (dialling for outbound peers) and the 5 s timer.
    void start();

    PeerRole role() const { return role_; }
    PeerState state() const { return state_; }
    bool isAuthenticated() const { return state_ == PeerState::GOT_AUTH; }
    bool isClosing() const { return state_ == PeerState::CLOSING; }
    // Known from GOT_HELLO on.
    std::optional<NodeID> const& peerID() const { return peerID_; }
    // A message whose MAC checked arrived: the remote holds the key of
    // peerID's AuthCert (until then the cert may be a replayed one).
    bool provedKey() const { return provedKey_; }
    PeerBareAddress const& address() const { return address_; }
    // address().toString(), made once per address: flood records name peers
    // by it for every message.
    std::string const& addressName() const { return addressName_; }
    std::string const& remoteVersion() const { return remoteVersion_; }
    uint32_t remoteOverlayVersion() const { return remoteOverlayVersion_; }
    uint32_t remoteOverlayMinVersion() const { return remoteOverlayMinVersion_; }
    // "GABCD@1.2.3.4:11625" once the key is known, else the address.
    std::string toString() const;

    // Queues a message. HELLO and ERROR_MSG go out without a MAC; everything
    // else carries the next sequence number and its MAC. Flood messages wait
    // in FlowControl's queues for the remote's credit; the shared form lets
    // one message go to many peers without a copy each.
    void sendMessage(StellarMessage const& msg);
    void sendMessage(OutboundMessage msg);
    // Ends the connection: the ERROR_MSG of the cause's row goes out first
    // (text at most 100 bytes, G15), then the socket closes and the overlay
    // records the drop. Only the first call counts.
    void drop(DropCause cause, std::string_view detail = {});

    // Set by drop().
    std::optional<DropCause> dropCause() const { return dropCause_; }
    std::string const& dropReason() const { return dropReason_; }

    // Round-trip time of the last answered ping (G4).
    std::optional<std::chrono::milliseconds> lastPing() const { return lastPing_; }

    // --- flow control and pull-mode flooding
    FlowControl const& flowControl() const { return flowControl_; }
    TxAdverts& txAdverts() { return txAdverts_; }
    // Queues `txHash` for our next FLOOD_ADVERT to this peer; false when the
    // peer advertised it to us (core: Peer::sendAdvert).
    bool sendAdvert(Hash const& txHash);
    void sendTxDemand(TxDemandVector hashes);
    // Forgets advert history older than `ledgerSeq` (core: Peer::clearBelow).
    void clearBelow(uint32_t ledgerSeq);
    // maxTxSize grew: grant the extra bytes at once (core: Peer::handleMaxTxSizeIncrease).
    void handleMaxTxSizeIncrease(uint32_t increase);
    // The application is out of sync and asks for SCP state (core: HerderImpl::getMoreSCPState).
    void sendGetScpState(uint32_t ledgerSeq);
    // The item fetcher asks for an item an SCP envelope names (core: Peer::sendGetTxSet, sendGetQuorumSet).
    void sendGetTxSet(Hash const& hash);
    void sendGetQuorumSet(Hash const& hash);

    PeerCounters counters() const
    {
        return {messagesRead_, messagesWritten_, bytesRead_, bytesWritten_, recvCounts_};
    }
    uint64_t messagesRead() const { return messagesRead_; }
    uint64_t messagesWritten() const { return messagesWritten_; }
    uint64_t bytesRead() const { return bytesRead_; }
    uint64_t bytesWritten() const { return bytesWritten_; }
    ClockTime connectedAt() const { return createdAt_; }

    // TransportHandler
    void onConnected() override;
    void onFrame(std::vector<uint8_t> body) override;
    void onWritten(std::size_t frames) override;
    void onTransportError(TransportError error, std::string const& detail) override;

  private:
    friend class CapacityTrackedMessage;
    bool beginMessageProcessing(MessageCost cost);
    void endMessageProcessing(MessageCost cost);

    void recvAuthenticatedMessage(std::vector<uint8_t> const& body, AuthenticatedMessage& am);
    static std::size_t inboxOf(MessageType type);
    void processNextInboxMessage();
    void drainInbox();
    void processMessage(CapacityTrackedMessage& tracked);
    void recvMessage(CapacityTrackedMessage& tracked);

    void onHello(Hello const& hello);
    void onAuth(Auth const& auth);
    void onError(Error const& error);
    void onPeers(std::vector<PeerAddress> const& peers);
    void onDontHave(DontHave const& dontHave);
    void onGetTxSet(uint256 const& hash);
    void onTxSet(StellarMessage const& msg);
    void onTransaction(CapacityTrackedMessage& tracked);
    void onGetSCPQuorumSet(uint256 const& hash);
    void onSCPQuorumSet(SCPQuorumSet const& qset);
    void onSCPMessage(CapacityTrackedMessage const& tracked);
    void onGetSCPState(uint32_t ledgerSeq);
    void onSendMore(StellarMessage const& msg);
    void onFloodAdvert(FloodAdvert const& advert);
    void onFloodDemand(FloodDemand const& demand);

    void sendHello();
    void sendAuth();
    void sendPeers();
    void sendSendMore(uint32_t numMessages, uint32_t numBytes);
    void sendDontHave(MessageType type, uint256 const& hash);
    void sendAuthenticatedMessage(StellarMessage const& msg, OutboundMessage flood = nullptr);
    void maybeSendNextBatch();
    OutboundQueueLimits outboundQueueLimits() const;

    void startRecurrentTimer();
    void recurrentTimerExpired();
    void pingPeer();
    void maybeProcessPingResponse(Hash const& hash);
    Hash pingIDfromTimePoint(ClockTime t) const;

    void updatePeerRecordAfterEcho();
    void updatePeerRecordAfterAuthentication();

    OverlayManager& overlay_;
    Clock& clock_;
    PeerRole role_;
    PeerState state_;
    std::unique_ptr<Transport> transport_;
    PeerBareAddress address_;
    std::string addressName_;

    std::optional<NodeID> peerID_;
    uint256 sendNonce_{};
    uint256 recvNonce_{};
    std::string remoteVersion_;
    uint32_t remoteOverlayVersion_ = 0;
    uint32_t remoteOverlayMinVersion_ = 0;
    Hmac hmac_;
    bool peersReceived_ = false;
    bool provedKey_ = false;

    ClockTime createdAt_;
    ClockTime lastRead_;
    ClockTime lastWrite_;
    ClockTime enqueueTimeOfLastWrite_; // E23: the straggler clock
    std::deque<ClockTime> unwrittenEnqueueTimes_;
    std::deque<OutboundMessage> unwrittenFlood_; // beside each unwritten frame: its flood message, if it is one
    bool floodAwaitsSocket_ = false;             // the socket's queue was full for flood messages
    Timer recurrentTimer_;
    Timer checkpointTimer_; // the delayed part of a GET_SCP_STATE answer

    std::optional<ClockTime> pingSentTime_;
    std::optional<std::chrono::milliseconds> lastPing_;

    FlowControl flowControl_;
    // Authenticated messages read, waiting for their turn of the event loop:
    // consensus and control first (SCP_MESSAGE, the items SCP fetches,
    // SEND_MORE, ERROR_MSG, PEERS), then the rest (transactions, adverts,
    // demands, queries), each in arrival order. core: Peer::recvAuthenticatedMessage
    // posts each category to its own scheduler queue ("SCP", "CTRL" beside
    // "TX", "SCPQ"), and the scheduler runs the queue that has run least,
    // so under a transaction flood consensus does not wait behind it.
    std::array<std::deque<std::shared_ptr<CapacityTrackedMessage>>, 2> inbox_;
    TxAdverts txAdverts_;
    QueryLimiter queryLimiter_;
    FloodBudget floodBudget_;

    std::optional<DropCause> dropCause_;
    std::string dropReason_;

    uint64_t messagesRead_ = 0, messagesWritten_ = 0, bytesRead_ = 0, bytesWritten_ = 0;
    PeerRecvCounts recvCounts_;
};

}
