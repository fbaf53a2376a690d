#pragma once
// A TCP Network for attackers: a ScriptedPeer dials through it and completes a
// real handshake, and then the test takes the socket over: it writes bytes
// that are not whole frames (a record mark announcing 16 MiB, a frame one
// byte at a time) or stops reading altogether, which the node's own
// TcpTransport never does. Runs on the Clock's event loop.

#include "net/Transport.h"
#include "util/Clock.h"

#include <asio/ip/tcp.hpp>

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace stellar::test
{

class RawTcpTransport : public Transport
{
  public:
    // `receiveBuffer`: the socket's SO_RCVBUF, set before it connects (a
    // small one makes a peer that stops reading fill up soon).
    RawTcpTransport(Clock& clock, asio::ip::tcp::endpoint remote, std::optional<int> receiveBuffer = std::nullopt);
    ~RawTcpTransport() override;

    // Transport: frames out with their record mark, whole frames in.
    void start(TransportHandler& handler) override;
    void send(std::vector<uint8_t> body) override;
    void setMaxIncomingFrameSize(std::size_t) override {}
    void pauseReading() override { paused_ = true; }
    void resumeReading() override;
    void close() override;
    std::string remoteIp() const override { return remote_.address().to_string(); }
    uint16_t remotePort() const override { return remote_.port(); }
    std::size_t queuedBytes() const override;
    std::size_t queuedFrames() const override { return writes_.size(); }

    // The next frame send() is given is kept, not written: the bytes of an
    // authenticated message (record mark, sequence, MAC) to replay or trickle.
    void captureNextFrame() { capturing_ = true; }
    std::vector<uint8_t> captured() const { return captured_; }
    // Any bytes, after what is queued.
    void writeRaw(std::vector<uint8_t> bytes);
    // Reads nothing more, ever: what the node sends piles up in the kernel's
    // buffers and then in the node's queue to us.
    void stopReading() { paused_ = stopped_ = true; }
    bool open() const { return socket_.is_open() && !failed_; }

  private:
    void read();
    void deliver();
    void write();
    void fail(TransportError error, std::string const& detail);

    Clock& clock_;
    asio::ip::tcp::endpoint remote_;
    std::optional<int> receiveBuffer_;
    asio::ip::tcp::socket socket_;
    TransportHandler* handler_ = nullptr;
    std::deque<std::vector<uint8_t>> writes_;
    bool capturing_ = false;
    std::vector<uint8_t> captured_;
    bool writing_ = false, reading_ = false, paused_ = false, stopped_ = false, failed_ = false;
    std::array<uint8_t, 65536> readBuffer_{};
    std::vector<uint8_t> received_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Dials RawTcpTransports and remembers the last one, for the test to take over.
class RawTcpNetwork : public Network
{
  public:
    explicit RawTcpNetwork(Clock& clock) : clock_(clock) {}
    std::unique_ptr<Transport> connect(std::string const& ip, uint16_t port) override;
    uint16_t listen(uint16_t, std::function<void(std::unique_ptr<Transport>)>) override;
    void stopListening() override {}
    RawTcpTransport* last() const { return last_; }
    // SO_RCVBUF of the connections dialled from now on.
    std::optional<int> receiveBuffer;

  private:
    Clock& clock_;
    RawTcpTransport* last_ = nullptr;
};

}
