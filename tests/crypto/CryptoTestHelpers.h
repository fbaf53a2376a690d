#pragma once
// Small helpers for writing test vectors as the standards print them.

#include "crypto/Bytes.h"
#include "crypto/Hex.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace stellar::crypto::test
{

// Bytes of a hex literal from a test vector; a typo in the literal fails loudly.
inline std::vector<uint8_t>
hexBytes(std::string_view hex)
{
    auto bytes = fromHex(hex);
    if (!bytes)
    {
        throw std::invalid_argument("bad hex literal in a test vector");
    }
    return *bytes;
}

inline Bytes32
hex32(std::string_view hex)
{
    auto bytes = hexBytes(hex);
    if (bytes.size() != 32)
    {
        throw std::invalid_argument("test vector is not 32 bytes");
    }
    Bytes32 out;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

// `count` copies of `byte`, as RFCs write "0x0b repeated 22 times".
inline std::vector<uint8_t>
repeated(uint8_t byte, std::size_t count)
{
    return std::vector<uint8_t>(count, byte);
}

// first, first + 1, ..., first + count - 1, as RFCs write "0x00..0x0c".
inline std::vector<uint8_t>
counting(uint8_t first, std::size_t count)
{
    std::vector<uint8_t> out(count);
    for (std::size_t i = 0; i < count; ++i)
    {
        out[i] = static_cast<uint8_t>(first + i);
    }
    return out;
}

inline std::vector<uint8_t>
textBytes(std::string_view text)
{
    auto span = asBytes(text);
    return {span.begin(), span.end()};
}

}
