#pragma once
// One overlay node with everything it needs in one process: a scripted
// application, a database (in-memory SQLite unless told otherwise), a
// resolver that needs no DNS, its own metrics, and a record of every drop.
// Simulations build their nodes from it, and so do the tests (which know it
// as test::TestNode), over the in-memory loopback or TCP on 127.0.0.1.

#include "net/Transport.h"
#include "overlay/OverlayManager.h"
#include "simulation/DropLog.h"
#include "simulation/ScriptedApp.h"
#include "simulation/ScriptedResolver.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{
class Database;
}

namespace stellar::simulation
{

struct SimNodeOptions
{
    // "sqlite3://<file>" to restart a node on the same file,
    // "postgresql://..." for the PostgreSQL backend.
    std::string databaseUrl = "sqlite3://:memory:";
    // Drop times and resolver rounds count from here; unset: from when the
    // node is built.
    std::optional<ClockTime> timeZero;
    // The IP peers reach the node at (its address is this and its port).
    std::string ip = "127.0.0.1";
    std::function<void(ScriptedApp&)> configureApp;
    // The node's application instead of the scripted one (e.g. the standalone
    // node's RelayApp), built on the node's clock and metrics.
    std::function<std::unique_ptr<OverlayApp>(Clock&, MetricsRegistry&)> makeApp;
};

class SimNode
{
  public:
    SimNode(Clock& clock, Network& network, OverlayConfig config, SimNodeOptions options = {});
    // The node owns its network.
    SimNode(Clock& clock, std::unique_ptr<Network> network, OverlayConfig config, SimNodeOptions options = {});
    ~SimNode();
    SimNode(SimNode const&) = delete;
    SimNode& operator=(SimNode const&) = delete;

    OverlayManager& overlay() { return *overlay_; }
    OverlayManager const& overlay() const { return *overlay_; }
    ScriptedApp& app() { return app_; }
    // The application the overlay talks to: app(), or what makeApp built.
    OverlayApp& application() { return ownApp_ ? *ownApp_ : app_; }
    MetricsRegistry& metrics() { return metrics_; }
    Database& database() { return *db_; }
    ScriptedResolver& resolver() { return resolver_; }
    Network& network() { return network_; }
    NodeID const& nodeID() const { return overlay_->nodeID(); }
    // The IP and the port it listens on (PEER_PORT until it is started).
    PeerBareAddress address() const;
    int64_t counter(std::string_view name) const { return metrics_.counterValue(name); }

    DropLog const& drops() const { return drops_; }
    std::vector<OverlayManager::DropEvent> const& dropEvents() const { return events_; }

  private:
    std::unique_ptr<Network> ownedNetwork_;
    Network& network_;
    ClockTime timeZero_;
    std::string ip_;
    std::unique_ptr<Database> db_;
    MetricsRegistry metrics_;
    ScriptedApp app_;
    std::unique_ptr<OverlayApp> ownApp_;
    ScriptedResolver resolver_;
    std::unique_ptr<OverlayManager> overlay_;
    DropLog drops_;
    std::vector<OverlayManager::DropEvent> events_;
};

}
