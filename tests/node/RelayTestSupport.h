#pragma once
// Small builders for the relay application's tests: deterministic keys,
// quorum sets, signed EXTERNALIZE envelopes for a tx set, payments; and a
// relay node over the in-memory loopback.

#include "crypto/SHA.h"
#include "crypto/SecretKey.h"
#include "node/RelayApp.h"
#include "node/TestLedgerClock.h"
#include "node/TxGenerator.h"
#include "overlay/TxSetFrame.h"
#include "support/LoopbackWorld.h"
#include "util/Clock.h"
#include "xdr/Codec.h"

#include <string>
#include <vector>

namespace stellar::test
{

inline Hash
networkIdOf(std::string const& passphrase)
{
    return crypto::sha256(std::span(reinterpret_cast<uint8_t const*>(passphrase.data()), passphrase.size()));
}

inline Hash const&
testNetworkID()
{
    static Hash const id = networkIdOf("stellar-overlay relay tests ; 2026");
    return id;
}

inline crypto::SecretKey
validatorKey(int i)
{
    auto material = "relay test validator " + std::to_string(i);
    return crypto::SecretKey::fromSeed(
        crypto::sha256(std::span(reinterpret_cast<uint8_t const*>(material.data()), material.size())));
}

inline NodeID
nodeIdOf(crypto::SecretKey const& key)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = key.publicKey();
    return id;
}

inline SCPQuorumSet
quorumSetOf(uint32_t threshold, std::vector<crypto::SecretKey> const& keys, std::vector<SCPQuorumSet> inner = {})
{
    SCPQuorumSet q;
    q.threshold = threshold;
    for (auto const& k : keys)
        q.validators.push_back(nodeIdOf(k));
    q.innerSets = std::move(inner);
    return q;
}

inline Hash
hashOf(SCPQuorumSet const& q)
{
    return crypto::sha256(xdr::toBytes(q));
}

inline uint64_t
unixNow(Clock const& clock)
{
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock.systemNow().time_since_epoch()).count());
}

struct BuiltSet
{
    Hash hash;
    StellarMessage message;
};

inline BuiltSet
txSetOf(std::vector<SignedTransaction> const& txs, Hash const& previous = {})
{
    std::vector<TransactionEnvelope const*> ptrs;
    std::vector<Hash> hashes;
    for (auto const& t : txs)
    {
        ptrs.push_back(&t.envelope);
        hashes.push_back(t.fullHash);
    }
    auto built = makeGeneralizedTxSet(previous, ptrs, hashes, TxSetLimits{});
    BuiltSet out{built.hash, {}};
    out.message.type(GENERALIZED_TX_SET);
    out.message.generalizedTxSet() = built.txSet;
    return out;
}

// Every validator externalizes the same value: the one a nominator signed
// (here always validator 1), as in SCP.
inline SCPEnvelope
externalizeOf(crypto::SecretKey const& key, uint64_t slot, Hash const& txSetHash, uint64_t closeTime,
              Hash const& qsetHash, Hash const& networkID = testNetworkID())
{
    return makeExternalize(key, networkID, slot,
                           makeSignedStellarValue(validatorKey(1), networkID, txSetHash, closeTime), qsetHash);
}

inline std::vector<SignedTransaction>
payments(std::size_t n, uint64_t seed = 7)
{
    TxGenerator gen(testNetworkID(), 10, seed);
    std::vector<SignedTransaction> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(gen.payment());
    return out;
}

// A node as the standalone one is made: RelayApp under the overlay, the
// application's hooks wired to the overlay; started.
struct RelayNode
{
    TestNode* node = nullptr;
    RelayApp* app = nullptr;

    RelayNode(LoopbackWorld& world, OverlayConfig const& overlayConfig, RelayAppConfig config)
    {
        node = &world.node(overlayConfig, [&](Clock& clock, MetricsRegistry& metrics) {
            auto relay = std::make_unique<RelayApp>(std::move(config), clock, metrics);
            app = relay.get();
            return relay;
        });
        RelayHooks hooks;
        hooks.broadcastEnvelope = [o = &node->overlay()](SCPEnvelope const& env) { o->broadcastSCPEnvelope(env); };
        hooks.broadcastTransaction = [o = &node->overlay()](TransactionEnvelope const& tx, Hash const& fullHash) {
            o->broadcastTransaction(tx, fullHash);
        };
        app->setHooks(hooks);
        node->overlay().start();
        app->start();
    }

    OverlayManager& overlay() { return node->overlay(); }
    PeerBareAddress address() const { return node->address(); }
    int64_t counter(std::string_view name) const { return node->counter(name); }
    uint64_t timerCount(std::string const& name) { return node->metrics().timers().at(name).count(); }
};

}
