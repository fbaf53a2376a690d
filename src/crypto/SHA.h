#pragma once
// SHA-256 and the constructions built on it: HMAC-SHA256 (RFC 2104) and HKDF
// (RFC 5869).
//
// Where the overlay uses them (OVERLAY_SPEC §3.3, §4.4, §5.2): the network ID is
// sha256(passphrase); an AuthCert is signed over a SHA-256 of its XDR; every
// authenticated message carries HMAC-SHA256(sendMacKey, sequence || message);
// the two MAC keys come from one HKDF extract over the X25519 result and the
// two public keys, then one single-block HKDF expand per direction. The
// stellar-core shapes of HKDF (zero salt, one 32-byte output block) are the
// ones the handshake needs; the general RFC 5869 forms are here so that the
// published test vectors pin the construction.
//
// libsodium 1.0.18 has no HKDF, so it is written here on
// crypto_auth_hmacsha256_*, which accepts keys of any length.

#include "crypto/Bytes.h"

#include <sodium.h>

#include <cstddef>
#include <vector>

namespace stellar::crypto
{

Bytes32 sha256(ByteSpan data);

// Incremental SHA-256: add() any number of times, then finish() once.
// Using it after finish() is a programming error and throws std::logic_error.
class SHA256
{
  public:
    SHA256();
    void add(ByteSpan data);
    Bytes32 finish();

  private:
    crypto_hash_sha256_state state_;
    bool finished_ = false;
};

// HMAC-SHA256 with a 32-byte key: the shape of every MAC key in the protocol.
Bytes32 hmacSha256(Bytes32 const& key, ByteSpan data);
// HMAC-SHA256 with a key of any length (longer than 64 bytes is hashed first).
Bytes32 hmacSha256(ByteSpan key, ByteSpan data);

// True when `mac` is HMAC-SHA256(key, data). The comparison takes the same
// time wherever the first differing byte is (crypto_verify_32), so a remote
// peer cannot learn a valid MAC byte by byte from our response times.
bool hmacSha256Verify(Bytes32 const& mac, Bytes32 const& key, ByteSpan data);

// Incremental HMAC-SHA256, for a MAC over pieces that are not contiguous
// (a sequence number and a message body) without copying them together.
// The state holds key-derived bytes and is wiped on destruction.
class HmacSha256
{
  public:
    explicit HmacSha256(Bytes32 const& key);
    ~HmacSha256();
    HmacSha256(HmacSha256 const&) = delete;
    HmacSha256& operator=(HmacSha256 const&) = delete;

    void add(ByteSpan data);
    Bytes32 finish(); // once; afterwards add() and finish() throw std::logic_error

  private:
    crypto_auth_hmacsha256_state state_;
    bool finished_ = false;
};

// RFC 5869 HKDF-Extract: PRK = HMAC-SHA256(salt, ikm). An empty salt means
// 32 zero bytes, as the RFC says (HMAC pads either to the same block).
Bytes32 hkdfExtract(ByteSpan salt, ByteSpan ikm);

// RFC 5869 HKDF-Expand: `length` bytes of T(1) || T(2) || ..., where
// T(i) = HMAC-SHA256(prk, T(i-1) || info || i). `length` above 255 * 32 is a
// programming error and throws std::invalid_argument.
std::vector<uint8_t> hkdfExpand(ByteSpan prk, ByteSpan info, std::size_t length);

// stellar-core's HKDF-Extract: the salt is 32 zero bytes
// (core: SHA.cpp hkdfExtract; PeerAuth derives the shared key with it).
Bytes32 hkdfExtract(ByteSpan ikm);

// stellar-core's HKDF-Expand: one output block, HMAC-SHA256(key, info || 0x01)
// (core: SHA.cpp hkdfExpand; PeerAuth derives each MAC key with it).
Bytes32 hkdfExpand(Bytes32 const& key, ByteSpan info);

}
