#include "overlay/QuorumSetSanity.h"

#include <set>

namespace stellar
{

namespace
{
struct SanityCheck
{
    bool extraChecks;
    std::set<uint256> seen;
    std::size_t count = 0;

    std::optional<std::string>
    check(SCPQuorumSet const& qset, uint32_t depth)
    {
        if (depth > MAXIMUM_QUORUM_NESTING_LEVEL)
            return "Maximum quorum nesting level exceeded";
        if (qset.threshold < 1)
            return "Threshold must be greater than 0";
        std::size_t entries = qset.validators.size() + qset.innerSets.size();
        std::size_t vBlockingSize = entries - qset.threshold + 1;
        count += qset.validators.size();
        if (qset.threshold > entries)
            return "Threshold exceeds total number of entries";
        if (extraChecks && qset.threshold < vBlockingSize)
            return "Threshold is lower than the v-blocking size (< 51%).";
        for (auto const& n : qset.validators)
            if (!seen.insert(n.ed25519()).second)
                return "Duplicate node found in quorum configuration";
        for (auto const& inner : qset.innerSets)
            if (auto bad = check(inner, depth + 1))
                return bad;
        return std::nullopt;
    }
};
}

std::optional<std::string>
quorumSetInsanity(SCPQuorumSet const& qset, bool extraChecks)
{
    SanityCheck c{extraChecks, {}, 0};
    if (auto bad = c.check(qset, 0))
        return bad;
    if (c.count < 1 || c.count > 1000)
        return "Total number of nodes in a quorum must be within 1 and 1000";
    return std::nullopt;
}

}
