#pragma once
// A node's long-lived Ed25519 identity (RFC 8032), and signature checks.
//
// The node signs its AuthCert with it (over a SHA-256 of the cert's XDR,
// OVERLAY_SPEC §4.4.3), SCP envelopes and survey messages are signed with it
// (surveys over the raw XDR, E14), and its public half is the
// NodeID that peers, the ban list and PREFERRED_PEER_KEYS name.
// The secret bytes are wiped (sodium_memzero) when a SecretKey is destroyed or
// overwritten. Note that strKeySeed() returns a std::string, which is not
// wiped: keep such strings short-lived.

#include "crypto/Bytes.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stellar::crypto
{

class SecretKey
{
  public:
    static SecretKey random();
    static SecretKey fromSeed(Bytes32 const& seed);
    // nullopt unless `strKey` is a valid "S..." StrKey.
    static std::optional<SecretKey> fromStrKeySeed(std::string_view strKey);
    // The key whose seed is sha256(passphrase): stellar-core's network root
    // account ("master" key in stellar-base), handy as a fixed test identity.
    static SecretKey fromNetworkSeed(std::string_view passphrase);

    SecretKey(SecretKey const&) = default;
    SecretKey& operator=(SecretKey const&) = default;
    ~SecretKey();

    Bytes32 const& publicKey() const { return publicKey_; }
    std::string strKeyPublic() const;
    std::span<uint8_t const, 32> seed() const;
    std::string strKeySeed() const;

    // The 64-byte Ed25519 signature of `message` (deterministic: the same key
    // and message always give the same bytes).
    Bytes64 sign(ByteSpan message) const;

  private:
    SecretKey() = default;

    Bytes64 secret_{}; // libsodium's layout: seed || public key
    Bytes32 publicKey_{};
};

// True when `signature` is a valid Ed25519 signature of `message` by
// `publicKey`. False, never an exception, for a signature that is not 64 bytes
// or a key that is not a valid point: the inputs come from the network. Uses
// libsodium's crypto_sign_verify_detached, which rejects small-order keys and
// non-canonical signatures; stellar-core's ed25519-dalek verify_strict (used
// from protocol 25) was chosen to agree with it.
bool verifySignature(Bytes32 const& publicKey, ByteSpan signature, ByteSpan message);

}
