#include "overlay/ConfigPeers.h"

#include "overlay/PeerManager.h"
#include "util/Metrics.h"

#include <algorithm>

namespace stellar
{

NextResolution
nextPeerResolution(ResolveBackoff backoff, bool roundHadErrors)
{
    if (!backoff.active)
        return {PEER_IP_RESOLVE_DELAY, backoff};
    if (!roundHadErrors)
        return {PEER_IP_RESOLVE_DELAY, ResolveBackoff{.active = false, .retries = backoff.retries}};
    ++backoff.retries;
    auto retry = PEER_IP_RESOLVE_RETRY_DELAY * backoff.retries;
    if (retry > PEER_IP_RESOLVE_DELAY)
        return {PEER_IP_RESOLVE_DELAY, ResolveBackoff{.active = false, .retries = backoff.retries}};
    return {retry, backoff};
}

std::vector<PeerBareAddress>
literalAddresses(std::vector<std::string> const& entries)
{
    std::vector<PeerBareAddress> out;
    for (auto const& e : entries)
        if (auto a = PeerBareAddress::parse(e, DEFAULT_PEER_PORT))
            out.push_back(*a);
    return out;
}

ConfigPeers::ConfigPeers(OverlayConfig const& config, PeerManager& peerManager, PeerResolver& resolver, Clock& clock,
                         MetricsRegistry& metrics)
    : config_(config), peerManager_(peerManager), resolver_(resolver), metrics_(metrics), timer_(clock)
{
    // Preferred addresses given as IPs are known before any answer.
    for (auto const& a : literalAddresses(config_.PREFERRED_PEERS))
        preferred_.insert(a);
}

void
ConfigPeers::storeAtStartup()
{
    store(literalAddresses(config_.KNOWN_PEERS), literalAddresses(config_.PREFERRED_PEERS), /*startup=*/true);
}

void
ConfigPeers::store(std::vector<PeerBareAddress> const& known, std::vector<PeerBareAddress> const& preferred,
                   bool startup)
{
    // At startup configured peers may be dialled at once (HARD_RESET; core:
    // OverlayManagerImpl::storePeerList).
    auto put = [&](std::vector<PeerBareAddress> const& list, PeerType type) {
        for (auto const& a : list)
        {
            if (startup)
                peerManager_.update(a, type, PreferredTypeKnown::NO, PeerManager::BackOffUpdate::HARD_RESET);
            else
                peerManager_.update(a, type, PreferredTypeKnown::NO);
        }
    };
    put(known, PeerType::OUTBOUND);
    for (auto const& a : preferred)
        preferred_.insert(a);
    put(preferred, PeerType::PREFERRED);
}

void
ConfigPeers::resolve()
{
    if (resolving_ || stopped_)
        return;
    resolving_ = true;
    metrics_.counter("overlay.dns.resolve").inc();
    resolver_.resolve(config_.KNOWN_PEERS, config_.PREFERRED_PEERS, [this](PeerResolver::Result r) {
        resolving_ = false;
        answer_ = std::move(r);
    });
}

void
ConfigPeers::takeResolved()
{
    if (!answer_)
        return;
    auto result = std::move(*answer_);
    answer_.reset();
    // The preferred set becomes what the names resolve to now.
    preferred_.clear();
    auto literalKnown = literalAddresses(config_.KNOWN_PEERS);
    auto literalPreferred = literalAddresses(config_.PREFERRED_PEERS);
    preferred_.insert(literalPreferred.begin(), literalPreferred.end());
    // Names get the startup HARD_RESET with their first answer; literal
    // addresses were stored at the first tick and are not reset twice (a dead
    // one dialled then keeps its backoff).
    auto split = [](std::vector<PeerBareAddress> const& resolved, std::vector<PeerBareAddress> const& literal) {
        std::pair<std::vector<PeerBareAddress>, std::vector<PeerBareAddress>> out; // names, literals
        for (auto const& a : resolved)
            (std::find(literal.begin(), literal.end(), a) == literal.end() ? out.first : out.second).push_back(a);
        return out;
    };
    auto [namedKnown, givenKnown] = split(result.known, literalKnown);
    auto [namedPreferred, givenPreferred] = split(result.preferred, literalPreferred);
    store(namedKnown, namedPreferred, /*startup=*/firstAnswer_);
    store(givenKnown, givenPreferred, /*startup=*/false);
    firstAnswer_ = false;

    auto next = nextPeerResolution(backoff_, result.errors);
    backoff_ = next.backoff;
    timer_.expiresAfter(next.delay, [this] { resolve(); });
}

void
ConfigPeers::stop()
{
    stopped_ = true;
    timer_.cancel();
}

bool
ConfigPeers::isPossiblyPreferred(std::string const& ip) const
{
    return std::any_of(preferred_.begin(), preferred_.end(), [&](PeerBareAddress const& a) { return a.ip() == ip; });
}

}
