#pragma once
// A Transport over one TCP socket (OVERLAY_SPEC §4.1; core: TCPPeer). The
// socket has TCP_NODELAY on and SO_LINGER off, so closing it sends a normal
// FIN behind whatever is still in the kernel's buffer (E22). A connection waits
// for readability without a buffer of its own, then reads into one
// READ_BUFFER_SIZE buffer shared by every connection on the thread, so that a
// silent or idle connection holds no read memory; bytes come out as whole
// frames. Writes leave the WriteQueue one scatter-gather batch at a time.
//
// The socket, its buffers and the write queue live in a TcpConnection that
// every pending Asio operation co-owns, so destroying the TcpTransport (or
// closing it while a write is in flight) never leaves the kernel or Asio
// pointing at freed memory: the operations finish with "aborted" and let go.
//
// Built by TcpNetwork; only net/ and tests name this type.

#include "net/Transport.h"

#include <asio/ip/tcp.hpp>

#include <memory>
#include <string>
#include <vector>

namespace stellar
{

class Clock;
class TcpConnection;

// The most one read takes from a socket (core: TCPPeer::BUFSZ, 256 KiB); one
// buffer of this size per thread, not per connection.
inline constexpr std::size_t READ_BUFFER_SIZE = 0x40000;

// Connections whose Transport was destroyed after close(), still writing
// their last frames: at most MAX_CLOSING_CONNECTIONS (util/Limits.h), the
// oldest closed at once beyond that. A TcpNetwork owns one; destroying it
// closes them all.
class TcpClosingSet
{
  public:
    TcpClosingSet() = default;
    TcpClosingSet(TcpClosingSet const&) = delete;
    TcpClosingSet& operator=(TcpClosingSet const&) = delete;
    ~TcpClosingSet();

    void adopt(std::shared_ptr<TcpConnection> connection);
    void release(TcpConnection const* connection);
    std::size_t size() const { return connections_.size(); }

  private:
    std::vector<std::shared_ptr<TcpConnection>> connections_;
};

class TcpTransport final : public Transport
{
  public:
    // Outbound: start() dials ip:port.
    TcpTransport(Clock& clock, std::string ip, uint16_t port, std::weak_ptr<TcpClosingSet> closing);
    // Accepted: the socket is connected and has its options set.
    TcpTransport(Clock& clock, asio::ip::tcp::socket socket, std::string remoteIp, uint16_t remotePort,
                 std::weak_ptr<TcpClosingSet> closing);
    ~TcpTransport() override;
    TcpTransport(TcpTransport const&) = delete;
    TcpTransport& operator=(TcpTransport const&) = delete;

    void start(TransportHandler& handler) override;
    void send(std::vector<uint8_t> body) override;
    void setMaxIncomingFrameSize(std::size_t size) override;
    void pauseReading() override;
    void resumeReading() override;
    void close() override;
    std::string remoteIp() const override;
    uint16_t remotePort() const override;
    std::size_t queuedBytes() const override;
    std::size_t queuedFrames() const override;

    // The socket's file descriptor (-1 when it is closed), for inspecting
    // socket options.
    int nativeHandle() const;

  private:
    std::shared_ptr<TcpConnection> connection_;
};

// Dotted-quad text for an address, unwrapping IPv4-mapped IPv6.
std::string ipv4Text(asio::ip::address const& address);

}
