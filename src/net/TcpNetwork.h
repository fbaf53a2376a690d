#pragma once
// Dialing and listening over real TCP, IPv4 only (OVERLAY_SPEC §4.1, §4.3;
// core: PeerDoor, TCPPeer::initiate / TCPPeer::accept). The listener binds the
// configured interface (0.0.0.0 for a node; tests use 127.0.0.1) with a
// backlog of LISTEN_QUEUE_LIMIT, and hands every accepted socket, with
// TCP_NODELAY on and SO_LINGER off, to the onAccept callback before a byte is
// read from it. Everything runs on the Clock's io_context.
//
// The Clock outlives the TcpNetwork, and the TcpNetwork its Transports (a
// Transport that outlives it still works, but loses the right to finish
// draining after being destroyed).

#include "net/Transport.h"

#include <asio/socket_base.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace stellar
{

class Clock;
class TcpClosingSet;

// The kernel's maximum (net.core.somaxconn), not core's 100: a crowd of
// reconnecting sockets must not keep honest SYNs out (E37).
inline constexpr int LISTEN_QUEUE_LIMIT = asio::socket_base::max_listen_connections;
// After a failed accept (out of file descriptors, ...) the next one waits
// this long, so that a persistent error does not spin the loop.
inline constexpr std::chrono::milliseconds ACCEPT_RETRY_DELAY{100};

class TcpNetwork final : public Network
{
  public:
    // `listenAddress` is the local IPv4 address listen() binds.
    explicit TcpNetwork(Clock& clock, std::string listenAddress = "0.0.0.0");
    ~TcpNetwork() override;
    TcpNetwork(TcpNetwork const&) = delete;
    TcpNetwork& operator=(TcpNetwork const&) = delete;

    std::unique_ptr<Transport> connect(std::string const& ip, uint16_t port) override;
    uint16_t listen(uint16_t port, std::function<void(std::unique_ptr<Transport>)> onAccept) override;
    void stopListening() override;

    // Closed transports still writing their last frames after their owner
    // let them go.
    std::size_t drainingConnections() const;

  private:
    struct Door;
    Clock& clock_;
    std::string listenAddress_;
    std::shared_ptr<Door> door_;
    std::shared_ptr<TcpClosingSet> closing_;
};

}
