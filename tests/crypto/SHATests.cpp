#include "crypto/SHA.h"

#include "crypto/CryptoTestHelpers.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

namespace
{

std::string const NIST_448_BIT_MESSAGE = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

}

// FIPS 180-2 appendix B / NIST CSRC "SHA256.pdf" example values.
TEST(SHA256, NistExampleVectors)
{
    EXPECT_EQ(toHex(sha256(asBytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256(asBytes(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(toHex(sha256(asBytes(NIST_448_BIT_MESSAGE))),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(SHA256, IncrementalMatchesOneShotAtEverySplit)
{
    auto message = asBytes(NIST_448_BIT_MESSAGE);
    for (std::size_t split = 0; split <= message.size(); ++split)
    {
        SHA256 hasher;
        hasher.add(message.first(split));
        hasher.add(message.subspan(split));
        EXPECT_EQ(toHex(hasher.finish()), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
            << "split at " << split;
    }
}

TEST(SHA256, UseAfterFinishIsRejected)
{
    SHA256 hasher;
    hasher.add(asBytes("abc"));
    hasher.finish();
    EXPECT_THROW(hasher.add(asBytes("x")), std::logic_error);
    EXPECT_THROW(hasher.finish(), std::logic_error);
}

// RFC 4231 section 4: HMAC-SHA-256 test cases 1-7 (case 5's output is
// truncated to 128 bits in the RFC).
TEST(HmacSha256, Rfc4231TestCases)
{
    EXPECT_EQ(toHex(hmacSha256(repeated(0x0b, 20), asBytes("Hi There"))),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(toHex(hmacSha256(textBytes("Jefe"), asBytes("what do ya want for nothing?"))),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(toHex(hmacSha256(repeated(0xaa, 20), repeated(0xdd, 50))),
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    EXPECT_EQ(toHex(hmacSha256(counting(0x01, 25), repeated(0xcd, 50))),
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    auto case5 = hmacSha256(repeated(0x0c, 20), asBytes("Test With Truncation"));
    EXPECT_EQ(toHex(ByteSpan{case5}.first(16)), "a3b6167473100ee06e0c796c2955552b");
    EXPECT_EQ(toHex(hmacSha256(repeated(0xaa, 131), asBytes("Test Using Larger Than Block-Size Key - Hash Key First"))),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    EXPECT_EQ(toHex(hmacSha256(repeated(0xaa, 131),
                               asBytes("This is a test using a larger than block-size key and a larger than "
                                       "block-size data. The key needs to be hashed before being used by the "
                                       "HMAC algorithm."))),
              "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256, FixedKeyIncrementalAndAnyLengthFormsAgree)
{
    Bytes32 key = hex32("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    auto data = asBytes("sequence number then message body");
    auto expected = hmacSha256(key, data);
    EXPECT_EQ(toHex(hmacSha256(ByteSpan{key}, data)), toHex(expected));

    HmacSha256 incremental{key};
    incremental.add(data.first(8));
    incremental.add(data.subspan(8));
    EXPECT_EQ(toHex(incremental.finish()), toHex(expected));
    EXPECT_THROW(incremental.finish(), std::logic_error);
}

TEST(HmacSha256, VerifyAcceptsTheMacAndRejectsEveryOneBitFlip)
{
    Bytes32 key = hex32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    auto data = textBytes("an authenticated message");
    Bytes32 mac = hmacSha256(key, data);
    EXPECT_TRUE(hmacSha256Verify(mac, key, data));

    for (std::size_t bit = 0; bit < mac.size() * 8; ++bit)
    {
        Bytes32 flipped = mac;
        flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        EXPECT_FALSE(hmacSha256Verify(flipped, key, data)) << "MAC bit " << bit;
    }
    auto alteredData = data;
    alteredData.back() ^= 0x01;
    EXPECT_FALSE(hmacSha256Verify(mac, key, alteredData));
    Bytes32 otherKey = key;
    otherKey[0] ^= 0x80;
    EXPECT_FALSE(hmacSha256Verify(mac, otherKey, data));
}

// RFC 5869 appendix A: test cases 1-3 (SHA-256), PRK and OKM.
TEST(Hkdf, Rfc5869TestCase1)
{
    auto prk = hkdfExtract(counting(0x00, 13), repeated(0x0b, 22));
    EXPECT_EQ(toHex(prk), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    EXPECT_EQ(toHex(hkdfExpand(ByteSpan{prk}, counting(0xf0, 10), 42)),
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(Hkdf, Rfc5869TestCase2)
{
    auto prk = hkdfExtract(counting(0x60, 80), counting(0x00, 80));
    EXPECT_EQ(toHex(prk), "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
    EXPECT_EQ(toHex(hkdfExpand(ByteSpan{prk}, counting(0xb0, 80), 82)),
              "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(Hkdf, Rfc5869TestCase3EmptySaltAndInfo)
{
    auto prk = hkdfExtract(ByteSpan{}, repeated(0x0b, 22));
    EXPECT_EQ(toHex(prk), "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    EXPECT_EQ(toHex(hkdfExpand(ByteSpan{prk}, ByteSpan{}, 42)),
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

// stellar-core's extract uses a salt of 32 zero bytes; RFC 5869 says an absent
// salt means exactly that, so test case 3's PRK pins it.
TEST(Hkdf, CoreExtractIsRfcExtractWithZeroSalt)
{
    EXPECT_EQ(toHex(hkdfExtract(repeated(0x0b, 22))),
              "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
}

// stellar-core's expand is one block, HMAC(key, info || 0x01): the first 32
// bytes of the RFC expansion, which test case 1's OKM pins.
TEST(Hkdf, CoreExpandIsTheFirstRfcBlock)
{
    Bytes32 prk = hex32("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    EXPECT_EQ(toHex(hkdfExpand(prk, counting(0xf0, 10))),
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
}

TEST(Hkdf, ExpandLengthLimits)
{
    Bytes32 prk{};
    EXPECT_TRUE(hkdfExpand(ByteSpan{prk}, ByteSpan{}, 0).empty());
    EXPECT_EQ(hkdfExpand(ByteSpan{prk}, ByteSpan{}, 255 * 32).size(), 255u * 32);
    EXPECT_THROW(hkdfExpand(ByteSpan{prk}, ByteSpan{}, 255 * 32 + 1), std::invalid_argument);
}

// The hashing moved from libsodium to OpenSSL: the same bytes for every
// length around the 64-byte block and every key length around it, one-shot,
// incremental and from a prepared key.
TEST(HmacSha256, SameBytesAsLibsodiumAtEveryLengthAroundTheBlock)
{
    std::vector<uint8_t> data(300), key(140);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<uint8_t>(i * 131 + 7);
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<uint8_t>(i * 71 + 3);
    for (std::size_t n = 0; n <= data.size(); ++n)
    {
        auto message = ByteSpan(data).first(n);
        Bytes32 sodiumHash;
        crypto_hash_sha256(sodiumHash.data(), message.data(), message.size());
        ASSERT_EQ(toHex(sha256(message)), toHex(sodiumHash)) << "length " << n;
        for (std::size_t k : {std::size_t(0), std::size_t(1), std::size_t(32), std::size_t(63), std::size_t(64),
                              std::size_t(65), std::size_t(140)})
        {
            auto keyBytes = ByteSpan(key).first(k);
            crypto_auth_hmacsha256_state state;
            static unsigned char const empty = 0;
            crypto_auth_hmacsha256_init(&state, k ? keyBytes.data() : &empty, k);
            crypto_auth_hmacsha256_update(&state, message.data(), message.size());
            Bytes32 sodiumMac;
            crypto_auth_hmacsha256_final(&state, sodiumMac.data());
            ASSERT_EQ(toHex(hmacSha256(keyBytes, message)), toHex(sodiumMac)) << "length " << n << ", key " << k;
            ASSERT_EQ(toHex(HmacSha256Key(keyBytes).mac(message)), toHex(sodiumMac)) << "length " << n;
            HmacSha256 incremental{keyBytes};
            incremental.add(message.first(n / 3));
            incremental.add(message.subspan(n / 3));
            ASSERT_EQ(toHex(incremental.finish()), toHex(sodiumMac)) << "length " << n << ", key " << k;
        }
    }
}

// A prepared key is used by copy: one key, many messages, each MAC its own.
TEST(HmacSha256, APreparedKeyGivesEachMessageItsOwnMac)
{
    Bytes32 key = hex32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    HmacSha256Key prepared{key};
    auto first = textBytes("first message");
    auto second = textBytes("second message");
    EXPECT_EQ(toHex(prepared.mac(first)), toHex(hmacSha256(key, first)));
    EXPECT_EQ(toHex(prepared.mac(second)), toHex(hmacSha256(key, second)));
    EXPECT_EQ(toHex(prepared.mac(first)), toHex(hmacSha256(key, first)));
    EXPECT_TRUE(prepared.verify(hmacSha256(key, second), second));
    EXPECT_FALSE(prepared.verify(hmacSha256(key, second), first));
}
