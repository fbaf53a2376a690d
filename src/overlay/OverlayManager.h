#pragma once
// The node's connections (core: OverlayManagerImpl). It listens and dials,
// keeps pending and authenticated peers per direction with exact counts,
// gives slots as Admission decides, records every drop, and runs the 3 s
// tick that maintains the peer set: cleanup, DNS answers (ConfigPeers),
// preferred peers, out-of-sync rotation (OutOfSyncRotation), outbound slots,
// promotion of inbound peers (spec 10.8, G1). It also floods: SCP messages
// are pushed to every authenticated peer that does not have them,
// transactions are advertised and pulled (spec 9), both through one
// Floodgate; it owns the demand scheduler (TxDemands), and the fetching of
// the tx sets and quorum sets SCP envelopes name (PendingEnvelopes): an
// envelope is flooded once its items are here.
//
// Every connection that ends is recorded by recordDrop: a peer through
// Peer::drop and removePeer, a connection refused before it became a peer
// (no pending slot, E25) directly. recordDrop counts overlay.drop.<cause>,
// writes the log line and tells the drop observers.

#include "crypto/SecretKey.h"
#include "overlay/Admission.h"
#include "overlay/DropCause.h"
#include "overlay/FlowControl.h"
#include "overlay/OutOfSyncRotation.h"
#include "overlay/OverlayConfig.h"
#include "overlay/OverlayMetrics.h"
#include "overlay/Peer.h"
#include "overlay/PeerBareAddress.h"
#include "overlay/PeerResolver.h"
#include "overlay/RecvByteMetrics.h"
#include "overlay/TxAdverts.h"
#include "util/Clock.h"
#include "util/Metrics.h"
#include "xdr/StellarXdr.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

class BanManager;
class ConfigPeers;
class Database;
class Floodgate;
class Network;
class OverlayApp;
class PeerAuth;
class PeerManager;
class PendingEnvelopes;
class RandomPeerSource;
class ScpRelayShares;
class SurveyManager;
class TxDemands;
enum class PeerType : int;

inline constexpr uint32_t MIN_INBOUND_FACTOR = 3; // core: OverlayManager::MIN_INBOUND_FACTOR
inline constexpr std::size_t MAX_PEERS_TO_CONNECT_PER_TICK = 50;
inline constexpr uint32_t RESERVED_FOR_PROMOTION = 1;
// A dropped peer's transport drains its queued ERROR_MSG for at most this
// long before the peer object is released (E03's 5 s socket delay).
inline constexpr std::chrono::seconds DROPPED_PEER_LINGER{5};

class OverlayManager
{
  public:
    struct DropEvent
    {
        ClockTime at;
        std::optional<PeerBareAddress> address; // none: the remote's address could not be read
        std::optional<NodeID> peerID;
        PeerRole role;
        PeerState stateBefore;
        DropCause cause;
        DropDirection direction;
        std::string reason;
    };
    using DropObserver = std::function<void(DropEvent const&)>;

    // Throws std::invalid_argument naming the key when the config cannot work
    // (a bad NODE_SEED, flow-control numbers that break spec 8.9).
    OverlayManager(OverlayConfig config, OverlayApp& app, Clock& clock, Network& network, PeerResolver& resolver,
                   Database& db, MetricsRegistry& metrics);
    ~OverlayManager();
    OverlayManager(OverlayManager const&) = delete;
    OverlayManager& operator=(OverlayManager const&) = delete;

    // Listens on PEER_PORT (0 picks a free port: see listeningPort()), then
    // after 2 s stores the configured peers (G5), purges dead ones (G6),
    // starts DNS resolution (G7) and runs the first tick (G1).
    void start();
    // Every peer gets ERR_MISC "shutdown"; no more dialling or accepting.
    void shutdown();
    bool isShuttingDown() const { return shuttingDown_; }

    // --- commands (admin HTTP, tests)
    bool connectTo(PeerBareAddress const& address);
    // Drops the authenticated peer with ERR_MISC "dropped by user"; bans it too when asked.
    bool dropPeer(NodeID const& id, bool ban);
    void onDrop(DropObserver observer) { dropObservers_.push_back(std::move(observer)); }

    // --- peer sets (G12: exact through every transition)
    std::vector<Peer::pointer> pendingPeers() const;
    std::vector<Peer::pointer> authenticatedPeers() const;
    std::vector<Peer::pointer> inboundAuthenticatedPeers() const;
    std::vector<Peer::pointer> outboundAuthenticatedPeers() const;
    std::size_t inboundPendingCount() const { return inbound_.pending.size(); }
    std::size_t outboundPendingCount() const { return outbound_.pending.size(); }
    std::size_t inboundAuthenticatedCount() const { return inbound_.authenticated.size(); }
    std::size_t outboundAuthenticatedCount() const { return outbound_.authenticated.size(); }
    std::size_t droppedCount() const { return dropped_.size(); }
    Peer::pointer connectedPeer(PeerBareAddress const& address) const;

    // --- what peers ask of the overlay
    Clock& clock() { return clock_; }
    OverlayConfig const& config() const { return config_; }
    OverlayApp& app() { return app_; }
    PeerAuth& peerAuth() { return *peerAuth_; }
    PeerManager& peerManager() { return *peerManager_; }
    BanManager& banManager() { return *banManager_; }
    MetricsRegistry& metrics() { return metrics_; }
    // The per-message series, resolved once.
    MessageMetrics& messageMetrics() { return messageMetrics_; }
    RecvByteMetrics& recvByteMetrics() { return recvByteMetrics_; }
    NodeID const& nodeID() const { return nodeID_; }
    Hash const& networkID() const { return networkID_; }
    int32_t listeningPort() const { return listeningPort_; }
    FloodRates floodRates() const;
    // Hashes per FLOOD_ADVERT under the current ledger limits (spec 9.3).
    std::size_t maxAdvertSize() const;
    // The first 5 characters of the strkey (core: Config::toShortString).
    std::string shortId(NodeID const& id) const;

    bool isPreferred(Peer const& peer) const;
    bool isPreferredKey(NodeID const& id) const; // listed in PREFERRED_PEER_KEYS
    // Another pending or authenticated connection already carries this node.
    bool isDuplicate(NodeID const& id, Peer const& except) const;
    // A peer that completed AUTH: moved to an authenticated slot (after
    // dropping the peer it evicts), or refused; the Peer drops itself then.
    Admission acceptAuthenticatedPeer(Peer::pointer peer);
    // Peer::drop's last step: takes the peer out of its list, counts the drop
    // towards an automatic ban or forgives earlier failures
    // (overlay/PeerFailures.h), and records it.
    void removePeer(Peer& peer, PeerState stateBefore, DropCause cause);

    // --- flooding (spec 9). `floodKey` is the message's BLAKE2b-256,
    // `fullHash` the transaction's SHA-256, both from the wire bytes.
    void recvTransaction(Peer& from, TransactionEnvelope tx, Hash const& floodKey, Hash const& fullHash);
    void recvSCPEnvelope(Peer& from, SCPEnvelope const& env, Hash const& floodKey);
    // Items and DONT_HAVE for what the fetcher asked (overlay/PendingEnvelopes):
    // a tx set under its contents hash, a quorum set under its SHA-256.
    void recvTxSet(Hash const& hash, StellarMessage const& txSetMessage);
    void recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset);
    void peerDoesntHave(MessageType type, Hash const& hash, Peer const& from);
    void recvTxDemand(Peer& from, FloodDemand const& demand);
    // For the application: flood a transaction it accepted (advertised to
    // every authenticated peer that does not know it) or an SCP envelope
    // (sent to each). False when no peer needed it. `fullHash` is the
    // transaction's SHA-256, which the application computed when it accepted
    // it: a node hashes each transaction once.
    bool broadcastTransaction(TransactionEnvelope const& tx, Hash const& fullHash);
    bool broadcastTransaction(TransactionEnvelope const& tx);
    bool broadcastSCPEnvelope(SCPEnvelope const& env);
    // Survey messages (SurveyManager): `from` has this message (core:
    // recvFloodedMsg); send it to every peer that does not (core:
    // broadcastMessage). They are not flood messages for flow control.
    void recvFloodedMsg(StellarMessage const& msg, Peer& from);
    bool broadcastMessage(StellarMessage const& msg);
    SurveyManager& surveyManager() { return *survey_; }
    // Forget flood records and advert history made before `ledgerSeq`
    // (core: clearLedgersBelow). The overlay calls it itself whenever the
    // application's minLedgerSeqToRemember moves (E10).
    void clearLedgersBelow(uint32_t ledgerSeq);
    // The application's maxTxSize grew: every peer gets the extra bytes.
    void handleMaxTxSizeIncrease(uint32_t increase);
    // Authenticated peers in a random order (util/Random).
    std::vector<Peer::pointer> randomAuthenticatedPeers() const;
    Floodgate const& floodgate() const { return *floodgate_; }
    PendingEnvelopes const& pendingEnvelopes() const { return *pending_; }
    ScpRelayShares const& scpRelayShares() const { return *scpShares_; }
    TxDemands& txDemands() { return *txDemands_; }

    // --- the tick, exposed for tests that step it
    void tick();

  private:
    struct PeersList
    {
        std::string direction; // "inbound" / "outbound", for metrics
        std::string cancelled; // core's name for a refused connection: "reject" / "cancel"
        std::vector<Peer::pointer> pending;
        std::map<NodeID, Peer::pointer, NodeIDLess> authenticated;
        uint32_t maxAuthenticated = 0;

        std::vector<Peer::pointer> authenticatedPeers() const
        {
            std::vector<Peer::pointer> out;
            for (auto const& [id, p] : authenticated)
                out.push_back(p);
            return out;
        }
    };

    PeersList& listOf(Peer const& peer);
    std::vector<SlotHolder> slotHolders(PeersList const& list) const;
    void onAccept(std::unique_ptr<class Transport> transport);
    Admission admitConnection(std::optional<PeerBareAddress> const& address, std::string const& ip) const;
    bool connectToImpl(PeerBareAddress const& address, bool forceOutbound);
    bool moveToAuthenticated(PeersList& list, Peer::pointer peer);
    void countConnection(PeersList const& list, std::string_view event);
    void updateSizeCounters();
    void judgeRemovedPeer(Peer const& peer, DropCause cause, bool heldSlot);
    void recordDrop(DropEvent const& event);

    void cleanupDroppedPeers();
    int availableOutboundPendingSlots() const;
    int availableOutboundAuthenticatedSlots() const;
    int nonPreferredAuthenticatedCount() const;
    int connectTo(int maxNum, PeerType type);
    void dropRandomOutboundPeer();
    // Tells each authenticated peer the flood record says does not know the
    // message; returns whether anyone was told.
    bool flood(Hash const& floodKey, std::function<bool(Peer&)> const& tell);
    void floodEnvelope(Hash const& floodKey, SCPEnvelope const& env);
    void chargeEnvelope(std::string const& sender, SCPEnvelope const& env, Hash const& floodKey);
    void maybeClearLedgersBelow();

    OverlayConfig config_;
    OverlayApp& app_;
    Clock& clock_;
    Network& network_;
    MetricsRegistry& metrics_;
    MessageMetrics messageMetrics_; // declares every overlay series first
    Database& db_;
    crypto::SecretKey nodeKey_;
    NodeID nodeID_;
    Hash networkID_;
    std::unique_ptr<PeerAuth> peerAuth_;
    std::unique_ptr<PeerManager> peerManager_;
    std::unique_ptr<BanManager> banManager_;
    std::unique_ptr<ConfigPeers> configPeers_;
    std::map<PeerType, std::unique_ptr<RandomPeerSource>> peerSources_;
    std::unique_ptr<Floodgate> floodgate_;
    std::unique_ptr<TxDemands> txDemands_;
    std::unique_ptr<PendingEnvelopes> pending_;
    std::unique_ptr<ScpRelayShares> scpShares_;
    RecvByteMetrics recvByteMetrics_{messageMetrics_};
    uint32_t clearedBelow_ = 0;

    PeersList inbound_;
    PeersList outbound_;
    std::vector<std::pair<ClockTime, Peer::pointer>> dropped_;
    std::vector<DropObserver> dropObservers_;

    int32_t listeningPort_ = 0;
    bool shuttingDown_ = false;
    bool started_ = false;
    Timer tickTimer_;
    OutOfSyncRotation outOfSync_;
    std::unique_ptr<SurveyManager> survey_; // last: it uses the members above
};

}
