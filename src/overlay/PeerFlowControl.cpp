// The Peer's part of flow control and flooding (spec 8, 9): capacity taken
// and given back per message (with CapacityTrackedMessage), SEND_MORE_EXTENDED
// received and returned, flood messages queued and sent within the remote's
// grant, and pull-mode adverts and demands with their per-peer limits (G16).
// The decisions are FlowControl's, TxAdverts' and FloodBudget's; this file
// only connects them to the wire.

#include "overlay/CapacityTrackedMessage.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/OverlayMetrics.h"
#include "overlay/Peer.h"
#include "util/Limits.h"

namespace stellar
{

bool
Peer::beginMessageProcessing(MessageCost cost)
{
    if (flowControl_.beginMessageProcessing(cost))
        return true;
    drop(DropCause::FloodAtCapacity);
    return false;
}

void
Peer::endMessageProcessing(MessageCost cost)
{
    if (isClosing())
        return;
    auto res = flowControl_.endMessageProcessing(cost);
    if (res.numFloodMessages > 0 || res.numFloodBytes > 0)
        sendSendMore(static_cast<uint32_t>(res.numFloodMessages), static_cast<uint32_t>(res.numFloodBytes));
    // A full PEER_READING_CAPACITY processed: reading resumes (E24).
    if (flowControl_.isThrottled() && res.numTotalMessages > 0)
    {
        overlay_.metrics().timer("overlay.connection.read-throttle").update(flowControl_.stopThrottling(clock_.now()));
        transport_->resumeReading();
    }
}

void
Peer::onSendMore(StellarMessage const& msg)
{
    if (auto cause = flowControl_.checkSendMore(msg))
        return drop(*cause);
    if (auto blocked = flowControl_.maybeReleaseCapacity(msg.sendMoreExtendedMessage(), clock_.now()))
        overlay_.metrics().timer("overlay.connection.flood-throttle").update(*blocked);
    maybeSendNextBatch();
}

void
Peer::onFloodAdvert(FloodAdvert const& advert)
{
    auto& app = overlay_.app();
    auto repeats = txAdverts_.queueIncomingAdvert(advert.txHashes, app.trackingLedgerSeq(), app.maxTxSetSizeOps());
    if (!floodBudget_.spend(repeats, clock_.now(), queryWindow(app.expectedLedgerCloseTime())))
        return drop(DropCause::UnexplainedFloodTraffic);
}

void
Peer::onFloodDemand(FloodDemand const& demand)
{
    auto now = clock_.now();
    auto repeats = floodBudget_.countRepeatedDemands(demand.txHashes, now);
    if (!floodBudget_.spend(repeats, now, queryWindow(overlay_.app().expectedLedgerCloseTime())))
        return drop(DropCause::UnexplainedFloodTraffic);
    overlay_.recvTxDemand(*this, demand);
}

void
Peer::sendMessage(OutboundMessage msg)
{
    if (isClosing())
        return;
    if (!isFloodMessage(msg->type()))
        return sendAuthenticatedMessage(*msg);
    // Flood messages never go beyond the remote's grant: they queue, and
    // leave in priority order as credit allows (spec 8.5, 8.6).
    auto type = msg->type();
    if (auto dropped = flowControl_.addMsgAndMaybeTrimQueue(std::move(msg), clock_.now(), outboundQueueLimits()))
        overlay_.messageMetrics().outboundQueueDrop(type).inc(static_cast<int64_t>(dropped));
    maybeSendNextBatch();
}

OutboundQueueLimits
Peer::outboundQueueLimits() const
{
    auto& app = overlay_.app();
    OutboundQueueLimits limits;
    limits.maxTxSize = app.maxTxSize();
    limits.lastMaxTxSetSizeOps = app.maxTxSetSizeOps();
    limits.minSlotToRemember = app.minLedgerSeqToRemember();
    limits.checkpointSeq = app.mostRecentCheckpointSeq();
    limits.isNewerStatement = [&app](SCPStatement const& older, SCPStatement const& newer) {
        return app.isNewerNominationOrBallotSt(older, newer);
    };
    return limits;
}

void
Peer::maybeSendNextBatch()
{
    // Flood messages go to the socket only while its queue holds less than
    // PEER_FLOOD_WRITE_QUEUE_BYTES; the rest wait in FlowControl's queues,
    // where load shedding applies, until writes make room (onWritten, E36).
    auto queuedBytes = transport_->queuedBytes();
    uint64_t room = queuedBytes < PEER_FLOOD_WRITE_QUEUE_BYTES ? PEER_FLOOD_WRITE_QUEUE_BYTES - queuedBytes : 0;
    auto now = clock_.now();
    for (auto& queued : flowControl_.getNextBatchToSend(now, room))
    {
        overlay_.messageMetrics().outboundQueue(queued.message->type()).update(now - queued.timeEmplaced);
        sendAuthenticatedMessage(*queued.message, queued.message);
    }
    floodAwaitsSocket_ = transport_->queuedBytes() >= PEER_FLOOD_WRITE_QUEUE_BYTES;
}

bool
Peer::sendAdvert(Hash const& txHash)
{
    // It told us about this one: it has it.
    if (txAdverts_.seenAdvert(txHash))
        return false;
    txAdverts_.queueOutgoingAdvert(txHash, overlay_.maxAdvertSize());
    return true;
}

void
Peer::sendTxDemand(TxDemandVector hashes)
{
    if (hashes.empty())
        return;
    overlay_.messageMetrics().floodDemanded.inc(static_cast<int64_t>(hashes.size()));
    StellarMessage msg;
    msg.type(FLOOD_DEMAND);
    msg.floodDemand().txHashes = std::move(hashes);
    sendMessage(msg);
}

void
Peer::clearBelow(uint32_t ledgerSeq)
{
    txAdverts_.clearBelow(ledgerSeq);
}

void
Peer::handleMaxTxSizeIncrease(uint32_t increase)
{
    if (increase == 0 || isClosing())
        return;
    flowControl_.handleTxSizeIncrease(increase);
    // The remote may be blocked on bytes: tell it about the room now.
    sendSendMore(0, increase);
}

}
