// What a peer sends that the relay application refuses never goes further:
// an SCP envelope with a bad signature, a transaction without operations, a
// transaction larger than maxTxSize. Each is counted; a second peer sees
// only the good transaction's advert and the good envelope. A real overlay
// and RelayApp over the in-memory loopback, in virtual time.

#include "net/LoopbackNetwork.h"
#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
class RelayRefusals : public ::testing::Test
{
  protected:
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork nodeNet{hub}, senderNet{hub}, observerNet{hub};
    MetricsRegistry metrics;
    std::unique_ptr<Database> db = Database::open("sqlite3://:memory:");
    ScriptedResolver resolver{clock};
    std::unique_ptr<RelayApp> app;
    std::unique_ptr<OverlayManager> overlay;
    std::unique_ptr<ScriptedPeer> sender, observer;

    void
    SetUp() override
    {
        RelayAppConfig c;
        c.networkID = networkIdOf(TEST_NETWORK_PASSPHRASE);
        app = std::make_unique<RelayApp>(c, clock, metrics); // no quorum set: relays at once
        overlay = std::make_unique<OverlayManager>(testOverlayConfig(DEFAULT_PEER_PORT), *app, clock, nodeNet,
                                                   resolver, *db, metrics);
        overlay->start();
        sender = connect(senderNet);
        observer = connect(observerNet);
        ASSERT_TRUE(clock.crankUntil([&] { return overlay->inboundAuthenticatedCount() == 2; }, 5s));
    }

    std::unique_ptr<ScriptedPeer>
    connect(LoopbackNetwork& net)
    {
        ScriptedPeerOptions o;
        o.networkPassphrase = TEST_NETWORK_PASSPHRASE;
        auto p = std::make_unique<ScriptedPeer>(clock, o);
        p->connect(net, nodeNet.localIp(), DEFAULT_PEER_PORT);
        EXPECT_TRUE(p->handshake());
        return p;
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

    auto key = validatorKey(3);
    auto nowUnix = unixNow(clock);
    auto forged = externalizeOf(key, 2, Hash{}, nowUnix, Hash{}, networkID);
    forged.signature[5] ^= 0x40;
    StellarMessage scp;
    scp.type(SCP_MESSAGE);
    scp.envelope() = forged;
    sender->send(scp);

    // The good ones, after the bad.
    auto good = gen.payment();
    sendTransaction(good.envelope);
    auto signedEnv = externalizeOf(key, 2, Hash{}, nowUnix, Hash{}, networkID);
    scp.envelope() = signedEnv;
    sender->send(scp);

    ASSERT_TRUE(observer->waitFor([&] { return !advertisedToObserver().empty() && !envelopesToObserver().empty(); }));
    clock.crankFor(2s); // any other advert would have gone out by now
    EXPECT_EQ(advertisedToObserver(), std::vector<Hash>{good.fullHash});
    EXPECT_EQ(envelopesToObserver(), std::vector<SCPEnvelope>(1, signedEnv));
    EXPECT_EQ(metrics.counterValue("herder.recv-transaction.malformed"), 1);
    EXPECT_EQ(metrics.counterValue("herder.recv-transaction.oversize"), 1);
    EXPECT_EQ(metrics.counterValue("scp.envelope.invalidsig"), 1);
    EXPECT_EQ(metrics.counterValue("overlay.flood.tx-rejected"), 2);
    EXPECT_EQ(app->pooledTransactions(), 1u);
    // The sender is still connected: these are refusals, not protocol errors.
    EXPECT_EQ(overlay->inboundAuthenticatedCount(), 2u);
}
