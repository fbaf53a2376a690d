#include "overlay/TxDemands.h"

#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/Peer.h"
#include "util/Log.h"

#include <algorithm>

namespace stellar
{

std::chrono::milliseconds
retryDelayDemand(int numAttemptsMade, std::chrono::milliseconds backoffUnit)
{
    return std::min(numAttemptsMade * backoffUnit, MAX_DELAY_DEMAND);
}

DemandStatus
demandStatus(DemandHistory const* history, NodeID const& peer, ClockTime now, bool known,
             std::chrono::milliseconds backoffUnit)
{
    if (known)
        return DemandStatus::Discard;
    if (!history)
        return DemandStatus::Demand;
    if (history->peers.count(peer.ed25519()))
        return DemandStatus::Discard;
    auto const numDemanded = static_cast<int>(history->peers.size());
    if (numDemanded < MAX_RETRY_COUNT)
    {
        if (now - history->lastDemanded >= retryDelayDemand(numDemanded, backoffUnit))
            return DemandStatus::Demand;
        return DemandStatus::RetryLater;
    }
    return DemandStatus::Discard;
}

std::size_t
maxDemandSize(FloodRates const& rates, std::size_t maxQueueSizeOps, std::size_t maxQueueSizeSorobanOps,
              std::chrono::milliseconds demandPeriod)
{
    auto ops = opsToFloodPerLedger(maxQueueSizeOps, rates.opRatePerLedger) +
               opsToFloodPerLedger(maxQueueSizeSorobanOps, rates.sorobanRatePerLedger);
    return floodBatchSize(ops, demandPeriod, rates.expectedLedgerCloseTime, TX_DEMAND_VECTOR_MAX_SIZE);
}

TxDemands::TxDemands(OverlayManager& overlay) : overlay_(overlay), timer_(overlay.clock())
{
}

void
TxDemands::start()
{
    demand();
}

void
TxDemands::shutdown()
{
    timer_.cancel();
}

void
TxDemands::purgeOldRecords(ClockTime now)
{
    auto const maxRetention = MAX_DELAY_DEMAND * MAX_RETRY_COUNT * 2;
    while (!pending_.empty())
    {
        auto it = history_.find(pending_.front());
        if (now - it->second.firstDemanded < maxRetention)
            break;
        if (!it->second.latencyRecorded)
            overlay_.metrics().counter("overlay.flood.abandoned-demands").inc(); // never received
        pending_.pop();
        history_.erase(it);
    }
}

void
TxDemands::demand()
{
    if (overlay_.isShuttingDown())
        return;
    auto& app = overlay_.app();
    auto const& cfg = overlay_.config();
    auto const now = overlay_.clock().now();
    purgeOldRecords(now);

    // A random order, so that no one peer always takes the demand load; one
    // hash per peer per pass, until a pass adds none.
    auto peers = overlay_.randomAuthenticatedPeers();
    std::vector<DemandPlan> plans(peers.size());
    auto const maxSize = maxDemandSize(overlay_.floodRates(), app.maxQueueSizeOps(), app.maxQueueSizeSorobanOps(),
                                       cfg.FLOOD_DEMAND_PERIOD_MS);
    bool anyNewDemand = true;
    while (anyNewDemand)
    {
        anyNewDemand = false;
        for (std::size_t i = 0; i < peers.size(); ++i)
            anyNewDemand = planOneDemand(*peers[i], plans[i], maxSize, now) || anyNewDemand;
    }

    auto const advertLimit = app.maxTxSetSizeOps();
    for (std::size_t i = 0; i < peers.size(); ++i)
    {
        peers[i]->sendTxDemand(std::move(plans[i].demand));
        peers[i]->txAdverts().retryIncomingAdvert(plans[i].retry, advertLimit);
    }
    timer_.expiresAfter(cfg.FLOOD_DEMAND_PERIOD_MS, [this] { demand(); });
}

bool
TxDemands::planOneDemand(Peer& peer, DemandPlan& plan, std::size_t maxSize, ClockTime now)
{
    auto& app = overlay_.app();
    auto& adverts = peer.txAdverts();
    while (plan.demand.size() < maxSize && adverts.size() > 0)
    {
        auto txHash = adverts.popIncomingAdvert();
        auto it = history_.find(txHash);
        auto status = demandStatus(it == history_.end() ? nullptr : &it->second, *peer.peerID(), now,
                                   app.isTransactionKnownOrBanned(txHash),
                                   overlay_.config().FLOOD_DEMAND_BACKOFF_DELAY_MS);
        if (status == DemandStatus::RetryLater)
            plan.retry.push_back(txHash);
        if (status != DemandStatus::Demand)
            continue;
        plan.demand.push_back(txHash);
        if (it == history_.end())
        {
            pending_.push(txHash);
            it = history_.emplace(txHash, DemandHistory{}).first;
            it->second.firstDemanded = now;
        }
        else
            overlay_.metrics().counter("overlay.demand.timeout").inc();
        it->second.peers.emplace(peer.peerID()->ed25519(), now);
        it->second.lastDemanded = now;
        return true;
    }
    return false;
}

void
TxDemands::recordTxPullLatency(Hash const& fullHash, Peer& peer)
{
    auto it = history_.find(fullHash);
    if (it == history_.end())
        return;
    auto now = overlay_.clock().now();
    if (!it->second.latencyRecorded)
    {
        overlay_.messageMetrics().txPullLatency.update(now - it->second.firstDemanded);
        it->second.latencyRecorded = true;
    }
    if (peer.peerID())
    {
        auto p = it->second.peers.find(peer.peerID()->ed25519());
        if (p != it->second.peers.end())
            overlay_.messageMetrics().peerTxPullLatency.update(now - p->second);
    }
}

void
TxDemands::recvTxDemand(FloodDemand const& demand, Peer& peer)
{
    auto& app = overlay_.app();
    for (auto const& h : demand.txHashes)
    {
        if (auto tx = app.getTransaction(h))
        {
            StellarMessage msg;
            msg.type(TRANSACTION);
            msg.transaction() = std::move(*tx);
            overlay_.messageMetrics().floodFulfilled.inc();
            peer.sendMessage(msg);
        }
        else
        {
            overlay_.messageMetrics().floodUnfulfilledUnknown.inc();
        }
    }
}

}
