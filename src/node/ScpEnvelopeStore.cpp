#include "node/ScpEnvelopeStore.h"

#include "overlay/ScpStatementOrder.h"

namespace stellar
{

bool
ScpEnvelopeStore::add(SCPEnvelope const& env, uint64_t seenAt)
{
    auto const& st = env.statement;
    auto& slot = slots_[st.slotIndex];
    auto& latest = st.pledges.type() == SCP_ST_NOMINATE ? slot.nominations : slot.ballots;
    auto it = latest.find(st.nodeID);
    if (it == latest.end())
    {
        if (latest.size() >= MAX_NODES_PER_SLOT)
            return false;
        latest.emplace(st.nodeID, Held{env, seenAt});
        return true;
    }
    if (!isNewerNominationOrBallotSt(it->second.env.statement, st))
        return false;
    it->second = Held{env, seenAt};
    return true;
}

void
ScpEnvelopeStore::forEachLatest(uint64_t slot, std::function<bool(SCPEnvelope const&, uint64_t)> const& f) const
{
    auto it = slots_.find(slot);
    if (it == slots_.end())
        return;
    for (auto const& [node, held] : it->second.nominations)
        if (!f(held.env, held.seenAt))
            return;
    for (auto const& [node, held] : it->second.ballots)
        if (!f(held.env, held.seenAt))
            return;
}

void
ScpEnvelopeStore::forEachLatest(uint64_t slot, std::function<bool(SCPEnvelope const&)> const& f) const
{
    forEachLatest(slot, [&](SCPEnvelope const& env, uint64_t) { return f(env); });
}

SCPEnvelope const*
ScpEnvelopeStore::latestBallot(uint64_t slot, NodeID const& node) const
{
    auto it = slots_.find(slot);
    if (it == slots_.end())
        return nullptr;
    auto b = it->second.ballots.find(node);
    return b == it->second.ballots.end() ? nullptr : &b->second.env;
}

SCPEnvelope const*
ScpEnvelopeStore::latestNomination(uint64_t slot, NodeID const& node) const
{
    auto it = slots_.find(slot);
    if (it == slots_.end())
        return nullptr;
    auto n = it->second.nominations.find(node);
    return n == it->second.nominations.end() ? nullptr : &n->second.env;
}

std::vector<SCPEnvelope>
ScpEnvelopeStore::stateFrom(uint64_t fromLedger, uint32_t maxSlots, std::optional<uint64_t> skip) const
{
    std::vector<SCPEnvelope> out;
    for (auto it = slots_.lower_bound(fromLedger); it != slots_.end() && maxSlots > 0; ++it)
    {
        if (it->first == skip)
            continue;
        auto slot = stateOf(it->first);
        if (slot.empty())
            continue;
        out.insert(out.end(), slot.begin(), slot.end());
        --maxSlots;
    }
    return out;
}

std::vector<uint64_t>
ScpEnvelopeStore::newestSlots(std::size_t limit) const
{
    std::vector<uint64_t> out;
    for (auto it = slots_.rbegin(); it != slots_.rend() && out.size() < limit; ++it)
        out.push_back(it->first);
    return out;
}

std::vector<SCPEnvelope>
ScpEnvelopeStore::stateOf(uint64_t slot) const
{
    std::vector<SCPEnvelope> out;
    forEachLatest(slot, [&](SCPEnvelope const& env) {
        out.push_back(env);
        return true;
    });
    return out;
}

void
ScpEnvelopeStore::eraseBelow(uint64_t slot, std::optional<uint64_t> keep)
{
    for (auto it = slots_.begin(); it != slots_.end() && it->first < slot;)
        it = it->first == keep ? std::next(it) : slots_.erase(it);
}

void
ScpEnvelopeStore::eraseAbove(uint64_t slot)
{
    slots_.erase(slots_.upper_bound(slot), slots_.end());
}

}
