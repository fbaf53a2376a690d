// The JSON form (xdr/Json.h): exact text for small messages, round trips,
// and error messages that name the JSON path.

#include "xdr/Json.h"
#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::xdr;
using nlohmann::json;

namespace
{

std::string
jsonError(std::string const& text)
{
    try
    {
        (void)fromJson<StellarMessage>(json::parse(text));
    }
    catch (XdrError const& e)
    {
        return e.what();
    }
    return "no error";
}

StellarMessage
scpMessage(SCPStatementType kind)
{
    StellarMessage m;
    auto& st = m.type(SCP_MESSAGE).envelope().statement;
    st.nodeID.ed25519().fill(0x01);
    st.slotIndex = 60'000'000;
    st.pledges.type(kind);
    switch (kind)
    {
    case SCP_ST_PREPARE:
        st.pledges.prepare().ballot = {.counter = 2, .value = {1, 2, 3}};
        st.pledges.prepare().prepared.activate() = {.counter = 1, .value = {4}};
        st.pledges.prepare().nH = 1;
        break;
    case SCP_ST_CONFIRM:
        st.pledges.confirm().nCommit = 3;
        break;
    case SCP_ST_EXTERNALIZE:
        st.pledges.externalize().commit.counter = 7;
        break;
    case SCP_ST_NOMINATE:
        st.pledges.nominate().votes = {{9, 9}, {8}};
        break;
    }
    m.envelope().signature.assign(64, 0xEE);
    return m;
}

}

TEST(XdrJson, SmallMessagesHaveTheDocumentedForm)
{
    StellarMessage m;
    m.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {.numMessages = 5, .numBytes = 100000};
    EXPECT_EQ(toJson(m).dump(),
              R"({"sendMoreExtendedMessage":{"numBytes":100000,"numMessages":5},"type":"SEND_MORE_EXTENDED"})");

    StellarMessage dh;
    dh.type(DONT_HAVE).dontHave().type = TX_SET;
    dh.dontHave().reqHash.fill(0xAB);
    std::string hex;
    for (int i = 0; i < 32; ++i)
        hex += "ab";
    EXPECT_EQ(toJson(dh), json({{"type", "DONT_HAVE"}, {"dontHave", {{"type", "TX_SET"}, {"reqHash", hex}}}}));
}

TEST(XdrJson, VoidArmHasOnlyTheDiscriminantAndIntDiscriminantsAreNumbers)
{
    TransactionExt ext;
    EXPECT_EQ(toJson(ext).dump(), R"({"v":0})");
    ClaimPredicate p;
    EXPECT_EQ(toJson(p).dump(), R"({"type":"CLAIM_PREDICATE_UNCONDITIONAL"})");
    EXPECT_EQ(fromJson<ClaimPredicate>(json::parse(R"({"type":"CLAIM_PREDICATE_UNCONDITIONAL"})")), p);
}

TEST(XdrJson, NumbersAreExactOverSixtyFourBits)
{
    SCVal v;
    v.type(SCV_U64).u64() = ~uint64_t{0};
    EXPECT_EQ(toJson(v).dump(), R"({"type":"SCV_U64","u64":18446744073709551615})");
    v.type(SCV_I64).i64() = INT64_MIN;
    EXPECT_EQ(toJson(v).dump(), R"({"i64":-9223372036854775808,"type":"SCV_I64"})");
    EXPECT_EQ(fromJson<SCVal>(toJson(v)), v);
}

TEST(XdrJson, StringsAreTextWhenValidUtf8AndHexOtherwise)
{
    StellarMessage m;
    m.type(ERROR_MSG).error().msg = "caf\xc3\xa9";
    EXPECT_EQ(toJson(m)["error"]["msg"], "caf\xc3\xa9");
    m.error().msg = std::string("\xff\x00", 2);
    EXPECT_EQ(toJson(m)["error"]["msg"], json::parse(R"({"hex":"ff00"})"));
    EXPECT_EQ(fromJson<StellarMessage>(toJson(m)), m);
}

TEST(XdrJson, OptionalIsNullOrTheValue)
{
    auto m = scpMessage(SCP_ST_PREPARE);
    auto j = toJson(m)["envelope"]["statement"]["pledges"]["prepare"];
    EXPECT_EQ(j["prepared"], json::parse(R"({"counter":1,"value":"04"})"));
    EXPECT_TRUE(j["preparedPrime"].is_null());
}

TEST(XdrJson, MessagesRoundTrip)
{
    for (auto kind : {SCP_ST_PREPARE, SCP_ST_CONFIRM, SCP_ST_EXTERNALIZE, SCP_ST_NOMINATE})
    {
        auto m = scpMessage(kind);
        EXPECT_EQ(fromJson<StellarMessage>(toJson(m)), m) << enumName(kind);
        EXPECT_EQ(fromJson<StellarMessage>(json::parse(toJson(m).dump())), m) << enumName(kind);
    }
    StellarMessage hello;
    hello.type(HELLO).hello().versionStr = "stellar-overlay";
    hello.hello().cert.sig.assign(64, 7);
    EXPECT_EQ(fromJson<StellarMessage>(toJson(hello)), hello);
}

TEST(XdrJson, ErrorsNameThePathAndTheProblem)
{
    EXPECT_EQ(jsonError(R"({"type":"HELO"})"), "at /type: \"HELO\" is not a member of MessageType");
    EXPECT_EQ(jsonError(R"({"type":"HELLO"})"), "at /: missing member \"hello\"");
    EXPECT_EQ(jsonError(R"({"type":"HELLO","hello":{},"auth":{}})"), "at /: unknown member \"auth\"");
    EXPECT_EQ(jsonError(R"({"type":"GET_SCP_STATE","getSCPLedgerSeq":-1})"),
              "at /getSCPLedgerSeq: -1 is out of range for uint32");
    EXPECT_EQ(jsonError(R"({"type":"GET_SCP_STATE","getSCPLedgerSeq":"1"})"),
              "at /getSCPLedgerSeq: expected an integer (uint32), got string");
    EXPECT_EQ(jsonError(R"({"type":"GET_TX_SET","txSetHash":"abcd"})"),
              "at /txSetHash: expected 64 hex digits (32 bytes), got 4");
    EXPECT_EQ(jsonError(R"({"type":"ERROR_MSG","error":{"code":"ERR_LOAD","msg":")" + std::string(101, 'x') + "\"}}"),
              "at /error/msg: string of 101 bytes, more than the bound 100");
    EXPECT_EQ(jsonError(R"({"type":"ERROR_MSG","error":{"code":"ERR_LOAD","msg":"x","extra":1}})"),
              "at /error: unknown member \"extra\"");
    std::string peers = R"({"type":"PEERS","peers":[)";
    for (int i = 0; i < 101; ++i)
        peers += std::string(i ? "," : "") + R"({"ip":{"type":"IPv4","ipv4":"7f000001"},"port":1,"numFailures":0})";
    EXPECT_EQ(jsonError(peers + "]}"), "at /peers: array of 101 elements, more than the bound 100");
    EXPECT_EQ(jsonError(R"({"type":"PEERS","peers":[{"ip":{"type":"IPv4","ipv4":"7f0000zz"},"port":1,"numFailures":0}]})"),
              "at /peers/0/ip/ipv4: not a hex string: bad digit near position 6");
}

TEST(XdrJson, NestingBeyondTheCapIsRefused)
{
    json p = {{"type", "CLAIM_PREDICATE_UNCONDITIONAL"}};
    for (int i = 0; i < 499; ++i)
        p = {{"type", "CLAIM_PREDICATE_NOT"}, {"notPredicate", p}};
    EXPECT_NO_THROW(fromJson<ClaimPredicate>(p));
    p = {{"type", "CLAIM_PREDICATE_NOT"}, {"notPredicate", p}};
    EXPECT_THROW(fromJson<ClaimPredicate>(p), XdrError);
}
