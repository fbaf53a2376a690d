// `stellar-overlay xdr decode|encode|guess|types` through the real binary:
// SEP-51 JSON on stdout, arguments and files as inputs, the input and output
// forms, and the one sentence (exit code 1) for each kind of bad input.

#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace stellar::test;

namespace
{

RunResult
cli(std::vector<std::string> args, std::string const& input = "")
{
    args.insert(args.begin(), NodeProcess::binary());
    return runToCompletion(std::move(args), input);
}

// A TRANSACTION message as the public network flooded it (protocol 15 era):
// the example in js-stellar-node-connector's readme.
constexpr char const* NETWORK_TRANSACTION_MESSAGE =
    "AAAACAAAAAIAAAAAVLkjMqFSTqiF2nhSF6zfatXkIxwm9h3NAah7/oJqpfwAAABkAhPUSgAPY/IAAAAAAAAAAAAAAAEAAAAAAAAAAwAAAAFH"
    "VE4AAAAAACJWAPBnEjR3slaKYj1uzT4ZkcOW8dg2e6shBFN2ro8wAAAAAAAAAAAAAAAAAAKKOwADDUAAAAAAMHXkhQAAAAAAAAABgmql/AAA"
    "AEAPXdZYvTZvbFUU0phuw5JwH6REiiTS5NiwRvlmtvQacigoyeYWF1PWOyN6ITKUu1CFUb6iY0WKV69y69seTSQI";

// What @stellar/stellar-xdr-json 27.0.0's decode("StellarMessage", ...)
// returns for it (also what `stellar xdr decode --type StellarMessage` prints).
constexpr char const* NETWORK_TRANSACTION_JSON =
    R"({"transaction":{"tx":{"tx":{"source_account":"GBKLSIZSUFJE5KEF3J4FEF5M35VNLZBDDQTPMHONAGUHX7UCNKS7YLYS",)"
    R"("fee":100,"seq_num":"149696626927035378","cond":"none","memo":"none","operations":[{"source_account":null,)"
    R"("body":{"manage_sell_offer":{"selling":{"credit_alphanum4":{"asset_code":"GTN",)"
    R"("issuer":"GARFMAHQM4JDI55SK2FGEPLOZU7BTEODS3Y5QNT3VMQQIU3WV2HTBA46"}},"buying":"native","amount":"0",)"
    R"("price":{"n":166459,"d":200000},"offer_id":"813032581"}}}],"ext":"v0"},"signatures":[{"hint":"826aa5fc",)"
    R"("signature":"0f5dd658bd366f6c5514d2986ec392701fa4448a24d2e4d8b046f966b6f41a722828c9e6161753d63b237a213294)"
    R"(bb508551bea263458a57af72ebdb1e4d2408"}]}}})";

std::vector<std::string>
lines(std::string const& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

}

TEST(XdrCli, DecodePrintsWhatStellarCliPrintsAndEncodeGivesTheBytesBack)
{
    auto decoded = cli({"xdr", "decode", "--type", "StellarMessage"}, std::string(NETWORK_TRANSACTION_MESSAGE) + "\n");
    ASSERT_EQ(decoded.exitCode, 0) << decoded.err;
    EXPECT_EQ(decoded.err, "");
    EXPECT_EQ(decoded.out, std::string(NETWORK_TRANSACTION_JSON) + "\n");
    auto encoded = cli({"xdr", "encode", "--type", "StellarMessage"}, decoded.out);
    ASSERT_EQ(encoded.exitCode, 0) << encoded.err;
    EXPECT_EQ(encoded.out, std::string(NETWORK_TRANSACTION_MESSAGE) + "\n");

    // The XDR as an argument instead of stdin, formatted output, .x names.
    auto formatted =
        cli({"xdr", "decode", "--type", "StellarMessage", "--output", "json-formatted", NETWORK_TRANSACTION_MESSAGE});
    ASSERT_EQ(formatted.exitCode, 0) << formatted.err;
    EXPECT_EQ(formatted.out.substr(0, 43), "{\n  \"transaction\": {\n    \"tx\": {\n      \"tx\"");
    auto scp = cli({"xdr", "decode", "--type", "SCPBallot", "AAAAAQAAAAEBAAAA"});
    EXPECT_EQ(scp.out, "{\"counter\":1,\"value\":\"01\"}\n");
}

TEST(XdrCli, FilesAndStreamsAsStellarCliTakesThem)
{
    TempDir dir("so-xdr-cli");
    auto raw = dir.path() / "two.xdr";
    std::ofstream(raw, std::ios::binary) << std::string("\0\0\0\x0c\0\0\x04\xd2\0\0\0\x0c\0\0\0\x05", 16);
    auto stream = cli({"xdr", "decode", "--type", "StellarMessage", "--input", "stream", raw.string()});
    ASSERT_EQ(stream.exitCode, 0) << stream.err;
    EXPECT_EQ(stream.out, "{\"get_scp_state\":1234}\n{\"get_scp_state\":5}\n");

    auto json = dir.path() / "two.json";
    std::ofstream(json) << "{\"get_scp_state\":1234}\n{\"get_scp_state\":5}\n";
    auto framed = cli({"xdr", "encode", "--type", "StellarMessage", "--output", "stream-framed", json.string()});
    ASSERT_EQ(framed.exitCode, 0) << framed.err;
    EXPECT_EQ(framed.out, std::string("\x80\0\0\x08\0\0\0\x0c\0\0\x04\xd2\x80\0\0\x08\0\0\0\x0c\0\0\0\x05", 24));
    auto back = cli({"xdr", "decode", "--type", "StellarMessage", "--input", "stream-framed"}, framed.out);
    EXPECT_EQ(back.out, stream.out);
    auto hex = cli({"xdr", "encode", "--type", "StellarMessage", "--output", "single-hex", "{\"get_scp_state\":5}"});
    EXPECT_EQ(hex.out, "0000000c00000005\n");
}

TEST(XdrCli, TypesListsEveryTypeAndGuessFindsTheTypesAValueDecodesAs)
{
    auto types = cli({"xdr", "types"});
    ASSERT_EQ(types.exitCode, 0) << types.err;
    auto names = lines(types.out);
    ASSERT_EQ(names.size(), 471u);
    EXPECT_EQ(names[0], "Value");
    EXPECT_EQ(cli({"xdr", "types", "list"}).out, types.out);
    EXPECT_EQ(cli({"xdr", "types", "--output", "json"}).out.substr(0, 21), "[\"Value\",\"ScpBallot\",");

    auto guess = cli({"xdr", "guess", NETWORK_TRANSACTION_MESSAGE});
    ASSERT_EQ(guess.exitCode, 0) << guess.err;
    EXPECT_EQ(lines(guess.out), (std::vector<std::string>{"StellarMessage"}));
}

TEST(XdrCli, BadInputGetsOneSentenceAndExitCodeOne)
{
    struct Case
    {
        std::vector<std::string> args;
        std::string input;
        std::string err;
    };
    std::vector<Case> const cases{
        {{"xdr", "decode", "--type", "StellarMesage"}, "AAAADAAABNI=\n",
         "unknown XDR type 'StellarMesage'; did you mean StellarMessage?\n"},
        {{"xdr", "decode", "--type", "StellarMessage"}, "AAAA*AAA\n",
         "the input is not valid base64: character '*' is not base64 (at character 4 not counting white space)\n"},
        // GET_SCP_STATE and half of its ledger number.
        {{"xdr", "decode", "--type", "StellarMessage", "--input", "single-base64"}, "AAAADAAA\n",
         "invalid StellarMessage XDR at byte 4: input ends inside a 4-byte integer: 4 bytes needed, 2 left\n"},
        {{"xdr", "decode", "--type", "TransactionEnvelope", "--input", "single-base64"}, "AAAAYw==",
         "invalid TransactionEnvelope XDR at byte 0: 99 is not a value of EnvelopeType\n"},
        {{"xdr", "decode", "--type", "StellarMessage", "--output", "yaml"}, "AAAADAAABNI=",
         "--output yaml is not a decode output form: expected json or json-formatted\n"},
        {{"xdr", "encode", "--type", "StellarMessage"}, "{\"get_scp_state\": GET}\n",
         "the input is not valid JSON: parse error at line 1, column 19: syntax error while parsing value - invalid "
         "literal; last read: '\"get_scp_state\": G'\n"},
        {{"xdr", "encode", "--type", "StellarMessage"}, "{\"get_scp_state\": -1}\n",
         "invalid StellarMessage JSON at /get_scp_state: -1 is out of range for uint32\n"},
        {{"xdr", "encode", "--type", "TransactionEnvelope"},
         R"({"tx":{"tx":{"source_account":"GBKLSIZSUFJE5KEF3J4FEF5M35VNLZBDDQTPMHONAGUHX7UCNKS7YLYT"}}})",
         "invalid TransactionEnvelope JSON at /tx/tx/source_account: expected a StrKey G... (an account) or M... (a "
         "muxed account), got \"GBKLSIZSUFJE5KEF3J4FEF5M35VNLZBDDQTPMHONAGUHX7UCNKS7YLYT\", which is not a valid "
         "StrKey\n"},
        {{"xdr", "guess"}, "AAAA", "no XDR type decodes the input (as single-base64)\n"},
    };
    for (auto const& c : cases)
    {
        auto r = cli(c.args, c.input);
        EXPECT_EQ(r.exitCode, 1) << c.err;
        EXPECT_EQ(r.out, "") << c.err;
        EXPECT_EQ(r.err, c.err);
    }
}
