#include "overlay/Tracker.h"

#include "crypto/Hex.h"
#include "overlay/Floodgate.h"
#include "overlay/OverlayManager.h"
#include "util/Log.h"
#include "util/Random.h"

#include <algorithm>
#include <limits>

namespace stellar
{

namespace
{
// core: Peer's ping before the first answer, "some default very high value".
constexpr std::chrono::milliseconds UNKNOWN_PING = std::chrono::hours(24);
constexpr int64_t PING_BUCKET_MS = Tracker::MS_TO_WAIT_FOR_FETCH_REPLY.count() / 3;

// The peers of the lowest ping bucket.
std::vector<Peer::pointer>
closestPeers(std::vector<Peer::pointer> const& peers)
{
    std::vector<Peer::pointer> best;
    int64_t bestBucket = std::numeric_limits<int64_t>::max();
    for (auto const& p : peers)
    {
        int64_t bucket = p->lastPing().value_or(UNKNOWN_PING).count() / PING_BUCKET_MS;
        if (bucket < bestBucket)
        {
            best.clear();
            bestBucket = bucket;
        }
        if (bucket == bestBucket)
            best.push_back(p);
    }
    return best;
}
}

Tracker::Tracker(OverlayManager& overlay, Hash const& itemHash, AskPeer const& askPeer)
    : overlay_(overlay)
    , itemHash_(itemHash)
    , askPeer_(askPeer)
    , startedAt_(overlay.clock().now())
    , timer_(overlay.clock())
{
}

ClockDuration
Tracker::duration() const
{
    return overlay_.clock().now() - startedAt_;
}

void
Tracker::listen(WaitingEnvelope const& waiting)
{
    lastSeenSlot_ = std::max(lastSeenSlot_, waiting.slot());
    auto same = [&](WaitingEnvelope const& w) { return w.floodKey == waiting.floodKey; };
    if (std::none_of(waiting_.begin(), waiting_.end(), same))
        waiting_.push_back(waiting);
}

void
Tracker::discard(Hash const& floodKey)
{
    std::erase_if(waiting_, [&](WaitingEnvelope const& w) { return w.floodKey == floodKey; });
}

bool
Tracker::clearEnvelopesBelow(uint64_t minSlot, uint64_t slotToKeep)
{
    std::erase_if(waiting_, [&](WaitingEnvelope const& w) { return w.slot() < minSlot && w.slot() != slotToKeep; });
    if (!waiting_.empty())
        return true;
    cancel();
    return false;
}

void
Tracker::doesntHave(Peer const& peer)
{
    auto asked = lastAsked_ ? lastAsked_->lock() : nullptr;
    if (asked && asked.get() == &peer)
        tryNextPeer();
}

void
Tracker::cancel()
{
    timer_.cancel();
    lastAsked_.reset();
}

bool
Tracker::canAsk(Peer::pointer const& peer, bool peerHasEnvelope) const
{
    // core: not asked this round, or asked as "any peer" and now known to
    // have a waiting envelope.
    auto it = asked_.find(peer);
    return peer->isAuthenticated() && (it == asked_.end() || (peerHasEnvelope && !it->second));
}

std::vector<Peer::pointer>
Tracker::peersWithEnvelope() const
{
    std::map<NodeID, Peer::pointer, NodeIDLess> found; // core's order: by node
    auto all = overlay_.authenticatedPeers();
    for (auto const& w : waiting_)
    {
        auto knowing = overlay_.floodgate().peersKnowing(w.floodKey);
        for (auto const& p : all)
            if (knowing.count(p->addressName()) && canAsk(p, true))
                found.emplace(*p->peerID(), p);
    }
    std::vector<Peer::pointer> out;
    for (auto& [id, p] : found)
        out.push_back(std::move(p));
    return out;
}

Peer::pointer
Tracker::pickPeer(bool& peerHasEnvelope) const
{
    auto candidates = peersWithEnvelope();
    peerHasEnvelope = !candidates.empty();
    if (!peerHasEnvelope)
    {
        // core: inbound peers, then outbound ones, each by node.
        for (auto const& list : {overlay_.inboundAuthenticatedPeers(), overlay_.outboundAuthenticatedPeers()})
            for (auto const& p : list)
                if (canAsk(p, false))
                    candidates.push_back(p);
    }
    candidates = closestPeers(candidates);
    if (candidates.empty())
        return nullptr;
    return candidates[randomUniform(0, candidates.size() - 1)];
}

void
Tracker::tryNextPeer()
{
    // Called at start, on DONT_HAVE from the peer asked and when its time is up.
    if (lastAsked_)
    {
        overlay_.metrics().counter("overlay.item-fetcher.next-peer").inc();
        lastAsked_.reset();
    }
    bool peerHasEnvelope = false;
    auto peer = pickPeer(peerHasEnvelope);
    std::chrono::milliseconds nextTry = MS_TO_WAIT_FOR_FETCH_REPLY;
    if (!peer)
    {
        // Everyone was asked: a new round, after a pause that grows.
        ++rounds_;
        asked_.clear();
        nextTry = MS_TO_WAIT_FOR_FETCH_REPLY * std::min(MAX_REBUILD_FETCH_LIST, rounds_);
        logger("Overlay").trace("fetch {}: round {} in {} ms", crypto::hexAbbrev(itemHash_), rounds_, nextTry.count());
    }
    else
    {
        lastAsked_ = peer;
        asked_[peer] = peerHasEnvelope;
        logger("Overlay").trace("fetch {}: asking {}", crypto::hexAbbrev(itemHash_), peer->toString());
        askPeer_(*peer, itemHash_);
    }
    timer_.expiresAfter(nextTry, [this] { tryNextPeer(); });
}

}
