#include "simulation/FloodObserver.h"

#include "crypto/SHA.h"
#include "simulation/Traffic.h"
#include "xdr/Codec.h"

#include <algorithm>
#include <cmath>

namespace stellar::simulation
{

namespace
{
Hash
envelopeKey(SCPEnvelope const& env)
{
    return crypto::sha256(xdr::toBytes(env));
}
}

FloodObserver::FloodObserver(Simulation& sim)
    : sim_(sim), txs_(sim, "overlay.recv-transaction.count"), envelopes_(sim, "overlay.recv.scp-message")
{
    for (std::size_t i = 0; i < sim_.size(); ++i)
    {
        auto& app = sim_.node(i).app();
        app.onAcceptedTransaction = [this, i](Hash const& h) { txs_.accepted(h, i, sim_.clock().now()); };
        app.onAcceptedEnvelope = [this, i](SCPEnvelope const& env) {
            envelopes_.accepted(envelopeKey(env), i, sim_.clock().now());
        };
    }
}

Hash
FloodObserver::submitTransaction(std::size_t node, TransactionEnvelope const& tx)
{
    auto hash = fullHash(tx);
    txs_.submitted(hash, node, sim_.clock().now());
    auto& n = sim_.node(node);
    if (n.app().recvTransaction(tx, hash) == OverlayApp::TxStatus::Accepted)
        n.overlay().broadcastTransaction(tx, hash);
    return hash;
}

void
FloodObserver::emitEnvelope(std::size_t node, SCPEnvelope const& env)
{
    envelopes_.submitted(envelopeKey(env), node, sim_.clock().now());
    auto& n = sim_.node(node);
    if (n.app().recvSCPEnvelope(env) == OverlayApp::EnvelopeStatus::Ready)
        n.overlay().broadcastSCPEnvelope(env);
}

void
FloodObserver::ItemLog::submitted(Hash const& key, std::size_t origin, ClockTime at)
{
    items_.try_emplace(key, Item{origin, at, {}, {}});
}

void
FloodObserver::ItemLog::accepted(Hash const& key, std::size_t node, ClockTime at)
{
    auto it = items_.find(key);
    if (it == items_.end())
        return; // not ours
    it->second.accepted.try_emplace(node, at);
    ++it->second.acceptances[node];
}

std::size_t
FloodObserver::ItemLog::everywhere() const
{
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [&](auto const& e) {
        return e.second.accepted.size() == sim_.size();
    }));
}

std::size_t
FloodObserver::ItemLog::maxAcceptancesOfOne() const
{
    std::size_t m = 0;
    for (auto const& [key, item] : items_)
        for (auto const& [node, n] : item.acceptances)
            m = std::max(m, n);
    return m;
}

double
FloodObserver::ItemLog::bodiesPerItemPerNode() const
{
    if (items_.empty() || sim_.size() < 2)
        return 0;
    double received = static_cast<double>(sim_.counterSum(bodyCounter_));
    return received / (static_cast<double>(items_.size()) * static_cast<double>(sim_.size() - 1));
}

std::vector<ClockDuration>
FloodObserver::ItemLog::latencies() const
{
    std::vector<ClockDuration> out;
    for (auto const& [key, item] : items_)
        for (auto const& [node, at] : item.accepted)
            if (node != item.origin)
                out.push_back(at - item.submitted);
    return out;
}

ClockDuration
percentile(std::vector<ClockDuration> values, double p)
{
    if (values.empty())
        return ClockDuration{0};
    std::sort(values.begin(), values.end());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}
