#pragma once
// Signed payment transactions as stellar-core's load generator makes them
// (core: TxGenerator::paymentTransaction with txtest::payment and
// transactionFromOperationsV1): an ENVELOPE_TYPE_TX envelope from one test
// account to the next, one PAYMENT of 1 stroop of the native asset, fee
// 100 per operation, the source's next sequence number, signed by the source
// over SHA-256(networkID, ENVELOPE_TYPE_TX, tx) with the key's last four
// bytes as hint. The accounts' keys derive from a seed, so runs repeat.
// Nothing checks them against a ledger: a node without one relays them.

#include "crypto/SecretKey.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <vector>

namespace stellar
{

struct SignedTransaction
{
    TransactionEnvelope envelope;
    Hash fullHash{}; // SHA-256 of the envelope's XDR, what adverts carry
};

class TxGenerator
{
  public:
    static constexpr uint32_t BASE_FEE = 100; // core: the genesis ledger's base fee

    TxGenerator(Hash networkID, uint32_t accounts, uint64_t seed);

    // The next payment: account i pays account i+1, round robin.
    SignedTransaction payment();
    uint32_t accounts() const { return static_cast<uint32_t>(keys_.size()); }
    uint64_t generated() const { return generated_; }

  private:
    Hash networkID_;
    std::vector<crypto::SecretKey> keys_;
    std::vector<int64_t> nextSeq_;
    uint64_t generated_ = 0;
};

// core: TransactionFrame::getContentsHash, the hash a source signs.
Hash transactionContentsHash(Hash const& networkID, Transaction const& tx);
// Adds the source's signature (core: TransactionFrame::addSignature).
void signTransaction(crypto::SecretKey const& key, Hash const& networkID, TransactionEnvelope& envelope);

}
