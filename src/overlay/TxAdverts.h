#pragma once
// Pull-mode transaction hashes for one peer (spec 9.3, 9.4; core: TxAdverts).
//
// Outgoing: hashes of transactions we have (SHA-256 of the envelope XDR, E12)
// gather in one batch that goes out as a FLOOD_ADVERT when it reaches
// maxAdvertSize hashes or FLOOD_ADVERT_PERIOD_MS after its first hash, a
// one-shot timer started by that hash (E11; v27 flushes at >= the size).
// Incoming: hashes the peer advertised wait in a FIFO, behind a retry list
// that the demand scheduler refills; together they hold at most
// lastMaxTxSetSizeOps hashes, the oldest going first. Every hash the peer
// advertised is also remembered (50,000, random eviction) with the ledger it
// came in, so that we never advertise it back; clearBelow forgets old ledgers.

#include "crypto/DigestHasher.h"
#include "util/Clock.h"
#include "util/RandomEvictionCache.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <vector>

namespace stellar
{

inline constexpr std::size_t ADVERT_CACHE_SIZE = 50000; // core: TxAdverts.cpp
inline constexpr uint32_t SOROBAN_PROTOCOL_VERSION = 20;

// The inputs of the advert and demand size formulas (spec 9.3, 9.5), as the
// application and the operator give them.
struct FloodRates
{
    double opRatePerLedger = 1.0;      // FLOOD_OP_RATE_PER_LEDGER
    double sorobanRatePerLedger = 1.0; // FLOOD_SOROBAN_RATE_PER_LEDGER
    std::chrono::milliseconds expectedLedgerCloseTime{5000};
    uint32_t ledgerProtocolVersion = 0;
};

// core: TxAdverts::getOpsFloodLedger, rate * maxOps rounded down.
int64_t opsToFloodPerLedger(std::size_t maxOps, double rate);
// ceil(opsPerLedger * period / ledgerCloseTime), clamped to [1, maxSize]
// (core: bigDivideOrThrow with ROUND_UP, then std::clamp).
std::size_t floodBatchSize(int64_t opsPerLedger, std::chrono::milliseconds period,
                           std::chrono::milliseconds ledgerCloseTime, std::size_t maxSize);
// Hashes per FLOOD_ADVERT: from the ledger limits (lastMaxTxSetSizeOps and,
// from protocol 20, the Soroban ledgerMaxTxCount). core: TxAdverts::getMaxAdvertSize.
std::size_t maxAdvertSize(FloodRates const& rates, uint32_t maxTxSetSizeOps, uint32_t sorobanLedgerMaxTxCount,
                          std::chrono::milliseconds advertPeriod);

class TxAdverts
{
  public:
    using SendAdvert = std::function<void(TxAdvertVector hashes)>;

    TxAdverts(Clock& clock, std::chrono::milliseconds advertPeriod, SendAdvert send);
    TxAdverts(TxAdverts const&) = delete;
    TxAdverts& operator=(TxAdverts const&) = delete;

    // --- outgoing
    void queueOutgoingAdvert(Hash const& txHash, std::size_t maxAdvertSize);
    std::size_t outgoingSize() const { return outgoing_.size(); }

    // --- incoming
    // Remembers and queues what the peer advertised; returns how many of the
    // hashes it had advertised before (G16 counts those).
    std::size_t queueIncomingAdvert(TxAdvertVector const& hashes, uint32_t ledgerSeq, std::size_t limit);
    // Hashes the demand scheduler will come back to; `hashes` is left empty.
    void retryIncomingAdvert(std::list<Hash>& hashes, std::size_t limit);
    // Hashes waiting to be demanded, retries included.
    std::size_t size() const { return incoming_.size() + retry_.size(); }
    // Retries first, then the oldest advert. Precondition: size() > 0.
    Hash popIncomingAdvert();

    // The peer advertised this hash to us (and we must not advertise it back).
    bool seenAdvert(Hash const& hash) const { return history_.exists(hash); }
    void clearBelow(uint32_t ledgerSeq);
    void shutdown();

  private:
    void flushAdvert();

    std::chrono::milliseconds advertPeriod_;
    SendAdvert send_;
    Timer advertTimer_;
    TxAdvertVector outgoing_;
    std::deque<Hash> incoming_;
    std::list<Hash> retry_;
    RandomEvictionCache<Hash, uint32_t, crypto::DigestHasher> history_{ADVERT_CACHE_SIZE};
};

}
