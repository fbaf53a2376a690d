#include "xdr/Base64.h"

namespace stellar::xdr
{

namespace
{

constexpr char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
sextet(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool
isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

}

std::string
toBase64(std::span<uint8_t const> bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3)
    {
        uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += ALPHABET[v >> 18];
        out += ALPHABET[(v >> 12) & 63];
        out += ALPHABET[(v >> 6) & 63];
        out += ALPHABET[v & 63];
    }
    size_t rest = bytes.size() - i;
    if (rest > 0)
    {
        uint32_t v = uint32_t{bytes[i]} << 16;
        if (rest == 2)
            v |= uint32_t{bytes[i + 1]} << 8;
        out += ALPHABET[v >> 18];
        out += ALPHABET[(v >> 12) & 63];
        out += rest == 2 ? ALPHABET[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

Base64Result
fromBase64(std::string_view text)
{
    Base64Result result;
    auto fail = [&](size_t pos, std::string detail) {
        result.bytes.clear();
        result.error = Base64Error{pos, std::move(detail)};
        return result;
    };
    uint32_t acc = 0;
    int have = 0;        // sextets in the current quantum
    int padding = 0;     // '=' seen
    size_t lastPos = 0;  // position of the last alphabet character
    for (size_t pos = 0; pos < text.size(); ++pos)
    {
        char c = text[pos];
        if (isSpace(c))
            continue;
        if (c == '=')
        {
            if (have < 2 || have + padding >= 4)
                return fail(pos, "misplaced '=' padding");
            ++padding;
            continue;
        }
        int v = sextet(c);
        if (v < 0)
            return fail(pos, std::string("character '") + (c >= 0x20 && c < 0x7f ? std::string(1, c) : "?") +
                                 "' is not base64");
        if (padding > 0)
            return fail(pos, "data after '=' padding");
        acc = (acc << 6) | static_cast<uint32_t>(v);
        lastPos = pos;
        if (++have == 4)
        {
            result.bytes.push_back(static_cast<uint8_t>(acc >> 16));
            result.bytes.push_back(static_cast<uint8_t>(acc >> 8));
            result.bytes.push_back(static_cast<uint8_t>(acc));
            acc = 0;
            have = 0;
        }
    }
    if (have == 0 && padding == 0)
        return result;
    if (have == 1)
        return fail(lastPos, "input ends in the middle of a 4-character group");
    if (have + padding != 4)
        return fail(text.size(), "missing '=' padding at the end");
    if (have == 2)
    {
        if (acc & 0xF)
            return fail(lastPos, "non-zero unused bits in the last character");
        result.bytes.push_back(static_cast<uint8_t>(acc >> 4));
    }
    else
    {
        if (acc & 0x3)
            return fail(lastPos, "non-zero unused bits in the last character");
        result.bytes.push_back(static_cast<uint8_t>(acc >> 10));
        result.bytes.push_back(static_cast<uint8_t>(acc >> 2));
    }
    return result;
}

}
