#include "overlay/ScpRelayShares.h"

namespace stellar
{

ScpRelayShares::ScpRelayShares(std::size_t peerSlotBudget, std::size_t maxCharged)
    : peerSlotBudget_(peerSlotBudget)
    , maxCharged_(maxCharged)
{
}

bool
ScpRelayShares::hasRoom(uint64_t slot, std::string const& peer) const
{
    return chargedTo(slot, peer) < peerSlotBudget_;
}

std::size_t
ScpRelayShares::chargedTo(uint64_t slot, std::string const& peer) const
{
    auto it = shares_.find({slot, peer});
    return it == shares_.end() ? 0 : it->second.size();
}

std::optional<ScpRelayShares::Charged>
ScpRelayShares::charge(std::string const& peer, Charged const& c)
{
    ShareKey key{c.slot, peer};
    auto& share = shares_[key];
    share.push_back(c);
    resize(key, share.size() - 1, share.size());
    ++total_;
    if (total_ <= maxCharged_)
        return std::nullopt;
    // The node's bound: the largest share (it may be the sender's) lets go
    // of its oldest.
    auto largest = std::prev(bySize_.end())->second;
    auto& victim = shares_[largest];
    auto forgotten = victim.front();
    victim.pop_front();
    resize(largest, victim.size() + 1, victim.size());
    if (victim.empty())
        shares_.erase(largest);
    --total_;
    return forgotten;
}

void
ScpRelayShares::eraseBelow(uint64_t slot)
{
    auto end = shares_.lower_bound({slot, std::string{}});
    for (auto it = shares_.begin(); it != end; ++it)
    {
        bySize_.erase({it->second.size(), it->first});
        total_ -= it->second.size();
    }
    shares_.erase(shares_.begin(), end);
}

void
ScpRelayShares::resize(ShareKey const& key, std::size_t from, std::size_t to)
{
    if (from != 0)
        bySize_.erase({from, key});
    if (to != 0)
        bySize_.emplace(to, key);
}

}
