#pragma once
// A peer's network address as the overlay stores and compares it: an IPv4
// address in dotted-quad text and a TCP port, the key of the `peers` table
// (core: PeerBareAddress). Hostnames are resolved before they get here, and
// IPv6 is not supported, as in stellar-core. A value always holds a canonical
// address ("a.b.c.d", each part 0..255 without leading zeros) and a port in
// 1..65535, so two addresses are equal exactly when their text is.

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stellar
{

class PeerBareAddress
{
  public:
    // "a.b.c.d:port". Without ":port", `defaultPort` is used when given
    // (stellar-core's KNOWN_PEERS entries may omit it); otherwise nullopt.
    // Anything else (hostnames, IPv6, out-of-range parts, port 0): nullopt.
    static std::optional<PeerBareAddress> parse(std::string_view text,
                                                std::optional<uint16_t> defaultPort = std::nullopt);

    // From the four bytes and the port of an XDR PeerAddress (IPv4 arm).
    // nullopt for port 0 or above 65535, which core filters on receipt of PEERS.
    static std::optional<PeerBareAddress> fromIPv4(std::array<uint8_t, 4> const& ip, uint32_t port);

    std::string const& ip() const { return ip_; }
    uint16_t port() const { return port_; }
    std::array<uint8_t, 4> ipv4Bytes() const;
    std::string toString() const;

    // 10/8, 172.16/12 and 192.168/16; loopback is not private (core:
    // PeerBareAddress::isPrivate), so getPeersToSend may hand out 127.x.
    bool isPrivate() const;
    // 127.0.0.0/8. core compares with "127.0.0.1" only.
    bool isLocalhost() const;

    auto operator<=>(PeerBareAddress const&) const = default;

  private:
    PeerBareAddress(std::string ip, uint16_t port) : ip_(std::move(ip)), port_(port) {}

    std::string ip_;
    uint16_t port_ = 0;
};

}

template <>
struct std::hash<stellar::PeerBareAddress>
{
    std::size_t operator()(stellar::PeerBareAddress const& a) const noexcept
    {
        return std::hash<std::string>{}(a.ip()) ^ (std::hash<uint16_t>{}(a.port()) * 0x9e3779b97f4a7c15ULL);
    }
};
