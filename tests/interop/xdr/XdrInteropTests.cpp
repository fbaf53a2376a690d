// Cross-check with @stellar/stellar-base, an independent implementation of
// the same XDR (js-xdr; crossCheck.js runs it under node), for the types it
// knows (its XDR is ledger protocol 26):
//  - bytes stellar-base produces (values built with its own builders, and
//    random values of every type) decode in our code and re-encode to the
//    same bytes; our JSON of them is the SEP-51 JSON that
//    @stellar/stellar-xdr-json prints for them, and encodes back to them;
//  - bytes we produce (values built here, and random values of every type)
//    decode in stellar-base and re-encode there to the same bytes.
// XdrJsonInteropTests.cpp checks every type against @stellar/stellar-xdr-json.

#include "WorkFile.h"
#include "crypto/StrKey.h"
#include "overlay/SurveyManager.h"
#include "support/LoopbackWorld.h"
#include "xdr/Base64.h"
#include "xdr/Json.h"
#include "xdr/Registry.h"
#include "xdr/StellarRandom.h"
#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace stellar;
using namespace stellar::xdr;
using stellar::test::workFile;
using json = nlohmann::json;

namespace
{

std::string
quote(std::string const& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs `crossCheck.js <command> <stellar-base schema> <our schema> <package> args...`;
// "" on success, else its output.
std::string
runCrossCheck(std::string const& command, std::vector<std::string> const& args)
{
    auto log = workFile("node.log");
    std::string cmd = quote(XDR_INTEROP_NODE) + " " + quote(XDR_INTEROP_SCRIPT) + " " + command + " " +
                      quote(XDR_INTEROP_BASE_SCHEMA) + " " + quote(XDR_INTEROP_SCHEMA) + " " + quote(XDR_JSON_DIR);
    for (auto const& a : args)
        cmd += " " + quote(a);
    cmd += " > " + quote(log.string()) + " 2>&1";
    if (std::system(cmd.c_str()) == 0)
        return "";
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return "crossCheck.js failed: " + text.str();
}

json
readJson(std::filesystem::path const& file)
{
    std::ifstream in(file);
    return json::parse(in);
}

std::vector<uint8_t>
bytesOf(json const& item)
{
    auto decoded = fromBase64(item.at("base64").get<std::string>());
    EXPECT_FALSE(decoded.error);
    return decoded.bytes;
}

// Values stellar-base made: checks every item, returns the items.
json
checkStellarBaseValues(int randomPerType, int seed)
{
    auto file = workFile("stellar-base.json");
    auto failure = runCrossCheck("make", {file.string(), std::to_string(randomPerType), std::to_string(seed)});
    EXPECT_EQ(failure, "");
    if (!failure.empty())
        return json::array();
    auto items = readJson(file).at("items");
    for (auto const& item : items)
    {
        auto label = item.at("label").get<std::string>();
        auto const* type = findType(item.at("type").get<std::string>());
        if (!type)
        {
            ADD_FAILURE() << label << ": no type " << item.at("type");
            continue;
        }
        auto bytes = bytesOf(item);
        try
        {
            EXPECT_EQ(type->reencode(bytes), bytes) << label;
            auto sep51 = item.at("sep51").get<std::string>();
            EXPECT_EQ(type->decodeToJson(bytes).dump(), sep51) << label;
            EXPECT_EQ(type->encodeFromJson(Json::parse(sep51)), bytes) << label << " (from JSON)";
        }
        catch (XdrError const& e)
        {
            ADD_FAILURE() << label << ": " << e.what();
        }
    }
    return items;
}

struct OurValue
{
    std::string label;
    std::string type;
    std::vector<uint8_t> bytes;
    Json ourJson;
};

// How many of our values stellar-base checked, and how many it could not
// because they use what ledger protocol 27 added (a type it lacks, or an enum
// member added since).
struct StellarBaseCheck
{
    size_t checked = 0;
    size_t newer = 0;
};

// Values we made: stellar-base must decode them and re-encode them to the
// same bytes, unless they use protocol 27 additions.
StellarBaseCheck
checkOurValuesInStellarBase(std::vector<OurValue> const& values)
{
    json items = json::array();
    for (auto const& v : values)
        items.push_back({{"label", v.label}, {"type", v.type}, {"base64", toBase64(v.bytes)}});
    auto in = workFile("ours.json");
    auto out = workFile("stellar-base-check.json");
    {
        std::ofstream f(in);
        f << json{{"items", items}}.dump();
    }
    auto failure = runCrossCheck("check", {in.string(), out.string()});
    EXPECT_EQ(failure, "");
    if (!failure.empty())
        return {};
    auto results = readJson(out).at("items");
    EXPECT_EQ(results.size(), values.size());
    StellarBaseCheck count;
    for (size_t i = 0; i < values.size() && i < results.size(); ++i)
    {
        auto const& r = results[i];
        auto const& label = values[i].label;
        if (r.contains("skipped") || r.contains("newer"))
        {
            ++count.newer;
            continue;
        }
        ++count.checked;
        if (r.contains("error"))
        {
            ADD_FAILURE() << label << ": stellar-base refused our bytes: " << r.at("error");
            continue;
        }
        EXPECT_TRUE(r.at("sameBytes").get<bool>()) << label << ": stellar-base re-encoded different bytes";
    }
    return count;
}

template <class T>
OurValue
ours(std::string label, std::string type, T const& v)
{
    return {std::move(label), std::move(type), toBytes(v), toJson(v)};
}

// --- values built here --------------------------------------------------------

PublicKey
key(uint8_t n)
{
    PublicKey k;
    k.ed25519().fill(n);
    return k;
}

MuxedAccount
account(uint8_t n)
{
    MuxedAccount a;
    a.ed25519().fill(n);
    return a;
}

Hash
hashOf(uint8_t n)
{
    Hash h;
    h.fill(n);
    return h;
}

DecoratedSignature
signature(uint8_t n)
{
    DecoratedSignature s;
    s.hint = {n, n, n, n};
    s.signature.assign(64, n);
    return s;
}

Operation
payment(uint8_t to, int64_t amount)
{
    Operation op;
    auto& p = op.body.type(PAYMENT).paymentOp();
    p.destination = account(to);
    p.asset.type(ASSET_TYPE_NATIVE);
    p.amount = amount;
    return op;
}

TransactionEnvelope
classicEnvelope()
{
    TransactionEnvelope env;
    auto& tx = env.type(ENVELOPE_TYPE_TX).v1().tx;
    tx.sourceAccount = account(1);
    tx.fee = 300;
    tx.seqNum = 1234567891;
    tx.cond.type(PRECOND_TIME).timeBounds() = {.minTime = 0, .maxTime = 1900000000};
    tx.memo.type(MEMO_TEXT).text() = "from C++";
    tx.operations.push_back(payment(2, 125'000'000));
    Operation create;
    create.sourceAccount.activate() = account(3);
    create.body.type(CREATE_ACCOUNT).createAccountOp() = {.destination = key(4), .startingBalance = 1'000'000'000};
    tx.operations.push_back(create);
    Operation trust;
    auto& asset = trust.body.type(CHANGE_TRUST).changeTrustOp().line.type(ASSET_TYPE_CREDIT_ALPHANUM4).alphaNum4();
    asset.assetCode = {'U', 'S', 'D', 0};
    asset.issuer = key(9);
    trust.body.changeTrustOp().limit = INT64_MAX;
    tx.operations.push_back(trust);
    env.v1().signatures.push_back(signature(1));
    return env;
}

TransactionEnvelope
v0Envelope()
{
    TransactionEnvelope env;
    auto& tx = env.type(ENVELOPE_TYPE_TX_V0).v0().tx;
    tx.sourceAccountEd25519.fill(1);
    tx.fee = 100;
    tx.seqNum = 5;
    tx.memo.type(MEMO_ID).id() = 7;
    tx.operations.push_back(payment(2, 1));
    env.v0().signatures.push_back(signature(1));
    return env;
}

TransactionEnvelope
feeBumpEnvelope()
{
    TransactionEnvelope env;
    auto& fb = env.type(ENVELOPE_TYPE_TX_FEE_BUMP).feeBump();
    fb.tx.feeSource = account(5);
    fb.tx.fee = 1000;
    fb.tx.innerTx.v1() = classicEnvelope().v1();
    fb.signatures.push_back(signature(5));
    return env;
}

SCVal
symbol(std::string s)
{
    SCVal v;
    v.type(SCV_SYMBOL).sym() = std::move(s);
    return v;
}

TransactionEnvelope
sorobanEnvelope()
{
    SCAddress contract;
    contract.type(SC_ADDRESS_TYPE_CONTRACT).contractId() = hashOf(7);
    SCAddress from;
    from.type(SC_ADDRESS_TYPE_ACCOUNT).accountId() = key(6);

    TransactionEnvelope env;
    auto& tx = env.type(ENVELOPE_TYPE_TX).v1().tx;
    tx.sourceAccount = account(6);
    tx.fee = 250'000;
    tx.seqNum = 42;
    tx.cond.type(PRECOND_TIME).timeBounds() = {.minTime = 0, .maxTime = 1900000000};
    Operation op;
    auto& invoke = op.body.type(INVOKE_HOST_FUNCTION).invokeHostFunctionOp();
    auto& args = invoke.hostFunction.type(HOST_FUNCTION_TYPE_INVOKE_CONTRACT).invokeContract();
    args.contractAddress = contract;
    args.functionName = "transfer";
    SCVal fromVal;
    fromVal.type(SCV_ADDRESS).address() = from;
    SCVal amount;
    amount.type(SCV_I128).i128() = {.hi = 0, .lo = 1000};
    SCVal map;
    SCMapEntry entry{.key = symbol("memo"), .val = symbol("x")};
    map.type(SCV_MAP).map().activate().push_back(entry);
    args.args = {fromVal, amount, map};
    SorobanAuthorizationEntry auth;
    auth.credentials.type(SOROBAN_CREDENTIALS_SOURCE_ACCOUNT);
    auth.rootInvocation.function.type(SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN).contractFn() = args;
    invoke.auth.push_back(auth);
    tx.operations.push_back(op);

    auto& data = tx.ext.v(1).sorobanData();
    LedgerKey instance;
    auto& cd = instance.type(CONTRACT_DATA).contractData();
    cd.contract = contract;
    cd.key.type(SCV_LEDGER_KEY_CONTRACT_INSTANCE);
    cd.durability = PERSISTENT;
    data.resources.footprint.readOnly.push_back(instance);
    LedgerKey code;
    code.type(CONTRACT_CODE).contractCode().hash = hashOf(8);
    data.resources.footprint.readOnly.push_back(code);
    data.resources.instructions = 2'000'000;
    data.resources.diskReadBytes = 4096;
    data.resources.writeBytes = 1024;
    data.resourceFee = 123'456;
    env.v1().signatures.push_back(signature(6));
    return env;
}

SCPEnvelope
scpEnvelope(SCPStatementType kind)
{
    SCPEnvelope env;
    auto& st = env.statement;
    st.nodeID = key(7);
    st.slotIndex = 59'000'000;
    Value value(60, 0x3c);
    switch (kind)
    {
    case SCP_ST_PREPARE:
    {
        auto& p = st.pledges.type(SCP_ST_PREPARE).prepare();
        p.quorumSetHash = hashOf(0x51);
        p.ballot = {.counter = 3, .value = value};
        p.prepared.activate() = {.counter = 2, .value = value};
        p.preparedPrime.activate() = {.counter = 1, .value = {1, 2, 3}};
        p.nC = 1;
        p.nH = 2;
        break;
    }
    case SCP_ST_CONFIRM:
        st.pledges.type(SCP_ST_CONFIRM).confirm() = {
            .ballot = {.counter = 4, .value = value}, .nPrepared = 4, .nCommit = 2, .nH = 4, .quorumSetHash = hashOf(0x51)};
        break;
    case SCP_ST_EXTERNALIZE:
        st.pledges.type(SCP_ST_EXTERNALIZE).externalize() = {
            .commit = {.counter = 5, .value = value}, .nH = 5, .commitQuorumSetHash = hashOf(0x51)};
        break;
    case SCP_ST_NOMINATE:
        st.pledges.type(SCP_ST_NOMINATE).nominate() = {.quorumSetHash = hashOf(0x51), .votes = {value, {9}}, .accepted = {value}};
        break;
    }
    env.signature.assign(64, 0x77);
    return env;
}

std::vector<OurValue>
valuesBuiltHere()
{
    std::vector<OurValue> v;
    auto msg = [&](std::string label, auto fill) {
        StellarMessage m;
        fill(m);
        v.push_back(ours("StellarMessage " + label, "StellarMessage", m));
    };
    msg("ERROR_MSG", [](StellarMessage& m) { m.type(ERROR_MSG).error() = {.code = ERR_DATA, .msg = "received corrupt XDR"}; });
    msg("HELLO", [](StellarMessage& m) {
        auto& h = m.type(HELLO).hello();
        h.ledgerVersion = 27;
        h.overlayVersion = 41;
        h.overlayMinVersion = 40;
        h.networkID = hashOf(0x10);
        h.versionStr = "stellar-overlay 0.1.0";
        h.listeningPort = 11625;
        h.peerID = key(0x20);
        h.cert.pubkey.key.fill(0x30);
        h.cert.expiration = 1750003600;
        h.cert.sig.assign(64, 0x40);
        h.nonce = hashOf(0x50);
    });
    msg("AUTH", [](StellarMessage& m) { m.type(AUTH).auth().flags = 200; });
    msg("DONT_HAVE", [](StellarMessage& m) { m.type(DONT_HAVE).dontHave() = {.type = SCP_QUORUMSET, .reqHash = hashOf(1)}; });
    msg("PEERS", [](StellarMessage& m) {
        PeerAddress a, b;
        a.ip.type(IPv4).ipv4() = {127, 0, 0, 1};
        a.port = 11625;
        b.ip.type(IPv6).ipv6().fill(0xfe);
        b.port = 11626;
        b.numFailures = 2;
        m.type(PEERS).peers() = {a, b};
    });
    msg("GET_TX_SET", [](StellarMessage& m) { m.type(GET_TX_SET).txSetHash() = hashOf(2); });
    msg("TX_SET", [](StellarMessage& m) {
        m.type(TX_SET).txSet() = {.previousLedgerHash = hashOf(3), .txs = {classicEnvelope(), v0Envelope()}};
    });
    msg("GENERALIZED_TX_SET", [](StellarMessage& m) {
        auto& set = m.type(GENERALIZED_TX_SET).generalizedTxSet().v1TxSet();
        set.previousLedgerHash = hashOf(4);
        TransactionPhase classic;
        TxSetComponent comp;
        comp.txsMaybeDiscountedFee().baseFee.activate() = 100;
        comp.txsMaybeDiscountedFee().txs = {classicEnvelope(), feeBumpEnvelope(), v0Envelope()};
        classic.v0Components().push_back(comp);
        TransactionPhase soroban;
        auto& parallel = soroban.v(1).parallelTxsComponent();
        parallel.executionStages = {{{sorobanEnvelope()}, {sorobanEnvelope(), sorobanEnvelope()}}};
        set.phases = {classic, soroban};
    });
    msg("TRANSACTION", [](StellarMessage& m) { m.type(TRANSACTION).transaction() = sorobanEnvelope(); });
    msg("GET_SCP_QUORUMSET", [](StellarMessage& m) { m.type(GET_SCP_QUORUMSET).qSetHash() = hashOf(5); });
    msg("SCP_QUORUMSET", [](StellarMessage& m) {
        SCPQuorumSet inner{.threshold = 1, .validators = {key(11), key(12)}, .innerSets = {}};
        m.type(SCP_QUORUMSET).qSet() = {.threshold = 2, .validators = {key(7), key(8)}, .innerSets = {inner}};
    });
    msg("SCP_MESSAGE", [](StellarMessage& m) { m.type(SCP_MESSAGE).envelope() = scpEnvelope(SCP_ST_EXTERNALIZE); });
    msg("GET_SCP_STATE", [](StellarMessage& m) { m.type(GET_SCP_STATE).getSCPLedgerSeq() = 59'000'000; });
    msg("SEND_MORE", [](StellarMessage& m) { m.type(SEND_MORE).sendMoreMessage().numMessages = 200; });
    msg("SEND_MORE_EXTENDED", [](StellarMessage& m) {
        m.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {.numMessages = 200, .numBytes = 300'000};
    });
    msg("FLOOD_ADVERT", [](StellarMessage& m) { m.type(FLOOD_ADVERT).floodAdvert().txHashes = {hashOf(6), hashOf(7)}; });
    msg("FLOOD_DEMAND", [](StellarMessage& m) { m.type(FLOOD_DEMAND).floodDemand().txHashes = {hashOf(6)}; });

    TimeSlicedSurveyRequestMessage request;
    request.request = {.surveyorPeerID = key(20), .surveyedPeerID = key(21), .ledgerNum = 59'000'100, .encryptionKey = {},
                       .commandType = TIME_SLICED_SURVEY_TOPOLOGY};
    request.request.encryptionKey.key.fill(0x22);
    request.nonce = 77;
    request.outboundPeersIndex = 25;
    TimeSlicedSurveyResponseMessage response;
    response.response = {.surveyorPeerID = key(20), .surveyedPeerID = key(21), .ledgerNum = 59'000'100,
                         .commandType = TIME_SLICED_SURVEY_TOPOLOGY, .encryptedBody = EncryptedBody(400, 0xe5)};
    response.nonce = 77;
    TimeSlicedSurveyStartCollectingMessage start{.surveyorID = key(20), .nonce = 77, .ledgerNum = 59'000'100};
    TimeSlicedSurveyStopCollectingMessage stop{.surveyorID = key(20), .nonce = 77, .ledgerNum = 59'000'130};
    msg("TIME_SLICED_SURVEY_REQUEST", [&](StellarMessage& m) {
        m.type(TIME_SLICED_SURVEY_REQUEST).signedTimeSlicedSurveyRequestMessage() = {
            .requestSignature = Signature(64, 1), .request = request};
    });
    msg("TIME_SLICED_SURVEY_RESPONSE", [&](StellarMessage& m) {
        m.type(TIME_SLICED_SURVEY_RESPONSE).signedTimeSlicedSurveyResponseMessage() = {
            .responseSignature = Signature(64, 2), .response = response};
    });
    msg("TIME_SLICED_SURVEY_START_COLLECTING", [&](StellarMessage& m) {
        m.type(TIME_SLICED_SURVEY_START_COLLECTING).signedTimeSlicedSurveyStartCollectingMessage() = {
            .signature = Signature(64, 3), .startCollecting = start};
    });
    msg("TIME_SLICED_SURVEY_STOP_COLLECTING", [&](StellarMessage& m) {
        m.type(TIME_SLICED_SURVEY_STOP_COLLECTING).signedTimeSlicedSurveyStopCollectingMessage() = {
            .signature = Signature(64, 4), .stopCollecting = stop};
    });

    AuthenticatedMessage am;
    am.v0().sequence = 17;
    am.v0().message.type(SCP_MESSAGE).envelope() = scpEnvelope(SCP_ST_PREPARE);
    am.v0().mac.mac.fill(0x6d);
    v.push_back(ours("AuthenticatedMessage v0", "AuthenticatedMessage", am));
    v.push_back(ours("TransactionEnvelope v1", "TransactionEnvelope", classicEnvelope()));
    v.push_back(ours("TransactionEnvelope v0", "TransactionEnvelope", v0Envelope()));
    v.push_back(ours("TransactionEnvelope fee bump", "TransactionEnvelope", feeBumpEnvelope()));
    v.push_back(ours("TransactionEnvelope Soroban", "TransactionEnvelope", sorobanEnvelope()));
    for (auto kind : {SCP_ST_PREPARE, SCP_ST_CONFIRM, SCP_ST_EXTERNALIZE, SCP_ST_NOMINATE})
        v.push_back(ours("SCPEnvelope " + std::string(enumName(kind)), "SCPEnvelope", scpEnvelope(kind)));
    v.push_back(ours("TimeSlicedSurveyRequestMessage", "TimeSlicedSurveyRequestMessage", request));
    v.push_back(ours("TimeSlicedSurveyResponseMessage", "TimeSlicedSurveyResponseMessage", response));
    v.push_back(ours("TimeSlicedSurveyStartCollectingMessage", "TimeSlicedSurveyStartCollectingMessage", start));
    v.push_back(ours("TimeSlicedSurveyStopCollectingMessage", "TimeSlicedSurveyStopCollectingMessage", stop));
    return v;
}

std::set<std::string>
messageArmsWithCases()
{
    std::set<std::string> arms;
    for (int32_t t = 0; t < 64; ++t)
    {
        auto type = static_cast<MessageType>(t);
        if (StellarMessage::xdrArmIndex(type) >= 0)
            arms.insert(toJson(type).get<std::string>());
    }
    return arms;
}

}

namespace
{

// The SEP-51 case of a union value: its one key, or the string of a void case.
std::string
caseOf(Json const& j)
{
    return j.is_string() ? j.get<std::string>() : j.begin().key();
}

}

TEST(XdrInterop, StellarBaseRealisticValuesMatchOursByteForByteAndInJson)
{
    auto items = checkStellarBaseValues(/*randomPerType=*/0, /*seed=*/1);
    std::set<std::string> messageArms, envelopeTypes, statementKinds, types;
    bool soroban = false;
    for (auto const& item : items)
    {
        auto j = Json::parse(item.at("sep51").get<std::string>());
        auto type = item.at("type").get<std::string>();
        types.insert(type);
        if (type == "StellarMessage")
            messageArms.insert(caseOf(j));
        if (type == "TransactionEnvelope")
        {
            envelopeTypes.insert(caseOf(j));
            soroban = soroban || j.dump().find("\"invoke_host_function\"") != std::string::npos;
        }
        if (type == "SCPEnvelope")
            statementKinds.insert(caseOf(j.at("statement").at("pledges")));
    }
    EXPECT_EQ(messageArms, messageArmsWithCases());
    EXPECT_EQ(envelopeTypes, (std::set<std::string>{"tx_v0", "tx", "tx_fee_bump"}));
    EXPECT_TRUE(soroban);
    EXPECT_EQ(statementKinds, (std::set<std::string>{"prepare", "confirm", "externalize", "nominate"}));
    for (auto t : {"AuthenticatedMessage", "GeneralizedTransactionSet", "SignedTimeSlicedSurveyRequestMessage",
                   "SignedTimeSlicedSurveyResponseMessage", "SignedTimeSlicedSurveyStartCollectingMessage",
                   "SignedTimeSlicedSurveyStopCollectingMessage", "SurveyResponseBody", "EncryptedBody"})
        EXPECT_TRUE(types.count(t)) << t;
}

// stellar-base's XDR is older than ours (protocol 26): every type it has is
// here, and its values of each decode here.
TEST(XdrInterop, StellarBaseRandomValuesOfEveryTypeMatchOurs)
{
    auto items = checkStellarBaseValues(/*randomPerType=*/3, /*seed=*/20240601);
    std::set<std::string> covered;
    for (auto const& item : items)
        covered.insert(item.at("type").get<std::string>());
    EXPECT_GT(covered.size(), 450u);
    std::cout << "stellar-base made random values of " << covered.size() << " types\n";
}

TEST(XdrInterop, ValuesWeBuildDecodeInStellarBaseToTheSameBytes)
{
    auto values = valuesBuiltHere();
    std::set<std::string> messageArms;
    for (auto const& v : values)
        if (v.type == "StellarMessage")
            messageArms.insert(caseOf(v.ourJson));
    EXPECT_EQ(messageArms, messageArmsWithCases());
    auto count = checkOurValuesInStellarBase(values);
    EXPECT_EQ(count.checked, values.size());
    EXPECT_EQ(count.newer, 0u);
}

TEST(XdrInterop, OurRandomValuesOfEveryTypeDecodeInStellarBase)
{
    XdrRandom g(424242);
    std::vector<OurValue> values;
    for (auto name : typeNames())
    {
        auto const* t = findType(name);
        for (int i = 0; i < 3; ++i)
        {
            auto bytes = *randomXdr(name, g);
            values.push_back({std::string(name) + " #" + std::to_string(i), std::string(name), bytes, t->decodeToJson(bytes)});
        }
    }
    auto count = checkOurValuesInStellarBase(values);
    EXPECT_EQ(count.checked + count.newer, values.size());
    EXPECT_GT(count.checked, values.size() * 9 / 10);
    std::cout << "stellar-base checked " << count.checked << " of our " << values.size() << " random values ("
              << count.newer << " use what protocol 27 added)\n";
}

// Every survey message our nodes put on the wire in a real survey, and the
// body a surveyed node seals, decode in stellar-base and re-encode to the
// same bytes: S surveys T; a scripted peer on each node records what arrives.
TEST(XdrInterop, SurveyMessagesOurNodesSendDecodeInStellarBaseToTheSameBytes)
{
    using namespace std::chrono_literals;
    test::LoopbackWorld world;
    auto& s = world.startedNode();
    auto tConfig = test::testOverlayConfig();
    tConfig.SURVEYOR_KEYS = {crypto::toStrKeyPublic(s.nodeID().ed25519())};
    auto& t = world.startedNode(tConfig);
    s.overlay().connectTo(t.address());
    auto spyS = world.authenticatedPeer(s), spyT = world.authenticatedPeer(t);
    test::answer(*spyS, test::pingAnswersOnly());
    test::answer(*spyT, test::pingAnswersOnly());
    world.runUntil(5s);
    auto& surveyor = s.overlay().surveyManager();
    ASSERT_TRUE(surveyor.broadcastStartSurveyCollecting(3));
    world.runUntil(30s);
    ASSERT_TRUE(surveyor.broadcastStopSurveyCollecting());
    world.runUntil(31s);
    ASSERT_TRUE(surveyor.startSurveyReporting());
    ASSERT_TRUE(surveyor.addNodeToRunningSurveyBacklog(t.nodeID(), 0, 0));
    ASSERT_TRUE(world.runUntil([&] { return surveyor.results().topology.at(t.nodeID()).has_value(); }, 120s));

    std::vector<OurValue> values;
    auto add = [&](test::ScriptedPeer const& spy, MessageType type, char const* label) {
        auto m = spy.firstOf(type);
        ASSERT_TRUE(m) << label;
        values.push_back(ours(label, "StellarMessage", *m));
    };
    add(*spyT, TIME_SLICED_SURVEY_START_COLLECTING, "our START_COLLECTING");
    add(*spyT, TIME_SLICED_SURVEY_STOP_COLLECTING, "our STOP_COLLECTING");
    add(*spyS, TIME_SLICED_SURVEY_REQUEST, "our REQUEST");
    add(*spyT, TIME_SLICED_SURVEY_RESPONSE, "our RESPONSE");
    auto results = surveyor.results();
    auto const& seen = *results.topology.at(t.nodeID());
    SurveyResponseBody body;
    body.type(SURVEY_TOPOLOGY_RESPONSE_V2);
    body.topologyResponseBodyV2() = {seen.inboundPeers, seen.outboundPeers, seen.node};
    values.push_back(ours("our sealed body, opened", "SurveyResponseBody", body));
    auto count = checkOurValuesInStellarBase(values);
    EXPECT_EQ(count.checked, values.size());
}
