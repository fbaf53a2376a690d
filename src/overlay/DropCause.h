#pragma once
// Every way a connection ends, as a value, and one table that says all there
// is to know about each: stellar-core's words for it (its drop reason or
// ERROR_MSG text, so that logs and peers read the same in both
// implementations), the metric that counts it, the ERROR_MSG code the remote
// gets first (none: a silent drop, as stellar-core drops), whether it is the
// remote's protocol failure (overlay/PeerFailures.h), and who ended it.
// Peer::drop reads the table; no drop site says any of this again.

#include "xdr/StellarXdr.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stellar
{

enum class DropCause : uint8_t
{
    IdleTimeout,
    NoOutboundCapacityTimeout,
    Straggling,
    BadAuthCert,
    NoRemoteAddress,
    Banned,
    MessageBeforeHandshake,
    PeersFromInitiator,
    TooManyPeersMessages,
    UnexpectedHello,
    FloodAtCapacity,
    LegacySendMore,
    InvalidSendMoreExtended,
    CapacityOverflow,
    BadCrypto,
    ConnectFailed,
    ReadError,
    WriteError,
    PendingInboundFull,
    PendingInboundEvicted,
    RemoteError,
    UnexpectedAuthSequence,
    ReceiveMacKeyZero,
    UnexpectedMac,
    CorruptXdr,
    WrongProtocolVersion,
    ConnectingToSelf,
    WrongNetwork,
    BadAddress,
    AlreadyConnected,
    FlowControlBytesDisabled,
    OutOfOrderAuth,
    PeerRejected,
    PreferredPeerSelected,
    RandomDisconnectOutOfSync,
    UnexplainedFloodTraffic,
    Shutdown,
    DroppedByUser,
    SurveyBadSignature,
};

enum class DropDirection : uint8_t
{
    WE_DROPPED_REMOTE,
    REMOTE_DROPPED_US
};

struct DropCauseRow
{
    DropCause cause;
    // stellar-core's text. A detail goes where "{}" stands, or else after ": ".
    std::string_view text;
    // The drop counter is overlay.drop.<metric>.
    std::string_view metric;
    // Sent as ERROR_MSG (with the text) before the connection closes.
    std::optional<ErrorCode> errorCode;
    // The remote broke the protocol: counts towards an automatic ban once the
    // remote proved its key (G10; the policy is in PeerFailures.h).
    bool protocolFailure;
    DropDirection direction;
};

// One row per DropCause, in the enum's order.
std::span<DropCauseRow const> dropCauseTable();
DropCauseRow const& dropCauseRow(DropCause cause);

// The full reason: the row's text with `detail` in it (see DropCauseRow::text).
std::string dropReason(DropCause cause, std::string_view detail = {});

// ERROR_MSG.msg is a string<100>: longer text is cut to at most 100 bytes,
// never inside a UTF-8 character (G15).
inline constexpr std::size_t MAX_ERROR_MESSAGE_BYTES = 100;
std::string truncateErrorText(std::string_view text);

}
