#include "overlay/PeerAuth.h"

#include "crypto/SHA.h"
#include "util/Log.h"

#include <algorithm>

namespace stellar
{

namespace
{
void
putBigEndian(std::vector<uint8_t>& out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
}

PeerAuth::PeerAuth(crypto::SecretKey const& nodeKey, Hash const& networkID, Clock& clock)
    : nodeKey_(nodeKey)
    , networkID_(networkID)
    , clock_(clock)
    , ecdhSecret_(crypto::curve25519RandomSecret())
    , ecdhPublic_(crypto::curve25519DerivePublic(ecdhSecret_))
    , cert_(makeCert())
{
}

uint64_t
PeerAuth::nowSeconds() const
{
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.systemNow().time_since_epoch()).count());
}

crypto::Bytes32
PeerAuth::certSigningHash(Hash const& networkID, uint64_t expiration, Curve25519Public const& pub)
{
    std::vector<uint8_t> buf;
    buf.reserve(32 + 4 + 8 + 32);
    buf.insert(buf.end(), networkID.begin(), networkID.end());
    putBigEndian(buf, static_cast<uint32_t>(ENVELOPE_TYPE_AUTH), 4);
    putBigEndian(buf, expiration, 8);
    buf.insert(buf.end(), pub.key.begin(), pub.key.end());
    return crypto::sha256(buf);
}

AuthCert
PeerAuth::makeCert() const
{
    AuthCert cert;
    cert.pubkey.key = ecdhPublic_.key;
    cert.expiration = nowSeconds() + AUTH_CERT_LIFETIME.count();
    auto hash = certSigningHash(networkID_, cert.expiration, cert.pubkey);
    auto sig = nodeKey_.sign(hash);
    cert.sig.assign(sig.begin(), sig.end());
    return cert;
}

AuthCert
PeerAuth::getAuthCert()
{
    // Re-sign when less than half the lifetime is left (core: PeerAuth::getAuthCert).
    if (cert_.expiration < nowSeconds() + AUTH_CERT_LIFETIME.count() / 2)
        cert_ = makeCert();
    return cert_;
}

bool
PeerAuth::verifyRemoteAuthCert(NodeID const& remote, AuthCert const& cert) const
{
    if (cert.expiration < nowSeconds())
    {
        logger("Overlay").debug("auth cert expired at {}, now {}", cert.expiration, nowSeconds());
        return false;
    }
    auto hash = certSigningHash(networkID_, cert.expiration, cert.pubkey);
    return crypto::verifySignature(remote.ed25519(), cert.sig, hash);
}

std::optional<PeerAuth::MacKeys>
PeerAuth::macKeys(Curve25519Public const& remotePublic, uint256 const& localNonce, uint256 const& remoteNonce,
                  PeerRole role) const
{
    crypto::Curve25519Public remote{remotePublic.key};
    auto secret = crypto::curve25519SharedSecret(ecdhSecret_, remote);
    if (!secret)
        return std::nullopt;

    // sharedKey = HKDF-Extract(zero salt, ECDH || publicA || publicB), A the initiator.
    bool weAreA = role == PeerRole::WE_CALLED_REMOTE;
    auto const& publicA = weAreA ? ecdhPublic_.key : remote.key;
    auto const& publicB = weAreA ? remote.key : ecdhPublic_.key;
    std::vector<uint8_t> ikm(secret->begin(), secret->end());
    ikm.insert(ikm.end(), publicA.begin(), publicA.end());
    ikm.insert(ikm.end(), publicB.begin(), publicB.end());
    auto sharedKey = crypto::hkdfExtract(ikm);

    // K_AB = Expand(0x00 || nonceA || nonceB), K_BA = Expand(0x01 || nonceB || nonceA):
    // our sending key puts our own nonce first, our receiving key the remote's.
    auto expand = [&](uint8_t direction, uint256 const& first, uint256 const& second) {
        std::vector<uint8_t> info{direction};
        info.insert(info.end(), first.begin(), first.end());
        info.insert(info.end(), second.begin(), second.end());
        return crypto::hkdfExpand(sharedKey, info);
    };
    uint8_t sendDirection = weAreA ? 0 : 1;
    uint8_t recvDirection = weAreA ? 1 : 0;
    return MacKeys{expand(sendDirection, localNonce, remoteNonce), expand(recvDirection, remoteNonce, localNonce)};
}

}
