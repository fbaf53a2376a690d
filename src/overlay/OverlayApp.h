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

inline constexpr std::chrono::seconds SEND_LATEST_CHECKPOINT_DELAY{2}; // core: Herder.cpp

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
    // The overlay hands over the envelope it decoded and keeps no copy: an
    // application that holds on to it moves it.
    virtual TxStatus recvTransaction(TransactionEnvelope tx, Hash const& fullHash) = 0;
    virtual std::optional<TransactionEnvelope> getTransaction(Hash const& fullHash) const = 0;
    // Known or banned: a demand for it would be wasted.
    virtual bool isTransactionKnownOrBanned(Hash const& fullHash) const = 0;

    // --- SCP
    enum class EnvelopeStatus
    {
        Ready,     // valid, new and its items are here: processed now; the overlay floods it
        Fetching,  // valid and new, but a tx set or quorum set it names is missing:
                   // not processed; the overlay fetches what hasTxSet / hasQSet
                   // lack and gives the envelope again once they arrived
        Processed, // seen before
        Discarded  // invalid: forget it
    };
    // An envelope from a peer, or one whose items just arrived (core:
    // Herder::recvSCPEnvelope). The items it names are the tx set of each
    // value's StellarValue and its companion quorum set (overlay/ScpStatementItems).
    virtual EnvelopeStatus recvSCPEnvelope(SCPEnvelope const& env) = 0;
    // The overlay let go of an envelope this application accepted, to keep
    // within the bounds of what peers may make it remember of a slot
    // (overlay/ScpRelayShares, E38): forget it too, so that a later copy is
    // judged again. `envelopeHash` is the SHA-256 of the envelope's XDR.
    virtual void forgetSCPEnvelope(uint64_t /*slot*/, Hash const& /*envelopeHash*/) {}
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
    // outbound queue trimming, and fetching for its slot goes on (core:
    // Herder::getMostRecentCheckpointSeq).
    virtual uint32_t
    mostRecentCheckpointSeq() const
    {
        return firstLedgerInCheckpointContaining(trackingLedgerSeq());
    }
    // Envelopes to answer GET_SCP_STATE with, ascending from `fromLedger` (E34),
    // without the slot delayedCheckpointSlot names.
    virtual std::vector<SCPEnvelope> scpStateFrom(uint32_t fromLedger) const = 0;
    // The newest checkpoint's slot when it lies before the slots kept in
    // sequence: a peer catching up must know the network's current slots
    // before it can accept the checkpoint's old close time, so the answer
    // sends it SEND_LATEST_CHECKPOINT_DELAY after the rest, whichever ledger
    // was asked (core: HerderImpl::sendSCPStateToPeer's delayCheckpoint).
    virtual std::optional<uint32_t> delayedCheckpointSlot() const { return std::nullopt; }
    // The latest statements of one slot, in scpStateFrom's order.
    virtual std::vector<SCPEnvelope> scpStateOfSlot(uint64_t) const { return {}; }

    // --- the items envelopes name. The overlay hands over only items it
    // fetched for an envelope: a quorum set that hashes to `hash` and is sane
    // (overlay/QuorumSetSanity), a TX_SET or GENERALIZED_TX_SET whose contents
    // hash is `hash` (overlay/TxSetFrame). False refuses the item: the
    // envelopes waiting for it are discarded.
    virtual bool hasQSet(Hash const& hash) const = 0;
    virtual std::optional<SCPQuorumSet> getQSet(Hash const& hash) const = 0;
    virtual bool recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) = 0;
    virtual bool hasTxSet(Hash const& hash) const = 0;
    // A TX_SET or GENERALIZED_TX_SET message for `hash`, or nothing.
    virtual std::optional<StellarMessage> getTxSetMessage(Hash const& hash) const = 0;
    virtual bool recvTxSet(Hash const& hash, StellarMessage const& txSetMessage) = 0;

    // --- surveys: nodes in the transitive quorum may survey (E15).
    virtual bool isInTransitiveQuorum(NodeID const& node) const = 0;
};

}
