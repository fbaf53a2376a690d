// Flow control against another implementation: @stellarbeat/js-stellar-node-connector 7.0.1,
// which applies stellar-core's flow-control rules as a receiver, takes a
// sustained stream of SCP messages and transactions from our node over TCP on
// 127.0.0.1 while consuming slowly, and our node never sends it a flood
// message beyond what it granted (floodStream.js checks each one as it
// arrives, on both axes). The node runs in this process (a TestNode with a
// scripted application) so that the test can feed it at a steady rate.

#include "net/TcpNetwork.h"
#include "simulation/Traffic.h"
#include "support/ChildProcess.h"
#include "support/TestNode.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <sstream>

using namespace stellar;
using namespace stellar::test;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

// The last "stats" line floodStream.js printed, and whether it printed a violation.
struct StreamReport
{
    nlohmann::json stats = nlohmann::json::object();
    bool connected = false;
    bool closed = false;
    std::vector<std::string> problems;
};

StreamReport
readReport(ChildProcess const& p)
{
    StreamReport r;
    std::istringstream lines(p.output());
    std::string line;
    while (std::getline(lines, line))
    {
        auto e = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (e.is_discarded() || !e.contains("event"))
            continue;
        auto ev = e["event"].get<std::string>();
        if (ev == "stats")
            r.stats = e;
        else if (ev == "connected")
            r.connected = true;
        else if (ev == "closed")
            r.closed = true;
        else if (ev == "violation" || ev == "error")
            r.problems.push_back(line);
    }
    return r;
}

int64_t
stat(StreamReport const& r, char const* key)
{
    return r.stats.contains(key) ? r.stats[key].get<int64_t>() : 0;
}

TEST(ConnectorFloodStream, SlowConnectorGetsASustainedStreamAndNeverMoreThanItGranted)
{
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    TestNode node{clock, network, testOverlayConfig()};
    node.overlay().start();
    TempDir dir{"so-flood-stream"};
    auto key = crypto::SecretKey::random();
    ChildProcess js{ChildProcessOptions{
        {CONNECTOR_NODE, FLOOD_STREAM_SCRIPT, "127.0.0.1", std::to_string(node.overlay().listeningPort()),
         /*messagesPer10ms=*/"3"},
        {{"NETWORK", TEST_NETWORK_PASSPHRASE},
         {"PRIVATE_KEY", key.strKeySeed()},
         {"LEDGER_VERSION", "26"},
         {"OVERLAY_VERSION", "41"},
         {"OVERLAY_MIN_VERSION", "40"},
         {"LOG_LEVEL", "warn"}},
        dir.path(),
        "flood-stream"}};
    // Wakes the loop every 10 ms: the test's own deadlines are checked on it.
    Timer wake{clock};
    std::function<void()> rearm = [&] { wake.expiresAfter(10ms, rearm); };
    rearm();
    auto crankUntil = [&](std::function<bool()> const& done, ClockDuration timeout) {
        return clock.crankUntil(done, timeout);
    };
    ASSERT_TRUE(crankUntil([&] { return node.overlay().authenticatedPeers().size() == 1; }, 15s)) << js.describe();
    auto peer = node.overlay().authenticatedPeers().at(0);

    // Two seconds of traffic: every 10 ms three SCP messages from five
    // validators and three transactions the application accepted.
    constexpr int TICKS = 200;
    std::vector<NodeID> validators;
    for (uint8_t v = 0; v < 5; ++v)
    {
        NodeID id;
        id.type(PUBLIC_KEY_TYPE_ED25519);
        id.ed25519().fill(static_cast<uint8_t>(v + 1));
        validators.push_back(id);
    }
    uint64_t scpSent = 0, txSent = 0;
    Timer feed{clock};
    int tick = 0;
    std::function<void()> feedTick = [&] {
        for (int i = 0; i < 3; ++i)
        {
            node.overlay().broadcastSCPEnvelope(makeNomination(validators[scpSent % 5], 10, scpSent));
            ++scpSent;
            auto tx = makeTransaction(txSent++, 200);
            if (node.app().recvTransaction(tx, fullHash(tx)) == OverlayApp::TxStatus::Accepted)
                node.overlay().broadcastTransaction(tx);
        }
        if (++tick < TICKS)
            feed.expiresAfter(10ms, feedTick);
    };
    feedTick();
    ASSERT_TRUE(crankUntil([&] { return tick >= TICKS; }, 30s));

    // Everything arrives in the end: the queues stayed under their limits
    // (nothing was shed), they only waited for credit.
    auto lastLook = std::chrono::steady_clock::now();
    bool everything = crankUntil(
        [&] {
            if (std::chrono::steady_clock::now() - lastLook < 200ms)
                return false;
            lastLook = std::chrono::steady_clock::now();
            auto r = readReport(js);
            return stat(r, "scp") == static_cast<int64_t>(scpSent) &&
                   stat(r, "transactions") == static_cast<int64_t>(txSent);
        },
        60s);
    js.writeStdin("close\n");
    crankUntil([&] { return readReport(js).closed; }, 10s);
    auto report = readReport(js);
    std::cout << "connector stream: " << report.stats.dump() << "\n";

    EXPECT_TRUE(report.connected);
    EXPECT_TRUE(everything) << js.describe();
    EXPECT_TRUE(report.problems.empty()) << report.problems.front();
    EXPECT_EQ(stat(report, "violations"), 0);
    EXPECT_EQ(stat(report, "scp"), static_cast<int64_t>(scpSent));
    EXPECT_EQ(stat(report, "transactions"), static_cast<int64_t>(txSent));
    EXPECT_LE(stat(report, "floodMessages"), stat(report, "grantedMessages"));
    EXPECT_LE(stat(report, "floodBytes"), stat(report, "grantedBytes"));
    // The connector had to grant again and again, and the node used its
    // credit up to the last message (and waited) more than once.
    EXPECT_GT(stat(report, "sendMores"), 10);
    EXPECT_EQ(stat(report, "minMessageCreditLeft"), 0);
    EXPECT_GT(node.metrics().timer("overlay.connection.flood-throttle").count(), 2u);
    // What our node sent is what the connector accepted.
    EXPECT_EQ(node.metrics().counterValue("overlay.send.scp-message"), stat(report, "scp"));
    EXPECT_EQ(node.metrics().counterValue("overlay.send.transaction"), stat(report, "transactions"));
    for (auto const& d : node.dropEvents())
        EXPECT_NE(d.cause, DropCause::NoOutboundCapacityTimeout) << d.reason;
    EXPECT_TRUE(peer->isClosing()); // it ended when the connector closed, not before
}

}
