#include "net/LoopbackNetwork.h"

#include "net/LoopbackLink.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace stellar
{

namespace
{
constexpr uint16_t FIRST_EPHEMERAL_PORT = 49152; // IANA's dynamic range, as a kernel would pick
constexpr uint16_t FIRST_FREE_LISTEN_PORT = 30000;
}

void
LoopbackEgress::add(std::weak_ptr<LoopbackLink> link, int side)
{
    ends.erase(std::remove_if(ends.begin(), ends.end(), [](auto const& end) { return end.first.expired(); }),
               ends.end());
    ends.emplace_back(std::move(link), side);
}

std::string
LoopbackHub::allocateIp()
{
    uint32_t n = nextHost_++;
    return fmt::format("127.{}.{}.{}", (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
}

LoopbackNetwork*
LoopbackHub::listenerAt(std::string const& address) const
{
    auto it = listeners_.find(address);
    return it == listeners_.end() ? nullptr : it->second;
}

uint16_t
LoopbackHub::allocateEphemeralPort(std::string const& ip)
{
    auto& next = nextEphemeralPort_[ip];
    if (next < FIRST_EPHEMERAL_PORT)
        next = FIRST_EPHEMERAL_PORT;
    uint16_t port = next;
    next = next == 0xFFFF ? FIRST_EPHEMERAL_PORT : static_cast<uint16_t>(next + 1);
    return port;
}

LoopbackNetwork::LoopbackNetwork(LoopbackHub& hub, std::string localIp)
    : hub_(hub)
    , localIp_(localIp.empty() ? hub.allocateIp() : std::move(localIp))
    , egress_(std::make_shared<LoopbackEgress>())
{
}

LoopbackNetwork::~LoopbackNetwork()
{
    stopListening();
}

void
LoopbackNetwork::setLinkOptions(LinkOptions options)
{
    egress_->options = std::move(options);
    // Copied: a link may register new ends while we walk.
    auto ends = egress_->ends;
    for (auto const& [weak, side] : ends)
        if (auto link = weak.lock())
            link->egressChanged(side);
}

LinkOptions const&
LoopbackNetwork::linkOptions() const
{
    return egress_->options;
}

std::unique_ptr<Transport>
LoopbackNetwork::connect(std::string const& ip, uint16_t port)
{
    auto link = std::make_shared<LoopbackLink>(hub_, localIp_, hub_.allocateEphemeralPort(localIp_), ip, port, egress_);
    egress_->add(link, LoopbackLink::DIALER);
    return std::unique_ptr<Transport>(new LoopbackTransport(std::move(link), LoopbackLink::DIALER));
}

uint16_t
LoopbackNetwork::listen(uint16_t port, std::function<void(std::unique_ptr<Transport>)> onAccept)
{
    stopListening();
    if (port == 0)
    {
        auto& next = hub_.nextListenPort_[localIp_];
        if (next < FIRST_FREE_LISTEN_PORT)
            next = FIRST_FREE_LISTEN_PORT;
        while (hub_.listenerAt(fmt::format("{}:{}", localIp_, next)))
            ++next;
        port = next++;
    }
    auto address = fmt::format("{}:{}", localIp_, port);
    if (hub_.listenerAt(address))
        throw std::runtime_error(fmt::format("cannot listen on {}: the address is already in use", address));
    hub_.listeners_.emplace(address, this);
    listenAddress_ = std::move(address);
    onAccept_ = std::move(onAccept);
    return port;
}

void
LoopbackNetwork::stopListening()
{
    if (!listenAddress_.empty())
    {
        hub_.listeners_.erase(listenAddress_);
        listenAddress_.clear();
    }
    onAccept_ = nullptr;
}

void
LoopbackNetwork::accept(std::unique_ptr<Transport> transport)
{
    auto deliver = onAccept_; // the callback may stop listening, which clears onAccept_
    if (deliver)
        deliver(std::move(transport));
}

LoopbackTransport::LoopbackTransport(std::shared_ptr<LoopbackLink> link, int side)
    : link_(std::move(link)), side_(side)
{
}

LoopbackTransport::~LoopbackTransport()
{
    link_->abandon(side_);
}

void
LoopbackTransport::start(TransportHandler& handler)
{
    link_->start(side_, handler);
}

void
LoopbackTransport::send(std::vector<uint8_t> body)
{
    link_->send(side_, std::move(body));
}

void
LoopbackTransport::setMaxIncomingFrameSize(std::size_t size)
{
    link_->setMaxIncomingFrameSize(side_, size);
}

void
LoopbackTransport::pauseReading()
{
    link_->pauseReading(side_);
}

void
LoopbackTransport::resumeReading()
{
    link_->resumeReading(side_);
}

void
LoopbackTransport::close()
{
    link_->close(side_);
}

std::string
LoopbackTransport::remoteIp() const
{
    return link_->remoteIp(side_);
}

uint16_t
LoopbackTransport::remotePort() const
{
    return link_->remotePort(side_);
}

std::size_t
LoopbackTransport::queuedBytes() const
{
    return link_->queuedBytes(side_);
}

std::size_t
LoopbackTransport::queuedFrames() const
{
    return link_->queuedFrames(side_);
}

void
LoopbackTransport::setLinkOptions(LinkOptions options)
{
    link_->setLinkOptions(side_, std::move(options));
}

uint64_t
LoopbackTransport::bytesSent() const
{
    return link_->bytesSent(side_);
}

}
