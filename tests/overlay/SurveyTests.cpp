// Time-sliced surveys at one node, in virtual time (spec 11; core:
// SurveyManager, SurveyDataManager, SurveyMessageLimiter): the phase
// timeouts at their exact ticks, signatures (E14, E18), who may survey (E15),
// sealed responses (E13) and what a relay sees, and every rate limit at its
// boundary. Whole networks are surveyed in tests/simulation.

#include "crypto/Curve25519.h"
#include "crypto/SecretKey.h"
#include "overlay/SurveyManager.h"
#include "support/LoopbackWorld.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

constexpr uint32_t LEDGER = 10; // what the scripted application tracks

NodeID
idOf(crypto::SecretKey const& key)
{
    NodeID id;
    id.ed25519() = key.publicKey();
    return id;
}

template <typename T>
Signature
signOf(crypto::SecretKey const& key, T const& value)
{
    auto sig = key.sign(xdr::toBytes(value));
    return Signature(sig.begin(), sig.end());
}

StellarMessage
startMsg(crypto::SecretKey const& surveyor, uint32_t nonce, uint32_t ledger = LEDGER)
{
    StellarMessage m;
    m.type(TIME_SLICED_SURVEY_START_COLLECTING);
    auto& s = m.signedTimeSlicedSurveyStartCollectingMessage();
    s.startCollecting = {idOf(surveyor), nonce, ledger};
    s.signature = signOf(surveyor, s.startCollecting);
    return m;
}

StellarMessage
stopMsg(crypto::SecretKey const& surveyor, uint32_t nonce, uint32_t ledger = LEDGER)
{
    StellarMessage m;
    m.type(TIME_SLICED_SURVEY_STOP_COLLECTING);
    auto& s = m.signedTimeSlicedSurveyStopCollectingMessage();
    s.stopCollecting = {idOf(surveyor), nonce, ledger};
    s.signature = signOf(surveyor, s.stopCollecting);
    return m;
}

StellarMessage
requestMsg(crypto::SecretKey const& surveyor, NodeID const& surveyed, uint32_t nonce, uint32_t ledger = LEDGER)
{
    StellarMessage m;
    m.type(TIME_SLICED_SURVEY_REQUEST);
    auto& s = m.signedTimeSlicedSurveyRequestMessage();
    s.request.request = {idOf(surveyor), surveyed, ledger, {}, TIME_SLICED_SURVEY_TOPOLOGY};
    s.request.request.encryptionKey.key = crypto::curve25519DerivePublic(crypto::curve25519RandomSecret()).key;
    s.request.nonce = nonce;
    s.requestSignature = signOf(surveyor, s.request);
    return m;
}

// The answer of `surveyed` to `request`, with `body` sealed to `to`.
StellarMessage
responseMsg(crypto::SecretKey const& surveyed, SignedTimeSlicedSurveyRequestMessage const& request,
            SurveyResponseBody const& body, crypto::Curve25519Public const& to)
{
    StellarMessage m;
    m.type(TIME_SLICED_SURVEY_RESPONSE);
    auto& s = m.signedTimeSlicedSurveyResponseMessage();
    s.response.nonce = request.request.nonce;
    s.response.response = {request.request.request.surveyorPeerID, idOf(surveyed), request.request.request.ledgerNum,
                           TIME_SLICED_SURVEY_TOPOLOGY, crypto::curve25519Encrypt(to, xdr::toBytes(body))};
    s.responseSignature = signOf(surveyed, s.response);
    return m;
}

SurveyResponseBody
bodyWith(uint32_t added)
{
    SurveyResponseBody body;
    body.type(SURVEY_TOPOLOGY_RESPONSE_V2);
    body.topologyResponseBodyV2().nodeData.addedAuthenticatedPeers = added;
    body.topologyResponseBodyV2().nodeData.maxInboundPeerCount = 64;
    return body;
}

template <typename M>
void
forge(M& signedMessage, Signature M::* field)
{
    (signedMessage.*field)[0] ^= 1;
}

OverlayConfig
configWithSurveyors(std::vector<crypto::SecretKey const*> surveyors)
{
    auto c = testOverlayConfig();
    for (auto const* k : surveyors)
        c.SURVEYOR_KEYS.push_back(k->strKeyPublic());
    return c;
}

SurveyPhase
phaseOf(TestNode& node)
{
    return node.overlay().surveyManager().data().phase();
}

}

// --- phases

// START at 0 s; the tick (2 s after start, then every 3 s) ends collecting at
// its first run strictly after 30 minutes (1802 s) and reporting at its first
// run strictly after 3 hours more (12605 s; 12602 s is not after).
TEST(Survey, CollectingEndsAtTheFirstTickAfterThirtyMinutesAndReportingAfterThreeHours)
{
    LoopbackWorld world;
    auto surveyor = crypto::SecretKey::random();
    auto& node = world.startedNode(configWithSurveyors({&surveyor}));
    auto peer = world.authenticatedPeer(node);
    answer(*peer, pingAnswersOnly());
    std::vector<std::pair<ClockDuration, SurveyPhase>> changes;
    node.overlay().surveyManager().onPhaseChange([&](SurveyPhase p) { changes.emplace_back(world.elapsed(), p); });
    ASSERT_EQ(world.elapsed(), 0s);
    peer->send(startMsg(surveyor, 7));
    world.runUntil(4h);
    using P = SurveyPhase;
    EXPECT_EQ(changes, (std::vector<std::pair<ClockDuration, P>>{
                           {0s, P::COLLECTING}, {1802s, P::REPORTING}, {12605s, P::INACTIVE}}));
    EXPECT_TRUE(peer->connected() && !peer->closed());
}

TEST(Survey, StopWithAnotherNonceOrSurveyorIsIgnoredAndAStartWhileReportingToo)
{
    LoopbackWorld world;
    auto a = crypto::SecretKey::random(), b = crypto::SecretKey::random();
    auto& node = world.startedNode(configWithSurveyors({&a, &b}));
    auto peer = world.authenticatedPeer(node);
    answer(*peer, pingAnswersOnly());
    peer->send(startMsg(a, 7));
    peer->send(startMsg(b, 8)); // E16: one survey at a time
    peer->send(stopMsg(a, 8));
    peer->send(stopMsg(b, 7));
    world.runUntil(1s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::COLLECTING);
    EXPECT_EQ(node.overlay().surveyManager().data().nonce(), 7u);
    peer->send(stopMsg(a, 7));
    world.runUntil(2s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::REPORTING);
    peer->send(startMsg(b, 9, LEDGER)); // E16: not even while reporting
    world.runUntil(3s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::REPORTING);
    EXPECT_EQ(node.overlay().surveyManager().data().nonce(), 7u);
    EXPECT_TRUE(node.drops().empty());
}

// --- signatures (E14, E18)

TEST(Survey, ForgedSignaturesOnStartStopAndRequestDropThePeerWithCoresError)
{
    LoopbackWorld world;
    auto surveyor = crypto::SecretKey::random();
    auto& node = world.startedNode(configWithSurveyors({&surveyor}));
    auto expectDropped = [&](ScriptedPeer& peer) {
        ASSERT_TRUE(peer.waitClosed());
        ASSERT_TRUE(peer.firstError());
        EXPECT_EQ(peer.firstError()->code, ERR_MISC);
        EXPECT_EQ(peer.firstError()->msg, "Survey has invalid signature");
        EXPECT_EQ(node.dropEvents().back().cause, DropCause::SurveyBadSignature);
    };

    auto p1 = world.authenticatedPeer(node);
    auto start = startMsg(surveyor, 7);
    forge(start.signedTimeSlicedSurveyStartCollectingMessage(), &SignedTimeSlicedSurveyStartCollectingMessage::signature);
    p1->send(start);
    expectDropped(*p1);
    EXPECT_EQ(phaseOf(node), SurveyPhase::INACTIVE);

    auto p2 = world.authenticatedPeer(node);
    answer(*p2, pingAnswersOnly());
    p2->send(startMsg(surveyor, 7));
    auto p3 = world.authenticatedPeer(node);
    auto stop = stopMsg(surveyor, 7);
    forge(stop.signedTimeSlicedSurveyStopCollectingMessage(), &SignedTimeSlicedSurveyStopCollectingMessage::signature);
    p3->send(stop);
    expectDropped(*p3);
    EXPECT_EQ(phaseOf(node), SurveyPhase::COLLECTING);

    p2->send(stopMsg(surveyor, 7));
    world.runUntil(world.elapsed() + 1s);
    ASSERT_EQ(phaseOf(node), SurveyPhase::REPORTING);
    auto p4 = world.authenticatedPeer(node);
    auto request = requestMsg(surveyor, idOf(crypto::SecretKey::random()), 7);
    forge(request.signedTimeSlicedSurveyRequestMessage(), &SignedTimeSlicedSurveyRequestMessage::requestSignature);
    p4->send(request);
    expectDropped(*p4);
    EXPECT_EQ(node.counter("overlay.drop.survey-bad-signature"), 3);
    EXPECT_FALSE(p2->closed());
}

// E18: a message that fails a cheaper check is ignored whatever its
// signature: an unauthorised surveyor, a ledger outside the window, a START
// while a survey is active, a REQUEST with a nonce not reporting here.
TEST(Survey, ABadSignatureIsNotCheckedWhenACheaperCheckFailsFirst)
{
    LoopbackWorld world;
    auto surveyor = crypto::SecretKey::random(), stranger = crypto::SecretKey::random();
    auto& node = world.startedNode(configWithSurveyors({&surveyor}));
    auto peer = world.authenticatedPeer(node);
    answer(*peer, pingAnswersOnly());
    auto send = [&](StellarMessage m) {
        switch (m.type())
        {
        case TIME_SLICED_SURVEY_START_COLLECTING: m.signedTimeSlicedSurveyStartCollectingMessage().signature[0] ^= 1; break;
        case TIME_SLICED_SURVEY_REQUEST: m.signedTimeSlicedSurveyRequestMessage().requestSignature[0] ^= 1; break;
        default: FAIL();
        }
        peer->send(m);
    };
    send(startMsg(stranger, 7));
    send(startMsg(surveyor, 7, LEDGER - SURVEY_LEDGER_WINDOW - 1));
    send(startMsg(surveyor, 7, LEDGER + SURVEY_LEDGER_WINDOW + 1));
    peer->send(startMsg(surveyor, 7)); // a valid one
    send(startMsg(surveyor, 8));       // a survey is active
    send(requestMsg(surveyor, idOf(stranger), 7)); // collecting, not reporting
    world.runUntil(10s);
    EXPECT_FALSE(peer->closed());
    EXPECT_TRUE(node.drops().empty());
    EXPECT_EQ(phaseOf(node), SurveyPhase::COLLECTING);
}

// --- who may survey (E15)

TEST(Survey, AnUnauthorisedSurveyorIsIgnoredAndNotRelayed)
{
    LoopbackWorld world;
    auto listed = crypto::SecretKey::random(), other = crypto::SecretKey::random();
    auto& node = world.startedNode(configWithSurveyors({&listed}));
    auto from = world.authenticatedPeer(node);
    auto watcher = world.authenticatedPeer(node);
    answer(*from, pingAnswersOnly());
    answer(*watcher, pingAnswersOnly());
    from->send(startMsg(other, 7));
    world.runUntil(5s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::INACTIVE);
    EXPECT_EQ(watcher->count(TIME_SLICED_SURVEY_START_COLLECTING), 0u);

    from->send(startMsg(listed, 7));
    world.runUntil(10s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::COLLECTING);
    EXPECT_EQ(watcher->count(TIME_SLICED_SURVEY_START_COLLECTING), 1u); // relayed
    EXPECT_EQ(from->count(TIME_SLICED_SURVEY_START_COLLECTING), 0u);    // never back to its sender
}

TEST(Survey, WithoutSurveyorKeysOnlyTheTransitiveQuorumMaySurvey)
{
    LoopbackWorld world;
    auto member = crypto::SecretKey::random(), outsider = crypto::SecretKey::random();
    auto& node = world.startedNode();
    node.app().quorum = {idOf(member)};
    auto peer = world.authenticatedPeer(node);
    answer(*peer, pingAnswersOnly());
    peer->send(startMsg(outsider, 7));
    world.runUntil(5s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::INACTIVE);
    peer->send(startMsg(member, 8));
    world.runUntil(10s);
    EXPECT_EQ(phaseOf(node), SurveyPhase::COLLECTING);
    EXPECT_EQ(node.overlay().surveyManager().data().surveyor(), idOf(member));
}

// --- sealed responses (E13)

// The node surveys two scripted peers: one answers with a body sealed to
// another key (unreadable: counted as a bad response), the other to the key
// the request carried (read). The request is signed by the node over its raw XDR.
TEST(Survey, AResponseSealedToAnotherKeyIsUnreadableAndCountedBad)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto good = world.authenticatedPeer(node), bad = world.authenticatedPeer(node);
    answer(*good, pingAnswersOnly());
    answer(*bad, pingAnswersOnly());
    auto& surveyor = node.overlay().surveyManager();
    ASSERT_TRUE(surveyor.broadcastStartSurveyCollecting(9));
    world.runUntil(60s);
    ASSERT_TRUE(surveyor.broadcastStopSurveyCollecting());
    ASSERT_TRUE(surveyor.startSurveyReporting());
    ASSERT_TRUE(surveyor.addNodeToRunningSurveyBacklog(good->nodeID(), 0, 0));
    ASSERT_TRUE(surveyor.addNodeToRunningSurveyBacklog(bad->nodeID(), 0, 0));
    ASSERT_TRUE(good->waitForType(TIME_SLICED_SURVEY_REQUEST, 20s));

    // Each peer sees both requests (flooded); each answers the one for itself.
    for (auto* peer : {good.get(), bad.get()})
    {
        for (auto const& m : peer->allOf(TIME_SLICED_SURVEY_REQUEST))
        {
            auto const& r = m.signedTimeSlicedSurveyRequestMessage();
            EXPECT_TRUE(crypto::verifySignature(node.nodeID().ed25519(), r.requestSignature, xdr::toBytes(r.request)));
            if (r.request.request.surveyedPeerID != peer->nodeID())
                continue;
            crypto::Curve25519Public surveyorKey{r.request.request.encryptionKey.key};
            auto to = peer == good.get() ? surveyorKey
                                         : crypto::curve25519DerivePublic(crypto::curve25519RandomSecret());
            peer->send(responseMsg(peer->key(), r, bodyWith(peer == good.get() ? 3 : 4), to));
        }
    }
    world.runUntil(world.elapsed() + 1s);
    auto results = surveyor.results();
    EXPECT_TRUE(results.surveyInProgress);
    EXPECT_EQ(results.badResponseNodes, (std::set<NodeID, NodeIDLess>{bad->nodeID()}));
    EXPECT_FALSE(results.topology.at(bad->nodeID()));
    ASSERT_TRUE(results.topology.at(good->nodeID()));
    EXPECT_EQ(results.topology.at(good->nodeID())->node.addedAuthenticatedPeers, 3u);
    EXPECT_TRUE(node.drops().empty());

    // Stopping wipes the key pair: a later response could not be opened.
    surveyor.stopSurveyReporting();
    EXPECT_FALSE(surveyor.results().surveyInProgress);
}

// S surveys T through R; a scripted peer P on R sees what R forwards: the
// request and the response, whose body is a sealed box of exactly the
// plaintext's length plus 48 bytes, without the plaintext in it, that no
// other key opens, while S reads it.
TEST(Survey, TheBytesARelayForwardsAreCiphertext)
{
    LoopbackWorld world;
    auto sKey = crypto::SecretKey::random();
    auto cfgS = testOverlayConfig();
    cfgS.NODE_SEED = sKey.strKeySeed();
    auto& s = world.startedNode(cfgS);
    auto& r = world.startedNode(configWithSurveyors({&sKey}));
    auto& t = world.startedNode(configWithSurveyors({&sKey}));
    s.overlay().connectTo(r.address());
    t.overlay().connectTo(r.address());
    auto spy = world.authenticatedPeer(r);
    answer(*spy, pingAnswersOnly());
    world.runUntil(5s);
    ASSERT_EQ(r.overlay().inboundAuthenticatedCount(), 3u);

    auto& surveyor = s.overlay().surveyManager();
    ASSERT_TRUE(surveyor.broadcastStartSurveyCollecting(5));
    world.runUntil(60s);
    ASSERT_TRUE(surveyor.broadcastStopSurveyCollecting());
    world.runUntil(61s);
    ASSERT_EQ(phaseOf(t), SurveyPhase::REPORTING);
    ASSERT_TRUE(surveyor.startSurveyReporting());
    ASSERT_TRUE(surveyor.addNodeToRunningSurveyBacklog(t.nodeID(), 0, 0));
    ASSERT_TRUE(world.runUntil([&] { return surveyor.results().topology.at(t.nodeID()).has_value(); }, 120s));
    ASSERT_TRUE(spy->waitForType(TIME_SLICED_SURVEY_RESPONSE));

    auto results = surveyor.results();
    auto const& answerSeen = *results.topology.at(t.nodeID());
    SurveyResponseBody plain;
    plain.type(SURVEY_TOPOLOGY_RESPONSE_V2);
    plain.topologyResponseBodyV2() = {answerSeen.inboundPeers, answerSeen.outboundPeers, answerSeen.node};
    auto plainBytes = xdr::toBytes(plain);
    auto response = spy->firstOf(TIME_SLICED_SURVEY_RESPONSE); // kept: `forwarded` refers into it
    auto const& forwarded = response->signedTimeSlicedSurveyResponseMessage();
    auto const& sealed = forwarded.response.response.encryptedBody;
    EXPECT_EQ(forwarded.response.response.surveyedPeerID, t.nodeID());
    EXPECT_EQ(sealed.size(), plainBytes.size() + crypto::CURVE25519_SEAL_OVERHEAD_BYTES);
    auto rKey = r.nodeID().ed25519(); // in T's plaintext: R is T's peer
    auto const& tPeers = answerSeen.outboundPeers;
    ASSERT_TRUE(std::any_of(tPeers.begin(), tPeers.end(), [&](auto const& p) { return p.peerStats.id == r.nodeID(); }));
    EXPECT_EQ(std::search(sealed.begin(), sealed.end(), rKey.begin(), rKey.end()), sealed.end());
    EXPECT_EQ(std::search(sealed.begin(), sealed.end(), plainBytes.begin(), plainBytes.begin() + 64), sealed.end());
    auto other = crypto::curve25519RandomSecret();
    EXPECT_FALSE(crypto::curve25519Decrypt(other, crypto::curve25519DerivePublic(other), sealed));
}

// --- rate limits (SurveyMessageLimiter), each at its boundary

namespace
{

SurveyRequestMessage
request(NodeID const& surveyor, NodeID const& surveyed, uint32_t ledger)
{
    return {surveyor, surveyed, ledger, {}, TIME_SLICED_SURVEY_TOPOLOGY};
}

NodeID
nodeN(uint8_t n)
{
    NodeID id;
    id.ed25519().fill(n);
    return id;
}

auto const YES = [] { return true; };

}

TEST(SurveyLimiter, TheLedgerWindowIsSixBehindAndSixAhead)
{
    EXPECT_TRUE(SurveyMessageLimiter::surveyLedgerNumValid(94, 100));
    EXPECT_FALSE(SurveyMessageLimiter::surveyLedgerNumValid(93, 100));
    EXPECT_TRUE(SurveyMessageLimiter::surveyLedgerNumValid(106, 100));
    EXPECT_FALSE(SurveyMessageLimiter::surveyLedgerNumValid(107, 100));
    EXPECT_TRUE(SurveyMessageLimiter::surveyLedgerNumValid(0, 5));
    EXPECT_FALSE(SurveyMessageLimiter::surveyLedgerNumValid(UINT32_MAX, 5));
}

TEST(SurveyLimiter, TenSurveyedNodesPerSurveyorPerLedgerTenSurveyorsPerLedgerSelfExempt)
{
    auto self = nodeN(200);
    SurveyMessageLimiter limiter(self);
    for (uint8_t i = 0; i < 10; ++i)
        EXPECT_TRUE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(100 + i), 50), 50, YES));
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(150), 50), 50, YES)); // the 11th
    EXPECT_TRUE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(150), 51), 50, YES));  // another ledger
    for (uint8_t s = 2; s <= 10; ++s)
        EXPECT_TRUE(limiter.addAndValidateRequest(request(nodeN(s), nodeN(100), 50), 50, YES));
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(11), nodeN(100), 50), 50, YES)); // the 11th surveyor
    EXPECT_TRUE(limiter.addAndValidateRequest(request(self, nodeN(100), 50), 50, YES));       // self: not limited
    for (uint8_t i = 0; i < 20; ++i)
        EXPECT_TRUE(limiter.addAndValidateRequest(request(self, nodeN(101 + i), 50), 50, YES));
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(2), nodeN(100), 50), 50, YES)); // a duplicate
}

TEST(SurveyLimiter, TheExpensiveChecksRunOnlyAfterTheCheapOnesAndARefusalRecordsNothing)
{
    SurveyMessageLimiter limiter(nodeN(200));
    int calls = 0;
    auto refuse = [&] { ++calls; return false; };
    auto accept = [&] { ++calls; return true; };
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(2), 30), 50, accept)); // out of the window
    EXPECT_EQ(calls, 0);
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(2), 50), 50, refuse));
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(2), 50), 50, accept)); // not recorded before
    EXPECT_FALSE(limiter.addAndValidateRequest(request(nodeN(1), nodeN(2), 50), 50, accept)); // now a duplicate
    EXPECT_EQ(calls, 2);

    SurveyResponseMessage response{nodeN(1), nodeN(2), 50, TIME_SLICED_SURVEY_TOPOLOGY, {}};
    SurveyResponseMessage unasked{nodeN(1), nodeN(3), 50, TIME_SLICED_SURVEY_TOPOLOGY, {}};
    EXPECT_FALSE(limiter.recordAndValidateResponse(unasked, 50, accept));
    EXPECT_EQ(calls, 2);
    EXPECT_FALSE(limiter.recordAndValidateResponse(response, 50, refuse));
    EXPECT_TRUE(limiter.recordAndValidateResponse(response, 50, accept));
    EXPECT_FALSE(limiter.recordAndValidateResponse(response, 50, accept)); // seen
    EXPECT_EQ(calls, 4);
}

// The records never hold more than the window's 13 ledgers of 10 surveyors
// of 10 surveyed nodes, however many a peer sends.
TEST(SurveyLimiter, RecordsAreBoundedByTheWindowAndTheLimits)
{
    SurveyMessageLimiter limiter(nodeN(255));
    std::size_t most = 0;
    for (uint32_t local = 100; local < 140; ++local)
    {
        limiter.clearOldLedgers(local);
        for (uint32_t ledger = local - 6; ledger <= local + 6; ++ledger)
            for (uint8_t s = 0; s < 12; ++s)
                for (uint8_t d = 0; d < 12; ++d)
                    limiter.addAndValidateRequest(request(nodeN(s), nodeN(100 + d), ledger), local, YES);
        most = std::max(most, limiter.size());
    }
    EXPECT_EQ(most, 13u * SURVEY_MAX_REQUEST_LIMIT * SURVEY_MAX_REQUEST_LIMIT);
}

// On the wire: a reporting node relays 10 requests of one surveyor in a
// ledger and not the 11th, and requests of 10 surveyors in a ledger and not
// of the 11th.
TEST(Survey, ARelayForwardsTenRequestsPerSurveyorAndTenSurveyorsPerLedger)
{
    LoopbackWorld world;
    std::vector<crypto::SecretKey> surveyors;
    for (int i = 0; i < 11; ++i)
        surveyors.push_back(crypto::SecretKey::random());
    auto cfg = testOverlayConfig();
    for (auto const& k : surveyors)
        cfg.SURVEYOR_KEYS.push_back(k.strKeyPublic());
    auto& node = world.startedNode(cfg);
    auto from = world.authenticatedPeer(node), to = world.authenticatedPeer(node);
    answer(*from, pingAnswersOnly());
    answer(*to, pingAnswersOnly());
    from->send(startMsg(surveyors[0], 7));
    from->send(stopMsg(surveyors[0], 7));
    for (int i = 0; i < 11; ++i)
        from->send(requestMsg(surveyors[0], idOf(crypto::SecretKey::random()), 7));
    world.runUntil(5s);
    EXPECT_EQ(to->count(TIME_SLICED_SURVEY_REQUEST), 10u);
    for (int s = 1; s < 11; ++s)
        from->send(requestMsg(surveyors[s], idOf(crypto::SecretKey::random()), 7, LEDGER + 1));
    world.runUntil(10s);
    EXPECT_EQ(to->count(TIME_SLICED_SURVEY_REQUEST), 20u); // ten surveyors at ledger 11
    from->send(requestMsg(surveyors[0], idOf(crypto::SecretKey::random()), 7, LEDGER + 1));
    world.runUntil(15s);
    EXPECT_EQ(to->count(TIME_SLICED_SURVEY_REQUEST), 20u); // the 11th surveyor at ledger 11
    EXPECT_TRUE(node.drops().empty());
}
