// Automatic time-limited bans (G10) as the overlay applies them: which drops
// count (overlay/PeerFailures.h), the ban at the threshold (10 failures, 5
// minutes by default), refusal at HELLO while it lasts, acceptance after, and
// the tick clearing the row. Virtual time over the loopback; the `ban` table
// is read directly.

#include "crypto/StrKey.h"
#include "overlay/BanManager.h"
#include "support/LoopbackWorld.h"
#include "store/Database.h"
#include "store/Soci.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

// The `ban` row of a node: nullopt when there is none, else its end (0 for a
// permanent ban) in seconds since the world's wall-clock start.
std::optional<long long>
banRow(TestNode& node, std::string const& id)
{
    long long until = 0;
    soci::indicator ind = soci::i_ok;
    auto& sql = node.database().session();
    std::string key = id;
    sql << "SELECT banneduntil FROM ban WHERE nodeid = :id", soci::into(until, ind), soci::use(key);
    if (!sql.got_data())
        return std::nullopt;
    return ind == soci::i_null ? 0 : until - Clock::VIRTUAL_EPOCH.count();
}


// One connection that proves its key with a valid AUTH whose flags are not
// 200: the node answers ERR_CONF "flow control bytes disabled" (stellar-core
// v27 checks the flags right after AUTH), a protocol failure.
void
failOnce(LoopbackWorld& world, TestNode& node, crypto::SecretKey const& key)
{
    auto p = world.dial(node, {}, scriptedOptions(key));
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendAuth(100);
    ASSERT_TRUE(p->waitClosed());
    auto err = p->firstError();
    ASSERT_TRUE(err);
    EXPECT_EQ(err->code, ERR_CONF);
    EXPECT_EQ(err->msg, "flow control bytes disabled");
}

}

// The acceptance example: ten failures (at 0..9 s) ban the node until 309 s.
// It is refused at HELLO (silently, E02's place in the HELLO checks) at 10 s
// and at 308 s, and accepted at 309 s; the 311 s tick deletes the row.
TEST(AutoBan, G10_NodeThatFailedTenTimesIsRefusedForFiveMinutesAndAcceptedAfter)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto key = crypto::SecretKey::random();
    auto id = crypto::toStrKeyPublic(key.publicKey());
    for (int i = 0; i < 10; ++i)
    {
        world.runUntil(std::chrono::seconds(i));
        failOnce(world, node, key);
        EXPECT_EQ(node.overlay().banManager().failureCount(id), i < 9 ? uint32_t(i + 1) : 0u);
    }
    EXPECT_TRUE(node.overlay().banManager().isBanned(id));
    EXPECT_EQ(banRow(node, id), std::optional(309LL));
    EXPECT_EQ(node.metrics().counterValue("overlay.ban.automatic"), 1);

    auto refusedAt = [&](ClockDuration t) {
        world.runUntil(t);
        auto p = world.dial(node, {}, scriptedOptions(key));
        p->sendHello();
        EXPECT_TRUE(p->waitClosed());
        EXPECT_TRUE(p->received().empty()); // not even a HELLO back
        EXPECT_EQ(node.drops().back(), (DropRecord{t, DropCause::Banned}));
    };
    refusedAt(10s);
    refusedAt(308s);

    world.runUntil(309s);
    auto p = world.dial(node, {}, scriptedOptions(key));
    EXPECT_TRUE(p->handshake());
    world.runUntil(310s);
    EXPECT_FALSE(p->closed());
    EXPECT_EQ(banRow(node, id), std::optional(309LL)); // expired, not yet cleared
    world.runUntil(311s);
    EXPECT_EQ(banRow(node, id), std::nullopt);
}

// AUTO_BAN_FAILURE_THRESHOLD and AUTO_BAN_DURATION come from the config.
TEST(AutoBan, G10_ThresholdAndDurationAreConfigured)
{
    auto config = testOverlayConfig();
    config.AUTO_BAN_FAILURE_THRESHOLD = 3;
    config.AUTO_BAN_DURATION = 60s;
    LoopbackWorld world;
    auto& node = world.startedNode(config);
    auto key = crypto::SecretKey::random();
    auto id = crypto::toStrKeyPublic(key.publicKey());
    for (int i = 0; i < 3; ++i)
        failOnce(world, node, key);
    EXPECT_EQ(banRow(node, id), std::optional(60LL));
}

// Before the first MAC-checked message the key is not proven (a HELLO may
// carry a replayed AuthCert), so HELLO-level refusals and a bad MAC on AUTH
// count nothing, however often: the node is still accepted afterwards.
TEST(AutoBan, G10_FailuresBeforeTheKeyIsProvedDoNotCount)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto key = crypto::SecretKey::random();
    auto id = crypto::toStrKeyPublic(key.publicKey());
    for (int i = 0; i < 12; ++i)
    {
        auto wrongNetwork = world.dial(node, {}, scriptedOptions(key));
        auto hello = wrongNetwork->makeHello();
        hello.networkID[0] ^= 1;
        wrongNetwork->sendHello(hello);
        ASSERT_TRUE(wrongNetwork->waitClosed());
        EXPECT_EQ(errorTextOf(*wrongNetwork), "wrong network passphrase");

        auto badMac = world.dial(node, {}, scriptedOptions(key));
        badMac->sendHello();
        ASSERT_TRUE(badMac->waitForType(HELLO));
        badMac->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.corruptMac = true});
        ASSERT_TRUE(badMac->waitClosed());
        EXPECT_EQ(errorTextOf(*badMac), "unexpected MAC");
    }
    EXPECT_EQ(node.overlay().banManager().failureCount(id), 0u);
    EXPECT_FALSE(node.overlay().banManager().isBanned(id));
    EXPECT_EQ(node.metrics().counterValue("overlay.failure.counted"), 0);
    auto p = world.dial(node, {}, scriptedOptions(key));
    EXPECT_TRUE(p->handshake());
}

// After the key is proven, a broken MAC later in the session is a failure.
TEST(AutoBan, G10_BadMacAfterAuthenticationCounts)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto key = crypto::SecretKey::random();
    auto p = world.authenticatedPeer(node, scriptedOptions(key));
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->send(m, SendTweaks{.corruptMac = true});
    ASSERT_TRUE(p->waitClosed());
    EXPECT_EQ(errorTextOf(*p), "unexpected MAC");
    EXPECT_EQ(node.overlay().banManager().failureCount(crypto::toStrKeyPublic(key.publicKey())), 1u);
}

// A session that held a slot and ended without a failure forgives: 9
// failures, a good session, 9 more failures, and the node is not banned.
TEST(AutoBan, G10_CleanSessionForgetsEarlierFailures)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto key = crypto::SecretKey::random();
    auto id = crypto::toStrKeyPublic(key.publicKey());
    for (int i = 0; i < 9; ++i)
        failOnce(world, node, key);
    EXPECT_EQ(node.overlay().banManager().failureCount(id), 9u);
    {
        auto good = world.authenticatedPeer(node, scriptedOptions(key));
        world.runUntil(20s);
        good->close();
        world.runUntil(21s);
    }
    EXPECT_EQ(node.overlay().banManager().failureCount(id), 0u);
    for (int i = 0; i < 9; ++i)
        failOnce(world, node, key);
    EXPECT_EQ(node.overlay().banManager().failureCount(id), 9u);
    EXPECT_FALSE(node.overlay().banManager().isBanned(id));
}

// The node as initiator: a responder whose AUTH lacks the flag fails each
// dial; at the tenth it is banned, and the eleventh dial ends at its HELLO.
TEST(AutoBan, G10_ResponderThatFailsTenTimesIsBannedToo)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    auto& bad = world.remote();
    bad.answers.authFlags = 100;
    for (int i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(node.overlay().connectTo(bad.address()));
        world.runUntil(std::chrono::seconds(i + 1));
        EXPECT_EQ(errorTextOf(bad.last()), "flow control bytes disabled");
    }
    EXPECT_TRUE(node.overlay().banManager().isBanned(bad.strKey()));
    ASSERT_TRUE(node.overlay().connectTo(bad.address()));
    world.runUntil(11s);
    EXPECT_EQ(node.drops().back(), (DropRecord{10s, DropCause::Banned}));
    EXPECT_EQ(bad.last().receivedTypes(), (std::vector<MessageType>{HELLO}));
    // E29, v27: a bad-flags responder's backoff is not reset: 11 dials, 11 failures.
    EXPECT_EQ(row(node, bad.address())->numFailures, 11u);
}

// The operator asked to stay connected to a preferred peer: never auto-banned.
TEST(AutoBan, G10_PreferredPeerIsNeverBannedAutomatically)
{
    auto key = crypto::SecretKey::random();
    auto id = crypto::toStrKeyPublic(key.publicKey());
    auto config = testOverlayConfig();
    config.PREFERRED_PEER_KEYS = {id};
    LoopbackWorld world;
    auto& node = world.startedNode(config);
    for (int i = 0; i < 12; ++i)
        failOnce(world, node, key);
    EXPECT_EQ(node.overlay().banManager().failureCount(id), 0u);
    EXPECT_FALSE(node.overlay().banManager().isBanned(id));
    EXPECT_TRUE(node.drops().size() == 12u);
}
