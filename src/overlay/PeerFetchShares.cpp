#include "overlay/PeerFetchShares.h"

#include <algorithm>

namespace stellar
{

PeerFetchShares::Charge
PeerFetchShares::charge(std::string const& peer, Hash const& floodKey, std::size_t items)
{
    Charge c{peer, nextSeq_++, std::max<std::size_t>(items, 1)};
    auto& share = shares_[peer];
    share.units += c.units;
    share.held.emplace(c.seq, floodKey);
    return c;
}

void
PeerFetchShares::uncharge(Charge const& c)
{
    auto it = shares_.find(c.peer);
    if (it == shares_.end() || !it->second.held.erase(c.seq))
        return;
    it->second.units -= c.units;
    if (it->second.held.empty())
        shares_.erase(it);
}

std::size_t
PeerFetchShares::unitsOf(std::string const& peer) const
{
    auto it = shares_.find(peer);
    return it == shares_.end() ? 0 : it->second.units;
}

std::optional<Hash>
PeerFetchShares::oldestOf(std::string const& peer) const
{
    auto it = shares_.find(peer);
    if (it == shares_.end())
        return std::nullopt;
    return it->second.held.begin()->second;
}

std::optional<std::string>
PeerFetchShares::largest() const
{
    auto it = std::max_element(shares_.begin(), shares_.end(),
                               [](auto const& a, auto const& b) { return a.second.units < b.second.units; });
    if (it == shares_.end())
        return std::nullopt;
    return it->first;
}

}
