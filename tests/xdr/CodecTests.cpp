// Binary XDR: exact bytes of overlay messages, and every way bytes from a
// peer can break the rules (bounds, padding, enum values, union arms, bools,
// trailing bytes, lying lengths, nesting).

#include "xdr/StellarXdr.h"
#include "xdr/XdrBytes.h"

#include <gtest/gtest.h>

#include <string>

using namespace stellar;
using namespace stellar::xdr;
using stellar::xdrtest::XdrBytes;

namespace
{

Hello
sampleHello()
{
    Hello h;
    h.ledgerVersion = 23;
    h.overlayVersion = 41;
    h.overlayMinVersion = 40;
    h.networkID.fill(0x11);
    h.versionStr = "v27";
    h.listeningPort = 11625;
    h.peerID.ed25519().fill(0x22);
    h.cert.pubkey.key.fill(0x33);
    h.cert.expiration = 1'700'000'000;
    h.cert.sig.assign(64, 0x44);
    h.nonce.fill(0x55);
    return h;
}

XdrBytes
sampleHelloBytes()
{
    XdrBytes b;
    b.u32(23).u32(41).u32(40).fill(32, 0x11).str("v27").u32(11625);
    b.u32(0).fill(32, 0x22);                                  // PublicKey: PUBLIC_KEY_TYPE_ED25519
    b.fill(32, 0x33).u64(1'700'000'000).u32(64).fill(64, 0x44); // AuthCert
    b.fill(32, 0x55);
    return b;
}

StellarMessage
peersMessage(size_t n)
{
    StellarMessage m;
    m.type(PEERS);
    for (size_t i = 0; i < n; ++i)
    {
        PeerAddress a;
        a.ip.ipv4() = {10, 0, 0, static_cast<uint8_t>(i)};
        a.port = 11625;
        m.peers().push_back(a);
    }
    return m;
}

XdrBytes
peersBytes(uint32_t n)
{
    XdrBytes b;
    b.u32(PEERS).u32(n);
    for (uint32_t i = 0; i < n; ++i)
        b.u32(IPv4).raw({10, 0, 0, static_cast<uint8_t>(i)}).u32(11625).u32(0);
    return b;
}

// The XdrError a decode throws, or a failure if it does not throw.
template <class T>
XdrError
decodeError(std::vector<uint8_t> const& bytes)
{
    try
    {
        (void)fromBytes<T>(bytes);
    }
    catch (XdrError const& e)
    {
        return e;
    }
    ADD_FAILURE() << "decoding did not fail";
    return XdrError("no error");
}

template <class T>
XdrError
encodeError(T const& v)
{
    try
    {
        (void)toBytes(v);
    }
    catch (XdrError const& e)
    {
        return e;
    }
    ADD_FAILURE() << "encoding did not fail";
    return XdrError("no error");
}

}

TEST(XdrCodec, HelloMessageHasTheExpectedBytes)
{
    StellarMessage m;
    m.type(HELLO).hello() = sampleHello();
    auto expected = XdrBytes().u32(HELLO).append(sampleHelloBytes());
    EXPECT_EQ(toBytes(m), expected.bytes());
    EXPECT_EQ(fromBytes<StellarMessage>(expected), m);
    EXPECT_EQ(encodedSize(m), expected.bytes().size());
}

// The MAC is an opaque[32] without a length prefix: the 36 bytes of
// OVERLAY_SPEC Appendix C are wrong (SPEC-ERRATA E01).
TEST(XdrCodec, AuthenticatedMessageCarriesVersionSequenceMessageAndMac)
{
    AuthenticatedMessage am;
    am.v0().sequence = 0x0102030405060708ull;
    am.v0().message.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {.numMessages = 200, .numBytes = 300000};
    am.v0().mac.mac.fill(0xAB);
    auto expected = XdrBytes().u32(0).u64(0x0102030405060708ull).u32(SEND_MORE_EXTENDED).u32(200).u32(300000).fill(
        32, 0xAB);
    EXPECT_EQ(toBytes(am), expected.bytes());
    EXPECT_EQ(fromBytes<AuthenticatedMessage>(expected), am);
}

TEST(XdrCodec, WriterComposesTheMacInputOfSequenceAndMessage)
{
    StellarMessage m;
    m.type(GET_SCP_STATE).getSCPLedgerSeq() = 77;
    XdrWriter w;
    w.writeUint64(9);
    encode(w, m);
    EXPECT_EQ(w.take(), XdrBytes().u64(9).u32(GET_SCP_STATE).u32(77).bytes());
}

TEST(XdrCodec, IntegersKeepAllSixtyFourBits)
{
    SCPStatement s;
    s.slotIndex = ~uint64_t{0};
    s.pledges.type(SCP_ST_NOMINATE);
    auto back = fromBytes<SCPStatement>(toBytes(s));
    EXPECT_EQ(back.slotIndex, ~uint64_t{0});

    SCVal v;
    v.type(SCV_I64).i64() = INT64_MIN;
    EXPECT_EQ(toBytes(v), XdrBytes().u32(SCV_I64).u64(0x8000000000000000ull).bytes());
    EXPECT_EQ(fromBytes<SCVal>(toBytes(v)).i64(), INT64_MIN);
}

TEST(XdrCodec, OptionalIsAFlagThenTheValue)
{
    SCPStatementPledgesPrepare p;
    EXPECT_EQ(toBytes(p), XdrBytes().fill(32, 0).u32(0).u32(0).u32(0).u32(0).u32(0).u32(0).bytes());
    p.prepared.activate().counter = 3;
    auto bytes = toBytes(p);
    auto back = fromBytes<SCPStatementPledgesPrepare>(bytes);
    ASSERT_TRUE(back.prepared);
    EXPECT_EQ(back.prepared->counter, 3u);
    EXPECT_FALSE(back.preparedPrime);
}

TEST(XdrCodec, StringAtItsBoundRoundTripsAndOneByteMoreIsRefused)
{
    StellarMessage m;
    m.type(HELLO).hello() = sampleHello();
    m.hello().versionStr = std::string(100, 'v');
    EXPECT_EQ(fromBytes<StellarMessage>(toBytes(m)), m);

    m.hello().versionStr = std::string(101, 'v');
    EXPECT_EQ(encodeError(m).detail(), "Hello.versionStr has length 101, more than its bound 100");

    auto tooLong = XdrBytes().u32(HELLO).u32(23).u32(41).u32(40).fill(32, 0x11).u32(101).fill(104, 'v');
    auto e = decodeError<StellarMessage>(tooLong);
    EXPECT_EQ(e.offset(), 48u);
    EXPECT_STREQ(e.what(), "at byte 48: Hello.versionStr has length 101, more than its bound 100");
}

TEST(XdrCodec, PeersAtTheirBoundRoundTripAndOneMoreIsRefused)
{
    EXPECT_EQ(toBytes(peersMessage(100)), peersBytes(100).bytes());
    EXPECT_EQ(fromBytes<StellarMessage>(peersBytes(100)), peersMessage(100));

    EXPECT_EQ(encodeError(peersMessage(101)).detail(), "StellarMessage.peers has length 101, more than its bound 100");
    auto e = decodeError<StellarMessage>(peersBytes(101));
    EXPECT_EQ(e.offset(), 4u);
    EXPECT_EQ(e.detail(), "StellarMessage.peers has length 101, more than its bound 100");
}

TEST(XdrCodec, AdvertOfAThousandHashesPassesAndOneMoreIsRefused)
{
    StellarMessage m;
    m.type(FLOOD_ADVERT).floodAdvert().txHashes.resize(TX_ADVERT_VECTOR_MAX_SIZE);
    EXPECT_EQ(fromBytes<StellarMessage>(toBytes(m)), m);

    m.floodAdvert().txHashes.emplace_back();
    EXPECT_EQ(encodeError(m).detail(), "FloodAdvert.txHashes has length 1001, more than its bound 1000");
    auto bytes = XdrBytes().u32(FLOOD_ADVERT).u32(1001).fill(1001 * 32, 0x77);
    EXPECT_EQ(decodeError<StellarMessage>(bytes).detail(),
              "FloodAdvert.txHashes has length 1001, more than its bound 1000");
}

TEST(XdrCodec, NonZeroPaddingIsRefused)
{
    auto bytes = XdrBytes().u32(HELLO).append(sampleHelloBytes()).bytes();
    ASSERT_EQ(fromBytes<StellarMessage>(bytes).hello().versionStr, "v27");
    size_t const padAt = 4 + 12 + 32 + 4 + 3; // type, three uint32, networkID, length, "v27"
    bytes[padAt] = 1;
    auto e = decodeError<StellarMessage>(bytes);
    EXPECT_EQ(e.offset(), padAt);
    EXPECT_EQ(e.detail(), "padding byte is not zero");
}

TEST(XdrCodec, EnumValueOutsideTheEnumIsRefused)
{
    // GET_PEERS (4) left MessageType long ago (OVERLAY_SPEC errata E19).
    auto e = decodeError<StellarMessage>(XdrBytes().u32(4).u32(0));
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_EQ(e.detail(), "4 is not a value of MessageType");

    DontHave dh;
    dh.type = static_cast<MessageType>(99);
    EXPECT_EQ(encodeError(dh).detail(), "99 is not a value of MessageType");
}

TEST(XdrCodec, DiscriminantWithoutAnArmIsRefused)
{
    // KEY_TYPE_PRE_AUTH_TX is a CryptoKeyType, but MuxedAccount has no arm for it.
    auto e = decodeError<MuxedAccount>(XdrBytes().u32(KEY_TYPE_PRE_AUTH_TX).fill(32, 0));
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_EQ(e.detail(), "no arm of MuxedAccount accepts type 1");

    auto v1 = XdrBytes().u32(1).u64(1).u32(SEND_MORE).u32(1).fill(32, 0);
    EXPECT_EQ(decodeError<AuthenticatedMessage>(v1).detail(), "no arm of AuthenticatedMessage accepts v 1");
}

TEST(XdrCodec, BoolOtherThanZeroOrOneIsRefused)
{
    TimeSlicedNodeData d;
    d.isValidator = true;
    auto bytes = toBytes(d);
    ASSERT_EQ(bytes.size(), 40u);
    EXPECT_TRUE(fromBytes<TimeSlicedNodeData>(bytes).isValidator);
    bytes[31] = 2; // isValidator is the eighth field
    auto e = decodeError<TimeSlicedNodeData>(bytes);
    EXPECT_EQ(e.offset(), 28u);
    EXPECT_EQ(e.detail(), "bool must be 0 or 1, got 2");

    // An optional's presence flag is a bool too.
    auto flag = XdrBytes().fill(32, 0).u32(0).u32(0).u32(2);
    EXPECT_EQ(decodeError<SCPStatementPledgesPrepare>(flag).detail(), "bool must be 0 or 1, got 2");
}

TEST(XdrCodec, TrailingBytesAreRefusedByFromBytesButNotByTheStreamingDecoder)
{
    auto bytes = XdrBytes().u32(GET_SCP_STATE).u32(5).u32(0).bytes();
    auto e = decodeError<StellarMessage>(bytes);
    EXPECT_EQ(e.offset(), 8u);
    EXPECT_EQ(e.detail(), "4 trailing bytes after the value");

    XdrReader r(bytes);
    StellarMessage m;
    decode(r, m);
    EXPECT_EQ(m.getSCPLedgerSeq(), 5u);
    EXPECT_EQ(r.remaining(), 4u);
}

TEST(XdrCodec, TruncatedInputIsRefused)
{
    auto bytes = XdrBytes().u32(HELLO).append(sampleHelloBytes()).bytes();
    bytes.resize(bytes.size() - 1);
    auto e = decodeError<StellarMessage>(bytes);
    EXPECT_EQ(e.offset(), bytes.size() - 31);
    EXPECT_EQ(e.detail(), "input ends inside fixed-length opaque data: 32 bytes needed, 31 left");
    EXPECT_EQ(decodeError<Hash>(XdrBytes().fill(31, 0)).offset(), 0u);
}

TEST(XdrCodec, LengthThatTheRemainingInputCannotHoldIsRefused)
{
    auto peers = decodeError<StellarMessage>(XdrBytes().u32(PEERS).u32(100).fill(16, 0));
    EXPECT_EQ(peers.offset(), 4u);
    EXPECT_EQ(peers.detail(), "StellarMessage.peers claims 100 elements but only 16 bytes follow");

    // Unbounded arrays and opaque data are checked against the input as well.
    auto txs = XdrBytes().u32(TX_SET).fill(32, 0).u32(0x7fffffff);
    EXPECT_EQ(decodeError<StellarMessage>(txs).detail(),
              "TransactionSet.txs claims 2147483647 elements but only 0 bytes follow");
    auto value = XdrBytes().u32(0xffffffff).u32(0);
    EXPECT_EQ(decodeError<Value>(value).detail(), "opaque claims 4294967295 bytes but only 4 bytes follow");
}

TEST(XdrCodec, ClaimedCountUsesTheElementsSmallestEncoding)
{
    // A PeerAddress takes at least 16 bytes, so 2 of them cannot fit in 20.
    auto e = decodeError<StellarMessage>(XdrBytes().u32(PEERS).u32(2).fill(20, 0));
    EXPECT_EQ(e.detail(), "StellarMessage.peers claims 2 elements but only 20 bytes follow");
}

namespace
{

// n SCVals, each an SCV_VEC holding the next, the innermost SCV_VOID.
std::vector<uint8_t>
nestedVectors(size_t n)
{
    XdrBytes b;
    for (size_t i = 1; i < n; ++i)
        b.u32(SCV_VEC).u32(1).u32(1);
    b.u32(SCV_VOID);
    return b;
}

// n ClaimPredicates, each a NOT of the next, the innermost UNCONDITIONAL.
std::vector<uint8_t>
nestedNots(size_t n)
{
    XdrBytes b;
    for (size_t i = 1; i < n; ++i)
        b.u32(CLAIM_PREDICATE_NOT).u32(1);
    b.u32(CLAIM_PREDICATE_UNCONDITIONAL);
    return b;
}

}

TEST(XdrCodec, NestingUpToTheCapDecodesAndDeeperIsRefused)
{
    ASSERT_EQ(XdrReader::DEFAULT_MAX_DEPTH, 500u);
    auto ok = fromBytes<SCVal>(nestedVectors(500));
    EXPECT_EQ(toBytes(ok), nestedVectors(500));

    auto e = decodeError<SCVal>(nestedVectors(501));
    EXPECT_EQ(e.offset(), 500u * 12);
    EXPECT_EQ(e.detail(), "nesting deeper than 500 levels");

    EXPECT_NO_THROW(fromBytes<ClaimPredicate>(nestedNots(500)));
    EXPECT_EQ(decodeError<ClaimPredicate>(nestedNots(501)).detail(), "nesting deeper than 500 levels");
}

TEST(XdrCodec, FromBytesFillsAnExistingValue)
{
    StellarMessage m;
    m.type(HELLO).hello() = sampleHello();
    StellarMessage out;
    out.type(PEERS);
    fromBytes(toBytes(m), out);
    EXPECT_EQ(out, m);
}

TEST(XdrCodec, BareTypedefValuesUseTheirCxxType)
{
    Hash h;
    h.fill(0x5a);
    EXPECT_EQ(toBytes(h), XdrBytes().fill(32, 0x5a).bytes());
    uint32 n = 7;
    EXPECT_EQ(toBytes(n), XdrBytes().u32(7).bytes());
    Value v{1, 2, 3};
    EXPECT_EQ(toBytes(v), XdrBytes().u32(3).raw({1, 2, 3, 0}).bytes());
    EXPECT_EQ(fromBytes<Value>(toBytes(v)), v);
}
