// BanManager against SQLite and PostgreSQL: the same bodies run on both.

#include "overlay/BanManager.h"

#include "store/Database.h"
#include "store/Soci.h"
#include "store/SqlTimestamp.h"
#include "store/TestDatabases.h"
#include "util/Limits.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

// Strkey-shaped ids (checksums are crypto/'s business, not the ban table's).
std::string const NODE_A = "GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
std::string const NODE_B = "GBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
std::string const NODE_C = "GCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";

std::string
nodeId(std::size_t n)
{
    static char const alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string id = "G";
    for (int k = 0; k < 55; ++k)
    {
        id.push_back(alphabet[n & 31]);
        n >>= 5;
    }
    return id;
}

}

TEST(BanManagerRules, NodeIdsAreStrKeyShaped)
{
    EXPECT_TRUE(isNodeIdStrKey(NODE_A));
    EXPECT_TRUE(isNodeIdStrKey("GDKXE2OZMJIPOSLNA6N6F2BVCI3O777I2OOC4BV7VOYUEHYX7RTRYA7Y"));
    EXPECT_FALSE(isNodeIdStrKey(""));
    EXPECT_FALSE(isNodeIdStrKey(NODE_A.substr(1)));
    EXPECT_FALSE(isNodeIdStrKey(NODE_A + "A"));
    EXPECT_FALSE(isNodeIdStrKey("SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")); // a seed
    EXPECT_FALSE(isNodeIdStrKey("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAa1"));
    EXPECT_FALSE(isNodeIdStrKey("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'"));
}

class BanManagerTest : public BackendTest
{
  protected:
    void SetUp() override
    {
        BackendTest::SetUp();
        if (IsSkipped())
            return;
        bans_.emplace(db(), clock);
    }
    void TearDown() override
    {
        bans_.reset();
        BackendTest::TearDown();
    }

    BanManager& bans() { return *bans_; }
    SystemTimePoint now() const { return clock.systemNow(); }
    long long rowCount()
    {
        long long n = 0;
        db().session() << "SELECT COUNT(*) FROM ban", soci::into(n);
        return n;
    }

    Clock clock{Clock::Mode::Virtual};

  private:
    std::optional<BanManager> bans_;
};
INSTANTIATE_BACKENDS(BanManagerTest);

TEST_P(BanManagerTest, PermanentBanHoldsUntilUnbanned)
{
    EXPECT_FALSE(bans().isBanned(NODE_A));
    bans().banNode(NODE_A);
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_FALSE(bans().isBanned(NODE_B));
    clock.crankFor(std::chrono::hours{24 * 365 * 10});
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_A, std::nullopt}}));
    EXPECT_EQ(bans().clearExpiredBans(), 0u);

    std::string id;
    long long until = 0;
    soci::indicator ind = soci::i_ok;
    db().session() << "SELECT nodeid, banneduntil FROM ban", soci::into(id), soci::into(until, ind);
    EXPECT_EQ(id, NODE_A);
    EXPECT_EQ(ind, soci::i_null); // core's meaning: a row without expiry is a ban for good

    bans().unbanNode(NODE_A);
    EXPECT_FALSE(bans().isBanned(NODE_A));
    EXPECT_EQ(rowCount(), 0);
}

TEST_P(BanManagerTest, BanningTwiceKeepsOneRowAndUnbanningAnUnknownNodeIsHarmless)
{
    bans().banNode(NODE_A);
    bans().banNode(NODE_A);
    EXPECT_EQ(rowCount(), 1);
    EXPECT_NO_THROW(bans().unbanNode(NODE_B));
    EXPECT_EQ(rowCount(), 1);
}

TEST_P(BanManagerTest, MalformedNodeIdsAreRefusedInOneSentence)
{
    try
    {
        bans().banNode("GABC");
        FAIL() << "banNode accepted a malformed id";
    }
    catch (std::invalid_argument const& e)
    {
        EXPECT_STREQ(e.what(), "node id \"GABC\" is not a public key strkey: expected \"G\" followed by 55 "
                               "characters of A-Z and 2-7");
    }
    EXPECT_THROW(bans().banNodeUntil("x'; DROP TABLE ban; --", now() + 1h), std::invalid_argument);
    EXPECT_THROW(bans().unbanNode(""), std::invalid_argument);
    EXPECT_THROW(bans().recordFailure("G"), std::invalid_argument);
    EXPECT_FALSE(bans().isBanned("GABC"));
    EXPECT_EQ(rowCount(), 0);
}

// G10: a time-limited ban holds while now < until and stops on its own.
TEST_P(BanManagerTest, G10_TimeLimitedBanEndsAtItsTimeAndTheTickClearsIt)
{
    bans().banNodeUntil(NODE_A, now() + 5min);
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_A, now() + 5min}}));
    clock.crankFor(5min - 1s);
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().clearExpiredBans(), 0u);
    clock.crankFor(1s);
    EXPECT_FALSE(bans().isBanned(NODE_A)); // before the tick clears the row
    EXPECT_TRUE(bans().getBans().empty());
    EXPECT_EQ(rowCount(), 1);
    EXPECT_EQ(bans().clearExpiredBans(), 1u);
    EXPECT_EQ(rowCount(), 0);
}

TEST_P(BanManagerTest, G10_BanEndIsStoredAsUnixSecondsRoundedUp)
{
    bans().banNodeUntil(NODE_A, now() + 1500ms);
    long long until = 0;
    db().session() << "SELECT banneduntil FROM ban", soci::into(until);
    EXPECT_EQ(until, toUnixSeconds(now()) + 2);
    clock.crankFor(1999ms);
    EXPECT_TRUE(bans().isBanned(NODE_A));
    clock.crankFor(1ms);
    EXPECT_FALSE(bans().isBanned(NODE_A));
}

TEST_P(BanManagerTest, G10_BansAreNeverShortened)
{
    bans().banNode(NODE_A);
    bans().banNodeUntil(NODE_A, now() + 1min);
    bans().banNodeUntil(NODE_B, now() + 1h);
    bans().banNodeUntil(NODE_B, now() + 1min);
    bans().banNodeUntil(NODE_C, now() + 1min);
    bans().banNode(NODE_C);
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{
                                    {NODE_A, std::nullopt}, {NODE_B, now() + 1h}, {NODE_C, std::nullopt}}));
}

TEST_P(BanManagerTest, G10_ClearingExpiredBansKeepsPermanentAndRunningOnes)
{
    bans().banNode(NODE_A);
    bans().banNodeUntil(NODE_B, now() + 1min);
    bans().banNodeUntil(NODE_C, now() + 10min);
    clock.crankFor(2min);
    EXPECT_EQ(bans().clearExpiredBans(), 1u);
    EXPECT_EQ(bans().getBans(),
              (std::vector<BanManager::Ban>{{NODE_A, std::nullopt}, {NODE_C, now() + 8min}}));
    EXPECT_EQ(rowCount(), 2);
}

// G10: AUTO_BAN_FAILURE_THRESHOLD (10) failures ban a node for
// AUTO_BAN_DURATION (5 min); the count starts again after the ban.
TEST_P(BanManagerTest, G10_TenthFailureBansForFiveMinutes)
{
    for (int i = 1; i <= 9; ++i)
        EXPECT_FALSE(bans().recordFailure(NODE_A)) << i;
    EXPECT_EQ(bans().failureCount(NODE_A), 9u);
    EXPECT_FALSE(bans().isBanned(NODE_A));
    auto bannedAt = now();
    EXPECT_TRUE(bans().recordFailure(NODE_A));
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_A, bannedAt + AUTO_BAN_DURATION}}));
    EXPECT_EQ(bans().failureCount(NODE_A), 0u);

    // Failures while banned are not counted (the node is refused at HELLO).
    EXPECT_FALSE(bans().recordFailure(NODE_A));
    EXPECT_EQ(bans().failureCount(NODE_A), 0u);

    clock.crankFor(AUTO_BAN_DURATION);
    EXPECT_FALSE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().clearExpiredBans(), 1u);
    for (int i = 1; i <= 9; ++i)
        EXPECT_FALSE(bans().recordFailure(NODE_A)) << i;
    EXPECT_TRUE(bans().recordFailure(NODE_A));
    EXPECT_TRUE(bans().isBanned(NODE_A));
}

TEST_P(BanManagerTest, G10_FailuresOfAPermanentlyBannedNodeChangeNothing)
{
    bans().banNode(NODE_A);
    for (int i = 0; i < 20; ++i)
        EXPECT_FALSE(bans().recordFailure(NODE_A));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_A, std::nullopt}}));
}

TEST_P(BanManagerTest, G10_ThresholdIsConfigurableAndZeroTurnsAutoBansOff)
{
    BanManager strict{db(), clock, 3};
    EXPECT_FALSE(strict.recordFailure(NODE_B));
    EXPECT_FALSE(strict.recordFailure(NODE_B));
    EXPECT_TRUE(strict.recordFailure(NODE_B));

    BanManager lenient{db(), clock, 0};
    for (int i = 0; i < 50; ++i)
        EXPECT_FALSE(lenient.recordFailure(NODE_C));
    EXPECT_FALSE(lenient.isBanned(NODE_C));
}

TEST_P(BanManagerTest, G10_ForgettingAndUnbanningResetTheCount)
{
    for (int i = 0; i < 9; ++i)
        bans().recordFailure(NODE_A);
    bans().forgetFailures(NODE_A);
    EXPECT_EQ(bans().failureCount(NODE_A), 0u);
    EXPECT_FALSE(bans().recordFailure(NODE_A));
    EXPECT_EQ(bans().failureCount(NODE_A), 1u);

    for (int i = 0; i < 8; ++i)
        bans().recordFailure(NODE_B);
    bans().unbanNode(NODE_B);
    EXPECT_EQ(bans().failureCount(NODE_B), 0u);
}

TEST_P(BanManagerTest, BansSurviveReopeningTheDatabase)
{
    bans().banNode(NODE_A);
    bans().banNodeUntil(NODE_B, now() + 5min);
    testDb().close();
    auto reopened = Database::open(testDb().url());
    BanManager again{*reopened, clock};
    EXPECT_EQ(again.getBans(), (std::vector<BanManager::Ban>{{NODE_A, std::nullopt}, {NODE_B, now() + 5min}}));
}

// Without its table the database fails every statement: bans made before
// and meanwhile (the automatic one too) hold, from memory.
TEST_P(BanManagerTest, BansHoldWhenTheTableIsGone)
{
    bans().banNode(NODE_A);
    db().session() << "DROP TABLE ban";
    EXPECT_TRUE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().clearExpiredBans(), 0u);
    bans().banNode(NODE_B);
    EXPECT_TRUE(bans().isBanned(NODE_B));
    for (int i = 0; i < 9; ++i)
        bans().recordFailure(NODE_C);
    EXPECT_TRUE(bans().recordFailure(NODE_C));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_A, std::nullopt},
                                                              {NODE_B, std::nullopt},
                                                              {NODE_C, now() + AUTO_BAN_DURATION}}));
    EXPECT_EQ(bans().unwrittenCount(), 2u);
    EXPECT_TRUE(db().health().inOutage());
}

// Counts are kept for at most AUTO_BAN_MAX_TRACKED_NODES nodes; the least
// recently failed is forgotten first. SQLite in memory only: the point is the
// bound, not the backend.
TEST(BanManagerMemory, G10_FailureCountsAreBoundedLeastRecentlyFailedFirst)
{
    auto db = Database::open("sqlite3://:memory:");
    Clock clock{Clock::Mode::Virtual};
    BanManager bans{*db, clock};
    bans.recordFailure(nodeId(0));
    bans.recordFailure(nodeId(1));
    for (std::size_t n = 2; n < AUTO_BAN_MAX_TRACKED_NODES; ++n)
        bans.recordFailure(nodeId(n));
    bans.recordFailure(nodeId(0)); // 0 is now the most recent; 1 the least
    bans.recordFailure(nodeId(AUTO_BAN_MAX_TRACKED_NODES));
    EXPECT_EQ(bans.failureCount(nodeId(0)), 2u);
    EXPECT_EQ(bans.failureCount(nodeId(1)), 0u);
    EXPECT_EQ(bans.failureCount(nodeId(2)), 1u);
    EXPECT_EQ(bans.failureCount(nodeId(AUTO_BAN_MAX_TRACKED_NODES)), 1u);
}

// A ban or unban the database refuses is in force at once, kept in memory,
// and written once the database takes writes again.
TEST_P(BanManagerTest, BansTheDatabaseRefusesHoldAndAreWrittenOnceItTakesWritesAgain)
{
    bans().banNode(NODE_A);
    refuseWrites(db(), true);
    bans().banNodeUntil(NODE_B, now() + 5min);
    bans().unbanNode(NODE_A);
    EXPECT_TRUE(bans().isBanned(NODE_B));
    EXPECT_FALSE(bans().isBanned(NODE_A));
    EXPECT_EQ(bans().getBans(), (std::vector<BanManager::Ban>{{NODE_B, now() + 5min}}));
    EXPECT_EQ(bans().unwrittenCount(), 2u);

    refuseWrites(db(), false);
    EXPECT_TRUE(db().health().retryNow());
    EXPECT_EQ(bans().unwrittenCount(), 0u);
    testDb().close();
    auto reopened = Database::open(testDb().url());
    BanManager again{*reopened, clock};
    EXPECT_EQ(again.getBans(), (std::vector<BanManager::Ban>{{NODE_B, now() + 5min}}));
}

// At most MAX_UNWRITTEN_BANS changes wait in memory. SQLite only: the point
// is the bound.
TEST(BanManagerMemory, UnwrittenBansAreBoundedByMaxUnwrittenBans)
{
    auto db = Database::open("sqlite3://:memory:");
    Clock clock{Clock::Mode::Virtual};
    BanManager bans{*db, clock};
    refuseWrites(*db, true);
    for (std::size_t n = 0; n <= MAX_UNWRITTEN_BANS; ++n)
        bans.banNode(nodeId(n));
    EXPECT_EQ(bans.unwrittenCount(), MAX_UNWRITTEN_BANS);
    EXPECT_EQ(db->health().unwritten(), MAX_UNWRITTEN_BANS);
    // In force until the node restarts, even where it could not be kept.
    EXPECT_TRUE(bans.isBanned(nodeId(MAX_UNWRITTEN_BANS)));
}
