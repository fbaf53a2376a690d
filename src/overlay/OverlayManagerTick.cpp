// OverlayManager's upkeep of its connections (spec 10.2): the tick that
// runs every PEER_AUTHENTICATION_TIMEOUT + 1 s, as core's
// OverlayManagerImpl::tick, and the outbound slots it fills: preferred peers
// first, then known outbound ones, then promotion of inbound ones (E30);
// and the out-of-sync rotation (G8).

#include "overlay/BanManager.h"
#include "overlay/ConfigPeers.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/RandomPeerSource.h"
#include "overlay/SurveyManager.h"
#include "util/Random.h"

#include <algorithm>

namespace stellar
{

void
OverlayManager::tick()
{
    if (shuttingDown_)
        return;
    metrics_.counter("overlay.tick").inc();
    // Reschedule first: every path below returns early at times.
    tickTimer_.expiresAfter(config_.PEER_AUTHENTICATION_TIMEOUT + std::chrono::seconds(1), [this] { tick(); });

    cleanupDroppedPeers();
    banManager_->clearExpiredBans(); // G10: time-limited bans end
    maybeClearLedgersBelow();
    configPeers_->takeResolved();
    survey_->updateSurveyPhase(); // G1's survey step: the phase timeouts

    auto availablePending = availableOutboundPendingSlots();
    if (availablePending <= 0)
        return; // E27: no pending slot, not even for the out-of-sync drop

    auto availableAuthenticated = availableOutboundAuthenticatedSlots();
    {
        // Preferred peers first: for them a slot is a free one or one a
        // non-preferred peer holds.
        int preferredToConnect = std::min(availablePending, availableAuthenticated + nonPreferredAuthenticatedCount());
        availablePending -= connectTo(preferredToConnect, PeerType::PREFERRED);
    }

    if (outOfSync_.onTick(app_.isSynced(), availableAuthenticated == 0 && availablePending > 0, clock_.now())) // G8
        dropRandomOutboundPeer();

    availableAuthenticated = availableOutboundAuthenticatedSlots();
    if (availablePending > 0 && availableAuthenticated > 0)
    {
        // Keep a pending slot for promoting an inbound peer.
        int toConnect = availablePending > static_cast<int>(RESERVED_FOR_PROMOTION)
                            ? std::min<int>(availablePending - RESERVED_FOR_PROMOTION, availableAuthenticated)
                            : availablePending;
        availablePending -= connectTo(toConnect, PeerType::OUTBOUND);
    }
    if (availablePending > 0)
        connectTo(availablePending, PeerType::INBOUND); // promotion (E30)
}

int
OverlayManager::availableOutboundPendingSlots() const
{
    auto max = config_.maxOutboundPendingConnections();
    return outbound_.pending.size() < max ? static_cast<int>(max - outbound_.pending.size()) : 0;
}

int
OverlayManager::availableOutboundAuthenticatedSlots() const
{
    // While nobody connects to us, aim for only 3 outbound peers (spec 10.2).
    uint32_t target = inbound_.authenticated.empty() ? std::min(MIN_INBOUND_FACTOR, config_.targetPeerConnections())
                                                     : config_.targetPeerConnections();
    return outbound_.authenticated.size() < target ? static_cast<int>(target - outbound_.authenticated.size()) : 0;
}

int
OverlayManager::nonPreferredAuthenticatedCount() const
{
    int n = 0;
    for (auto const& [id, p] : outbound_.authenticated)
        if (!isPreferred(*p))
            ++n;
    return n;
}

int
OverlayManager::connectTo(int maxNum, PeerType type)
{
    if (maxNum <= 0)
        return 0;
    // Promotion dials inbound-typed peers even while they are connected to us (E30).
    auto keep = [&](PeerBareAddress const& a) {
        auto peer = connectedPeer(a);
        return !peer || (type == PeerType::INBOUND && peer->role() == PeerRole::REMOTE_CALLED_US);
    };
    auto candidates = peerSources_[type]->getRandomPeers(
        std::min<std::size_t>(static_cast<std::size_t>(maxNum), MAX_PEERS_TO_CONNECT_PER_TICK), keep);
    int count = 0;
    for (auto const& a : candidates)
        if (connectToImpl(a, type == PeerType::INBOUND))
            ++count;
    return count;
}

void
OverlayManager::dropRandomOutboundPeer()
{
    if (auto victim = pickOutboundPeerToDrop(slotHolders(outbound_), randomEngine()))
        outbound_.authenticated.at(*victim)->drop(DropCause::RandomDisconnectOutOfSync);
}

}
