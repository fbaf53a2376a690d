#include "net/TcpNetwork.h"

#include "net/TcpTransport.h"
#include "util/Clock.h"
#include "util/Log.h"

#include <asio/error.hpp>
#include <fmt/format.h>

#include <stdexcept>
#include <utility>

namespace stellar
{

// The accept loop. The pending accept co-owns it, so that stopping (or
// destroying the network) while an accept is outstanding is safe.
struct TcpNetwork::Door : std::enable_shared_from_this<Door>
{
    Door(Clock& clock, std::function<void(std::unique_ptr<Transport>)> onAccept, std::weak_ptr<TcpClosingSet> closing)
        : clock(clock), acceptor(clock.io()), onAccept(std::move(onAccept)), closing(std::move(closing)), retry(clock)
    {
    }

    void acceptNext();
    void onKnock(asio::error_code const& ec, asio::ip::tcp::socket socket);
    void stop();

    Clock& clock;
    asio::ip::tcp::acceptor acceptor;
    std::function<void(std::unique_ptr<Transport>)> onAccept;
    std::weak_ptr<TcpClosingSet> closing;
    Timer retry;
};

void
TcpNetwork::Door::acceptNext()
{
    if (!acceptor.is_open())
        return;
    acceptor.async_accept([self = shared_from_this()](asio::error_code const& ec, asio::ip::tcp::socket socket) {
        self->onKnock(ec, std::move(socket));
    });
}

void
TcpNetwork::Door::onKnock(asio::error_code const& ec, asio::ip::tcp::socket socket)
{
    if (!acceptor.is_open() || ec == asio::error::operation_aborted)
        return;
    if (ec)
    {
        logger("Overlay").warn("accept failed: {}", ec.message());
        retry.expiresAfter(ACCEPT_RETRY_DELAY, [this] { acceptNext(); });
        return;
    }

    // Core: TCPPeer::accept. A socket whose address or options cannot be had
    // is closed before anyone sees it.
    asio::error_code socketEc;
    auto remote = socket.remote_endpoint(socketEc);
    if (!socketEc)
        socket.set_option(asio::ip::tcp::no_delay(true), socketEc);
    if (!socketEc)
        socket.set_option(asio::socket_base::linger(false, 0), socketEc);
    if (socketEc)
    {
        logger("Overlay").debug("dropping accepted socket: {}", socketEc.message());
        asio::error_code ignored;
        socket.close(ignored);
    }
    else
    {
        auto transport = std::make_unique<TcpTransport>(clock, std::move(socket), ipv4Text(remote.address()),
                                                        remote.port(), closing);
        auto deliver = onAccept; // the callback may stop listening, which clears onAccept
        if (deliver)
            deliver(std::move(transport));
    }
    acceptNext();
}

void
TcpNetwork::Door::stop()
{
    onAccept = nullptr;
    retry.cancel();
    asio::error_code ignored;
    acceptor.close(ignored);
}

TcpNetwork::TcpNetwork(Clock& clock, std::string listenAddress)
    : clock_(clock), listenAddress_(std::move(listenAddress)), closing_(std::make_shared<TcpClosingSet>())
{
}

TcpNetwork::~TcpNetwork()
{
    stopListening();
    closing_.reset(); // closes the connections still draining
}

std::unique_ptr<Transport>
TcpNetwork::connect(std::string const& ip, uint16_t port)
{
    return std::make_unique<TcpTransport>(clock_, ip, port, closing_);
}

uint16_t
TcpNetwork::listen(uint16_t port, std::function<void(std::unique_ptr<Transport>)> onAccept)
{
    stopListening();
    asio::error_code ec;
    auto address = asio::ip::make_address_v4(listenAddress_, ec);
    if (ec)
        throw std::runtime_error(
            fmt::format("cannot listen: '{}' is not an IPv4 address to bind to", listenAddress_));

    auto door = std::make_shared<Door>(clock_, std::move(onAccept), closing_);
    asio::ip::tcp::endpoint endpoint(address, port);
    door->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        door->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        door->acceptor.bind(endpoint, ec);
    if (!ec)
        door->acceptor.listen(LISTEN_QUEUE_LIMIT, ec);
    if (ec)
        throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", listenAddress_, port, ec.message()));
    auto bound = door->acceptor.local_endpoint(ec).port();
    door_ = door;
    door_->acceptNext();
    logger("Overlay").info("listening on {}:{}", listenAddress_, bound);
    return bound;
}

void
TcpNetwork::stopListening()
{
    if (door_)
    {
        door_->stop();
        door_.reset();
    }
}

std::size_t
TcpNetwork::drainingConnections() const
{
    return closing_ ? closing_->size() : 0;
}

}
