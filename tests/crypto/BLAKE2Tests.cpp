#include "crypto/BLAKE2.h"

#include "crypto/CryptoTestHelpers.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace stellar::crypto;

namespace
{

// BLAKE2b with a 32-byte digest. RFC 7693 only prints a 512-bit example, so
// these come from stellar-core's src/crypto/test/CryptoTests.cpp
// (blake2TestVectors), and were checked independently of libsodium with
// Python's hashlib.blake2b(data, digest_size=32), which is built on the
// BLAKE2 authors' reference code.
std::vector<std::pair<std::string, std::string>> const BLAKE2B_256_VECTORS = {
    {"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
    {"a", "8928aae63c84d87ea098564d1e03ad813f107add474e56aedd286349c0c03ea4"},
    {"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "5f7a93da9c5621583f22e49e8e91a40cbba37536622235a380f434b9f68e49c4"},
};

}

TEST(BLAKE2b256, KnownAnswers)
{
    for (auto const& [message, digest] : BLAKE2B_256_VECTORS)
    {
        EXPECT_EQ(toHex(blake2b256(asBytes(message))), digest) << '"' << message << '"';
    }
}

TEST(BLAKE2b256, IncrementalMatchesKnownAnswers)
{
    for (auto const& [message, digest] : BLAKE2B_256_VECTORS)
    {
        auto bytes = asBytes(message);
        BLAKE2 hasher;
        hasher.add(bytes.first(bytes.size() / 2));
        hasher.add(bytes.subspan(bytes.size() / 2));
        EXPECT_EQ(toHex(hasher.finish()), digest) << '"' << message << '"';
    }
}

TEST(BLAKE2b256, UseAfterFinishIsRejected)
{
    BLAKE2 hasher;
    hasher.finish();
    EXPECT_THROW(hasher.add(asBytes("x")), std::logic_error);
    EXPECT_THROW(hasher.finish(), std::logic_error);
}
