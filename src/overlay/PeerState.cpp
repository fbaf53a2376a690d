#include "overlay/PeerState.h"

namespace stellar
{

std::string_view
toString(PeerRole role)
{
    return role == PeerRole::WE_CALLED_REMOTE ? "outbound" : "inbound";
}

std::string_view
toString(PeerState state)
{
    switch (state)
    {
    case PeerState::CONNECTING: return "CONNECTING";
    case PeerState::CONNECTED: return "CONNECTED";
    case PeerState::GOT_HELLO: return "GOT_HELLO";
    case PeerState::GOT_AUTH: return "GOT_AUTH";
    case PeerState::CLOSING: return "CLOSING";
    }
    return "UNKNOWN";
}

}
