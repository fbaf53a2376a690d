// AuthCert lifetime and the per-direction MAC keys (spec 4.4.3, 4.4.4).

#include "crypto/SHA.h"
#include "overlay/PeerAuth.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace std::chrono_literals;

namespace
{
NodeID
idOf(crypto::SecretKey const& k)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = k.publicKey();
    return id;
}

Hash
net(std::string const& passphrase)
{
    return crypto::sha256(crypto::asBytes(passphrase));
}
}

TEST(PeerAuth, CertLastsAnHourAndIsResignedWithLessThanHalfLeft)
{
    Clock clock{Clock::Mode::Virtual};
    auto key = crypto::SecretKey::random();
    PeerAuth auth(key, net("n"), clock);
    auto first = auth.getAuthCert();
    auto now = [&] { return uint64_t(std::chrono::duration_cast<std::chrono::seconds>(
                                         clock.systemNow().time_since_epoch())
                                         .count()); };
    EXPECT_EQ(first.expiration, now() + 3600);
    clock.crankFor(1800s);
    EXPECT_EQ(auth.getAuthCert(), first); // exactly half left: kept
    clock.crankFor(1s);
    auto second = auth.getAuthCert();
    EXPECT_EQ(second.expiration, now() + 3600);
    EXPECT_EQ(second.pubkey, first.pubkey); // same X25519 key, new signature
    EXPECT_NE(second.sig, first.sig);
}

TEST(PeerAuth, CertVerifiesOnlyForItsKeyItsNetworkAndBeforeExpiry)
{
    Clock clock{Clock::Mode::Virtual};
    auto alice = crypto::SecretKey::random();
    auto bob = crypto::SecretKey::random();
    PeerAuth aliceAuth(alice, net("n"), clock);
    PeerAuth bobAuth(bob, net("n"), clock);
    PeerAuth otherNet(bob, net("other"), clock);
    auto cert = aliceAuth.getAuthCert();
    EXPECT_TRUE(bobAuth.verifyRemoteAuthCert(idOf(alice), cert));
    EXPECT_FALSE(bobAuth.verifyRemoteAuthCert(idOf(bob), cert));
    EXPECT_FALSE(otherNet.verifyRemoteAuthCert(idOf(alice), cert));
    clock.crankFor(3601s);
    EXPECT_FALSE(bobAuth.verifyRemoteAuthCert(idOf(alice), cert));
}

TEST(PeerAuth, CertSignatureCoversNetworkEnvelopeTypeExpirationAndKey)
{
    Curve25519Public pub;
    pub.key.fill(7);
    Hash network = net("n");
    std::vector<uint8_t> expected(network.begin(), network.end());
    for (uint8_t b : {0, 0, 0, 3})                      // ENVELOPE_TYPE_AUTH
        expected.push_back(b);
    for (uint8_t b : {0, 0, 0, 0, 0x65, 0x4c, 0x8a, 0x00}) // expiration 1699514880
        expected.push_back(b);
    expected.insert(expected.end(), pub.key.begin(), pub.key.end());
    EXPECT_EQ(PeerAuth::certSigningHash(network, 1699514880, pub), crypto::sha256(expected));
}

TEST(PeerAuth, InitiatorSendKeyIsResponderReceiveKeyAndViceVersa)
{
    Clock clock{Clock::Mode::Virtual};
    PeerAuth a(crypto::SecretKey::random(), net("n"), clock);
    PeerAuth b(crypto::SecretKey::random(), net("n"), clock);
    uint256 nonceA{}, nonceB{};
    nonceA.fill(1);
    nonceB.fill(2);
    auto ka = a.macKeys(b.getAuthCert().pubkey, nonceA, nonceB, PeerRole::WE_CALLED_REMOTE);
    auto kb = b.macKeys(a.getAuthCert().pubkey, nonceB, nonceA, PeerRole::REMOTE_CALLED_US);
    ASSERT_TRUE(ka && kb);
    EXPECT_EQ(ka->send, kb->recv);
    EXPECT_EQ(ka->recv, kb->send);
    EXPECT_NE(ka->send, ka->recv);
}

TEST(PeerAuth, KeysFollowTheSpecDerivation)
{
    // Appendix B written out with the primitives: K_AB = HMAC(HKDF-Extract(
    // zero salt, ECDH || pubA || pubB), 0x00 || nonceA || nonceB || 0x01).
    Clock clock{Clock::Mode::Virtual};
    PeerAuth a(crypto::SecretKey::random(), net("n"), clock);
    auto bSecret = crypto::curve25519RandomSecret();
    auto bPublic = crypto::curve25519DerivePublic(bSecret);
    Curve25519Public bPub;
    bPub.key = bPublic.key;
    auto aPub = a.getAuthCert().pubkey;
    uint256 nonceA{}, nonceB{};
    nonceA.fill(0xaa);
    nonceB.fill(0xbb);

    auto shared = crypto::curve25519SharedSecret(bSecret, crypto::Curve25519Public{aPub.key});
    ASSERT_TRUE(shared);
    std::vector<uint8_t> ikm(shared->begin(), shared->end());
    ikm.insert(ikm.end(), aPub.key.begin(), aPub.key.end());
    ikm.insert(ikm.end(), bPub.key.begin(), bPub.key.end());
    crypto::Bytes32 zeroSalt{};
    auto prk = crypto::hmacSha256(zeroSalt, ikm);
    std::vector<uint8_t> info{0x00};
    info.insert(info.end(), nonceA.begin(), nonceA.end());
    info.insert(info.end(), nonceB.begin(), nonceB.end());
    info.push_back(0x01);
    auto kab = crypto::hmacSha256(prk, info);

    auto keys = a.macKeys(bPub, nonceA, nonceB, PeerRole::WE_CALLED_REMOTE);
    ASSERT_TRUE(keys);
    EXPECT_EQ(keys->send, kab);
}

TEST(PeerAuth, LowOrderRemoteKeyGivesNoKeys)
{
    Clock clock{Clock::Mode::Virtual};
    PeerAuth a(crypto::SecretKey::random(), net("n"), clock);
    Curve25519Public zero{};
    EXPECT_FALSE(a.macKeys(zero, uint256{}, uint256{}, PeerRole::WE_CALLED_REMOTE));
}
