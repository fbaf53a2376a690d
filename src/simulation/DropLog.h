#pragma once
// What a node's drops look like to a test or a simulation: the time of each
// drop, counted from a time zero the harness chooses, and its cause. A whole
// timeline compares at once, and prints whole when it differs:
//     EXPECT_EQ(node.drops(), (DropLog{{5s, DropCause::IdleTimeout}}));
// The full events (address, peer, state, reason) stay beside it
// (SimNode::dropEvents).

#include "overlay/DropCause.h"
#include "util/Clock.h"

#include <ostream>
#include <vector>

namespace stellar::simulation
{

struct DropRecord
{
    ClockDuration at;
    DropCause cause;
    friend bool operator==(DropRecord const&, DropRecord const&) = default;
};
using DropLog = std::vector<DropRecord>;

// {5s, idle timeout}
std::ostream& operator<<(std::ostream& os, DropRecord const& r);

}
