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

FloodObserver::FloodObserver(Simulation& sim) : sim_(sim)
{
    for (std::size_t i = 0; i < sim_.size(); ++i)
    {
        auto& app = sim_.node(i).app();
        app.onAcceptedTransaction = [this, i](Hash const& h) { accepted(txs_, h, i); };
        app.onAcceptedEnvelope = [this, i](SCPEnvelope const& env) { accepted(envelopes_, envelopeKey(env), i); };
    }
}

void
FloodObserver::accepted(ItemMap& items, Hash const& key, std::size_t node)
{
    auto it = items.find(key);
    if (it == items.end())
        return; // not ours
    it->second.accepted.try_emplace(node, sim_.clock().now());
    ++it->second.acceptances[node];
}

Hash
FloodObserver::submitTransaction(std::size_t node, TransactionEnvelope const& tx)
{
    auto hash = fullHash(tx);
    txs_.try_emplace(hash, Item{node, sim_.clock().now(), {}, {}});
    auto& n = sim_.node(node);
    if (n.app().recvTransaction(tx, hash) == OverlayApp::TxStatus::Accepted)
        n.overlay().broadcastTransaction(tx);
    return hash;
}

void
FloodObserver::emitEnvelope(std::size_t node, SCPEnvelope const& env)
{
    envelopes_.try_emplace(envelopeKey(env), Item{node, sim_.clock().now(), {}, {}});
    auto& n = sim_.node(node);
    if (n.app().recvSCPEnvelope(env) == OverlayApp::EnvelopeStatus::Ready)
        n.overlay().broadcastSCPEnvelope(env);
}

std::size_t
FloodObserver::everywhere(ItemMap const& items) const
{
    return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [&](auto const& e) {
        return e.second.accepted.size() == sim_.size();
    }));
}

std::size_t
FloodObserver::transactionsEverywhere() const
{
    return everywhere(txs_);
}

std::size_t
FloodObserver::envelopesEverywhere() const
{
    return everywhere(envelopes_);
}

std::size_t
FloodObserver::maxAcceptances(ItemMap const& items) const
{
    std::size_t m = 0;
    for (auto const& [key, item] : items)
        for (auto const& [node, n] : item.acceptances)
            m = std::max(m, n);
    return m;
}

std::size_t
FloodObserver::maxAcceptancesOfOneTransaction() const
{
    return maxAcceptances(txs_);
}

std::size_t
FloodObserver::maxAcceptancesOfOneEnvelope() const
{
    return maxAcceptances(envelopes_);
}

double
FloodObserver::transactionBodiesPerItemPerNode() const
{
    if (txs_.empty() || sim_.size() < 2)
        return 0;
    double received = static_cast<double>(sim_.counterSum("overlay.recv-transaction.count"));
    return received / (static_cast<double>(txs_.size()) * static_cast<double>(sim_.size() - 1));
}

double
FloodObserver::envelopesPerItemPerNode() const
{
    if (envelopes_.empty() || sim_.size() < 2)
        return 0;
    double received = static_cast<double>(sim_.counterSum("overlay.recv.scp-message"));
    return received / (static_cast<double>(envelopes_.size()) * static_cast<double>(sim_.size() - 1));
}

std::vector<ClockDuration>
FloodObserver::latencies(ItemMap const& items) const
{
    std::vector<ClockDuration> out;
    for (auto const& [key, item] : items)
        for (auto const& [node, at] : item.accepted)
            if (node != item.origin)
                out.push_back(at - item.submitted);
    return out;
}

std::vector<ClockDuration>
FloodObserver::transactionLatencies() const
{
    return latencies(txs_);
}

std::vector<ClockDuration>
FloodObserver::envelopeLatencies() const
{
    return latencies(envelopes_);
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
