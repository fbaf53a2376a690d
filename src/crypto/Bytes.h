#pragma once
// The byte shapes the crypto layer works on. Fixed-size values are
// std::array so that the XDR layer's Hash, uint256, Curve25519Public and
// HmacSha256Mac (all std::array<uint8_t, 32>) pass straight in and out with no
// copy; any contiguous byte range (std::vector, std::array, a frame buffer)
// converts to ByteSpan.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace stellar::crypto
{

using Bytes32 = std::array<uint8_t, 32>;
using Bytes64 = std::array<uint8_t, 64>;
using ByteSpan = std::span<uint8_t const>;

// The bytes of a string, for passphrases and text messages.
inline ByteSpan
asBytes(std::string_view text)
{
    return {reinterpret_cast<uint8_t const*>(text.data()), text.size()};
}

}
