#include "overlay/OverlayManager.h"

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/Transport.h"
#include "overlay/BanManager.h"
#include "overlay/ConfigPeers.h"
#include "overlay/Floodgate.h"
#include "overlay/FlowControlConfig.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayMetrics.h"
#include "overlay/PeerAuth.h"
#include "overlay/PeerFailures.h"
#include "overlay/PeerManager.h"
#include "overlay/PendingEnvelopes.h"
#include "overlay/RandomPeerSource.h"
#include "overlay/ScpRelayShares.h"
#include "overlay/SurveyManager.h"
#include "overlay/TxDemands.h"
#include "store/Database.h"
#include "util/Limits.h"
#include "util/Log.h"
#include "util/Random.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace stellar
{

namespace
{
spdlog::logger&
log()
{
    return logger("Overlay");
}

crypto::SecretKey
nodeKeyFrom(OverlayConfig const& config)
{
    if (config.NODE_SEED.empty())
        return crypto::SecretKey::random();
    auto key = crypto::SecretKey::fromStrKeySeed(config.NODE_SEED);
    if (!key)
        throw std::invalid_argument("NODE_SEED: not a secret key: expected a strkey starting with 'S'");
    return *key;
}

NodeID
nodeIDOf(crypto::SecretKey const& key)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = key.publicKey();
    return id;
}

// "GABCD@1.2.3.4:11625" once the key is known, else the address (as Peer::toString).
std::string
describe(OverlayManager::DropEvent const& e, OverlayManager const& overlay)
{
    auto address = e.address ? e.address->toString() : std::string("an unknown address");
    return e.peerID ? fmt::format("{}@{}", overlay.shortId(*e.peerID), address) : address;
}
}

OverlayManager::OverlayManager(OverlayConfig config, OverlayApp& app, Clock& clock, Network& network,
                               PeerResolver& resolver, Database& db, MetricsRegistry& metrics)
    : config_(std::move(config))
    , app_(app)
    , clock_(clock)
    , network_(network)
    , metrics_(metrics)
    , messageMetrics_(metrics)
    , db_(db)
    , nodeKey_(nodeKeyFrom(config_))
    , nodeID_(nodeIDOf(nodeKey_))
    , networkID_(crypto::sha256(std::span<uint8_t const>(
          reinterpret_cast<uint8_t const*>(config_.NETWORK_PASSPHRASE.data()), config_.NETWORK_PASSPHRASE.size())))
    , peerAuth_(std::make_unique<PeerAuth>(nodeKey_, networkID_, clock_))
    , peerManager_(std::make_unique<PeerManager>(db, clock_))
    , banManager_(
          std::make_unique<BanManager>(db, clock_, config_.AUTO_BAN_FAILURE_THRESHOLD, config_.AUTO_BAN_DURATION))
    , configPeers_(std::make_unique<ConfigPeers>(config_, *peerManager_, resolver, clock_, metrics_))
    , floodgate_(std::make_unique<Floodgate>())
    , txDemands_(std::make_unique<TxDemands>(*this))
    , pending_(std::make_unique<PendingEnvelopes>(*this))
    , scpShares_(std::make_unique<ScpRelayShares>(PEER_SCP_SLOT_BUDGET, MAX_RELAYED_SCP_ENVELOPES))
    , tickTimer_(clock_)
{
    config_.checkFlowControl(app_.maxTxSize()); // spec 8.9: refuse to start
    // Database outages are retried on our clock and shown in our metrics.
    db_.health().attach(clock_, metrics_);
    inbound_.direction = "inbound";
    inbound_.cancelled = "reject";
    inbound_.maxAuthenticated = config_.maxAdditionalPeerConnections();
    outbound_.direction = "outbound";
    outbound_.cancelled = "cancel";
    outbound_.maxAuthenticated = config_.targetPeerConnections();
    for (auto type : {PeerType::INBOUND, PeerType::OUTBOUND, PeerType::PREFERRED})
        peerSources_[type] =
            std::make_unique<RandomPeerSource>(*peerManager_, RandomPeerSource::nextAttemptCutoff(type));
    survey_ = std::make_unique<SurveyManager>(*this, nodeKey_);
}

OverlayManager::~OverlayManager()
{
    db_.health().detach();
    tickTimer_.cancel();
    configPeers_->stop();
    txDemands_->shutdown();
}

void
OverlayManager::start()
{
    started_ = true;
    listeningPort_ = network_.listen(config_.PEER_PORT,
                                     [this](std::unique_ptr<Transport> t) { onAccept(std::move(t)); });
    log().info("node {} listening for peers on port {}", crypto::toStrKeyPublic(nodeID_.ed25519()),
               listeningPort_);
    // core: OverlayManagerImpl::start, the first tick after 2 s (E21).
    tickTimer_.expiresAfter(std::chrono::seconds(2), [this] {
        configPeers_->storeAtStartup();                                             // G5
        peerManager_->removePeersWithManyFailures(REALLY_DEAD_NUM_FAILURES_CUTOFF); // G6
        configPeers_->resolve();                                                    // G7
        tick();
    });
    // Pull mode's demand rounds start at once (core: OverlayManagerImpl::start).
    txDemands_->start();
}

void
OverlayManager::shutdown()
{
    if (shuttingDown_)
        return;
    shuttingDown_ = true;
    tickTimer_.cancel();
    configPeers_->stop();
    txDemands_->shutdown();
    floodgate_->shutdown();
    if (started_)
        network_.stopListening();
    for (auto& p : pendingPeers())
        p->drop(DropCause::Shutdown);
    for (auto& p : authenticatedPeers())
        p->drop(DropCause::Shutdown);
}

// --- accepting and dialling

void
OverlayManager::onAccept(std::unique_ptr<Transport> transport)
{
    // Connections that come back as fast as they are closed leave no more
    // than this many dropped peers behind (util/Limits.h). Here no peer is
    // running, so releasing them is safe.
    if (dropped_.size() > MAX_LINGERING_DROPPED_PEERS)
        dropped_.erase(dropped_.begin(), dropped_.end() - MAX_LINGERING_DROPPED_PEERS);
    countConnection(inbound_, "attempt");
    auto ip = transport->remoteIp();
    auto address = PeerBareAddress::parse(ip, transport->remotePort() ? transport->remotePort() : 1);
    // Refused: closed at once, silently, before any resource is given to the
    // connection (E25); it never becomes a peer.
    auto admission = admitConnection(address, ip);
    if (auto const* refused = std::get_if<Refuse>(&admission))
    {
        countConnection(inbound_, inbound_.cancelled);
        transport.reset();
        recordDrop({clock_.now(), address, std::nullopt, PeerRole::REMOTE_CALLED_US, PeerState::CONNECTED,
                    refused->cause, dropCauseRow(refused->cause).direction, dropReason(refused->cause)});
        return;
    }
    if (auto const* evicting = std::get_if<AcceptEvictingPending>(&admission))
        inbound_.pending.at(evicting->victim)->drop(DropCause::PendingInboundEvicted); // leaves the list
    auto peer = std::make_shared<Peer>(*this, PeerRole::REMOTE_CALLED_US, std::move(transport), *address);
    inbound_.pending.push_back(peer);
    countConnection(inbound_, "establish");
    updateSizeCounters();
    peer->start();
}

Admission
OverlayManager::admitConnection(std::optional<PeerBareAddress> const& address, std::string const& ip) const
{
    if (!address)
        return Refuse{DropCause::NoRemoteAddress};
    if (shuttingDown_) // core gives this one the full-house text as well
        return Refuse{DropCause::PendingInboundFull};
    std::vector<PendingConnection> pending;
    pending.reserve(inbound_.pending.size());
    for (auto const& p : inbound_.pending)
        pending.push_back({p->connectedAt(), p->state() != PeerState::CONNECTED});
    return admitInbound(pending, config_.maxInboundPendingConnections(), configPeers_->isPossiblyPreferred(ip));
}

bool
OverlayManager::connectTo(PeerBareAddress const& address)
{
    return connectToImpl(address, /*forceOutbound=*/false);
}

bool
OverlayManager::connectToImpl(PeerBareAddress const& address, bool forceOutbound)
{
    auto current = connectedPeer(address);
    if (current && !(forceOutbound && current->role() == PeerRole::REMOTE_CALLED_US))
        return false;
    if (shuttingDown_ || availableOutboundPendingSlots() <= 0)
    {
        log().debug("not dialling {}: all outbound connections taken", address.toString());
        return false;
    }
    // Every dial counts as a failure until an outbound AUTH resets it (E29).
    peerManager_->update(address, PeerManager::BackOffUpdate::INCREASE);
    countConnection(outbound_, "attempt");
    auto peer = std::make_shared<Peer>(*this, PeerRole::WE_CALLED_REMOTE, network_.connect(address.ip(), address.port()),
                                       address);
    outbound_.pending.push_back(peer);
    countConnection(outbound_, "establish");
    updateSizeCounters();
    peer->start();
    return true;
}

Peer::pointer
OverlayManager::connectedPeer(PeerBareAddress const& address) const
{
    for (auto const* list : {&outbound_, &inbound_})
    {
        for (auto const& p : list->pending)
            if (p->address() == address)
                return p;
        for (auto const& [id, p] : list->authenticated)
            if (p->address() == address)
                return p;
    }
    return nullptr;
}

// --- peer sets

OverlayManager::PeersList&
OverlayManager::listOf(Peer const& peer)
{
    return peer.role() == PeerRole::WE_CALLED_REMOTE ? outbound_ : inbound_;
}

std::vector<Peer::pointer>
OverlayManager::pendingPeers() const
{
    auto out = outbound_.pending;
    out.insert(out.end(), inbound_.pending.begin(), inbound_.pending.end());
    return out;
}

std::vector<Peer::pointer>
OverlayManager::inboundAuthenticatedPeers() const
{
    return inbound_.authenticatedPeers();
}

std::vector<Peer::pointer>
OverlayManager::outboundAuthenticatedPeers() const
{
    return outbound_.authenticatedPeers();
}

std::vector<Peer::pointer>
OverlayManager::authenticatedPeers() const
{
    // One vector, outbound peers first: every flooded message asks for it.
    std::vector<Peer::pointer> out;
    out.reserve(outbound_.authenticated.size() + inbound_.authenticated.size());
    for (auto const* list : {&outbound_, &inbound_})
        for (auto const& [id, p] : list->authenticated)
            out.push_back(p);
    return out;
}

bool
OverlayManager::isDuplicate(NodeID const& id, Peer const& except) const
{
    for (auto const* list : {&outbound_, &inbound_})
    {
        auto it = list->authenticated.find(id);
        if (it != list->authenticated.end() && it->second.get() != &except)
            return true;
        for (auto const& p : list->pending)
            if (p.get() != &except && p->peerID() && *p->peerID() == id)
                return true;
    }
    return false;
}

bool
OverlayManager::isPreferred(Peer const& peer) const
{
    if (configPeers_->isPreferredAddress(peer.address()))
        return true;
    // The key only counts once the peer has proven it (core: doIfAuthenticated).
    return peer.isAuthenticated() && peer.peerID() && isPreferredKey(*peer.peerID());
}

bool
OverlayManager::isPreferredKey(NodeID const& id) const
{
    auto key = crypto::toStrKeyPublic(id.ed25519());
    return std::find(config_.PREFERRED_PEER_KEYS.begin(), config_.PREFERRED_PEER_KEYS.end(), key) !=
           config_.PREFERRED_PEER_KEYS.end();
}

std::vector<SlotHolder>
OverlayManager::slotHolders(PeersList const& list) const
{
    std::vector<SlotHolder> out;
    out.reserve(list.authenticated.size());
    for (auto const& [id, p] : list.authenticated)
        out.push_back({id, isPreferred(*p)});
    return out;
}

Admission
OverlayManager::acceptAuthenticatedPeer(Peer::pointer peer)
{
    auto& list = listOf(*peer);
    auto admission =
        admitAuthenticated(isPreferred(*peer), slotHolders(list), list.maxAuthenticated, config_.PREFERRED_PEERS_ONLY);
    if (std::holds_alternative<Refuse>(admission))
    {
        log().info("{} peer {} rejected: all {} slots are taken", list.direction, peer->toString(),
                   list.maxAuthenticated);
        countConnection(list, list.cancelled);
        return admission;
    }
    if (auto const* evicting = std::get_if<AcceptEvicting>(&admission))
    {
        auto victim = list.authenticated.at(evicting->victim); // its drop erases it from the map
        log().info("evicting non-preferred {} peer {} for preferred peer {}", list.direction, victim->toString(),
                   peer->toString());
        victim->drop(DropCause::PreferredPeerSelected);
    }
    if (!moveToAuthenticated(list, peer))
        return Refuse{DropCause::PeerRejected};
    return admission;
}

bool
OverlayManager::moveToAuthenticated(PeersList& list, Peer::pointer peer)
{
    auto it = std::find(list.pending.begin(), list.pending.end(), peer);
    if (it == list.pending.end() || !peer->peerID() || list.authenticated.count(*peer->peerID()))
        return false;
    list.pending.erase(it);
    list.authenticated[*peer->peerID()] = peer;
    updateSizeCounters();
    survey_->recordAddedPeer();
    return true;
}

void
OverlayManager::removePeer(Peer& peer, PeerState stateBefore, DropCause cause)
{
    auto& list = listOf(peer);
    Peer::pointer held;
    bool heldSlot = false;
    auto pit = std::find_if(list.pending.begin(), list.pending.end(), [&](auto const& p) { return p.get() == &peer; });
    if (pit != list.pending.end())
    {
        held = *pit;
        list.pending.erase(pit);
    }
    else if (peer.peerID())
    {
        auto ait = list.authenticated.find(*peer.peerID());
        if (ait != list.authenticated.end() && ait->second.get() == &peer)
        {
            held = ait->second;
            heldSlot = true;
            list.authenticated.erase(ait);
            survey_->recordDroppedPeer(peer);
        }
    }
    if (held)
    {
        dropped_.emplace_back(clock_.now(), held);
        countConnection(list, "drop");
    }
    // Addresses that keep failing go for good (G6; core matches the IP alone, E21).
    peerManager_->removePeersWithManyFailures(REALLY_DEAD_NUM_FAILURES_CUTOFF, &peer.address());
    updateSizeCounters();
    judgeRemovedPeer(peer, cause, heldSlot);
    recordDrop({clock_.now(), peer.address(), peer.peerID(), peer.role(), stateBefore, cause,
                dropCauseRow(cause).direction, peer.dropReason()});
}

void
OverlayManager::recordDrop(DropEvent const& event)
{
    metrics_.counter(fmt::format("overlay.drop.{}", dropCauseRow(event.cause).metric)).inc();
    if (event.stateBefore != PeerState::GOT_AUTH)
        log().debug("dropping {} in state {} ({}): {}", describe(event, *this), toString(event.stateBefore),
                    toString(event.role), event.reason);
    else if (event.direction == DropDirection::WE_DROPPED_REMOTE)
        log().info("dropping {}: {}", describe(event, *this), event.reason);
    else
        log().info("{} dropped us: {}", describe(event, *this), event.reason);
    for (auto const& observer : dropObservers_)
        observer(event);
}

void
OverlayManager::judgeRemovedPeer(Peer const& peer, DropCause cause, bool heldSlot)
{
    if (!peer.peerID() || *peer.peerID() == nodeID_)
        return;
    auto id = crypto::toStrKeyPublic(peer.peerID()->ed25519());
    bool preferred = configPeers_->isPreferredAddress(peer.address()) ||
                     (peer.provedKey() && isPreferredKey(*peer.peerID()));
    switch (judgeDrop(cause, peer.provedKey(), heldSlot, preferred))
    {
    case DropVerdict::Failure:
        metrics_.counter("overlay.failure.counted").inc();
        try
        {
            if (banManager_->recordFailure(id))
                metrics_.counter("overlay.ban.automatic").inc();
        }
        catch (std::exception const& e)
        {
            log().error("could not count a failure of {}: {}", peer.toString(), e.what());
        }
        return;
    case DropVerdict::CleanSession: banManager_->forgetFailures(id); return;
    case DropVerdict::Neutral: return;
    }
}

void
OverlayManager::cleanupDroppedPeers()
{
    auto now = clock_.now();
    std::erase_if(dropped_, [&](auto const& entry) { return now - entry.first >= DROPPED_PEER_LINGER; });
}

void
OverlayManager::countConnection(PeersList const& list, std::string_view event)
{
    metrics_.counter(fmt::format("overlay.{}.{}", list.direction, event)).inc();
}

void
OverlayManager::updateSizeCounters()
{
    // G12: the four list sizes, and core's two totals (OverlayMetrics
    // mPendingPeersSize, mAuthenticatedPeersSize).
    auto in = [](std::size_t n) { return static_cast<int64_t>(n); };
    metrics_.counter("overlay.inbound.pending").set(in(inbound_.pending.size()));
    metrics_.counter("overlay.outbound.pending").set(in(outbound_.pending.size()));
    metrics_.counter("overlay.inbound.authenticated").set(in(inbound_.authenticated.size()));
    metrics_.counter("overlay.outbound.authenticated").set(in(outbound_.authenticated.size()));
    metrics_.counter("overlay.connection.pending").set(in(inbound_.pending.size() + outbound_.pending.size()));
    metrics_.counter("overlay.connection.authenticated")
        .set(in(inbound_.authenticated.size() + outbound_.authenticated.size()));
}

bool
OverlayManager::dropPeer(NodeID const& id, bool ban)
{
    for (auto* list : {&outbound_, &inbound_})
    {
        auto it = list->authenticated.find(id);
        if (it == list->authenticated.end())
            continue;
        auto peer = it->second;
        if (ban)
            banManager_->banNode(crypto::toStrKeyPublic(id.ed25519()));
        peer->drop(DropCause::DroppedByUser);
        return true;
    }
    return false;
}

// --- values peers need

FloodRates
OverlayManager::floodRates() const
{
    FloodRates r;
    r.opRatePerLedger = config_.FLOOD_OP_RATE_PER_LEDGER;
    r.sorobanRatePerLedger = config_.FLOOD_SOROBAN_RATE_PER_LEDGER;
    r.expectedLedgerCloseTime = app_.expectedLedgerCloseTime();
    r.ledgerProtocolVersion = app_.ledgerProtocolVersion();
    return r;
}

std::size_t
OverlayManager::maxAdvertSize() const
{
    return stellar::maxAdvertSize(floodRates(), app_.maxTxSetSizeOps(), app_.sorobanLedgerMaxTxCount(),
                                  config_.FLOOD_ADVERT_PERIOD_MS);
}

std::string
OverlayManager::shortId(NodeID const& id) const
{
    return crypto::toStrKeyPublic(id.ed25519()).substr(0, 5);
}

// --- flooding

std::vector<Peer::pointer>
OverlayManager::randomAuthenticatedPeers() const
{
    auto peers = authenticatedPeers();
    shuffleRandomly(peers);
    return peers;
}

bool
OverlayManager::flood(Hash const& floodKey, std::function<bool(Peer&)> const& tell)
{
    auto peers = authenticatedPeers();
    std::vector<std::string> names;
    names.reserve(peers.size());
    for (auto const& p : peers)
        names.push_back(p->addressName());
    auto toTell = floodgate_->broadcast(floodKey, app_.trackingLedgerSeq(), names);
    // toTell keeps the order of `names`: walk both together.
    bool told = false;
    std::size_t next = 0;
    for (std::size_t i = 0; i < peers.size() && next < toTell.size(); ++i)
    {
        if (names[i] != toTell[next])
            continue;
        ++next;
        if (tell(*peers[i]))
        {
            told = true;
            messageMetrics_.floodBroadcast.inc(); // core: Floodgate::broadcast, per peer sent to
        }
    }
    messageMetrics_.messageBroadcast.inc();
    messageMetrics_.floodKnown.set(static_cast<int64_t>(floodgate_->size()));
    return told;
}

void
OverlayManager::recvTransaction(Peer& from, TransactionEnvelope tx, Hash const& floodKey, Hash const& fullHash)
{
    // The sender gets credit first: it will not be told about what it sent
    // (core: OverlayManagerImpl::recvTransaction).
    floodgate_->addRecord(floodKey, from.addressName(), app_.trackingLedgerSeq());
    txDemands_->recordTxPullLatency(fullHash, from);
    switch (app_.recvTransaction(std::move(tx), fullHash))
    {
    case OverlayApp::TxStatus::Rejected:
        // A later copy from someone else is judged afresh.
        floodgate_->forgetRecord(floodKey);
        messageMetrics_.txRejected.inc();
        return;
    case OverlayApp::TxStatus::Duplicate:
        messageMetrics_.txDuplicate.inc();
        return;
    case OverlayApp::TxStatus::Accepted:
        messageMetrics_.txAccepted.inc();
        flood(floodKey, [&](Peer& p) { return p.sendAdvert(fullHash); });
        return;
    }
}

void
OverlayManager::recvSCPEnvelope(Peer& from, SCPEnvelope const& env, Hash const& floodKey)
{
    // The sender is recorded first: it is who the fetcher asks first for
    // the items the envelope names.
    auto const& sender = from.addressName();
    bool fresh = floodgate_->addRecord(floodKey, sender, app_.trackingLedgerSeq());
    if (fresh && !scpShares_->hasRoom(env.statement.slotIndex, sender))
    {
        // E38: its share of the slot is full; dropped unread, as core drops
        // what it will not process.
        floodgate_->forgetRecord(floodKey);
        metrics_.counter("overlay.flood.scp-over-budget").inc();
        return;
    }
    auto status = pending_->recvSCPEnvelope(env, floodKey, sender);
    if (fresh && (status == OverlayApp::EnvelopeStatus::Ready || status == OverlayApp::EnvelopeStatus::Fetching))
        chargeEnvelope(sender, env, floodKey);
    switch (status)
    {
    case OverlayApp::EnvelopeStatus::Discarded: floodgate_->forgetRecord(floodKey); break;
    case OverlayApp::EnvelopeStatus::Ready: floodEnvelope(floodKey, env); break;
    case OverlayApp::EnvelopeStatus::Fetching: // flooded once its items are here
    case OverlayApp::EnvelopeStatus::Processed: break;
    }
    maybeClearLedgersBelow();
}

void
OverlayManager::chargeEnvelope(std::string const& sender, SCPEnvelope const& env, Hash const& floodKey)
{
    auto charged = ScpRelayShares::Charged{env.statement.slotIndex, floodKey, crypto::sha256(xdr::toBytes(env))};
    if (auto forgotten = scpShares_->charge(sender, charged))
    {
        floodgate_->forgetRecord(forgotten->floodKey);
        app_.forgetSCPEnvelope(forgotten->slot, forgotten->envelopeHash);
        metrics_.counter("overlay.flood.scp-forgotten").inc();
    }
    metrics_.counter("overlay.memory.scp-relayed").set(static_cast<int64_t>(scpShares_->size()));
}

void
OverlayManager::floodEnvelope(Hash const& floodKey, SCPEnvelope const& env)
{
    // Push mode: the envelope itself goes to every peer without it (spec 9.7).
    auto msg = std::make_shared<StellarMessage>();
    msg->type(SCP_MESSAGE);
    msg->envelope() = env;
    OutboundMessage shared = std::move(msg);
    flood(floodKey, [&](Peer& p) {
        p.sendMessage(shared);
        return true;
    });
}

void
OverlayManager::recvTxSet(Hash const& hash, StellarMessage const& txSetMessage)
{
    for (auto const& ready : pending_->recvTxSet(hash, txSetMessage))
        floodEnvelope(ready.floodKey, *ready.envelope);
    maybeClearLedgersBelow();
}

void
OverlayManager::recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset)
{
    for (auto const& ready : pending_->recvSCPQuorumSet(hash, qset))
        floodEnvelope(ready.floodKey, *ready.envelope);
    maybeClearLedgersBelow();
}

void
OverlayManager::peerDoesntHave(MessageType type, Hash const& hash, Peer const& from)
{
    pending_->peerDoesntHave(type, hash, from);
}

void
OverlayManager::recvTxDemand(Peer& from, FloodDemand const& demand)
{
    txDemands_->recvTxDemand(demand, from);
}

bool
OverlayManager::broadcastTransaction(TransactionEnvelope const& tx, Hash const& fullHash)
{
    StellarMessage msg;
    msg.type(TRANSACTION);
    msg.transaction() = tx;
    return flood(Floodgate::messageKey(msg), [&](Peer& p) { return p.sendAdvert(fullHash); });
}

bool
OverlayManager::broadcastTransaction(TransactionEnvelope const& tx)
{
    return broadcastTransaction(tx, crypto::sha256(xdr::toBytes(tx)));
}

void
OverlayManager::recvFloodedMsg(StellarMessage const& msg, Peer& from)
{
    floodgate_->addRecord(Floodgate::messageKey(msg), from.addressName(), app_.trackingLedgerSeq());
}

bool
OverlayManager::broadcastMessage(StellarMessage const& msg)
{
    return flood(Floodgate::messageKey(msg), [&](Peer& p) {
        p.sendMessage(msg);
        return true;
    });
}

bool
OverlayManager::broadcastSCPEnvelope(SCPEnvelope const& env)
{
    auto msg = std::make_shared<StellarMessage>();
    msg->type(SCP_MESSAGE);
    msg->envelope() = env;
    auto key = Floodgate::messageKey(*msg);
    OutboundMessage shared = std::move(msg);
    bool told = flood(key, [&](Peer& p) {
        p.sendMessage(shared);
        return true;
    });
    maybeClearLedgersBelow(); // the application's ledger may have moved with it
    return told;
}

void
OverlayManager::clearLedgersBelow(uint32_t ledgerSeq)
{
    floodgate_->clearBelow(ledgerSeq);
    scpShares_->eraseBelow(ledgerSeq);
    metrics_.counter("overlay.memory.scp-relayed").set(static_cast<int64_t>(scpShares_->size()));
    pending_->stopFetchingBelow(ledgerSeq, app_.mostRecentCheckpointSeq());
    messageMetrics_.floodKnown.set(static_cast<int64_t>(floodgate_->size()));
    for (auto const& p : authenticatedPeers())
        p->clearBelow(ledgerSeq);
    clearedBelow_ = std::max(clearedBelow_, ledgerSeq);
    survey_->clearOldLedgers(app_.trackingLedgerSeq());
}

void
OverlayManager::maybeClearLedgersBelow()
{
    auto minLedger = app_.minLedgerSeqToRemember();
    if (minLedger > clearedBelow_)
        clearLedgersBelow(minLedger);
}

void
OverlayManager::handleMaxTxSizeIncrease(uint32_t increase)
{
    for (auto const& p : authenticatedPeers())
        p->handleMaxTxSizeIncrease(increase);
}

}
