#pragma once
// G16, beyond stellar-core: a per-peer budget for flood traffic that granted
// capacity does not explain. Flow control bounds how many flood messages a
// peer sends, not what is in them: one FLOOD_ADVERT or FLOOD_DEMAND of 1,000
// hashes costs one message of credit. An honest peer (stellar-core's rules)
// advertises a hash to us at most once while its flood record lives (E10) and
// never demands a hash from us again within the 60 s its demand record lives.
// So each hash that breaks those rules is "unexplained":
//   - a FLOOD_ADVERT hash this peer already advertised to us (still in its
//     advert history), or twice in one advert;
//   - a FLOOD_DEMAND hash this peer already demanded from us less than
//     DEMAND_RECORD_RETENTION ago, or twice in one demand.
// A peer gets PEER_UNEXPLAINED_FLOOD_BUDGET of them per query window (the
// fixed window of QueryLimiter.h: 60 s with 5 s ledgers); the one that goes
// over is dropped with ERR_LOAD "too much unexplained flood traffic". 0 turns
// the budget off. The default (10,000) leaves an honest peer far inside it:
// races between adverts crossing on the wire are not counted at all.

#include "crypto/DigestHasher.h"
#include "overlay/QueryLimiter.h"
#include "util/RandomEvictionCache.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <vector>

namespace stellar
{

// How long we remember what a peer demanded: as long as a demander keeps its
// own record (core: TxDemandsManager, MAX_DELAY_DEMAND * MAX_RETRY_COUNT * 2).
inline constexpr std::chrono::seconds DEMAND_RECORD_RETENTION{60};
// Hashes remembered per peer (core's advert history has the same bound).
inline constexpr std::size_t DEMAND_HISTORY_SIZE = 50000;

class FloodBudget
{
  public:
    explicit FloodBudget(uint32_t budget);

    // Counts `items` unexplained items; false once the window's total is over
    // the budget (the peer is to be dropped).
    bool spend(uint64_t items, ClockTime now, ClockDuration window);

    // Remembers the hashes of one FLOOD_DEMAND from the peer and returns how
    // many of them are repeats.
    uint64_t countRepeatedDemands(std::vector<Hash> const& hashes, ClockTime now);

    uint64_t spentInWindow() const { return window_.count; }

  private:
    uint32_t budget_;
    QueryWindow window_;
    RandomEvictionCache<Hash, ClockTime, crypto::DigestHasher> demanded_{DEMAND_HISTORY_SIZE};
};

}
