#include "node/QuorumSetUtils.h"

#include <algorithm>

namespace stellar
{

namespace
{

// core: normalizeQSetSimplify (without a node to remove).
void
simplify(SCPQuorumSet& qset)
{
    auto& inner = qset.innerSets;
    for (auto it = inner.begin(); it != inner.end();)
    {
        simplify(*it);
        if (it->threshold == 1 && it->validators.size() == 1 && it->innerSets.empty())
        {
            qset.validators.push_back(it->validators.front());
            it = inner.erase(it);
        }
        else
            ++it;
    }
    if (qset.threshold == 1 && qset.validators.empty() && inner.size() == 1)
    {
        auto only = inner.back();
        qset = only;
    }
}

// core: qSetCompareInt: validators, then inner sets, then threshold.
int
compare(SCPQuorumSet const& l, SCPQuorumSet const& r)
{
    NodeIDOrder less;
    for (std::size_t i = 0; i < std::min(l.validators.size(), r.validators.size()); ++i)
    {
        if (less(l.validators[i], r.validators[i]))
            return -1;
        if (less(r.validators[i], l.validators[i]))
            return 1;
    }
    if (l.validators.size() != r.validators.size())
        return l.validators.size() < r.validators.size() ? -1 : 1;
    for (std::size_t i = 0; i < std::min(l.innerSets.size(), r.innerSets.size()); ++i)
        if (int c = compare(l.innerSets[i], r.innerSets[i]))
            return c;
    if (l.innerSets.size() != r.innerSets.size())
        return l.innerSets.size() < r.innerSets.size() ? -1 : 1;
    return l.threshold < r.threshold ? -1 : (l.threshold == r.threshold ? 0 : 1);
}

void
reorder(SCPQuorumSet& qset)
{
    std::sort(qset.validators.begin(), qset.validators.end(), NodeIDOrder{});
    for (auto& inner : qset.innerSets)
        reorder(inner);
    std::sort(qset.innerSets.begin(), qset.innerSets.end(),
              [](SCPQuorumSet const& l, SCPQuorumSet const& r) { return compare(l, r) < 0; });
}
}

void
normalizeQSet(SCPQuorumSet& qset)
{
    simplify(qset);
    reorder(qset);
}

void
forAllNodes(SCPQuorumSet const& qset, std::function<bool(NodeID const&)> const& proc)
{
    std::function<bool(SCPQuorumSet const&)> walk = [&](SCPQuorumSet const& q) {
        for (auto const& n : q.validators)
            if (!proc(n))
                return false;
        for (auto const& inner : q.innerSets)
            if (!walk(inner))
                return false;
        return true;
    };
    walk(qset);
}

NodeIDSet
allNodes(SCPQuorumSet const& qset)
{
    NodeIDSet out;
    forAllNodes(qset, [&](NodeID const& n) {
        out.insert(n);
        return true;
    });
    return out;
}

bool
isVBlocking(SCPQuorumSet const& qset, std::vector<NodeID> const& nodes)
{
    if (qset.threshold == 0) // there is no v-blocking set for the empty set
        return false;
    int leftTillBlock = static_cast<int>(1 + qset.validators.size() + qset.innerSets.size()) -
                        static_cast<int>(qset.threshold);
    for (auto const& v : qset.validators)
        if (std::find(nodes.begin(), nodes.end(), v) != nodes.end() && --leftTillBlock <= 0)
            return true;
    for (auto const& inner : qset.innerSets)
        if (isVBlocking(inner, nodes) && --leftTillBlock <= 0)
            return true;
    return false;
}

bool
isQuorumSlice(SCPQuorumSet const& qset, std::vector<NodeID> const& nodes)
{
    uint64_t met = 0;
    for (auto const& v : qset.validators)
        if (std::find(nodes.begin(), nodes.end(), v) != nodes.end())
            ++met;
    for (auto const& inner : qset.innerSets)
        if (isQuorumSlice(inner, nodes))
            ++met;
    return qset.threshold > 0 && met >= qset.threshold;
}

std::vector<NodeID>
findClosestVBlocking(SCPQuorumSet const& qset, NodeIDSet const& nodes, NodeID const* excluded)
{
    std::size_t leftTillBlock = 1 + qset.validators.size() + qset.innerSets.size() - qset.threshold;
    std::vector<NodeID> result;
    for (auto const& v : qset.validators)
    {
        if (excluded && v == *excluded)
            continue;
        if (nodes.count(v) == 0)
        {
            if (--leftTillBlock == 0)
                return {}; // already blocked
        }
        else
            result.push_back(v);
    }
    std::vector<std::vector<NodeID>> innerSets;
    for (auto const& inner : qset.innerSets)
    {
        auto v = findClosestVBlocking(inner, nodes, excluded);
        if (v.empty())
        {
            if (--leftTillBlock == 0)
                return {};
        }
        else
            innerSets.push_back(std::move(v));
    }
    if (result.size() > leftTillBlock)
        result.resize(leftTillBlock);
    leftTillBlock -= result.size();
    // core keeps these in a multiset ordered by size: smallest first, ties in insertion order.
    std::stable_sort(innerSets.begin(), innerSets.end(),
                     [](auto const& a, auto const& b) { return a.size() < b.size(); });
    for (auto it = innerSets.begin(); leftTillBlock != 0 && it != innerSets.end(); ++it, --leftTillBlock)
        result.insert(result.end(), it->begin(), it->end());
    return result;
}

}
