#pragma once
// The transactions a node holds: to answer its peers' FLOOD_DEMANDs and to
// build the next ledger's tx set when it is a test ledger clock (core:
// TransactionQueue, without what needs a ledger: accounts, sequence numbers,
// fees). Its rules, core's:
//  - it is bounded: at most maxClassicOps classic operations and
//    maxSorobanTxs Soroban transactions (core: TRANSACTION_QUEUE_SIZE_MULTIPLIER
//    times the ledger's limits); what does not fit is refused, not evicted
//    (there are no fees to compare);
//  - a transaction leaves when a tx set that includes it is externalized,
//    and is then banned (core: TransactionQueue::removeApplied);
//  - a transaction that stays through TRANSACTION_QUEUE_TIMEOUT_LEDGERS
//    ledger closes without being included leaves and is banned
//    (core: TransactionQueue::shift);
//  - a banned hash is remembered for TRANSACTION_QUEUE_BAN_LEDGERS ledger
//    closes: offered again, it is refused, and it is never demanded.
// The test ledger clock takes candidates oldest first.

#include "crypto/DigestHasher.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <array>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace stellar
{

inline constexpr uint32_t TRANSACTION_QUEUE_TIMEOUT_LEDGERS = 4; // core: HerderImpl.cpp
inline constexpr uint32_t TRANSACTION_QUEUE_BAN_LEDGERS = 10;    // core: HerderImpl.cpp
inline constexpr uint32_t TRANSACTION_QUEUE_SIZE_MULTIPLIER = 2; // core: Config default

class TxPool
{
  public:
    struct Limits
    {
        uint64_t maxClassicOps = 0;
        uint64_t maxSorobanTxs = 0;
    };
    // core: TransactionQueue::AddResultCode, the codes a node without a
    // ledger can reach.
    enum class AddResult
    {
        Pending,      // ADD_STATUS_PENDING: new, to be flooded
        Duplicate,    // ADD_STATUS_DUPLICATE
        TryAgainLater // ADD_STATUS_TRY_AGAIN_LATER: banned, or the pool is full
    };
    struct Entry
    {
        TransactionEnvelope tx;
        uint32_t ops = 0;
        bool soroban = false;
        uint64_t addedAtShift = 0;
        ClockTime added{};
    };

    explicit TxPool(Limits limits) : limits_(limits) {}

    AddResult tryAdd(TransactionEnvelope tx, Hash const& fullHash, ClockTime now);
    Entry const* find(Hash const& fullHash) const;
    bool contains(Hash const& fullHash) const { return entries_.count(fullHash) != 0; }
    bool isBanned(Hash const& fullHash) const;

    // A tx set holding these was externalized: they leave and are banned.
    // Returns how long each one that was here had waited.
    std::vector<ClockDuration> removeApplied(std::vector<Hash> const& fullHashes, ClockTime now);
    // One ledger closed: transactions age, the oldest leave (banned), the
    // oldest ban generation is forgotten. Returns how many left.
    std::size_t shift();

    // Oldest first, for the ledger clock.
    std::vector<std::pair<TransactionEnvelope const*, Hash>> candidates() const;

    std::size_t size() const { return entries_.size(); }
    uint64_t classicOps() const { return classicOps_; }
    uint64_t sorobanTxs() const { return sorobanTxs_; }
    // How many transactions have waited 0, 1, ... ledger closes (core: the
    // herder.pending-txs.ageN counters).
    std::array<std::size_t, TRANSACTION_QUEUE_TIMEOUT_LEDGERS> sizeByAge() const;
    Limits const& limits() const { return limits_; }
    // The ledger's limits changed (an upgrade): what is pooled stays, what
    // comes next must fit the new bounds (core: TransactionQueue reads the
    // limits from the last closed ledger).
    void setLimits(Limits limits) { limits_ = limits; }

  private:
    void erase(Hash const& fullHash);
    void ban(Hash const& fullHash) { bans_.front().insert(fullHash); }
    void compactOrder();

    Limits limits_;
    std::unordered_map<Hash, Entry, crypto::DigestHasher> entries_;
    // Insertion order; entries removed out of order stay until compacted.
    std::deque<std::pair<Hash, uint64_t>> order_;
    uint64_t shifts_ = 0;
    uint64_t classicOps_ = 0;
    uint64_t sorobanTxs_ = 0;
    std::deque<std::unordered_set<Hash, crypto::DigestHasher>> bans_ =
        std::deque<std::unordered_set<Hash, crypto::DigestHasher>>(TRANSACTION_QUEUE_BAN_LEDGERS);
};

}
