// Real sockets on 127.0.0.1 with a Real clock. Waiting is always
// clock.crankUntil(condition, timeout): no sleeps.

#include "net/RecordMark.h"
#include "net/RecordingHandler.h"
#include "net/TcpNetwork.h"
#include "net/TcpTransport.h"

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <memory>
#include <vector>

using namespace stellar;
using namespace std::chrono_literals;

namespace
{
using Bytes = std::vector<uint8_t>;
constexpr ClockDuration WAIT = 20s; // a bound for failures, never reached when the code works

struct TcpPair
{
    Clock clock{Clock::Mode::Real};
    TcpNetwork server{clock, "127.0.0.1"};
    TcpNetwork client{clock, "127.0.0.1"};
    RecordingHandler dialer{clock};
    RecordingHandler acceptor{clock};
    std::unique_ptr<Transport> out;
    std::unique_ptr<Transport> in;
    uint16_t port = 0;

    void listen()
    {
        port = server.listen(0, [this](std::unique_ptr<Transport> t) {
            in = std::move(t);
            in->start(acceptor);
        });
    }

    void connect()
    {
        listen();
        out = client.connect("127.0.0.1", port);
        out->start(dialer);
        ASSERT_TRUE(clock.crankUntil([&] { return dialer.connected && in; }, WAIT));
    }

    bool crankUntil(std::function<bool()> const& done) { return clock.crankUntil(done, WAIT); }
};

// A plain socket that plays a misbehaving remote.
struct RawPeer
{
    explicit RawPeer(Clock& clock) : socket(clock.io()) {}

    void connect(uint16_t port)
    {
        socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port));
    }
    void write(Bytes const& bytes) { asio::write(socket, asio::buffer(bytes)); }
    // Reads until the other side closes; `closed` turns true then.
    void readUntilClosed()
    {
        buffer.resize(65536);
        socket.async_read_some(asio::buffer(buffer), [this](asio::error_code ec, std::size_t n) {
            if (ec)
            {
                closed = true;
                return;
            }
            received += n;
            readUntilClosed();
        });
    }

    asio::ip::tcp::socket socket;
    Bytes buffer;
    std::size_t received = 0;
    bool closed = false;
};

int
intOption(int fd, int level, int name)
{
    int value = -1;
    socklen_t length = sizeof(value);
    EXPECT_EQ(getsockopt(fd, level, name, &value, &length), 0);
    return value;
}

Bytes
concat(std::vector<Bytes> const& parts)
{
    Bytes out;
    for (auto const& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}
}

TEST(Tcp, ConnectAndAcceptWithTheSocketOptionsCoreSets)
{
    TcpPair p;
    p.connect();
    EXPECT_EQ(p.out->remoteIp(), "127.0.0.1");
    EXPECT_EQ(p.out->remotePort(), p.port);
    EXPECT_EQ(p.in->remoteIp(), "127.0.0.1");
    EXPECT_NE(p.in->remotePort(), 0);
    EXPECT_FALSE(p.acceptor.connected); // onConnected is for dials only

    for (auto* t : {p.out.get(), p.in.get()})
    {
        int fd = static_cast<TcpTransport&>(*t).nativeHandle();
        ASSERT_GE(fd, 0);
        EXPECT_EQ(intOption(fd, IPPROTO_TCP, TCP_NODELAY), 1);
        linger l{};
        socklen_t length = sizeof(l);
        ASSERT_EQ(getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &length), 0);
        EXPECT_EQ(l.l_onoff, 0); // E22: linger off, so close() sends FIN, not RST
    }
}

TEST(Tcp, TenThousandFramesOfMixedSizesArriveWholeAndInOrderBothWays)
{
    constexpr std::size_t FRAMES = 10'000;
    auto sizeOf = [](std::size_t i) -> std::size_t { return i % 997 == 0 ? 300'000 : 1 + (i * 7919) % 3000; };
    TcpPair p;
    p.connect();
    p.out->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    p.in->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    p.dialer.logWrites = p.acceptor.logWrites = false;
    std::size_t queued = 0;
    for (std::size_t i = 0; i < FRAMES; ++i)
    {
        p.out->send(patternBody(sizeOf(i), static_cast<uint32_t>(i)));
        p.in->send(patternBody(sizeOf(FRAMES - 1 - i), static_cast<uint32_t>(i + FRAMES)));
        queued += RECORD_MARK_SIZE + sizeOf(i);
    }
    EXPECT_LE(p.out->queuedBytes(), queued);
    ASSERT_TRUE(p.crankUntil([&] {
        return p.dialer.frames.size() == FRAMES && p.acceptor.frames.size() == FRAMES &&
               p.dialer.written == FRAMES && p.acceptor.written == FRAMES;
    }));
    for (std::size_t i = 0; i < FRAMES; ++i)
    {
        ASSERT_EQ(p.acceptor.frames[i], patternBody(sizeOf(i), static_cast<uint32_t>(i))) << i;
        ASSERT_EQ(p.dialer.frames[i], patternBody(sizeOf(FRAMES - 1 - i), static_cast<uint32_t>(i + FRAMES))) << i;
    }
    EXPECT_EQ(p.out->queuedBytes(), 0u);
    EXPECT_EQ(p.out->queuedFrames(), 0u);
    EXPECT_EQ(p.dialer.errors + p.acceptor.errors, 0);
}

TEST(Tcp, SixteenMiBFrameArrivesWhole)
{
    TcpPair p;
    p.connect();
    p.in->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    auto big = patternBody(MAX_MESSAGE_SIZE, 16);
    p.out->send(big);
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.frames.size() == 1; }));
    EXPECT_TRUE(p.acceptor.frames[0] == big);
    EXPECT_EQ(p.acceptor.errors, 0);
}

TEST(Tcp, HeaderOverTheLimitIsABadFrameLengthAndCloses)
{
    TcpPair p;
    p.listen();
    RawPeer raw{p.clock};
    raw.connect(p.port);
    ASSERT_TRUE(p.crankUntil([&] { return p.in != nullptr; }));
    raw.readUntilClosed();
    raw.write(Bytes{0x80, 0x00, 0x10, 0x01, 1, 2, 3});
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.errors == 1 && raw.closed; }));
    EXPECT_EQ(p.acceptor.error, TransportError::BadFrameLength);
    EXPECT_EQ(p.acceptor.detail, "message size unacceptable: 4097 (limit 4096)");
    EXPECT_EQ(raw.received, 0u);
}

TEST(Tcp, HeaderOfLengthZeroIsABadFrameLength)
{
    TcpPair p;
    p.listen();
    RawPeer raw{p.clock};
    raw.connect(p.port);
    ASSERT_TRUE(p.crankUntil([&] { return p.in != nullptr; }));
    raw.write(concat({encodeFrame(Bytes{9, 9}), Bytes{0x00, 0x00, 0x00, 0x00}}));
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.errors == 1; }));
    EXPECT_EQ(p.acceptor.frames, (std::vector<Bytes>{{9, 9}})); // bit 31 clear on the second is fine too
    EXPECT_EQ(p.acceptor.error, TransportError::BadFrameLength);
    EXPECT_EQ(p.acceptor.detail, "message size unacceptable: 0 (limit 4096)");
}

TEST(Tcp, RaisingTheLimitInsideOnFrameCoversTheFrameRightBehind)
{
    TcpPair p;
    p.listen();
    RawPeer raw{p.clock};
    raw.connect(p.port);
    ASSERT_TRUE(p.crankUntil([&] { return p.in != nullptr; }));
    p.acceptor.afterFrame = [&](Bytes const&) { p.in->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE); };
    raw.write(concat({encodeFrame(Bytes(40, 1)), encodeFrame(Bytes(5000, 2))})); // one write, one read
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.frames.size() == 2 || p.acceptor.errors > 0; }));
    EXPECT_EQ(p.acceptor.frames.size(), 2u);
    EXPECT_EQ(p.acceptor.errors, 0);
}

TEST(Tcp, ConnectToAClosedPortFails)
{
    TcpPair p;
    // A port that was just free: bind, note, close.
    asio::ip::tcp::acceptor probe(p.clock.io(), asio::ip::tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
    auto port = probe.local_endpoint().port();
    probe.close();
    p.out = p.client.connect("127.0.0.1", port);
    p.out->start(p.dialer);
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_EQ(p.dialer.error, TransportError::ConnectFailed);
    EXPECT_EQ(p.dialer.detail, "Connection refused");
    EXPECT_FALSE(p.dialer.connected);
}

TEST(Tcp, ConnectToSomethingThatIsNotAnIpv4AddressFailsThroughTheLoop)
{
    TcpPair p;
    p.out = p.client.connect("peer.example.org", 11625);
    p.out->start(p.dialer);
    EXPECT_EQ(p.dialer.errors, 0);
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_EQ(p.dialer.error, TransportError::ConnectFailed);
    EXPECT_EQ(p.dialer.detail, "'peer.example.org' is not an IPv4 address");
}

TEST(Tcp, RemoteClosingInTheMiddleOfAFrameIsReported)
{
    TcpPair p;
    p.listen();
    RawPeer raw{p.clock};
    raw.connect(p.port);
    ASSERT_TRUE(p.crankUntil([&] { return p.in != nullptr; }));
    auto frame = encodeFrame(Bytes(100, 3));
    raw.write(Bytes(frame.begin(), frame.begin() + 14)); // header and 10 of 100 body bytes
    raw.socket.shutdown(asio::ip::tcp::socket::shutdown_send);
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.errors == 1; }));
    EXPECT_EQ(p.acceptor.error, TransportError::RemoteClosed);
    EXPECT_EQ(p.acceptor.detail, "end of stream in the middle of a frame (90 body bytes missing)");
    EXPECT_TRUE(p.acceptor.frames.empty());
}

TEST(Tcp, CloseDeliversWhatWasQueuedThenFin)
{
    constexpr std::size_t FRAMES = 200; // 20 MB: far more than the kernel buffers
    TcpPair p;
    p.connect();
    p.out->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    for (std::size_t i = 0; i < FRAMES; ++i)
        p.in->send(patternBody(100'000, static_cast<uint32_t>(i)));
    p.in->close();
    EXPECT_EQ(p.acceptor.events, std::vector<TransportEvent>{});
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    ASSERT_EQ(p.dialer.frames.size(), FRAMES);
    for (std::size_t i = 0; i < FRAMES; ++i)
        ASSERT_EQ(p.dialer.frames[i], patternBody(100'000, static_cast<uint32_t>(i))) << i;
    EXPECT_EQ(p.dialer.error, TransportError::RemoteClosed);
    EXPECT_EQ(p.dialer.detail, "end of stream");
    EXPECT_TRUE(p.acceptor.events.empty()); // nothing after close(), not even onWritten
}

TEST(Tcp, AClosedTransportKeepsDrainingAfterItIsDestroyed)
{
    constexpr std::size_t FRAMES = 100;
    TcpPair p;
    p.connect();
    p.out->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    for (std::size_t i = 0; i < FRAMES; ++i)
        p.in->send(patternBody(100'000, static_cast<uint32_t>(i)));
    p.in->close();
    p.in.reset();
    EXPECT_EQ(p.server.drainingConnections(), 1u);
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_EQ(p.dialer.frames.size(), FRAMES);
    EXPECT_EQ(p.dialer.error, TransportError::RemoteClosed);
    // The dialer's end closed too, so the drained connection sees its FIN and goes.
    ASSERT_TRUE(p.crankUntil([&] { return p.server.drainingConnections() == 0; }));
}

TEST(Tcp, PausedReadingDeliversNothingUntilResumed)
{
    TcpPair p;
    p.connect();
    p.acceptor.afterFrame = [&](Bytes const&) {
        if (p.acceptor.frames.size() == 3)
            p.in->pauseReading();
    };
    for (int i = 0; i < 10; ++i)
        p.out->send(patternBody(50, i));
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.written == 10; }));
    for (int i = 0; i < 100; ++i)
        p.clock.crank(/*block=*/false);
    EXPECT_EQ(p.acceptor.frames.size(), 3u);

    p.in->resumeReading();
    EXPECT_EQ(p.acceptor.frames.size(), 3u); // never from inside resumeReading()
    ASSERT_TRUE(p.crankUntil([&] { return p.acceptor.frames.size() == 10; }));
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(p.acceptor.frames[i], patternBody(50, i));
}

TEST(Tcp, RejectedInboundIsClosedWithoutAByte)
{
    TcpPair p;
    p.port = p.server.listen(0, [](std::unique_ptr<Transport>) {}); // E25
    p.out = p.client.connect("127.0.0.1", p.port);
    p.out->start(p.dialer);
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_TRUE(p.dialer.connected);
    EXPECT_TRUE(p.dialer.frames.empty());
    EXPECT_EQ(p.dialer.error, TransportError::RemoteClosed);
}

TEST(Tcp, DestroyWhileABigWriteIsInFlight)
{
    TcpPair p;
    p.connect();
    p.out->setMaxIncomingFrameSize(MAX_MESSAGE_SIZE);
    p.in->send(patternBody(MAX_MESSAGE_SIZE, 1));
    p.in->send(patternBody(MAX_MESSAGE_SIZE, 2));
    EXPECT_EQ(p.in->queuedFrames(), 2u);
    // The first write is under way (part of it sits in the kernel). Destroying
    // the transport drops the queue under it; Asio's handler, which runs
    // later, must find nothing freed.
    p.in.reset();
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_LT(p.dialer.frames.size(), 2u);
    EXPECT_TRUE(p.dialer.error == TransportError::RemoteClosed || p.dialer.error == TransportError::ReadFailed);
}

TEST(Tcp, NetworkDestroyedWhileAClosedTransportIsDraining)
{
    Clock clock{Clock::Mode::Real};
    RecordingHandler dialer{clock};
    std::unique_ptr<Transport> out;
    {
        TcpNetwork server{clock, "127.0.0.1"};
        std::unique_ptr<Transport> in;
        RecordingHandler acceptor{clock};
        auto port = server.listen(0, [&](std::unique_ptr<Transport> t) {
            in = std::move(t);
            in->start(acceptor);
        });
        out = server.connect("127.0.0.1", port);
        out->start(dialer);
        ASSERT_TRUE(clock.crankUntil([&] { return dialer.connected && in; }, WAIT));
        out->pauseReading(); // nothing is read, so the drain cannot finish
        for (int i = 0; i < 20; ++i)
            in->send(patternBody(1'000'000, i));
        in->close();
        in.reset();
        EXPECT_EQ(server.drainingConnections(), 1u);
    } // the network goes, and closes what it was draining
    out->resumeReading();
    ASSERT_TRUE(clock.crankUntil([&] { return dialer.errors == 1; }, WAIT));
    EXPECT_LT(dialer.frames.size(), 20u);
}

TEST(Tcp, HandlerMayDestroyItsTransportInsideOnFrame)
{
    TcpPair p;
    p.connect();
    p.acceptor.afterFrame = [&](Bytes const&) { p.in.reset(); };
    p.out->send(Bytes{1});
    p.out->send(Bytes{2});
    p.out->send(Bytes{3});
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_EQ(p.acceptor.frames, (std::vector<Bytes>{{1}}));
    EXPECT_EQ(p.acceptor.errors, 0);
}

TEST(Tcp, ListeningOnABusyPortIsRefusedWithASentence)
{
    TcpPair p;
    p.listen();
    TcpNetwork other{p.clock, "127.0.0.1"};
    try
    {
        other.listen(p.port, [](std::unique_ptr<Transport>) {});
        FAIL() << "expected a refusal";
    }
    catch (std::runtime_error const& e)
    {
        EXPECT_EQ(std::string(e.what()), "cannot listen on 127.0.0.1:" + std::to_string(p.port) +
                                             ": Address already in use");
    }
    TcpNetwork bad{p.clock, "localhost"};
    EXPECT_THROW(bad.listen(0, [](std::unique_ptr<Transport>) {}), std::runtime_error);
}

TEST(Tcp, StoppedListenerRefusesNewConnections)
{
    TcpPair p;
    p.listen();
    p.server.stopListening();
    p.out = p.client.connect("127.0.0.1", p.port);
    p.out->start(p.dialer);
    ASSERT_TRUE(p.crankUntil([&] { return p.dialer.errors == 1; }));
    EXPECT_EQ(p.dialer.error, TransportError::ConnectFailed);
    EXPECT_EQ(p.in, nullptr);
}
