// Flood traffic that flow control lets through but that is worthless or
// abusive, against a real node over real sockets, while two honest peers
// exchange SCP messages through it (HostileNode). The attacker spends only
// the credit the node grants it (spec 8.4), as any peer must: what is tested
// is what the node does with messages it accepted.
//
//   attack                                 the node's answer (as stellar-core)      what bounds it
//   1,000,000 distinct advertised hashes   queued, the oldest dropped, demanded     maxTxSetSizeOps waiting per peer,
//                                          at the demand rate; peer kept            ADVERT_CACHE_SIZE remembered
//   1,000,000 demanded hashes never seen   nothing sent (core: unfulfilled)         DEMAND_HISTORY_SIZE remembered
//   one hash demanded over and over        ERR_LOAD "too much unexplained flood     PEER_UNEXPLAINED_FLOOD_BUDGET
//                                          traffic" (G16; core answers nothing)     per query window
//   SCP envelopes with bad signatures      discarded, not relayed; peer kept        one signature check each

#include "hostile/HostileNode.h"

#include "crypto/SHA.h"
#include "xdr/Codec.h"

#include <fmt/format.h>

#include <functional>
#include <set>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t FLOOD_ABUSE_BOUND_KIB = 64 * 1024;
std::string const PASSPHRASE = NodeProcessOptions{}.networkPassphrase;

// Distinct hashes: the index in the first eight bytes, a fixed tag after.
Hash
numberedHash(uint64_t n)
{
    Hash h;
    h.fill(0xA5);
    for (int i = 0; i < 8; ++i)
        h[i] = static_cast<uint8_t>(n >> (8 * i));
    return h;
}

uint64_t
hashNumber(Hash const& h)
{
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
        n |= uint64_t{h[i]} << (8 * i);
    return n;
}

StellarMessage
advertOf(uint64_t first, std::size_t count)
{
    StellarMessage m;
    m.type(FLOOD_ADVERT);
    for (std::size_t i = 0; i < count; ++i)
        m.floodAdvert().txHashes.push_back(numberedHash(first + i));
    return m;
}

StellarMessage
demandOf(uint64_t first, std::size_t count)
{
    StellarMessage m;
    m.type(FLOOD_DEMAND);
    for (std::size_t i = 0; i < count; ++i)
        m.floodDemand().txHashes.push_back(numberedHash(first + i));
    return m;
}

// Sends `messages` messages (`what`) of `perMessage` hashes each, numbered
// from 0 on and built by `make`; after every 200th, `checkpoint` gets the
// number of hashes sent so far. A message the node gives no credit for is a
// failure.
void
sendNumberedHashes(CreditedAttacker& attacker, char const* what, uint64_t messages, std::size_t perMessage,
                   StellarMessage (*make)(uint64_t, std::size_t), std::function<void(uint64_t)> const& checkpoint)
{
    for (uint64_t i = 0; i < messages; ++i)
    {
        ASSERT_TRUE(attacker.send(make(i * perMessage, perMessage)))
            << what << " " << i << ": no credit from the node";
        if (i % 200 == 199)
            checkpoint((i + 1) * perMessage);
    }
}

}

// stellar-core keeps a peer that advertises new hashes, however many: that is
// what adverts are for. What the node holds of them is bounded: at most
// maxTxSetSizeOps (1,000 on the relay node) wait to be demanded, the oldest
// going first, and ADVERT_CACHE_SIZE (50,000) are remembered; it demands at
// its own pace (FLOOD_DEMAND_PERIOD_MS), never a hash the peer did not
// advertise, never more than TX_DEMAND_VECTOR_MAX_SIZE at once.
TEST_F(HostileNode, AMillionAdvertisedTransactionHashesAreHeldWithinTheAdvertQueue)
{
    startNode();
    CreditedAttacker attacker(clock_, PASSPHRASE);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    constexpr uint64_t ADVERTS = 1000; // of TX_ADVERT_VECTOR_MAX_SIZE hashes each
    auto advertsHealthy = [&](uint64_t n) {
        expectHealthy(fmt::format("after {} advertised hashes", n), FLOOD_ABUSE_BOUND_KIB);
    };
    ASSERT_NO_FATAL_FAILURE(
        sendNumberedHashes(attacker, "advert", ADVERTS, TX_ADVERT_VECTOR_MAX_SIZE, advertOf, advertsHealthy));
    // The demand rounds that follow (each hash is demanded, then given up).
    clock_.crankFor(3s);
    expectHealthy("after 1,000,000 advertised hashes", FLOOD_ABUSE_BOUND_KIB);
    EXPECT_FALSE(attacker.closed()) << "the node dropped a peer for advertising new hashes";

    std::set<uint64_t> demanded;
    std::size_t demands = 0, largest = 0;
    for (auto const& d : attacker.scripted().allOf(FLOOD_DEMAND))
    {
        ++demands;
        largest = std::max<std::size_t>(largest, d.floodDemand().txHashes.size());
        for (auto const& h : d.floodDemand().txHashes)
        {
            auto n = hashNumber(h);
            EXPECT_LT(n, ADVERTS * TX_ADVERT_VECTOR_MAX_SIZE) << "demanded a hash the peer never advertised";
            EXPECT_TRUE(demanded.insert(n).second) << "demanded hash " << n << " twice from one peer";
        }
    }
    EXPECT_GT(demands, 0u) << "the node demanded nothing";
    EXPECT_LE(largest, TX_DEMAND_VECTOR_MAX_SIZE);
    // The queue kept the newest; most of the million were let go unasked.
    EXPECT_LT(demanded.size(), ADVERTS * TX_ADVERT_VECTOR_MAX_SIZE / 10);
    printFigures(fmt::format("1,000,000 advertised hashes ({} demanded back in {} FLOOD_DEMANDs)", demanded.size(),
                             demands));
}

// A FLOOD_DEMAND for hashes the node never saw gets no answer (core:
// TxDemandsManager::recvTxDemand counts it unfulfilled) and the peer stays:
// distinct hashes are not abuse. The node remembers DEMAND_HISTORY_SIZE of a
// peer's demanded hashes, not a million.
TEST_F(HostileNode, DemandsForAMillionHashesNeverSeenGetNoAnswerAndCostLittle)
{
    startNode();
    CreditedAttacker attacker(clock_, PASSPHRASE);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    constexpr uint64_t DEMANDS = 1000; // of TX_DEMAND_VECTOR_MAX_SIZE hashes each
    auto demandsHealthy = [&](uint64_t n) {
        expectHealthy(fmt::format("after {} demanded hashes", n), FLOOD_ABUSE_BOUND_KIB);
    };
    ASSERT_NO_FATAL_FAILURE(
        sendNumberedHashes(attacker, "demand", DEMANDS, TX_DEMAND_VECTOR_MAX_SIZE, demandOf, demandsHealthy));
    constexpr int64_t HASHES = DEMANDS * TX_DEMAND_VECTOR_MAX_SIZE;
    EXPECT_TRUE(eventually([&] { return node_->counter("overlay.flood.unfulfilled-unknown") == HASHES; }, 30s))
        << node_->counter("overlay.flood.unfulfilled-unknown") << " of " << HASHES << " counted unfulfilled";
    expectHealthy("after 1,000,000 demanded hashes", FLOOD_ABUSE_BOUND_KIB);
    EXPECT_EQ(attacker.scripted().count(TRANSACTION), 0u);
    EXPECT_FALSE(attacker.closed()) << "the node dropped a peer for demanding hashes it does not have";
    printFigures("1,000,000 demanded hashes the node never saw");
}

// One hash demanded again and again: stellar-core answers each with the
// transaction or nothing; we count every repeat within DEMAND_RECORD_RETENTION
// as unexplained (G16) and drop the peer with ERR_LOAD once the window's
// PEER_UNEXPLAINED_FLOOD_BUDGET (10,000) is spent.
TEST_F(HostileNode, OneHashDemandedOverAndOverIsDroppedWithErrLoad)
{
    startNode();
    CreditedAttacker attacker(clock_, PASSPHRASE);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    constexpr uint64_t BUDGET = 10'000; // PEER_UNEXPLAINED_FLOOD_BUDGET's default
    while (!attacker.closed() && attacker.sent() < 2 * BUDGET)
        if (!attacker.send(demandOf(7, 1), 10s))
            break;
    ASSERT_TRUE(attacker.scripted().waitClosed(10s)) << attacker.sent() << " demands of one hash and still connected";
    // The first demand is explained; repeats 1..BUDGET are within the budget.
    EXPECT_GE(attacker.sent(), BUDGET + 2);
    auto error = attacker.scripted().firstError();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, ERR_LOAD);
    EXPECT_EQ(error->msg, "too much unexplained flood traffic");
    EXPECT_EQ(node_->counter("overlay.drop.unexplained-flood-traffic"), 1);
    expectHealthy("after a peer demanded one hash over and over", FLOOD_ABUSE_BOUND_KIB);
    printFigures(fmt::format("one hash demanded {} times", attacker.sent()));
}

// SCP envelopes whose signature does not verify are discarded (core:
// HerderImpl::verifyEnvelope; the peer is kept, as core keeps it) and never
// relayed. Each costs the node one signature check: the figures print the
// node's CPU seconds per 1,000 of them and the honest relay time meanwhile.
TEST_F(HostileNode, ScpEnvelopesWithBadSignaturesAtAHighRateAreDiscardedAndHonestPeersGoOn)
{
    startNode();
    CreditedAttacker attacker(clock_, PASSPHRASE);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    auto networkID = crypto::sha256(crypto::asBytes(PASSPHRASE));
    auto forged = crypto::SecretKey::random();
    constexpr uint64_t ENVELOPES = 20'000;
    auto cpuBefore = processCpuSeconds(node_->process().pid());
    auto start = clock_.now();
    for (uint64_t i = 0; i < ENVELOPES; ++i)
    {
        StellarMessage m;
        m.type(SCP_MESSAGE);
        // Slots just ahead of the honest exchange's: within
        // LEDGER_VALIDITY_BRACKET of the ledger the node tracks, with a
        // close time of now, so that each envelope passes the cheap checks
        // and reaches the signature check.
        m.envelope() = signedExternalize(forged, networkID, honest_->delivered() + 1 + i % 50, i).envelope;
        m.envelope().signature[0] ^= 1;
        ASSERT_TRUE(attacker.send(m)) << "envelope " << i << ": no credit from the node";
        if (i % 2000 == 1999)
        {
            EXPECT_TRUE(honestPeersExchange()) << "after " << i + 1 << " bad envelopes";
        }
    }
    EXPECT_TRUE(honestPeersExchange()) << "after the bad envelopes";
    auto seconds = std::chrono::duration<double>(clock_.now() - start).count();
    auto cpu = processCpuSeconds(node_->process().pid()) - cpuBefore;
    expectHealthy("after 20,000 envelopes with bad signatures", FLOOD_ABUSE_BOUND_KIB);
    EXPECT_FALSE(attacker.closed());
    EXPECT_EQ(node_->counter("scp.envelope.invalidsig"), static_cast<int64_t>(ENVELOPES));
    // Not one was relayed: B received A's envelopes and nothing else.
    EXPECT_EQ(honest_->b().scripted().count(SCP_MESSAGE), honest_->delivered());
    std::cout << fmt::format("[ figures  ] {} bad SCP envelopes in {:.1f} s ({:.0f} a second): node CPU {:.2f} s, "
                             "{:.3f} s per 1,000\n",
                             ENVELOPES, seconds, ENVELOPES / seconds, cpu, cpu * 1000 / ENVELOPES);
    printFigures("SCP envelopes with bad signatures");
}
