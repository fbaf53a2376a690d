#include "crypto/Curve25519.h"

#include "crypto/CryptoTestHelpers.h"
#include "crypto/SHA.h"
#include "crypto/SecretKey.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <new>
#include <vector>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

// RFC 7748 section 5.2: the two single X25519 test vectors (the second u
// has its top bit set, which X25519 must ignore).
TEST(X25519, Rfc7748Section52Vectors)
{
    auto first = curve25519SharedSecret(
        Curve25519Secret{hex32("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")},
        Curve25519Public{hex32("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")});
    ASSERT_TRUE(first);
    EXPECT_EQ(toHex(*first), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");

    auto second = curve25519SharedSecret(
        Curve25519Secret{hex32("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d")},
        Curve25519Public{hex32("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")});
    ASSERT_TRUE(second);
    EXPECT_EQ(toHex(*second), "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

// RFC 7748 section 6.1: Alice and Bob's key pairs and their shared secret.
TEST(X25519, Rfc7748Section61DiffieHellman)
{
    Curve25519Secret alice{hex32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")};
    Curve25519Secret bob{hex32("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")};
    auto alicePublic = curve25519DerivePublic(alice);
    auto bobPublic = curve25519DerivePublic(bob);
    EXPECT_EQ(toHex(alicePublic.key), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    EXPECT_EQ(toHex(bobPublic.key), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

    auto aliceShared = curve25519SharedSecret(alice, bobPublic);
    auto bobShared = curve25519SharedSecret(bob, alicePublic);
    ASSERT_TRUE(aliceShared && bobShared);
    EXPECT_EQ(toHex(*aliceShared), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    EXPECT_EQ(*aliceShared, *bobShared);
}

// Points of small order give an all-zero product with any scalar (RFC 7748
// section 6.1 says to check for it); a peer must not be able to force that.
TEST(X25519, LowOrderPointsAreRefused)
{
    auto secret = curve25519RandomSecret();
    std::vector<Bytes32> lowOrder = {
        Bytes32{},                                                              // 0
        hex32("0100000000000000000000000000000000000000000000000000000000000000"), // 1
        hex32("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"), // order 8
        hex32("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p - 1
    };
    for (auto const& point : lowOrder)
    {
        EXPECT_FALSE(curve25519SharedSecret(secret, Curve25519Public{point})) << toHex(point);
    }
}

// The overlay handshake's shape (OVERLAY_SPEC §4.4.4): both ends agree on the
// shared key, and one end's sending key is the other's receiving key.
TEST(X25519, BothEndsOfAHandshakeDeriveMatchingMacKeys)
{
    auto initiatorSecret = curve25519RandomSecret();
    auto responderSecret = curve25519RandomSecret();
    auto initiatorPublic = curve25519DerivePublic(initiatorSecret);
    auto responderPublic = curve25519DerivePublic(responderSecret);
    Bytes32 initiatorNonce = hex32("1111111111111111111111111111111111111111111111111111111111111111");
    Bytes32 responderNonce = hex32("2222222222222222222222222222222222222222222222222222222222222222");

    auto sharedKey = [](Curve25519Secret const& local, Curve25519Public const& remote, Curve25519Public const& a,
                        Curve25519Public const& b) {
        auto q = curve25519SharedSecret(local, remote);
        std::vector<uint8_t> ikm(q->begin(), q->end());
        ikm.insert(ikm.end(), a.key.begin(), a.key.end());
        ikm.insert(ikm.end(), b.key.begin(), b.key.end());
        return hkdfExtract(ikm);
    };
    auto macKey = [](Bytes32 const& shared, uint8_t direction, Bytes32 const& first, Bytes32 const& second) {
        std::vector<uint8_t> info{direction};
        info.insert(info.end(), first.begin(), first.end());
        info.insert(info.end(), second.begin(), second.end());
        return hkdfExpand(shared, info);
    };
    // publicA is the initiator's key on both ends.
    auto initiatorShared = sharedKey(initiatorSecret, responderPublic, initiatorPublic, responderPublic);
    auto responderShared = sharedKey(responderSecret, initiatorPublic, initiatorPublic, responderPublic);
    ASSERT_EQ(initiatorShared, responderShared);

    auto initiatorSend = macKey(initiatorShared, 0, initiatorNonce, responderNonce);
    auto responderReceive = macKey(responderShared, 0, initiatorNonce, responderNonce);
    auto responderSend = macKey(responderShared, 1, responderNonce, initiatorNonce);
    EXPECT_EQ(initiatorSend, responderReceive);
    EXPECT_NE(initiatorSend, responderSend);
}

TEST(SealedBox, RoundTripAddsFortyEightBytes)
{
    auto secret = curve25519RandomSecret();
    auto publicKey = curve25519DerivePublic(secret);
    auto plaintext = textBytes("TimeSlicedSurveyResponseBody");

    auto sealed = curve25519Encrypt(publicKey, plaintext);
    EXPECT_EQ(sealed.size(), plaintext.size() + CURVE25519_SEAL_OVERHEAD_BYTES);
    EXPECT_EQ(curve25519Decrypt(secret, publicKey, sealed), plaintext);
    // An ephemeral key per box: sealing twice never gives the same bytes.
    EXPECT_NE(curve25519Encrypt(publicKey, plaintext), sealed);

    auto sealedEmpty = curve25519Encrypt(publicKey, ByteSpan{});
    EXPECT_EQ(sealedEmpty.size(), CURVE25519_SEAL_OVERHEAD_BYTES);
    EXPECT_EQ(curve25519Decrypt(secret, publicKey, sealedEmpty), std::vector<uint8_t>{});
}

TEST(SealedBox, TamperedTruncatedOrMisaddressedBoxesAreRejected)
{
    auto secret = curve25519RandomSecret();
    auto publicKey = curve25519DerivePublic(secret);
    auto sealed = curve25519Encrypt(publicKey, textBytes("survey data"));

    for (std::size_t i = 0; i < sealed.size(); ++i)
    {
        auto tampered = sealed;
        tampered[i] ^= 0x01;
        EXPECT_FALSE(curve25519Decrypt(secret, publicKey, tampered)) << "byte " << i;
    }
    EXPECT_FALSE(curve25519Decrypt(secret, publicKey, ByteSpan{sealed}.first(sealed.size() - 1)));
    EXPECT_FALSE(curve25519Decrypt(secret, publicKey, ByteSpan{sealed}.first(CURVE25519_SEAL_OVERHEAD_BYTES - 1)));
    EXPECT_FALSE(curve25519Decrypt(secret, publicKey, ByteSpan{}));

    auto otherSecret = curve25519RandomSecret();
    EXPECT_FALSE(curve25519Decrypt(otherSecret, curve25519DerivePublic(otherSecret), sealed));
}

// libsodium's test/default/ed25519_convert.c and .exp: the Ed25519 key pair
// of this seed converts to this X25519 key pair.
TEST(Ed25519ToCurve25519, LibsodiumConversionVector)
{
    auto ed25519 = SecretKey::fromSeed(hex32("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee"));
    auto publicKey = curve25519FromEd25519Public(ed25519.publicKey());
    ASSERT_TRUE(publicKey);
    EXPECT_EQ(toHex(publicKey->key), "f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50");
    auto secret = curve25519FromEd25519Secret(ed25519);
    EXPECT_EQ(toHex(secret.key), "8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166");
    EXPECT_EQ(curve25519DerivePublic(secret), *publicKey);
}

TEST(Ed25519ToCurve25519, NonPointAndSmallOrderKeysAreRefused)
{
    // y = 2 is not the y-coordinate of any point on the Ed25519 curve.
    EXPECT_FALSE(curve25519FromEd25519Public(hex32("0200000000000000000000000000000000000000000000000000000000000000")));
    // y = 1 is the neutral element.
    EXPECT_FALSE(curve25519FromEd25519Public(hex32("0100000000000000000000000000000000000000000000000000000000000000")));
}

TEST(Curve25519Secret, BytesAreWipedOnDestruction)
{
    alignas(Curve25519Secret) unsigned char storage[sizeof(Curve25519Secret)];
    Bytes32 pattern;
    pattern.fill(0x5a);
    auto* secret = new (storage) Curve25519Secret{pattern};
    secret->~Curve25519Secret();
    EXPECT_TRUE(std::all_of(std::begin(storage), std::end(storage), [](unsigned char b) { return b == 0; }));
}
