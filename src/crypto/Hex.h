#pragma once
// Hexadecimal text for hashes, keys and MACs in logs, config and admin
// output. Output is lower case; input may use either case but must be
// nothing else: an even number of hex digits, no prefix, no spaces.

#include "crypto/Bytes.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::crypto
{

std::string toHex(ByteSpan data);
// The first 3 bytes in 6 digits, how logs name a hash (core: hexAbbrev).
std::string hexAbbrev(ByteSpan data);

// nullopt for an odd length or any character that is not a hex digit.
std::optional<std::vector<uint8_t>> fromHex(std::string_view text);

}
