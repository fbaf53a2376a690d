// `stellar-overlay xdr decode|encode|guess|types` (node/XdrCommand.h): output
// on success for every input and output form, and the one sentence an
// operator gets for each kind of bad input. tests/node/XdrCliTests.cpp runs
// the same commands through the real binary.

#include "node/XdrCommand.h"
#include "xdr/Base64.h"
#include "xdr/Json.h"
#include "xdr/Registry.h"
#include "xdr/StellarRandom.h"
#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace stellar;

namespace
{

struct Run
{
    int code;
    std::string out;
    std::string err;
};

template <class F>
Run
run(F&& command, XdrCommandOptions const& o, std::string const& input)
{
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = command(o, in, out, err);
    return {code, out.str(), err.str()};
}

Run
decodeCmd(std::string const& type, std::string const& input, std::string const& form = "",
          std::string const& output = "")
{
    XdrCommandOptions o;
    o.type = type;
    o.input = form;
    o.output = output;
    return run(runXdrDecode, o, input);
}

Run
encodeCmd(std::string const& type, std::string const& input, std::string const& output = "")
{
    XdrCommandOptions o;
    o.type = type;
    o.output = output;
    return run(runXdrEncode, o, input);
}

Run
guessCmd(std::string const& input, std::string const& form = "")
{
    XdrCommandOptions o;
    o.input = form;
    return run(runXdrGuess, o, input);
}

std::string
bytesText(std::vector<uint8_t> const& b)
{
    return {b.begin(), b.end()};
}

// GET_SCP_STATE 1234, and GET_SCP_STATE 5.
std::vector<uint8_t> const MESSAGE_A{0, 0, 0, 12, 0, 0, 4, 210};
std::vector<uint8_t> const MESSAGE_B{0, 0, 0, 12, 0, 0, 0, 5};

}

TEST(XdrCommand, DecodePrintsSep51JsonOneValueALineAndEncodeGivesTheBytesBack)
{
    auto decoded = decodeCmd("StellarMessage", "AAAADAAABNI=\n");
    EXPECT_EQ(decoded.code, 0);
    EXPECT_EQ(decoded.err, "");
    EXPECT_EQ(decoded.out, "{\"get_scp_state\":1234}\n");
    auto encoded = encodeCmd("StellarMessage", decoded.out);
    EXPECT_EQ(encoded.code, 0);
    EXPECT_EQ(encoded.out, "AAAADAAABNI=\n");

    auto formatted = decodeCmd("StellarMessage", "AAAADAAABNI=", "", "json-formatted");
    EXPECT_EQ(formatted.out, "{\n  \"get_scp_state\": 1234\n}\n");
}

TEST(XdrCommand, StellarCliAndXFileNamesBothWork)
{
    EXPECT_EQ(decodeCmd("ScpBallot", "AAAAAQAAAAEBAAAA").out, "{\"counter\":1,\"value\":\"01\"}\n");
    EXPECT_EQ(decodeCmd("SCPBallot", "AAAAAQAAAAEBAAAA").out, "{\"counter\":1,\"value\":\"01\"}\n");
}

TEST(XdrCommand, EveryTypeRoundTripsThroughTheCommands)
{
    xdr::XdrRandom g(7);
    for (auto const* t : xdr::typesInRustOrder())
    {
        auto b64 = xdr::toBase64(*xdr::randomXdr(t->name, g));
        auto decoded = decodeCmd(std::string(t->rustName), b64);
        ASSERT_EQ(decoded.code, 0) << t->rustName << ": " << decoded.err;
        auto encoded = encodeCmd(std::string(t->rustName), decoded.out);
        ASSERT_EQ(encoded.code, 0) << t->rustName << ": " << encoded.err;
        EXPECT_EQ(encoded.out, b64 + "\n") << t->rustName;
    }
}

TEST(XdrCommand, InputFormsSingleStreamHexAndFramed)
{
    auto both = MESSAGE_A;
    both.insert(both.end(), MESSAGE_B.begin(), MESSAGE_B.end());
    std::string const two = "{\"get_scp_state\":1234}\n{\"get_scp_state\":5}\n";
    EXPECT_EQ(decodeCmd("StellarMessage", bytesText(MESSAGE_A), "single").out, "{\"get_scp_state\":1234}\n");
    EXPECT_EQ(decodeCmd("StellarMessage", bytesText(both), "stream").out, two);
    // One base64 text of both values, or one base64 value a line.
    EXPECT_EQ(decodeCmd("StellarMessage", xdr::toBase64(both)).out, two);
    EXPECT_EQ(decodeCmd("StellarMessage", "AAAADAAABNI=\nAAAADAAAAAU=\n").out, two);
    EXPECT_EQ(decodeCmd("StellarMessage", "0000000c000004d2", "single-hex").out, "{\"get_scp_state\":1234}\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "0000000c 000004d2\n0000000C00000005", "stream-hex").out, two);
    std::vector<uint8_t> framed{0x80, 0, 0, 8};
    framed.insert(framed.end(), MESSAGE_A.begin(), MESSAGE_A.end());
    framed.insert(framed.end(), {0x80, 0, 0, 8});
    framed.insert(framed.end(), MESSAGE_B.begin(), MESSAGE_B.end());
    EXPECT_EQ(decodeCmd("StellarMessage", bytesText(framed), "stream-framed").out, two);
}

TEST(XdrCommand, OutputFormsOfEncode)
{
    std::string const two = "{\"get_scp_state\":1234} {\"get_scp_state\":5}";
    EXPECT_EQ(encodeCmd("StellarMessage", "{\"get_scp_state\":1234}", "single").out, bytesText(MESSAGE_A));
    EXPECT_EQ(encodeCmd("StellarMessage", "{\"get_scp_state\":1234}", "single-hex").out, "0000000c000004d2\n");
    EXPECT_EQ(encodeCmd("StellarMessage", two, "stream").out, bytesText(MESSAGE_A) + bytesText(MESSAGE_B));
    EXPECT_EQ(encodeCmd("StellarMessage", two, "stream-base64").out, "AAAADAAABNI=\nAAAADAAAAAU=\n");
    auto framed = encodeCmd("StellarMessage", two, "stream-framed").out;
    EXPECT_EQ(framed, std::string("\x80\0\0\x08", 4) + bytesText(MESSAGE_A) + std::string("\x80\0\0\x08", 4) +
                          bytesText(MESSAGE_B));
    EXPECT_EQ(decodeCmd("StellarMessage", framed, "stream-framed").out,
              "{\"get_scp_state\":1234}\n{\"get_scp_state\":5}\n");
}

TEST(XdrCommand, GuessNamesEveryTypeTheValueDecodesAsInStellarCliOrder)
{
    auto r = guessCmd("AAAADAAABNI=");
    EXPECT_EQ(r.code, 0) << r.err;
    std::istringstream lines(r.out);
    std::vector<std::string> names;
    for (std::string line; std::getline(lines, line);)
        names.push_back(line);
    EXPECT_NE(std::find(names.begin(), names.end(), "StellarMessage"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "Uint64"), names.end());
    EXPECT_EQ(std::find(names.begin(), names.end(), "Hash"), names.end());
    // Each name decodes the value, and the list follows `xdr types`.
    size_t last = 0;
    for (auto const& n : names)
    {
        auto const* t = xdr::findType(n);
        ASSERT_NE(t, nullptr) << n;
        EXPECT_GE(t->rustOrder, last);
        last = t->rustOrder;
        EXPECT_EQ(decodeCmd(n, "AAAADAAABNI=", "single-base64").code, 0) << n;
    }

    auto none = guessCmd("AAAA"); // 3 bytes: no XDR value is that short
    EXPECT_EQ(none.code, 1);
    EXPECT_EQ(none.out, "");
    EXPECT_EQ(none.err, "no XDR type decodes the input (as single-base64)\n");
}

TEST(XdrCommand, TypesListsEveryTypeAsStellarCliDoes)
{
    std::ostringstream out, err;
    EXPECT_EQ(runXdrTypes("", out, err), 0);
    std::istringstream lines(out.str());
    std::vector<std::string> names;
    for (std::string line; std::getline(lines, line);)
        names.push_back(line);
    ASSERT_EQ(names.size(), 471u);
    EXPECT_EQ(names[0], "Value");
    EXPECT_EQ(names[1], "ScpBallot");
    std::ostringstream json, err2;
    EXPECT_EQ(runXdrTypes("json", json, err2), 0);
    EXPECT_EQ(xdr::Json::parse(json.str()).size(), 471u);
    std::ostringstream bad, badErr;
    EXPECT_EQ(runXdrTypes("yaml", bad, badErr), 1);
    EXPECT_EQ(badErr.str(), "--output yaml is not a types output form: expected plain, json or json-formatted\n");
}

TEST(XdrCommand, UnknownTypeIsNamedWithSuggestions)
{
    auto r = decodeCmd("StellarMesage", "AAAADAAABNI=");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "unknown XDR type 'StellarMesage'; did you mean StellarMessage?\n");
    EXPECT_EQ(encodeCmd("Zzzzzzzzzzzzzz", "{}").err,
              "unknown XDR type 'Zzzzzzzzzzzzzz': expected a name as stellar-cli has it, e.g. TransactionEnvelope or "
              "ScpEnvelope (`stellar-overlay xdr types` lists them)\n");
}

TEST(XdrCommand, BadInputTextIsReportedWithItsPosition)
{
    EXPECT_EQ(decodeCmd("StellarMessage", "AAA!").err,
              "the input is not valid base64: character '!' is not base64 (at character 3 not counting white space)\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "AAAADAAABN").err,
              "the input is not valid base64: missing '=' padding at the end (at character 10 not counting white space)\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "").err, "the input is empty: expected the XDR of a StellarMessage\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "0000000c00g", "single-hex").err,
              "the input is not hex: character 'g' at offset 10\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "AAAADAAABNI=", "base64").err,
              "--input base64 is not an XDR input form: expected single, single-base64, single-hex, stream, "
              "stream-base64, stream-hex or stream-framed\n");
    EXPECT_EQ(encodeCmd("StellarMessage", "{}", "base64").err,
              "--output base64 is not an XDR output form: expected single, single-base64, single-hex, stream, "
              "stream-base64 or stream-framed\n");
}

TEST(XdrCommand, BadXdrIsReportedWithTheTypeAndItsByteOffset)
{
    auto r = decodeCmd("StellarMessage", xdr::toBase64(std::vector<uint8_t>{0, 0, 0, 4}));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "invalid StellarMessage XDR (value 1) at byte 0: 4 is not a value of MessageType\n");
    auto trailing = decodeCmd("StellarMessage", "AAAADAAABNIAAAAA", "single-base64");
    EXPECT_EQ(trailing.err, "invalid StellarMessage XDR at byte 8: 4 trailing bytes after the value\n");
    // In a stream, the offset counts from the start of the stream.
    auto second = decodeCmd("StellarMessage", "AAAADAAABNIAAAAE", "stream-base64");
    EXPECT_EQ(second.err, "invalid StellarMessage XDR (value 2) at byte 8: 4 is not a value of MessageType\n");
    EXPECT_EQ(second.out, "{\"get_scp_state\":1234}\n");
    // A record mark announcing more than follows.
    std::vector<uint8_t> cut{0x80, 0, 0, 12};
    cut.insert(cut.end(), MESSAGE_A.begin(), MESSAGE_A.end());
    EXPECT_EQ(decodeCmd("StellarMessage", bytesText(cut), "stream-framed").err,
              "invalid StellarMessage XDR at byte 0: a record of 12 bytes, but only 8 follow\n");
}

TEST(XdrCommand, BadJsonIsReportedWithTheTypeAndItsPath)
{
    auto syntax = encodeCmd("StellarMessage", "{\"get_scp_state\": ");
    EXPECT_EQ(syntax.code, 1);
    EXPECT_EQ(syntax.err.rfind("the input is not valid JSON: parse error at line 1, column 19", 0), 0u) << syntax.err;
    auto path = encodeCmd("StellarMessage", R"({"error_msg":{"code":"data","msg":7}})");
    EXPECT_EQ(path.err,
              "invalid StellarMessage JSON at /error_msg/msg: expected a string of at most 100 bytes, got the number 7\n");
    auto second = encodeCmd("StellarMessage", R"({"get_scp_state":1} {"get_scp_state":-1})", "stream");
    EXPECT_EQ(second.err, "invalid StellarMessage JSON (value 2) at /get_scp_state: -1 is out of range for uint32\n");
}
