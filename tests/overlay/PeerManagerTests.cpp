// PeerManager against SQLite and PostgreSQL: the same bodies run on both.

#include "overlay/PeerManager.h"
#include "overlay/RandomPeerSource.h"

#include "store/Database.h"
#include "store/Soci.h"
#include "store/TestDatabases.h"
#include "util/Limits.h"
#include "util/Random.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

using TypeUpdate = PeerManager::TypeUpdate;
using BackOffUpdate = PeerManager::BackOffUpdate;

namespace
{

PeerBareAddress
addr(std::string_view text)
{
    return PeerBareAddress::parse(text).value();
}

// A query for one type filter, every other condition off unless given.
PeerQuery
queryFor(PeerTypeFilter filter, bool useNextAttempt = false, std::optional<uint32_t> maxNumFailures = std::nullopt)
{
    return {.useNextAttempt = useNextAttempt, .maxNumFailures = maxNumFailures, .typeFilter = filter};
}

std::set<std::string>
asSet(std::vector<PeerBareAddress> const& addresses)
{
    std::set<std::string> out;
    for (auto const& a : addresses)
        out.insert(a.toString());
    return out;
}

}

// Pure rules first: no database.

// core: getTypeUpdate
TEST(PeerManagerRules, TypeUpdateForObservedTypeFollowsStellarCore)
{
    using enum PeerType;
    auto f = PeerManager::typeUpdateFor;
    for (auto stored : {INBOUND, OUTBOUND, PREFERRED})
    {
        for (auto known : {PreferredTypeKnown::NO, PreferredTypeKnown::YES})
        {
            EXPECT_EQ(f(stored, PREFERRED, known), TypeUpdate::SET_PREFERRED);
            EXPECT_EQ(f(stored, INBOUND, known), TypeUpdate::ENSURE_NOT_PREFERRED);
        }
    }
    EXPECT_EQ(f(PREFERRED, OUTBOUND, PreferredTypeKnown::YES), TypeUpdate::ENSURE_NOT_PREFERRED);
    EXPECT_EQ(f(PREFERRED, OUTBOUND, PreferredTypeKnown::NO), TypeUpdate::ENSURE_OUTBOUND);
    EXPECT_EQ(f(OUTBOUND, OUTBOUND, PreferredTypeKnown::YES), TypeUpdate::ENSURE_OUTBOUND);
    EXPECT_EQ(f(INBOUND, OUTBOUND, PreferredTypeKnown::YES), TypeUpdate::ENSURE_OUTBOUND);
}

// random(1, 2^min(n, 10) * 10 s), spec §10.3's table.
TEST(PeerManagerRules, BackoffStaysWithinOneSecondAndTheCapForEachFailureCount)
{
    reseedRandom(7);
    for (uint32_t failures = 0; failures <= 13; ++failures)
    {
        int64_t cap = (int64_t{1} << std::min<uint32_t>(failures, MAX_BACKOFF_EXPONENT)) * 10;
        int64_t least = cap, most = 0;
        for (int i = 0; i < 4000; ++i)
        {
            auto b = computeBackoff(failures).count();
            least = std::min(least, b);
            most = std::max(most, b);
        }
        EXPECT_GE(least, 1) << failures;
        EXPECT_LE(most, cap) << failures;
        // Spread over the whole range: the top tenth is reached, and the bottom tenth.
        EXPECT_GT(most, cap - cap / 10) << failures;
        EXPECT_LE(least, std::max<int64_t>(1, cap / 10)) << failures;
    }
}

TEST(PeerManagerRules, BackoffRepeatsUnderTheSameSeed)
{
    reseedRandom(99);
    std::vector<int64_t> first, second;
    for (int i = 0; i < 20; ++i)
        first.push_back(computeBackoff(static_cast<uint32_t>(i)).count());
    reseedRandom(99);
    for (int i = 0; i < 20; ++i)
        second.push_back(computeBackoff(static_cast<uint32_t>(i)).count());
    EXPECT_EQ(first, second);
}

class PeerManagerTest : public BackendTest
{
  protected:
    void SetUp() override
    {
        BackendTest::SetUp();
        if (IsSkipped())
            return;
        reseedRandom(42);
        peers_.emplace(db(), clock);
    }
    void TearDown() override
    {
        peers_.reset();
        BackendTest::TearDown();
    }

    PeerManager& peers() { return *peers_; }
    SystemTimePoint now() const { return clock.systemNow(); }
    void put(std::string_view text, uint32_t failures, PeerType type, ClockDuration fromNow = 0s)
    {
        peers().store(addr(text), PeerRecord{now() + std::chrono::duration_cast<std::chrono::seconds>(fromNow),
                                             failures, type});
    }
    PeerRecord row(std::string_view text) { return peers().load(addr(text)).value(); }

    Clock clock{Clock::Mode::Virtual};

  private:
    std::optional<PeerManager> peers_;
};
INSTANTIATE_BACKENDS(PeerManagerTest);

TEST_P(PeerManagerTest, UnknownPeerLoadsAsNothing)
{
    EXPECT_EQ(peers().load(addr("1.2.3.4:11625")), std::nullopt);
    EXPECT_TRUE(peers().loadAll().empty());
}

TEST_P(PeerManagerTest, StoreInsertsThenReplacesTheRow)
{
    PeerRecord first{now() + 30s, 3, PeerType::OUTBOUND};
    peers().store(addr("1.2.3.4:11625"), first);
    EXPECT_EQ(peers().load(addr("1.2.3.4:11625")), first);
    PeerRecord second{now() + 10240s, 11, PeerType::PREFERRED};
    peers().store(addr("1.2.3.4:11625"), second);
    EXPECT_EQ(peers().load(addr("1.2.3.4:11625")), second);
    EXPECT_EQ(peers().load(addr("1.2.3.4:11626")), std::nullopt);
    EXPECT_EQ(peers().loadAll().size(), 1u);
}

// nextattempt is a TIMESTAMP: whole seconds, written as core's UTC text on
// both backends.
TEST_P(PeerManagerTest, NextAttemptIsStoredAsUtcTimestampInWholeSeconds)
{
    peers().store(addr("1.2.3.4:11625"), PeerRecord{now() + 10s + 750ms, 0, PeerType::INBOUND});
    EXPECT_EQ(row("1.2.3.4:11625").nextAttempt, now() + 10s);
    std::string text;
    db().session() << (onSqlite() ? "SELECT nextattempt FROM peers" : "SELECT CAST(nextattempt AS TEXT) FROM peers"),
        soci::into(text);
    EXPECT_EQ(text, "2025-01-01 00:00:10");
}

TEST_P(PeerManagerTest, EnsureExistsAddsAnInboundPeerDialableNowAndKeepsAnExistingRow)
{
    peers().ensureExists(addr("1.2.3.4:11625"));
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now(), 0, PeerType::INBOUND}));
    put("5.6.7.8:11625", 4, PeerType::PREFERRED, 60s);
    peers().ensureExists(addr("5.6.7.8:11625"));
    EXPECT_EQ(row("5.6.7.8:11625"), (PeerRecord{now() + 60s, 4, PeerType::PREFERRED}));
}

// Promotion moves INBOUND -> OUTBOUND -> PREFERRED; only ENSURE_NOT_PREFERRED
// moves back, and only to OUTBOUND (core: PeerManager::update(PeerRecord&, TypeUpdate)).
TEST_P(PeerManagerTest, TypeUpdatesFollowStellarCorePromotionRules)
{
    using enum PeerType;
    std::vector<std::tuple<PeerType, TypeUpdate, PeerType>> const table{
        {INBOUND, TypeUpdate::ENSURE_OUTBOUND, OUTBOUND},
        {OUTBOUND, TypeUpdate::ENSURE_OUTBOUND, OUTBOUND},
        {PREFERRED, TypeUpdate::ENSURE_OUTBOUND, PREFERRED},
        {INBOUND, TypeUpdate::SET_PREFERRED, PREFERRED},
        {OUTBOUND, TypeUpdate::SET_PREFERRED, PREFERRED},
        {PREFERRED, TypeUpdate::SET_PREFERRED, PREFERRED},
        {INBOUND, TypeUpdate::ENSURE_NOT_PREFERRED, INBOUND},
        {OUTBOUND, TypeUpdate::ENSURE_NOT_PREFERRED, OUTBOUND},
        {PREFERRED, TypeUpdate::ENSURE_NOT_PREFERRED, OUTBOUND},
    };
    int port = 1;
    for (auto const& [stored, update, expected] : table)
    {
        auto a = *PeerBareAddress::fromIPv4({1, 2, 3, 4}, static_cast<uint32_t>(port++));
        PeerRecord before{now() + 20s, 2, stored};
        peers().store(a, before);
        peers().update(a, update);
        EXPECT_EQ(peers().load(a), (PeerRecord{now() + 20s, 2, expected}))
            << static_cast<int>(stored) << " + " << static_cast<int>(update);
    }
}

TEST_P(PeerManagerTest, UpdatingAnUnknownPeerCreatesItFromTheDefaultRow)
{
    peers().update(addr("1.2.3.4:11625"), TypeUpdate::ENSURE_OUTBOUND);
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now(), 0, PeerType::OUTBOUND}));
    peers().update(addr("1.2.3.5:11625"), TypeUpdate::ENSURE_NOT_PREFERRED);
    EXPECT_EQ(row("1.2.3.5:11625"), (PeerRecord{now(), 0, PeerType::INBOUND}));
}

TEST_P(PeerManagerTest, HardResetMakesThePeerDialableNow)
{
    put("1.2.3.4:11625", 7, PeerType::OUTBOUND, 900s);
    peers().update(addr("1.2.3.4:11625"), BackOffUpdate::HARD_RESET);
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now(), 0, PeerType::OUTBOUND}));
}

TEST_P(PeerManagerTest, ResetClearsFailuresAndWaitsOneToTenSeconds)
{
    put("1.2.3.4:11625", 7, PeerType::OUTBOUND, 900s);
    peers().update(addr("1.2.3.4:11625"), BackOffUpdate::RESET);
    auto r = row("1.2.3.4:11625");
    EXPECT_EQ(r.numFailures, 0u);
    EXPECT_GE(r.nextAttempt, now() + 1s);
    EXPECT_LE(r.nextAttempt, now() + 10s);
}

// E29: the overlay applies INCREASE before every dial.
TEST_P(PeerManagerTest, IncreaseCountsUpAndBacksOffWithinTheExponentialCap)
{
    auto a = addr("1.2.3.4:11625");
    peers().ensureExists(a);
    for (uint32_t n = 1; n <= 12; ++n)
    {
        peers().update(a, BackOffUpdate::INCREASE);
        auto r = row("1.2.3.4:11625");
        EXPECT_EQ(r.numFailures, n);
        auto cap = std::chrono::seconds{(int64_t{1} << std::min<uint32_t>(n, 10)) * 10};
        EXPECT_GE(r.nextAttempt, now() + 1s) << n;
        EXPECT_LE(r.nextAttempt, now() + cap) << n;
        EXPECT_EQ(r.type, PeerType::INBOUND);
    }
}

TEST_P(PeerManagerTest, TypeAndBackOffUpdateTogether)
{
    put("1.2.3.4:11625", 5, PeerType::INBOUND, 100s);
    peers().update(addr("1.2.3.4:11625"), TypeUpdate::SET_PREFERRED, BackOffUpdate::HARD_RESET);
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now(), 0, PeerType::PREFERRED}));
}

// core's storePeerList at startup: update(peer, OUTBOUND, preferredTypeKnown
// false, HARD_RESET) keeps a PREFERRED row preferred; after AUTH
// (preferredTypeKnown true) a peer no longer preferred is demoted.
TEST_P(PeerManagerTest, ObservedTypeUpdatesDemotePreferredOnlyWhenKnown)
{
    put("1.2.3.4:11625", 3, PeerType::PREFERRED, 50s);
    peers().update(addr("1.2.3.4:11625"), PeerType::OUTBOUND, PreferredTypeKnown::NO, BackOffUpdate::HARD_RESET);
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now(), 0, PeerType::PREFERRED}));
    peers().update(addr("1.2.3.4:11625"), PeerType::OUTBOUND, PreferredTypeKnown::YES);
    EXPECT_EQ(row("1.2.3.4:11625").type, PeerType::OUTBOUND);
    peers().update(addr("5.5.5.5:11625"), PeerType::INBOUND, PreferredTypeKnown::YES);
    EXPECT_EQ(row("5.5.5.5:11625").type, PeerType::INBOUND);
}

// G13: random candidate queries filtered by direction.
TEST_P(PeerManagerTest, G13_RandomPeersAreFilteredByDirection)
{
    put("1.0.0.1:1", 0, PeerType::INBOUND);
    put("1.0.0.2:1", 0, PeerType::INBOUND);
    put("2.0.0.1:1", 0, PeerType::OUTBOUND);
    put("2.0.0.2:1", 0, PeerType::OUTBOUND);
    put("3.0.0.1:1", 0, PeerType::PREFERRED);
    auto query = [&](PeerTypeFilter filter) {
        return asSet(peers().loadRandomPeers(queryFor(filter), 100));
    };
    EXPECT_EQ(query(PeerTypeFilter::INBOUND_ONLY), (std::set<std::string>{"1.0.0.1:1", "1.0.0.2:1"}));
    EXPECT_EQ(query(PeerTypeFilter::OUTBOUND_ONLY), (std::set<std::string>{"2.0.0.1:1", "2.0.0.2:1"}));
    EXPECT_EQ(query(PeerTypeFilter::PREFERRED_ONLY), (std::set<std::string>{"3.0.0.1:1"}));
    EXPECT_EQ(query(PeerTypeFilter::ANY_OUTBOUND), (std::set<std::string>{"2.0.0.1:1", "2.0.0.2:1", "3.0.0.1:1"}));
}

TEST_P(PeerManagerTest, RandomPeersHonourNextAttemptAsTimePasses)
{
    put("1.0.0.1:1", 0, PeerType::OUTBOUND, -1s);
    put("1.0.0.2:1", 0, PeerType::OUTBOUND, 0s);
    put("1.0.0.3:1", 0, PeerType::OUTBOUND, 1s);
    put("1.0.0.4:1", 0, PeerType::OUTBOUND, 86400s);
    auto dialable = queryFor(PeerTypeFilter::OUTBOUND_ONLY, /*useNextAttempt=*/true);
    EXPECT_EQ(asSet(peers().loadRandomPeers(dialable, 10)), (std::set<std::string>{"1.0.0.1:1", "1.0.0.2:1"}));
    clock.crankFor(1s);
    EXPECT_EQ(asSet(peers().loadRandomPeers(dialable, 10)),
              (std::set<std::string>{"1.0.0.1:1", "1.0.0.2:1", "1.0.0.3:1"}));
    auto any = queryFor(PeerTypeFilter::OUTBOUND_ONLY);
    EXPECT_EQ(peers().loadRandomPeers(any, 10).size(), 4u);
}

TEST_P(PeerManagerTest, RandomPeersHonourMaxFailures)
{
    put("1.0.0.1:1", 9, PeerType::OUTBOUND);
    put("1.0.0.2:1", 10, PeerType::OUTBOUND);
    put("1.0.0.3:1", 11, PeerType::OUTBOUND);
    auto query = queryFor(PeerTypeFilter::ANY_OUTBOUND, /*useNextAttempt=*/false, /*maxNumFailures=*/10);
    EXPECT_EQ(asSet(peers().loadRandomPeers(query, 10)), (std::set<std::string>{"1.0.0.1:1", "1.0.0.2:1"}));
}

TEST_P(PeerManagerTest, RandomPeersAreAtMostSizeInASeededRandomOrder)
{
    for (int i = 1; i <= 30; ++i)
        put(fmt::format("1.0.0.{}:1", i), 0, PeerType::OUTBOUND);
    auto query = queryFor(PeerTypeFilter::OUTBOUND_ONLY);
    EXPECT_TRUE(peers().loadRandomPeers(query, 0).empty());

    reseedRandom(1);
    auto a = peers().loadRandomPeers(query, 10);
    reseedRandom(1);
    auto b = peers().loadRandomPeers(query, 10);
    reseedRandom(2);
    auto c = peers().loadRandomPeers(query, 10);
    EXPECT_EQ(a.size(), 10u);
    EXPECT_EQ(asSet(a).size(), 10u);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    auto all = peers().loadRandomPeers(query, 100);
    EXPECT_EQ(all.size(), 30u);
    EXPECT_EQ(asSet(all).size(), 30u);
    EXPECT_FALSE(std::is_sorted(all.begin(), all.end()));
}

// More matching rows than one batch: a random window of them, never more
// than asked for, never a duplicate.
TEST_P(PeerManagerTest, RandomPeersFromMoreRowsThanOneBatch)
{
    {
        soci::transaction tx(db().session());
        for (int i = 0; i < 1100; ++i)
            put(fmt::format("9.0.{}.{}:1", i / 250, i % 250), 0, PeerType::INBOUND);
        tx.commit();
    }
    auto query = queryFor(PeerTypeFilter::INBOUND_ONLY);
    auto some = peers().loadRandomPeers(query, 7);
    EXPECT_EQ(some.size(), 7u);
    EXPECT_EQ(asSet(some).size(), 7u);
    auto all = peers().loadRandomPeers(query, 1100);
    EXPECT_EQ(asSet(all).size(), 1100u);
}

// G6 helper: the overlay purges peers with REALLY_DEAD_NUM_FAILURES_CUTOFF
// (120) failures at startup.
TEST_P(PeerManagerTest, G6_RemovePeersWithManyFailuresDeletesFromTheCutoffUp)
{
    put("1.0.0.1:1", 119, PeerType::OUTBOUND);
    put("1.0.0.2:1", 120, PeerType::OUTBOUND);
    put("1.0.0.3:1", 121, PeerType::PREFERRED);
    peers().removePeersWithManyFailures(REALLY_DEAD_NUM_FAILURES_CUTOFF);
    auto left = peers().loadAll();
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].first.toString(), "1.0.0.1:1");
}

// E21: when a peer is removed, core purges dead rows of its IP,
// whatever their port.
TEST_P(PeerManagerTest, G6_RemovePeersWithManyFailuresForAnAddressMatchesItsIpOnly)
{
    put("1.2.3.4:1", 5, PeerType::OUTBOUND);
    put("1.2.3.4:2", 5, PeerType::OUTBOUND);
    put("1.2.3.4:3", 1, PeerType::OUTBOUND);
    put("5.6.7.8:1", 5, PeerType::OUTBOUND);
    auto target = addr("1.2.3.4:1");
    peers().removePeersWithManyFailures(3, &target);
    std::set<std::string> left;
    for (auto const& [a, r] : peers().loadAll())
        left.insert(a.toString());
    EXPECT_EQ(left, (std::set<std::string>{"1.2.3.4:3", "5.6.7.8:1"}));
}

// The tick's source of dial candidates: one exact type, dialable now, and not
// dead (at most REALLY_DEAD_NUM_FAILURES_CUTOFF failures, inclusive).
TEST_P(PeerManagerTest, NextAttemptCutoffSourceTakesOneTypeDialableNowAndNotDead)
{
    put("127.0.0.1:1", 0, PeerType::INBOUND);
    put("127.0.0.1:2", 0, PeerType::OUTBOUND);
    put("127.0.0.1:3", 120, PeerType::INBOUND);
    put("127.0.0.1:4", 120, PeerType::OUTBOUND);
    put("127.0.0.1:5", 121, PeerType::INBOUND);
    put("127.0.0.1:6", 121, PeerType::OUTBOUND);
    put("127.0.0.1:7", 0, PeerType::OUTBOUND, 10s);
    put("127.0.0.1:8", 0, PeerType::PREFERRED);
    RandomPeerSource source{peers(), RandomPeerSource::nextAttemptCutoff(PeerType::OUTBOUND)};
    auto keepAll = [](PeerBareAddress const&) { return true; };
    EXPECT_EQ(asSet(source.getRandomPeers(50, keepAll)), (std::set<std::string>{"127.0.0.1:2", "127.0.0.1:4"}));
}

// E09: at most `size`, rows with <= 10 failures, OUTBOUND and
// PREFERRED before INBOUND, no private address, not the recipient itself;
// loopback and the recipient's IP on another port do go out.
TEST_P(PeerManagerTest, PeersToSendFollowStellarCoreFilters)
{
    put("20.0.0.1:11625", 0, PeerType::OUTBOUND);
    put("20.0.0.2:11625", 10, PeerType::PREFERRED);
    put("20.0.0.3:11625", 11, PeerType::OUTBOUND); // too many failures
    put("127.0.0.1:11625", 0, PeerType::OUTBOUND); // loopback is not private
    put("10.1.1.1:11625", 0, PeerType::OUTBOUND);
    put("172.20.0.1:11625", 0, PeerType::OUTBOUND);
    put("192.168.1.1:11625", 0, PeerType::PREFERRED);
    put("30.0.0.1:11625", 0, PeerType::OUTBOUND, 86400s); // nextattempt does not matter
    put("40.0.0.1:11625", 0, PeerType::INBOUND);
    put("40.0.0.2:11625", 10, PeerType::INBOUND);
    put("40.0.0.3:11625", 11, PeerType::INBOUND);
    put("50.0.0.1:11625", 0, PeerType::INBOUND);   // the recipient
    put("50.0.0.1:11626", 0, PeerType::INBOUND);   // same IP, other port
    auto sent = peers().getPeersToSend(50, addr("50.0.0.1:11625"));
    std::set<std::string> const outbound{"20.0.0.1:11625", "20.0.0.2:11625", "127.0.0.1:11625", "30.0.0.1:11625"};
    std::set<std::string> const inbound{"40.0.0.1:11625", "40.0.0.2:11625", "50.0.0.1:11626"};
    ASSERT_EQ(sent.size(), outbound.size() + inbound.size());
    EXPECT_EQ(asSet({sent.begin(), sent.begin() + 4}), outbound);
    EXPECT_EQ(asSet({sent.begin() + 4, sent.end()}), inbound);
}

// core: RandomPeerSource. One batch serves successive PEERS messages, so two
// recipients in a row get disjoint addresses while the batch lasts.
TEST_P(PeerManagerTest, PeersToSendWalkThroughOneRandomBatch)
{
    for (int i = 1; i <= 100; ++i)
        put(fmt::format("20.0.0.{}:11625", i), 0, PeerType::OUTBOUND);
    auto first = peers().getPeersToSend(50, addr("60.0.0.1:11625"));
    auto second = peers().getPeersToSend(50, addr("60.0.0.2:11625"));
    EXPECT_EQ(first.size(), 50u);
    EXPECT_EQ(second.size(), 50u);
    auto both = asSet(first);
    both.merge(asSet(second));
    EXPECT_EQ(both.size(), 100u);
}

TEST_P(PeerManagerTest, LoadAllReturnsEveryRowInAddressOrder)
{
    put("9.9.9.9:1", 1, PeerType::PREFERRED, 5s);
    put("1.1.1.1:2", 2, PeerType::OUTBOUND, 6s);
    put("1.1.1.1:1", 3, PeerType::INBOUND, 7s);
    auto all = peers().loadAll();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0], (std::pair{addr("1.1.1.1:1"), PeerRecord{now() + 7s, 3, PeerType::INBOUND}}));
    EXPECT_EQ(all[1], (std::pair{addr("1.1.1.1:2"), PeerRecord{now() + 6s, 2, PeerType::OUTBOUND}}));
    EXPECT_EQ(all[2], (std::pair{addr("9.9.9.9:1"), PeerRecord{now() + 5s, 1, PeerType::PREFERRED}}));
}

// Rows another program wrote: an address that is not a canonical IPv4 is
// skipped; an unknown type reads as INBOUND and is no candidate for random
// queries or PEERS.
TEST_P(PeerManagerTest, RowsWeWouldNeverWriteAreSkippedOrReadConservatively)
{
    db().session() << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) VALUES "
                      "('example.org', 11625, '2025-01-01 00:00:00', 0, 1)";
    db().session() << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) VALUES "
                      "('01.2.3.4', 11625, '2025-01-01 00:00:00', 0, 1)";
    db().session() << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) VALUES "
                      "('1.2.3.4', 11625, '2025-01-01 00:00:00', 0, 7)";
    auto all = peers().loadAll();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].second, (PeerRecord{now(), 0, PeerType::INBOUND}));
    EXPECT_TRUE(peers().loadRandomPeers(queryFor(PeerTypeFilter::OUTBOUND_ONLY), 10).empty());
    EXPECT_EQ(peers().getPeersToSend(50, addr("60.0.0.1:1")), std::vector<PeerBareAddress>{});
    if (onSqlite()) // PostgreSQL's TIMESTAMP column refuses such text in the first place
    {
        db().session() << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) VALUES "
                          "('5.6.7.8', 11625, 'yesterday', 2, 1)";
        clock.crankFor(3s);
        EXPECT_EQ(peers().load(addr("5.6.7.8:11625")), (PeerRecord{now(), 2, PeerType::OUTBOUND}));
    }
}

// The peer table is advice: with the table gone every call logs and answers
// "nothing", and none throws into the overlay.
TEST_P(PeerManagerTest, AMissingTableNeverThrows)
{
    put("1.2.3.4:1", 0, PeerType::OUTBOUND);
    db().session() << "DROP TABLE peers";
    auto a = addr("1.2.3.4:1");
    EXPECT_EQ(peers().load(a), std::nullopt);
    EXPECT_NO_THROW(peers().store(a, PeerRecord{now(), 0, PeerType::OUTBOUND}));
    EXPECT_NO_THROW(peers().ensureExists(a));
    EXPECT_NO_THROW(peers().update(a, BackOffUpdate::INCREASE));
    EXPECT_NO_THROW(peers().removePeersWithManyFailures(1));
    EXPECT_TRUE(peers().loadRandomPeers(queryFor(PeerTypeFilter::ANY_OUTBOUND), 5).empty());
    EXPECT_TRUE(peers().getPeersToSend(50, a).empty());
    EXPECT_TRUE(peers().loadAll().empty());
}

TEST_P(PeerManagerTest, PeersSurviveReopeningTheDatabase)
{
    put("1.2.3.4:11625", 4, PeerType::PREFERRED, 40s);
    testDb().close();
    auto reopened = Database::open(testDb().url());
    PeerManager again{*reopened, clock};
    EXPECT_EQ(again.load(addr("1.2.3.4:11625")), (PeerRecord{now() + 40s, 4, PeerType::PREFERRED}));
}

// A database that refuses writes (a full disk, a read-only file) loses
// nothing: each change is kept in memory, read back by load() and loadAll(),
// and written once the database takes writes again, over rows it had before.
TEST_P(PeerManagerTest, ChangesTheDatabaseRefusesAreKeptAndWrittenOnceItTakesWritesAgain)
{
    put("1.2.3.4:11625", 4, PeerType::PREFERRED, 40s);
    refuseWrites(db(), true);
    peers().update(addr("1.2.3.4:11625"), BackOffUpdate::INCREASE);
    peers().ensureExists(addr("5.6.7.8:11625"));
    EXPECT_EQ(peers().unwrittenCount(), 2u);
    EXPECT_TRUE(db().health().inOutage());
    EXPECT_EQ(row("1.2.3.4:11625").numFailures, 5u);
    EXPECT_EQ(peers().loadAll().size(), 2u);
    auto increased = row("1.2.3.4:11625");

    refuseWrites(db(), false);
    EXPECT_TRUE(db().health().retryNow());
    EXPECT_EQ(peers().unwrittenCount(), 0u);
    EXPECT_FALSE(db().health().inOutage());
    testDb().close();
    auto reopened = Database::open(testDb().url());
    PeerManager again{*reopened, clock};
    EXPECT_EQ(again.load(addr("1.2.3.4:11625")), increased);
    EXPECT_EQ(again.load(addr("5.6.7.8:11625")), (PeerRecord{now(), 0, PeerType::INBOUND}));
}

// When a row cannot even be read (the server is gone), a change built on a
// guess may create the row but never overwrite it: the committed row stays.
TEST_P(PeerManagerTest, AnUpdateOfARowThatCouldNotBeReadNeverOverwritesIt)
{
    put("1.2.3.4:11625", 4, PeerType::PREFERRED, 40s);
    db().session() << "ALTER TABLE peers RENAME TO peers_away";
    peers().update(addr("1.2.3.4:11625"), BackOffUpdate::INCREASE);
    peers().update(addr("9.9.9.9:11625"), PeerType::OUTBOUND, PreferredTypeKnown::YES);
    EXPECT_EQ(peers().unwrittenCount(), 2u);
    db().session() << "ALTER TABLE peers_away RENAME TO peers";
    db().health().retryNow();
    EXPECT_EQ(peers().unwrittenCount(), 0u);
    EXPECT_EQ(row("1.2.3.4:11625"), (PeerRecord{now() + 40s, 4, PeerType::PREFERRED}));
    EXPECT_EQ(row("9.9.9.9:11625").type, PeerType::OUTBOUND);
}

// At most MAX_UNWRITTEN_PEER_RECORDS addresses wait in memory; a change to a
// kept address still replaces it. SQLite only: the point is the bound.
TEST(PeerManagerMemory, UnwrittenChangesAreBoundedByMaxUnwrittenPeerRecords)
{
    auto db = Database::open("sqlite3://:memory:");
    Clock clock{Clock::Mode::Virtual};
    PeerManager peers{*db, clock};
    refuseWrites(*db, true);
    auto nth = [](std::size_t n) {
        return *PeerBareAddress::fromIPv4({11, static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                                           static_cast<uint8_t>(n)},
                                          11625);
    };
    for (std::size_t n = 0; n <= MAX_UNWRITTEN_PEER_RECORDS; ++n)
        peers.ensureExists(nth(n));
    EXPECT_EQ(peers.unwrittenCount(), MAX_UNWRITTEN_PEER_RECORDS);
    EXPECT_EQ(peers.load(nth(MAX_UNWRITTEN_PEER_RECORDS)), std::nullopt);
    peers.store(nth(0), PeerRecord{clock.systemNow(), 7, PeerType::OUTBOUND});
    EXPECT_EQ(peers.load(nth(0))->numFailures, 7u);
    EXPECT_EQ(db->health().unwritten(), MAX_UNWRITTEN_PEER_RECORDS);
}
