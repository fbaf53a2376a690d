// `stellar-overlay xdr decode|encode`: output on success, and the one
// sentence an operator gets for each kind of bad input.

#include "node/XdrCommand.h"
#include "xdr/Base64.h"
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

Run
decodeCmd(std::string const& type, std::string const& input)
{
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = runXdrDecode(type, in, out, err);
    return {code, out.str(), err.str()};
}

Run
encodeCmd(std::string const& type, std::string const& input)
{
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = runXdrEncode(type, in, out, err);
    return {code, out.str(), err.str()};
}

}

TEST(XdrCommand, DecodeThenEncodeGivesBackTheSameBase64)
{
    StellarMessage m;
    m.type(GET_SCP_STATE).getSCPLedgerSeq() = 1234;
    auto b64 = xdr::toBase64(xdr::toBytes(m));
    EXPECT_EQ(b64, "AAAADAAABNI=");
    auto decoded = decodeCmd("StellarMessage", b64 + "\n");
    EXPECT_EQ(decoded.code, 0);
    EXPECT_EQ(decoded.err, "");
    EXPECT_EQ(decoded.out, "{\n  \"getSCPLedgerSeq\": 1234,\n  \"type\": \"GET_SCP_STATE\"\n}\n");
    auto encoded = encodeCmd("StellarMessage", decoded.out);
    EXPECT_EQ(encoded.code, 0);
    EXPECT_EQ(encoded.out, b64 + "\n");
}

TEST(XdrCommand, EveryTypeRoundTripsThroughTheCommands)
{
    xdr::XdrRandom g(7);
    for (auto name : xdr::typeNames())
    {
        auto b64 = xdr::toBase64(*xdr::randomXdr(name, g));
        auto decoded = decodeCmd(std::string(name), b64);
        ASSERT_EQ(decoded.code, 0) << name << ": " << decoded.err;
        auto encoded = encodeCmd(std::string(name), decoded.out);
        ASSERT_EQ(encoded.code, 0) << name << ": " << encoded.err;
        EXPECT_EQ(encoded.out, b64 + "\n") << name;
    }
}

TEST(XdrCommand, UnknownTypeIsNamedWithSuggestions)
{
    auto r = decodeCmd("StellarMesage", "AAAADAAABNI=");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "unknown XDR type 'StellarMesage'; did you mean StellarMessage?\n");
    EXPECT_EQ(encodeCmd("Zzzzzzzzzzzzzz", "{}").err,
              "unknown XDR type 'Zzzzzzzzzzzzzz' (types are named as in the .x files, e.g. StellarMessage or "
              "TransactionEnvelope)\n");
}

TEST(XdrCommand, BadBase64IsReportedWithItsPosition)
{
    EXPECT_EQ(decodeCmd("StellarMessage", "AAA!").err,
              "input is not valid base64: character '!' is not base64 (at offset 3)\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "AAAADAAABN").err,
              "input is not valid base64: missing '=' padding at the end (at offset 10)\n");
    EXPECT_EQ(decodeCmd("StellarMessage", "").err, "input is empty: expected the base64 XDR of a StellarMessage\n");
}

TEST(XdrCommand, BadXdrIsReportedWithItsByteOffset)
{
    auto r = decodeCmd("StellarMessage", xdr::toBase64(std::vector<uint8_t>{0, 0, 0, 4}));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "invalid StellarMessage XDR at byte 0: 4 is not a value of MessageType\n");
    auto trailing = decodeCmd("StellarMessage", "AAAADAAABNIAAAAA");
    EXPECT_EQ(trailing.err, "invalid StellarMessage XDR at byte 8: 4 trailing bytes after the value\n");
}

TEST(XdrCommand, BadJsonIsReportedWithItsPath)
{
    auto syntax = encodeCmd("StellarMessage", "{\"type\": ");
    EXPECT_EQ(syntax.code, 1);
    EXPECT_EQ(syntax.err.rfind("input is not valid JSON: parse error at line 1, column 10", 0), 0u) << syntax.err;
    auto path = encodeCmd("StellarMessage", R"({"type":"ERROR_MSG","error":{"code":"ERR_DATA","msg":7}})");
    EXPECT_EQ(path.err,
              "invalid StellarMessage JSON at /error/msg: expected a string or {\"hex\": ...}, got number\n");
}

TEST(XdrBase64, RoundTripsAndRejectsNonCanonicalTails)
{
    for (size_t n = 0; n < 7; ++n)
    {
        std::vector<uint8_t> bytes(n);
        for (size_t i = 0; i < n; ++i)
            bytes[i] = static_cast<uint8_t>(0xF0 + i);
        auto text = xdr::toBase64(bytes);
        auto back = xdr::fromBase64(text);
        EXPECT_FALSE(back.error) << text;
        EXPECT_EQ(back.bytes, bytes) << text;
    }
    EXPECT_EQ(xdr::toBase64(std::vector<uint8_t>{'f', 'o', 'o', 'b'}), "Zm9vYg==");
    EXPECT_EQ(xdr::fromBase64("Zm9v\nYg==\n").bytes, (std::vector<uint8_t>{'f', 'o', 'o', 'b'}));
    auto e = xdr::fromBase64("Zm9vYh==");
    ASSERT_TRUE(e.error);
    EXPECT_EQ(e.error->detail, "non-zero unused bits in the last character");
    EXPECT_TRUE(xdr::fromBase64("Zm9v=Yg==").error);
    EXPECT_TRUE(xdr::fromBase64("Z===").error);
}
