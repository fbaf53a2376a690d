#pragma once
// The one boundary between the overlay and the application that embeds it
// (stellar-core's Herder, LedgerManager and TransactionQueue play this part).
// The overlay asks here before it floods anything, and answers peers' queries
// from here. The standalone node implements it as RelayApp; tests implement it
// with a scripted fake. The overlay never reaches around it.

#include "overlay/ScpStatementOrder.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace stellar
{

class OverlayApp
{
  public:
    virtual ~OverlayApp() = default;

    // --- ledger and consensus state
    // The ledger consensus is tracking (core: Herder::trackingConsensusLedgerIndex).
    virtual uint32_t trackingLedgerSeq() const = 0;
    // False while the node catches up: TRANSACTION, FLOOD_ADVERT and
    // FLOOD_DEMAND from peers are ignored then (core: LedgerManager::isSynced, E20),
    // and the overlay rotates outbound peers (G8).
    virtual bool isSynced() const = 0;
    // First ledger to ask peers about after AUTH (core: getMinLedgerSeqToAskPeers, E34).
    virtual uint32_t minLedgerSeqToAskPeers() const = 0;
    // Oldest ledger whose flood records are kept (core: getMinLedgerSeqToRemember, E10).
    virtual uint32_t minLedgerSeqToRemember() const = 0;
    virtual std::chrono::milliseconds expectedLedgerCloseTime() const = 0;
    virtual uint32_t ledgerProtocolVersion() const = 0;

    // --- limits that size flow control and pull-mode batches
    virtual uint32_t maxTxSize() const = 0;          // bytes (spec 5.4)
    virtual uint32_t maxTxSetSizeOps() const = 0;    // lastMaxTxSetSizeOps
    virtual uint32_t sorobanLedgerMaxTxCount() const = 0;
    virtual std::size_t maxQueueSizeOps() const = 0; // TxQueueLimiter sizes (demand batches)
    virtual std::size_t maxQueueSizeSorobanOps() const = 0;

    // --- transactions (pull mode)
    enum class TxStatus
    {
        Accepted,  // new: flood it
        Duplicate, // already held
        Rejected   // invalid, banned or over limits
    };
    // `fullHash` is SHA-256 of the envelope XDR, what adverts carry (E12).
    virtual TxStatus recvTransaction(TransactionEnvelope const& tx, Hash const& fullHash) = 0;
    virtual std::optional<TransactionEnvelope> getTransaction(Hash const& fullHash) const = 0;
    // Known or banned: a demand for it would be wasted.
    virtual bool isTransactionKnownOrBanned(Hash const& fullHash) const = 0;

    // --- SCP
    enum class EnvelopeStatus
    {
        Ready,     // valid and new: flood it
        Fetching,  // waiting for its tx set or quorum set: flood when ready
        Processed, // seen before
        Discarded  // invalid: forget it
    };
    virtual EnvelopeStatus recvSCPEnvelope(SCPEnvelope const& env) = 0;
    // Whether `newer` supersedes `older` (same node and slot), so that an
    // outbound SCP queue keeps only the newest (core:
    // Herder::isNewerNominationOrBallotSt). The default applies SCP's
    // statement order; core also answers false for a slot it no longer has.
    virtual bool
    isNewerNominationOrBallotSt(SCPStatement const& older, SCPStatement const& newer) const
    {
        return stellar::isNewerNominationOrBallotSt(older, newer);
    }
    // The first ledger of the newest checkpoint: its SCP messages survive
    // outbound queue trimming (core: Herder::getMostRecentCheckpointSeq).
    virtual uint32_t
    mostRecentCheckpointSeq() const
    {
        return firstLedgerInCheckpointContaining(trackingLedgerSeq());
    }
    // Envelopes to answer GET_SCP_STATE with, ascending from `fromLedger` (E34).
    virtual std::vector<SCPEnvelope> scpStateFrom(uint32_t fromLedger) const = 0;
    virtual std::optional<SCPQuorumSet> getQSet(Hash const& hash) const = 0;
    virtual void recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) = 0;
    // A TX_SET or GENERALIZED_TX_SET message for `hash`, or nothing.
    virtual std::optional<StellarMessage> getTxSetMessage(Hash const& hash) const = 0;
    virtual void recvTxSet(Hash const& hash, StellarMessage const& txSetMessage) = 0;
    virtual void peerDoesntHave(MessageType type, Hash const& hash, NodeID const& peer) = 0;

    // --- surveys: nodes in the transitive quorum may survey (E15).
    virtual bool isInTransitiveQuorum(NodeID const& node) const = 0;
};

}
