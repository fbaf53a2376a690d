#include "crypto/SecretKey.h"

#include "crypto/CryptoTestHelpers.h"
#include "crypto/StrKey.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

namespace
{

struct Ed25519Vector
{
    char const* seed;
    char const* publicKey;
    char const* message;
    char const* signature;
};

// RFC 8032 section 7.1, Ed25519 TEST 1, TEST 2 and TEST 3.
Ed25519Vector const RFC8032_VECTORS[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

struct StellarBaseKey
{
    char const* seedHex;
    char const* strKeySeed;
    char const* strKeyPublic;
};

// Generated and checked with @stellar/stellar-base 15.0.0:
//   Keypair.fromRawEd25519Seed(seed).secret() gives the S key, and
//   Keypair.fromSecret(S).publicKey() gives the G key.
StellarBaseKey const STELLAR_BASE_KEYS[] = {
    {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "SAAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6NKI",
     "GAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3QZ6Q"},
    {"2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a",
     "SAVCUKRKFIVCUKRKFIVCUKRKFIVCUKRKFIVCUKRKFIVCUKRKFIVCVLG5",
     "GAMX62ZD4FWIKMWGVPEDR6WNL2TYTPQMO2ZJEAZUAON7VCZ5G2GWDF7W"},
    {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "SD7777777777777777777777777777777777777777777777777767Q6",
     "GB3KCWJAISTOJ5IREZN4U45GATMQWBJJ2HPWAK7DBIM2SJLWMDI7KDMZ"},
};

}

TEST(Ed25519, Rfc8032Vectors)
{
    for (auto const& v : RFC8032_VECTORS)
    {
        auto key = SecretKey::fromSeed(hex32(v.seed));
        EXPECT_EQ(toHex(key.publicKey()), v.publicKey);
        auto message = hexBytes(v.message);
        EXPECT_EQ(toHex(key.sign(message)), v.signature);
        EXPECT_TRUE(verifySignature(key.publicKey(), hexBytes(v.signature), message));
    }
}

TEST(Ed25519, VerifyRejectsAlteredSignatureMessageOrKey)
{
    auto const& v = RFC8032_VECTORS[2];
    Bytes32 publicKey = hex32(v.publicKey);
    auto message = hexBytes(v.message);
    auto signature = hexBytes(v.signature);

    for (std::size_t bit = 0; bit < signature.size() * 8; ++bit)
    {
        auto flipped = signature;
        flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        EXPECT_FALSE(verifySignature(publicKey, flipped, message)) << "signature bit " << bit;
    }
    auto otherMessage = message;
    otherMessage[0] ^= 0x01;
    EXPECT_FALSE(verifySignature(publicKey, signature, otherMessage));
    EXPECT_FALSE(verifySignature(hex32(RFC8032_VECTORS[0].publicKey), signature, message));
}

TEST(Ed25519, SignatureOfWrongLengthIsFalseNotAnError)
{
    auto const& v = RFC8032_VECTORS[0];
    auto signature = hexBytes(v.signature);
    Bytes32 publicKey = hex32(v.publicKey);
    EXPECT_FALSE(verifySignature(publicKey, ByteSpan{signature}.first(63), ByteSpan{}));
    auto longer = signature;
    longer.push_back(0);
    EXPECT_FALSE(verifySignature(publicKey, longer, ByteSpan{}));
    EXPECT_FALSE(verifySignature(publicKey, ByteSpan{}, ByteSpan{}));
}

TEST(Ed25519, SmallOrderPublicKeyIsRejected)
{
    // The neutral element (y = 1) with the signature R = neutral, S = 0
    // "verifies" any message under the bare equation; libsodium refuses it.
    Bytes32 neutral = hex32("0100000000000000000000000000000000000000000000000000000000000000");
    std::vector<uint8_t> signature(64, 0);
    signature[0] = 0x01;
    EXPECT_FALSE(verifySignature(neutral, signature, asBytes("anything")));
}

TEST(SecretKey, StellarBaseSeedsAndPublicKeys)
{
    for (auto const& k : STELLAR_BASE_KEYS)
    {
        auto fromSeed = SecretKey::fromSeed(hex32(k.seedHex));
        EXPECT_EQ(fromSeed.strKeySeed(), k.strKeySeed);
        EXPECT_EQ(fromSeed.strKeyPublic(), k.strKeyPublic);
        EXPECT_EQ(toHex(fromSeed.seed()), k.seedHex);

        auto fromStrKey = SecretKey::fromStrKeySeed(k.strKeySeed);
        ASSERT_TRUE(fromStrKey);
        EXPECT_EQ(fromStrKey->publicKey(), fromSeed.publicKey());
        EXPECT_EQ(fromStrKeyPublic(k.strKeyPublic), fromSeed.publicKey());
    }
}

// Keypair.fromSecret("SAAACAQD...").sign(Buffer.from(message)) in
// @stellar/stellar-base 15.0.0, which also verified it.
TEST(SecretKey, StellarBaseSignatureOfAFixedMessage)
{
    auto key = SecretKey::fromStrKeySeed(STELLAR_BASE_KEYS[0].strKeySeed);
    ASSERT_TRUE(key);
    auto message = asBytes("stellar-overlay crypto test message");
    auto signature = key->sign(message);
    EXPECT_EQ(toHex(signature), "a0408120976abc79d7e0b13d02e4f6a05be2123e1e57c6bcb43f01d02c5bb8f9"
                                "3ef0d2cfdb243899df21768f88c4ecdcb8e1e2641bb2d0603729d7272cd5e005");
    EXPECT_TRUE(verifySignature(key->publicKey(), signature, message));
}

// The testnet root account: Keypair.master("Test SDF Network ; September 2015")
// in @stellar/stellar-base 15.0.0.
TEST(SecretKey, NetworkRootKeyOfTestnet)
{
    auto root = SecretKey::fromNetworkSeed("Test SDF Network ; September 2015");
    EXPECT_EQ(root.strKeyPublic(), "GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H");
    EXPECT_EQ(root.strKeySeed(), "SDHOAMBNLGCE2MV5ZKIVZAQD3VCLGP53P3OBSBI6UN5L5XZI5TKHFQL4");
}

TEST(SecretKey, FromStrKeySeedRejectsAnythingButAValidSeed)
{
    EXPECT_FALSE(SecretKey::fromStrKeySeed(STELLAR_BASE_KEYS[0].strKeyPublic)); // a G key
    EXPECT_FALSE(SecretKey::fromStrKeySeed("SAAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6NKJ")); // checksum
    EXPECT_FALSE(SecretKey::fromStrKeySeed("saaacaqdaqcqmbyibefawdanbyhraeiscmkbkfqxdamrugy4dupb6nki")); // lower case
    EXPECT_FALSE(SecretKey::fromStrKeySeed(""));
}

TEST(SecretKey, RandomKeysDifferAndSignVerifiably)
{
    auto a = SecretKey::random();
    auto b = SecretKey::random();
    EXPECT_NE(a.publicKey(), b.publicKey());
    auto message = asBytes("hello");
    EXPECT_TRUE(verifySignature(a.publicKey(), a.sign(message), message));
    EXPECT_FALSE(verifySignature(b.publicKey(), a.sign(message), message));
}

TEST(SecretKey, CopiesSignIdentically)
{
    auto original = SecretKey::fromSeed(hex32(STELLAR_BASE_KEYS[1].seedHex));
    SecretKey copy = original;
    auto assigned = SecretKey::random();
    assigned = original;
    auto message = asBytes("copy");
    EXPECT_EQ(copy.sign(message), original.sign(message));
    EXPECT_EQ(assigned.sign(message), original.sign(message));
}

TEST(SecretKey, SeedIsWipedOnDestruction)
{
    Bytes32 seed = hex32(STELLAR_BASE_KEYS[0].seedHex);
    alignas(SecretKey) unsigned char storage[sizeof(SecretKey)];
    auto* key = new (storage) SecretKey(SecretKey::fromSeed(seed));
    ASSERT_NE(std::search(std::begin(storage), std::end(storage), seed.begin(), seed.end()), std::end(storage));
    key->~SecretKey();
    EXPECT_EQ(std::search(std::begin(storage), std::end(storage), seed.begin(), seed.end()), std::end(storage));
}
