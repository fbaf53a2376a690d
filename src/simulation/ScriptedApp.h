#pragma once
// A scripted OverlayApp for tests, simulations and benchmarks: every answer
// is a field the caller sets, and every call the overlay makes is recorded,
// so that a test can assert what the overlay asked and what it did with the
// answers. Like a real herder it judges a transaction or an envelope it has
// already accepted as a duplicate (Duplicate / Processed), so that flooding
// stops where it should. With `needsItems`, it holds an envelope back
// (Fetching) until every tx set and quorum set it names is in txSets / qsets,
// as a real herder does.

#include "crypto/DigestHasher.h"
#include "crypto/SHA.h"
#include "overlay/OverlayApp.h"
#include "overlay/ScpStatementItems.h"
#include "xdr/Codec.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace stellar::simulation
{

class ScriptedApp : public OverlayApp
{
  public:
    // --- answers
    uint32_t tracking = 10;
    bool synced = true;
    uint32_t maxTx = 102400;
    uint32_t maxTxSetOps = 1000;
    uint32_t sorobanMaxTxCount = 100;
    uint32_t protocolVersion = 25;
    std::chrono::milliseconds ledgerClose{5000};
    TxStatus txStatus = TxStatus::Accepted; // for transactions not seen before
    EnvelopeStatus envelopeStatus = EnvelopeStatus::Ready; // for envelopes not seen before
    bool needsItems = false; // Fetching until the items an envelope names are here
    bool acceptItems = true; // what recvTxSet / recvSCPQuorumSet answer
    std::unordered_map<Hash, TransactionEnvelope, crypto::DigestHasher> txs;
    std::map<Hash, SCPQuorumSet> qsets;
    std::map<Hash, StellarMessage> txSets;
    std::vector<SCPEnvelope> scpState;
    std::vector<NodeID> quorum;

    // --- hooks, called before the answer is given (a hook may throw: tests
    // use that to play a failing application)
    std::function<void(TransactionEnvelope const&, Hash const& fullHash)> onTransaction;
    std::function<void(SCPEnvelope const&)> onEnvelope;
    // Called once per transaction / envelope accepted as new.
    std::function<void(Hash const& fullHash)> onAcceptedTransaction;
    std::function<void(SCPEnvelope const&)> onAcceptedEnvelope;

    // --- what the overlay did
    std::vector<SCPEnvelope> receivedEnvelopes;
    std::unordered_set<Hash, crypto::DigestHasher> acceptedEnvelopes; // SHA-256 of each envelope accepted as new
    std::vector<Hash> forgottenEnvelopes; // every forgetSCPEnvelope, in order
    std::vector<Hash> txSetsReceived; // every recvTxSet, in order
    std::vector<Hash> qsetsReceived;  // every recvSCPQuorumSet, in order
    std::vector<uint32_t> scpStateRequests;

    uint32_t trackingLedgerSeq() const override { return tracking; }
    bool isSynced() const override { return synced; }
    uint32_t minLedgerSeqToAskPeers() const override { return tracking > 3 ? tracking - 3 : 1; }
    uint32_t minLedgerSeqToRemember() const override { return tracking > 12 ? tracking - 11 : 1; }
    std::chrono::milliseconds expectedLedgerCloseTime() const override { return ledgerClose; }
    uint32_t ledgerProtocolVersion() const override { return protocolVersion; }
    uint32_t maxTxSize() const override { return maxTx; }
    uint32_t maxTxSetSizeOps() const override { return maxTxSetOps; }
    uint32_t sorobanLedgerMaxTxCount() const override { return sorobanMaxTxCount; }
    std::size_t maxQueueSizeOps() const override { return 2 * maxTxSetOps; }
    std::size_t maxQueueSizeSorobanOps() const override { return 2 * sorobanMaxTxCount; }

    TxStatus
    recvTransaction(TransactionEnvelope tx, Hash const& fullHash) override
    {
        if (onTransaction)
            onTransaction(tx, fullHash);
        if (txs.count(fullHash))
            return TxStatus::Duplicate;
        if (txStatus == TxStatus::Accepted)
        {
            txs.emplace(fullHash, std::move(tx));
            if (onAcceptedTransaction)
                onAcceptedTransaction(fullHash);
        }
        return txStatus;
    }
    std::optional<TransactionEnvelope>
    getTransaction(Hash const& fullHash) const override
    {
        auto it = txs.find(fullHash);
        return it == txs.end() ? std::nullopt : std::optional(it->second);
    }
    bool isTransactionKnownOrBanned(Hash const& fullHash) const override { return txs.count(fullHash) != 0; }

    EnvelopeStatus
    recvSCPEnvelope(SCPEnvelope const& env) override
    {
        receivedEnvelopes.push_back(env);
        if (onEnvelope)
            onEnvelope(env);
        auto hash = crypto::sha256(xdr::toBytes(env));
        if (acceptedEnvelopes.count(hash))
            return EnvelopeStatus::Processed;
        if (envelopeStatus != EnvelopeStatus::Ready)
            return envelopeStatus;
        if (needsItems && !hasItemsOf(env.statement))
            return EnvelopeStatus::Fetching;
        acceptedEnvelopes.insert(hash);
        if (onAcceptedEnvelope)
            onAcceptedEnvelope(env);
        return EnvelopeStatus::Ready;
    }
    void
    forgetSCPEnvelope(uint64_t, Hash const& envelopeHash) override
    {
        acceptedEnvelopes.erase(envelopeHash);
        forgottenEnvelopes.push_back(envelopeHash);
    }
    bool
    hasItemsOf(SCPStatement const& st) const
    {
        auto hashes = txSetHashes(st);
        return hasQSet(companionQuorumSetHash(st)) && hashes &&
               std::all_of(hashes->begin(), hashes->end(), [&](Hash const& h) { return hasTxSet(h); });
    }
    std::vector<SCPEnvelope>
    scpStateFrom(uint32_t fromLedger) const override
    {
        const_cast<ScriptedApp*>(this)->scpStateRequests.push_back(fromLedger);
        return scpState;
    }
    bool hasQSet(Hash const& hash) const override { return qsets.count(hash) != 0; }
    std::optional<SCPQuorumSet>
    getQSet(Hash const& hash) const override
    {
        auto it = qsets.find(hash);
        return it == qsets.end() ? std::nullopt : std::optional(it->second);
    }
    bool
    recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) override
    {
        qsetsReceived.push_back(hash);
        if (acceptItems)
            qsets[hash] = qset;
        return acceptItems;
    }
    bool hasTxSet(Hash const& hash) const override { return txSets.count(hash) != 0; }
    std::optional<StellarMessage>
    getTxSetMessage(Hash const& hash) const override
    {
        auto it = txSets.find(hash);
        return it == txSets.end() ? std::nullopt : std::optional(it->second);
    }
    bool
    recvTxSet(Hash const& hash, StellarMessage const& msg) override
    {
        txSetsReceived.push_back(hash);
        if (acceptItems)
            txSets[hash] = msg;
        return acceptItems;
    }
    bool
    isInTransitiveQuorum(NodeID const& node) const override
    {
        return std::find(quorum.begin(), quorum.end(), node) != quorum.end();
    }
};

}
