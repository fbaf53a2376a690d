// The load generator's payments: well-formed ENVELOPE_TYPE_TX envelopes,
// one native PAYMENT of 1 stroop between test accounts, fee 100, increasing
// sequence numbers, signed by the source over core's contents hash.

#include "node/RelayTestSupport.h"
#include "node/TxGenerator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace stellar;
using namespace stellar::test;

TEST(TxGenerator, PaymentsAreSignedByTheirSourceOverTheContentsHash)
{
    TxGenerator gen(testNetworkID(), 3, 1);
    std::set<Hash> hashes;
    std::map<Hash, int64_t> lastSeq;
    for (int i = 0; i < 7; ++i)
    {
        auto t = gen.payment();
        ASSERT_EQ(t.envelope.type(), ENVELOPE_TYPE_TX);
        auto const& tx = t.envelope.v1().tx;
        EXPECT_EQ(tx.fee, 100u);
        ASSERT_EQ(tx.operations.size(), 1u);
        auto const& op = tx.operations[0].body;
        ASSERT_EQ(op.type(), PAYMENT);
        EXPECT_EQ(op.paymentOp().amount, 1);
        EXPECT_EQ(op.paymentOp().asset.type(), ASSET_TYPE_NATIVE);
        EXPECT_NE(op.paymentOp().destination.ed25519(), tx.sourceAccount.ed25519());
        // Each source's sequence numbers go up by one.
        auto src = tx.sourceAccount.ed25519();
        if (lastSeq.count(src))
        {
            EXPECT_EQ(tx.seqNum, lastSeq[src] + 1);
        }
        lastSeq[src] = tx.seqNum;
        ASSERT_EQ(t.envelope.v1().signatures.size(), 1u);
        auto const& sig = t.envelope.v1().signatures[0];
        EXPECT_TRUE(std::equal(sig.hint.begin(), sig.hint.end(), src.end() - 4));
        EXPECT_TRUE(crypto::verifySignature(src, sig.signature, transactionContentsHash(testNetworkID(), tx)));
        EXPECT_EQ(t.fullHash, crypto::sha256(xdr::toBytes(t.envelope)));
        // The XDR reads back to the same envelope.
        EXPECT_EQ(xdr::fromBytes<TransactionEnvelope>(xdr::toBytes(t.envelope)), t.envelope);
        hashes.insert(t.fullHash);
    }
    EXPECT_EQ(hashes.size(), 7u);
    EXPECT_EQ(lastSeq.size(), 3u);
}

TEST(TxGenerator, TheSameSeedGivesTheSameTransactions)
{
    TxGenerator a(testNetworkID(), 5, 9), b(testNetworkID(), 5, 9), c(testNetworkID(), 5, 10);
    auto ta = a.payment();
    EXPECT_EQ(ta.fullHash, b.payment().fullHash);
    EXPECT_NE(ta.fullHash, c.payment().fullHash);
}
