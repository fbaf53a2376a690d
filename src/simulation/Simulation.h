#pragma once
// N overlay nodes in one process, over the in-memory loopback (virtual time,
// exactly repeatable for a seed) or over TCP on 127.0.0.1 (real time), wired
// in a Topology. Each node is a SimNode: its own scripted application,
// in-memory SQLite database, metrics and drop log. A test or a benchmark connects the
// topology, drives the applications (submit a transaction, emit an SCP
// envelope), cranks the clock until a condition holds or a deadline passes,
// and reads each node's counters.
//
// Repeatability: the seed reseeds util/Random (peer order, demand order,
// evictions, random graphs) and derives every node's key, so that the maps
// keyed by NodeID iterate in the same order each run. Nonces and AuthCert
// keys stay random; they change MACs, never a decision.

#include "net/LoopbackNetwork.h"
#include "overlay/OverlayManager.h"
#include "simulation/ScriptedApp.h"
#include "simulation/SimNode.h"
#include "simulation/Topology.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stellar::simulation
{

inline constexpr char const* SIMULATION_PASSPHRASE = "stellar-overlay simulation ; 2026";

enum class TransportKind
{
    Loopback, // virtual clock, LoopbackNetwork per node ("127.0.0.N:11625")
    Tcp       // real clock, TcpNetwork per node on 127.0.0.1, ephemeral ports
};

struct SimulationOptions
{
    std::size_t nodes = 2;
    uint64_t seed = 1;
    Topology topology = Topology::pair();
    TransportKind transport = TransportKind::Loopback;
    LinkOptions link{}; // loopback only: what every node sends goes through this
    // Per-node tweaks, applied after the simulation's own settings.
    std::function<void(std::size_t index, OverlayConfig&)> configure;
    std::function<void(std::size_t index, ScriptedApp&)> configureApp;
};

class Simulation
{
  public:
    explicit Simulation(SimulationOptions options);
    ~Simulation();
    Simulation(Simulation const&) = delete;
    Simulation& operator=(Simulation const&) = delete;

    Clock& clock() { return *clock_; }
    // Loopback only: the hub, for extra networks (a scripted peer joins here).
    LoopbackHub& hub() { return *hub_; }
    std::size_t size() const { return nodes_.size(); }
    SimNode& node(std::size_t i) { return *nodes_.at(i); }
    std::vector<Edge> const& edges() const { return edges_; }
    ClockDuration elapsed() const { return clock_->now() - start_; }

    // Dials every edge and cranks until each edge is authenticated at both
    // ends; false if `timeout` passes first.
    bool connectAll(ClockDuration timeout = std::chrono::seconds(30));
    // Whether `i` and `j` hold an authenticated connection.
    bool connected(std::size_t i, std::size_t j) const;

    bool crankUntil(std::function<bool()> const& done, ClockDuration timeout);
    void crankFor(ClockDuration d);

    // A counter summed over every node.
    int64_t counterSum(std::string_view name) const;

  private:
    SimulationOptions options_;
    std::unique_ptr<Clock> clock_;
    ClockTime start_;
    std::unique_ptr<LoopbackHub> hub_;
    std::vector<std::unique_ptr<SimNode>> nodes_;
    std::vector<Edge> edges_;
};

// A key derived from (seed, index): the same node identities every run.
crypto::SecretKey simulationNodeKey(uint64_t seed, std::size_t index);

}
