// The peer lifecycle with real `stellar-overlay run` processes on 127.0.0.1,
// what only whole processes can show:
// - a node killed with SIGKILL while peers churn restarts with a readable
//   database that holds its peers and its bans (permanent and automatic);
// - ten nodes with TARGET_PEER_CONNECTIONS = 3, each knowing one other (a
//   chain), find each other through PEERS until each holds 3 authenticated
//   outbound peers, and get back there after nodes are killed and restarted;
// - a node runs on PostgreSQL (DATABASE = "postgresql://...") when
//   PG_CONNINFO names a server.
// State is read through the admin HTTP /peers and /bans, and the database
// file directly while the node is down.

#include "crypto/SecretKey.h"
#include "net/TcpNetwork.h"
#include "store/Database.h"
#include "store/Soci.h"
#include "support/FailOnce.h"
#include "support/NodeProcess.h"
#include "support/ScriptedPeer.h"
#include "util/Clock.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <thread>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

std::string
publicKeyOf(crypto::SecretKey const& key)
{
    return key.strKeyPublic();
}

// The node restarted exactly as it was: same key, ports, config and database.
std::unique_ptr<NodeProcess>
restart(std::filesystem::path const& dir, NodeProcessOptions options, NodeProcess const& was)
{
    options.seed = was.seed();
    options.peerPort = was.peerPort();
    options.httpPort = was.httpPort();
    return std::make_unique<NodeProcess>(dir, options);
}

std::set<std::string>
bansOf(NodeProcess& node)
{
    std::set<std::string> out;
    if (auto j = node.admin("bans"); j && j->contains("bans"))
        for (auto const& b : (*j)["bans"])
            out.insert(b.get<std::string>());
    return out;
}

struct DatabaseContents
{
    std::string integrity;
    std::set<std::string> peers;                    // "ip:port"
    std::map<std::string, std::optional<long long>> bans; // node id -> banneduntil (nullopt: permanent)
};

DatabaseContents
readDatabase(std::filesystem::path const& file)
{
    DatabaseContents c;
    auto db = Database::open("sqlite3://" + file.string());
    auto& sql = db->session();
    sql << "PRAGMA integrity_check", soci::into(c.integrity);
    {
        std::string ip;
        int port = 0;
        soci::statement st = (sql.prepare << "SELECT ip, port FROM peers", soci::into(ip), soci::into(port));
        st.execute(false);
        while (st.fetch())
            c.peers.insert(fmt::format("{}:{}", ip, port));
    }
    {
        std::string id;
        long long until = 0;
        soci::indicator ind = soci::i_ok;
        soci::statement st =
            (sql.prepare << "SELECT nodeid, banneduntil FROM ban", soci::into(id), soci::into(until, ind));
        st.execute(false);
        while (st.fetch())
            c.bans[id] = ind == soci::i_null ? std::nullopt : std::optional(until);
    }
    return c;
}

}

// A keeps a permanent ban (admin /ban) and an automatic one (10 failures of
// a scripted peer); three KNOWN_PEERS that refuse every dial and two peer
// processes that are killed and restarted over and over keep it writing rows.
// A is killed with SIGKILL at random moments during that churn, three times:
// each time the file passes SQLite's integrity check and holds every peer and
// both bans, and the restarted node serves the bans again.
TEST(LifecycleProcess, G10_NodeKilledWhilePeersChurnRestartsWithItsPeersAndBans)
{
    TempDir dir("so-crash");
    std::vector<std::string> dead;
    for (int i = 0; i < 3; ++i)
        dead.push_back(fmt::format("127.0.0.1:{}", unusedTcpPort()));
    NodeProcessOptions oa;
    oa.name = "a";
    oa.knownPeers = dead;
    auto a = std::make_unique<NodeProcess>(dir.path(), oa);
    ASSERT_TRUE(a->waitReady()) << a->process().describe();

    auto banned = crypto::SecretKey::random();
    ASSERT_TRUE(a->adminText("ban?node=" + publicKeyOf(banned)));
    auto failing = crypto::SecretKey::random();
    {
        Clock clock{Clock::Mode::Real};
        TcpNetwork network{clock, "127.0.0.1"};
        for (int i = 0; i < 10; ++i)
            ASSERT_TRUE(failOnce(clock, network, NodeProcessOptions{}.networkPassphrase, failing, "127.0.0.1",
                                 a->peerPort()))
                << "failure " << i;
    }
    std::set<std::string> expectedBans{publicKeyOf(banned), publicKeyOf(failing)};
    ASSERT_EQ(bansOf(*a), expectedBans);

    std::vector<NodeProcessOptions> churnOptions(2);
    std::vector<std::unique_ptr<NodeProcess>> churners;
    for (int i = 0; i < 2; ++i)
    {
        churnOptions[i].name = fmt::format("churn{}", i);
        churnOptions[i].knownPeers = {a->address()};
        churners.push_back(std::make_unique<NodeProcess>(dir.path(), churnOptions[i]));
    }
    std::set<std::string> churnAddresses{churners[0]->address(), churners[1]->address()};
    // Both churners reached A at least once: their rows exist.
    ASSERT_TRUE(eventually([&] { return a->authenticated("inbound").size() == 2; }, 20s)) << a->peers().dump(2);

    std::mt19937 rng(4);
    for (int round = 0; round < 3; ++round)
    {
        // Churn for a random 1..3 s, restarting one churner every 400 ms, then kill A.
        auto churnFor = std::chrono::milliseconds(std::uniform_int_distribution<int>(1000, 3000)(rng));
        auto until = std::chrono::steady_clock::now() + churnFor;
        int next = 0;
        while (std::chrono::steady_clock::now() < until)
        {
            auto& c = churners[next % 2];
            c->process().stop(SIGKILL, 5s);
            c = restart(dir.path(), churnOptions[next % 2], *c);
            ++next;
            std::this_thread::sleep_for(400ms); // pacing the churn, not waiting for a result
        }
        ASSERT_EQ(a->process().stop(SIGKILL, 10s), 128 + SIGKILL);

        auto contents = readDatabase(dir.path() / "a.db");
        EXPECT_EQ(contents.integrity, "ok") << "round " << round;
        for (auto const& p : dead)
            EXPECT_TRUE(contents.peers.count(p)) << p << ", round " << round;
        for (auto const& p : churnAddresses)
            EXPECT_TRUE(contents.peers.count(p)) << p << ", round " << round;
        ASSERT_EQ(contents.bans.size(), 2u) << "round " << round;
        EXPECT_EQ(contents.bans[publicKeyOf(banned)], std::nullopt);
        EXPECT_TRUE(contents.bans[publicKeyOf(failing)].has_value()); // time-limited

        a = restart(dir.path(), oa, *a);
        ASSERT_TRUE(a->waitReady()) << a->process().describe();
        EXPECT_EQ(bansOf(*a), expectedBans) << "round " << round;
    }
}

namespace
{

// Ten nodes; node i knows node i - 1, node 0 knows node 1.
class Chain : public ::testing::Test
{
  protected:
    static constexpr int N = 10;
    TempDir dir{"so-chain"};
    std::vector<NodeProcessOptions> options;
    std::vector<std::unique_ptr<NodeProcess>> nodes;

    void
    SetUp() override
    {
        std::vector<uint16_t> ports;
        for (int i = 0; i < N; ++i)
            ports.push_back(unusedTcpPort());
        for (int i = 0; i < N; ++i)
        {
            NodeProcessOptions o;
            o.name = fmt::format("n{}", i);
            o.peerPort = ports[i];
            o.knownPeers = {fmt::format("127.0.0.1:{}", ports[i == 0 ? 1 : i - 1])};
            // Ten nodes are a small world: core never dials a node that is
            // connected to it already, so a node that all nine others dialled
            // could never make an outbound connection. With at most 5 inbound
            // peers, a node short of outbound ones has two others to dial.
            o.extraConfig = "TARGET_PEER_CONNECTIONS = 3\nMAX_ADDITIONAL_PEER_CONNECTIONS = 5";
            options.push_back(o);
        }
        // A node stores its KNOWN_PEERS at its first tick, 2 s after it starts
        // (core: OverlayManagerImpl::start). Until then it has no address to
        // put in PEERS, and a node whose only outbound peer answered it with
        // nothing learns nothing more here: every other node is soon satisfied
        // and dials no one new. So each node starts once its predecessor ticked
        // (n0 and n1 know each other: they start together).
        for (int i = 0; i < N; ++i)
        {
            if (i > 1)
            {
                ASSERT_TRUE(eventually([&] { return nodes[i - 1]->counter("overlay.tick") > 0; }, 20s))
                    << nodes[i - 1]->process().describe();
            }
            nodes.push_back(std::make_unique<NodeProcess>(dir.path(), options[i]));
            ASSERT_TRUE(nodes[i]->waitReady()) << nodes[i]->process().describe();
        }
    }

    void
    TearDown() override
    {
        if (HasFailure())
            for (auto& n : nodes)
                std::cerr << n->process().name() << ": " << n->peers().dump() << "\n";
    }

    std::vector<std::size_t>
    outboundCounts()
    {
        std::vector<std::size_t> out;
        for (auto& n : nodes)
            out.push_back(n->authenticated("outbound").size());
        return out;
    }

    bool
    converged()
    {
        auto c = outboundCounts();
        return std::all_of(c.begin(), c.end(), [](std::size_t n) { return n == 3; });
    }

    // Waits for every node to hold 3 outbound peers; returns the seconds it took.
    double
    waitConverged(std::chrono::seconds timeout)
    {
        auto begin = std::chrono::steady_clock::now();
        bool ok = eventually([&] { return converged(); }, timeout, 250ms);
        EXPECT_TRUE(ok) << ::testing::PrintToString(outboundCounts());
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    }
};

}

TEST_F(Chain, TenNodesConvergeToThreeOutboundPeersEachAndBackAfterKills)
{
    auto first = waitConverged(90s);
    std::cout << "[ figures  ] chain of 10 converged to 3 outbound peers each in " << first << " s\n";

    // Each node learnt the others through PEERS: it knows more than its one KNOWN_PEERS entry.
    std::set<std::string> outboundIds;
    for (auto& n : nodes)
        for (auto const& p : n->authenticated("outbound"))
            outboundIds.insert(p["id"].get<std::string>());
    EXPECT_GE(outboundIds.size(), 8u);
    // G4: latencies measured and exposed once the 5 s pings are answered.
    EXPECT_TRUE(eventually(
        [&] {
            for (auto& n : nodes)
                for (auto const& p : n->authenticated("outbound"))
                    if (p["latency"].get<int64_t>() < 0)
                        return false;
            return true;
        },
        20s, 500ms));

    // Kill three, let the others notice, restart them on their databases.
    std::vector<int> victims{2, 5, 8};
    for (int v : victims)
        ASSERT_EQ(nodes[v]->process().stop(SIGKILL, 10s), 128 + SIGKILL);
    std::set<std::string> gone;
    for (int v : victims)
        gone.insert(nodes[v]->publicKey());
    EXPECT_TRUE(eventually(
        [&] {
            for (int i = 0; i < N; ++i)
            {
                if (gone.count(nodes[i]->publicKey()))
                    continue;
                for (auto const& dir : {"inbound", "outbound"})
                    for (auto const& p : nodes[i]->authenticated(dir))
                        if (gone.count(p["id"].get<std::string>()))
                            return false;
            }
            return true;
        },
        20s, 250ms));
    for (int v : victims)
    {
        nodes[v] = restart(dir.path(), options[v], *nodes[v]);
        ASSERT_TRUE(nodes[v]->waitReady()) << nodes[v]->process().describe();
    }
    auto again = waitConverged(90s);
    std::cout << "[ figures  ] after killing and restarting 3 nodes, back to 3 outbound peers each in " << again
              << " s\n";
}

// DATABASE = "postgresql://...": the node stores its config peers and bans in
// PostgreSQL (a schema of its own on the server PG_CONNINFO names).
TEST(LifecycleProcess, NodeRunsOnPostgreSQL)
{
    char const* conninfo = std::getenv("PG_CONNINFO");
    if (!conninfo || !*conninfo)
        GTEST_SKIP() << "PG_CONNINFO is not set: export PG_CONNINFO=\"$(scripts/pg-ci.sh start)\" to run it";
    auto schema = fmt::format("so_process_{}", ::getpid());
    auto admin = Database::open(std::string("postgresql://") + conninfo);
    admin->session() << "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
    admin->session() << "CREATE SCHEMA " + schema;
    auto url = fmt::format("postgresql://{} options='-csearch_path={}'", conninfo, schema);

    TempDir dir("so-pg-node");
    NodeProcessOptions o;
    o.name = "pg";
    o.database = url;
    o.knownPeers = {"127.0.0.1:" + std::to_string(unusedTcpPort())};
    auto node = std::make_unique<NodeProcess>(dir.path(), o);
    ASSERT_TRUE(node->waitReady()) << node->process().describe();
    auto banned = crypto::SecretKey::random().strKeyPublic();
    ASSERT_TRUE(node->adminText("ban?node=" + banned));
    // The first tick (2 s) stores the known peer.
    auto db = Database::open(url);
    auto rows = [&] {
        int n = 0;
        db->session() << "SELECT COUNT(*) FROM peers", soci::into(n);
        return n;
    };
    EXPECT_TRUE(eventually([&] { return rows() == 1; }, 10s));
    ASSERT_EQ(node->process().stop(SIGKILL, 10s), 128 + SIGKILL);
    node = restart(dir.path(), o, *node);
    ASSERT_TRUE(node->waitReady()) << node->process().describe();
    EXPECT_EQ(bansOf(*node), std::set<std::string>{banned});
    node.reset();
    db.reset();
    admin->session() << "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
}
