// Fetching the items SCP envelopes name (overlay/PendingEnvelopes, ItemFetcher,
// Tracker), one node against scripted peers in virtual time: who is asked for
// an item and when, what the node does with what comes back, and when the
// envelope is flooded. The application is the scripted one holding envelopes
// back until their items are here (ScriptedApp::needsItems), as a herder does.
//
// Latency: what the node sends arrives 10 ms later; what peers send arrives
// at once. So a peer asked at t sees the request at t + 10 ms, and its answer
// is at the node at t + 10 ms too.

#include "overlay/PendingEnvelopes.h"
#include "overlay/TxSetFrame.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "util/Limits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;
using simulation::scpMessage;

namespace
{
constexpr uint64_t SLOT = 10; // the scripted application tracks ledger 10

struct Item
{
    Hash hash{};
    StellarMessage msg;
};

// An empty GENERALIZED_TX_SET, told apart by its previous ledger hash.
Item
txSetItem(uint8_t tag)
{
    Hash previous{};
    previous[0] = tag;
    auto built = makeGeneralizedTxSet(previous, {}, {}, TxSetLimits{});
    Item out{built.hash, {}};
    out.msg.type(GENERALIZED_TX_SET);
    out.msg.generalizedTxSet() = built.txSet;
    return out;
}

NodeID
nodeNumber(uint32_t n)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519()[0] = static_cast<uint8_t>(n >> 8);
    id.ed25519()[1] = static_cast<uint8_t>(n);
    id.ed25519()[2] = 0x5c;
    return id;
}

// `threshold` of `size` validators.
SCPQuorumSet
quorumSet(uint32_t threshold, uint32_t size)
{
    SCPQuorumSet q;
    q.threshold = threshold;
    for (uint32_t i = 1; i <= size; ++i)
        q.validators.push_back(nodeNumber(i));
    return q;
}

Item
qsetItem(SCPQuorumSet const& q)
{
    Item out{crypto::sha256(xdr::toBytes(q)), {}};
    out.msg.type(SCP_QUORUMSET);
    out.msg.qSet() = q;
    return out;
}

// Validator `node` externalizes a value naming `txSetHash`, with `qsetHash`
// as its quorum set.
SCPEnvelope
externalize(uint32_t node, uint64_t slot, Hash const& txSetHash, Hash const& qsetHash)
{
    StellarValue sv;
    sv.txSetHash = txSetHash;
    sv.closeTime = 1700000000;
    SCPEnvelope env;
    env.statement.nodeID = nodeNumber(node);
    env.statement.slotIndex = slot;
    env.statement.pledges.type(SCP_ST_EXTERNALIZE);
    auto& ext = env.statement.pledges.externalize();
    ext.commit.counter = 1;
    ext.commit.value = xdr::toBytes(sv);
    ext.nH = 1;
    ext.commitQuorumSetHash = qsetHash;
    env.signature.assign(64, 7);
    return env;
}

// The peer answers GET_TX_SET and GET_SCP_QUORUMSET (pings included) with
// what it holds, DONT_HAVE otherwise. A `silent` one never answers GET_TX_SET
// (it answers pings, so it stays connected).
void
serve(ScriptedPeer& peer, std::vector<Item> const& held, bool silent = false)
{
    std::map<Hash, StellarMessage> items;
    for (auto const& i : held)
        items[i.hash] = i.msg;
    peer.onMessage = [&peer, items, silent](StellarMessage const& m) {
        if ((silent && m.type() == GET_TX_SET) || (m.type() != GET_TX_SET && m.type() != GET_SCP_QUORUMSET))
            return;
        auto const& hash = m.type() == GET_TX_SET ? m.txSetHash() : m.qSetHash();
        if (auto it = items.find(hash); it != items.end())
            return peer.send(it->second);
        StellarMessage dontHave;
        dontHave.type(DONT_HAVE);
        dontHave.dontHave().type = m.type() == GET_TX_SET ? GENERALIZED_TX_SET : SCP_QUORUMSET;
        dontHave.dontHave().reqHash = hash;
        peer.send(dontHave);
    };
}

// A request the node sent, where and when it arrived.
struct Asked
{
    ClockDuration at;
    std::string peer;
    friend bool operator==(Asked const&, Asked const&) = default;
};
std::ostream&
operator<<(std::ostream& os, Asked const& a)
{
    return os << "{" << std::chrono::duration_cast<std::chrono::milliseconds>(a.at).count() << "ms, " << a.peer << "}";
}

// Every GET_TX_SET (or GET_SCP_QUORUMSET) for `hash` the named peers received, by time.
std::vector<Asked>
requestsFor(Hash const& hash, MessageType type, std::map<std::string, ScriptedPeer*> const& peers)
{
    std::vector<Asked> out;
    for (auto const& [name, peer] : peers)
        for (auto const& r : peer->received())
            if (r.msg.type() == type && (type == GET_TX_SET ? r.msg.txSetHash() : r.msg.qSetHash()) == hash)
                out.push_back({r.at, name});
    std::stable_sort(out.begin(), out.end(), [](Asked const& a, Asked const& b) { return a.at < b.at; });
    return out;
}

// When each copy of `env` reached the peer.
std::vector<ClockDuration>
floodedTo(ScriptedPeer const& peer, SCPEnvelope const& env)
{
    std::vector<ClockDuration> out;
    for (auto const& r : peer.received())
        if (r.msg.type() == SCP_MESSAGE && r.msg.envelope() == env)
            out.push_back(r.at);
    return out;
}

class Fetch : public ::testing::Test
{
  protected:
    LoopbackWorld world;
    TestNode& node = world.startedNode();
    SCPQuorumSet qset = quorumSet(2, 3);
    Item qsetHeld = qsetItem(qset);

    void
    SetUp() override
    {
        node.app().needsItems = true;
        node.app().qsets[qsetHeld.hash] = qset;
    }

    std::unique_ptr<ScriptedPeer>
    peer()
    {
        return world.authenticatedPeer(node);
    }

    // From now on what the node sends takes 10 ms.
    void
    slowNodeLinks()
    {
        world.networkOf(node).setLinkOptions(LinkOptions{.latency = 10ms});
    }
};
}

// A and B sent the envelope, so they are asked first (A, who sent it first,
// then B, whose copy came while A was asked); both answer DONT_HAVE; C is
// asked next, has it, and the envelope goes to C, the one peer without it.
TEST_F(Fetch, TxSetComesFromTheOnePeerThatHasItAfterTwoDontHaves)
{
    auto a = peer(), b = peer(), c = peer();
    auto set = txSetItem(1);
    serve(*a, {});
    serve(*b, {});
    serve(*c, {set});
    slowNodeLinks();
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);

    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(1005ms);
    b->send(scpMessage(env));
    world.runUntil(3s);

    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}, {"C", c.get()}};
    EXPECT_EQ(requestsFor(set.hash, GET_TX_SET, peers),
              (std::vector<Asked>{{1010ms, "A"}, {1020ms, "B"}, {1030ms, "C"}}));
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{set.hash});
    EXPECT_EQ(floodedTo(*c, env), std::vector<ClockDuration>{1040ms});
    EXPECT_TRUE(floodedTo(*a, env).empty());
    EXPECT_TRUE(floodedTo(*b, env).empty());
    EXPECT_EQ(node.counter("overlay.item-fetcher.next-peer"), 2);
    EXPECT_EQ(node.metrics().timers().at("overlay.fetch.txset").count(), 1u);
    EXPECT_EQ(node.counter("scp.pending.fetching"), 0);
}

// A sent the envelope and never answers: 1.5 s later B is asked, and B has it.
TEST_F(Fetch, APeerThatNeverAnswersIsSkippedAfterTheReplyTimeout)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(2);
    serve(*a, {}, /*silent=*/true);
    serve(*b, {set});
    slowNodeLinks();
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);

    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(5s);

    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}};
    EXPECT_EQ(requestsFor(set.hash, GET_TX_SET, peers), (std::vector<Asked>{{1010ms, "A"}, {2510ms, "B"}}));
    EXPECT_EQ(floodedTo(*b, env), std::vector<ClockDuration>{2520ms});
    EXPECT_EQ(node.counter("overlay.item-fetcher.next-peer"), 1);
}

// Nobody has it: each round asks A (who sent the envelope) then B, and the
// pause before the next round grows by 1.5 s up to 15 s (core's
// MAX_REBUILD_FETCH_LIST of 10).
TEST_F(Fetch, AfterEveryPeerWasAskedANewRoundStartsAfterAGrowingPause)
{
    auto a = peer(), b = peer();
    serve(*a, {});
    serve(*b, {});
    auto set = txSetItem(3);
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(130s);

    std::vector<Asked> expected;
    auto at = 1000ms;
    for (int round = 0; round <= 11; ++round)
    {
        at += Tracker::MS_TO_WAIT_FOR_FETCH_REPLY * std::min(round, Tracker::MAX_REBUILD_FETCH_LIST);
        expected.push_back({at, "A"});
        expected.push_back({at, "B"});
    }
    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}};
    auto asked = requestsFor(set.hash, GET_TX_SET, peers);
    ASSERT_GE(asked.size(), expected.size());
    asked.resize(expected.size());
    EXPECT_EQ(asked, expected); // ..., 82.5 s, then every 15 s: 97.5 s, 112.5 s
    EXPECT_EQ(node.counter("scp.pending.fetching"), 1);
}

// Both peers stay silent. At 20 s the network has moved on: B's envelope for
// slot 30 tells the node so (ledger 30, so it remembers slots from 19): no
// more requests for slot 10's tx set, and the set, arriving late, is not taken.
TEST_F(Fetch, FetchingStopsWhenTheEnvelopesSlotIsForgotten)
{
    auto a = peer(), b = peer();
    serve(*a, {}, true);
    serve(*b, {}, true);
    auto set = txSetItem(4);
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(20s);
    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}};
    auto before = requestsFor(set.hash, GET_TX_SET, peers);
    // Asked at 1 s (A), 2.5 s (B), then rounds after 1.5 s and 3 s pauses.
    EXPECT_EQ(before, (std::vector<Asked>{{1000ms, "A"}, {2500ms, "B"}, {5500ms, "A"}, {7000ms, "B"},
                                          {11500ms, "A"}, {13000ms, "B"}, {19000ms, "A"}}));

    auto held = txSetItem(5);
    node.app().txSets[held.hash] = held.msg;
    node.app().onEnvelope = [&](SCPEnvelope const& e) {
        if (e.statement.slotIndex == 30)
            node.app().tracking = 30;
    };
    b->send(scpMessage(externalize(2, 30, held.hash, qsetHeld.hash)));
    world.runUntil(120s);
    EXPECT_EQ(requestsFor(set.hash, GET_TX_SET, peers), before);
    EXPECT_EQ(node.counter("scp.pending.fetching"), 0);

    a->send(set.msg);
    world.runUntil(121s);
    EXPECT_TRUE(node.app().txSetsReceived.empty());
    EXPECT_TRUE(floodedTo(*b, env).empty());
}

// Tx sets and quorum sets nobody asked for are not taken: the application
// never sees them, and a peer asking for one gets DONT_HAVE.
TEST_F(Fetch, AnItemNobodyAskedForIsIgnored)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(6);
    TransactionSet legacy;
    legacy.previousLedgerHash[0] = 6;
    StellarMessage legacyMsg;
    legacyMsg.type(TX_SET);
    legacyMsg.txSet() = legacy;
    auto other = qsetItem(quorumSet(1, 1));
    world.runUntil(1s);
    a->send(set.msg);
    a->send(legacyMsg);
    a->send(other.msg);
    world.runUntil(2s);
    EXPECT_TRUE(node.app().txSetsReceived.empty());
    EXPECT_TRUE(node.app().qsetsReceived.empty());

    b->send(simulation::itemRequest(GET_TX_SET, set.hash));
    b->send(simulation::itemRequest(GET_SCP_QUORUMSET, other.hash));
    world.runUntil(3s);
    auto dontHaves = b->allOf(DONT_HAVE);
    ASSERT_EQ(dontHaves.size(), 2u);
    EXPECT_EQ(dontHaves[0].dontHave().reqHash, set.hash);
    EXPECT_EQ(dontHaves[0].dontHave().type, GENERALIZED_TX_SET);
    EXPECT_EQ(dontHaves[1].dontHave().reqHash, other.hash);
    EXPECT_EQ(dontHaves[1].dontHave().type, SCP_QUORUMSET);
    EXPECT_EQ(b->count(GENERALIZED_TX_SET) + b->count(SCP_QUORUMSET), 0u);
}

// The envelope names quorum set Q. A answers GET_SCP_QUORUMSET(Q) with
// another quorum set: it hashes to something nobody asked for, so it is not
// taken, and 1.5 s later B is asked and gives Q.
TEST_F(Fetch, AQuorumSetWithTheWrongHashIsNotTaken)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(7);
    node.app().txSets[set.hash] = set.msg;
    auto wanted = qsetItem(quorumSet(3, 4));
    auto wrong = qsetItem(quorumSet(1, 4));
    wrong.hash = wanted.hash; // A answers the request for Q with it
    serve(*a, {wrong});
    serve(*b, {wanted});
    slowNodeLinks();
    auto env = externalize(1, SLOT, set.hash, wanted.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(5s);

    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}};
    EXPECT_EQ(requestsFor(wanted.hash, GET_SCP_QUORUMSET, peers),
              (std::vector<Asked>{{1010ms, "A"}, {2510ms, "B"}}));
    EXPECT_EQ(node.app().qsetsReceived, std::vector<Hash>{wanted.hash});
    EXPECT_EQ(node.counter("overlay.item-fetcher.next-peer"), 1);
    EXPECT_EQ(floodedTo(*b, env), std::vector<ClockDuration>{2520ms});
}

namespace
{
SCPQuorumSet
nestedDeep(uint32_t depth)
{
    SCPQuorumSet q = quorumSet(1, 1);
    for (uint32_t i = 0; i < depth; ++i)
    {
        SCPQuorumSet outer;
        outer.threshold = 1;
        outer.innerSets.push_back(q);
        q = outer;
    }
    return q;
}

SCPQuorumSet
withDuplicate()
{
    auto q = quorumSet(2, 3);
    q.validators.push_back(q.validators.front());
    return q;
}
}

class InsaneQuorumSet : public Fetch, public ::testing::WithParamInterface<std::pair<char const*, SCPQuorumSet>>
{
};

// The envelope names an insane quorum set (core: isQuorumSetSane): when it
// arrives it is refused, the envelope is discarded (never flooded, never
// given to the application), nobody is asked for it again, and the same
// envelope from another peer is discarded at once.
TEST_P(InsaneQuorumSet, IsRefusedAndTheEnvelopeDiscarded)
{
    auto a = peer(), b = peer(), c = peer();
    auto set = txSetItem(8);
    node.app().txSets[set.hash] = set.msg;
    auto insane = qsetItem(GetParam().second);
    serve(*a, {insane});
    auto env = externalize(1, SLOT, set.hash, insane.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(10s);
    b->send(scpMessage(env));
    world.runUntil(30s);

    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}, {"C", c.get()}};
    EXPECT_EQ(requestsFor(insane.hash, GET_SCP_QUORUMSET, peers), (std::vector<Asked>{{1s, "A"}}));
    EXPECT_TRUE(node.app().qsetsReceived.empty());
    EXPECT_TRUE(node.app().acceptedEnvelopes.empty());
    // The second copy never reached the application either.
    EXPECT_EQ(node.app().receivedEnvelopes.size(), 1u);
    EXPECT_TRUE(floodedTo(*b, env).empty());
    EXPECT_TRUE(floodedTo(*c, env).empty());
    EXPECT_EQ(node.counter("scp.pending.discarded"), 1);
    EXPECT_EQ(node.counter("scp.pending.fetching"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Fetch, InsaneQuorumSet,
    ::testing::Values(std::pair{"ThresholdZero", quorumSet(0, 3)}, std::pair{"ThresholdAboveEntries", quorumSet(4, 3)},
                      std::pair{"NestedFiveDeep", nestedDeep(5)}, std::pair{"DuplicateValidator", withDuplicate()},
                      std::pair{"ThousandAndOneValidators", quorumSet(1, 1001)}),
    [](auto const& info) { return std::string(info.param.first); });

// Nesting four deep is still sane (core's MAXIMUM_QUORUM_NESTING_LEVEL).
TEST_F(Fetch, AQuorumSetNestedFourDeepIsTaken)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(9);
    node.app().txSets[set.hash] = set.msg;
    auto deep = qsetItem(nestedDeep(4));
    serve(*a, {deep});
    auto env = externalize(1, SLOT, set.hash, deep.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(2s);
    EXPECT_EQ(node.app().qsetsReceived, std::vector<Hash>{deep.hash});
    EXPECT_EQ(floodedTo(*b, env), std::vector<ClockDuration>{1s});
}

// The envelope names a tx set and a quorum set, neither here. A and B send
// it; C holds both items; D only watches. The envelope reaches C and D once,
// right after the second item arrived, and the application takes it once,
// whoever sends it again.
TEST_F(Fetch, TheEnvelopeIsFloodedOnlyAfterItsItemsArrivedAndExactlyOnce)
{
    auto a = peer(), b = peer(), c = peer(), d = peer();
    auto set = txSetItem(10);
    auto q = qsetItem(quorumSet(2, 2));
    serve(*a, {});
    serve(*b, {});
    serve(*c, {set, q});
    serve(*d, {});
    slowNodeLinks();
    auto env = externalize(1, SLOT, set.hash, q.hash);
    int accepted = 0;
    node.app().onAcceptedEnvelope = [&](SCPEnvelope const&) { ++accepted; };

    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(1005ms);
    b->send(scpMessage(env));
    world.runUntil(3s);
    a->send(scpMessage(env));
    b->send(scpMessage(env));
    world.runUntil(4s);

    // Each item: A, then B (they sent the envelope), then C or D, until C.
    auto peers = std::map<std::string, ScriptedPeer*>{{"A", a.get()}, {"B", b.get()}, {"C", c.get()}, {"D", d.get()}};
    auto txSetAsked = requestsFor(set.hash, GET_TX_SET, peers);
    auto qsetAsked = requestsFor(q.hash, GET_SCP_QUORUMSET, peers);
    ASSERT_FALSE(txSetAsked.empty());
    ASSERT_FALSE(qsetAsked.empty());
    EXPECT_EQ(txSetAsked.back().peer, "C");
    EXPECT_EQ(qsetAsked.back().peer, "C");
    auto bothHere = std::max(txSetAsked.back().at, qsetAsked.back().at);
    EXPECT_EQ(floodedTo(*c, env), std::vector<ClockDuration>{bothHere + 10ms});
    EXPECT_EQ(floodedTo(*d, env), std::vector<ClockDuration>{bothHere + 10ms});
    EXPECT_TRUE(floodedTo(*a, env).empty());
    EXPECT_TRUE(floodedTo(*b, env).empty());
    EXPECT_EQ(accepted, 1);
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{set.hash});
    EXPECT_EQ(node.app().qsetsReceived, std::vector<Hash>{q.hash});
    EXPECT_EQ(node.metrics().timers().at("scp.fetch.envelope").count(), 1u);
    // Bytes received, split by whether the same message came before (core:
    // recordMessageMetric): four copies of the envelope, each item once.
    auto envBytes = static_cast<int64_t>(xdr::encodedSize(scpMessage(env)));
    EXPECT_EQ(node.counter("overlay.flood.unique-recv"), envBytes);
    EXPECT_EQ(node.counter("overlay.flood.duplicate-recv"), 3 * envBytes);
    EXPECT_EQ(node.counter("overlay.fetch.unique-recv"),
              static_cast<int64_t>(xdr::encodedSize(set.msg) + xdr::encodedSize(q.msg)));
    EXPECT_EQ(node.counter("overlay.fetch.duplicate-recv"), 0);
}

// An envelope the application refuses (a bad signature, say) starts no
// search and goes nowhere, though it names items the node lacks.
TEST_F(Fetch, AnEnvelopeTheApplicationDiscardsIsNeitherFetchedForNorFlooded)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(15);
    serve(*a, {set});
    serve(*b, {set});
    node.app().envelopeStatus = OverlayApp::EnvelopeStatus::Discarded;
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(10s);
    EXPECT_EQ(a->count(GET_TX_SET) + b->count(GET_TX_SET), 0u);
    EXPECT_TRUE(floodedTo(*b, env).empty());
    EXPECT_EQ(node.app().receivedEnvelopes.size(), 1u);
    EXPECT_EQ(node.counter("scp.pending.fetching"), 0);
}

// An item the application refuses (a tx set it cannot use) discards the
// envelopes waiting for it, as an insane quorum set does.
TEST_F(Fetch, AnItemTheApplicationRefusesDiscardsItsEnvelopes)
{
    auto a = peer(), b = peer();
    auto set = txSetItem(11);
    serve(*a, {set});
    node.app().acceptItems = false;
    auto env = externalize(1, SLOT, set.hash, qsetHeld.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(10s);
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{set.hash});
    EXPECT_EQ(a->count(GET_TX_SET), 1u);
    EXPECT_TRUE(floodedTo(*b, env).empty());
    EXPECT_EQ(node.counter("scp.pending.discarded"), 1);
}

// A legacy TX_SET is known by core's contents hash (previous ledger hash and
// the transactions), not by the hash of its XDR.
TEST_F(Fetch, ALegacyTxSetIsKnownByItsContentsHash)
{
    auto a = peer(), b = peer();
    TransactionSet legacy;
    legacy.previousLedgerHash[0] = 12;
    Item item{txSetContentsHash(legacy), {}};
    item.msg.type(TX_SET);
    item.msg.txSet() = legacy;
    ASSERT_NE(item.hash, crypto::sha256(xdr::toBytes(legacy)));
    serve(*a, {item});
    auto env = externalize(1, SLOT, item.hash, qsetHeld.hash);
    world.runUntil(1s);
    a->send(scpMessage(env));
    world.runUntil(2s);
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{item.hash});
    EXPECT_EQ(floodedTo(*b, env), std::vector<ClockDuration>{1s});
}

// Serving: what the node holds is sent, DONT_HAVE otherwise; a missing tx set
// is named GENERALIZED_TX_SET from protocol 20 on, TX_SET before (core:
// Peer::recvGetTxSet).
TEST_F(Fetch, GetTxSetAndGetScpQuorumSetAreAnsweredWithTheItemOrDontHave)
{
    auto a = peer();
    auto set = txSetItem(13);
    node.app().txSets[set.hash] = set.msg;
    auto missing = txSetItem(14);
    auto ask = [&](MessageType type, Hash const& h) {
        auto before = a->received().size();
        a->send(simulation::itemRequest(type, h));
        world.runUntil(world.elapsed() + 1s);
        // The answer; the node's pings (GET_SCP_QUORUMSET) are not.
        for (auto i = before; i < a->received().size(); ++i)
            if (a->received()[i].msg.type() != GET_SCP_QUORUMSET)
                return a->received()[i].msg;
        return StellarMessage{};
    };
    world.runUntil(1s);
    EXPECT_EQ(ask(GET_TX_SET, set.hash), set.msg);
    EXPECT_EQ(ask(GET_SCP_QUORUMSET, qsetHeld.hash), qsetHeld.msg);
    auto dontHave = ask(GET_TX_SET, missing.hash);
    ASSERT_EQ(dontHave.type(), DONT_HAVE);
    EXPECT_EQ(dontHave.dontHave().type, GENERALIZED_TX_SET);
    EXPECT_EQ(dontHave.dontHave().reqHash, missing.hash);
    node.app().protocolVersion = 19;
    EXPECT_EQ(ask(GET_TX_SET, missing.hash).dontHave().type, TX_SET);
    dontHave = ask(GET_SCP_QUORUMSET, missing.hash);
    ASSERT_EQ(dontHave.type(), DONT_HAVE);
    EXPECT_EQ(dontHave.dontHave().type, SCP_QUORUMSET);
    EXPECT_EQ(dontHave.dontHave().reqHash, missing.hash);
}

namespace
{
// A tx set hash nobody will ever serve.
Hash
unservedTxSet(uint32_t n)
{
    Hash h{};
    h[0] = 0xee;
    h[1] = static_cast<uint8_t>(n >> 16);
    h[2] = static_cast<uint8_t>(n >> 8);
    h[3] = static_cast<uint8_t>(n);
    return h;
}

// `peer` sends `count` envelopes of validator `node`, the i-th naming
// unservedTxSet(first + i), in batches the node's flow-control credit
// covers (SEND_MORE_EXTENDED comes back as it processes them).
void
sendUnserved(LoopbackWorld& world, ScriptedPeer& peer, uint32_t node, uint32_t first, uint32_t count,
             Hash const& qsetHash)
{
    for (uint32_t i = 0; i < count; ++i)
    {
        peer.send(scpMessage(externalize(node, SLOT, unservedTxSet(first + i), qsetHash)));
        if (i % 100 == 99)
            world.runUntil(world.elapsed() + 50ms);
    }
    world.runUntil(world.elapsed() + 50ms);
}

// The distinct tx set hashes the node asked `peer` for since `since`.
std::set<Hash>
txSetsAskedSince(ScriptedPeer const& peer, ClockDuration since)
{
    std::set<Hash> out;
    for (auto const& r : peer.received())
        if (r.at >= since && r.msg.type() == GET_TX_SET)
            out.insert(r.msg.txSetHash());
    return out;
}

std::set<Hash>
unservedRange(uint32_t first, uint32_t count)
{
    std::set<Hash> out;
    for (uint32_t i = 0; i < count; ++i)
        out.insert(unservedTxSet(first + i));
    return out;
}
}

// E35: M sends PEER_FETCH_BUDGET + 100 envelopes, each naming a tx set
// nobody serves (one unit each). Its 100 oldest are let go, so the node keeps
// searching for its newest PEER_FETCH_BUDGET only; H's envelope, held all
// along, gets its tx set the moment H can serve it, and is flooded.
TEST_F(Fetch, E35_APeerOverItsFetchBudgetLosesOnlyItsOwnOldestEnvelopes)
{
    auto m = peer(), h = peer(), o = peer();
    serve(*m, {});
    serve(*h, {});
    serve(*o, {});
    auto honestSet = txSetItem(20);
    auto honest = externalize(1, SLOT, honestSet.hash, qsetHeld.hash);
    world.runUntil(1s);
    h->send(scpMessage(honest));
    constexpr uint32_t OVER = 100;
    sendUnserved(world, *m, 2, 0, PEER_FETCH_BUDGET + OVER, qsetHeld.hash);
    EXPECT_FALSE(m->closed());
    EXPECT_EQ(node.counter("scp.pending.fetching"), static_cast<int64_t>(PEER_FETCH_BUDGET + 1));

    // Searches go on in rounds: only M's newest are asked for again.
    auto since = world.elapsed();
    world.runUntil(since + 30s);
    auto asked = txSetsAskedSince(*m, since);
    EXPECT_EQ(asked.erase(honestSet.hash), 1u); // M is asked for it too, as any peer
    EXPECT_TRUE(asked == unservedRange(OVER, PEER_FETCH_BUDGET)) << asked.size() << " tx sets asked for";

    // H gets the tx set: its next round fetches it and the envelope goes out.
    serve(*h, {honestSet});
    world.runUntil(world.elapsed() + 20s);
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{honestSet.hash});
    EXPECT_EQ(floodedTo(*m, honest).size(), 1u);
    EXPECT_EQ(floodedTo(*o, honest).size(), 1u);
    EXPECT_EQ(node.counter("scp.pending.fetching"), static_cast<int64_t>(PEER_FETCH_BUDGET));
}

// E35: three peers, each within its budget, name more tx sets than the node
// searches for at once (ItemFetcher::MAX_TRACKED_ITEMS). The peer holding the
// most makes room each time, so the node never searches for more; H's
// envelope, arriving last, still gets its tx set at once and is flooded.
TEST_F(Fetch, E35_PeersFillingTheFetcherLoseTheirOldestAndAnHonestItemIsStillFetched)
{
    std::vector<std::unique_ptr<ScriptedPeer>> attackers;
    for (int i = 0; i < 3; ++i)
    {
        attackers.push_back(peer());
        serve(*attackers.back(), {});
    }
    auto h = peer();
    auto honestSet = txSetItem(21);
    serve(*h, {honestSet});
    world.runUntil(1s);
    for (uint32_t i = 0; i < attackers.size(); ++i)
    {
        sendUnserved(world, *attackers[i], 2 + i, i * 10'000, PEER_FETCH_BUDGET, qsetHeld.hash);
        EXPECT_FALSE(attackers[i]->closed());
    }
    EXPECT_EQ(node.counter("scp.pending.fetching"), static_cast<int64_t>(ItemFetcher::MAX_TRACKED_ITEMS));

    auto honest = externalize(1, SLOT, honestSet.hash, qsetHeld.hash);
    auto sentAt = world.elapsed();
    h->send(scpMessage(honest));
    world.runUntil(sentAt + 100ms);
    EXPECT_EQ(node.app().txSetsReceived, std::vector<Hash>{honestSet.hash});
    for (auto const& a : attackers)
        EXPECT_EQ(floodedTo(*a, honest).size(), 1u);

    // Later rounds ask for no more than MAX_TRACKED_ITEMS tx sets, a third
    // of them or so each attacker's.
    auto since = world.elapsed();
    world.runUntil(since + 30s);
    std::set<Hash> asked;
    for (auto const& a : attackers)
    {
        auto some = txSetsAskedSince(*a, since);
        asked.insert(some.begin(), some.end());
    }
    EXPECT_LE(asked.size(), ItemFetcher::MAX_TRACKED_ITEMS);
    for (uint32_t i = 0; i < attackers.size(); ++i)
    {
        auto theirs = unservedRange(i * 10'000, PEER_FETCH_BUDGET);
        auto kept = std::count_if(theirs.begin(), theirs.end(), [&](Hash const& x) { return asked.count(x) != 0; });
        EXPECT_GT(kept, static_cast<long>(ItemFetcher::MAX_TRACKED_ITEMS / 4)) << "attacker " << i;
    }
    EXPECT_LT(node.counter("scp.pending.fetching"), static_cast<int64_t>(ItemFetcher::MAX_TRACKED_ITEMS));
}

// The discarded envelopes the node remembers, so that their copies are
// refused without the application, are bounded: MAX_DISCARDED_ENVELOPES. A
// peer sends that many envelopes and 100 more, each naming an insane quorum
// set it serves at once: every one is discarded, the first
// MAX_DISCARDED_ENVELOPES remembered; a copy of one of those is refused at
// once, a copy of one past the bound goes to the application again. They
// are spread over three slots: a discarded envelope stays charged to its
// sender until its slot is forgotten, and one peer's share of a slot is
// PEER_SCP_SLOT_BUDGET (E38).
TEST_F(Fetch, DiscardedEnvelopesAreRememberedUpToTheirBound)
{
    auto a = peer();
    auto set = txSetItem(22);
    node.app().txSets[set.hash] = set.msg;
    auto insane = qsetItem(quorumSet(0, 3));
    serve(*a, {insane});
    constexpr uint32_t SENT = PendingEnvelopes::MAX_DISCARDED_ENVELOPES + 100;
    static_assert(SENT / 3 + 1 < PEER_SCP_SLOT_BUDGET);
    auto envelope = [&](uint32_t n) { return externalize(n + 1, SLOT - n % 3, set.hash, insane.hash); };
    world.runUntil(1s);
    for (uint32_t n = 0; n < SENT; ++n)
    {
        a->send(scpMessage(envelope(n)));
        if (n % 100 == 99)
            world.runUntil(world.elapsed() + 50ms);
    }
    world.runUntil(world.elapsed() + 1s);
    EXPECT_FALSE(a->closed());
    EXPECT_EQ(node.app().receivedEnvelopes.size(), SENT);
    EXPECT_EQ(node.counter("scp.pending.discarded"), static_cast<int64_t>(PendingEnvelopes::MAX_DISCARDED_ENVELOPES));
    EXPECT_EQ(node.counter("scp.pending.fetching"), 0);

    a->send(scpMessage(envelope(0)));
    world.runUntil(world.elapsed() + 100ms);
    EXPECT_EQ(node.app().receivedEnvelopes.size(), SENT);
    a->send(scpMessage(envelope(SENT - 1)));
    world.runUntil(world.elapsed() + 100ms);
    EXPECT_EQ(node.app().receivedEnvelopes.size(), SENT + 1);
}
