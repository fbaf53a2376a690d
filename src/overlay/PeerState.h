#pragma once
// Who dialled whom, and how far a connection has got (spec 4.5).

#include <cstdint>
#include <string_view>

namespace stellar
{

enum class PeerRole : uint8_t
{
    WE_CALLED_REMOTE, // we are the initiator ("A")
    REMOTE_CALLED_US  // we are the responder ("B")
};

enum class PeerState : uint8_t
{
    CONNECTING = 0, // outbound dial in progress
    CONNECTED = 1,  // socket up, waiting for HELLO
    GOT_HELLO = 2,  // HELLO accepted, MAC keys set, waiting for AUTH
    GOT_AUTH = 3,   // authenticated
    CLOSING = 4     // dropped; nothing more is processed
};

std::string_view toString(PeerRole role);
std::string_view toString(PeerState state);

}
