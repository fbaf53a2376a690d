#pragma once
// The byte pipe under a Peer. A Transport carries whole frames (record-marked
// message bodies) in order in both directions and says when it breaks; it
// knows nothing about XDR, MACs or peers. The Peer cannot tell whether the
// bytes cross TCP (TcpNetwork) or memory (LoopbackNetwork): both keep the same
// rules, listed on each member below.
//
// Everything runs on the Clock's one event loop. Handler callbacks always come
// from the loop, never from inside a call the handler made (send() does not
// call onWritten, resumeReading() does not call onFrame), and never after
// close() returned or the Transport was destroyed. A handler may close or
// destroy its Transport from inside any callback.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stellar
{

// How long close() keeps writing what was queued (and waits for the remote's
// end of stream) before the socket is closed regardless. Core gives a dropped
// peer the same 5 s between TCPPeer::drop and TCPPeer::shutdown.
inline constexpr std::chrono::seconds CLOSE_DRAIN_TIMEOUT{5};

enum class TransportError
{
    ConnectFailed,  // the dial did not complete (refused, unreachable, no such address)
    ReadFailed,     // the socket failed while reading (reset, ...)
    WriteFailed,    // the socket failed while writing
    RemoteClosed,   // the remote ended the stream (FIN), possibly in the middle of a frame
    BadFrameLength  // a record mark announced 0 bytes or more than the limit (§5.4)
};

// stellar-core's drop reason for each error: "unable to connect",
// "error during read", "error during write", ... The `detail` passed with the
// error says more (the socket's message, the rejected length).
std::string_view coreText(TransportError);

class TransportHandler
{
  public:
    virtual ~TransportHandler() = default;
    virtual void onConnected() = 0;                      // outbound dial completed (never for accepted ones)
    virtual void onFrame(std::vector<uint8_t> body) = 0; // one whole message body, header stripped
    virtual void onWritten(std::size_t frames) = 0;      // this many queued frames reached the socket
    // The transport is now closed: nothing more is read or written and no
    // other callback follows. Called at most once.
    virtual void onTransportError(TransportError, std::string const& detail) = 0;
};

class Transport
{
  public:
    // Destroying closes at once: what is still queued is dropped and no
    // callback follows. (A transport already close()d keeps draining on its
    // own, bounded by CLOSE_DRAIN_TIMEOUT, so the owner may let it go.)
    virtual ~Transport() = default;

    // Begin dialing (outbound) or reading (accepted). Call once.
    virtual void start(TransportHandler&) = 0;

    // Queues one frame; frames go out whole and in order. Frames queued before
    // an outbound dial completes go out once it does. Ignored once the
    // transport is closed or closing.
    virtual void send(std::vector<uint8_t> body) = 0;

    // A header above this, or of length 0, is BadFrameLength. Takes effect
    // for the next header read, so calling it from onFrame(AUTH) covers the
    // frame right behind AUTH. Starts at MAX_UNAUTH_MESSAGE_SIZE.
    virtual void setMaxIncomingFrameSize(std::size_t) = 0;

    // Read throttling (flow control): no onFrame while paused; frames already
    // read stay buffered and delivery resumes where it stopped.
    virtual void pauseReading() = 0;
    virtual void resumeReading() = 0;

    // Stop reading; write what is queued, then end the stream (FIN) and
    // close. The writing is bounded by CLOSE_DRAIN_TIMEOUT. No handler
    // callbacks after close() returns.
    virtual void close() = 0;

    virtual std::string remoteIp() const = 0; // dotted IPv4 ("127.0.0.1"), "" if unknown
    virtual uint16_t remotePort() const = 0;
    virtual std::size_t queuedBytes() const = 0;  // written by us, not yet on the socket (record marks included)
    virtual std::size_t queuedFrames() const = 0;
};

// How a node dials and listens; the overlay gets one of these injected.
class Network
{
  public:
    virtual ~Network() = default;

    // Returns at once; start() dials. A bad address comes back as
    // ConnectFailed through the loop.
    virtual std::unique_ptr<Transport> connect(std::string const& ip, uint16_t port) = 0;

    // Accept loop on `port` (0 = any free port); returns the port bound.
    // `onAccept` gets each new connection before any byte is read (its remote
    // ip is transport->remoteIp()); it keeps the Transport or drops it, which
    // closes it at once and silently (E25). Throws std::runtime_error with one
    // sentence when the port cannot be bound.
    virtual uint16_t listen(uint16_t port, std::function<void(std::unique_ptr<Transport>)> onAccept) = 0;
    virtual void stopListening() = 0;
};

}
