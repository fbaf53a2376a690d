#include "overlay/PeerFailures.h"

namespace stellar
{

bool
isProtocolFailure(DropCause cause)
{
    // No default: a new DropCause must be judged here (-Wswitch).
    switch (cause)
    {
    case DropCause::UnexpectedAuthSequence:
    case DropCause::ReceiveMacKeyZero:
    case DropCause::UnexpectedMac:
    case DropCause::CorruptXdr:
    case DropCause::WrongProtocolVersion:
    case DropCause::WrongNetwork:
    case DropCause::BadAddress:
    case DropCause::FlowControlBytesDisabled:
    case DropCause::OutOfOrderAuth:
    case DropCause::MessageBeforeHandshake:
    case DropCause::PeersFromInitiator:
    case DropCause::TooManyPeersMessages:
    case DropCause::UnexpectedHello:
    case DropCause::FloodAtCapacity:
    case DropCause::LegacySendMore:
    case DropCause::InvalidSendMoreExtended:
    case DropCause::CapacityOverflow:
    case DropCause::BadCrypto:
    case DropCause::UnexplainedFloodTraffic:
    case DropCause::InvalidSurveySignature:
        return true;
    case DropCause::IdleTimeout:
    case DropCause::NoOutboundCapacityTimeout:
    case DropCause::Straggling:
    case DropCause::BadAuthCert: // the key is not proven: see the header
    case DropCause::NoRemoteAddress:
    case DropCause::Banned:
    case DropCause::ConnectFailed:
    case DropCause::ReadError:
    case DropCause::WriteError:
    case DropCause::PendingInboundFull:
    case DropCause::PendingOutboundFull:
    case DropCause::RemoteError: // G11: what the remote tells us is never its failure
    case DropCause::ConnectingToSelf:
    case DropCause::AlreadyConnected:
    case DropCause::PeerRejected:
    case DropCause::PreferredPeerSelected:
    case DropCause::RandomDisconnectOutOfSync:
    case DropCause::Shutdown:
    case DropCause::DroppedByUser:
        return false;
    }
    return false;
}

DropVerdict
judgeDrop(DropCause cause, bool provedKey, bool heldSlot, bool preferred)
{
    if (isProtocolFailure(cause))
        return provedKey && !preferred ? DropVerdict::Failure : DropVerdict::Neutral;
    return heldSlot ? DropVerdict::CleanSession : DropVerdict::Neutral;
}

}
