#include "overlay/PendingEnvelopes.h"

#include "crypto/Hex.h"
#include "overlay/OverlayManager.h"
#include "overlay/QuorumSetSanity.h"
#include "overlay/ScpStatementItems.h"
#include "util/Log.h"
#include "util/Limits.h"
#include "xdr/Codec.h"

#include <algorithm>

namespace stellar
{

PendingEnvelopes::PendingEnvelopes(OverlayManager& overlay)
    : overlay_(overlay)
    , app_(overlay.app())
    , txSets_(overlay, [](Peer& p, Hash const& h) { p.sendGetTxSet(h); }, "overlay.fetch.txset")
    , qsets_(overlay, [](Peer& p, Hash const& h) { p.sendGetQuorumSet(h); }, "overlay.fetch.qset")
{
}

OverlayApp::EnvelopeStatus
PendingEnvelopes::recvSCPEnvelope(SCPEnvelope const& env, Hash const& floodKey, std::string const& from)
{
    if (isDiscarded(env.statement.slotIndex, floodKey))
        return OverlayApp::EnvelopeStatus::Discarded;
    auto status = app_.recvSCPEnvelope(env);
    auto held = fetching_.find(floodKey);
    if (held == fetching_.end())
    {
        if (status == OverlayApp::EnvelopeStatus::Fetching &&
            !hold({floodKey, std::make_shared<SCPEnvelope const>(env)}, from))
            return OverlayApp::EnvelopeStatus::Discarded;
        return status;
    }
    // Held already: ask again for what it still lacks, or let it go.
    WaitingEnvelope w{floodKey, held->second.envelope};
    if (status != OverlayApp::EnvelopeStatus::Fetching || !startFetch(w))
        release(w);
    else
        chargeTo(floodKey, held->second, from);
    return status;
}

bool
PendingEnvelopes::hold(WaitingEnvelope const& w, std::string const& from)
{
    auto bytes = xdr::encodedSize(*w.envelope);
    auto need = lacked(w.envelope->statement, false);
    if (!makeRoom(w, bytes, from, need.qsets + need.txSets))
        return false;
    auto charge = shares_.charge(from, w.floodKey, need.qsets + need.txSets);
    fetching_.emplace(w.floodKey, Fetching{w.slot(), bytes, overlay_.clock().now(), w.envelope, charge});
    fetchingBytes_ += bytes;
    if (!startFetch(w))
    {
        logger("Herder").debug("not fetching for an envelope of slot {}: too many items fetched already", w.slot());
        release(w);
        return false;
    }
    updateMetrics();
    return true;
}

bool
PendingEnvelopes::makeRoom(WaitingEnvelope const& w, std::size_t bytes, std::string const& from, std::size_t items)
{
    if (items > PEER_FETCH_BUDGET || bytes > MAX_FETCHING_BYTES)
        return false;
    // The sender over its budget makes room from its own oldest envelopes.
    while (shares_.unitsOf(from) + std::max<std::size_t>(items, 1) > PEER_FETCH_BUDGET)
        if (!evictOldestOf(from))
            return false;
    // The node at its bounds: the peer charged the most makes room.
    while (!roomFor(w.envelope->statement, bytes))
    {
        auto victim = shares_.largest();
        if (!victim || !evictOldestOf(*victim))
        {
            logger("Herder").debug("not fetching for an envelope of slot {}: {} envelopes ({} bytes) wait already",
                                   w.slot(), fetching_.size(), fetchingBytes_);
            return false;
        }
    }
    return true;
}

bool
PendingEnvelopes::roomFor(SCPStatement const& st, std::size_t bytes) const
{
    if (fetching_.size() >= MAX_FETCHING_ENVELOPES || fetchingBytes_ + bytes > MAX_FETCHING_BYTES)
        return false;
    auto searches = lacked(st, true);
    return qsets_.size() + searches.qsets <= ItemFetcher::MAX_TRACKED_ITEMS &&
           txSets_.size() + searches.txSets <= ItemFetcher::MAX_TRACKED_ITEMS;
}

PendingEnvelopes::Lacked
PendingEnvelopes::lacked(SCPStatement const& st, bool newSearchesOnly) const
{
    Lacked out;
    auto qset = companionQuorumSetHash(st);
    if (!app_.hasQSet(qset) && !(newSearchesOnly && qsets_.isFetching(qset)))
        ++out.qsets;
    if (auto hashes = txSetHashes(st))
        for (auto const& h : *hashes)
            if (!app_.hasTxSet(h) && !(newSearchesOnly && txSets_.isFetching(h)))
                ++out.txSets;
    return out;
}

bool
PendingEnvelopes::evictOldestOf(std::string const& peer)
{
    auto oldest = shares_.oldestOf(peer);
    auto it = oldest ? fetching_.find(*oldest) : fetching_.end();
    if (it == fetching_.end())
        return false;
    logger("Herder").debug("no longer fetching for an envelope of slot {} from {}: room for newer ones",
                           it->second.slot, peer);
    release({it->first, it->second.envelope});
    return true;
}

void
PendingEnvelopes::chargeTo(Hash const& floodKey, Fetching& held, std::string const& from)
{
    // A copy from a peer charged less than the holder takes the charge over:
    // a peer that relays others' envelopes first cannot push them out later.
    auto const& c = held.charge;
    if (c.peer == from || shares_.unitsOf(from) + c.units >= shares_.unitsOf(c.peer))
        return;
    shares_.uncharge(c);
    held.charge = shares_.charge(from, floodKey, c.units);
}

bool
PendingEnvelopes::startFetch(WaitingEnvelope const& w)
{
    // core: PendingEnvelopes::startFetch, every item the application lacks.
    auto const& st = w.envelope->statement;
    auto qset = companionQuorumSetHash(st);
    if (!app_.hasQSet(qset) && !qsets_.fetch(qset, w))
        return false;
    if (auto hashes = txSetHashes(st))
        for (auto const& h : *hashes)
            if (!app_.hasTxSet(h) && !txSets_.fetch(h, w))
                return false;
    return true;
}

void
PendingEnvelopes::stopFetch(WaitingEnvelope const& w)
{
    auto const& st = w.envelope->statement;
    qsets_.stopFetch(companionQuorumSetHash(st), w.floodKey);
    if (auto hashes = txSetHashes(st))
        for (auto const& h : *hashes)
            txSets_.stopFetch(h, w.floodKey);
}

void
PendingEnvelopes::release(WaitingEnvelope const& w)
{
    stopFetch(w);
    auto it = fetching_.find(w.floodKey);
    if (it != fetching_.end())
        forget(it);
    updateMetrics();
}

std::map<Hash, PendingEnvelopes::Fetching>::iterator
PendingEnvelopes::forget(std::map<Hash, Fetching>::iterator it)
{
    fetchingBytes_ -= it->second.bytes;
    shares_.uncharge(it->second.charge);
    return fetching_.erase(it);
}

void
PendingEnvelopes::discard(WaitingEnvelope const& w)
{
    release(w);
    if (discardedCount_ < MAX_DISCARDED_ENVELOPES && discarded_[w.slot()].insert(w.floodKey).second)
        ++discardedCount_;
    updateMetrics();
}

bool
PendingEnvelopes::isDiscarded(uint64_t slot, Hash const& floodKey) const
{
    auto it = discarded_.find(slot);
    return it != discarded_.end() && it->second.count(floodKey);
}

std::vector<WaitingEnvelope>
PendingEnvelopes::retry(std::vector<WaitingEnvelope> const& waiting)
{
    // core: ItemFetcher::recv gives each waiting envelope back to the herder.
    std::vector<WaitingEnvelope> ready;
    for (auto const& w : waiting)
    {
        auto it = fetching_.find(w.floodKey);
        if (it == fetching_.end())
            continue; // let go meanwhile
        auto since = it->second.since;
        auto status = app_.recvSCPEnvelope(*w.envelope);
        if (status == OverlayApp::EnvelopeStatus::Fetching && startFetch(w))
            continue;
        if (status == OverlayApp::EnvelopeStatus::Ready)
        {
            overlay_.metrics().timer("scp.fetch.envelope").update(overlay_.clock().now() - since);
            ready.push_back(w);
        }
        release(w);
    }
    return ready;
}

std::vector<WaitingEnvelope>
PendingEnvelopes::recvTxSet(Hash const& hash, StellarMessage const& txSetMessage)
{
    if (!txSets_.isFetching(hash))
    {
        logger("Overlay").debug("ignoring tx set {}: nobody asked for it", crypto::hexAbbrev(hash));
        return {};
    }
    if (!app_.recvTxSet(hash, txSetMessage))
    {
        logger("Herder").info("tx set {} refused: discarding the envelopes that name it", crypto::hexAbbrev(hash));
        for (auto const& w : txSets_.fetchingFor(hash))
            discard(w);
        return {};
    }
    return retry(txSets_.recv(hash));
}

std::vector<WaitingEnvelope>
PendingEnvelopes::recvSCPQuorumSet(Hash const& hash, SCPQuorumSet const& qset)
{
    if (!qsets_.isFetching(hash))
    {
        logger("Overlay").debug("ignoring quorum set {}: nobody asked for it", crypto::hexAbbrev(hash));
        return {};
    }
    // core: PendingEnvelopes::recvSCPQuorumSet, isQuorumSetSane without extra checks.
    auto insane = quorumSetInsanity(qset, false);
    if (insane || !app_.recvSCPQuorumSet(hash, qset))
    {
        logger("Herder").info("quorum set {} refused ({}): discarding the envelopes that name it", crypto::hexAbbrev(hash),
                              insane.value_or("by the application"));
        for (auto const& w : qsets_.fetchingFor(hash))
            discard(w);
        return {};
    }
    return retry(qsets_.recv(hash));
}

void
PendingEnvelopes::peerDoesntHave(MessageType type, Hash const& hash, Peer const& peer)
{
    switch (type)
    {
    // Both tx set kinds alike: the sender may name the wrong one around a
    // protocol upgrade (core: PendingEnvelopes::peerDoesntHave).
    case TX_SET:
    case GENERALIZED_TX_SET: txSets_.doesntHave(hash, peer); break;
    case SCP_QUORUMSET: qsets_.doesntHave(hash, peer); break;
    default: break;
    }
}

void
PendingEnvelopes::stopFetchingBelow(uint64_t minSlot, uint64_t slotToKeep)
{
    txSets_.stopFetchingBelow(minSlot, slotToKeep);
    qsets_.stopFetchingBelow(minSlot, slotToKeep);
    auto old = [&](uint64_t slot) { return slot < minSlot && slot != slotToKeep; };
    for (auto it = fetching_.begin(); it != fetching_.end();)
    {
        if (!old(it->second.slot))
        {
            ++it;
            continue;
        }
        it = forget(it);
    }
    for (auto it = discarded_.begin(); it != discarded_.end() && it->first < minSlot;)
    {
        if (!old(it->first))
        {
            ++it;
            continue;
        }
        discardedCount_ -= it->second.size();
        it = discarded_.erase(it);
    }
    updateMetrics();
}

void
PendingEnvelopes::updateMetrics()
{
    overlay_.metrics().counter("scp.pending.fetching").set(static_cast<int64_t>(fetching_.size()));
    overlay_.metrics().counter("scp.pending.discarded").set(static_cast<int64_t>(discardedCount_));
}

}
