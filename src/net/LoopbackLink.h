#pragma once
// One in-memory connection: two ends, each a sender (write queue, then the
// bytes in flight toward the other end) and a receiver (bytes arrived, cut
// into frames). Internal to net/: LoopbackTransport is its public face, one
// per end. The link is co-owned by its two transports and by itself while one
// of its timers runs, so a handler may destroy either transport (or both) from
// any callback.

#include "net/FrameReader.h"
#include "net/LoopbackNetwork.h"
#include "net/WriteQueue.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace stellar
{

// A network's outgoing options, shared with the connection ends it owns so
// that changing them reaches live connections.
struct LoopbackEgress
{
    LinkOptions options;
    std::vector<std::pair<std::weak_ptr<LoopbackLink>, int>> ends;

    // Registers one end of a link, forgetting the ends of links that are gone.
    void add(std::weak_ptr<LoopbackLink> link, int side);
};

class LoopbackLink : public std::enable_shared_from_this<LoopbackLink>
{
  public:
    static constexpr int DIALER = 0;
    static constexpr int ACCEPTOR = 1;

    LoopbackLink(LoopbackHub& hub, std::string dialerIp, uint16_t dialerPort, std::string targetIp,
                 uint16_t targetPort, std::shared_ptr<LoopbackEgress> dialerEgress);
    LoopbackLink(LoopbackLink const&) = delete;
    LoopbackLink& operator=(LoopbackLink const&) = delete;

    void start(int side, TransportHandler& handler);
    void send(int side, std::vector<uint8_t> body);
    void setMaxIncomingFrameSize(int side, std::size_t size) { ends_[side].reader.setMaxFrameSize(size); }
    void pauseReading(int side) { ends_[side].paused = true; }
    void resumeReading(int side);
    void close(int side);
    void abandon(int side);
    void setLinkOptions(int side, LinkOptions options);
    void egressChanged(int side) { scheduleTransmit(side); }

    std::string const& remoteIp(int side) const { return ends_[side].remoteIp; }
    uint16_t remotePort(int side) const { return ends_[side].remotePort; }
    std::size_t queuedBytes(int side) const;
    std::size_t queuedFrames(int side) const;
    uint64_t bytesSent(int side) const { return ends_[side].sent; }

  private:
    enum class Phase
    {
        New,     // dialer: not dialing yet; acceptor: connected, not reading yet
        Dialing, // dialer only
        Open,
        Closing, // close() called: sending what is queued, then FIN
        Closed
    };
    enum class Segment
    {
        Data,
        Fin,  // the sender ended its stream
        Reset // the link broke (dropAfterBytes)
    };
    struct InFlight
    {
        ClockTime arrival;
        Segment kind;
        std::vector<uint8_t> bytes;
    };
    struct End
    {
        explicit End(Clock& clock)
            : transmitTimer(clock), arrivalTimer(clock), pumpTimer(clock), drainTimer(clock), dialTimer(clock)
        {
        }
        Phase phase = Phase::New;
        bool connected = false;
        TransportHandler* handler = nullptr;
        std::string remoteIp;
        uint16_t remotePort = 0;

        // Sending side.
        std::shared_ptr<LoopbackEgress> egress;
        std::optional<LinkOptions> ownOptions;
        WriteQueue queue;
        uint64_t sent = 0;        // stream offset of the next byte put on the link
        ClockTime linkFreeAt{};   // when a bandwidth-limited link finishes the frame on it
        ClockTime lastArrival{};  // arrivals never overtake each other
        bool finSent = false;
        bool broken = false;      // this direction was cut by dropAfterBytes or a reset
        std::deque<InFlight> inFlight; // toward the other end
        Timer transmitTimer;
        Timer arrivalTimer;

        // Receiving side.
        FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
        std::deque<std::vector<uint8_t>> inbox;
        std::size_t inboxOffset = 0; // into inbox.front()
        std::optional<Segment> streamEnd;
        bool paused = false;
        Timer pumpTimer;

        Timer drainTimer;
        Timer dialTimer;
    };

    LinkOptions const& options(int side) const;
    void resolveDial();
    void scheduleTransmit(int side);
    void transmit(int side);
    void putOnLink(int side, std::vector<uint8_t> bytes, Segment kind);
    void armArrival(int side);
    void arrive(int side);
    void schedulePump(int side);
    void pump(int side);
    void maybeSendFin(int side);
    void breakLink(int side, uint64_t limit);
    void closeEnd(int side);
    void fail(int side, TransportError error, std::string const& detail);

    LoopbackHub& hub_;
    std::string targetAddress_;
    End ends_[2];
};

}
