// Six real nodes on 127.0.0.1 behind one test ledger clock (1 s ledgers).
// Node 0 is the clock; nodes 1 to 5 follow a quorum set the clock alone
// satisfies but that is not the clock's own, and each dials the node before
// it. A follower holds neither the tx set a ledger names nor the clock's
// quorum set: it fetches both from its peers before it counts the ledger and
// floods the clock's envelope on. A transaction submitted at the far end
// travels to every pool, goes into a ledger and leaves every pool; a test
// peer's GET_SCP_STATE gets the recent slots' statements, and then the items
// they name.

#include "crypto/SHA.h"
#include "net/TcpNetwork.h"
#include "node/RelayTestSupport.h"
#include "node/TxGenerator.h"
#include "overlay/TxSetFrame.h"
#include "simulation/Traffic.h"
#include "support/NodeProcess.h"
#include "support/ScriptedPeer.h"
#include "xdr/Base64.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
std::string const PASSPHRASE = NodeProcessOptions{}.networkPassphrase;
constexpr int NODES = 6;

std::string
quorumSetConfig(int thresholdPercent, std::vector<std::string> const& validators)
{
    std::string list;
    for (auto const& v : validators)
        list += (list.empty() ? "\"" : ", \"") + v + "\"";
    return fmt::format("[QUORUM_SET]\nTHRESHOLD_PERCENT = {}\nVALIDATORS = [{}]\n", thresholdPercent, list);
}

// The clock: a validator whose quorum set is itself.
NodeProcessOptions
clockOptions(crypto::SecretKey const& key)
{
    NodeProcessOptions o;
    o.name = "node0";
    o.seed = key.strKeySeed();
    o.extraConfig = "NODE_IS_VALIDATOR = true\nARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\nUNSAFE_QUORUM = true\n" +
                    quorumSetConfig(100, {key.strKeyPublic()});
    return o;
}

// A follower: one of {clock, a validator that never speaks} is enough.
NodeProcessOptions
followerOptions(int i, crypto::SecretKey const& clockKey, std::string const& silentValidator, std::string predecessor)
{
    NodeProcessOptions o;
    o.name = fmt::format("node{}", i);
    o.knownPeers = {std::move(predecessor)};
    o.extraConfig = "ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\nUNSAFE_QUORUM = true\n" +
                    quorumSetConfig(50, {clockKey.strKeyPublic(), silentValidator});
    return o;
}

uint32_t
ledgerOf(NodeProcess& n)
{
    auto info = n.admin("info");
    return info ? (*info)["info"]["ledger"].value("num", 0u) : 0u;
}

// The transactions a node holds, whatever their age (core's age buckets).
int64_t
poolSize(NodeProcess& n)
{
    int64_t total = 0;
    for (int age = 0; age < 4; ++age)
        total += n.counter(fmt::format("herder.pending-txs.age{}", age));
    return total;
}

std::string
blobOf(TransactionEnvelope const& tx)
{
    std::string out;
    for (char c : xdr::toBase64(xdr::toBytes(tx)))
        out += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
    return out;
}


class SixNodes : public ::testing::Test
{
  protected:
    TempDir dir{"so-six"};
    crypto::SecretKey clockKey = crypto::SecretKey::random();
    std::vector<std::unique_ptr<NodeProcess>> nodes;

    void
    SetUp() override
    {
        auto silent = crypto::SecretKey::random().strKeyPublic();
        nodes.push_back(std::make_unique<NodeProcess>(dir.path(), clockOptions(clockKey)));
        for (int i = 1; i < NODES; ++i)
            nodes.push_back(std::make_unique<NodeProcess>(
                dir.path(), followerOptions(i, clockKey, silent, nodes.back()->address())));
        for (auto& n : nodes)
            ASSERT_TRUE(n->waitReady()) << n->process().describe();
    }

    void
    TearDown() override
    {
        if (HasFailure())
            for (auto& n : nodes)
                std::cerr << n->process().describe();
    }

    bool
    allAtLeast(uint32_t ledger, std::chrono::milliseconds timeout)
    {
        return eventually(
            [&] { return std::all_of(nodes.begin(), nodes.end(), [&](auto& n) { return ledgerOf(*n) >= ledger; }); },
            timeout);
    }
};
}

TEST_F(SixNodes, EveryNodeFetchesEachLedgersItemsCarriesATransactionAndServesScpState)
{
    ASSERT_TRUE(allAtLeast(12, 60s));

    // A payment submitted at the far end reaches every pool (each node took
    // it from a peer once), then leaves every pool with the ledger that
    // includes it.
    auto submittedAt = ledgerOf(*nodes.back());
    TxGenerator gen(networkIdOf(PASSPHRASE), 1, 7);
    auto payment = gen.payment();
    ASSERT_EQ(nodes.back()->admin("tx?blob=" + blobOf(payment.envelope)), nlohmann::json({{"status", "PENDING"}}));
    for (int i = 0; i + 1 < NODES; ++i)
        EXPECT_TRUE(eventually([&] { return nodes[i]->counter("overlay.flood.tx-accepted") == 1; }, 20s))
            << nodes[i]->process().describe();
    for (auto& n : nodes)
        EXPECT_TRUE(eventually([&] { return poolSize(*n) == 0; }, 20s)) << n->process().describe();

    // Each follower fetched the tx set of every ledger it counted (a tx set
    // comes no other way: one nobody asked for is ignored) and the clock's
    // quorum set once; it flooded the clock's envelope only once those were
    // here, one envelope a ledger.
    auto reached = ledgerOf(*nodes[0]);
    for (int i = 1; i < NODES; ++i)
    {
        auto& n = *nodes[i];
        SCOPED_TRACE(fmt::format("node{}", i));
        auto externalized = n.counter("scp.timing.externalized");
        EXPECT_GE(externalized, 10);
        EXPECT_GE(n.counter("overlay.fetch.txset"), externalized);
        EXPECT_EQ(n.counter("overlay.fetch.qset"), 1);
        EXPECT_GE(n.counter("scp.fetch.envelope"), externalized);
        EXPECT_GT(n.counter("overlay.fetch.unique-recv"), 0);
        EXPECT_EQ(n.counter("scp.pending.discarded"), 0);
        EXPECT_GE(ledgerOf(n) + 2, reached); // a ledger or two behind the clock at most
    }
    EXPECT_EQ(nodes[0]->counter("overlay.fetch.txset"), 0); // the clock makes its own

    // A test peer asks node 3 for its SCP state from the ledger the payment
    // was submitted at: the clock's EXTERNALIZE of each slot, ascending; then
    // the tx set and quorum set each names, which node 3 serves.
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    ScriptedPeerOptions o;
    o.networkPassphrase = PASSPHRASE;
    ScriptedPeer peer(clock, o);
    peer.connect(network, "127.0.0.1", nodes[3]->peerPort());
    ASSERT_TRUE(peer.handshake());
    peer.waitFor([] { return false; }, 1500ms); // what was flooded before now arrives
    auto upTo = ledgerOf(*nodes[3]) - 1;          // slots whose flood is surely here by now
    ASSERT_GT(upTo, submittedAt);
    auto before = peer.received().size();
    StellarMessage getState;
    getState.type(GET_SCP_STATE);
    getState.getSCPLedgerSeq() = submittedAt;
    peer.send(getState);
    ASSERT_TRUE(peer.waitFor(
        [&] {
            std::size_t n = 0;
            for (auto i = before; i < peer.received().size(); ++i)
                n += peer.received()[i].msg.type() == SCP_MESSAGE;
            return n > upTo - submittedAt;
        },
        5s));
    std::vector<SCPEnvelope> state;
    for (auto i = before; i < peer.received().size(); ++i)
        if (auto const& m = peer.received()[i].msg;
            m.type() == SCP_MESSAGE && m.envelope().statement.slotIndex <= upTo)
            state.push_back(m.envelope());
    ASSERT_EQ(state.size(), upTo - submittedAt + 1);
    for (std::size_t i = 0; i < state.size(); ++i)
    {
        EXPECT_EQ(state[i].statement.slotIndex, submittedAt + i);
        EXPECT_EQ(state[i].statement.nodeID, nodeIdOf(clockKey));
        EXPECT_EQ(state[i].statement.pledges.type(), SCP_ST_EXTERNALIZE);
    }

    for (auto const& env : state)
    {
        auto const& ext = env.statement.pledges.externalize();
        peer.send(simulation::itemRequest(GET_TX_SET, xdr::fromBytes<StellarValue>(ext.commit.value).txSetHash));
        peer.send(simulation::itemRequest(GET_SCP_QUORUMSET, ext.commitQuorumSetHash));
    }
    ASSERT_TRUE(peer.waitFor([&] { return peer.allOf(GENERALIZED_TX_SET).size() == state.size(); }, 5s));
    ASSERT_TRUE(peer.waitFor([&] { return peer.allOf(SCP_QUORUMSET).size() >= state.size(); }, 5s));
    EXPECT_EQ(peer.count(DONT_HAVE), 0u);
    auto sets = peer.allOf(GENERALIZED_TX_SET);
    int including = 0;
    for (std::size_t i = 0; i < state.size(); ++i)
    {
        auto const& ext = state[i].statement.pledges.externalize();
        EXPECT_EQ(txSetContentsHash(sets[i]), xdr::fromBytes<StellarValue>(ext.commit.value).txSetHash);
        forEachTransaction(sets[i], [&](TransactionEnvelope const& tx) { including += tx == payment.envelope; });
    }
    EXPECT_EQ(including, 1); // the payment went into exactly one ledger
    // The node sends a quorum set only when asked: each is the clock's.
    SCPQuorumSet clockQset;
    clockQset.threshold = 1;
    clockQset.validators.push_back(nodeIdOf(clockKey));
    for (auto const& q : peer.allOf(SCP_QUORUMSET))
        EXPECT_EQ(q.qSet(), clockQset);
}
