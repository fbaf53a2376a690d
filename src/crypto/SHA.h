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
// The hashing is OpenSSL's libcrypto, which uses the CPU's SHA extensions
// where there are any: chosen by measurement over libsodium's portable
// SHA-256 (docs/performance.md); the results are the same bytes.

#include "crypto/Bytes.h"

#include <cstddef>
#include <vector>

namespace stellar::crypto
{

// A SHA-256 state held by value (OpenSSL's SHA256_CTX, whose size SHA.cpp
// checks), so that headers need not include OpenSSL.
inline constexpr std::size_t SHA256_STATE_BYTES = 112;
struct Sha256State
{
    alignas(8) unsigned char bytes[SHA256_STATE_BYTES];
};

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
    Sha256State state_;
    bool finished_ = false;
};

// A key made ready for HMAC-SHA256 once: the hash states after the key's
// inner and outer pad blocks. Each MAC copies them, so that a connection pays
// for its key once and not per message. Wiped on destruction.
class HmacSha256Key
{
  public:
    explicit HmacSha256Key(ByteSpan key); // any length; longer than 64 bytes is hashed first
    ~HmacSha256Key();
    HmacSha256Key(HmacSha256Key const&) = default;
    HmacSha256Key& operator=(HmacSha256Key const&) = default;

    Bytes32 mac(ByteSpan data) const;
    // True when `mac` is HMAC-SHA256(key, data), compared in constant time.
    bool verify(Bytes32 const& mac, ByteSpan data) const;

  private:
    Sha256State inner_, outer_;
};

// HMAC-SHA256 with a 32-byte key: the shape of every MAC key in the protocol.
Bytes32 hmacSha256(Bytes32 const& key, ByteSpan data);
// HMAC-SHA256 with a key of any length (longer than 64 bytes is hashed first).
Bytes32 hmacSha256(ByteSpan key, ByteSpan data);

// True when `mac` is HMAC-SHA256(key, data). The comparison takes the same
// time wherever the first differing byte is, so a remote peer cannot learn a
// valid MAC byte by byte from our response times.
bool hmacSha256Verify(Bytes32 const& mac, Bytes32 const& key, ByteSpan data);

// Incremental HMAC-SHA256, for a MAC over pieces that are not contiguous
// (a sequence number and a message body) without copying them together.
// The state holds key-derived bytes and is wiped on destruction.
class HmacSha256
{
  public:
    explicit HmacSha256(ByteSpan key);
    ~HmacSha256();
    HmacSha256(HmacSha256 const&) = delete;
    HmacSha256& operator=(HmacSha256 const&) = delete;

    void add(ByteSpan data);
    Bytes32 finish(); // once; afterwards add() and finish() throw std::logic_error

  private:
    Sha256State inner_, outer_;
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
