#pragma once
// Who connects to whom in a Simulation: a list of (dialer, acceptor) node
// indices. Shapes: a pair, a line, a ring, a full mesh, a random k-regular
// graph (every node has exactly k peers, no loops, no double edges), and a
// core of validators in a full mesh with watchers that each dial a few core
// nodes. Random shapes draw from util/Random, so a seed fixes the graph.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace stellar::simulation
{

using Edge = std::pair<std::size_t, std::size_t>; // (dialer, acceptor)

struct Topology
{
    enum class Kind
    {
        Pair,
        Line,
        Ring,
        FullMesh,
        RandomRegular,
        CoreAndWatchers
    };
    Kind kind = Kind::Pair;
    uint32_t degree = 0;       // RandomRegular: k
    std::size_t coreSize = 0;  // CoreAndWatchers: nodes 0..coreSize-1 form the core
    uint32_t watcherLinks = 2; // CoreAndWatchers: core nodes each watcher dials

    static Topology pair() { return {}; }
    static Topology line() { return Topology{Kind::Line, 0, 0, 0}; }
    static Topology ring() { return Topology{Kind::Ring, 0, 0, 0}; }
    static Topology fullMesh() { return Topology{Kind::FullMesh, 0, 0, 0}; }
    static Topology randomRegular(uint32_t k) { return Topology{Kind::RandomRegular, k, 0, 0}; }
    static Topology coreAndWatchers(std::size_t core, uint32_t links = 2)
    {
        return Topology{Kind::CoreAndWatchers, 0, core, links};
    }
    std::string name() const;
};

// The edges for `nodes` nodes. Throws std::invalid_argument with one sentence
// when the shape cannot be built (a pair of 3 nodes, k >= n, n * k odd).
std::vector<Edge> makeEdges(Topology const& topology, std::size_t nodes);

}
