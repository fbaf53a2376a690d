#pragma once
// X25519 (RFC 7748) keys and libsodium sealed boxes.
//
// HELLO carries an AuthCert whose `pubkey` is the node's ephemeral
// Curve25519Public; after the HELLO exchange each side computes
// X25519(localSecret, remotePublic) and feeds it, with both public keys, into
// hkdfExtract (SHA.h) to get the connection's shared MAC key (OVERLAY_SPEC
// §4.4.4; core: PeerAuth, curve25519DeriveSharedKey). Surveys encrypt each
// response body to the surveyor's Curve25519Public with a sealed box
// (crypto_box_seal: an ephemeral X25519 key and XSalsa20-Poly1305, 48 bytes
// of overhead; OVERLAY_SPEC §11.5, E13).
//
// Curve25519Secret wipes its bytes when destroyed.

#include "crypto/Bytes.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace stellar::crypto
{

class SecretKey;

struct Curve25519Secret
{
    Bytes32 key{};
    ~Curve25519Secret();
};

struct Curve25519Public
{
    Bytes32 key{};
    friend bool operator==(Curve25519Public const&, Curve25519Public const&) = default;
};

// Bytes a sealed box adds to its plaintext (crypto_box_SEALBYTES).
inline constexpr std::size_t CURVE25519_SEAL_OVERHEAD_BYTES = 48;

Curve25519Secret curve25519RandomSecret();
Curve25519Public curve25519DerivePublic(Curve25519Secret const& secret);

// X25519(local, remote). nullopt when `remote` is a low-order point, whose
// product with any secret is all zeros: a peer that sent one would otherwise
// force a shared secret everyone knows.
std::optional<Bytes32> curve25519SharedSecret(Curve25519Secret const& local, Curve25519Public const& remote);

// A sealed box to `to`: anyone can make one, only the holder of the matching
// secret can open it. The result is plaintext.size() + 48 bytes.
std::vector<uint8_t> curve25519Encrypt(Curve25519Public const& to, ByteSpan plaintext);

// Opens a sealed box addressed to (localSecret, localPublic). nullopt when the
// ciphertext is shorter than the overhead, was not made for this key, or was
// altered in any bit.
std::optional<std::vector<uint8_t>> curve25519Decrypt(Curve25519Secret const& localSecret,
                                                      Curve25519Public const& localPublic, ByteSpan ciphertext);

// The birationally equivalent X25519 keys of an Ed25519 key pair
// (crypto_sign_ed25519_{pk,sk}_to_curve25519). The public conversion gives
// nullopt for bytes that are not a valid Ed25519 point. The protocol itself
// does not use these; they let a node's identity receive sealed boxes.
std::optional<Curve25519Public> curve25519FromEd25519Public(Bytes32 const& ed25519Public);
Curve25519Secret curve25519FromEd25519Secret(SecretKey const& ed25519Secret);

}
