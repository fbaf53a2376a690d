// In-memory transports under a Virtual clock: every timeline is exact.

#include "net/LoopbackNetwork.h"
#include "net/RecordMark.h"
#include "net/RecordingHandler.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

using namespace stellar;
using namespace std::chrono_literals;

namespace
{
using Bytes = std::vector<uint8_t>;
using Timeline = std::vector<TransportEvent>;
constexpr uint16_t PEER_PORT = 11625;

// Node a (127.0.0.1) dials node b (127.0.0.2), which listens on PEER_PORT.
struct LoopbackPair
{
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork a{hub};
    LoopbackNetwork b{hub};
    RecordingHandler dialer{clock};
    RecordingHandler acceptor{clock};
    std::unique_ptr<Transport> out;
    std::unique_ptr<Transport> in;
    std::vector<ClockDuration> acceptedAt;
    bool startAccepted = true;

    void listen()
    {
        b.listen(PEER_PORT, [this](std::unique_ptr<Transport> t) {
            acceptedAt.push_back(clock.now() - ClockTime{});
            in = std::move(t);
            if (startAccepted)
                in->start(acceptor);
        });
    }

    // Dials and cranks until both ends are up; the recorders' time origin is
    // then the moment the connection is established.
    void connect()
    {
        listen();
        out = a.connect(b.localIp(), PEER_PORT);
        out->start(dialer);
        ASSERT_TRUE(clock.crankUntil([&] { return dialer.connected && in; }, 10s));
        dialer.events.clear();
        dialer.restartClock();
        acceptor.restartClock();
    }

    LoopbackTransport& outLink() { return static_cast<LoopbackTransport&>(*out); }
    LoopbackTransport& inLink() { return static_cast<LoopbackTransport&>(*in); }
};

Bytes
bytes(std::size_t n, uint8_t first = 1)
{
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<uint8_t>(first + i);
    return b;
}
}

TEST(Loopback, LatencyIsHonouredExactlyInVirtualTime)
{
    LoopbackPair p;
    p.a.setLinkOptions({.latency = 200ms});
    p.b.setLinkOptions({.latency = 200ms});
    p.listen();
    auto start = p.clock.now();
    p.dialer.restartClock();
    p.acceptor.restartClock();
    p.dialer.afterConnected = [&] {
        p.out->send(bytes(10));
        p.out->send(bytes(20));
    };
    bool replied = false;
    p.acceptor.afterFrame = [&](Bytes const&) {
        if (!std::exchange(replied, true))
            p.in->send(bytes(3));
    };
    p.out = p.a.connect(p.b.localIp(), PEER_PORT);
    p.out->start(p.dialer);
    p.clock.crankFor(1s);

    EXPECT_EQ(p.acceptedAt, (std::vector<ClockDuration>{(start - ClockTime{}) + 200ms}));
    EXPECT_EQ(p.dialer.events, (Timeline{{200ms, "connected"}, {200ms, "written 2"}, {600ms, "frame 3"}}));
    EXPECT_EQ(p.acceptor.events, (Timeline{{400ms, "frame 10"}, {400ms, "frame 20"}, {400ms, "written 1"}}));
    EXPECT_EQ(p.acceptor.frames[1], bytes(20));
}

TEST(Loopback, AddressesLookLikeTcps)
{
    LoopbackPair p;
    p.connect();
    EXPECT_EQ(p.a.localIp(), "127.0.0.1");
    EXPECT_EQ(p.out->remoteIp(), "127.0.0.2");
    EXPECT_EQ(p.out->remotePort(), PEER_PORT);
    EXPECT_EQ(p.in->remoteIp(), "127.0.0.1");
    EXPECT_EQ(p.in->remotePort(), 49152); // the dialer's ephemeral port
}

TEST(Loopback, BandwidthSpacesFramesBySizeOverRate)
{
    LoopbackPair p;
    p.connect();
    p.a.setLinkOptions({.latency = 100ms, .bandwidthBytesPerSecond = 1000});
    p.out->send(bytes(496)); // 500 bytes on the wire
    p.out->send(bytes(246)); // 250
    p.clock.crankFor(2s);
    EXPECT_EQ(p.dialer.events, (Timeline{{500ms, "written 1"}, {750ms, "written 1"}}));
    EXPECT_EQ(p.acceptor.events, (Timeline{{600ms, "frame 496"}, {850ms, "frame 246"}}));
}

TEST(Loopback, CorkedConnectionQueuesUntilUncorked)
{
    LoopbackPair p;
    p.connect();
    p.outLink().setLinkOptions({.corked = true});
    for (int i = 0; i < 3; ++i)
        p.out->send(bytes(10));
    p.clock.crankFor(10s);
    EXPECT_EQ(p.acceptor.frames.size(), 0u);
    EXPECT_EQ(p.out->queuedFrames(), 3u);
    EXPECT_EQ(p.out->queuedBytes(), 3u * (10 + RECORD_MARK_SIZE));
    EXPECT_EQ(p.dialer.written, 0u);

    p.outLink().setLinkOptions({});
    p.clock.crankFor(1s);
    EXPECT_EQ(p.dialer.events, (Timeline{{10s, "written 3"}}));
    EXPECT_EQ(p.acceptor.events, (Timeline{{10s, "frame 10"}, {10s, "frame 10"}, {10s, "frame 10"}}));
    EXPECT_EQ(p.out->queuedFrames(), 0u);
    EXPECT_EQ(p.out->queuedBytes(), 0u);
}

TEST(Loopback, CorkingANetworkReachesItsLiveConnections)
{
    LoopbackPair p;
    p.connect();
    p.b.setLinkOptions({.corked = true});
    p.in->send(bytes(7));
    p.clock.crankFor(3s);
    EXPECT_EQ(p.dialer.frames.size(), 0u);
    p.b.setLinkOptions({});
    p.clock.crankFor(1s);
    EXPECT_EQ(p.dialer.events, (Timeline{{3s, "frame 7"}}));
}

TEST(Loopback, DamageInvertsOneByteOfTheStream)
{
    LoopbackPair p;
    p.connect();
    // Offset 6 is the third body byte of the first frame (after its 4-byte mark).
    p.outLink().setLinkOptions({.damageByteAt = 6});
    p.out->send(Bytes{1, 2, 3, 4});
    p.out->send(Bytes{1, 2, 3, 4});
    p.clock.crankFor(1s);
    ASSERT_EQ(p.acceptor.frames.size(), 2u);
    EXPECT_EQ(p.acceptor.frames[0], (Bytes{1, 2, 0xFC, 4}));
    EXPECT_EQ(p.acceptor.frames[1], (Bytes{1, 2, 3, 4}));
    EXPECT_EQ(p.outLink().bytesSent(), 16u);
}

TEST(Loopback, DamagedRecordMarkIsABadFrameLength)
{
    LoopbackPair p;
    p.connect();
    p.outLink().setLinkOptions({.damageByteAt = 0}); // 0x80 -> 0x7F: announces 2130706436 bytes
    p.out->send(bytes(4));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "error BadFrameLength"}}));
    EXPECT_EQ(p.acceptor.detail, "message size unacceptable: 2130706436 (limit 4096)");
    // The reader closed its end, so the dialer sees the stream end.
    EXPECT_EQ(p.dialer.events, (Timeline{{0s, "written 1"}, {0s, "error RemoteClosed"}}));
}

TEST(Loopback, DropAfterBytesBreaksTheConnectionForBothEnds)
{
    LoopbackPair p;
    p.connect();
    p.outLink().setLinkOptions({.latency = 50ms, .dropAfterBytes = 5 * 104});
    for (int i = 0; i < 10; ++i)
        p.out->send(bytes(100));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.dialer.events, (Timeline{{0s, "error WriteFailed"}}));
    EXPECT_EQ(p.dialer.detail, "connection reset: the link broke after 520 bytes");
    Timeline expected(5, TransportEvent{50ms, "frame 100"});
    expected.push_back({50ms, "error ReadFailed"});
    EXPECT_EQ(p.acceptor.events, expected);
    EXPECT_EQ(p.outLink().bytesSent(), 520u);
}

TEST(Loopback, DropAfterBytesInsideAFrameDeliversOnlyWholeFrames)
{
    LoopbackPair p;
    p.connect();
    p.outLink().setLinkOptions({.dropAfterBytes = 500});
    for (int i = 0; i < 10; ++i)
        p.out->send(bytes(100));
    p.in->send(bytes(9)); // the reverse direction dies with the link
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.frames.size(), 4u);
    EXPECT_EQ(p.acceptor.error, TransportError::ReadFailed);
    EXPECT_EQ(p.dialer.frames.size(), 0u);
    EXPECT_EQ(p.dialer.error, TransportError::WriteFailed);
}

TEST(Loopback, DialingAnAddressNobodyListensOnFailsThroughTheLoop)
{
    LoopbackPair p;
    p.a.setLinkOptions({.latency = 100ms});
    p.out = p.a.connect("127.0.0.9", 1);
    p.out->start(p.dialer);
    EXPECT_EQ(p.dialer.errors, 0); // never from inside start()
    p.clock.crankFor(1s);
    EXPECT_EQ(p.dialer.events, (Timeline{{100ms, "error ConnectFailed"}}));
    EXPECT_EQ(p.dialer.detail, "connection refused: nothing listens on 127.0.0.9:1");
}

TEST(Loopback, SendDoesNotCallBackSynchronously)
{
    LoopbackPair p;
    p.connect();
    p.out->send(bytes(5));
    EXPECT_EQ(p.dialer.written, 0u);
    EXPECT_EQ(p.acceptor.frames.size(), 0u);
    p.clock.crank();
    EXPECT_EQ(p.dialer.written, 1u);
}

TEST(Loopback, CloseWritesWhatIsQueuedThenEndsTheStream)
{
    LoopbackPair p;
    p.connect();
    for (int i = 0; i < 5; ++i)
        p.out->send(bytes(30));
    p.out->close();
    p.clock.crankFor(1s);
    Timeline expected(5, TransportEvent{0s, "frame 30"});
    expected.push_back({0s, "error RemoteClosed"});
    EXPECT_EQ(p.acceptor.events, expected);
    EXPECT_EQ(p.acceptor.detail, "end of stream");
    EXPECT_EQ(p.dialer.events, Timeline{}); // no callback after close()
}

TEST(Loopback, ATransportDestroyedAfterCloseKeepsDraining)
{
    LoopbackPair p;
    p.connect();
    p.a.setLinkOptions({.bandwidthBytesPerSecond = 100});
    for (int i = 0; i < 3; ++i)
        p.out->send(bytes(96));
    p.out->close();
    p.out.reset();
    p.clock.crankFor(10s);
    EXPECT_EQ(p.acceptor.events,
              (Timeline{{1s, "frame 96"}, {2s, "frame 96"}, {3s, "frame 96"}, {3s, "error RemoteClosed"}}));
}

TEST(Loopback, CloseGivesUpAfterCloseDrainTimeout)
{
    LoopbackPair p;
    p.connect();
    p.outLink().setLinkOptions({.corked = true});
    p.out->send(bytes(30));
    p.out->close();
    p.clock.crankFor(20s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{CLOSE_DRAIN_TIMEOUT, "error RemoteClosed"}}));
}

TEST(Loopback, DestroyingWithoutCloseDropsTheQueueAtOnce)
{
    LoopbackPair p;
    p.connect();
    for (int i = 0; i < 5; ++i)
        p.out->send(bytes(30));
    p.out.reset();
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "error RemoteClosed"}}));
}

TEST(Loopback, RemoteCloseInTheMiddleOfAFrameSaysSo)
{
    LoopbackPair p;
    p.connect();
    // The link breaks (for the sender) 10 bytes into a 100-byte body; what
    // the reader sees is a reset, not a clean end.
    p.outLink().setLinkOptions({.dropAfterBytes = 14});
    p.out->send(bytes(100));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "error ReadFailed"}}));
    EXPECT_EQ(p.acceptor.detail, "connection reset by peer");
}

TEST(Loopback, PausedReaderHoldsFramesAndTheEndOfStreamBehindThem)
{
    LoopbackPair p;
    p.connect();
    p.acceptor.afterFrame = [&](Bytes const&) {
        if (p.acceptor.frames.size() == 2)
            p.in->pauseReading();
    };
    for (int i = 0; i < 5; ++i)
        p.out->send(bytes(10 + i));
    p.out->close();
    p.clock.crankFor(10s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "frame 10"}, {0s, "frame 11"}}));

    p.in->resumeReading();
    EXPECT_EQ(p.acceptor.frames.size(), 2u); // delivery waits for the loop
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "frame 10"},
                                           {0s, "frame 11"},
                                           {10s, "frame 12"},
                                           {10s, "frame 13"},
                                           {10s, "frame 14"},
                                           {10s, "error RemoteClosed"}}));
}

TEST(Loopback, RaisingTheLimitInsideOnFrameCoversTheNextFrame)
{
    LoopbackPair p;
    p.connect();
    p.acceptor.afterFrame = [&](Bytes const&) { p.in->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE); };
    p.out->send(bytes(40));
    p.out->send(bytes(5000));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "frame 40"}, {0s, "frame 5000"}}));
}

TEST(Loopback, FrameOverTheUnauthenticatedLimitIsRefused)
{
    LoopbackPair p;
    p.connect();
    p.out->send(bytes(40));
    p.out->send(bytes(5000));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "frame 40"}, {0s, "error BadFrameLength"}}));
    EXPECT_EQ(p.acceptor.detail, "message size unacceptable: 5000 (limit 4096)");
}

TEST(Loopback, RejectedInboundIsClosedSilently)
{
    LoopbackPair p;
    p.b.listen(PEER_PORT, [](std::unique_ptr<Transport>) {}); // E25: dropped on the floor
    p.out = p.a.connect(p.b.localIp(), PEER_PORT);
    p.out->send(bytes(8));
    p.out->start(p.dialer);
    p.clock.crankFor(1s);
    EXPECT_EQ(p.dialer.events, (Timeline{{0s, "connected"}, {0s, "error RemoteClosed"}}));
    EXPECT_EQ(p.dialer.frames.size(), 0u);
}

TEST(Loopback, AcceptedTransportBuffersUntilStarted)
{
    LoopbackPair p;
    p.startAccepted = false;
    p.connect();
    p.out->send(bytes(8));
    p.clock.crankFor(2s);
    EXPECT_EQ(p.acceptor.frames.size(), 0u);
    p.in->start(p.acceptor);
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{2s, "frame 8"}}));
}

TEST(Loopback, HandlerMayDestroyItsTransportInsideOnFrame)
{
    LoopbackPair p;
    p.connect();
    p.acceptor.afterFrame = [&](Bytes const&) { p.in.reset(); };
    for (int i = 0; i < 3; ++i)
        p.out->send(bytes(8));
    p.clock.crankFor(1s);
    EXPECT_EQ(p.acceptor.events, (Timeline{{0s, "frame 8"}}));
    EXPECT_EQ(p.dialer.error, TransportError::RemoteClosed);
}

TEST(Loopback, ListeningTwiceOnOneAddressIsRefusedWithASentence)
{
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork one{hub, "10.0.0.1"};
    LoopbackNetwork two{hub, "10.0.0.1"};
    one.listen(PEER_PORT, [](std::unique_ptr<Transport>) {});
    try
    {
        two.listen(PEER_PORT, [](std::unique_ptr<Transport>) {});
        FAIL() << "expected a refusal";
    }
    catch (std::runtime_error const& e)
    {
        EXPECT_STREQ(e.what(), "cannot listen on 10.0.0.1:11625: the address is already in use");
    }
    EXPECT_EQ(two.listen(0, [](std::unique_ptr<Transport>) {}), 30000);
}

// 64 nodes, one hub, one clock: node 2k dials node 2k+1 and each side sends
// ten frames; every frame arrives, in order, on the right connection.
TEST(Loopback, SixtyFourNodesShareOneHub)
{
    constexpr int NODES = 64;
    constexpr int FRAMES = 10;
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    struct Node
    {
        std::unique_ptr<LoopbackNetwork> net;
        std::unique_ptr<RecordingHandler> handler;
        std::unique_ptr<Transport> transport;
    };
    std::vector<Node> nodes(NODES);
    for (int i = 0; i < NODES; ++i)
    {
        auto& n = nodes[i];
        n.net = std::make_unique<LoopbackNetwork>(hub);
        n.net->setLinkOptions({.latency = std::chrono::milliseconds(1 + i)});
        n.handler = std::make_unique<RecordingHandler>(clock);
        n.net->listen(PEER_PORT, [&n](std::unique_ptr<Transport> t) {
            n.transport = std::move(t);
            n.transport->start(*n.handler);
            for (int f = 0; f < FRAMES; ++f)
                n.transport->send(patternBody(16 + f, 1000 + f));
        });
    }
    for (int i = 0; i < NODES; i += 2)
    {
        auto& n = nodes[i];
        n.transport = n.net->connect(nodes[i + 1].net->localIp(), PEER_PORT);
        for (int f = 0; f < FRAMES; ++f)
            n.transport->send(patternBody(16 + f, f));
        n.transport->start(*n.handler);
    }
    ASSERT_TRUE(clock.crankUntil(
        [&] {
            for (auto const& n : nodes)
                if (n.handler->frames.size() < FRAMES)
                    return false;
            return true;
        },
        10s));
    for (int i = 0; i < NODES; ++i)
    {
        auto const& n = nodes[i];
        bool dialer = i % 2 == 0;
        for (int f = 0; f < FRAMES; ++f)
            EXPECT_EQ(n.handler->frames[f], patternBody(16 + f, dialer ? 1000 + f : f)) << "node " << i;
        EXPECT_EQ(n.handler->errors, 0);
        EXPECT_EQ(n.transport->remoteIp(), nodes[dialer ? i + 1 : i - 1].net->localIp());
    }
    EXPECT_EQ(nodes[63].net->localIp(), "127.0.0.64");
}

TEST(Loopback, SameScenarioSameTimeline)
{
    auto run = [] {
        LoopbackPair p;
        p.a.setLinkOptions({.latency = 7ms, .bandwidthBytesPerSecond = 12345});
        p.b.setLinkOptions({.latency = 3ms, .bandwidthBytesPerSecond = 999});
        p.connect();
        p.acceptor.afterFrame = [&](Bytes const& f) { p.in->send(Bytes(f.size() / 2 + 1, 7)); };
        for (int i = 0; i < 20; ++i)
            p.out->send(patternBody(100 + 37 * i, i));
        p.clock.crankFor(30s);
        auto timeline = p.dialer.events;
        timeline.insert(timeline.end(), p.acceptor.events.begin(), p.acceptor.events.end());
        return timeline;
    };
    auto first = run();
    // Each side: 20 frames written one at a time (limited bandwidth) and 20 read.
    EXPECT_EQ(first.size(), 80u);
    EXPECT_EQ(run(), first);
}
