#pragma once
// Hexadecimal digits for every layer that writes or reads hex text: crypto/Hex
// (keys, hashes and MACs in logs, config and admin output) and xdr/Json
// (opaque data in the JSON form). Lower case out, either case in.

#include <cstddef>
#include <cstdint>
#include <string>

namespace stellar
{

// The value of one hex digit, or -1 for anything else.
constexpr int
hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// `n` bytes as 2n lower-case digits.
inline std::string
hexDigitsOf(uint8_t const* data, std::size_t n)
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out(2 * n, '0');
    for (std::size_t i = 0; i < n; ++i)
    {
        out[2 * i] = DIGITS[data[i] >> 4];
        out[2 * i + 1] = DIGITS[data[i] & 0x0f];
    }
    return out;
}

}
