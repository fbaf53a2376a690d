#pragma once
// One overlay node for tests, on whatever Network the test gives it (TCP on
// 127.0.0.1 or the in-memory loopback), with a scripted application, an
// in-memory SQLite database and a resolver that needs no DNS. Its DropLog
// records every drop at its time since the node was built, so a test can
// assert the whole timeline at once: drops() == DropLog{{5s, IdleTimeout}}.

#include "net/Transport.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "support/TestApp.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <vector>

namespace stellar::test
{

struct DropEntry
{
    ClockDuration at;
    DropCause cause;
    friend bool operator==(DropEntry const&, DropEntry const&) = default;
};
using DropLog = std::vector<DropEntry>;
void PrintTo(DropEntry const& e, std::ostream* os);

// Resolves numeric addresses at once and names from `names`; counts rounds.
class ScriptedResolver : public PeerResolver
{
  public:
    explicit ScriptedResolver(Clock& clock) : clock_(clock) {}
    std::map<std::string, std::string> names; // host -> ip; absent: the name fails
    int rounds = 0;
    std::vector<ClockDuration> roundTimes;
    ClockTime start = {};

    void resolve(std::vector<std::string> known, std::vector<std::string> preferred,
                 std::function<void(Result)> done) override;

  private:
    Clock& clock_;
};

class TestNode
{
  public:
    TestNode(Clock& clock, Network& network, OverlayConfig config);
    // On a database of our choosing ("sqlite3://<file>" to restart a node on
    // the same file, "postgresql://..." for the PostgreSQL backend).
    TestNode(Clock& clock, Network& network, OverlayConfig config, std::string const& databaseUrl);
    ~TestNode();

    OverlayManager& overlay() { return *overlay_; }
    TestApp& app() { return app_; }
    MetricsRegistry& metrics() { return metrics_; }
    Database& database() { return *db_; }
    ScriptedResolver& resolver() { return resolver_; }
    DropLog const& drops() const { return drops_; }
    std::vector<OverlayManager::DropEvent> const& dropEvents() const { return events_; }
    NodeID const& nodeID() const { return overlay_->nodeID(); }

  private:
    Clock& clock_;
    ClockTime start_;
    std::unique_ptr<Database> db_;
    MetricsRegistry metrics_;
    TestApp app_;
    ScriptedResolver resolver_;
    std::unique_ptr<OverlayManager> overlay_;
    DropLog drops_;
    std::vector<OverlayManager::DropEvent> events_;
};

// A config good for tests: a test network, localhost allowed, a fresh key.
OverlayConfig testOverlayConfig(uint16_t peerPort = 0);
inline constexpr char const* TEST_NETWORK_PASSPHRASE = "stellar-overlay test network ; 2026";

}
