// The drop-cause table, row by row: stellar-core's text, the metric, the
// ERROR_MSG code the remote gets first (or a silent drop), whether the cause
// is the remote's protocol failure (G10), and who ended the connection. The
// expected table is written out in full so that any change to a row shows
// here; the pure decisions around drops (PeerFailures) are checked on values.

#include "overlay/DropCause.h"
#include "overlay/PeerFailures.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

using namespace stellar;

namespace
{

struct Row
{
    DropCause cause;
    std::string_view text;
    std::string_view metric;
    std::optional<ErrorCode> code;
    bool failure;
    DropDirection direction;
};

using enum DropCause;
constexpr auto WE = DropDirection::WE_DROPPED_REMOTE;
constexpr auto REMOTE = DropDirection::REMOTE_DROPPED_US;
constexpr std::optional<ErrorCode> SILENT;

// clang-format off
std::vector<Row> const EXPECTED{
    {IdleTimeout,               "idle timeout",                               "idle-timeout",                  SILENT,   false, WE},
    {NoOutboundCapacityTimeout, "idle timeout (no new flood requests)",       "no-outbound-capacity-timeout",  SILENT,   false, WE},
    {Straggling,                "straggling (cannot keep up)",                "straggling",                    SILENT,   false, WE},
    {BadAuthCert,               "failed to verify auth cert",                 "bad-auth-cert",                 SILENT,   false, WE},
    {NoRemoteAddress,           "failed to determine remote address",         "no-remote-address",             SILENT,   false, WE},
    {Banned,                    "node is banned",                             "banned",                        SILENT,   false, WE},
    {MessageBeforeHandshake,    "received {} before completed handshake",     "message-before-handshake",      SILENT,   true,  WE},
    {PeersFromInitiator,        "received PEERS",                             "peers-from-initiator",          SILENT,   true,  WE},
    {TooManyPeersMessages,      "too many msgs PEERS",                        "too-many-peers-messages",       SILENT,   true,  WE},
    {UnexpectedHello,           "received unexpected HELLO",                  "unexpected-hello",              SILENT,   true,  WE},
    {FloodAtCapacity,           "unexpected flood message, peer at capacity", "flood-at-capacity",             SILENT,   true,  WE},
    {LegacySendMore,            "unexpected message type SEND_MORE",          "legacy-send-more",              SILENT,   true,  WE},
    {InvalidSendMoreExtended,   "invalid message SEND_MORE_EXTENDED",         "invalid-send-more-extended",    SILENT,   true,  WE},
    {CapacityOverflow,          "Peer capacity overflow",                     "capacity-overflow",             SILENT,   true,  WE},
    {BadCrypto,                 "Bad crypto request",                         "bad-crypto",                    SILENT,   true,  WE},
    {ConnectFailed,             "unable to connect",                          "connect-failed",                SILENT,   false, WE},
    {ReadError,                 "error during read",                          "read-error",                    SILENT,   false, WE},
    {WriteError,                "error during write",                         "write-error",                   SILENT,   false, WE},
    {PendingInboundFull,        "all pending inbound connections are taken",  "pending-inbound-full",          SILENT,   false, WE},
    {PendingInboundEvicted,     "evicted for a newer pending connection",     "pending-inbound-evicted",       SILENT,   false, WE},
    {RemoteError,               "{}",                                         "remote-error",                  SILENT,   false, REMOTE},
    {UnexpectedAuthSequence,    "unexpected auth sequence",                   "unexpected-auth-sequence",      ERR_AUTH, true,  WE},
    {ReceiveMacKeyZero,         "receive mac key is zero",                    "receive-mac-key-zero",          ERR_AUTH, true,  WE},
    {UnexpectedMac,             "unexpected MAC",                             "unexpected-mac",                ERR_AUTH, true,  WE},
    {CorruptXdr,                "received corrupt XDR",                       "corrupt-xdr",                   ERR_DATA, true,  WE},
    {WrongProtocolVersion,      "wrong protocol version",                     "wrong-protocol-version",        ERR_CONF, true,  WE},
    {ConnectingToSelf,          "connecting to self",                         "connecting-to-self",            ERR_CONF, false, WE},
    {WrongNetwork,              "wrong network passphrase",                   "wrong-network",                 ERR_CONF, true,  WE},
    {BadAddress,                "bad address",                                "bad-address",                   ERR_CONF, true,  WE},
    {AlreadyConnected,          "already-connected peer",                     "already-connected",             ERR_CONF, false, WE},
    {FlowControlBytesDisabled,  "flow control bytes disabled",                "flow-control-bytes-disabled",   ERR_CONF, true,  WE},
    {OutOfOrderAuth,            "out-of-order AUTH message",                  "out-of-order-auth",             ERR_MISC, true,  WE},
    {PeerRejected,              "peer rejected",                              "peer-rejected",                 ERR_LOAD, false, WE},
    {PreferredPeerSelected,     "preferred peer selected instead",            "preferred-peer-selected",       ERR_LOAD, false, WE},
    {RandomDisconnectOutOfSync, "random disconnect due to out of sync",       "random-disconnect-out-of-sync", ERR_LOAD, false, WE},
    {UnexplainedFloodTraffic,   "too much unexplained flood traffic",         "unexplained-flood-traffic",     ERR_LOAD, true,  WE},
    {Shutdown,                  "shutdown",                                   "shutdown",                      ERR_MISC, false, WE},
    {DroppedByUser,             "dropped by user",                            "dropped-by-user",               ERR_MISC, false, WE},
    {SurveyBadSignature,        "Survey has invalid signature",               "survey-bad-signature",          ERR_MISC, true,  WE},
};
// clang-format on

}

TEST(DropCause, EveryRowOfTheTableIsStellarCoresTextItsMetricCodeFailureAndDirection)
{
    auto table = dropCauseTable();
    ASSERT_EQ(table.size(), EXPECTED.size());
    std::set<std::string_view> metrics;
    for (std::size_t i = 0; i < table.size(); ++i)
    {
        auto const& row = table[i];
        auto const& want = EXPECTED[i];
        SCOPED_TRACE(want.metric);
        EXPECT_EQ(row.cause, want.cause);
        EXPECT_EQ(&dropCauseRow(want.cause), &row);
        EXPECT_EQ(row.text, want.text);
        EXPECT_EQ(row.metric, want.metric);
        EXPECT_EQ(row.errorCode, want.code);
        EXPECT_EQ(row.protocolFailure, want.failure);
        EXPECT_EQ(row.direction, want.direction);
        EXPECT_TRUE(metrics.insert(row.metric).second) << "metric used twice";
        // What goes out as ERROR_MSG fits its string<100> untouched.
        EXPECT_LE(dropReason(row.cause, "GABCD").size(), MAX_ERROR_MESSAGE_BYTES);
    }
}

TEST(DropCause, ADetailGoesWhereTheTextSaysOrAfterIt)
{
    EXPECT_EQ(dropReason(DropCause::IdleTimeout), "idle timeout");
    EXPECT_EQ(dropReason(DropCause::MessageBeforeHandshake, "SCP_MESSAGE"),
              "received SCP_MESSAGE before completed handshake");
    EXPECT_EQ(dropReason(DropCause::AlreadyConnected, "GABCD"), "already-connected peer: GABCD");
    EXPECT_EQ(dropReason(DropCause::ConnectFailed, "connection refused"), "unable to connect: connection refused");
    EXPECT_EQ(dropReason(DropCause::RemoteError, "ERR_LOAD (peer rejected)"), "ERR_LOAD (peer rejected)");
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

// G10: a protocol failure counts only once the key is proven and never for a
// preferred peer; any other drop of a peer that held a slot forgives.
TEST(PeerFailures, G10_AProtocolFailureCountsOnlyWithAProvenKeyAndNeverForAPreferredPeer)
{
    EXPECT_EQ(judgeDrop(DropCause::UnexpectedMac, /*provedKey=*/true, /*heldSlot=*/true, /*preferred=*/false),
              DropVerdict::Failure);
    EXPECT_EQ(judgeDrop(DropCause::UnexpectedMac, false, false, false), DropVerdict::Neutral);
    EXPECT_EQ(judgeDrop(DropCause::UnexpectedMac, true, true, true), DropVerdict::Neutral);
    EXPECT_EQ(judgeDrop(DropCause::IdleTimeout, true, true, false), DropVerdict::CleanSession);
    EXPECT_EQ(judgeDrop(DropCause::RemoteError, true, true, false), DropVerdict::CleanSession); // G11
    EXPECT_EQ(judgeDrop(DropCause::IdleTimeout, true, false, false), DropVerdict::Neutral);
}
