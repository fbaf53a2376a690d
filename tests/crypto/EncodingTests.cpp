#include "crypto/Base32.h"
#include "crypto/Hex.h"

#include "crypto/CryptoTestHelpers.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

TEST(Hex, EncodesLowerCaseAndDecodesEitherCase)
{
    EXPECT_EQ(toHex(hexBytes("00017f80ff")), "00017f80ff");
    EXPECT_EQ(toHex(ByteSpan{}), "");
    EXPECT_EQ(fromHex("DEADbeef"), (std::vector<uint8_t>{0xde, 0xad, 0xbe, 0xef}));
    EXPECT_EQ(fromHex(""), std::vector<uint8_t>{});
}

TEST(Hex, RejectsOddLengthAndNonDigits)
{
    EXPECT_FALSE(fromHex("abc"));
    EXPECT_FALSE(fromHex("0g"));
    EXPECT_FALSE(fromHex("0x00"));
    EXPECT_FALSE(fromHex("00 11"));
    EXPECT_FALSE(fromHex(std::string("0\0", 2)));
}

// RFC 4648 section 10 base32 vectors with the padding removed, as StrKey
// writes them.
TEST(Base32, Rfc4648Section10VectorsUnpadded)
{
    std::vector<std::pair<std::string, std::string>> const vectors = {
        {"", ""},          {"f", "MY"},          {"fo", "MZXQ"},           {"foo", "MZXW6"},
        {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
    };
    for (auto const& [plain, encoded] : vectors)
    {
        EXPECT_EQ(toBase32(asBytes(plain)), encoded);
        EXPECT_EQ(fromBase32(encoded), textBytes(plain)) << encoded;
    }
}

TEST(Base32, OnlyCanonicalSpellingsDecode)
{
    EXPECT_FALSE(fromBase32("MY======")); // padding
    EXPECT_FALSE(fromBase32("my"));       // lower case
    EXPECT_FALSE(fromBase32("MZ"));       // unused bits set: a second spelling of "f"
    EXPECT_FALSE(fromBase32("M"));        // 1 mod 8
    EXPECT_FALSE(fromBase32("MZX"));      // 3 mod 8
    EXPECT_FALSE(fromBase32("MZXW6Y"));   // 6 mod 8
    EXPECT_FALSE(fromBase32("MZXW6YT1")); // '1' is not in the alphabet
}
