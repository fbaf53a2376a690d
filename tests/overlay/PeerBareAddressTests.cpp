#include "overlay/PeerBareAddress.h"

#include <gtest/gtest.h>

#include <unordered_set>

using namespace stellar;

namespace
{

PeerBareAddress
addr(std::string_view text)
{
    auto a = PeerBareAddress::parse(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(*PeerBareAddress::parse("0.0.0.0:1"));
}

}

TEST(PeerBareAddress, ParsesDottedQuadAndPort)
{
    auto a = addr("54.211.174.177:11625");
    EXPECT_EQ(a.ip(), "54.211.174.177");
    EXPECT_EQ(a.port(), 11625);
    EXPECT_EQ(a.toString(), "54.211.174.177:11625");
    EXPECT_EQ(a.ipv4Bytes(), (std::array<uint8_t, 4>{54, 211, 174, 177}));
    EXPECT_EQ(addr("0.0.0.0:1").toString(), "0.0.0.0:1");
    EXPECT_EQ(addr("255.255.255.255:65535").toString(), "255.255.255.255:65535");
}

TEST(PeerBareAddress, DefaultPortAppliesOnlyWhenThePortIsMissing)
{
    EXPECT_EQ(PeerBareAddress::parse("1.2.3.4", 11625)->toString(), "1.2.3.4:11625");
    EXPECT_EQ(PeerBareAddress::parse("1.2.3.4:7", 11625)->toString(), "1.2.3.4:7");
    EXPECT_EQ(PeerBareAddress::parse("1.2.3.4"), std::nullopt);
    EXPECT_EQ(PeerBareAddress::parse("1.2.3.4:", 11625), std::nullopt);
}

TEST(PeerBareAddress, RefusesWhatIsNotACanonicalIPv4AndPort)
{
    for (auto bad : {"", ":11625", "1.2.3:11625", "1.2.3.4.5:11625", "256.1.1.1:11625", "1.2.3.-4:11625",
                     "01.2.3.4:11625", "1.2.3.00:11625", "1..3.4:11625", "1.2.3.4:0", "1.2.3.4:65536",
                     "1.2.3.4:011625", "1.2.3.4:+1", "1.2.3.4:1:2", " 1.2.3.4:1", "1.2.3.4:1 ", "1.2.3.4 :1",
                     "localhost:11625", "core-live-a.stellar.org:11625", "[::1]:11625", "::1", "1.2.3.4:99999999999"})
    {
        EXPECT_EQ(PeerBareAddress::parse(bad), std::nullopt) << '"' << bad << '"';
    }
}

// PEERS entries carry four bytes and a uint32 port; core drops ports 0 and
// above 65535 on receipt.
TEST(PeerBareAddress, FromIPv4BytesRefusesPortsOutsideOneTo65535)
{
    EXPECT_EQ(PeerBareAddress::fromIPv4({1, 2, 3, 4}, 11625)->toString(), "1.2.3.4:11625");
    EXPECT_EQ(PeerBareAddress::fromIPv4({1, 2, 3, 4}, 0), std::nullopt);
    EXPECT_EQ(PeerBareAddress::fromIPv4({1, 2, 3, 4}, 65536), std::nullopt);
    EXPECT_EQ(PeerBareAddress::fromIPv4({1, 2, 3, 4}, 65535)->port(), 65535);
}

// core: PeerBareAddress::isPrivate. Loopback is not private (E09).
TEST(PeerBareAddress, PrivateRangesAreTheThreeRfc1918Blocks)
{
    for (auto inside : {"10.0.0.0:1", "10.255.255.255:1", "172.16.0.0:1", "172.31.255.255:1", "192.168.0.0:1",
                        "192.168.255.255:1"})
    {
        EXPECT_TRUE(addr(inside).isPrivate()) << inside;
    }
    for (auto outside : {"9.255.255.255:1", "11.0.0.0:1", "172.15.255.255:1", "172.32.0.0:1", "192.167.255.255:1",
                         "192.169.0.0:1", "127.0.0.1:1", "0.0.0.0:1", "8.8.8.8:1"})
    {
        EXPECT_FALSE(addr(outside).isPrivate()) << outside;
    }
}

TEST(PeerBareAddress, LocalhostIsAll127Slash8)
{
    EXPECT_TRUE(addr("127.0.0.1:11625").isLocalhost());
    EXPECT_TRUE(addr("127.255.3.4:11625").isLocalhost());
    EXPECT_FALSE(addr("126.255.255.255:11625").isLocalhost());
    EXPECT_FALSE(addr("128.0.0.1:11625").isLocalhost());
}

TEST(PeerBareAddress, EqualityOrderAndHashUseIpAndPort)
{
    EXPECT_EQ(addr("1.2.3.4:1"), addr("1.2.3.4:1"));
    EXPECT_NE(addr("1.2.3.4:1"), addr("1.2.3.4:2"));
    EXPECT_NE(addr("1.2.3.4:1"), addr("1.2.3.5:1"));
    EXPECT_LT(addr("1.2.3.4:2"), addr("1.2.3.5:1"));
    EXPECT_LT(addr("1.2.3.4:1"), addr("1.2.3.4:2"));
    std::unordered_set<PeerBareAddress> set{addr("1.2.3.4:1"), addr("1.2.3.4:1"), addr("1.2.3.4:2")};
    EXPECT_EQ(set.size(), 2u);
    EXPECT_EQ(set.count(addr("1.2.3.4:2")), 1u);
}
