#include "node/TxPool.h"

#include "overlay/TxSetFrame.h"

namespace stellar
{

TxPool::AddResult
TxPool::tryAdd(TransactionEnvelope tx, Hash const& fullHash, ClockTime now)
{
    if (entries_.count(fullHash))
        return AddResult::Duplicate;
    if (isBanned(fullHash))
        return AddResult::TryAgainLater;
    auto ops = operationCount(tx);
    bool soroban = isSorobanTransaction(tx);
    Entry e{std::move(tx), ops, soroban, shifts_, now};
    if (e.soroban ? sorobanTxs_ + 1 > limits_.maxSorobanTxs : classicOps_ + e.ops > limits_.maxClassicOps)
        return AddResult::TryAgainLater;
    if (e.soroban)
        sorobanTxs_ += 1;
    else
        classicOps_ += e.ops;
    entries_.emplace(fullHash, std::move(e));
    order_.emplace_back(fullHash, shifts_);
    return AddResult::Pending;
}

TxPool::Entry const*
TxPool::find(Hash const& fullHash) const
{
    auto it = entries_.find(fullHash);
    return it == entries_.end() ? nullptr : &it->second;
}

bool
TxPool::isBanned(Hash const& fullHash) const
{
    for (auto const& generation : bans_)
        if (generation.count(fullHash))
            return true;
    return false;
}

void
TxPool::erase(Hash const& fullHash)
{
    auto it = entries_.find(fullHash);
    if (it == entries_.end())
        return;
    if (it->second.soroban)
        sorobanTxs_ -= 1;
    else
        classicOps_ -= it->second.ops;
    entries_.erase(it);
}

std::vector<ClockDuration>
TxPool::removeApplied(std::vector<Hash> const& fullHashes, ClockTime now)
{
    std::vector<ClockDuration> waited;
    for (auto const& h : fullHashes)
    {
        if (auto const* e = find(h))
        {
            waited.push_back(now - e->added);
            erase(h);
        }
        ban(h);
    }
    compactOrder();
    return waited;
}

std::size_t
TxPool::shift()
{
    ++shifts_;
    bans_.pop_back();
    bans_.emplace_front();
    std::size_t evicted = 0;
    while (!order_.empty() && shifts_ - order_.front().second >= TRANSACTION_QUEUE_TIMEOUT_LEDGERS)
    {
        auto const& [hash, addedAt] = order_.front();
        auto it = entries_.find(hash);
        if (it != entries_.end() && it->second.addedAtShift == addedAt)
        {
            erase(hash);
            ban(hash);
            ++evicted;
        }
        order_.pop_front();
    }
    return evicted;
}

void
TxPool::compactOrder()
{
    // Removal by inclusion leaves stale entries in order_; drop them once
    // they outnumber the live ones.
    if (order_.size() <= 2 * entries_.size() + 1024)
        return;
    std::deque<std::pair<Hash, uint64_t>> live;
    for (auto const& [hash, addedAt] : order_)
    {
        auto it = entries_.find(hash);
        if (it != entries_.end() && it->second.addedAtShift == addedAt)
            live.emplace_back(hash, addedAt);
    }
    order_.swap(live);
}

std::vector<std::pair<TransactionEnvelope const*, Hash>>
TxPool::candidates() const
{
    std::vector<std::pair<TransactionEnvelope const*, Hash>> out;
    out.reserve(entries_.size());
    for (auto const& [hash, addedAt] : order_)
    {
        auto it = entries_.find(hash);
        if (it != entries_.end() && it->second.addedAtShift == addedAt)
            out.emplace_back(&it->second.tx, hash);
    }
    return out;
}

std::array<std::size_t, TRANSACTION_QUEUE_TIMEOUT_LEDGERS>
TxPool::sizeByAge() const
{
    std::array<std::size_t, TRANSACTION_QUEUE_TIMEOUT_LEDGERS> sizes{};
    for (auto const& [hash, e] : entries_)
        ++sizes[shifts_ - e.addedAtShift];
    return sizes;
}

}
