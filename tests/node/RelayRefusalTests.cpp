// What a peer sends that the relay application refuses never goes further:
// an SCP envelope with a bad signature, a transaction without operations, a
// transaction larger than maxTxSize. Each is counted; a second peer sees
// only the good transaction's advert and the good envelope. A real overlay
// and RelayApp over the in-memory loopback, in virtual time.

#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"
#include "support/LoopbackWorld.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
class RelayRefusals : public ::testing::Test
{
  protected:
    LoopbackWorld world;
    RelayApp* app = nullptr;
    TestNode* node = nullptr;
    std::unique_ptr<ScriptedPeer> sender, observer;

    void
    SetUp() override
    {
        node = &world.node(testOverlayConfig(), [this](Clock& clock, MetricsRegistry& metrics) {
            RelayAppConfig c;
            c.networkID = networkIdOf(TEST_NETWORK_PASSPHRASE);
            auto relay = std::make_unique<RelayApp>(c, clock, metrics); // no quorum set: relays at once
            app = relay.get();
            return relay;
        });
        node->overlay().start();
        sender = world.authenticatedPeer(*node);
        observer = world.authenticatedPeer(*node);
    }

    void
    sendTransaction(TransactionEnvelope const& tx)
    {
        StellarMessage m;
        m.type(TRANSACTION);
        m.transaction() = tx;
        sender->send(m);
    }

    std::vector<Hash>
    advertisedToObserver() const
    {
        std::vector<Hash> out;
        for (auto const& r : observer->received())
            if (r.msg.type() == FLOOD_ADVERT)
                for (auto const& h : r.msg.floodAdvert().txHashes)
                    out.push_back(h);
        return out;
    }

    std::vector<SCPEnvelope>
    envelopesToObserver() const
    {
        std::vector<SCPEnvelope> out;
        for (auto const& r : observer->received())
            if (r.msg.type() == SCP_MESSAGE)
                out.push_back(r.msg.envelope());
        return out;
    }
};
}

TEST_F(RelayRefusals, BadSignatureNoOperationsAndOversizeAreCountedAndNeverRelayed)
{
    auto networkID = networkIdOf(TEST_NETWORK_PASSPHRASE);
    TxGenerator gen(networkID, 4, 5);

    auto noOps = gen.payment().envelope;
    noOps.v1().tx.operations.clear();
    sendTransaction(noOps);

    // One upload of 140,000 bytes of "wasm": above maxTxSize (137,168), within
    // the flow-control capacity the node grants.
    auto oversize = gen.payment().envelope;
    auto& op = oversize.v1().tx.operations.front();
    op.body.type(INVOKE_HOST_FUNCTION);
    op.body.invokeHostFunctionOp().hostFunction.type(HOST_FUNCTION_TYPE_UPLOAD_CONTRACT_WASM);
    op.body.invokeHostFunctionOp().hostFunction.wasm().assign(140000, 0);
    ASSERT_GT(xdr::encodedSize(oversize), app->maxTxSize());
    sendTransaction(oversize);

    // The envelopes name items the node holds (its own quorum set, a tx set
    // it has): the good one is relayed at once.
    auto key = validatorKey(3);
    auto nowUnix = unixNow(world.clock);
    auto set = txSetOf({});
    app->recvTxSet(set.hash, set.message);
    auto own = hashOf(SCPQuorumSet{});
    auto forged = externalizeOf(key, 2, set.hash, nowUnix, own, networkID);
    forged.signature[5] ^= 0x40;
    StellarMessage scp;
    scp.type(SCP_MESSAGE);
    scp.envelope() = forged;
    sender->send(scp);

    // The good ones, after the bad.
    auto good = gen.payment();
    sendTransaction(good.envelope);
    auto signedEnv = externalizeOf(key, 2, set.hash, nowUnix, own, networkID);
    scp.envelope() = signedEnv;
    sender->send(scp);

    ASSERT_TRUE(observer->waitFor([&] { return !advertisedToObserver().empty() && !envelopesToObserver().empty(); }));
    world.runUntil(world.elapsed() + 2s); // any other advert would have gone out by now
    EXPECT_EQ(advertisedToObserver(), std::vector<Hash>{good.fullHash});
    EXPECT_EQ(envelopesToObserver(), std::vector<SCPEnvelope>(1, signedEnv));
    EXPECT_EQ(node->counter("herder.recv-transaction.malformed"), 1);
    EXPECT_EQ(node->counter("herder.recv-transaction.oversize"), 1);
    EXPECT_EQ(node->counter("scp.envelope.invalidsig"), 1);
    EXPECT_EQ(node->counter("overlay.flood.tx-rejected"), 2);
    EXPECT_EQ(app->pooledTransactions(), 1u);
    // The sender is still connected: these are refusals, not protocol errors.
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 2u);
}
