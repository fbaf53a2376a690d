#include "overlay/PeerBareAddress.h"

#include <fmt/format.h>

namespace stellar
{

namespace
{

// A decimal number of 1..maxDigits digits, no sign, no leading zero.
std::optional<uint32_t>
parseDecimal(std::string_view text, std::size_t maxDigits)
{
    if (text.empty() || text.size() > maxDigits || (text.size() > 1 && text[0] == '0'))
        return std::nullopt;
    uint32_t value = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    return value;
}

std::optional<std::array<uint8_t, 4>>
parseIPv4(std::string_view text)
{
    std::array<uint8_t, 4> bytes{};
    for (std::size_t i = 0; i < 4; ++i)
    {
        auto dot = text.find('.');
        bool last = i == 3;
        if (last != (dot == std::string_view::npos))
            return std::nullopt;
        auto part = parseDecimal(last ? text : text.substr(0, dot), 3);
        if (!part || *part > 255)
            return std::nullopt;
        bytes[i] = static_cast<uint8_t>(*part);
        if (!last)
            text.remove_prefix(dot + 1);
    }
    return bytes;
}

std::string
formatIPv4(std::array<uint8_t, 4> const& b)
{
    return fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
}

}

std::optional<PeerBareAddress>
PeerBareAddress::parse(std::string_view text, std::optional<uint16_t> defaultPort)
{
    auto colon = text.find(':');
    std::optional<uint32_t> port;
    if (colon == std::string_view::npos)
        port = defaultPort;
    else
        port = parseDecimal(text.substr(colon + 1), 5);
    auto ip = parseIPv4(text.substr(0, colon));
    if (!ip || !port)
        return std::nullopt;
    return fromIPv4(*ip, *port);
}

std::optional<PeerBareAddress>
PeerBareAddress::fromIPv4(std::array<uint8_t, 4> const& ip, uint32_t port)
{
    if (port == 0 || port > UINT16_MAX)
        return std::nullopt;
    return PeerBareAddress{formatIPv4(ip), static_cast<uint16_t>(port)};
}

std::array<uint8_t, 4>
PeerBareAddress::ipv4Bytes() const
{
    // ip_ is canonical by construction.
    return *parseIPv4(ip_);
}

std::string
PeerBareAddress::toString() const
{
    return fmt::format("{}:{}", ip_, port_);
}

bool
PeerBareAddress::isPrivate() const
{
    auto b = ipv4Bytes();
    return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168);
}

bool
PeerBareAddress::isLocalhost() const
{
    return ipv4Bytes()[0] == 127;
}

}
