#pragma once
// StrKey (SEP-23): how Stellar spells keys and hashes as text, e.g. a node's
// public key "G..." in config (PREFERRED_PEER_KEYS, SURVEYOR_KEYS), logs and
// admin output, and its seed "S..." in NODE_SEED.
//
// A StrKey is the unpadded RFC 4648 base32 of
//     version byte || payload || CRC16-XModem(version byte || payload)
// with the checksum little-endian. The version byte's top five bits name the
// key type (and fix the first character); its low three bits name the
// algorithm, which is 0 for every type defined today. SEP-23 requires each
// key to have exactly one valid spelling, so decoding rejects a wrong
// version, a bad checksum, a payload of the wrong length or layout, lower
// case, '=' padding, and base32 whose unused trailing bits are not zero.

#include "crypto/Bytes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::crypto
{

// The full version byte (type << 3 | algorithm 0). Names as in stellar-core's
// strKey::StrKeyVersionByte, which holds the unshifted type; the last two are
// SEP-23's.
enum class StrKeyVersion : uint8_t
{
    STRKEY_PUBKEY_ED25519 = 6 << 3,          // 'G': 32-byte Ed25519 public key
    STRKEY_SEED_ED25519 = 18 << 3,           // 'S': 32-byte Ed25519 seed
    STRKEY_PRE_AUTH_TX = 19 << 3,            // 'T': 32-byte transaction hash
    STRKEY_HASH_X = 23 << 3,                 // 'X': 32-byte SHA-256 hash
    STRKEY_MUXED_ACCOUNT_ED25519 = 12 << 3,  // 'M': 32-byte key || 8-byte id (big-endian)
    STRKEY_SIGNED_PAYLOAD_ED25519 = 15 << 3, // 'P': 32-byte key || 4-byte length n || n bytes || zero pad to 4
    STRKEY_CONTRACT = 2 << 3,                // 'C': 32-byte contract hash
    STRKEY_LIQUIDITY_POOL = 11 << 3,         // 'L': 32-byte pool id
    STRKEY_CLAIMABLE_BALANCE = 1 << 3,       // 'B': type byte 0 || 32-byte hash
};

// The largest payload of a signed-payload signer (CAP-40: opaque payload<64>).
inline constexpr std::size_t SIGNED_PAYLOAD_MAX_BYTES = 64;

// Encodes `payload` under `version`. A payload whose length or layout does not
// fit the version is a programming error and throws std::invalid_argument.
std::string strKeyEncode(StrKeyVersion version, ByteSpan payload);

// The payload of `text` if it is a valid StrKey of exactly `version`;
// nullopt otherwise.
std::optional<std::vector<uint8_t>> strKeyDecode(StrKeyVersion version, std::string_view text);

// An Ed25519 public key (a NodeID or AccountID) as "G...".
std::string toStrKeyPublic(Bytes32 const& publicKey);
std::optional<Bytes32> fromStrKeyPublic(std::string_view text);

// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final
// XOR (SEP-23 step 5).
uint16_t crc16XModem(ByteSpan data);

}
