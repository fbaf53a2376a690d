#include "node/QuorumTracker.h"

#include <deque>

namespace stellar
{

void
QuorumTracker::rebuild(Lookup const& lookup)
{
    quorum_.clear();
    std::deque<NodeID> backlog;
    auto visit = [&](NodeID const& n) {
        if (quorum_.insert(n).second)
            backlog.push_back(n);
        return true;
    };
    forAllNodes(local_, visit);
    while (!backlog.empty())
    {
        auto node = backlog.front();
        backlog.pop_front();
        if (auto q = lookup(node))
            forAllNodes(*q, visit);
    }
}

}
