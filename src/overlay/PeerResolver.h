#pragma once
// Turns the configured KNOWN_PEERS and PREFERRED_PEERS ("host[:port]") into
// addresses without blocking the event loop (G7). The overlay asks again every
// 600 s, or sooner after an error (OverlayManager::tick). Tests inject a
// scripted resolver so that they need no DNS.

#include "overlay/PeerBareAddress.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stellar
{

class Clock;

inline constexpr uint16_t DEFAULT_PEER_PORT = 11625;

class PeerResolver
{
  public:
    struct Result
    {
        std::vector<PeerBareAddress> known;
        std::vector<PeerBareAddress> preferred;
        bool errors = false; // some name did not resolve
    };
    virtual ~PeerResolver() = default;
    // `done` runs later, on the event loop.
    virtual void resolve(std::vector<std::string> known, std::vector<std::string> preferred,
                         std::function<void(Result)> done) = 0;
};

// Numeric addresses are taken as they are; names go through the system
// resolver (IPv4 only, like stellar-core) on Asio's background resolver thread.
std::unique_ptr<PeerResolver> makeSystemPeerResolver(Clock& clock);

}
