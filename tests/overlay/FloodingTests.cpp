// The flooding parts as values, no node: Floodgate's records, TxAdverts'
// batching and queues, the demand scheduler's pure decision and backoff, the
// advert and demand sizes from ledger limits (spec 9.3, 9.5), the fixed query
// windows (E06) and the unexplained-flood budget (G16).

#include "overlay/FloodBudget.h"
#include "overlay/Floodgate.h"
#include "overlay/QueryLimiter.h"
#include "overlay/TxAdverts.h"
#include "overlay/TxDemands.h"
#include "simulation/Traffic.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr ClockTime T0{};

Hash
h(uint32_t n)
{
    Hash x{};
    for (int i = 0; i < 4; ++i)
        x[i] = static_cast<uint8_t>(n >> (8 * i));
    return x;
}

// --- Floodgate

TEST(Floodgate, KeyIsBlake2bOfTheWholeStellarMessage)
{
    auto msg = transactionMessage(makeTransaction(1));
    auto other = transactionMessage(makeTransaction(2));
    EXPECT_EQ(Floodgate::messageKey(msg), Floodgate::messageKey(msg));
    EXPECT_NE(Floodgate::messageKey(msg), Floodgate::messageKey(other));
    // Not the transaction's full hash (SHA-256 of the envelope), which adverts carry (E12).
    EXPECT_NE(Floodgate::messageKey(msg), fullHash(makeTransaction(1)));
}

TEST(Floodgate, AMessageIsNeverSentBackToItsSenderNorTwiceToAnyone)
{
    Floodgate fg;
    auto key = h(1);
    EXPECT_TRUE(fg.addRecord(key, "1.1.1.1:11625", 10));   // first heard from A
    EXPECT_FALSE(fg.addRecord(key, "2.2.2.2:11625", 10));  // then from B
    std::vector<std::string> peers{"1.1.1.1:11625", "2.2.2.2:11625", "3.3.3.3:11625", "4.4.4.4:11625"};
    EXPECT_EQ(fg.broadcast(key, 10, peers), (std::vector<std::string>{"3.3.3.3:11625", "4.4.4.4:11625"}));
    EXPECT_TRUE(fg.broadcast(key, 10, peers).empty());
    peers.push_back("5.5.5.5:11625"); // a peer that connects later gets it once
    EXPECT_EQ(fg.broadcast(key, 10, peers), (std::vector<std::string>{"5.5.5.5:11625"}));
    EXPECT_EQ(fg.peersKnowing(key).size(), 5u);
}

TEST(Floodgate, AForgottenRecordMakesTheMessageNewsAgain)
{
    Floodgate fg;
    fg.addRecord(h(1), "1.1.1.1:11625", 10);
    fg.forgetRecord(h(1));
    EXPECT_TRUE(fg.addRecord(h(1), "2.2.2.2:11625", 10));
}

TEST(Floodgate, ClearBelowForgetsRecordsOfOlderLedgersOnly)
{
    Floodgate fg;
    fg.addRecord(h(1), "a", 5);
    fg.broadcast(h(2), 6, {"a"});
    fg.addRecord(h(3), "a", 7);
    fg.clearBelow(6);
    EXPECT_EQ(fg.size(), 2u);
    EXPECT_TRUE(fg.peersKnowing(h(1)).empty());
    EXPECT_EQ(fg.peersKnowing(h(2)), (std::set<std::string>{"a"}));
}

// --- advert and demand sizes (spec 9.3, 9.5)

TEST(FloodSizes, AdvertSizeFollowsLedgerLimitsAndPeriod)
{
    FloodRates r; // rates 1.0, 5 s ledgers
    r.ledgerProtocolVersion = 19;
    // ceil(1000 * 100 / 5000) = 20
    EXPECT_EQ(maxAdvertSize(r, 1000, 100, 100ms), 20u);
    // From protocol 20 the Soroban ledger limit adds in: ceil(1100 * 100 / 5000) = 22.
    r.ledgerProtocolVersion = 20;
    EXPECT_EQ(maxAdvertSize(r, 1000, 100, 100ms), 22u);
    // Rounded up, never below 1, never above TX_ADVERT_VECTOR_MAX_SIZE.
    EXPECT_EQ(maxAdvertSize(r, 1, 0, 100ms), 1u);
    EXPECT_EQ(maxAdvertSize(r, 0, 0, 100ms), 1u);
    EXPECT_EQ(maxAdvertSize(r, 10000000, 0, 100ms), 1000u);
    r.opRatePerLedger = 0.5;
    EXPECT_EQ(maxAdvertSize(r, 1011, 0, 100ms), 11u); // floor(505.5) = 505, then ceil(505 / 50)
}

TEST(FloodSizes, DemandSizeFollowsQueueLimits)
{
    FloodRates r;
    // ceil((2000 + 200) * 200 / 5000) = 88, the Soroban part whatever the protocol.
    EXPECT_EQ(maxDemandSize(r, 2000, 200, 200ms), 88u);
    EXPECT_EQ(maxDemandSize(r, 100000, 0, 200ms), 1000u);
}

// --- demand decisions (spec 9.5; core: TxDemandsManager::demandStatus)

TEST(DemandStatus, BackoffGrowsByHalfASecondUpToTwo)
{
    auto unit = 500ms;
    EXPECT_EQ(retryDelayDemand(0, unit), 0ms);
    EXPECT_EQ(retryDelayDemand(1, unit), 500ms);
    EXPECT_EQ(retryDelayDemand(2, unit), 1000ms);
    EXPECT_EQ(retryDelayDemand(3, unit), 1500ms);
    EXPECT_EQ(retryDelayDemand(4, unit), 2000ms);
    EXPECT_EQ(retryDelayDemand(14, unit), 2000ms);
}

TEST(DemandStatus, KnownTransactionsAreNeverDemanded)
{
    EXPECT_EQ(demandStatus(nullptr, fakeNodeID(1), T0, /*known=*/true, 500ms), DemandStatus::Discard);
    EXPECT_EQ(demandStatus(nullptr, fakeNodeID(1), T0, /*known=*/false, 500ms), DemandStatus::Demand);
}

TEST(DemandStatus, ARetryWaitsForTheBackoffAndGoesToAnotherPeer)
{
    DemandHistory history;
    history.firstDemanded = history.lastDemanded = T0;
    history.peers.emplace(fakeNodeID(1).ed25519(), T0);
    EXPECT_EQ(demandStatus(&history, fakeNodeID(1), T0 + 10s, false, 500ms), DemandStatus::Discard); // already asked
    EXPECT_EQ(demandStatus(&history, fakeNodeID(2), T0 + 499ms, false, 500ms), DemandStatus::RetryLater);
    EXPECT_EQ(demandStatus(&history, fakeNodeID(2), T0 + 500ms, false, 500ms), DemandStatus::Demand);
    history.peers.emplace(fakeNodeID(2).ed25519(), T0 + 500ms);
    history.lastDemanded = T0 + 500ms;
    EXPECT_EQ(demandStatus(&history, fakeNodeID(3), T0 + 1499ms, false, 500ms), DemandStatus::RetryLater);
    EXPECT_EQ(demandStatus(&history, fakeNodeID(3), T0 + 1500ms, false, 500ms), DemandStatus::Demand);
}

TEST(DemandStatus, AtMostFifteenPeersAreAsked)
{
    DemandHistory history;
    for (uint8_t p = 0; p < MAX_RETRY_COUNT; ++p)
        history.peers.emplace(fakeNodeID(p).ed25519(), T0);
    history.lastDemanded = T0;
    EXPECT_EQ(demandStatus(&history, fakeNodeID(99), T0 + 1h, false, 500ms), DemandStatus::Discard);
}

// --- TxAdverts

struct AdvertSink
{
    std::vector<TxAdvertVector> sent;
    TxAdverts::SendAdvert send()
    {
        return [this](TxAdvertVector v) { sent.push_back(std::move(v)); };
    }
};

TEST(TxAdverts, ABatchGoesOutWhenFullOrOneAdvertPeriodAfterItsFirstHash)
{
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    adverts.queueOutgoingAdvert(h(1), 3);
    adverts.queueOutgoingAdvert(h(2), 3);
    EXPECT_TRUE(sink.sent.empty());
    adverts.queueOutgoingAdvert(h(3), 3); // full: out at once
    ASSERT_EQ(sink.sent.size(), 1u);
    EXPECT_EQ(sink.sent[0], (TxAdvertVector{h(1), h(2), h(3)}));

    adverts.queueOutgoingAdvert(h(4), 3);
    clock.crankFor(99ms);
    EXPECT_EQ(sink.sent.size(), 1u);
    clock.crankFor(1ms);
    ASSERT_EQ(sink.sent.size(), 2u); // 100 ms after h(4): no periodic timer, a one-shot (E11)
    EXPECT_EQ(sink.sent[1], (TxAdvertVector{h(4)}));
    clock.crankFor(1s);
    EXPECT_EQ(sink.sent.size(), 2u);
}

TEST(TxAdverts, ABatchAlreadyOverAShrunkSizeGoesOutAtTheNextHash)
{
    // v27 flushes at >= maxAdvertSize (v25: ==, which stalled until the timer).
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    adverts.queueOutgoingAdvert(h(1), 10);
    adverts.queueOutgoingAdvert(h(2), 10);
    adverts.queueOutgoingAdvert(h(3), 1);
    ASSERT_EQ(sink.sent.size(), 1u);
    EXPECT_EQ(sink.sent[0].size(), 3u);
}

TEST(TxAdverts, IncomingHashesAreKeptUpToTheLimitOldestGoingFirst)
{
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    EXPECT_EQ(adverts.queueIncomingAdvert({h(1), h(2), h(3)}, 10, 4), 0u);
    EXPECT_EQ(adverts.queueIncomingAdvert({h(4), h(5)}, 10, 4), 0u);
    EXPECT_EQ(adverts.size(), 4u);
    EXPECT_EQ(adverts.popIncomingAdvert(), h(2)); // h(1) was evicted
    // All of them are remembered, evicted or not: never advertised back.
    EXPECT_TRUE(adverts.seenAdvert(h(1)));
    EXPECT_FALSE(adverts.seenAdvert(h(9)));
}

TEST(TxAdverts, RetriesComeBeforeNewAdvertsAndRepeatsAreCounted)
{
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    adverts.queueIncomingAdvert({h(1), h(2)}, 10, 100);
    std::list<Hash> retry{h(7)};
    adverts.retryIncomingAdvert(retry, 100);
    EXPECT_TRUE(retry.empty());
    EXPECT_EQ(adverts.popIncomingAdvert(), h(7));
    EXPECT_EQ(adverts.popIncomingAdvert(), h(1));
    // h(2) again, and h(3) twice in one advert: two repeats (G16 counts them).
    EXPECT_EQ(adverts.queueIncomingAdvert({h(2), h(3), h(3)}, 10, 100), 2u);
}

TEST(TxAdverts, ClearBelowForgetsHistoryOfOlderLedgers)
{
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    adverts.queueIncomingAdvert({h(1)}, 5, 100);
    adverts.queueIncomingAdvert({h(2)}, 8, 100);
    adverts.clearBelow(8);
    EXPECT_FALSE(adverts.seenAdvert(h(1)));
    EXPECT_TRUE(adverts.seenAdvert(h(2)));
}

TEST(TxAdverts, HistoryHoldsAtMostFiftyThousandHashes)
{
    Clock clock{Clock::Mode::Virtual};
    AdvertSink sink;
    TxAdverts adverts{clock, 100ms, sink.send()};
    TxAdvertVector batch;
    for (uint32_t i = 0; i < ADVERT_CACHE_SIZE + 1000; ++i)
        batch.push_back(h(i));
    adverts.queueIncomingAdvert(batch, 10, 100);
    std::size_t remembered = 0;
    for (auto const& x : batch)
        remembered += adverts.seenAdvert(x);
    EXPECT_EQ(remembered, ADVERT_CACHE_SIZE);
}

// --- query windows (E06) and the unexplained-flood budget (G16)

TEST(QueryLimiter, WindowIsFixedAndCountsPerType)
{
    QueryLimiter q;
    auto close = 5000ms; // window 60 s: 300 for tx sets and quorum sets, 10 for SCP state
    for (int i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(q.allow(QueryKind::ScpState, T0 + 1s, close));
        q.answered(QueryKind::ScpState);
    }
    EXPECT_FALSE(q.allow(QueryKind::ScpState, T0 + 59s, close));
    EXPECT_TRUE(q.allow(QueryKind::TxSet, T0 + 59s, close)); // its own counter
    EXPECT_TRUE(q.allow(QueryKind::ScpState, T0 + 60s, close)); // a new window begins
    for (int i = 0; i < 300; ++i)
        q.answered(QueryKind::QuorumSet);
    EXPECT_FALSE(q.allow(QueryKind::QuorumSet, T0 + 30s, close));
}

TEST(QueryLimiter, WindowFollowsTheLedgerCloseTime)
{
    EXPECT_EQ(queryWindow(5000ms), 60s);
    EXPECT_EQ(queryWindow(6000ms), 72s);
}

TEST(FloodBudget, G16_UnexplainedItemsAreCountedPerWindow)
{
    FloodBudget budget{5};
    EXPECT_TRUE(budget.spend(3, T0, 60s));
    EXPECT_TRUE(budget.spend(2, T0 + 10s, 60s));
    EXPECT_FALSE(budget.spend(1, T0 + 20s, 60s));
    EXPECT_TRUE(budget.spend(5, T0 + 80s, 60s)); // a new window
    FloodBudget off{0};
    EXPECT_TRUE(off.spend(1000000, T0, 60s));
}

TEST(FloodBudget, G16_ADemandRepeatsOnlyWithinTheDemandRecordLifetime)
{
    FloodBudget budget{100};
    EXPECT_EQ(budget.countRepeatedDemands({h(1), h(2), h(1)}, T0), 1u);
    EXPECT_EQ(budget.countRepeatedDemands({h(2)}, T0 + 59s), 1u);
    EXPECT_EQ(budget.countRepeatedDemands({h(1)}, T0 + 60s), 0u); // an honest retry, a minute later
}

}
