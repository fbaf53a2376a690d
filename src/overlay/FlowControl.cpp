#include "overlay/FlowControl.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace stellar
{

FlowControl::FlowControl(FlowControlSettings settings, ClockTime now)
    : settings_(settings)
    , messages_(CapacityAxis::Messages, ReadingCapacity{settings.peerFloodReadingCapacity, settings.peerReadingCapacity})
    , bytes_(CapacityAxis::Bytes, ReadingCapacity{settings.floodReadingCapacityBytes, std::nullopt})
    , noOutboundCapacity_(now)
{
}

std::size_t
FlowControl::getMessagePriority(MessageType type)
{
    switch (type)
    {
    case SCP_MESSAGE: return 0;
    case TRANSACTION: return 1;
    case FLOOD_DEMAND: return 2;
    case FLOOD_ADVERT: return 3;
    default: break;
    }
    throw std::logic_error("FlowControl::getMessagePriority: not a flood message");
}

// --- inbound

bool
FlowControl::beginMessageProcessing(MessageCost cost)
{
    if (!bytes_.canLockLocal(cost) || !messages_.canLockLocal(cost))
        return false;
    messages_.lockLocal(cost);
    bytes_.lockLocal(cost);
    return true;
}

SendMoreCapacity
FlowControl::endMessageProcessing(MessageCost cost)
{
    floodDataProcessed_ += messages_.releaseLocal(cost);
    floodDataProcessedBytes_ += bytes_.releaseLocal(cost);
    ++totalMsgsProcessed_;

    // The message counter moves by one, so it meets the batch size exactly;
    // a single message can carry the byte counter past its threshold.
    assert(floodDataProcessed_ <= settings_.sendMoreBatchSize);
    bool shouldSendMore = floodDataProcessed_ == settings_.sendMoreBatchSize ||
                          floodDataProcessedBytes_ >= settings_.sendMoreBatchSizeBytes;

    SendMoreCapacity res;
    if (totalMsgsProcessed_ == settings_.peerReadingCapacity)
    {
        res.numTotalMessages = static_cast<uint32_t>(totalMsgsProcessed_);
        totalMsgsProcessed_ = 0;
    }
    if (shouldSendMore)
    {
        res.numFloodMessages = floodDataProcessed_;
        res.numFloodBytes = floodDataProcessedBytes_;
        floodDataProcessed_ = 0;
        floodDataProcessedBytes_ = 0;
    }
    return res;
}

bool
FlowControl::canRead() const
{
    return bytes_.canRead() && messages_.canRead();
}

bool
FlowControl::maybeThrottleRead(ClockTime now)
{
    if (canRead())
        return false;
    lastThrottle_ = now;
    return true;
}

ClockDuration
FlowControl::stopThrottling(ClockTime now)
{
    assert(lastThrottle_);
    auto paused = lastThrottle_ ? now - *lastThrottle_ : ClockDuration{0};
    lastThrottle_.reset();
    return paused;
}

// --- SEND_MORE_EXTENDED

std::optional<DropCause>
FlowControl::checkSendMore(StellarMessage const& msg) const
{
    if (msg.type() != SEND_MORE_EXTENDED)
        return DropCause::LegacySendMore;
    auto const& grant = msg.sendMoreExtendedMessage();
    // numMessages may be 0 (a byte-only grant during upgrades), numBytes may not.
    if (grant.numBytes == 0)
        return DropCause::InvalidSendMoreExtended;
    if (!messages_.canGrant(grant.numMessages) || !bytes_.canGrant(grant.numBytes))
        return DropCause::CapacityOverflow;
    return std::nullopt;
}

std::optional<ClockDuration>
FlowControl::maybeReleaseCapacity(SendMoreExtended const& grant, ClockTime now)
{
    std::optional<ClockDuration> blocked;
    if (noOutboundCapacity_)
        blocked = now - *noOutboundCapacity_;
    noOutboundCapacity_.reset();
    reserveHeldSince_.reset();
    messages_.grantOutbound(grant.numMessages);
    bytes_.grantOutbound(grant.numBytes);
    return blocked;
}

// --- outbound

bool
FlowControl::hasOutboundCapacity(MessageCost cost) const
{
    return messages_.hasOutbound(cost) && bytes_.hasOutbound(cost);
}

bool
FlowControl::leavesScpReserve(MessageCost cost, ClockTime now) const
{
    if (reserveHeldSince_ && now - *reserveHeldSince_ >= SCP_RESERVE_LAPSE)
        return true;
    return messages_.hasOutboundLeaving(cost, SCP_RESERVED_MESSAGES) &&
           bytes_.hasOutboundLeaving(cost, SCP_RESERVED_BYTES);
}

std::size_t
FlowControl::addMsgAndMaybeTrimQueue(OutboundMessage msg, ClockTime now, OutboundQueueLimits const& limits)
{
    auto type = msg->type();
    auto index = getMessagePriority(type);
    auto cost = MessageCost::of(*msg);
    switch (type)
    {
    case TRANSACTION:
        // Larger than any peer accepts: it would never flood anyway.
        if (cost.bytes > limits.maxTxSize)
            return 0;
        txQueueByteCount_ += cost.bytes;
        break;
    case FLOOD_DEMAND: demandQueueTxHashCount_ += msg->floodDemand().txHashes.size(); break;
    case FLOOD_ADVERT: advertQueueTxHashCount_ += msg->floodAdvert().txHashes.size(); break;
    default: break;
    }
    QueuedOutboundMessage queued{std::move(msg), now, cost.bytes, false, nextPlace_++};
    if (type == SCP_MESSAGE)
        return trimScpQueue(std::move(queued), limits);
    auto& queue = queues_[index];
    queue.push_back(std::move(queued));

    // Over its limit a queue is far behind: the whole of it goes, and its
    // running count with it (core: FlowControl::addMsgAndMaybeTrimQueue).
    auto dropWholeIf = [&](bool over, std::size_t& count) -> std::size_t {
        if (!over)
            return 0;
        auto n = queue.size();
        count = 0;
        queue.clear();
        beingSent_[index] = 0;
        return n;
    };
    auto const limit = limits.lastMaxTxSetSizeOps;
    std::size_t dropped = 0;
    switch (type)
    {
    case TRANSACTION:
        dropped = dropWholeIf(queue.size() > limit || txQueueByteCount_ > settings_.outboundTxQueueByteLimit,
                              txQueueByteCount_);
        break;
    case FLOOD_ADVERT: dropped = dropWholeIf(advertQueueTxHashCount_ > limit, advertQueueTxHashCount_); break;
    case FLOOD_DEMAND: dropped = dropWholeIf(demandQueueTxHashCount_ > limit, demandQueueTxHashCount_); break;
    default: break;
    }
    return dropped;
}

std::size_t
FlowControl::trimScpQueue(QueuedOutboundMessage msg, OutboundQueueLimits const& limits)
{
    // SCP messages are never dropped in bulk: consensus needs them. Messages
    // for slots we no longer remember go (but the checkpoint's stays), and
    // one older statement superseded by the message just added is replaced
    // by it, in place (core: FlowControl::addMsgAndMaybeTrimQueue). core
    // finds both by scanning the whole queue; the index finds them without.
    // A new message that finds scpQueueLimit waiting sheds the oldest (E41).
    auto& queue = queues_[0];
    auto dropped = sweepForgottenSlots(limits);
    auto const& st = msg.message->envelope().statement;
    ++scpTrimExamined_;
    if (st.slotIndex < limits.minSlotToRemember && st.slotIndex != limits.checkpointSeq)
        return dropped + 1;
    if (auto pos = findSuperseded(st, limits))
    {
        msg.place = queue[*pos].place;
        queue[*pos] = std::move(msg);
        return dropped + 1;
    }
    auto waiting = scpWaiting();
    if (waiting > 0 && waiting >= settings_.scpQueueLimit)
    {
        shedOldestWaitingScp();
        ++dropped;
    }
    scpIndex_.add(ScpQueueIndex::entryOf(st, msg.place));
    queue.push_back(std::move(msg));
    return dropped;
}

void
FlowControl::shedOldestWaitingScp()
{
    // E41: the oldest waiting message makes room; those being sent stay.
    // Erasing it moves the being-sent ones before it: a bounded cost, paid
    // only at the limit.
    auto& queue = queues_[0];
    auto oldest = queue.begin() + static_cast<std::ptrdiff_t>(beingSent_[0]);
    scpIndex_.remove(ScpQueueIndex::entryOf(oldest->message->envelope().statement, oldest->place));
    queue.erase(oldest);
    ++scpShed_;
}

std::size_t
FlowControl::sweepForgottenSlots(OutboundQueueLimits const& limits)
{
    // Each message was checked against the floor when it was queued, so only
    // a move of the floor or of the checkpoint leaves any to sweep, and the
    // index knows which: they leave it, and the queue is swept from the first
    // of them on (those being sent stay, as in core).
    auto& queue = queues_[0];
    auto const floor = limits.minSlotToRemember, checkpoint = limits.checkpointSeq;
    std::optional<std::size_t> first;
    while (auto e = scpIndex_.firstBelow(floor, checkpoint))
    {
        ++scpTrimExamined_;
        auto pos = scpPosition(e->place);
        scpIndex_.remove(*e);
        if (!queue[pos].beingSent)
            first = std::min(first.value_or(pos), pos);
    }
    if (!first)
        return 0;
    auto from = queue.begin() + static_cast<std::ptrdiff_t>(*first);
    auto kept = std::remove_if(from, queue.end(), [&](QueuedOutboundMessage const& q) {
        ++scpTrimExamined_;
        auto slot = q.message->envelope().statement.slotIndex;
        return !q.beingSent && slot < floor && slot != checkpoint;
    });
    auto dropped = static_cast<std::size_t>(queue.end() - kept);
    queue.erase(kept, queue.end());
    return dropped;
}

std::optional<std::size_t>
FlowControl::findSuperseded(SCPStatement const& st, OutboundQueueLimits const& limits)
{
    // The first waiting statement of the same slot and node that `st`
    // supersedes, among the first MAX_SUPERSEDE_CHECKS of them (E39): only
    // those can be superseded (core: SCP::isNewerNominationOrBallotSt).
    using Visit = ScpQueueIndex::Visit;
    if (!limits.isNewerStatement)
        return std::nullopt;
    auto const& queue = queues_[0];
    std::optional<std::size_t> found;
    std::size_t checks = 0;
    scpIndex_.visitSameSlotAndNode(st, [&](ScpQueueIndex::Entry const& e) {
        ++scpTrimExamined_;
        auto pos = scpPosition(e.place);
        if (queue[pos].beingSent)
            return Visit::Forget;
        if (limits.isNewerStatement(queue[pos].message->envelope().statement, st))
        {
            found = pos;
            return Visit::Stop;
        }
        return ++checks < MAX_SUPERSEDE_CHECKS ? Visit::Next : Visit::Stop;
    });
    return found;
}

std::size_t
FlowControl::scpPosition(uint64_t place) const
{
    // Places grow along the queue: a binary search finds one.
    auto const& queue = queues_[0];
    auto it = std::lower_bound(queue.begin(), queue.end(), place,
                               [](QueuedOutboundMessage const& q, uint64_t p) { return q.place < p; });
    assert(it != queue.end() && it->place == place);
    return static_cast<std::size_t>(it - queue.begin());
}

std::vector<FlowControl::QueuedOutboundMessage>
FlowControl::getNextBatchToSend(ClockTime now, uint64_t byteBudget)
{
    // The messages already handed to the socket lead each queue: the walk
    // starts after them, so a send costs what it sends, however many wait
    // at the socket (up to PEER_FLOOD_WRITE_QUEUE_BYTES of them, E36).
    std::vector<QueuedOutboundMessage> batch;
    for (std::size_t i = 0; i < queues_.size(); ++i)
    {
        auto& queue = queues_[i];
        bool belowScp = i != 0;
        for (auto it = queue.begin() + static_cast<std::ptrdiff_t>(beingSent_[i]); it != queue.end(); ++it)
        {
            if (byteBudget == 0)
                return batch;
            ++batchExamined_;
            auto& queued = *it;
            MessageCost cost{true, queued.bytes};
            if (!hasOutboundCapacity(cost))
            {
                // Blocked: (re)start the clock that only SEND_MORE_EXTENDED stops (E05).
                noOutboundCapacity_ = now;
                break;
            }
            if (belowScp && !leavesScpReserve(cost, now))
            {
                // E40: what is left is kept for SCP_MESSAGE; blocked as above.
                noOutboundCapacity_ = now;
                if (!reserveHeldSince_)
                    reserveHeldSince_ = now;
                break;
            }
            queued.beingSent = true;
            ++beingSent_[i];
            messages_.lockOutbound(cost);
            bytes_.lockOutbound(cost);
            byteBudget -= std::min(byteBudget, queued.bytes);
            batch.push_back(queued);
        }
    }
    return batch;
}

void
FlowControl::processSentMessages(FloodQueues<OutboundMessage> const& sent)
{
    for (std::size_t i = 0; i < sent.size(); ++i)
    {
        auto& queue = queues_[i];
        for (auto const& msg : sent[i])
        {
            // A queue dropped whole since: nothing to pop for this one.
            if (queue.empty() || !queue.front().beingSent || queue.front().message != msg)
                continue;
            auto const& front = queue.front();
            switch (front.message->type())
            {
            case TRANSACTION:
                assert(txQueueByteCount_ >= front.bytes);
                txQueueByteCount_ -= front.bytes;
                break;
            case FLOOD_DEMAND:
                assert(demandQueueTxHashCount_ >= front.message->floodDemand().txHashes.size());
                demandQueueTxHashCount_ -= front.message->floodDemand().txHashes.size();
                break;
            case FLOOD_ADVERT:
                assert(advertQueueTxHashCount_ >= front.message->floodAdvert().txHashes.size());
                advertQueueTxHashCount_ -= front.message->floodAdvert().txHashes.size();
                break;
            case SCP_MESSAGE:
                scpIndex_.remove(ScpQueueIndex::entryOf(front.message->envelope().statement, front.place));
                break;
            default: break;
            }
            queue.pop_front();
            assert(beingSent_[i] > 0);
            --beingSent_[i];
        }
    }
}

void
FlowControl::handleTxSizeIncrease(uint32_t increase)
{
    bytes_.increaseFloodLimit(increase);
}

}
