#include "crypto/Base64.h"

#include "crypto/Sodium.h"

#include <sodium.h>

namespace stellar::crypto
{

std::string
toBase64(ByteSpan data)
{
    initSodium();
    auto const variant = sodium_base64_VARIANT_ORIGINAL;
    // sodium_base64_ENCODED_LEN counts the terminating NUL.
    std::string out(sodium_base64_ENCODED_LEN(data.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
    out.pop_back();
    return out;
}

std::optional<std::vector<uint8_t>>
fromBase64(std::string_view text)
{
    if (text.size() % 4 != 0)
    {
        return std::nullopt;
    }
    if (text.empty())
    {
        return std::vector<uint8_t>{}; // libsodium's buffer arguments must not be null
    }
    initSodium();
    std::vector<uint8_t> out(text.size() / 4 * 3);
    std::size_t length = 0;
    // No characters to ignore and no end pointer: libsodium then fails unless
    // the whole string is canonical base64, padding included.
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(),
                          /*ignore=*/nullptr, &length, /*b64_end=*/nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
    {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

}
