#pragma once
// Transports in memory, with the same rules as TCP, for simulations (core's
// counterpart: overlay/test/LoopbackPeer). Nodes in one process share a
// LoopbackHub, an address space of "ip:port" strings: each node's
// LoopbackNetwork has its own local ip ("127.0.0.N") or its own port, so a
// Simulation can run 64 nodes on one Clock.
//
// Everything moves through the Clock (timers, never a call from send() into
// the other side's handler), so under a Virtual clock a run is exactly
// repeatable. Each direction of a connection is a byte stream shaped by the
// sender's LinkOptions:
//   - a dial completes, or fails with ConnectFailed when nothing listens on
//     the address, one `latency` after start(); the listener's onAccept and the
//     dialer's onConnected then run at the same virtual instant;
//   - frames leave the sender's write queue (onWritten) when the link takes
//     them: at once, or one frame per size/bandwidth when the bandwidth is
//     limited, or not at all while corked;
//   - bytes arrive exactly `latency` after they left, in order;
//   - an end of stream (FIN) travels behind the data like any byte, and a
//     paused reader sees it only after the frames before it.
//
// The hub outlives its networks and every transport they made.

#include "net/Transport.h"
#include "util/Clock.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

// How one direction of a connection behaves: the bytes one end sends.
struct LinkOptions
{
    ClockDuration latency{0};                   // one way: bytes arrive this long after they leave
    uint64_t bandwidthBytesPerSecond = 0;  // 0 = unlimited
    bool corked = false;                   // nothing leaves the write queue while set
    std::optional<uint64_t> damageByteAt{};   // invert the byte at this offset of the stream (record marks count)
    std::optional<uint64_t> dropAfterBytes{}; // the connection breaks once this many bytes left: both ends get an error
};

class LoopbackNetwork;
class LoopbackLink;
struct LoopbackEgress;

class LoopbackHub
{
  public:
    explicit LoopbackHub(Clock& clock) : clock_(clock) {}
    LoopbackHub(LoopbackHub const&) = delete;
    LoopbackHub& operator=(LoopbackHub const&) = delete;

    Clock& clock() { return clock_; }

    // A fresh local ip for the next node: "127.0.0.1", "127.0.0.2", ...
    std::string allocateIp();

  private:
    friend class LoopbackNetwork;
    friend class LoopbackLink;

    LoopbackNetwork* listenerAt(std::string const& address) const;
    uint16_t allocateEphemeralPort(std::string const& ip);

    Clock& clock_;
    uint32_t nextHost_ = 1;
    std::map<std::string, LoopbackNetwork*> listeners_; // "ip:port"
    std::map<std::string, uint16_t> nextEphemeralPort_;
    std::map<std::string, uint16_t> nextListenPort_;
};

class LoopbackNetwork final : public Network
{
  public:
    using Hub = LoopbackHub;

    // An empty `localIp` takes the hub's next one.
    explicit LoopbackNetwork(LoopbackHub& hub, std::string localIp = {});
    ~LoopbackNetwork() override;
    LoopbackNetwork(LoopbackNetwork const&) = delete;
    LoopbackNetwork& operator=(LoopbackNetwork const&) = delete;

    std::string const& localIp() const { return localIp_; }

    // Shapes what this node sends on every connection it has now or makes
    // later, except those given their own options (LoopbackTransport).
    void setLinkOptions(LinkOptions options);
    LinkOptions const& linkOptions() const;

    std::unique_ptr<Transport> connect(std::string const& ip, uint16_t port) override;
    uint16_t listen(uint16_t port, std::function<void(std::unique_ptr<Transport>)> onAccept) override;
    void stopListening() override;

  private:
    friend class LoopbackLink;
    void accept(std::unique_ptr<Transport> transport);

    LoopbackHub& hub_;
    std::string localIp_;
    std::shared_ptr<LoopbackEgress> egress_;
    std::string listenAddress_;
    std::function<void(std::unique_ptr<Transport>)> onAccept_;
};

class LoopbackTransport final : public Transport
{
  public:
    ~LoopbackTransport() override;
    LoopbackTransport(LoopbackTransport const&) = delete;
    LoopbackTransport& operator=(LoopbackTransport const&) = delete;

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

    // Shapes what this end sends, replacing its network's options for this
    // connection from now on.
    void setLinkOptions(LinkOptions options);
    // Bytes this end has put on the link so far (the stream offset that
    // damageByteAt and dropAfterBytes count in).
    uint64_t bytesSent() const;

  private:
    friend class LoopbackNetwork;
    friend class LoopbackLink;
    LoopbackTransport(std::shared_ptr<LoopbackLink> link, int side);

    std::shared_ptr<LoopbackLink> link_;
    int side_;
};

}
