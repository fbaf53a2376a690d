#include "simulation/Topology.h"

#include "util/Random.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace stellar::simulation
{

std::string
Topology::name() const
{
    switch (kind)
    {
    case Kind::Pair: return "pair";
    case Kind::Line: return "line";
    case Kind::Ring: return "ring";
    case Kind::FullMesh: return "full mesh";
    case Kind::RandomRegular: return fmt::format("random {}-regular", degree);
    case Kind::CoreAndWatchers: return fmt::format("core of {} + watchers ({} links)", coreSize, watcherLinks);
    }
    return "?";
}

namespace
{

// Pairs up k "stubs" per node at random, never a loop or a double edge; a
// dead end (only unusable pairs left) starts over. For n = 64, k = 8 this
// takes a handful of tries, where the plain configuration model would need
// millions.
std::vector<Edge>
randomRegular(std::size_t n, uint32_t k)
{
    if (k >= n || (n * k) % 2 != 0)
        throw std::invalid_argument(
            fmt::format("topology: a random {}-regular graph of {} nodes does not exist: expected k < n and n * k even",
                        k, n));
    for (int attempt = 0; attempt < 1000; ++attempt)
    {
        std::vector<std::size_t> stubs;
        for (std::size_t v = 0; v < n; ++v)
            stubs.insert(stubs.end(), k, v);
        std::set<Edge> edges;
        bool stuck = false;
        while (!stubs.empty() && !stuck)
        {
            auto a = static_cast<std::size_t>(randomUniform(0, stubs.size() - 1));
            // Partners that make a simple edge with stubs[a].
            std::vector<std::size_t> ok;
            for (std::size_t b = 0; b < stubs.size(); ++b)
            {
                auto u = std::min(stubs[a], stubs[b]), v = std::max(stubs[a], stubs[b]);
                if (u != v && !edges.count({u, v}))
                    ok.push_back(b);
            }
            if (ok.empty())
            {
                stuck = true;
                break;
            }
            auto b = ok[randomUniform(0, ok.size() - 1)];
            edges.insert({std::min(stubs[a], stubs[b]), std::max(stubs[a], stubs[b])});
            for (auto i : {std::max(a, b), std::min(a, b)})
                stubs.erase(stubs.begin() + static_cast<std::ptrdiff_t>(i));
        }
        if (stuck)
            continue;
        // Alternate who dials, so that in- and out-degrees stay balanced.
        std::vector<Edge> out;
        for (auto const& [u, v] : edges)
            out.push_back((u + v) % 2 == 0 ? Edge{u, v} : Edge{v, u});
        return out;
    }
    throw std::runtime_error("topology: no random regular graph after 1000 attempts");
}

}

std::vector<Edge>
makeEdges(Topology const& t, std::size_t n)
{
    std::vector<Edge> edges;
    switch (t.kind)
    {
    case Topology::Kind::Pair:
        if (n != 2)
            throw std::invalid_argument(fmt::format("topology: a pair has 2 nodes, not {}", n));
        edges.push_back({0, 1});
        break;
    case Topology::Kind::Line:
        for (std::size_t i = 0; i + 1 < n; ++i)
            edges.push_back({i, i + 1});
        break;
    case Topology::Kind::Ring:
        if (n < 3)
            throw std::invalid_argument(fmt::format("topology: a ring needs at least 3 nodes, not {}", n));
        for (std::size_t i = 0; i < n; ++i)
            edges.push_back({i, (i + 1) % n});
        break;
    case Topology::Kind::FullMesh:
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                edges.push_back({i, j});
        break;
    case Topology::Kind::RandomRegular: edges = randomRegular(n, t.degree); break;
    case Topology::Kind::CoreAndWatchers:
    {
        if (t.coreSize == 0 || t.coreSize > n || t.watcherLinks > t.coreSize)
            throw std::invalid_argument(fmt::format(
                "topology: a core of {} in {} nodes with {} links per watcher: expected 0 < links <= core <= nodes",
                t.coreSize, n, t.watcherLinks));
        for (std::size_t i = 0; i < t.coreSize; ++i)
            for (std::size_t j = i + 1; j < t.coreSize; ++j)
                edges.push_back({i, j});
        for (std::size_t w = t.coreSize; w < n; ++w)
        {
            std::vector<std::size_t> core(t.coreSize);
            for (std::size_t i = 0; i < t.coreSize; ++i)
                core[i] = i;
            shuffleRandomly(core);
            for (uint32_t l = 0; l < t.watcherLinks; ++l)
                edges.push_back({w, core[l]});
        }
        break;
    }
    }
    return edges;
}

}
