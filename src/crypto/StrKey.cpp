#include "crypto/StrKey.h"

#include "crypto/Base32.h"

#include <algorithm>
#include <stdexcept>

namespace stellar::crypto
{

namespace
{

// 1 version byte + the longest payload (a signed payload: 32 + 4 + 64) +
// 2 checksum bytes, in base32 characters. Anything longer is rejected before
// decoding, so a hostile string costs no allocation beyond this.
constexpr std::size_t MAX_STRKEY_CHARS = (1 + 32 + 4 + SIGNED_PAYLOAD_MAX_BYTES + 2) * 8 / 5 + 1;

uint32_t
readBigEndian32(ByteSpan bytes)
{
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
           uint32_t{bytes[3]};
}

// Whether `payload` has the length and layout that `version` prescribes.
bool
payloadFits(StrKeyVersion version, ByteSpan payload)
{
    switch (version)
    {
    case StrKeyVersion::STRKEY_PUBKEY_ED25519:
    case StrKeyVersion::STRKEY_SEED_ED25519:
    case StrKeyVersion::STRKEY_PRE_AUTH_TX:
    case StrKeyVersion::STRKEY_HASH_X:
    case StrKeyVersion::STRKEY_CONTRACT:
    case StrKeyVersion::STRKEY_LIQUIDITY_POOL:
        return payload.size() == 32;
    case StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519:
        return payload.size() == 32 + 8;
    case StrKeyVersion::STRKEY_CLAIMABLE_BALANCE:
        // Only ClaimableBalanceID type 0 (V0) exists.
        return payload.size() == 1 + 32 && payload[0] == 0;
    case StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519:
    {
        if (payload.size() < 32 + 4)
        {
            return false;
        }
        uint32_t inner = readBigEndian32(payload.subspan(32, 4));
        if (inner > SIGNED_PAYLOAD_MAX_BYTES)
        {
            return false;
        }
        std::size_t padded = (inner + 3) / 4 * 4;
        if (payload.size() != 32 + 4 + padded)
        {
            return false;
        }
        auto padding = payload.subspan(32 + 4 + inner);
        return std::all_of(padding.begin(), padding.end(), [](uint8_t b) { return b == 0; });
    }
    }
    return false; // a value outside the enum
}

}

uint16_t
crc16XModem(ByteSpan data)
{
    uint16_t crc = 0;
    for (uint8_t byte : data)
    {
        crc ^= static_cast<uint16_t>(byte << 8);
        for (int bit = 0; bit < 8; ++bit)
        {
            crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
        }
    }
    return crc;
}

std::string
strKeyEncode(StrKeyVersion version, ByteSpan payload)
{
    if (!payloadFits(version, payload))
    {
        throw std::invalid_argument("StrKey payload does not fit its version");
    }
    std::vector<uint8_t> raw;
    raw.reserve(1 + payload.size() + 2);
    raw.push_back(static_cast<uint8_t>(version));
    raw.insert(raw.end(), payload.begin(), payload.end());
    uint16_t crc = crc16XModem(raw);
    raw.push_back(static_cast<uint8_t>(crc & 0xff));
    raw.push_back(static_cast<uint8_t>(crc >> 8));
    return toBase32(raw);
}

std::optional<std::vector<uint8_t>>
strKeyDecode(StrKeyVersion version, std::string_view text)
{
    if (text.size() > MAX_STRKEY_CHARS)
    {
        return std::nullopt;
    }
    auto raw = fromBase32(text);
    if (!raw || raw->size() < 3 || (*raw)[0] != static_cast<uint8_t>(version))
    {
        return std::nullopt;
    }
    auto body = ByteSpan{*raw}.first(raw->size() - 2);
    uint16_t stored = static_cast<uint16_t>((*raw)[raw->size() - 2] | ((*raw)[raw->size() - 1] << 8));
    if (crc16XModem(body) != stored)
    {
        return std::nullopt;
    }
    auto payload = body.subspan(1);
    if (!payloadFits(version, payload))
    {
        return std::nullopt;
    }
    return std::vector<uint8_t>(payload.begin(), payload.end());
}

std::string
toStrKeyPublic(Bytes32 const& publicKey)
{
    return strKeyEncode(StrKeyVersion::STRKEY_PUBKEY_ED25519, publicKey);
}

std::optional<Bytes32>
fromStrKeyPublic(std::string_view text)
{
    auto payload = strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, text);
    if (!payload)
    {
        return std::nullopt;
    }
    Bytes32 key{};
    std::copy(payload->begin(), payload->end(), key.begin());
    return key;
}

}
