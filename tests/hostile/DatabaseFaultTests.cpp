// Database faults against a real `stellar-overlay run` process, on SQLite and
// PostgreSQL. At start, a database the node cannot use (a corrupt file, a
// read-only one, a server that does not answer) is refused in one sentence.
// While it runs, a database that stops taking writes (a full disk, the
// PostgreSQL server stopped) does not stop the node: honest peers go on
// exchanging messages, the outage is logged at error level and shown in
// store.outage, peer rows and bans are kept in memory (a ban made meanwhile
// is in force), and everything is written once the database works again;
// no row committed before is lost. A node killed with SIGKILL while peers
// churn keeps every committed row on PostgreSQL too.

#include "hostile/HostileSupport.h"
#include "hostile/PrivatePostgres.h"
#include "hostile/SmallDisk.h"
#include "net/TcpNetwork.h"
#include "store/Database.h"
#include "store/Soci.h"
#include "support/FailOnce.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <csignal>
#include <fstream>
#include <random>
#include <set>
#include <thread>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

struct Rows
{
    std::string integrity = "ok";
    std::set<std::string> peers; // "ip:port"
    std::set<std::string> bans;  // node ids
};

// What the database holds, read with a plain session (no migration, no probe).
Rows
readRows(std::string const& url)
{
    Rows rows;
    std::unique_ptr<soci::session> sql;
    if (url.rfind("sqlite3://", 0) == 0)
    {
        sql = std::make_unique<soci::session>(soci::sqlite3, url.substr(10));
        *sql << "PRAGMA integrity_check", soci::into(rows.integrity);
    }
    else
        sql = std::make_unique<soci::session>(soci::postgresql, url.substr(13));
    std::string ip;
    int port = 0;
    soci::statement peers = (sql->prepare << "SELECT ip, port FROM peers", soci::into(ip), soci::into(port));
    peers.execute(false);
    while (peers.fetch())
        rows.peers.insert(fmt::format("{}:{}", ip, port));
    std::string id;
    soci::statement bans = (sql->prepare << "SELECT nodeid FROM ban", soci::into(id));
    bans.execute(false);
    while (bans.fetch())
        rows.bans.insert(id.substr(0, 56)); // CHARACTER(56) pads on PostgreSQL
    return rows;
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

std::string
rowOf(HonestPeer const& peer)
{
    return fmt::format("127.0.0.1:{}", peer.listeningPort());
}

// The node refuses to start: exit code 1 and one line on stderr that names
// the DATABASE value and contains `expected`.
void
expectRefusal(std::filesystem::path const& dir, std::string const& database, std::string const& expected)
{
    NodeProcessOptions o;
    o.name = "refused";
    o.database = database;
    NodeProcess node(dir, o);
    auto code = node.process().waitExit(30s);
    ASSERT_EQ(code, 1) << node.process().describe();
    std::string last;
    std::istringstream lines(node.log());
    for (std::string line; std::getline(lines, line);)
        if (!line.empty())
            last = line;
    EXPECT_NE(last.find("DATABASE \"" + database + "\""), std::string::npos) << node.log();
    EXPECT_NE(last.find(expected), std::string::npos) << last;
}

// A node on `database` that loses it for a while (`breakIt`), then gets it
// back (`mendIt`): it serves honest peers throughout, keeps a ban and a new
// peer's row made meanwhile, and writes them once it can.
void
outageScenario(std::string const& database, std::function<void()> const& breakIt,
               std::function<void()> const& mendIt)
{
    TempDir dir("so-fault");
    NodeProcessOptions o;
    o.name = "node";
    o.database = database;
    o.logLevel = "warn";
    NodeProcess node(dir.path(), o);
    ASSERT_TRUE(node.waitReady()) << node.process().describe();
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    HonestExchange honest(clock, network, node.peerPort());
    ASSERT_TRUE(honest.connect());
    ASSERT_TRUE(honest.exchange(3));
    auto bannedBefore = crypto::SecretKey::random().strKeyPublic();
    ASSERT_TRUE(node.adminText("ban?node=" + bannedBefore));

    breakIt();
    HonestPeer newcomer(clock, NodeProcessOptions{}.networkPassphrase, crypto::SecretKey::random());
    EXPECT_TRUE(newcomer.connect(network, "127.0.0.1", node.peerPort(), 10s)) << "the node stopped serving";
    auto bannedDuring = crypto::SecretKey::random().strKeyPublic();
    ASSERT_TRUE(node.adminText("ban?node=" + bannedDuring));
    EXPECT_TRUE(eventually([&] { return node.counter("store.outage") == 1; }, 10s));
    EXPECT_GE(node.counter("store.unwritten"), 1);
    EXPECT_EQ(bansOf(node), (std::set<std::string>{bannedBefore, bannedDuring})) << "a ban made now is in force";
    EXPECT_TRUE(honest.exchange(3)) << "honest peers stopped exchanging during the outage";
    EXPECT_NE(node.log().find("the node keeps serving peers"), std::string::npos) << node.log();

    mendIt();
    EXPECT_TRUE(eventually(
        [&] { return node.counter("store.outage") == 0 && node.counter("store.unwritten") == 0; }, 30s))
        << node.process().describe();
    EXPECT_TRUE(honest.exchange(3));
    ASSERT_EQ(node.process().stop(SIGTERM, 20s), 0) << node.process().describe();

    auto rows = readRows(database);
    EXPECT_EQ(rows.integrity, "ok");
    for (auto const* peer : {&honest.a(), &honest.b(), &newcomer})
        EXPECT_TRUE(rows.peers.count(rowOf(*peer))) << rowOf(*peer);
    EXPECT_EQ(rows.bans, (std::set<std::string>{bannedBefore, bannedDuring}));
}

}

TEST(DatabaseFaults, SQLite_FileThatIsNotADatabaseIsRefusedAtStartInOneSentence)
{
    TempDir dir("so-fault");
    auto file = dir.path() / "garbage.db";
    std::ofstream(file) << std::string(8192, 'x');
    expectRefusal(dir.path(), "sqlite3://" + file.string(), "could not be opened (file is not a database)");
}

TEST(DatabaseFaults, SQLite_DamagedFileIsRefusedAtStartInOneSentence)
{
    TempDir dir("so-fault");
    auto url = "sqlite3://" + (dir.path() / "damaged.db").string();
    {
        // A real node's database, with rows on several pages.
        auto db = Database::open(url);
        for (int i = 0; i < 2000; ++i)
            db->session() << fmt::format("INSERT INTO peers VALUES ('10.0.{}.{}', 11625, '2026-01-01 00:00:00', 0, 0)",
                                         i / 250, i % 250);
        db->session() << "PRAGMA wal_checkpoint(TRUNCATE)";
    }
    {
        // Scribble over the second page onward, past the file header.
        std::fstream f(dir.path() / "damaged.db", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096);
        std::string junk(16384, '\xA5');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    expectRefusal(dir.path(), url, "is corrupt (quick_check:");
}

TEST(DatabaseFaults, SQLite_ReadOnlyDatabaseIsRefusedAtStartInOneSentence)
{
    SmallDisk disk(4 << 20);
    if (disk.unavailable())
        GTEST_SKIP() << *disk.unavailable();
    auto url = "sqlite3://" + (disk.path() / "node.db").string();
    Database::open(url).reset();
    ASSERT_TRUE(disk.remountReadOnly());
    TempDir dir("so-fault");
    expectRefusal(dir.path(), url, "expected an SQLite file, in a directory, that this user can read and write");
}

TEST(DatabaseFaults, SQLite_FullDiskWhileRunningKeepsServingAndWritesOnceThereIsRoom)
{
    SmallDisk disk(4 << 20);
    if (disk.unavailable())
        GTEST_SKIP() << *disk.unavailable();
    outageScenario("sqlite3://" + (disk.path() / "node.db").string(), [&] { disk.fill(); },
                   [&] { disk.makeRoom(); });
}

TEST(DatabaseFaults, PostgreSQL_UnreachableServerIsRefusedAtStartInOneSentence)
{
    TempDir dir("so-fault");
    auto url = fmt::format("postgresql://host=127.0.0.1 port={} dbname=none user=postgres connect_timeout=5",
                           unusedTcpPort());
    expectRefusal(dir.path(), url, "expected a PostgreSQL server that accepts this connection");
}

TEST(DatabaseFaults, PostgreSQL_ServerStoppedWhileRunningKeepsServingAndWritesOnceItIsBack)
{
    PrivatePostgres pg;
    if (pg.unavailable())
        GTEST_SKIP() << *pg.unavailable();
    outageScenario(pg.url(), [&] { ASSERT_TRUE(pg.pause()); }, [&] { ASSERT_TRUE(pg.resume()); });
}

namespace
{

std::unique_ptr<NodeProcess>
restart(std::filesystem::path const& dir, NodeProcessOptions options, NodeProcess const& was)
{
    options.seed = was.seed();
    options.peerPort = was.peerPort();
    options.httpPort = was.httpPort();
    return std::make_unique<NodeProcess>(dir, options);
}

}

// A node on PostgreSQL holds a permanent ban (admin /ban), an automatic one
// (10 failures) and the rows of three KNOWN_PEERS that refuse every dial and
// of two peer processes restarted over and over. It is killed with SIGKILL at
// random moments of that churn, three times: each time the server holds every
// committed row and both bans, and the restarted node serves the bans again.
TEST(DatabaseFaults, PostgreSQL_NodeKilledWhilePeersChurnKeepsEveryCommittedRow)
{
    PrivatePostgres pg;
    if (pg.unavailable())
        GTEST_SKIP() << *pg.unavailable();
    TempDir dir("so-fault");
    std::vector<std::string> dead;
    for (int i = 0; i < 3; ++i)
        dead.push_back(fmt::format("127.0.0.1:{}", unusedTcpPort()));
    NodeProcessOptions oa;
    oa.name = "a";
    oa.database = pg.url();
    oa.knownPeers = dead;
    auto a = std::make_unique<NodeProcess>(dir.path(), oa);
    ASSERT_TRUE(a->waitReady()) << a->process().describe();

    auto banned = crypto::SecretKey::random().strKeyPublic();
    ASSERT_TRUE(a->adminText("ban?node=" + banned));
    auto failing = crypto::SecretKey::random();
    {
        Clock clock{Clock::Mode::Real};
        TcpNetwork network{clock, "127.0.0.1"};
        for (int i = 0; i < 10; ++i)
            ASSERT_TRUE(failOnce(clock, network, NodeProcessOptions{}.networkPassphrase, failing, "127.0.0.1",
                                 a->peerPort()))
                << "failure " << i;
    }
    std::set<std::string> expectedBans{banned, failing.strKeyPublic()};
    ASSERT_EQ(bansOf(*a), expectedBans);

    std::vector<NodeProcessOptions> churnOptions(2);
    std::vector<std::unique_ptr<NodeProcess>> churners;
    for (int i = 0; i < 2; ++i)
    {
        churnOptions[i].name = fmt::format("churn{}", i);
        churnOptions[i].knownPeers = {a->address()};
        churners.push_back(std::make_unique<NodeProcess>(dir.path(), churnOptions[i]));
    }
    ASSERT_TRUE(eventually([&] { return a->authenticated("inbound").size() == 2; }, 20s)) << a->peers().dump(2);

    std::mt19937 rng(11);
    for (int round = 0; round < 3; ++round)
    {
        auto churnFor = std::chrono::milliseconds(std::uniform_int_distribution<int>(1000, 3000)(rng));
        auto until = std::chrono::steady_clock::now() + churnFor;
        for (int next = 0; std::chrono::steady_clock::now() < until; ++next)
        {
            auto& c = churners[next % 2];
            c->process().stop(SIGKILL, 5s);
            c = restart(dir.path(), churnOptions[next % 2], *c);
            std::this_thread::sleep_for(400ms); // pacing the churn, not waiting for a result
        }
        ASSERT_EQ(a->process().stop(SIGKILL, 10s), 128 + SIGKILL);

        auto rows = readRows(pg.url());
        for (auto const& p : dead)
            EXPECT_TRUE(rows.peers.count(p)) << p << ", round " << round;
        for (auto const& c : churners)
            EXPECT_TRUE(rows.peers.count(c->address())) << c->address() << ", round " << round;
        EXPECT_EQ(rows.bans, expectedBans) << "round " << round;

        a = restart(dir.path(), oa, *a);
        ASSERT_TRUE(a->waitReady()) << a->process().describe();
        EXPECT_EQ(bansOf(*a), expectedBans) << "round " << round;
    }
}
