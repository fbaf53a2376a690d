#include "node/TxGenerator.h"

#include "crypto/SHA.h"
#include "xdr/Codec.h"

#include <string>

namespace stellar
{

Hash
transactionContentsHash(Hash const& networkID, Transaction const& tx)
{
    // XDR of TransactionSignaturePayload{networkId, taggedTransaction = (ENVELOPE_TYPE_TX, tx)}.
    xdr::XdrWriter w;
    xdr::encode(w, networkID);
    xdr::encode(w, static_cast<int32_t>(ENVELOPE_TYPE_TX));
    xdr::encode(w, tx);
    return crypto::sha256(w.take());
}

void
signTransaction(crypto::SecretKey const& key, Hash const& networkID, TransactionEnvelope& envelope)
{
    auto hash = transactionContentsHash(networkID, envelope.v1().tx);
    auto signature = key.sign(hash);
    DecoratedSignature sig;
    auto const& pub = key.publicKey();
    std::copy(pub.end() - 4, pub.end(), sig.hint.begin());
    sig.signature.assign(signature.begin(), signature.end());
    envelope.v1().signatures.push_back(std::move(sig));
}

TxGenerator::TxGenerator(Hash networkID, uint32_t accounts, uint64_t seed) : networkID_(networkID)
{
    keys_.reserve(accounts);
    for (uint32_t i = 0; i < accounts; ++i)
    {
        auto material = "stellar-overlay loadgen account " + std::to_string(seed) + "/" + std::to_string(i);
        keys_.push_back(crypto::SecretKey::fromSeed(
            crypto::sha256(std::span(reinterpret_cast<uint8_t const*>(material.data()), material.size()))));
        // core: a new account's sequence number is its creation ledger << 32.
        nextSeq_.push_back((int64_t(2) << 32) + 1);
    }
}

SignedTransaction
TxGenerator::payment()
{
    auto n = keys_.size();
    auto from = static_cast<std::size_t>(generated_ % n);
    auto to = (from + 1) % n;
    ++generated_;

    SignedTransaction out;
    auto& env = out.envelope;
    env.type(ENVELOPE_TYPE_TX);
    auto& tx = env.v1().tx;
    tx.sourceAccount.type(KEY_TYPE_ED25519);
    tx.sourceAccount.ed25519() = keys_[from].publicKey();
    tx.fee = BASE_FEE;
    tx.seqNum = nextSeq_[from]++;
    auto& op = tx.operations.emplace_back();
    op.body.type(PAYMENT);
    op.body.paymentOp().destination.type(KEY_TYPE_ED25519);
    op.body.paymentOp().destination.ed25519() = keys_[to].publicKey();
    op.body.paymentOp().asset.type(ASSET_TYPE_NATIVE);
    op.body.paymentOp().amount = 1;
    signTransaction(keys_[from], networkID_, env);
    out.fullHash = crypto::sha256(xdr::toBytes(env));
    return out;
}

}
