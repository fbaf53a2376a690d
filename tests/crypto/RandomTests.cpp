#include "crypto/Random.h"
#include "crypto/Sodium.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using namespace stellar::crypto;

TEST(Sodium, InitialisationIsIdempotent)
{
    EXPECT_NO_THROW(initSodium());
    EXPECT_NO_THROW(initSodium());
}

TEST(SecureRandom, FillsTheWholeBufferWithFreshBytes)
{
    // A 32-byte collision or an all-zero 1000-byte draw has probability
    // around 2^-256 / 2^-8000: these fail only if the generator is broken.
    EXPECT_NE(randomBytes32(), randomBytes32());
    EXPECT_NE(randomBytes32(), Bytes32{});

    std::vector<uint8_t> buffer(1000, 0);
    randomBytes(buffer);
    EXPECT_TRUE(std::any_of(buffer.begin(), buffer.end(), [](uint8_t b) { return b != 0; }));
    // The last byte is written too (catches an off-by-one length).
    std::vector<uint8_t> tail(1000, 0);
    int lastByteSetCount = 0;
    for (int i = 0; i < 64; ++i)
    {
        randomBytes(tail);
        lastByteSetCount += tail.back() != 0;
        tail.back() = 0;
    }
    EXPECT_GT(lastByteSetCount, 0);

    std::vector<uint8_t> empty;
    EXPECT_NO_THROW(randomBytes(empty));
}
