#include "overlay/DropCause.h"

#include <gtest/gtest.h>

using namespace stellar;

TEST(DropCause, ReasonsAreStellarCoresWords)
{
    EXPECT_EQ(dropReason(DropCause::IdleTimeout, ""), "idle timeout");
    EXPECT_EQ(dropReason(DropCause::Straggling, ""), "straggling (cannot keep up)");
    EXPECT_EQ(dropReason(DropCause::NoOutboundCapacityTimeout, ""), "idle timeout (no new flood requests)");
    EXPECT_EQ(dropReason(DropCause::MessageBeforeHandshake, "SCP_MESSAGE"),
              "received SCP_MESSAGE before completed handshake");
    EXPECT_EQ(dropReason(DropCause::AlreadyConnected, "GABCD"), "already-connected peer: GABCD");
    EXPECT_EQ(dropReason(DropCause::RandomDisconnectOutOfSync, ""), "random disconnect due to out of sync");
    EXPECT_EQ(dropReason(DropCause::PreferredPeerSelected, ""), "preferred peer selected instead");
}

TEST(DropCause, G15_ErrorTextIsCappedAt100BytesAtACharacterBoundary)
{
    EXPECT_EQ(truncateErrorText("short"), "short");
    EXPECT_EQ(truncateErrorText(std::string(100, 'a')), std::string(100, 'a'));
    EXPECT_EQ(truncateErrorText(std::string(150, 'a')), std::string(100, 'a'));
    // 99 ASCII bytes then a 3-byte character (U+20AC, "€") spanning bytes 99..101.
    std::string text = std::string(99, 'a') + "\xE2\x82\xAC" + "tail";
    EXPECT_EQ(truncateErrorText(text), std::string(99, 'a'));
    // 98 bytes then a 2-byte character fits exactly in 100.
    std::string fits = std::string(98, 'a') + "\xC3\xA9" + "tail";
    EXPECT_EQ(truncateErrorText(fits), std::string(98, 'a') + "\xC3\xA9");
}
