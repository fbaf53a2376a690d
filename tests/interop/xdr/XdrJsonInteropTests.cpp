// Cross-check of our SEP-51 JSON with @stellar/stellar-xdr-json 27.0.0, the
// Rust stellar-xdr crate that stellar-cli is built on (xdrJsonCheck.js runs
// it under node), for every type it lists:
//  - it lists exactly our types, in the order `xdr types` prints them;
//  - random values our generator makes of each type, at several depths,
//    decode there to exactly the JSON text we print (same fields, same
//    order, same escapes), and our JSON encodes there to the same bytes;
//  - the JSON it printed encodes here to the same bytes.

#include "WorkFile.h"
#include "xdr/Base64.h"
#include "xdr/Json.h"
#include "xdr/Registry.h"
#include "xdr/StellarRandom.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace stellar;
using namespace stellar::xdr;
using stellar::test::workFile;

namespace
{

// Runs `xdrJsonCheck.js <command> <package dir> args...`; "" on success,
// else its output.
std::string
runCheck(std::string const& command, std::vector<std::string> const& args)
{
    auto log = workFile("node.log");
    std::string cmd = std::string("'") + XDR_INTEROP_NODE + "' '" + XDR_JSON_CHECK_SCRIPT + "' " + command + " '" +
                      XDR_JSON_DIR + "'";
    for (auto const& a : args)
        cmd += " '" + a + "'";
    cmd += " > '" + log.string() + "' 2>&1";
    if (std::system(cmd.c_str()) == 0)
        return "";
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return "node failed: " + text.str();
}

nlohmann::json
readJson(std::filesystem::path const& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

struct Value
{
    std::string label;
    XdrType const* type;
    std::vector<uint8_t> bytes;
    std::string json; // our JSON text, compact
};

// Random values of every type: `perDepth` of each at each maximum depth.
std::vector<Value>
ourRandomValues(std::vector<uint32_t> const& depths, int perDepth)
{
    std::vector<Value> values;
    for (auto const* t : typesInRustOrder())
        for (auto depth : depths)
        {
            XdrRandom g(depth * 7919 + t->rustOrder, depth, /*maxElements=*/3, /*maxBytes=*/40);
            for (int i = 0; i < perDepth; ++i)
            {
                auto bytes = *randomXdr(t->name, g);
                auto label = std::string(t->rustName) + " depth " + std::to_string(depth) + " #" + std::to_string(i);
                values.push_back({label, t, bytes, t->decodeToJson(bytes).dump()});
            }
        }
    return values;
}

// Reports the first few failures in full; the tally counts all.
void
report(size_t& reported, std::string const& message)
{
    if (reported++ < 20)
        ADD_FAILURE() << message;
}

struct Tally
{
    size_t values = 0;
    size_t sameJson = 0;
    size_t sameBytesThere = 0;
    size_t sameBytesHere = 0;
    // Values whose JSON the package prints but does not read back.
    std::vector<std::string> packageRefusesItsOwnJson;
};

// A signed-payload signer with an empty payload: the package prints it as a
// 63-character "P..." StrKey and refuses that StrKey on input (the
// stellar-strkey crate wants at least one payload byte); we read it back.
bool
hasEmptySignedPayload(std::string const& json)
{
    static std::regex const key("\"P[A-Z2-7]{62}\"");
    return std::regex_search(json, key);
}

Tally
checkInPackage(std::vector<Value> const& values)
{
    auto in = workFile("ours.json");
    auto out = workFile("package.json");
    {
        nlohmann::json items = nlohmann::json::array();
        for (auto const& v : values)
            items.push_back({{"label", v.label},
                             {"type", v.type->rustName},
                             {"base64", toBase64(v.bytes)},
                             {"json", v.json}});
        std::ofstream f(in);
        f << nlohmann::json{{"items", items}}.dump();
    }
    auto failure = runCheck("check", {in.string(), out.string()});
    EXPECT_EQ(failure, "");
    Tally tally;
    if (!failure.empty())
        return tally;
    auto results = readJson(out).at("items");
    EXPECT_EQ(results.size(), values.size());
    size_t reported = 0;
    for (size_t i = 0; i < values.size() && i < results.size(); ++i)
    {
        auto const& v = values[i];
        auto const& r = results[i];
        ++tally.values;
        if (r.contains("decodeError"))
        {
            report(reported, v.label + ": the package refused our bytes: " + r.at("decodeError").dump());
            continue;
        }
        auto theirs = r.at("decoded").get<std::string>();
        if (v.json == theirs)
            ++tally.sameJson;
        else
            report(reported, v.label + ": the package's JSON differs from ours:\n  ours:   " + v.json + "\n  theirs: " + theirs);
        if (r.contains("encodeError") && v.json == theirs && hasEmptySignedPayload(theirs))
            tally.packageRefusesItsOwnJson.push_back(v.label);
        else if (r.contains("encodeError"))
            report(reported, v.label + ": the package refused our JSON: " + r.at("encodeError").dump());
        else if (r.at("encoded").get<std::string>() == toBase64(v.bytes))
            ++tally.sameBytesThere;
        else
            report(reported, v.label + ": the package encoded our JSON to other bytes");
        try
        {
            if (v.type->encodeFromJson(Json::parse(theirs)) == v.bytes)
                ++tally.sameBytesHere;
            else
                report(reported, v.label + ": the package's JSON encodes here to other bytes");
        }
        catch (XdrError const& e)
        {
            report(reported, v.label + ": we refused the package's JSON: " + e.what());
        }
    }
    return tally;
}

}

TEST(XdrJsonInterop, ThePackageListsExactlyOurTypesInOurOrder)
{
    auto out = workFile("types.json");
    ASSERT_EQ(runCheck("types", {out.string()}), "");
    auto listed = readJson(out);
    EXPECT_EQ(listed.at("package"), "@stellar/stellar-xdr-json 27.0.0");
    std::vector<std::string> theirs = listed.at("types");
    std::vector<std::string> ours;
    for (auto const* t : typesInRustOrder())
        ours.emplace_back(t->rustName);
    EXPECT_EQ(ours, theirs);
    EXPECT_EQ(ours.size(), 471u);
}

TEST(XdrJsonInterop, OurRandomValuesOfEveryTypeMatchThePackageInBothDirections)
{
    auto values = ourRandomValues({1, 3, 6, 12}, 3);
    auto tally = checkInPackage(values);
    EXPECT_EQ(tally.values, values.size());
    EXPECT_EQ(tally.sameJson, values.size());
    EXPECT_EQ(tally.sameBytesThere + tally.packageRefusesItsOwnJson.size(), values.size());
    EXPECT_EQ(tally.sameBytesHere, values.size());
    std::set<std::string_view> types;
    for (auto const& v : values)
        types.insert(v.type->rustName);
    EXPECT_EQ(types.size(), 471u);
    std::cout << values.size() << " random values of " << types.size() << " types (depths 1, 3, 6, 12): "
              << tally.sameJson << " same JSON there, " << tally.sameBytesThere << " same bytes from our JSON there, "
              << tally.sameBytesHere << " same bytes from its JSON here\n";
    for (auto const& label : tally.packageRefusesItsOwnJson)
        std::cout << "  " << label << ": an empty signed payload, which the package prints but does not read\n";
}

// JSON written by hand, valid and not: the package and we accept the same
// texts, encode them to the same bytes, and refuse the same ones. The
// package ignores fields a type does not have; we refuse them (as the
// stellar-xdr crate does since), so that a misspelt field is not lost.
TEST(XdrJsonInterop, HandWrittenJsonIsAcceptedAndRefusedAsThePackageDoes)
{
    struct Case
    {
        char const* type;
        char const* json;
    };
    std::vector<Case> const cases{
        // Accepted forms beyond what is printed.
        {"Memo", R"("none")"},
        {"Memo", R"({"none":null})"},
        {"Memo", R"({"id":5})"},
        {"Memo", R"({"id":"+5"})"},
        {"Memo", R"({"id":"007"})"},
        {"Memo", R"({"text":"a\\x41b"})"},
        {"Memo", R"({"text":"\\xFF"})"},
        {"Memo", R"({"text":"é"})"},
        {"Memo", R"({"hash":"0101010101010101010101010101010101010101010101010101010101010AAA"})"},
        {"Int64", "-5"},
        {"Uint64", "18446744073709551615"},
        {"SequenceNumber", "5"},
        {"SequenceNumber", R"("-9223372036854775808")"},
        {"Operation", R"({"body":"inflation"})"},
        {"Int128Parts", R"("-170141183460469231731687303715884105728")"},
        {"Int128Parts", R"({"hi":-1,"lo":5})"},
        {"UInt256Parts", R"({"hi_hi":0,"hi_lo":0,"lo_hi":0,"lo_lo":5})"},
        {"UInt256Parts", R"("+0005")"},
        {"AssetCode", R"("ABCD")"},
        {"AssetCode", R"("ABCDE")"},
        {"AssetCode", R"("")"},
        {"AssetCode4", R"("A\\0B")"},
        {"ScVal", R"({"vec":null})"},
        {"ScVal", R"({"i128":{"hi":0,"lo":1}})"},
        {"PeerAddress", R"({"ip":{"i_pv4":[127,0,0,1]},"port":5,"num_failures":0})"},
        {"MuxedAccount", R"("MAAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAAAAAAAAAAAABAXI")"},
        {"ClaimableBalanceId", R"("BAAACAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAITUM")"},
        {"TxAdvertVector", "[]"},
        // Refused by both.
        {"Memo", R"({"id":"-0"})"},
        {"Memo", R"({"id":" 5"})"},
        {"Memo", R"({"id":5.0})"},
        {"Memo", R"({"text":"\\q"})"},
        {"Memo", R"({"text":"12345678901234567890123456789"})"},
        {"Memo", R"("text")"},
        {"Memo", R"({"id":1,"text":"a"})"},
        {"Memo", R"({"hash":"01"})"},
        {"Memo", R"("bogus")"},
        {"Uint64", R"("5")"},
        {"Uint32", "-1"},
        {"Uint32", R"("5")"},
        {"Int32", "2147483648"},
        {"ScpBallot", R"({"counter":1})"},
        {"ScpBallot", R"({"counter":1.0,"value":"00"})"},
        {"ScVal", R"({"bool":1})"},
        {"Int128Parts", R"("170141183460469231731687303715884105728")"},
        {"Int128Parts", "5"},
        {"UInt128Parts", R"("-0")"},
        {"AssetCode4", R"("ABCDE")"},
        {"AssetCode", R"("ABCDEFGHIJKLM")"},
        {"PublicKey", R"("gaaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqdz7h")"},
        {"PublicKey", R"("CAAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIBAEAQC526")"},
        {"PublicKey", R"({"public_key_type_ed25519":"0101010101010101010101010101010101010101010101010101010101010101"})"},
        {"PeerAddress", R"({"ip":{"i_pv4":"7f000001"},"port":5,"num_failures":0})"},
        {"Hash", R"("ZZ01010101010101010101010101010101010101010101010101010101010101")"},
    };
    auto in = workFile("hand.json");
    auto out = workFile("hand-package.json");
    {
        nlohmann::json items = nlohmann::json::array();
        for (size_t i = 0; i < cases.size(); ++i)
            items.push_back({{"label", std::to_string(i)}, {"type", cases[i].type}, {"json", cases[i].json}});
        std::ofstream(in) << nlohmann::json{{"items", items}}.dump();
    }
    ASSERT_EQ(runCheck("encode", {in.string(), out.string()}), "");
    auto results = readJson(out).at("items");
    ASSERT_EQ(results.size(), cases.size());
    size_t accepted = 0;
    for (size_t i = 0; i < cases.size(); ++i)
    {
        auto const& c = cases[i];
        auto const& r = results[i];
        auto const* t = findType(c.type);
        ASSERT_NE(t, nullptr) << c.type;
        std::string ours;
        std::string refusal;
        try
        {
            ours = toBase64(t->encodeFromJson(Json::parse(c.json)));
        }
        catch (XdrError const& e)
        {
            refusal = e.what();
        }
        if (r.contains("encoded"))
        {
            ++accepted;
            EXPECT_EQ(refusal, "") << c.type << " " << c.json << ": the package accepts it";
            EXPECT_EQ(ours, r.at("encoded").get<std::string>()) << c.type << " " << c.json;
        }
        else
        {
            EXPECT_NE(refusal, "") << c.type << " " << c.json << ": the package refuses it ("
                                   << r.at("encodeError").get<std::string>() << ")";
        }
    }
    EXPECT_EQ(accepted, 28u);

    // A field the type does not have: the package ignores it, we refuse it.
    EXPECT_THROW(findType("ScpBallot")->encodeFromJson(Json::parse(R"({"counter":1,"value":"00","extra":1})")),
                 XdrError);
}
