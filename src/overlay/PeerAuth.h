#pragma once
// The node's side of the handshake crypto (spec 4.4.3, 4.4.4). One X25519 key
// pair per process; an AuthCert binds it to the node's Ed25519 identity for
// an hour and is re-signed when less than half an hour is left. From the
// remote's cert key and both nonces each connection derives one MAC key per
// direction: K_AB for initiator -> responder, K_BA for the other way.

#include "crypto/Curve25519.h"
#include "crypto/SecretKey.h"
#include "overlay/PeerState.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <optional>

namespace stellar
{

class PeerAuth
{
  public:
    static constexpr std::chrono::seconds AUTH_CERT_LIFETIME{3600}; // core: expirationLimit

    PeerAuth(crypto::SecretKey const& nodeKey, Hash const& networkID, Clock& clock);

    AuthCert getAuthCert();
    // The cert must be unexpired and signed by `remote` over *our* network ID
    // (E02: a peer from another network fails here, silently).
    bool verifyRemoteAuthCert(NodeID const& remote, AuthCert const& cert) const;

    struct MacKeys
    {
        crypto::Bytes32 send;
        crypto::Bytes32 recv;
    };
    // Nothing when the remote's key gives no shared secret (a low-order
    // point): core throws CryptoError there and drops with "Bad crypto request".
    std::optional<MacKeys> macKeys(Curve25519Public const& remotePublic, uint256 const& localNonce,
                                   uint256 const& remoteNonce, PeerRole role) const;

    // The bytes an AuthCert signature covers: SHA-256 of
    // XDR(networkID, ENVELOPE_TYPE_AUTH, expiration, pubkey).
    static crypto::Bytes32 certSigningHash(Hash const& networkID, uint64_t expiration, Curve25519Public const& pub);

  private:
    AuthCert makeCert() const;
    uint64_t nowSeconds() const;

    crypto::SecretKey nodeKey_;
    Hash networkID_;
    Clock& clock_;
    crypto::Curve25519Secret ecdhSecret_;
    crypto::Curve25519Public ecdhPublic_;
    AuthCert cert_;
};

}
