#include "overlay/DropCause.h"

#include <fmt/format.h>

namespace stellar
{

namespace
{
struct CauseText
{
    std::string_view core;
    std::string_view metric;
};

CauseText
textOf(DropCause c)
{
    switch (c)
    {
    case DropCause::IdleTimeout: return {"idle timeout", "idle-timeout"};
    case DropCause::NoOutboundCapacityTimeout:
        return {"idle timeout (no new flood requests)", "no-outbound-capacity-timeout"};
    case DropCause::Straggling: return {"straggling (cannot keep up)", "straggling"};
    case DropCause::BadAuthCert: return {"failed to verify auth cert", "bad-auth-cert"};
    case DropCause::NoRemoteAddress: return {"failed to determine remote address", "no-remote-address"};
    case DropCause::Banned: return {"node is banned", "banned"};
    case DropCause::MessageBeforeHandshake: return {"before completed handshake", "message-before-handshake"};
    case DropCause::PeersFromInitiator: return {"received PEERS", "peers-from-initiator"};
    case DropCause::TooManyPeersMessages: return {"too many msgs PEERS", "too-many-peers-messages"};
    case DropCause::UnexpectedHello: return {"received unexpected HELLO", "unexpected-hello"};
    case DropCause::FloodAtCapacity: return {"unexpected flood message, peer at capacity", "flood-at-capacity"};
    case DropCause::LegacySendMore: return {"unexpected message type SEND_MORE", "legacy-send-more"};
    case DropCause::InvalidSendMoreExtended:
        return {"invalid message SEND_MORE_EXTENDED", "invalid-send-more-extended"};
    case DropCause::CapacityOverflow: return {"Peer capacity overflow", "capacity-overflow"};
    case DropCause::BadCrypto: return {"Bad crypto request", "bad-crypto"};
    case DropCause::ConnectFailed: return {"unable to connect", "connect-failed"};
    case DropCause::ReadError: return {"error during read", "read-error"};
    case DropCause::WriteError: return {"error during write", "write-error"};
    case DropCause::PendingInboundFull: return {"all pending inbound connections are taken", "pending-inbound-full"};
    case DropCause::PendingOutboundFull: return {"all outbound connections taken", "pending-outbound-full"};
    case DropCause::RemoteError: return {"", "remote-error"};
    case DropCause::UnexpectedAuthSequence: return {"unexpected auth sequence", "unexpected-auth-sequence"};
    case DropCause::ReceiveMacKeyZero: return {"receive mac key is zero", "receive-mac-key-zero"};
    case DropCause::UnexpectedMac: return {"unexpected MAC", "unexpected-mac"};
    case DropCause::CorruptXdr: return {"received corrupt XDR", "corrupt-xdr"};
    case DropCause::WrongProtocolVersion: return {"wrong protocol version", "wrong-protocol-version"};
    case DropCause::ConnectingToSelf: return {"connecting to self", "connecting-to-self"};
    case DropCause::WrongNetwork: return {"wrong network passphrase", "wrong-network"};
    case DropCause::BadAddress: return {"bad address", "bad-address"};
    case DropCause::AlreadyConnected: return {"already-connected peer", "already-connected"};
    case DropCause::FlowControlBytesDisabled: return {"flow control bytes disabled", "flow-control-bytes-disabled"};
    case DropCause::OutOfOrderAuth: return {"out-of-order AUTH message", "out-of-order-auth"};
    case DropCause::PeerRejected: return {"peer rejected", "peer-rejected"};
    case DropCause::PreferredPeerSelected: return {"preferred peer selected instead", "preferred-peer-selected"};
    case DropCause::RandomDisconnectOutOfSync:
        return {"random disconnect due to out of sync", "random-disconnect-out-of-sync"};
    case DropCause::UnexplainedFloodTraffic:
        return {"too much unexplained flood traffic", "unexplained-flood-traffic"};
    case DropCause::InvalidSurveySignature: return {"Survey has invalid signature", "invalid-survey-signature"};
    case DropCause::Shutdown: return {"shutdown", "shutdown"};
    case DropCause::DroppedByUser: return {"dropped by user", "dropped-by-user"};
    }
    return {"unknown", "unknown"};
}
}

std::string_view
coreText(DropCause cause)
{
    return textOf(cause).core;
}

std::string_view
metricName(DropCause cause)
{
    return textOf(cause).metric;
}

std::string
dropReason(DropCause cause, std::string_view detail)
{
    switch (cause)
    {
    case DropCause::MessageBeforeHandshake:
        return fmt::format("received {} before completed handshake", detail);
    case DropCause::RemoteError:
        return std::string(detail);
    default:
        break;
    }
    if (detail.empty())
        return std::string(coreText(cause));
    return fmt::format("{}: {}", coreText(cause), detail);
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
