#include "overlay/PeerFailures.h"

namespace stellar
{

DropVerdict
judgeDrop(DropCause cause, bool provedKey, bool heldSlot, bool preferred)
{
    if (dropCauseRow(cause).protocolFailure)
        return provedKey && !preferred ? DropVerdict::Failure : DropVerdict::Neutral;
    return heldSlot ? DropVerdict::CleanSession : DropVerdict::Neutral;
}

}
