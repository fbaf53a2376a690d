#include "support/FailOnce.h"

#include "support/ScriptedPeer.h"

namespace stellar::test
{

using namespace std::chrono_literals;

bool
failOnce(Clock& clock, Network& network, std::string const& networkPassphrase, crypto::SecretKey const& key,
         std::string const& ip, uint16_t port)
{
    ScriptedPeerOptions o;
    o.networkPassphrase = networkPassphrase;
    o.key = key;
    ScriptedPeer peer(clock, o);
    peer.connect(network, ip, port);
    if (!peer.waitFor([&] { return peer.connected(); }, 5s))
        return false;
    peer.sendHello();
    if (!peer.waitForType(HELLO, 5s))
        return false;
    peer.sendAuth(100); // no AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED
    if (!peer.waitClosed(5s))
        return false;
    auto error = peer.firstError();
    return error && error->code == ERR_CONF && error->msg == "flow control bytes disabled";
}

}
