#include "node/RelayApp.h"

#include "crypto/SHA.h"
#include "node/TestLedgerClock.h"
#include "overlay/PendingEnvelopes.h"
#include "overlay/QuorumSetSanity.h"
#include "overlay/ScpStatementItems.h"
#include "overlay/ScpStatementOrder.h"
#include "util/Log.h"
#include "xdr/Codec.h"

#include <algorithm>
#include <limits>

namespace stellar
{

namespace
{
TxPool::Limits
poolLimits(RelayAppConfig const& c, uint32_t maxTxSetSizeOps)
{
    // core: TransactionQueue sizes, TRANSACTION_QUEUE_SIZE_MULTIPLIER x the ledger's limits.
    return {uint64_t(c.transactionQueueSizeMultiplier) * maxTxSetSizeOps,
            uint64_t(c.transactionQueueSizeMultiplier) * c.sorobanLedgerMaxTxCount};
}

// Declared at start so that each series exists from start, with core's kinds
// (core: TransactionQueue's and HerderImpl's metrics) and ours beside them.
void
declareRelayMetrics(MetricsRegistry& m)
{
    for (uint32_t age = 0; age < TRANSACTION_QUEUE_TIMEOUT_LEDGERS; ++age)
        m.declare("herder.pending-txs.age" + std::to_string(age), MetricKind::Counter);
    m.declare("herder.pending-txs.evicted-due-to-age-count", MetricKind::Counter);
    m.declare("herder.pending-txs", MetricKind::Timer);
    m.declare("scp.timing.externalized", MetricKind::Timer);
    m.declare("herder.externalized-tx.not-pooled", MetricKind::Meter, "transaction");
    for (auto name : {"scp.envelope.receive", "scp.envelope.emit", "scp.envelope.validsig", "scp.envelope.invalidsig",
                      "scp.envelope.not-in-quorum"})
        m.declare(name, MetricKind::Meter, "envelope");
    m.declare("scp.value.invalid", MetricKind::Meter, "value");
    m.declare("scp.sync.lost", MetricKind::Meter, "sync");
    for (auto name : {"herder.recv-transaction.malformed", "herder.recv-transaction.oversize",
                      "herder.recv-transaction.try-again-later", "herder.recv-transaction.submitted"})
        m.declare(name, MetricKind::Meter, "transaction");
}

uint64_t
unixSeconds(SystemTimePoint t)
{
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}
}

RelayApp::RelayApp(RelayAppConfig config, Clock& clock, MetricsRegistry& metrics)
    : config_(std::move(config))
    , maxTxSetSizeOps_(config_.maxTxSetSizeOps)
    , clock_(clock)
    , metrics_(metrics)
    , quorumSetHash_(crypto::sha256(xdr::toBytes(config_.quorumSet)))
    , tracker_(config_.quorumSet)
    , pool_(poolLimits(config_, maxTxSetSizeOps_))
    , qsets_(quorumSetHash_, config_.quorumSet)
    , quorum_(config_.quorumSet)
    , heartBeat_(clock)
    , outOfSyncTimer_(clock)
{
    declareRelayMetrics(metrics_);
    if (config_.ledgerClockKey)
    {
        self_.emplace();
        self_->type(PUBLIC_KEY_TYPE_ED25519);
        self_->ed25519() = config_.ledgerClockKey->publicKey();
        TxSetLimits limits;
        limits.maxClassicOps = config_.maxTxSetSizeOps;
        limits.maxSorobanTxs = config_.sorobanLedgerMaxTxCount;
        limits.ledgerProtocolVersion = config_.ledgerProtocolVersion;
        ledgerClock_ = std::make_unique<TestLedgerClock>(*config_.ledgerClockKey, config_.networkID, limits,
                                                         config_.expectedLedgerCloseTime, clock_, *this,
                                                         config_.upgradeMaxTxSetSize);
    }
    updatePoolMetrics();
}

RelayApp::~RelayApp() = default;

void
RelayApp::start()
{
    if (ledgerClock_)
        ledgerClock_->start();
}

// --- ledger state

bool
RelayApp::isSynced() const
{
    // A node without a quorum set follows nothing and relays as if in sync.
    // Otherwise core's Herder rule: a ledger externalized in the last 35 s.
    // (core's overlay asks LedgerManager, which a node without ledgers does
    // not have; its tracking state is the closest truth.)
    if (config_.quorumSet.threshold == 0)
        return true;
    return tracker_.isTracking(clock_.now());
}

uint32_t
RelayApp::minLedgerSeqToRemember() const
{
    // core: HerderImpl::getMinLedgerSeqToRemember. Without a quorum set, the
    // oldest of the newest slots forgetOldSlots keeps.
    if (!followsQuorum())
        return processed_.size() < MAX_SLOTS_TO_REMEMBER
                   ? GENESIS_LEDGER_SEQ
                   : static_cast<uint32_t>(std::min<uint64_t>(processed_.begin()->first, UINT32_MAX));
    auto current = tracker_.trackingLedger();
    return current > MAX_SLOTS_TO_REMEMBER ? current - MAX_SLOTS_TO_REMEMBER + 1 : GENESIS_LEDGER_SEQ;
}

uint32_t
RelayApp::minLedgerSeqToAskPeers() const
{
    // core: HerderImpl::getMinLedgerSeqToAskPeers, the tracked ledger
    // standing in for the last closed one.
    uint32_t low = tracker_.trackingLedger() + 1;
    uint32_t maxSlots = std::min(MAX_SLOTS_TO_REMEMBER, SCP_EXTRA_LOOKBACK_LEDGERS);
    low = low > maxSlots ? low - maxSlots : GENESIS_LEDGER_SEQ;
    return std::max(low, minLedgerSeqToRemember());
}

// --- transactions

RelayApp::TxCheck
RelayApp::checkTransaction(TransactionEnvelope const& tx)
{
    if (xdr::encodedSize(tx) > config_.maxTxSize)
    {
        metrics_.counter("herder.recv-transaction.oversize").inc();
        return {false, txMALFORMED};
    }
    // What needs no ledger of core's checks: operations present
    // (txMISSING_OPERATION), no negative fee (XDRProvidesValidFee).
    if (operationCount(tx) == 0 ||
        (tx.type() == ENVELOPE_TYPE_TX_FEE_BUMP && tx.feeBump().tx.innerTx.v1().tx.operations.empty()))
    {
        metrics_.counter("herder.recv-transaction.malformed").inc();
        return {false, txMISSING_OPERATION};
    }
    if (tx.type() == ENVELOPE_TYPE_TX_FEE_BUMP && tx.feeBump().tx.fee < 0)
    {
        metrics_.counter("herder.recv-transaction.malformed").inc();
        return {false, txMALFORMED};
    }
    return {};
}

OverlayApp::TxStatus
RelayApp::recvTransaction(TransactionEnvelope tx, Hash const& fullHash)
{
    if (!checkTransaction(tx).ok)
        return TxStatus::Rejected;
    auto result = pool_.tryAdd(std::move(tx), fullHash, clock_.now());
    switch (result)
    {
    case TxPool::AddResult::Pending: metrics_.counter("herder.pending-txs.age0").inc(); return TxStatus::Accepted;
    case TxPool::AddResult::Duplicate: return TxStatus::Duplicate;
    case TxPool::AddResult::TryAgainLater: break;
    }
    metrics_.counter("herder.recv-transaction.try-again-later").inc();
    return TxStatus::Rejected;
}

RelayApp::SubmitResult
RelayApp::submitTransaction(TransactionEnvelope const& tx)
{
    auto check = checkTransaction(tx);
    if (!check.ok)
        return {AddResultCode::ADD_STATUS_ERROR, check.error};
    auto fullHash = crypto::sha256(xdr::toBytes(tx));
    switch (pool_.tryAdd(tx, fullHash, clock_.now()))
    {
    case TxPool::AddResult::Pending:
        metrics_.counter("herder.pending-txs.age0").inc();
        metrics_.counter("herder.recv-transaction.submitted").inc();
        if (hooks_.broadcastTransaction)
            hooks_.broadcastTransaction(tx, fullHash);
        return {AddResultCode::ADD_STATUS_PENDING, std::nullopt};
    case TxPool::AddResult::Duplicate: return {AddResultCode::ADD_STATUS_DUPLICATE, std::nullopt};
    case TxPool::AddResult::TryAgainLater: break;
    }
    return {AddResultCode::ADD_STATUS_TRY_AGAIN_LATER, std::nullopt};
}

std::optional<TransactionEnvelope>
RelayApp::getTransaction(Hash const& fullHash) const
{
    if (auto const* e = pool_.find(fullHash))
        return e->tx;
    return std::nullopt;
}

bool
RelayApp::isTransactionKnownOrBanned(Hash const& fullHash) const
{
    return pool_.contains(fullHash) || pool_.isBanned(fullHash);
}

void
RelayApp::updatePoolMetrics()
{
    auto sizes = pool_.sizeByAge();
    for (std::size_t i = 0; i < sizes.size(); ++i)
        metrics_.counter("herder.pending-txs.age" + std::to_string(i)).set(static_cast<int64_t>(sizes[i]));
}

// --- SCP envelopes

bool
RelayApp::verifyEnvelope(SCPEnvelope const& env) const
{
    // core: HerderImpl::verifyEnvelope, over XDR(networkID, ENVELOPE_TYPE_SCP, statement).
    xdr::XdrWriter w;
    xdr::encode(w, config_.networkID);
    xdr::encode(w, static_cast<int32_t>(ENVELOPE_TYPE_SCP));
    xdr::encode(w, env.statement);
    auto bytes = w.take();
    return crypto::verifySignature(env.statement.nodeID.ed25519(), env.signature, bytes);
}

OverlayApp::EnvelopeStatus
RelayApp::checkEnvelope(SCPEnvelope const& env) const
{
    // core: HerderImpl::recvSCPEnvelope, cheap checks first.
    auto const& st = env.statement;
    auto nowUnix = unixSeconds(clock_.systemNow());
    if (!tracker_.checkCloseTime(st, nowUnix, false))
        return EnvelopeStatus::Discarded;
    auto index = st.slotIndex;
    auto checkpoint = mostRecentCheckpointSeq();
    auto next = uint64_t(tracker_.trackingLedger()) + 1;
    uint64_t maxLedgerSeq = std::numeric_limits<uint32_t>::max();
    if (tracker_.isTracking(clock_.now()))
        maxLedgerSeq = next + LEDGER_VALIDITY_BRACKET;
    else if (!tracker_.checkCloseTime(st, nowUnix, tracker_.trackingLedger() <= GENESIS_LEDGER_SEQ && index != next) &&
             index != checkpoint)
        return EnvelopeStatus::Discarded;
    if ((index > maxLedgerSeq || index < minLedgerSeqToRemember()) && index != checkpoint)
        return EnvelopeStatus::Discarded;
    if (!verifyEnvelope(env))
    {
        metrics_.counter("scp.envelope.invalidsig").inc();
        return EnvelopeStatus::Discarded;
    }
    metrics_.counter("scp.envelope.validsig").inc();
    if (self_ && st.nodeID == *self_)
        return EnvelopeStatus::Processed; // core: ENVELOPE_STATUS_SKIPPED_SELF
    if (followsQuorum() && !isNodeDefinitelyInQuorum(st.nodeID))
    {
        metrics_.counter("scp.envelope.not-in-quorum").inc();
        return EnvelopeStatus::Discarded;
    }
    // core: PendingEnvelopes::recvSCPEnvelope: every value a signed StellarValue.
    auto values = stellarValues(st);
    if (!values || std::any_of(values->begin(), values->end(),
                               [](StellarValue const& sv) { return sv.ext.v() != STELLAR_VALUE_SIGNED; }))
    {
        metrics_.counter("scp.value.invalid").inc();
        return EnvelopeStatus::Discarded;
    }
    return EnvelopeStatus::Ready;
}

OverlayApp::EnvelopeStatus
RelayApp::recvSCPEnvelope(SCPEnvelope const& env)
{
    metrics_.counter("scp.envelope.receive").inc();
    auto hash = crypto::sha256(xdr::toBytes(env));
    auto slot = env.statement.slotIndex;
    auto seen = processed_.find(slot);
    if (seen != processed_.end() && seen->second.count(hash))
        return EnvelopeStatus::Processed;
    auto waiting = waitingForItems_.find(slot);
    bool checked = waiting != waitingForItems_.end() && waiting->second.count(hash);
    auto status = checked ? EnvelopeStatus::Ready : checkEnvelope(env);
    if (status != EnvelopeStatus::Ready)
        return status;
    if (!hasItemsOf(env.statement))
    {
        // The overlay fetches them and gives it again. Bounded as the
        // overlay's own wait (PendingEnvelopes::MAX_FETCHING_ENVELOPES).
        if (!checked && waitingCount_ < PendingEnvelopes::MAX_FETCHING_ENVELOPES &&
            waitingForItems_[slot].insert(hash).second)
            ++waitingCount_;
        return EnvelopeStatus::Fetching;
    }
    if (checked)
    {
        waiting->second.erase(hash);
        --waitingCount_;
    }
    acceptEnvelope(env, hash);
    return status;
}

void
RelayApp::forgetSCPEnvelope(uint64_t slot, Hash const& envelopeHash)
{
    // The statement store keeps what it kept: it holds at most the latest
    // statement per node and slot.
    if (auto it = processed_.find(slot); it != processed_.end())
        it->second.erase(envelopeHash);
}

bool
RelayApp::hasItemsOf(SCPStatement const& st) const
{
    // core: PendingEnvelopes::isFullyFetched.
    auto hashes = txSetHashes(st); // decodable: checkEnvelope looked
    return hasQSet(companionQuorumSetHash(st)) &&
           std::all_of(hashes->begin(), hashes->end(), [&](Hash const& h) { return hasTxSet(h); });
}

void
RelayApp::acceptEnvelope(SCPEnvelope const& env, Hash const& hash)
{
    auto const& st = env.statement;
    processed_[st.slotIndex].insert(hash);
    firstSeen_.try_emplace(st.slotIndex, clock_.now());
    if (store_.add(env, unixSeconds(clock_.systemNow())))
        noteQuorumSetOf(st);
    if (!followsQuorum())
        forgetOldSlots(); // nothing externalizes here, so nothing else would
    if (st.pledges.type() != SCP_ST_EXTERNALIZE)
        return;
    if (auto agreed = tracker_.recvExternalize(st.nodeID, st.slotIndex, st.pledges.externalize().commit.value))
        maybeExternalize(st.slotIndex, *agreed);
}

void
RelayApp::externalizeOwn(SCPEnvelope const& env, Hash const& txSetHash, StellarMessage txSet)
{
    txSets_.add(txSetHash, std::move(txSet));
    metrics_.counter("scp.envelope.emit").inc();
    acceptEnvelope(env, crypto::sha256(xdr::toBytes(env)));
    if (hooks_.broadcastEnvelope)
        hooks_.broadcastEnvelope(env);
}

void
RelayApp::maybeExternalize(uint64_t slot, Value const& value)
{
    if (externalized_.count(slot))
        return;
    auto sv = xdr::fromBytes<StellarValue>(value); // checked when the envelope came in
    if (!txSets_.contains(sv.txSetHash))
    {
        awaitingTxSet_[sv.txSetHash].insert(slot);
        return;
    }
    applyExternalized(slot, sv, value);
}

void
RelayApp::applyExternalized(uint64_t slot, StellarValue const& value, Value const& valueBytes)
{
    auto now = clock_.now();
    externalized_.insert(slot);
    auto txSet = txSets_.find(value.txSetHash);
    std::vector<Hash> included;
    forEachTransaction(*txSet, [&](TransactionEnvelope const& tx) { included.push_back(crypto::sha256(xdr::toBytes(tx))); });
    auto pooled = pool_.removeApplied(included, now);
    for (auto waited : pooled)
        metrics_.timer("herder.pending-txs").update(waited);
    // Seen first in a ledger: the flood had not brought them (or not yet).
    metrics_.counter("herder.externalized-tx.not-pooled").inc(static_cast<int64_t>(included.size() - pooled.size()));
    auto first = firstSeen_.find(slot);
    metrics_.timer("scp.timing.externalized").update(first == firstSeen_.end() ? ClockDuration{0} : now - first->second);
    if (tracker_.externalize(slot, value, now))
    {
        lastValueHash_ = crypto::sha256(valueBytes);
        applyUpgrades(slot, value);
        if (auto evicted = pool_.shift())
            metrics_.counter("herder.pending-txs.evicted-due-to-age-count").inc(static_cast<int64_t>(evicted));
        outOfSyncTimer_.cancel();
        trackingHeartBeat();
        forgetOldSlots();
        logger("Herder").info("ledger {} externalized: {} transactions, {} left in the pool", slot, included.size(),
                              pool_.size());
    }
    updatePoolMetrics();
}

void
RelayApp::applyUpgrades(uint64_t slot, StellarValue const& value)
{
    // core: Upgrades::applyTo, on the ledger this value closes. Only the
    // ledger's maxTxSetSize matters to a node without a ledger; an upgrade
    // that does not decode is skipped, as core skips an invalid one.
    for (auto const& bytes : value.upgrades)
    {
        LedgerUpgrade upgrade;
        try
        {
            xdr::fromBytes(bytes, upgrade);
        }
        catch (xdr::XdrError const&)
        {
            continue;
        }
        if (upgrade.type() != LEDGER_UPGRADE_MAX_TX_SET_SIZE || upgrade.newMaxTxSetSize() == maxTxSetSizeOps_)
            continue;
        logger("Herder").info("ledger {} upgrades maxTxSetSize from {} to {} operations", slot, maxTxSetSizeOps_,
                              upgrade.newMaxTxSetSize());
        maxTxSetSizeOps_ = upgrade.newMaxTxSetSize();
        pool_.setLimits(poolLimits(config_, maxTxSetSizeOps_));
    }
}

void
RelayApp::forgetOldSlots()
{
    // core: HerderImpl::purgeOldSlots, slots outside the validity bracket;
    // the newest checkpoint's statements stay for GET_SCP_STATE.
    auto minSlot = uint64_t(minLedgerSeqToRemember());
    auto maxSlot = uint64_t(tracker_.trackingLedger()) + 1 + LEDGER_VALIDITY_BRACKET;
    if (!followsQuorum())
    {
        // A node without a quorum set tracks no ledger: it keeps the newest
        // MAX_SLOTS_TO_REMEMBER slots it accepted, counted (not measured from
        // the highest, which any signer could set far ahead).
        maxSlot = std::numeric_limits<uint64_t>::max();
        if (processed_.size() > MAX_SLOTS_TO_REMEMBER)
            minSlot = std::prev(processed_.end(), MAX_SLOTS_TO_REMEMBER)->first;
    }
    store_.eraseBelow(minSlot, mostRecentCheckpointSeq());
    store_.eraseAbove(maxSlot);
    tracker_.eraseBelow(minSlot);
    processed_.erase(processed_.begin(), processed_.lower_bound(minSlot));
    processed_.erase(processed_.upper_bound(maxSlot), processed_.end());
    for (auto it = waitingForItems_.begin(); it != waitingForItems_.end();)
    {
        if (it->first >= minSlot && it->first <= maxSlot)
        {
            ++it;
            continue;
        }
        waitingCount_ -= it->second.size();
        it = waitingForItems_.erase(it);
    }
    firstSeen_.erase(firstSeen_.begin(), firstSeen_.lower_bound(minSlot));
    externalized_.erase(externalized_.begin(), externalized_.lower_bound(minSlot));
    for (auto it = awaitingTxSet_.begin(); it != awaitingTxSet_.end();)
    {
        auto& slots = it->second;
        slots.erase(slots.begin(), slots.lower_bound(minSlot));
        it = slots.empty() ? awaitingTxSet_.erase(it) : std::next(it);
    }
}

void
RelayApp::trackingHeartBeat()
{
    // core: HerderImpl::trackingHeartBeat / herderOutOfSync.
    heartBeat_.expiresAfter(CONSENSUS_STUCK_TIMEOUT_SECONDS, [this] {
        metrics_.counter("scp.sync.lost").inc();
        logger("Herder").warn("lost track of consensus: no ledger externalized for {} s after ledger {}",
                              CONSENSUS_STUCK_TIMEOUT_SECONDS.count(), tracker_.trackingLedger());
        outOfSyncRecovery();
    });
}

void
RelayApp::outOfSyncRecovery()
{
    // core: HerderImpl::startOutOfSyncTimer, then outOfSyncRecovery's
    // getMoreSCPState every OUT_OF_SYNC_RECOVERY_TIMER.
    outOfSyncTimer_.expiresAfter(OUT_OF_SYNC_RECOVERY_TIMER, [this] {
        if (isTracking())
            return;
        logger("Herder").info("asking peers for SCP messages more recent than {}", minLedgerSeqToAskPeers());
        if (hooks_.askForScpState)
            hooks_.askForScpState(minLedgerSeqToAskPeers());
        outOfSyncRecovery();
    });
}

std::vector<SCPEnvelope>
RelayApp::scpStateFrom(uint32_t fromLedger) const
{
    return store_.stateFrom(fromLedger, LEDGER_VALIDITY_BRACKET, delayedCheckpointSlot());
}

std::optional<uint32_t>
RelayApp::delayedCheckpointSlot() const
{
    // core: HerderImpl::sendSCPStateToPeer, the tracked ledger standing in
    // for trackingConsensusLedgerIndex.
    auto consensus = tracker_.trackingLedger();
    auto firstSequential = consensus > MAX_SLOTS_TO_REMEMBER ? consensus - MAX_SLOTS_TO_REMEMBER : GENESIS_LEDGER_SEQ;
    auto checkpoint = mostRecentCheckpointSeq();
    return checkpoint < firstSequential ? std::optional(checkpoint) : std::nullopt;
}

std::vector<SCPEnvelope>
RelayApp::scpStateOfSlot(uint64_t slot) const
{
    return store_.stateOf(slot);
}

// --- items

bool
RelayApp::recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset)
{
    if (crypto::sha256(xdr::toBytes(qset)) != hash || quorumSetInsanity(qset, false))
        return false;
    qsets_.add(hash, qset);
    for (auto const& [node, named] : quorumSetHashOf_)
        if (named == hash)
            quorumDirty_ = true;
    return true;
}

std::optional<StellarMessage>
RelayApp::getTxSetMessage(Hash const& hash) const
{
    if (auto msg = txSets_.find(hash))
        return *msg;
    return std::nullopt;
}

bool
RelayApp::recvTxSet(Hash const& hash, StellarMessage const& txSetMessage)
{
    if (txSetContentsHash(txSetMessage) != std::optional<Hash>(hash))
        return false;
    if (txSetMessage.type() == GENERALIZED_TX_SET && !isTxSetXDRStructureValid(txSetMessage.generalizedTxSet()))
        return false;
    txSets_.add(hash, txSetMessage);
    auto waiting = awaitingTxSet_.find(hash);
    if (waiting == awaitingTxSet_.end())
        return true;
    auto slots = std::move(waiting->second);
    awaitingTxSet_.erase(waiting);
    for (auto slot : slots)
        if (auto agreed = tracker_.agreedValue(slot))
            maybeExternalize(slot, *agreed);
    return true;
}

void
RelayApp::noteQuorumSetOf(SCPStatement const& st)
{
    auto hash = companionQuorumSetHash(st);
    auto [it, added] = quorumSetHashOf_.try_emplace(st.nodeID, hash);
    if (!added && it->second == hash)
        return;
    it->second = hash;
    quorumDirty_ = true;
}

bool
RelayApp::isNodeDefinitelyInQuorum(NodeID const& node) const
{
    if (quorumDirty_)
    {
        // core: QuorumTracker::rebuild, from what each member last said.
        const_cast<QuorumTracker&>(quorum_).rebuild([this](NodeID const& n) -> std::optional<SCPQuorumSet> {
            auto it = quorumSetHashOf_.find(n);
            if (it == quorumSetHashOf_.end())
                return std::nullopt;
            return qsets_.find(it->second);
        });
        quorumDirty_ = false;
    }
    return quorum_.isNodeDefinitelyInQuorum(node);
}

bool
RelayApp::isInTransitiveQuorum(NodeID const& node) const
{
    return followsQuorum() && isNodeDefinitelyInQuorum(node);
}

}
