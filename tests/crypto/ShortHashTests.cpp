#include "crypto/ShortHash.h"

#include "crypto/CryptoTestHelpers.h"

#include <gtest/gtest.h>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

namespace
{

ShortHashKey
referenceKey()
{
    ShortHashKey key;
    auto bytes = counting(0x00, 16);
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
}

}

// SipHash paper (Aumasson, Bernstein), appendix A: key 00..0f, message
// 00..0e gives a129ca6149be45e5. The empty and one-byte messages are entries 0
// and 1 of the reference implementation's vectors.h.
TEST(ShortHash, SipHash24ReferenceVectors)
{
    EXPECT_EQ(shortHash(referenceKey(), counting(0x00, 15)), 0xa129ca6149be45e5ull);
    EXPECT_EQ(shortHash(referenceKey(), ByteSpan{}), 0x726fdb47dd0e0e31ull);
    EXPECT_EQ(shortHash(referenceKey(), counting(0x00, 1)), 0x74f839c593dc67fdull);
}

TEST(ShortHash, ProcessKeyIsStableAndNotAFixedKey)
{
    auto message = counting(0x00, 15);
    EXPECT_EQ(shortHash(message), shortHash(message));
    EXPECT_NE(shortHash(message), shortHash(counting(0x01, 15)));
    // A process key equal to the reference or the zero key would make ping
    // ids predictable to a peer.
    EXPECT_NE(shortHash(message), shortHash(referenceKey(), message));
    EXPECT_NE(shortHash(message), shortHash(ShortHashKey{}, message));
}
