// The JSON form (xdr/Json.h, SEP-51): exact text for small messages, round
// trips, and error messages that name the JSON path. The interop tests
// check the same form against @stellar/stellar-xdr-json for every type.

#include "xdr/Json.h"
#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::xdr;

namespace
{

std::string
jsonError(std::string const& text)
{
    try
    {
        (void)fromJson<StellarMessage>(Json::parse(text));
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

TEST(XdrJson, SmallMessagesHaveTheSep51FormWithFieldsInXdrOrder)
{
    StellarMessage m;
    m.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {.numMessages = 5, .numBytes = 100000};
    EXPECT_EQ(toJson(m).dump(), R"({"send_more_extended":{"num_messages":5,"num_bytes":100000}})");

    StellarMessage dh;
    dh.type(DONT_HAVE).dontHave().type = TX_SET;
    dh.dontHave().reqHash.fill(0xAB);
    std::string hex;
    for (int i = 0; i < 32; ++i)
        hex += "ab";
    // "type_": the package spells a field named `type` so (the Rust name).
    EXPECT_EQ(toJson(dh).dump(), R"({"dont_have":{"type_":"tx_set","req_hash":")" + hex + R"("}})");
}

TEST(XdrJson, VoidCasesAreTheirNameAndIntDiscriminantsAreVNumbers)
{
    TransactionExt ext;
    EXPECT_EQ(toJson(ext).dump(), R"("v0")");
    ClaimPredicate p;
    EXPECT_EQ(toJson(p).dump(), R"("unconditional")");
    EXPECT_EQ(fromJson<ClaimPredicate>(Json::parse(R"("unconditional")")), p);
    // serde's other spelling of a void case.
    EXPECT_EQ(fromJson<ClaimPredicate>(Json::parse(R"({"unconditional":null})")), p);
    StellarMessage m;
    m.type(GET_SCP_STATE).getSCPLedgerSeq() = 1234;
    EXPECT_EQ(toJson(m).dump(), R"({"get_scp_state":1234})");
}

TEST(XdrJson, SixtyFourBitIntegersAreDecimalStringsAndNumbersAreAccepted)
{
    SCVal v;
    v.type(SCV_U64).u64() = ~uint64_t{0};
    EXPECT_EQ(toJson(v).dump(), R"({"u64":"18446744073709551615"})");
    v.type(SCV_I64).i64() = INT64_MIN;
    EXPECT_EQ(toJson(v).dump(), R"({"i64":"-9223372036854775808"})");
    EXPECT_EQ(fromJson<SCVal>(toJson(v)), v);
    v.i64() = -5;
    EXPECT_EQ(fromJson<SCVal>(Json::parse(R"({"i64":-5})")), v);
    EXPECT_EQ(fromJson<SCVal>(Json::parse(R"({"i64":"-5"})")), v);
}

TEST(XdrJson, WideIntegersAreDecimalStrings)
{
    SCVal v;
    v.type(SCV_I128).i128() = {.hi = -1, .lo = 0};
    EXPECT_EQ(toJson(v).dump(), R"({"i128":"-18446744073709551616"})");
    EXPECT_EQ(fromJson<SCVal>(toJson(v)), v);
    v.type(SCV_U256).u256() = {.hi_hi = ~uint64_t{0}, .hi_lo = ~uint64_t{0}, .lo_hi = ~uint64_t{0}, .lo_lo = ~uint64_t{0}};
    EXPECT_EQ(toJson(v).dump(),
              R"({"u256":"115792089237316195423570985008687907853269984665640564039457584007913129639935"})");
    EXPECT_EQ(fromJson<SCVal>(toJson(v)), v);
}

TEST(XdrJson, StringsAreEscapedBytes)
{
    StellarMessage m;
    m.type(ERROR_MSG).error().msg = "caf\xc3\xa9 \\ \"q\"";
    EXPECT_EQ(toJson(m)["error_msg"]["msg"], R"(caf\xc3\xa9 \\ "q")");
    m.error().msg = std::string("\xff\x00\n\t\r\x7f", 6);
    EXPECT_EQ(toJson(m)["error_msg"]["msg"], R"(\xff\0\n\t\r\x7f)");
    EXPECT_EQ(fromJson<StellarMessage>(toJson(m)), m);
}

TEST(XdrJson, KeysAndAddressesAreStrKeys)
{
    auto m = scpMessage(SCP_ST_CONFIRM);
    EXPECT_EQ(toJson(m)["scp_message"]["statement"]["node_id"], "GAAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQDZ7H");
    SCAddress a;
    a.type(SC_ADDRESS_TYPE_CONTRACT).contractId().fill(1);
    EXPECT_EQ(toJson(a), "CAAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQC526");
    EXPECT_EQ(fromJson<SCAddress>(toJson(a)), a);
}

TEST(XdrJson, OptionalIsNullOrTheValue)
{
    auto m = scpMessage(SCP_ST_PREPARE);
    auto j = toJson(m)["scp_message"]["statement"]["pledges"]["prepare"];
    EXPECT_EQ(j["prepared"].dump(), R"({"counter":1,"value":"04"})");
    EXPECT_TRUE(j["prepared_prime"].is_null());
    // A field declared `T*` may be left out.
    j.erase("prepared_prime");
    EXPECT_EQ(fromJson<SCPStatementPledges>(Json{{"prepare", j}}), m.envelope().statement.pledges);
}

TEST(XdrJson, MessagesRoundTrip)
{
    for (auto kind : {SCP_ST_PREPARE, SCP_ST_CONFIRM, SCP_ST_EXTERNALIZE, SCP_ST_NOMINATE})
    {
        auto m = scpMessage(kind);
        EXPECT_EQ(fromJson<StellarMessage>(toJson(m)), m) << enumName(kind);
        EXPECT_EQ(fromJson<StellarMessage>(Json::parse(toJson(m).dump())), m) << enumName(kind);
    }
    StellarMessage hello;
    hello.type(HELLO).hello().versionStr = "stellar-overlay";
    hello.hello().cert.sig.assign(64, 7);
    EXPECT_EQ(fromJson<StellarMessage>(toJson(hello)), hello);
}

TEST(XdrJson, ErrorsNameThePathAndWhatWasExpected)
{
    EXPECT_EQ(jsonError(R"("helo")"),
              "at /: expected a StellarMessage case (error_msg, hello, auth, dont_have, peers, get_tx_set, tx_set, "
              "generalized_tx_set, transaction, time_sliced_survey_request, time_sliced_survey_response, "
              "time_sliced_survey_start_collecting, ...), got \"helo\"");
    EXPECT_EQ(jsonError(R"("hello")"), "at /: StellarMessage case hello has a value: expected {\"hello\": ...}");
    EXPECT_EQ(jsonError(R"({"hello":{}})"), "at /hello: missing field \"ledger_version\"");
    EXPECT_EQ(jsonError(R"({"hello":{},"auth":{}})"),
              "at /: expected a StellarMessage: a case name or an object with one member, got an object");
    EXPECT_EQ(jsonError(R"({"get_scp_state":-1})"), "at /get_scp_state: -1 is out of range for uint32");
    EXPECT_EQ(jsonError(R"({"get_scp_state":"1"})"),
              "at /get_scp_state: expected an integer (uint32), got the string \"1\"");
    EXPECT_EQ(jsonError(R"({"get_tx_set":"abcd"})"), "at /get_tx_set: expected 64 hex digits (32 bytes), got 4");
    EXPECT_EQ(jsonError(R"({"error_msg":{"code":"load","msg":")" + std::string(101, 'x') + "\"}}"),
              "at /error_msg/msg: expected a string of at most 100 bytes, got 101");
    EXPECT_EQ(jsonError(R"({"error_msg":{"code":"load","msg":"x","extra":1}})"),
              "at /error_msg: unknown field \"extra\" (a SError has code, msg)");
    EXPECT_EQ(jsonError(R"({"error_msg":{"code":"LOAD","msg":"x"}})"),
              "at /error_msg/code: expected a ErrorCode (misc, data, conf, auth, load), got \"LOAD\"");
    std::string peers = R"({"peers":[)";
    for (int i = 0; i < 101; ++i)
        peers += std::string(i ? "," : "") + R"({"ip":{"i_pv4":[127,0,0,1]},"port":1,"num_failures":0})";
    EXPECT_EQ(jsonError(peers + "]}"), "at /peers: expected an array of at most 100 elements, got 101");
    EXPECT_EQ(jsonError(R"({"peers":[{"ip":{"i_pv4":[127,0,0,256]},"port":1,"num_failures":0}]})"),
              "at /peers/0/ip/i_pv4/3: 256 is out of range for a byte");
    EXPECT_EQ(jsonError(R"({"get_tx_set":"0000000000000000000000000000000000000000000000000000000000zz0000"})"),
              "at /get_tx_set: expected hex digits, got \"z\" at character 58");
}

TEST(XdrJson, NestingBeyondTheCapIsRefused)
{
    Json p = "unconditional";
    for (int i = 0; i < 499; ++i)
        p = Json{{"not", p}};
    EXPECT_NO_THROW(fromJson<ClaimPredicate>(p));
    p = Json{{"not", p}};
    EXPECT_THROW(fromJson<ClaimPredicate>(p), XdrError);
}
