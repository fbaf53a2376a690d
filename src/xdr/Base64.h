#pragma once
// Base64 (RFC 4648, standard alphabet, with padding): the text form of XDR
// that stellar-core, Horizon and stellar-base print and read.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::xdr
{

std::string toBase64(std::span<uint8_t const> bytes);

struct Base64Error
{
    size_t position; // index in the input (whitespace included) of the offending character
    std::string detail;
};

// Strict: ASCII whitespace is skipped, anything else outside the alphabet,
// missing or misplaced '=' padding, and non-zero bits in the last character's
// unused low bits are errors.
struct Base64Result
{
    std::vector<uint8_t> bytes;
    std::optional<Base64Error> error;
};
Base64Result fromBase64(std::string_view text);

}
