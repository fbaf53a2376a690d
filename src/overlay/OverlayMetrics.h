#pragma once
// The overlay's metrics under stellar-core's medida names and kinds (core:
// OverlayMetrics, OverlayManagerImpl::PeersList, Floodgate), so that the
// Prometheus exporter and core's Grafana dashboards read this node as they
// read core. Every series is declared when the overlay starts, so each one
// exists from start. Ours beyond core's are declared here too:
// overlay.drop.<cause>, overlay.failure.counted, overlay.ban.automatic,
// overlay.tick, overlay.dns.resolve, overlay.flood.tx-{accepted,duplicate,
// rejected}, overlay.error.message-processing and the per-direction
// overlay.{inbound,outbound}.{pending,authenticated} counters.

#include "util/Metrics.h"
#include "xdr/StellarXdr.h"

#include <array>
#include <string>
#include <string_view>

namespace stellar
{

// "overlay.recv.hello", "overlay.recv.scp-message", ... (core: Peer::recvRawMessage's timers).
std::string_view recvMetricName(MessageType type);
// "overlay.send.hello", ... (core: Peer::sendMessage's meters).
std::string_view sendMetricName(MessageType type);
// "scp", "tx", "advert", "demand": the outbound queue a flood message waits in
// (core: overlay.outbound-queue.<queue> timers, overlay.outbound-queue.drop-<queue> meters).
std::string_view outboundQueueName(MessageType type);

void declareOverlayMetrics(MetricsRegistry& metrics);

// The series that every message received or sent touches, resolved once
// (after declareOverlayMetrics, under the same names and kinds) so that no
// message pays for a look-up by name. The references stay valid: the registry
// never erases a metric, and clear() zeroes them in place.
class MessageMetrics
{
  public:
    // Declares every overlay series (declareOverlayMetrics), then resolves.
    explicit MessageMetrics(MetricsRegistry& metrics);

    Counter& messageRead;  // overlay.message.read
    Counter& byteRead;     // overlay.byte.read
    Counter& messageWrite; // overlay.message.write
    Counter& byteWrite;    // overlay.byte.write
    Counter& messageBroadcast;
    Counter& floodBroadcast;
    Counter& floodKnown; // overlay.memory.flood-known
    Counter& txAccepted; // overlay.flood.tx-accepted, -duplicate, -rejected
    Counter& txDuplicate;
    Counter& txRejected;
    Counter& floodDemanded;
    Counter& floodFulfilled;
    Counter& floodUnfulfilledUnknown;
    TimerMetric& txPullLatency;
    TimerMetric& peerTxPullLatency;
    Counter& recvTransactionSum; // overlay.recv-transaction.{sum,count,max}
    Counter& recvTransactionCount;
    Counter& recvTransactionMax;
    Counter& floodUniqueRecv; // overlay.{flood,fetch}.{unique,duplicate}-recv
    Counter& floodDuplicateRecv;
    Counter& fetchUniqueRecv;
    Counter& fetchDuplicateRecv;

    // overlay.send.<type>
    Counter& send(MessageType type) { return *send_.at(static_cast<std::size_t>(type)); }
    // overlay.recv.<type> (TRANSACTION has core's simple timer instead)
    TimerMetric& recv(MessageType type) { return *recv_.at(static_cast<std::size_t>(type)); }
    // overlay.recv.scp-<statement>
    TimerMetric& recvStatement(SCPStatementType type);
    // overlay.outbound-queue.<queue> and overlay.outbound-queue.drop-<queue>
    // of a flood message type's queue.
    TimerMetric& outboundQueue(MessageType type);
    Counter& outboundQueueDrop(MessageType type);

  private:
    static constexpr std::size_t TYPES = TIME_SLICED_SURVEY_STOP_COLLECTING + 1;
    std::array<Counter*, TYPES> send_{};
    std::array<TimerMetric*, TYPES> recv_{};
    std::array<TimerMetric*, 4> recvStatement_{};
    std::array<TimerMetric*, 4> outboundQueue_{};
    std::array<Counter*, 4> outboundQueueDrop_{};
};

// Times the processing of one received message, as core does: a timer per
// message type, per SCP statement type for SCP_MESSAGE too, and for
// TRANSACTION core's simple timer (overlay.recv-transaction.{sum,count,max}, in
// microseconds).
class RecvTiming
{
  public:
    RecvTiming(MessageMetrics& metrics, StellarMessage const& msg, Clock const& clock);
    ~RecvTiming();
    RecvTiming(RecvTiming const&) = delete;
    RecvTiming& operator=(RecvTiming const&) = delete;

  private:
    MessageMetrics& metrics_;
    StellarMessage const& msg_;
    Clock const& clock_;
    ClockTime start_;
};

}
