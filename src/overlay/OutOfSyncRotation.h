#pragma once
// Out-of-sync rotation (spec 10.7, G8; core:
// OverlayManagerImpl::updateTimerAndMaybeDropRandomPeer). A node that has been
// out of sync for more than OUT_OF_SYNC_RECONNECT_DELAY, with every outbound
// slot taken and a pending slot free, drops one random non-preferred outbound
// peer with ERR_LOAD "random disconnect due to out of sync", so that it may
// find better peers; then it waits the delay again, whether or not it found a
// peer to drop (E27). The tick asks; these decide.

#include "overlay/Admission.h"
#include "util/Clock.h"

#include <chrono>
#include <optional>
#include <random>
#include <span>

namespace stellar
{

inline constexpr std::chrono::seconds OUT_OF_SYNC_RECONNECT_DELAY{60};

class OutOfSyncRotation
{
  public:
    // Called by every tick: whether one outbound peer should go now. `full`:
    // every outbound slot is taken and a pending slot is free (E27).
    bool onTick(bool synced, bool full, ClockTime now);

  private:
    std::optional<ClockTime> since_; // out of sync since, or the last rotation
};

// A uniformly random non-preferred peer among the outbound slot holders;
// none if all are preferred.
std::optional<NodeID> pickOutboundPeerToDrop(std::span<SlotHolder const> outbound, std::mt19937_64& random);

}
