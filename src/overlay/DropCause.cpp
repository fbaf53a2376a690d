#include "overlay/DropCause.h"

#include <iterator>

namespace stellar
{

namespace
{

using enum DropCause;
constexpr auto WE = DropDirection::WE_DROPPED_REMOTE;
constexpr auto REMOTE = DropDirection::REMOTE_DROPPED_US;
constexpr std::optional<ErrorCode> SILENT;
constexpr bool FAILURE = true;
constexpr bool NO_FAILURE = false;

// clang-format off
constexpr DropCauseRow TABLE[]{
    // cause                    text                                          metric                           ERROR_MSG failure     direction
    {IdleTimeout,               "idle timeout",                               "idle-timeout",                  SILENT,   NO_FAILURE, WE},
    {NoOutboundCapacityTimeout, "idle timeout (no new flood requests)",       "no-outbound-capacity-timeout",  SILENT,   NO_FAILURE, WE},
    {Straggling,                "straggling (cannot keep up)",                "straggling",                    SILENT,   NO_FAILURE, WE},
    // Not a failure: the key is not proven before the cert checks (PeerFailures.h).
    {BadAuthCert,               "failed to verify auth cert",                 "bad-auth-cert",                 SILENT,   NO_FAILURE, WE},
    {NoRemoteAddress,           "failed to determine remote address",         "no-remote-address",             SILENT,   NO_FAILURE, WE},
    {Banned,                    "node is banned",                             "banned",                        SILENT,   NO_FAILURE, WE},
    {MessageBeforeHandshake,    "received {} before completed handshake",     "message-before-handshake",      SILENT,   FAILURE,    WE},
    {PeersFromInitiator,        "received PEERS",                             "peers-from-initiator",          SILENT,   FAILURE,    WE},
    {TooManyPeersMessages,      "too many msgs PEERS",                        "too-many-peers-messages",       SILENT,   FAILURE,    WE},
    {UnexpectedHello,           "received unexpected HELLO",                  "unexpected-hello",              SILENT,   FAILURE,    WE},
    {FloodAtCapacity,           "unexpected flood message, peer at capacity", "flood-at-capacity",             SILENT,   FAILURE,    WE},
    {LegacySendMore,            "unexpected message type SEND_MORE",          "legacy-send-more",              SILENT,   FAILURE,    WE},
    {InvalidSendMoreExtended,   "invalid message SEND_MORE_EXTENDED",         "invalid-send-more-extended",    SILENT,   FAILURE,    WE},
    {CapacityOverflow,          "Peer capacity overflow",                     "capacity-overflow",             SILENT,   FAILURE,    WE},
    {BadCrypto,                 "Bad crypto request",                         "bad-crypto",                    SILENT,   FAILURE,    WE},
    {ConnectFailed,             "unable to connect",                          "connect-failed",                SILENT,   NO_FAILURE, WE},
    {ReadError,                 "error during read",                          "read-error",                    SILENT,   NO_FAILURE, WE},
    {WriteError,                "error during write",                         "write-error",                   SILENT,   NO_FAILURE, WE},
    // Refused at accept, before it is a peer (E25: closed at once, silently).
    {PendingInboundFull,        "all pending inbound connections are taken",  "pending-inbound-full",          SILENT,   NO_FAILURE, WE},
    // Beyond stellar-core (overlay/Admission.h): a newcomer took its pending slot.
    {PendingInboundEvicted,     "evicted for a newer pending connection",     "pending-inbound-evicted",       SILENT,   NO_FAILURE, WE},
    // The remote's ERROR_MSG: "ERR_X (<sanitised text>)" (E32). Never its failure (G11).
    {RemoteError,               "{}",                                         "remote-error",                  SILENT,   NO_FAILURE, REMOTE},
    {UnexpectedAuthSequence,    "unexpected auth sequence",                   "unexpected-auth-sequence",      ERR_AUTH, FAILURE,    WE},
    {ReceiveMacKeyZero,         "receive mac key is zero",                    "receive-mac-key-zero",          ERR_AUTH, FAILURE,    WE},
    {UnexpectedMac,             "unexpected MAC",                             "unexpected-mac",                ERR_AUTH, FAILURE,    WE},
    {CorruptXdr,                "received corrupt XDR",                       "corrupt-xdr",                   ERR_DATA, FAILURE,    WE},
    {WrongProtocolVersion,      "wrong protocol version",                     "wrong-protocol-version",        ERR_CONF, FAILURE,    WE},
    {ConnectingToSelf,          "connecting to self",                         "connecting-to-self",            ERR_CONF, NO_FAILURE, WE},
    {WrongNetwork,              "wrong network passphrase",                   "wrong-network",                 ERR_CONF, FAILURE,    WE},
    {BadAddress,                "bad address",                                "bad-address",                   ERR_CONF, FAILURE,    WE},
    {AlreadyConnected,          "already-connected peer",                     "already-connected",             ERR_CONF, NO_FAILURE, WE},
    {FlowControlBytesDisabled,  "flow control bytes disabled",                "flow-control-bytes-disabled",   ERR_CONF, FAILURE,    WE},
    {OutOfOrderAuth,            "out-of-order AUTH message",                  "out-of-order-auth",             ERR_MISC, FAILURE,    WE},
    {PeerRejected,              "peer rejected",                              "peer-rejected",                 ERR_LOAD, NO_FAILURE, WE},
    {PreferredPeerSelected,     "preferred peer selected instead",            "preferred-peer-selected",       ERR_LOAD, NO_FAILURE, WE},
    {RandomDisconnectOutOfSync, "random disconnect due to out of sync",       "random-disconnect-out-of-sync", ERR_LOAD, NO_FAILURE, WE},
    // G16, beyond stellar-core.
    {UnexplainedFloodTraffic,   "too much unexplained flood traffic",         "unexplained-flood-traffic",     ERR_LOAD, FAILURE,    WE},
    {Shutdown,                  "shutdown",                                   "shutdown",                      ERR_MISC, NO_FAILURE, WE},
    {DroppedByUser,             "dropped by user",                            "dropped-by-user",               ERR_MISC, NO_FAILURE, WE},
    // core: SurveyManager::dropPeerIfSigInvalid (checked after the cheaper checks, E18).
    {SurveyBadSignature,        "Survey has invalid signature",               "survey-bad-signature",          ERR_MISC, FAILURE,    WE},
};
// clang-format on

// Row i describes cause i, and every cause has its row: a new DropCause does
// not compile until the table says what it is.
constexpr bool
inEnumOrder()
{
    for (std::size_t i = 0; i < std::size(TABLE); ++i)
        if (static_cast<std::size_t>(TABLE[i].cause) != i)
            return false;
    return true;
}
static_assert(inEnumOrder(), "dropCauseTable: rows must follow the DropCause enum");
static_assert(std::size(TABLE) == static_cast<std::size_t>(SurveyBadSignature) + 1, "dropCauseTable: a cause has no row");

}

std::span<DropCauseRow const>
dropCauseTable()
{
    return TABLE;
}

DropCauseRow const&
dropCauseRow(DropCause cause)
{
    return TABLE[static_cast<std::size_t>(cause)];
}

std::string
dropReason(DropCause cause, std::string_view detail)
{
    auto text = dropCauseRow(cause).text;
    if (auto at = text.find("{}"); at != std::string_view::npos)
        return std::string(text.substr(0, at)).append(detail).append(text.substr(at + 2));
    if (detail.empty())
        return std::string(text);
    return std::string(text).append(": ").append(detail);
}

std::string
truncateErrorText(std::string_view text)
{
    if (text.size() <= MAX_ERROR_MESSAGE_BYTES)
        return std::string(text);
    std::size_t end = MAX_ERROR_MESSAGE_BYTES;
    // text[end] is the first byte cut off; while it continues a character,
    // that character would be split: cut before its first byte.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end));
}

}
