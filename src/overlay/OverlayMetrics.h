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

// Times the processing of one received message, as core does: a timer per
// message type, per SCP statement type for SCP_MESSAGE too, and for
// TRANSACTION core's simple timer (overlay.recv-transaction.{sum,count,max}, in
// microseconds).
class RecvTiming
{
  public:
    RecvTiming(MetricsRegistry& metrics, StellarMessage const& msg, Clock const& clock);
    ~RecvTiming();
    RecvTiming(RecvTiming const&) = delete;
    RecvTiming& operator=(RecvTiming const&) = delete;

  private:
    MetricsRegistry& metrics_;
    StellarMessage const& msg_;
    Clock const& clock_;
    ClockTime start_;
};

void declareOverlayMetrics(MetricsRegistry& metrics);

}
