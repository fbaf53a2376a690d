#pragma once
// The application a standalone node serves: it has no ledger of its own, so
// it relays. It follows consensus from the EXTERNALIZE messages it sees
// (tracking the highest externalized slot), keeps recent SCP envelopes to
// answer GET_SCP_STATE, caches quorum sets and tx sets to answer peers, and
// keeps a bounded pool of recent transactions to answer FLOOD_DEMAND.
//
// What it checks before the overlay floods anything: SCP envelopes must carry
// a valid signature of their node over (networkID, ENVELOPE_TYPE_SCP,
// statement); transactions must be well-formed XDR (the overlay already
// decoded them) and at most maxTxSize bytes. It does not check accounts or
// fees: that needs a ledger.

#include "overlay/OverlayApp.h"
#include "util/Clock.h"

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

struct RelayAppConfig
{
    Hash networkID{};
    // Validators whose EXTERNALIZE counts for "in sync"; empty: the node counts
    // itself in sync (a local network without validators).
    std::vector<NodeID> quorumValidators;
    uint32_t ledgerProtocolVersion = 25;
    uint32_t maxTxSize = 102400 + 32768 + 2000; // classic cap; Soroban's 128 KiB + buffer fits in the default grant
    uint32_t maxTxSetSizeOps = 1000;
    uint32_t sorobanLedgerMaxTxCount = 100;
    std::chrono::milliseconds expectedLedgerCloseTime{5000};
    std::size_t maxPooledTransactions = 100000;
};

class RelayApp : public OverlayApp
{
  public:
    static constexpr uint32_t MAX_SLOTS_TO_REMEMBER = 12; // core: Config::MAX_SLOTS_TO_REMEMBER

    RelayApp(RelayAppConfig config, Clock& clock);

    uint32_t trackingLedgerSeq() const override { return trackingLedger_; }
    bool isSynced() const override;
    uint32_t minLedgerSeqToAskPeers() const override;
    uint32_t minLedgerSeqToRemember() const override;
    std::chrono::milliseconds expectedLedgerCloseTime() const override { return config_.expectedLedgerCloseTime; }
    uint32_t ledgerProtocolVersion() const override { return config_.ledgerProtocolVersion; }

    uint32_t maxTxSize() const override { return config_.maxTxSize; }
    uint32_t maxTxSetSizeOps() const override { return config_.maxTxSetSizeOps; }
    uint32_t sorobanLedgerMaxTxCount() const override { return config_.sorobanLedgerMaxTxCount; }
    std::size_t maxQueueSizeOps() const override { return 2 * config_.maxTxSetSizeOps; }
    std::size_t maxQueueSizeSorobanOps() const override { return 2 * config_.sorobanLedgerMaxTxCount; }

    TxStatus recvTransaction(TransactionEnvelope const& tx, Hash const& fullHash) override;
    std::optional<TransactionEnvelope> getTransaction(Hash const& fullHash) const override;
    bool isTransactionKnownOrBanned(Hash const& fullHash) const override;

    EnvelopeStatus recvSCPEnvelope(SCPEnvelope const& env) override;
    std::vector<SCPEnvelope> scpStateFrom(uint32_t fromLedger) const override;
    std::optional<SCPQuorumSet> getQSet(Hash const& hash) const override;
    void recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) override;
    std::optional<StellarMessage> getTxSetMessage(Hash const& hash) const override;
    void recvTxSet(Hash const& hash, StellarMessage const& txSetMessage) override;
    void peerDoesntHave(MessageType, Hash const&, NodeID const&) override {}
    bool isInTransitiveQuorum(NodeID const& node) const override;

    std::size_t pooledTransactions() const { return txs_.size(); }

  private:
    bool verifyEnvelope(SCPEnvelope const& env) const;
    void forgetOldSlots();

    RelayAppConfig config_;
    Clock& clock_;
    uint32_t trackingLedger_ = 0;
    std::optional<ClockTime> lastExternalize_;

    std::map<Hash, TransactionEnvelope> txs_;
    std::deque<Hash> txOrder_; // oldest first, to bound the pool
    std::map<uint64_t, std::vector<SCPEnvelope>> envelopesBySlot_;
    std::set<Hash> seenEnvelopes_;
    std::map<Hash, SCPQuorumSet> qsets_;
    std::map<Hash, StellarMessage> txSets_;
};

}
