#include "net/LoopbackLink.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace stellar
{

namespace
{
// How long a link of `bandwidth` bytes per second takes to carry `bytes`,
// rounded up to the nanosecond.
ClockDuration
transmissionTime(std::size_t bytes, uint64_t bandwidth)
{
    constexpr uint64_t NS_PER_SECOND = 1'000'000'000;
    return ClockDuration{(static_cast<uint64_t>(bytes) * NS_PER_SECOND + bandwidth - 1) / bandwidth};
}

LinkOptions const NO_OPTIONS{};
}

LoopbackLink::LoopbackLink(LoopbackHub& hub, std::string dialerIp, uint16_t dialerPort, std::string targetIp,
                           uint16_t targetPort, std::shared_ptr<LoopbackEgress> dialerEgress)
    : hub_(hub)
    , targetAddress_(fmt::format("{}:{}", targetIp, targetPort))
    , ends_{End(hub.clock()), End(hub.clock())}
{
    ends_[DIALER].remoteIp = std::move(targetIp);
    ends_[DIALER].remotePort = targetPort;
    ends_[DIALER].egress = std::move(dialerEgress);
    ends_[ACCEPTOR].remoteIp = std::move(dialerIp);
    ends_[ACCEPTOR].remotePort = dialerPort;
}

LinkOptions const&
LoopbackLink::options(int side) const
{
    auto const& e = ends_[side];
    if (e.ownOptions)
        return *e.ownOptions;
    return e.egress ? e.egress->options : NO_OPTIONS;
}

std::size_t
LoopbackLink::queuedBytes(int side) const
{
    return ends_[side].phase == Phase::Closed ? 0 : ends_[side].queue.wireBytes();
}

std::size_t
LoopbackLink::queuedFrames(int side) const
{
    return ends_[side].phase == Phase::Closed ? 0 : ends_[side].queue.frames();
}

void
LoopbackLink::start(int side, TransportHandler& handler)
{
    auto& e = ends_[side];
    if (e.phase != Phase::New)
        return;
    e.handler = &handler;
    if (side == DIALER)
    {
        e.phase = Phase::Dialing;
        e.dialTimer.expiresAfter(options(side).latency, [this] {
            auto self = shared_from_this();
            resolveDial();
        });
        return;
    }
    e.phase = Phase::Open;
    schedulePump(side);
    scheduleTransmit(side);
}

void
LoopbackLink::resolveDial()
{
    auto& d = ends_[DIALER];
    if (d.phase != Phase::Dialing)
        return;
    auto* listener = hub_.listenerAt(targetAddress_);
    if (!listener)
        return fail(DIALER, TransportError::ConnectFailed, "connection refused: nothing listens on " + targetAddress_);

    auto& a = ends_[ACCEPTOR];
    a.connected = true;
    d.connected = true;
    a.egress = listener->egress_;
    a.egress->add(weak_from_this(), ACCEPTOR);
    listener->accept(std::unique_ptr<Transport>(new LoopbackTransport(shared_from_this(), ACCEPTOR)));

    if (d.phase != Phase::Dialing)
        return; // closed or destroyed from inside onAccept
    d.phase = Phase::Open;
    d.handler->onConnected();
    if (d.phase != Phase::Open)
        return;
    schedulePump(DIALER);
    scheduleTransmit(DIALER);
}

void
LoopbackLink::send(int side, std::vector<uint8_t> body)
{
    auto& e = ends_[side];
    if (e.phase == Phase::Closing || e.phase == Phase::Closed)
        return;
    if (e.broken)
        return; // the link is cut: like writing into a reset socket before the error shows
    e.queue.push(std::move(body));
    scheduleTransmit(side);
}

void
LoopbackLink::resumeReading(int side)
{
    auto& e = ends_[side];
    e.paused = false;
    if (e.phase == Phase::Open)
        schedulePump(side);
}

void
LoopbackLink::setLinkOptions(int side, LinkOptions options)
{
    ends_[side].ownOptions = std::move(options);
    scheduleTransmit(side);
}

void
LoopbackLink::close(int side)
{
    auto& e = ends_[side];
    switch (e.phase)
    {
    case Phase::New:
        if (!e.connected)
            return closeEnd(side);
        break; // an accepted end is connected: drain it like an open one
    case Phase::Dialing:
        return closeEnd(side);
    case Phase::Open:
        break;
    case Phase::Closing:
    case Phase::Closed:
        return;
    }
    e.phase = Phase::Closing;
    e.handler = nullptr;
    e.inbox.clear();
    e.inboxOffset = 0;
    e.pumpTimer.cancel();
    e.drainTimer.expiresAfter(CLOSE_DRAIN_TIMEOUT, [this, side] {
        auto self = shared_from_this();
        closeEnd(side);
    });
    if (e.queue.empty() || e.broken)
        maybeSendFin(side);
    else
        scheduleTransmit(side);
}

void
LoopbackLink::abandon(int side)
{
    auto& e = ends_[side];
    e.handler = nullptr;
    if (e.phase == Phase::Closing)
        return; // keeps draining for as long as the other end holds the link
    closeEnd(side);
}

void
LoopbackLink::scheduleTransmit(int side)
{
    auto& e = ends_[side];
    if (!e.connected || e.broken || !(e.phase == Phase::Open || e.phase == Phase::Closing))
        return;
    if (e.transmitTimer.pending() || e.queue.empty())
        return;
    auto const& opts = options(side);
    if (opts.corked)
        return;
    auto now = hub_.clock().now();
    auto at = now;
    if (opts.bandwidthBytesPerSecond > 0)
    {
        at = std::max(now, e.linkFreeAt) + transmissionTime(e.queue[0].wireSize(), opts.bandwidthBytesPerSecond);
        e.linkFreeAt = at;
    }
    e.transmitTimer.expiresAt(at, [this, side] {
        auto self = shared_from_this();
        transmit(side);
    });
}

void
LoopbackLink::transmit(int side)
{
    auto& e = ends_[side];
    if (!e.connected || e.broken || !(e.phase == Phase::Open || e.phase == Phase::Closing) || e.queue.empty())
        return;
    auto const& opts = options(side);
    if (opts.corked)
        return;

    // An unlimited link takes the whole queue at once; a limited one carries
    // one frame per transmission time.
    std::size_t frames = opts.bandwidthBytesPerSecond > 0 ? 1 : e.queue.frames();
    std::vector<uint8_t> bytes;
    bytes.reserve(e.queue.wireBytesOf(frames));
    for (std::size_t i = 0; i < frames; ++i)
    {
        auto const& f = e.queue[i];
        bytes.insert(bytes.end(), f.mark.begin(), f.mark.end());
        bytes.insert(bytes.end(), f.body.begin(), f.body.end());
    }
    e.queue.popFront(frames);
    putOnLink(side, std::move(bytes), Segment::Data);
    if (e.broken)
        return;

    if (e.phase == Phase::Open)
        e.handler->onWritten(frames); // may send, close or destroy our transport
    if (!(e.phase == Phase::Open || e.phase == Phase::Closing))
        return;
    if (!e.queue.empty())
        scheduleTransmit(side);
    else
        maybeSendFin(side);
}

void
LoopbackLink::putOnLink(int side, std::vector<uint8_t> bytes, Segment kind)
{
    auto& e = ends_[side];
    auto const& opts = options(side);
    auto enqueue = [&](Segment k, std::vector<uint8_t> b) {
        auto arrival = std::max(hub_.clock().now() + opts.latency, e.lastArrival);
        e.lastArrival = arrival;
        e.inFlight.push_back(InFlight{arrival, k, std::move(b)});
    };

    if (kind == Segment::Data)
    {
        uint64_t start = e.sent;
        if (opts.damageByteAt && *opts.damageByteAt >= start && *opts.damageByteAt - start < bytes.size())
            bytes[*opts.damageByteAt - start] ^= 0xFF;
        if (opts.dropAfterBytes && start + bytes.size() >= *opts.dropAfterBytes)
        {
            uint64_t limit = *opts.dropAfterBytes;
            bytes.resize(limit > start ? limit - start : 0);
            e.sent += bytes.size();
            if (!bytes.empty())
                enqueue(Segment::Data, std::move(bytes));
            enqueue(Segment::Reset, {});
            armArrival(side);
            return breakLink(side, limit);
        }
        e.sent += bytes.size();
    }
    enqueue(kind, std::move(bytes));
    armArrival(side);
}

void
LoopbackLink::breakLink(int side, uint64_t limit)
{
    int other = 1 - side;
    auto& e = ends_[side];
    auto& o = ends_[other];
    // Nothing more crosses in either direction, apart from the bytes (and the
    // reset) already on their way to the other end.
    e.broken = true;
    e.queue.clear();
    e.transmitTimer.cancel();
    o.broken = true;
    o.queue.clear();
    o.transmitTimer.cancel();
    o.inFlight.clear();
    o.arrivalTimer.cancel();

    if (e.phase == Phase::Open)
        return fail(side, TransportError::WriteFailed,
                    fmt::format("connection reset: the link broke after {} bytes", limit));
    closeEnd(side);
}

void
LoopbackLink::armArrival(int side)
{
    auto& e = ends_[side];
    if (e.inFlight.empty() || e.arrivalTimer.pending())
        return;
    e.arrivalTimer.expiresAt(e.inFlight.front().arrival, [this, side] {
        auto self = shared_from_this();
        arrive(side);
    });
}

void
LoopbackLink::arrive(int side)
{
    int other = 1 - side;
    auto& e = ends_[side];
    auto& o = ends_[other];
    auto now = hub_.clock().now();
    while (!e.inFlight.empty() && e.inFlight.front().arrival <= now)
    {
        auto segment = std::move(e.inFlight.front());
        e.inFlight.pop_front();
        if (o.phase == Phase::Closed)
            continue; // nobody reads any more
        if (o.phase == Phase::Closing)
        {
            // A closing end discards what it reads; a reset ends its drain.
            if (segment.kind == Segment::Reset)
                closeEnd(other);
            continue;
        }
        if (segment.kind == Segment::Data)
            o.inbox.push_back(std::move(segment.bytes));
        else
            o.streamEnd = segment.kind;
    }
    armArrival(side);
    pump(other);
}

void
LoopbackLink::schedulePump(int side)
{
    ends_[side].pumpTimer.expiresAfter(ClockDuration{0}, [this, side] {
        auto self = shared_from_this();
        pump(side);
    });
}

void
LoopbackLink::pump(int side)
{
    auto& r = ends_[side];
    while (r.phase == Phase::Open && !r.paused && !r.inbox.empty())
    {
        auto const& chunk = r.inbox.front();
        auto step = r.reader.consume(std::span<uint8_t const>(chunk).subspan(r.inboxOffset));
        r.inboxOffset += step.consumed;
        if (r.inboxOffset == chunk.size())
        {
            r.inbox.pop_front();
            r.inboxOffset = 0;
        }
        if (step.status == FrameReader::Status::BadLength)
            return fail(side, TransportError::BadFrameLength,
                        fmt::format("message size unacceptable: {} (limit {})", r.reader.badLength(),
                                    r.reader.maxFrameSize()));
        if (step.status == FrameReader::Status::FrameReady)
            r.handler->onFrame(r.reader.takeFrame()); // may pause, close or destroy our transport
    }
    if (r.phase != Phase::Open || !r.streamEnd)
        return;
    // A reset is not held back by pauseReading(); an end of stream is read in
    // order, after the frames before it.
    if (*r.streamEnd == Segment::Reset)
        return fail(side, TransportError::ReadFailed, "connection reset by peer");
    if (r.paused || !r.inbox.empty())
        return;
    if (r.reader.midFrame())
        return fail(side, TransportError::RemoteClosed,
                    fmt::format("end of stream in the middle of a frame ({} body bytes missing)",
                                r.reader.missingBodyBytes()));
    fail(side, TransportError::RemoteClosed, "end of stream");
}

void
LoopbackLink::maybeSendFin(int side)
{
    auto& e = ends_[side];
    if (e.phase == Phase::Closing && (e.queue.empty() || e.broken))
        closeEnd(side);
}

void
LoopbackLink::closeEnd(int side)
{
    auto& e = ends_[side];
    if (e.phase == Phase::Closed)
        return;
    e.phase = Phase::Closed;
    e.handler = nullptr;
    e.drainTimer.cancel();
    e.dialTimer.cancel();
    e.pumpTimer.cancel();
    e.transmitTimer.cancel();
    e.queue.clear();
    e.inbox.clear();
    e.inboxOffset = 0;
    // Bytes already on the link keep going; the FIN follows them.
    if (e.connected && !e.broken && !e.finSent)
    {
        e.finSent = true;
        putOnLink(side, {}, Segment::Fin);
    }
}

void
LoopbackLink::fail(int side, TransportError error, std::string const& detail)
{
    auto* handler = std::exchange(ends_[side].handler, nullptr);
    closeEnd(side);
    if (handler)
        handler->onTransportError(error, detail);
}

}
