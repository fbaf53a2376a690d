#pragma once
// RFC 4648 base32 (alphabet A-Z, 2-7) without padding, as StrKey uses it.
// Decoding accepts exactly the strings that encoding produces, because SEP-23
// requires every StrKey to have one spelling: upper case only, no '='
// padding, no length that no byte count encodes to (1, 3 or 6 mod 8), and
// the unused low bits of the last character zero.

#include "crypto/Bytes.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::crypto
{

std::string toBase32(ByteSpan data);

// nullopt for any string toBase32 cannot produce.
std::optional<std::vector<uint8_t>> fromBase32(std::string_view text);

}
