#pragma once
// RFC 4648 base64 (standard alphabet, '=' padding), for keys and XDR blobs on
// the command line and in admin output. Decoding is strict: it accepts only
// what encoding produces (padding present and exact, no whitespace, no other
// alphabet, unused bits of the last character zero).
// libsodium: sodium_bin2base64 / sodium_base642bin, variant ORIGINAL.

#include "crypto/Bytes.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::crypto
{

std::string toBase64(ByteSpan data);

// nullopt for any string toBase64 cannot produce.
std::optional<std::vector<uint8_t>> fromBase64(std::string_view text);

}
