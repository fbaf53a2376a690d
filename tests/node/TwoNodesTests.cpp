// Two `stellar-overlay run` processes on 127.0.0.1: they authenticate each
// other, stay connected, log the handshake, and each notices when the other
// goes away (killed, or shut down politely).
//
// Only A knows B (KNOWN_PEERS), so the connection is A -> B. Two nodes that
// dial each other at the same moment drop one connection each as duplicates
// ("already-connected peer") and retry after backoff, as stellar-core does;
// and B's tick may later dial A to promote its inbound peer (E30), which A
// refuses as a duplicate. Neither touches the A -> B connection asserted here.

#include "support/NodeProcess.h"

#include <gtest/gtest.h>

#include <csignal>
#include <iostream>

using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

class TwoNodes : public ::testing::Test
{
  protected:
    TempDir dir{"so-two-nodes"};
    std::unique_ptr<NodeProcess> a, b;

    void
    SetUp() override
    {
        NodeProcessOptions ob;
        ob.name = "b";
        b = std::make_unique<NodeProcess>(dir.path(), ob);
        NodeProcessOptions oa;
        oa.name = "a";
        oa.knownPeers = {b->address()};
        a = std::make_unique<NodeProcess>(dir.path(), oa);
        ASSERT_TRUE(b->waitReady()) << b->process().describe();
        ASSERT_TRUE(a->waitReady()) << a->process().describe();
    }

    void
    TearDown() override
    {
        if (HasFailure())
            std::cerr << a->process().describe() << b->process().describe();
    }

    // A has B as its one authenticated outbound peer and B has A inbound,
    // each under the other's key.
    bool
    connected()
    {
        auto ao = a->authenticated("outbound");
        auto bi = b->authenticated("inbound");
        return ao.size() == 1 && bi.size() == 1 && ao[0]["id"] == b->publicKey() && bi[0]["id"] == a->publicKey() &&
               a->authenticated("inbound").empty() && b->authenticated("outbound").empty();
    }

    std::string
    shortId(NodeProcess& n) const
    {
        return n.publicKey().substr(0, 5);
    }

    void
    waitConnected()
    {
        // A dials its KNOWN_PEERS at its first tick, 2 s after start.
        ASSERT_TRUE(eventually([&] { return connected(); }, 15s)) << a->peers().dump(2) << b->peers().dump(2);
    }
};

TEST_F(TwoNodes, G5_AuthenticateStayConnectedAndNoticeAKill)
{
    waitConnected();
    // Both logs show the handshake, each naming the other.
    EXPECT_NE(a->log().find("authenticated " + shortId(*b) + "@" + b->address() + " (outbound, overlay 40..41)"),
              std::string::npos);
    EXPECT_NE(b->log().find("authenticated " + shortId(*a) + "@" + a->address() + " (inbound, overlay 40..41)"),
              std::string::npos);

    // Still connected over several seconds: past the 5 s recurrent timer
    // (idle and straggler checks, the first ping) and two 3 s ticks. Any
    // sample where either side lost the other ends the wait early.
    EXPECT_FALSE(eventually([&] { return !connected(); }, 6s, 250ms)) << a->peers().dump(2) << b->peers().dump(2);
    // The ping (G4) is answered: both sides measure a latency.
    auto latency = [](std::vector<nlohmann::json> const& peers) {
        return peers.size() == 1 ? peers[0]["latency"].get<int64_t>() : -1;
    };
    EXPECT_TRUE(eventually([&] { return latency(a->authenticated("outbound")) >= 0; }, 10s, 100ms));
    EXPECT_TRUE(eventually([&] { return latency(b->authenticated("inbound")) >= 0; }, 10s, 100ms));

    // B dies without a word: A sees the socket close.
    ASSERT_EQ(b->process().stop(SIGKILL, 10s), 128 + SIGKILL);
    ASSERT_TRUE(eventually([&] { return a->authenticated("outbound").empty(); }, 10s)) << a->peers().dump(2);
    EXPECT_NE(a->log().find("dropping " + shortId(*b) + "@" + b->address() + ": error during read"),
              std::string::npos);
    EXPECT_EQ(a->counter("overlay.drop.read-error"), 1);
}

TEST_F(TwoNodes, ShutdownSendsErrMiscShutdownThatThePeerLogs)
{
    waitConnected();
    // SIGTERM: A says goodbye with ERR_MISC "shutdown" and exits 0.
    ASSERT_EQ(a->process().stop(SIGTERM, 10s), 0);
    EXPECT_NE(a->log().find("stopping"), std::string::npos);
    ASSERT_TRUE(eventually([&] { return b->authenticated("inbound").empty(); }, 10s)) << b->peers().dump(2);
    // The authenticated connection gets one goodbye, logged once.
    auto log = b->log();
    auto line = shortId(*a) + "@" + a->address() + " dropped us: ERR_MISC (shutdown)";
    auto first = log.find(line);
    EXPECT_NE(first, std::string::npos);
    EXPECT_EQ(log.find(line, first + 1), std::string::npos);
    // The counter counts every connection's drop. B may itself have dialled A
    // by then (its tick promotes inbound peers, E30): B drops that dial as a
    // duplicate once A's HELLO names A, but if A stops while it is still in
    // its handshake, A says goodbye on it too, as core does to pending peers
    // (logged at debug level only). Each of B's dials adds at most one.
    auto remoteErrors = b->counter("overlay.drop.remote-error");
    EXPECT_GE(remoteErrors, 1);
    EXPECT_LE(remoteErrors, 1 + b->counter("overlay.outbound.attempt"));
}

}
