#pragma once
// Every way a connection ends, as a value. The text of each is stellar-core's
// drop reason (or ERROR_MSG text), so that logs and peers read the same in
// both implementations; a cause with a detail ("already-connected peer: GABCD")
// appends it.

#include <cstdint>
#include <string>
#include <string_view>

namespace stellar
{

enum class DropCause : uint8_t
{
    // Silent drops (no ERROR_MSG).
    IdleTimeout,                 // "idle timeout"
    NoOutboundCapacityTimeout,   // "idle timeout (no new flood requests)"
    Straggling,                  // "straggling (cannot keep up)"
    BadAuthCert,                 // "failed to verify auth cert"
    NoRemoteAddress,             // "failed to determine remote address"
    Banned,                      // "node is banned"
    MessageBeforeHandshake,      // "received <TYPE> before completed handshake"
    PeersFromInitiator,          // "received PEERS"
    TooManyPeersMessages,        // "too many msgs PEERS"
    UnexpectedHello,             // "received unexpected HELLO"
    FloodAtCapacity,             // "unexpected flood message, peer at capacity"
    LegacySendMore,              // "unexpected message type SEND_MORE"
    InvalidSendMoreExtended,     // "invalid message SEND_MORE_EXTENDED"
    CapacityOverflow,            // "Peer capacity overflow"
    BadCrypto,                   // "Bad crypto request"
    ConnectFailed,               // "unable to connect: <why>"
    ReadError,                   // "error during read"
    WriteError,                  // "error during write"
    PendingInboundFull,          // "all pending inbound connections are taken"
    PendingOutboundFull,         // "all outbound connections taken"
    RemoteError,                 // "ERR_X (<sanitised text>)": the remote dropped us
    // Drops that send an ERROR_MSG first.
    UnexpectedAuthSequence,      // ERR_AUTH
    ReceiveMacKeyZero,           // ERR_AUTH
    UnexpectedMac,               // ERR_AUTH
    CorruptXdr,                  // ERR_DATA
    WrongProtocolVersion,        // ERR_CONF
    ConnectingToSelf,            // ERR_CONF
    WrongNetwork,                // ERR_CONF
    BadAddress,                  // ERR_CONF
    AlreadyConnected,            // ERR_CONF "already-connected peer: <short id>"
    FlowControlBytesDisabled,    // ERR_CONF
    OutOfOrderAuth,              // ERR_MISC
    PeerRejected,                // ERR_LOAD
    PreferredPeerSelected,       // ERR_LOAD
    RandomDisconnectOutOfSync,   // ERR_LOAD
    UnexplainedFloodTraffic,     // ERR_LOAD (G16, beyond stellar-core)
    InvalidSurveySignature,      // ERR_MISC
    Shutdown,                    // ERR_MISC
    DroppedByUser,               // ERR_MISC
};

enum class DropDirection : uint8_t
{
    WE_DROPPED_REMOTE,
    REMOTE_DROPPED_US
};

std::string_view coreText(DropCause cause);
// A short stable name for metrics and logs: "idle-timeout", "unexpected-mac".
std::string_view metricName(DropCause cause);
// The full reason: coreText, then ": detail" or the detail spliced in where
// stellar-core formats one.
std::string dropReason(DropCause cause, std::string_view detail);

// ERROR_MSG.msg is a string<100>: longer text is cut to at most 100 bytes,
// never inside a UTF-8 character (G15).
inline constexpr std::size_t MAX_ERROR_MESSAGE_BYTES = 100;
std::string truncateErrorText(std::string_view text);

}
