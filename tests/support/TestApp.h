#pragma once
// A scripted OverlayApp for tests: every answer is a field the test sets, and
// every call the overlay makes is recorded, so that a test can assert what
// the overlay asked and what it did with the answers.

#include "crypto/SHA.h"
#include "overlay/OverlayApp.h"

#include <map>
#include <vector>

namespace stellar::test
{

class TestApp : public OverlayApp
{
  public:
    // --- answers
    uint32_t tracking = 10;
    bool synced = true;
    uint32_t maxTx = 102400;
    uint32_t maxTxSetOps = 1000;
    uint32_t sorobanMaxTxCount = 100;
    std::chrono::milliseconds ledgerClose{5000};
    TxStatus txStatus = TxStatus::Accepted; // for transactions not seen before
    EnvelopeStatus envelopeStatus = EnvelopeStatus::Ready;
    std::map<Hash, TransactionEnvelope> txs;
    std::map<Hash, SCPQuorumSet> qsets;
    std::map<Hash, StellarMessage> txSets;
    std::vector<SCPEnvelope> scpState;
    std::vector<NodeID> quorum;

    // --- what the overlay did
    std::vector<TransactionEnvelope> receivedTxs;
    std::vector<SCPEnvelope> receivedEnvelopes;
    std::vector<std::pair<MessageType, Hash>> dontHaves;
    std::vector<uint32_t> scpStateRequests;

    uint32_t trackingLedgerSeq() const override { return tracking; }
    bool isSynced() const override { return synced; }
    uint32_t minLedgerSeqToAskPeers() const override { return tracking > 3 ? tracking - 3 : 1; }
    uint32_t minLedgerSeqToRemember() const override { return tracking > 12 ? tracking - 11 : 1; }
    std::chrono::milliseconds expectedLedgerCloseTime() const override { return ledgerClose; }
    uint32_t ledgerProtocolVersion() const override { return 25; }
    uint32_t maxTxSize() const override { return maxTx; }
    uint32_t maxTxSetSizeOps() const override { return maxTxSetOps; }
    uint32_t sorobanLedgerMaxTxCount() const override { return sorobanMaxTxCount; }
    std::size_t maxQueueSizeOps() const override { return 2 * maxTxSetOps; }
    std::size_t maxQueueSizeSorobanOps() const override { return 2 * sorobanMaxTxCount; }

    TxStatus
    recvTransaction(TransactionEnvelope const& tx, Hash const& fullHash) override
    {
        receivedTxs.push_back(tx);
        if (txs.count(fullHash))
            return TxStatus::Duplicate;
        if (txStatus == TxStatus::Accepted)
            txs.emplace(fullHash, tx);
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
        return envelopeStatus;
    }
    std::vector<SCPEnvelope>
    scpStateFrom(uint32_t fromLedger) const override
    {
        const_cast<TestApp*>(this)->scpStateRequests.push_back(fromLedger);
        return scpState;
    }
    std::optional<SCPQuorumSet>
    getQSet(Hash const& hash) const override
    {
        auto it = qsets.find(hash);
        return it == qsets.end() ? std::nullopt : std::optional(it->second);
    }
    void recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset) override { qsets[hash] = qset; }
    std::optional<StellarMessage>
    getTxSetMessage(Hash const& hash) const override
    {
        auto it = txSets.find(hash);
        return it == txSets.end() ? std::nullopt : std::optional(it->second);
    }
    void recvTxSet(Hash const& hash, StellarMessage const& msg) override { txSets[hash] = msg; }
    void peerDoesntHave(MessageType type, Hash const& hash, NodeID const&) override { dontHaves.emplace_back(type, hash); }
    bool
    isInTransitiveQuorum(NodeID const& node) const override
    {
        return std::find(quorum.begin(), quorum.end(), node) != quorum.end();
    }
};

}
