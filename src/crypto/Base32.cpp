#include "crypto/Base32.h"

namespace stellar::crypto
{

namespace
{

constexpr char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The 5-bit value of one base32 character, or -1.
int
base32Value(char c)
{
    if (c >= 'A' && c <= 'Z')
    {
        return c - 'A';
    }
    if (c >= '2' && c <= '7')
    {
        return c - '2' + 26;
    }
    return -1;
}

}

std::string
toBase32(ByteSpan data)
{
    std::string out;
    out.reserve((data.size() * 8 + 4) / 5);
    uint32_t buffer = 0; // holds fewer than 5 pending bits between bytes
    int bits = 0;
    for (uint8_t byte : data)
    {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5)
        {
            bits -= 5;
            out.push_back(ALPHABET[(buffer >> bits) & 0x1f]);
        }
    }
    if (bits > 0)
    {
        out.push_back(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
    }
    return out;
}

std::optional<std::vector<uint8_t>>
fromBase32(std::string_view text)
{
    // Each group of 8 characters is 5 bytes; a final partial group of 2, 4, 5
    // or 7 characters is 1, 2, 3 or 4 bytes. No byte count gives 1, 3 or 6.
    auto tail = text.size() % 8;
    if (tail == 1 || tail == 3 || tail == 6)
    {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    out.reserve(text.size() * 5 / 8);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text)
    {
        int value = base32Value(c);
        if (value < 0)
        {
            return std::nullopt;
        }
        buffer = (buffer << 5) | static_cast<uint32_t>(value);
        bits += 5;
        if (bits >= 8)
        {
            bits -= 8;
            out.push_back(static_cast<uint8_t>(buffer >> bits));
        }
        buffer &= (1u << bits) - 1; // keep only the bits not yet emitted
    }
    // The leftover bits only pad the last character; a set bit would give a
    // second spelling of the same bytes.
    if (buffer != 0)
    {
        return std::nullopt;
    }
    return out;
}

}
