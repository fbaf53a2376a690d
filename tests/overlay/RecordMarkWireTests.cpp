// G14: record marking's bit 31 ("last fragment"). stellar-core sets it on
// every frame it writes and masks it off on receipt without looking at it;
// net/RecordMark.h is the one place in our tree that knows about it. Here a
// raw socket talks to a node over real TCP: it sends its HELLO with bit 31
// clear (the node must take it like any frame) and checks that the node's
// answer has bit 31 set. A second test holds the one-place rule over src/.

#include "net/RecordMark.h"
#include "net/TcpNetwork.h"
#include "support/ScriptedPeer.h"
#include "support/SourceTree.h"
#include "support/TestNode.h"
#include "xdr/Codec.h"

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

#include <regex>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

std::vector<uint8_t>
helloBody(ScriptedPeer& peer)
{
    StellarMessage msg;
    msg.type(HELLO);
    msg.hello() = peer.makeHello();
    xdr::XdrWriter w;
    w.writeUint32(0); // AuthenticatedMessage v0
    w.writeUint64(0); // sequence
    xdr::encode(w, msg);
    auto body = w.take();
    body.resize(body.size() + 32, 0); // HELLO carries a zero MAC
    return body;
}

}

TEST(RecordMarkOnTheWire, G14_NodeAcceptsBit31ClearAndAlwaysWritesItSet)
{
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    TestNode node(clock, network, testOverlayConfig());
    node.overlay().start();

    ScriptedPeerOptions options;
    options.networkPassphrase = TEST_NETWORK_PASSPHRASE;
    ScriptedPeer scripted(clock, options);
    auto body = helloBody(scripted);

    asio::ip::tcp::socket socket(clock.io());
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                           static_cast<uint16_t>(node.overlay().listeningPort())));
    std::vector<uint8_t> frame = {static_cast<uint8_t>(body.size() >> 24), static_cast<uint8_t>(body.size() >> 16),
                                  static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())};
    ASSERT_EQ(frame[0] & 0x80, 0); // bit 31 clear
    frame.insert(frame.end(), body.begin(), body.end());
    asio::write(socket, asio::buffer(frame));

    std::array<uint8_t, 4> header{};
    bool gotHeader = false;
    asio::async_read(socket, asio::buffer(header), [&](std::error_code ec, std::size_t) { gotHeader = !ec; });
    ASSERT_TRUE(clock.crankUntil([&] { return gotHeader; }, 5s));
    EXPECT_EQ(header[0] & 0x80, 0x80); // bit 31 set on what the node writes
    auto length = decodeRecordMark(header);
    ASSERT_GT(length, 0u);
    ASSERT_LE(length, MAX_UNAUTH_MESSAGE_SIZE);
    std::vector<uint8_t> reply(length);
    bool gotBody = false;
    asio::async_read(socket, asio::buffer(reply), [&](std::error_code ec, std::size_t) { gotBody = !ec; });
    ASSERT_TRUE(clock.crankUntil([&] { return gotBody; }, 5s));
    AuthenticatedMessage am;
    xdr::fromBytes(std::span<uint8_t const>(reply), am);
    EXPECT_EQ(am.v0().message.type(), HELLO); // our bit-31-clear HELLO was read and accepted
    EXPECT_TRUE(node.drops().empty());
    EXPECT_EQ(node.overlay().inboundPendingCount(), 1u);
}

// The rule "net/RecordMark.h is the only place that knows bit 31" as a check
// over the sources: no other file names the mark's flag or spells the bit.
TEST(RecordMarkOnTheWire, G14_Bit31IsHandledInOnePlaceOnly)
{
    std::regex bit31(R"(RECORD_MARK_LAST_FRAGMENT|0x80000000|1u? << 31|0x7[fF]{7}\b)");
    std::vector<std::string> offenders;
    int scanned = 0;
    forEachSourceFile(SO_SOURCE_DIR_PATH, {"src"}, {".h", ".cpp"}, [&](auto const& path, auto const& text) {
        ++scanned;
        auto name = path.filename().string();
        if (name != "RecordMark.h" && name != "RecordMark.cpp" && std::regex_search(text, bit31))
            offenders.push_back(path.string());
    });
    EXPECT_GT(scanned, 50);
    EXPECT_TRUE(offenders.empty()) << "bit 31 outside net/RecordMark: " << ::testing::PrintToString(offenders);
}
