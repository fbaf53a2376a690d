// Base64 is how XDR travels as text (CLI, admin HTTP): RFC 4648's standard
// alphabet with padding, decoded strictly.

#include "xdr/Base64.h"

#include <gtest/gtest.h>

using namespace stellar;

namespace
{
std::vector<uint8_t>
bytesOf(std::string const& s)
{
    return {s.begin(), s.end()};
}

bool
rejects(std::string_view text)
{
    return xdr::fromBase64(text).error.has_value();
}
}

TEST(Base64, Rfc4648Section10Vectors)
{
    std::vector<std::pair<std::string, std::string>> const vectors = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (auto const& [plain, encoded] : vectors)
    {
        EXPECT_EQ(xdr::toBase64(bytesOf(plain)), encoded);
        auto decoded = xdr::fromBase64(encoded);
        EXPECT_FALSE(decoded.error) << encoded;
        EXPECT_EQ(decoded.bytes, bytesOf(plain)) << encoded;
    }
}

TEST(Base64, DecodingIsStrictAndSaysWhere)
{
    EXPECT_TRUE(rejects("Zg"));       // padding missing
    EXPECT_TRUE(rejects("Zg="));      // padding short
    EXPECT_TRUE(rejects("Zg==="));    // padding long
    EXPECT_TRUE(rejects("Zh=="));     // unused bits set: a second spelling of "f"
    EXPECT_TRUE(rejects("Zg==Zg==")); // data after padding
    EXPECT_TRUE(rejects("-_-_"));     // URL-safe alphabet
    auto bad = xdr::fromBase64("Zm9v!A==");
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error->position, 4u);
    EXPECT_EQ(xdr::fromBase64("+/+/").bytes, (std::vector<uint8_t>{0xfb, 0xff, 0xbf}));
    EXPECT_EQ(xdr::fromBase64("Zm9v\n").bytes, bytesOf("foo")); // a trailing newline from a pipe is fine
}
