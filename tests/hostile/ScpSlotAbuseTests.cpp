// One slot's SCP envelopes against a real node over real sockets
// (HostileNode): a peer floods distinct, validly signed statements for one
// slot, from many keys (keys cost nothing) and ever-higher ballot counters.
// The node follows no quorum set, so it accepts any signer; what one peer's
// envelopes may make it remember of a slot is PEER_SCP_SLOT_BUDGET (E38):
// past it they are dropped unread, and the honest peers' envelopes, for that
// slot too, are still accepted and relayed.

#include "hostile/HostileNode.h"

#include "crypto/SHA.h"
#include "node/TestLedgerClock.h"
#include "util/Limits.h"
#include "xdr/Codec.h"

#include <fmt/format.h>

#include <vector>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
constexpr std::size_t SCP_SLOT_ABUSE_BOUND_KIB = 64 * 1024;
constexpr std::size_t SIGNERS = 100;

// An EXTERNALIZE of `base`'s value, by `key`, at ballot counter `nH`,
// signed: distinct for each key and counter, and naming `base`'s items.
SCPEnvelope
restated(HonestEnvelope const& base, crypto::SecretKey const& key, Hash const& networkID, uint32_t nH)
{
    auto env = base.envelope;
    env.statement.nodeID.ed25519() = key.publicKey();
    env.statement.pledges.externalize().nH = nH;
    signEnvelope(key, networkID, env);
    return env;
}

// SCP envelopes B received whose signer is not A, the honest sender.
std::size_t
relayedFromOthers(HonestPeer& b, crypto::SecretKey const& a)
{
    std::size_t n = 0;
    for (auto const& r : b.scripted().received())
        if (r.msg.type() == SCP_MESSAGE && r.msg.envelope().statement.nodeID.ed25519() != a.publicKey())
            ++n;
    return n;
}
}

TEST_F(HostileNode, DistinctSignedStatementsForOneSlotHoldTheRelayWithinItsBound)
{
    startNode();
    auto const passphrase = NodeProcessOptions{}.networkPassphrase;
    auto networkID = crypto::sha256(crypto::asBytes(passphrase));
    CreditedAttacker attacker(clock_, passphrase);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    std::vector<crypto::SecretKey> signers;
    for (std::size_t i = 0; i < SIGNERS; ++i)
        signers.push_back(crypto::SecretKey::random());

    // A slot the honest exchange reaches during the attack (it uses one
    // slot per envelope, five at a time).
    auto slot = honest_->delivered() + 3;
    auto base = signedExternalize(signers[0], networkID, slot);
    attacker.serveItemsOf(base);
    constexpr std::size_t ENVELOPES = PEER_SCP_SLOT_BUDGET + 1'000;
    for (std::size_t i = 0; i < ENVELOPES; ++i)
    {
        StellarMessage m;
        m.type(SCP_MESSAGE);
        m.envelope() = restated(base, signers[i % SIGNERS], networkID, static_cast<uint32_t>(1 + i / SIGNERS));
        ASSERT_TRUE(attacker.send(m)) << "envelope " << i << ": no credit from the node";
        if (i == 0)
        {
            // The node fetches the tx set and quorum set they all name once.
            ASSERT_TRUE(clock_.crankUntil([&] { return relayedFromOthers(honest_->b(), honest_->a().key()) == 1; },
                                          10s));
        }
        if (i == ENVELOPES / 2)
        {
            EXPECT_TRUE(honestPeersExchange()) << "in the midst of the attacker's envelopes";
        }
    }
    clock_.crankFor(2s);
    EXPECT_FALSE(attacker.closed());
    EXPECT_EQ(node_->counter("overlay.flood.scp-over-budget"), static_cast<int64_t>(ENVELOPES - PEER_SCP_SLOT_BUDGET));
    EXPECT_EQ(relayedFromOthers(honest_->b(), honest_->a().key()), PEER_SCP_SLOT_BUDGET);
    EXPECT_TRUE(honest_->b().arrival(slot).has_value()) << "the honest envelope for the attacked slot";
    auto relayed = node_->counter("overlay.memory.scp-relayed");
    EXPECT_LE(relayed, static_cast<int64_t>(PEER_SCP_SLOT_BUDGET + honest_->delivered()));
    expectHealthy("after the attacker's statements for one slot", SCP_SLOT_ABUSE_BOUND_KIB);
    clock_.crankFor(5s);
    expectHealthy("5 s later", SCP_SLOT_ABUSE_BOUND_KIB);
    printFigures(fmt::format("{} distinct signed statements for one slot from {} keys ({} remembered)", ENVELOPES,
                             SIGNERS, relayed));
}
