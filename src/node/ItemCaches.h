#pragma once
// The items SCP statements reference, kept to use them and to answer peers'
// GET_TX_SET and GET_SCP_QUORUMSET (core: PendingEnvelopes' tx set and
// quorum set caches). Both are bounded. Whoever adds an item has checked it
// is what its hash names: a tx set under its contents hash
// (overlay/TxSetFrame), a quorum set under the SHA-256 of its XDR and sane.
//  - TxSetCache keeps at most maxCount sets and maxBytes of XDR, the oldest
//    added leaving first;
//  - QuorumSetCache keeps at most QSET_CACHE_SIZE sets, evicting as core's
//    RandomEvictionCache does; the node's own quorum set is always there.

#include "crypto/DigestHasher.h"
#include "util/RandomEvictionCache.h"
#include "xdr/StellarXdr.h"

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>

namespace stellar
{

inline constexpr std::size_t QSET_CACHE_SIZE = 10000; // core: PendingEnvelopes.cpp

class TxSetCache
{
  public:
    TxSetCache(std::size_t maxCount, std::size_t maxBytes) : maxCount_(maxCount), maxBytes_(maxBytes) {}

    // `msg` is a TX_SET or GENERALIZED_TX_SET whose contents hash is `hash`.
    // False when it was already here.
    bool add(Hash const& hash, StellarMessage msg);
    std::shared_ptr<StellarMessage const> find(Hash const& hash) const;
    bool contains(Hash const& hash) const { return sets_.count(hash) != 0; }
    std::size_t size() const { return sets_.size(); }
    std::size_t bytes() const { return bytes_; }

  private:
    struct Held
    {
        std::shared_ptr<StellarMessage const> msg;
        std::size_t bytes = 0;
    };
    std::size_t maxCount_, maxBytes_;
    std::size_t bytes_ = 0;
    std::unordered_map<Hash, Held, crypto::DigestHasher> sets_;
    std::deque<Hash> order_; // oldest first
};

class QuorumSetCache
{
  public:
    QuorumSetCache(Hash localHash, SCPQuorumSet local) : localHash_(localHash), local_(std::move(local)) {}

    void add(Hash const& hash, SCPQuorumSet const& qset) { cache_.put(hash, qset); }
    std::optional<SCPQuorumSet> find(Hash const& hash) const;
    bool contains(Hash const& hash) const { return hash == localHash_ || cache_.exists(hash); }

  private:
    Hash localHash_;
    SCPQuorumSet local_;
    RandomEvictionCache<Hash, SCPQuorumSet, crypto::DigestHasher> cache_{QSET_CACHE_SIZE};
};

}
