#include "crypto/Hex.h"

#include "util/Hex.h"

#include <algorithm>

namespace stellar::crypto
{

std::string
toHex(ByteSpan data)
{
    return hexDigitsOf(data.data(), data.size());
}

std::optional<std::vector<uint8_t>>
fromHex(std::string_view text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2)
    {
        int high = hexDigitValue(text[i]);
        int low = hexDigitValue(text[i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out.push_back(static_cast<uint8_t>((high << 4) | low));
    }
    return out;
}

std::string
hexAbbrev(ByteSpan data)
{
    return toHex(data.first(std::min<std::size_t>(data.size(), 3)));
}

}
