#pragma once
// The demand half of pull-mode flooding (spec 9.5, 9.6; core:
// TxDemandsManager). Every FLOOD_DEMAND_PERIOD_MS it walks the authenticated
// peers in a random order, taking one advertised hash from each in turn, until
// a whole round adds no demand: so the demand load spreads over the peers
// that advertised. Whether a hash is demanded from a peer now is the pure
// function demandStatus(); each hash is asked of at most MAX_RETRY_COUNT
// peers, the n-th retry waiting n * FLOOD_DEMAND_BACKOFF_DELAY_MS (at most
// MAX_DELAY_DEMAND) after the previous demand, and its record goes after
// MAX_DELAY_DEMAND * MAX_RETRY_COUNT * 2 (60 s). A FLOOD_DEMAND we receive is
// answered with one TRANSACTION per hash we hold, and nothing for the rest.

#include "crypto/DigestHasher.h"
#include "overlay/TxAdverts.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <map>
#include <list>
#include <queue>
#include <unordered_map>

namespace stellar
{

class OverlayManager;
class Peer;

inline constexpr int MAX_RETRY_COUNT = 15;                         // core: TxDemandsManager.h
inline constexpr std::chrono::milliseconds MAX_DELAY_DEMAND{2000}; // core: TxDemandsManager.cpp

struct DemandHistory
{
    ClockTime firstDemanded{};
    ClockTime lastDemanded{};
    std::map<uint256, ClockTime> peers; // by the peer's ed25519 key: when we asked it
    bool latencyRecorded = false;
};

enum class DemandStatus
{
    Demand,     // ask this peer now
    RetryLater, // another peer was asked too recently: keep the hash for a later round
    Discard     // known, already asked of this peer, or asked of MAX_RETRY_COUNT peers
};

// Linear backoff: attempts * unit, at most MAX_DELAY_DEMAND.
std::chrono::milliseconds retryDelayDemand(int numAttemptsMade, std::chrono::milliseconds backoffUnit);

// `history` is the hash's demand record (null: never demanded); `known` says
// the application holds or banned the transaction. Same inputs, same answer.
DemandStatus demandStatus(DemandHistory const* history, NodeID const& peer, ClockTime now, bool known,
                          std::chrono::milliseconds backoffUnit);

// Hashes per FLOOD_DEMAND: from the transaction queue's limits (spec 9.5;
// core: TxDemandsManager::getMaxDemandSize).
std::size_t maxDemandSize(FloodRates const& rates, std::size_t maxQueueSizeOps, std::size_t maxQueueSizeSorobanOps,
                          std::chrono::milliseconds demandPeriod);

class TxDemands
{
  public:
    explicit TxDemands(OverlayManager& overlay);
    TxDemands(TxDemands const&) = delete;
    TxDemands& operator=(TxDemands const&) = delete;

    // One round now, then one every FLOOD_DEMAND_PERIOD_MS.
    void start();
    void shutdown();

    // One scheduling round (public so that tests can step it).
    void demand();

    void recvTxDemand(FloodDemand const& demand, Peer& peer);
    // A demanded transaction arrived: how long the pull took, overall and from this peer.
    void recordTxPullLatency(Hash const& fullHash, Peer& peer);

    std::size_t demandRecords() const { return history_.size(); }

  private:
    // What one round asks of one peer.
    struct DemandPlan
    {
        TxDemandVector demand;
        std::list<Hash> retry;
    };
    void purgeOldRecords(ClockTime now);
    // Takes the peer's next advertised hash that is demanded now into its
    // plan (those to retry later go to `retry`); false when none is left.
    bool planOneDemand(Peer& peer, DemandPlan& plan, std::size_t maxSize, ClockTime now);

    OverlayManager& overlay_;
    Timer timer_;
    std::unordered_map<Hash, DemandHistory, crypto::DigestHasher> history_;
    std::queue<Hash> pending_; // the same hashes as history_, oldest first
};

}
