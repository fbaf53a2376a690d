#pragma once
// The application a standalone node serves the overlay (core: the parts of
// HerderImpl, PendingEnvelopes, TransactionQueue and LedgerManager that the
// overlay talks to). It has no ledger and no SCP of its own: it follows the
// network. It is a composition of one concept per part:
//  - LedgerTracker: the ledger the quorum set's validators externalized, and
//    whether the node tracks the network (35 s rule);
//  - TxPool: the bounded transaction pool, cleaned by externalized tx sets;
//  - ScpEnvelopeStore: the latest statements per node and slot, for
//    GET_SCP_STATE and the `scp` command;
//  - TxSetCache, QuorumSetCache: the items statements reference;
//  - TestLedgerClock (when configured): a signed EXTERNALIZE every ledger
//    period on networks of our own nodes. Not SCP.
//
// What it checks before the overlay floods anything. An SCP envelope:
// core's close-time filter, a slot within what the node remembers (and at
// most LEDGER_VALIDITY_BRACKET ahead while tracking), a valid signature of
// its node over (networkID, ENVELOPE_TYPE_SCP, statement), values that decode
// as signed StellarValues, and, when the node follows a quorum set, a node
// in its transitive quorum (core: HerderImpl::recvSCPEnvelope and
// PendingEnvelopes::recvSCPEnvelope). A transaction: well-formed (it has
// operations, its fees are not negative) and at most maxTxSize bytes. Not
// accounts, sequence numbers or fees: that needs a ledger.
//
// Items: an envelope is processed only once every item it names is here
// (txSetHashes and companionQuorumSetHash, overlay/ScpStatementItems);
// until then recvSCPEnvelope answers Fetching, and the overlay's fetcher
// (overlay/PendingEnvelopes) fetches what hasTxSet / hasQSet lack, hands the
// items to recvTxSet / recvSCPQuorumSet (each checked again: the tx set's
// contents hash and structure, the quorum set's hash) and gives the envelope
// again. A slot only counts as externalized once its tx set is here,
// whichever way it came.

#include "crypto/SecretKey.h"
#include "node/ItemCaches.h"
#include "node/LedgerTracker.h"
#include "node/QuorumTracker.h"
#include "node/ScpEnvelopeStore.h"
#include "node/TxPool.h"
#include "overlay/OverlayApp.h"
#include "overlay/QueryLimiter.h" // MAX_SLOTS_TO_REMEMBER
#include "overlay/TxSetFrame.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace stellar
{

class TestLedgerClock;

struct RelayAppConfig
{
    Hash networkID{};
    // The validators to follow, core's [QUORUM_SET] shape. Empty: the node
    // follows nothing and counts itself in sync (a network without a clock).
    SCPQuorumSet quorumSet;
    // Set: this node is the network's test ledger clock, signing with it.
    std::optional<crypto::SecretKey> ledgerClockKey;
    uint32_t ledgerProtocolVersion = 26;
    uint32_t maxTxSize = 102400 + 32768 + 2000; // classic cap; Soroban's 128 KiB + buffer fits in the default grant
    uint32_t maxTxSetSizeOps = 1000;            // the ledger's maxTxSetSize until an upgrade changes it
    // The ledger clock's values ask for this maxTxSetSize until the ledger has it.
    std::optional<uint32_t> upgradeMaxTxSetSize;
    uint32_t sorobanLedgerMaxTxCount = 100;     // the ledger's ledgerMaxTxCount
    std::chrono::milliseconds expectedLedgerCloseTime{5000};
    uint32_t checkpointFrequency = CHECKPOINT_FREQUENCY;
    uint32_t transactionQueueSizeMultiplier = TRANSACTION_QUEUE_SIZE_MULTIPLIER;
};

// What RelayApp asks of the overlay; the node wires these.
struct RelayHooks
{
    std::function<void(SCPEnvelope const&)> broadcastEnvelope;
    // The transaction and its SHA-256 (full hash), computed once.
    std::function<void(TransactionEnvelope const&, Hash const&)> broadcastTransaction;
    // Out of sync: ask a couple of peers for their SCP state from this ledger
    // (core: HerderImpl::getMoreSCPState).
    std::function<void(uint32_t fromLedger)> askForScpState;
};

class RelayApp : public OverlayApp
{
  public:
    static constexpr uint32_t SCP_EXTRA_LOOKBACK_LEDGERS = 3; // core: Herder.cpp
    static constexpr std::size_t TX_SET_CACHE_COUNT = 1024;
    static constexpr std::size_t TX_SET_CACHE_BYTES = 256 * 1024 * 1024;

    RelayApp(RelayAppConfig config, Clock& clock, MetricsRegistry& metrics);
    ~RelayApp() override;

    void setHooks(RelayHooks hooks) { hooks_ = std::move(hooks); }
    // Starts the ledger clock, when there is one.
    void start();

    // --- OverlayApp
    uint32_t trackingLedgerSeq() const override { return tracker_.trackingLedger(); }
    bool isSynced() const override;
    uint32_t minLedgerSeqToAskPeers() const override;
    uint32_t minLedgerSeqToRemember() const override;
    std::chrono::milliseconds expectedLedgerCloseTime() const override { return config_.expectedLedgerCloseTime; }
    uint32_t ledgerProtocolVersion() const override { return config_.ledgerProtocolVersion; }
    uint32_t maxTxSize() const override { return config_.maxTxSize; }
    uint32_t maxTxSetSizeOps() const override { return maxTxSetSizeOps_; }
    uint32_t sorobanLedgerMaxTxCount() const override { return config_.sorobanLedgerMaxTxCount; }
    std::size_t maxQueueSizeOps() const override { return pool_.limits().maxClassicOps; }
    std::size_t maxQueueSizeSorobanOps() const override { return pool_.limits().maxSorobanTxs; }

    TxStatus recvTransaction(TransactionEnvelope tx, Hash const& fullHash) override;
    std::optional<TransactionEnvelope> getTransaction(Hash const& fullHash) const override;
    bool isTransactionKnownOrBanned(Hash const& fullHash) const override;

    EnvelopeStatus recvSCPEnvelope(SCPEnvelope const& env) override;
    void forgetSCPEnvelope(uint64_t slot, Hash const& envelopeHash) override;
    uint32_t mostRecentCheckpointSeq() const override
    {
        return firstLedgerInCheckpointContaining(trackingLedgerSeq(), config_.checkpointFrequency);
    }
    std::vector<SCPEnvelope> scpStateFrom(uint32_t fromLedger) const override;
    std::optional<uint32_t> delayedCheckpointSlot() const override;
    std::vector<SCPEnvelope> scpStateOfSlot(uint64_t slot) const override;
    bool hasQSet(Hash const& hash) const override { return qsets_.contains(hash); }
    std::optional<SCPQuorumSet> getQSet(Hash const& hash) const override { return qsets_.find(hash); }
    bool recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) override;
    bool hasTxSet(Hash const& hash) const override { return txSets_.contains(hash); }
    std::optional<StellarMessage> getTxSetMessage(Hash const& hash) const override;
    bool recvTxSet(Hash const& hash, StellarMessage const& txSetMessage) override;
    bool isInTransitiveQuorum(NodeID const& node) const override;

    // --- transaction submission (admin `tx`)
    // core: TransactionQueue::AddResultCode, the ones reachable without a ledger.
    enum class AddResultCode
    {
        ADD_STATUS_PENDING,
        ADD_STATUS_DUPLICATE,
        ADD_STATUS_ERROR,
        ADD_STATUS_TRY_AGAIN_LATER
    };
    struct SubmitResult
    {
        AddResultCode code = AddResultCode::ADD_STATUS_PENDING;
        std::optional<TransactionResultCode> error; // with ADD_STATUS_ERROR
    };
    // Accepted ones are advertised to peers.
    SubmitResult submitTransaction(TransactionEnvelope const& tx);

    // --- what the admin commands and the ledger clock read
    bool isTracking() const { return tracker_.isTracking(clock_.now()); }
    LedgerTracker const& tracker() const { return tracker_; }
    ScpEnvelopeStore const& scpStore() const { return store_; }
    TxPool const& pool() const { return pool_; }
    std::size_t pooledTransactions() const { return pool_.size(); }
    Hash const& quorumSetHash() const { return quorumSetHash_; }
    bool isLedgerClock() const { return ledgerClock_ != nullptr; }
    // The stand-in for the previous ledger's hash that tx sets name: the
    // SHA-256 of the last externalized value's XDR (zero before any).
    Hash const& lastValueHash() const { return lastValueHash_; }

    // The ledger clock closes a ledger: its EXTERNALIZE goes through here as
    // this node's own statement, and to every peer.
    void externalizeOwn(SCPEnvelope const& env, Hash const& txSetHash, StellarMessage txSet);

  private:
    struct TxCheck
    {
        bool ok = true;
        TransactionResultCode error = txMALFORMED;
    };
    TxCheck checkTransaction(TransactionEnvelope const& tx);
    EnvelopeStatus checkEnvelope(SCPEnvelope const& env) const;
    bool verifyEnvelope(SCPEnvelope const& env) const;
    bool hasItemsOf(SCPStatement const& st) const;
    void acceptEnvelope(SCPEnvelope const& env, Hash const& hash);
    void maybeExternalize(uint64_t slot, Value const& value);
    void applyExternalized(uint64_t slot, StellarValue const& value, Value const& valueBytes);
    void forgetOldSlots();
    void trackingHeartBeat();
    void outOfSyncRecovery();
    void updatePoolMetrics();
    void applyUpgrades(uint64_t slot, StellarValue const& value);
    bool followsQuorum() const { return config_.quorumSet.threshold != 0; }
    bool isNodeDefinitelyInQuorum(NodeID const& node) const;
    void noteQuorumSetOf(SCPStatement const& st);

    RelayAppConfig config_;
    uint32_t maxTxSetSizeOps_; // the ledger's maxTxSetSize: the config's, then upgrades'
    Clock& clock_;
    MetricsRegistry& metrics_;
    RelayHooks hooks_;
    Hash quorumSetHash_{};
    std::optional<NodeID> self_; // the ledger clock's identity

    LedgerTracker tracker_;
    TxPool pool_;
    ScpEnvelopeStore store_;
    TxSetCache txSets_{TX_SET_CACHE_COUNT, TX_SET_CACHE_BYTES};
    QuorumSetCache qsets_;
    std::unique_ptr<TestLedgerClock> ledgerClock_;
    QuorumTracker quorum_;
    std::map<NodeID, Hash, NodeIDOrder> quorumSetHashOf_; // named by each quorum member's latest statement
    mutable bool quorumDirty_ = true;

    // Envelope hashes per slot (core: mProcessedEnvelopes); the overlay may
    // make it forget one to keep within its bounds (forgetSCPEnvelope, E38).
    std::map<uint64_t, std::set<Hash>> processed_;
    // Envelopes that passed every check and wait for their items, per slot:
    // when the overlay gives one back, its signature is not verified again
    // (core: a fetched envelope goes to SCP without a second check).
    std::map<uint64_t, std::set<Hash>> waitingForItems_;
    std::size_t waitingCount_ = 0;
    std::map<uint64_t, ClockTime> firstSeen_;           // first statement per slot, for scp.timing.externalized
    std::set<uint64_t> externalized_;                   // slots applied, recent ones
    std::map<Hash, std::set<uint64_t>> awaitingTxSet_;  // agreed slots whose tx set is missing
    Hash lastValueHash_{};
    Timer heartBeat_;
    Timer outOfSyncTimer_;
};

}
