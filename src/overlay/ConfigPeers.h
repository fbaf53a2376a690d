#pragma once
// The peers the operator named: KNOWN_PEERS and PREFERRED_PEERS, "host[:port]"
// (core: OverlayManagerImpl::storeConfigPeers, resolvePeers). They go into the
// peer table at the first tick (G5: HARD_RESET, dialable at once), and their
// names are resolved again every PEER_IP_RESOLVE_DELAY without blocking the
// loop (G7); while a name fails the next lookup comes sooner, as
// nextPeerResolution says (E26). The addresses PREFERRED_PEERS resolve to
// are what makes a connection preferred by address.
//
// stellar-core resolves every name synchronously at startup. We store literal
// addresses at the first tick and names when their first answer is taken in
// (HARD_RESET then, once); later answers only update the type.

#include "overlay/OverlayConfig.h"
#include "overlay/PeerBareAddress.h"
#include "overlay/PeerResolver.h"
#include "util/Clock.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

class MetricsRegistry;
class PeerManager;

inline constexpr std::chrono::seconds PEER_IP_RESOLVE_DELAY{600};
inline constexpr std::chrono::seconds PEER_IP_RESOLVE_RETRY_DELAY{10};

// While names fail, lookup k comes k * PEER_IP_RESOLVE_RETRY_DELAY after the
// answer before it, until that would pass PEER_IP_RESOLVE_DELAY; the first
// round without errors ends the backoff for good (E26).
struct ResolveBackoff
{
    bool active = true;
    uint32_t retries = 0;
    friend bool operator==(ResolveBackoff const&, ResolveBackoff const&) = default;
};
struct NextResolution
{
    std::chrono::seconds delay;
    ResolveBackoff backoff;
    friend bool operator==(NextResolution const&, NextResolution const&) = default;
};
NextResolution nextPeerResolution(ResolveBackoff backoff, bool roundHadErrors);

// The entries that are IPv4 addresses already, with DEFAULT_PEER_PORT when
// none is given; names are left out.
std::vector<PeerBareAddress> literalAddresses(std::vector<std::string> const& entries);

class ConfigPeers
{
  public:
    ConfigPeers(OverlayConfig const& config, PeerManager& peerManager, PeerResolver& resolver, Clock& clock,
                MetricsRegistry& metrics);

    // The first tick: literal addresses into the peer table (G5).
    void storeAtStartup();
    // Starts a lookup of every name unless one is running (G7).
    void resolve();
    // The tick takes in the last answer, if one came, and sets the next lookup.
    void takeResolved();
    // No lookups from now on.
    void stop();

    bool isPreferredAddress(PeerBareAddress const& address) const { return preferred_.count(address) > 0; }
    // A preferred peer has used this IP (for the extra pending slots, spec 10.2).
    bool isPossiblyPreferred(std::string const& ip) const;

  private:
    void store(std::vector<PeerBareAddress> const& known, std::vector<PeerBareAddress> const& preferred,
               bool startup);

    OverlayConfig const& config_;
    PeerManager& peerManager_;
    PeerResolver& resolver_;
    MetricsRegistry& metrics_;
    Timer timer_;
    std::set<PeerBareAddress> preferred_;
    std::optional<PeerResolver::Result> answer_;
    bool resolving_ = false;
    bool stopped_ = false;
    bool firstAnswer_ = true;
    ResolveBackoff backoff_;
};

}
