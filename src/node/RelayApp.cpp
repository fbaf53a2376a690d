#include "node/RelayApp.h"

#include "crypto/SHA.h"
#include "crypto/SecretKey.h"
#include "xdr/Codec.h"

#include <algorithm>

namespace stellar
{

RelayApp::RelayApp(RelayAppConfig config, Clock& clock) : config_(std::move(config)), clock_(clock)
{
}

bool
RelayApp::isSynced() const
{
    if (config_.quorumValidators.empty())
        return true;
    // In sync while validators keep externalizing: silence for three ledger
    // times means we lost the network.
    return lastExternalize_ && clock_.now() - *lastExternalize_ < 3 * config_.expectedLedgerCloseTime;
}

uint32_t
RelayApp::minLedgerSeqToAskPeers() const
{
    // core: HerderImpl::getMinLedgerSeqToAskPeers asks a few slots back.
    return trackingLedger_ > 3 ? trackingLedger_ - 3 : 1;
}

uint32_t
RelayApp::minLedgerSeqToRemember() const
{
    return trackingLedger_ > MAX_SLOTS_TO_REMEMBER ? trackingLedger_ - MAX_SLOTS_TO_REMEMBER + 1 : 1;
}

OverlayApp::TxStatus
RelayApp::recvTransaction(TransactionEnvelope const& tx, Hash const& fullHash)
{
    if (txs_.count(fullHash))
        return TxStatus::Duplicate;
    if (xdr::encodedSize(tx) > config_.maxTxSize)
        return TxStatus::Rejected;
    txs_.emplace(fullHash, tx);
    txOrder_.push_back(fullHash);
    while (txs_.size() > config_.maxPooledTransactions)
    {
        txs_.erase(txOrder_.front());
        txOrder_.pop_front();
    }
    return TxStatus::Accepted;
}

std::optional<TransactionEnvelope>
RelayApp::getTransaction(Hash const& fullHash) const
{
    auto it = txs_.find(fullHash);
    if (it == txs_.end())
        return std::nullopt;
    return it->second;
}

bool
RelayApp::isTransactionKnownOrBanned(Hash const& fullHash) const
{
    return txs_.count(fullHash) != 0;
}

bool
RelayApp::verifyEnvelope(SCPEnvelope const& env) const
{
    // Signed over XDR(networkID, ENVELOPE_TYPE_SCP, statement) (core: HerderImpl::verifyEnvelope).
    xdr::XdrWriter w;
    w.writeFixedOpaque(config_.networkID.data(), config_.networkID.size());
    w.writeInt32(ENVELOPE_TYPE_SCP);
    xdr::encode(w, env.statement);
    auto bytes = w.take();
    return crypto::verifySignature(env.statement.nodeID.ed25519(), env.signature, bytes);
}

OverlayApp::EnvelopeStatus
RelayApp::recvSCPEnvelope(SCPEnvelope const& env)
{
    auto hash = crypto::sha256(xdr::toBytes(env));
    if (seenEnvelopes_.count(hash))
        return EnvelopeStatus::Processed;
    auto slot = env.statement.slotIndex;
    // Too old to matter, or absurdly far ahead of what we track.
    if (slot < minLedgerSeqToRemember() || (trackingLedger_ > 0 && slot > trackingLedger_ + 1000))
        return EnvelopeStatus::Discarded;
    if (!verifyEnvelope(env))
        return EnvelopeStatus::Discarded;
    seenEnvelopes_.insert(hash);
    envelopesBySlot_[slot].push_back(env);

    if (env.statement.pledges.type() == SCP_ST_EXTERNALIZE)
    {
        bool counts = config_.quorumValidators.empty() ||
                      std::find(config_.quorumValidators.begin(), config_.quorumValidators.end(),
                                env.statement.nodeID) != config_.quorumValidators.end();
        if (counts && slot >= trackingLedger_)
        {
            trackingLedger_ = static_cast<uint32_t>(slot) + 1; // consensus moves on to the next ledger
            lastExternalize_ = clock_.now();
            forgetOldSlots();
        }
    }
    return EnvelopeStatus::Ready;
}

void
RelayApp::forgetOldSlots()
{
    auto keepFrom = minLedgerSeqToRemember();
    for (auto it = envelopesBySlot_.begin(); it != envelopesBySlot_.end() && it->first < keepFrom;)
    {
        for (auto const& env : it->second)
            seenEnvelopes_.erase(crypto::sha256(xdr::toBytes(env)));
        it = envelopesBySlot_.erase(it);
    }
}

std::vector<SCPEnvelope>
RelayApp::scpStateFrom(uint32_t fromLedger) const
{
    std::vector<SCPEnvelope> out;
    for (auto it = envelopesBySlot_.lower_bound(fromLedger); it != envelopesBySlot_.end(); ++it)
        out.insert(out.end(), it->second.begin(), it->second.end());
    return out;
}

std::optional<SCPQuorumSet>
RelayApp::getQSet(Hash const& hash) const
{
    auto it = qsets_.find(hash);
    if (it == qsets_.end())
        return std::nullopt;
    return it->second;
}

void
RelayApp::recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset)
{
    if (qsets_.size() < 1000)
        qsets_.emplace(hash, qset);
}

std::optional<StellarMessage>
RelayApp::getTxSetMessage(Hash const& hash) const
{
    auto it = txSets_.find(hash);
    if (it == txSets_.end())
        return std::nullopt;
    return it->second;
}

void
RelayApp::recvTxSet(Hash const& hash, StellarMessage const& txSetMessage)
{
    if (txSets_.size() >= 2 * MAX_SLOTS_TO_REMEMBER)
        txSets_.erase(txSets_.begin());
    txSets_.emplace(hash, txSetMessage);
}

bool
RelayApp::isInTransitiveQuorum(NodeID const& node) const
{
    return std::find(config_.quorumValidators.begin(), config_.quorumValidators.end(), node) !=
           config_.quorumValidators.end();
}

}
