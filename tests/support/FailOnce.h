#pragma once
// One protocol failure by a peer that proved its key: a full handshake whose
// AUTH lacks the flow-control flag, which the node answers with ERR_CONF
// "flow control bytes disabled" and a drop. Such failures count towards an
// automatic ban (overlay/PeerFailures.h); the process tests use it to drive a
// node to ban a key.

#include "crypto/SecretKey.h"
#include "net/Transport.h"
#include "util/Clock.h"

#include <cstdint>
#include <string>

namespace stellar::test
{

// Dials ip:port with `key` and fails once; true when the node answered as
// above and closed the connection.
bool failOnce(Clock& clock, Network& network, std::string const& networkPassphrase, crypto::SecretKey const& key,
              std::string const& ip, uint16_t port);

}
