#include "support/TestNode.h"

#include "crypto/SecretKey.h"

namespace stellar::test
{

OverlayConfig
testOverlayConfig(uint16_t peerPort)
{
    OverlayConfig c;
    c.NETWORK_PASSPHRASE = TEST_NETWORK_PASSPHRASE;
    c.NODE_SEED = crypto::SecretKey::random().strKeySeed();
    c.PEER_PORT = peerPort;
    c.PEER_LISTEN_ADDRESS = "127.0.0.1";
    c.ALLOW_LOCALHOST_FOR_TESTING = true;
    return c;
}

}
