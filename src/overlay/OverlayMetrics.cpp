#include "overlay/OverlayMetrics.h"

#include "overlay/DropCause.h"

#include <fmt/format.h>

#include <map>

namespace stellar
{

namespace
{
// Every message type, for declaring its series.
constexpr MessageType MESSAGE_TYPES[]{ERROR_MSG,
                                      AUTH,
                                      DONT_HAVE,
                                      PEERS,
                                      GET_TX_SET,
                                      TX_SET,
                                      GENERALIZED_TX_SET,
                                      TRANSACTION,
                                      GET_SCP_QUORUMSET,
                                      SCP_QUORUMSET,
                                      SCP_MESSAGE,
                                      GET_SCP_STATE,
                                      HELLO,
                                      SEND_MORE,
                                      SEND_MORE_EXTENDED,
                                      FLOOD_ADVERT,
                                      FLOOD_DEMAND,
                                      TIME_SLICED_SURVEY_REQUEST,
                                      TIME_SLICED_SURVEY_RESPONSE,
                                      TIME_SLICED_SURVEY_START_COLLECTING,
                                      TIME_SLICED_SURVEY_STOP_COLLECTING};

// core's name for a message type in metric names.
std::string_view
coreWord(MessageType type)
{
    switch (type)
    {
    case ERROR_MSG: return "error";
    case AUTH: return "auth";
    case DONT_HAVE: return "dont-have";
    case PEERS: return "peers";
    case GET_TX_SET: return "get-txset";
    case TX_SET:
    case GENERALIZED_TX_SET: return "txset";
    case TRANSACTION: return "transaction";
    case GET_SCP_QUORUMSET: return "get-scp-qset";
    case SCP_QUORUMSET: return "scp-qset";
    case SCP_MESSAGE: return "scp-message";
    case GET_SCP_STATE: return "get-scp-state";
    case HELLO: return "hello";
    case SEND_MORE:
    case SEND_MORE_EXTENDED: return "send-more";
    case FLOOD_ADVERT: return "flood-advert";
    case FLOOD_DEMAND: return "flood-demand";
    case TIME_SLICED_SURVEY_REQUEST: return "survey-request";
    case TIME_SLICED_SURVEY_RESPONSE: return "survey-response";
    case TIME_SLICED_SURVEY_START_COLLECTING: return "start-survey-collecting";
    case TIME_SLICED_SURVEY_STOP_COLLECTING: return "stop-survey-collecting";
    }
    return "unknown";
}

std::string_view
scpStatementTimer(SCPStatementType type)
{
    switch (type)
    {
    case SCP_ST_PREPARE: return "overlay.recv.scp-prepare";
    case SCP_ST_CONFIRM: return "overlay.recv.scp-confirm";
    case SCP_ST_EXTERNALIZE: return "overlay.recv.scp-externalize";
    case SCP_ST_NOMINATE: return "overlay.recv.scp-nominate";
    }
    return "overlay.recv.scp-nominate";
}

struct Declared
{
    char const* name;
    MetricKind kind;
    char const* eventType;
};

// core: OverlayMetrics::OverlayMetrics, PeersList, Floodgate, PendingEnvelopes.
constexpr Declared CORE_SERIES[]{
    {"overlay.message.read", MetricKind::Meter, "message"},
    {"overlay.message.write", MetricKind::Meter, "message"},
    {"overlay.message.drop", MetricKind::Meter, "message"},
    {"overlay.async.read", MetricKind::Meter, "call"},
    {"overlay.async.write", MetricKind::Meter, "call"},
    {"overlay.byte.read", MetricKind::Meter, "byte"},
    {"overlay.byte.write", MetricKind::Meter, "byte"},
    {"overlay.connection.latency", MetricKind::Timer, ""},
    {"overlay.connection.read-throttle", MetricKind::Timer, ""},
    {"overlay.connection.flood-throttle", MetricKind::Timer, ""},
    {"overlay.item-fetcher.next-peer", MetricKind::Meter, "item-fetcher"},
    {"overlay.recv.scp-prepare", MetricKind::Timer, ""},
    {"overlay.recv.scp-confirm", MetricKind::Timer, ""},
    {"overlay.recv.scp-nominate", MetricKind::Timer, ""},
    {"overlay.recv.scp-externalize", MetricKind::Timer, ""},
    {"overlay.recv.tx-batch", MetricKind::Timer, ""},
    {"overlay.recv-transaction.sum", MetricKind::Counter, ""},
    {"overlay.recv-transaction.count", MetricKind::Counter, ""},
    {"overlay.recv-transaction.max", MetricKind::Counter, ""},
    {"overlay.delay.write-queue", MetricKind::Timer, ""},
    {"overlay.delay.async-write", MetricKind::Timer, ""},
    {"overlay.outbound-queue.scp", MetricKind::Timer, ""},
    {"overlay.outbound-queue.tx", MetricKind::Timer, ""},
    {"overlay.outbound-queue.advert", MetricKind::Timer, ""},
    {"overlay.outbound-queue.demand", MetricKind::Timer, ""},
    {"overlay.outbound-queue.drop-scp", MetricKind::Meter, "message"},
    {"overlay.outbound-queue.drop-tx", MetricKind::Meter, "message"},
    {"overlay.outbound-queue.drop-advert", MetricKind::Meter, "message"},
    {"overlay.outbound-queue.drop-demand", MetricKind::Meter, "message"},
    {"overlay.flood.demanded", MetricKind::Meter, "message"},
    {"overlay.flood.fulfilled", MetricKind::Meter, "message"},
    {"overlay.flood.unfulfilled-banned", MetricKind::Meter, "message"},
    {"overlay.flood.unfulfilled-unknown", MetricKind::Meter, "message"},
    {"overlay.flood.tx-pull-latency", MetricKind::Timer, ""},
    {"overlay.flood.peer-tx-pull-latency", MetricKind::Timer, ""},
    {"overlay.demand.timeout", MetricKind::Meter, "timeout"},
    {"overlay.flood.relevant-txs", MetricKind::Meter, "transaction"},
    {"overlay.flood.irrelevant-txs", MetricKind::Meter, "transaction"},
    {"overlay.flood.abandoned-demands", MetricKind::Meter, "message"},
    {"overlay.message.broadcast", MetricKind::Meter, "message"},
    {"overlay.connection.pending", MetricKind::Counter, ""},
    {"overlay.connection.authenticated", MetricKind::Counter, ""},
    {"overlay.flood.unique-recv", MetricKind::Meter, "byte"},
    {"overlay.flood.duplicate-recv", MetricKind::Meter, "byte"},
    {"overlay.fetch.unique-recv", MetricKind::Meter, "byte"},
    {"overlay.fetch.duplicate-recv", MetricKind::Meter, "byte"},
    {"overlay.memory.flood-known", MetricKind::Counter, ""},
    {"overlay.flood.broadcast", MetricKind::Meter, "message"},
    {"overlay.flood.advertised", MetricKind::Meter, "message"},
    {"overlay.inbound.live", MetricKind::Counter, ""},
    {"overlay.fetch.txset", MetricKind::Timer, ""},
    {"overlay.fetch.qset", MetricKind::Timer, ""},
    // herder/PendingEnvelopes.cpp's, for the fetching half it has here
    {"scp.pending.fetching", MetricKind::Counter, ""},
    {"scp.pending.discarded", MetricKind::Counter, ""},
    {"scp.fetch.envelope", MetricKind::Timer, ""},
    {"overlay.inbound.attempt", MetricKind::Meter, "connection"},
    {"overlay.inbound.establish", MetricKind::Meter, "connection"},
    {"overlay.inbound.drop", MetricKind::Meter, "connection"},
    {"overlay.inbound.reject", MetricKind::Meter, "connection"},
    {"overlay.outbound.attempt", MetricKind::Meter, "connection"},
    {"overlay.outbound.establish", MetricKind::Meter, "connection"},
    {"overlay.outbound.drop", MetricKind::Meter, "connection"},
    {"overlay.outbound.cancel", MetricKind::Meter, "connection"},
};

constexpr Declared OUR_SERIES[]{
    {"overlay.failure.counted", MetricKind::Meter, "failure"},
    {"overlay.ban.automatic", MetricKind::Meter, "ban"},
    {"overlay.tick", MetricKind::Meter, "tick"},
    {"overlay.dns.resolve", MetricKind::Meter, "resolve"},
    {"overlay.flood.tx-accepted", MetricKind::Meter, "transaction"},
    {"overlay.flood.tx-duplicate", MetricKind::Meter, "transaction"},
    {"overlay.flood.tx-rejected", MetricKind::Meter, "transaction"},
    {"overlay.flood.scp-over-budget", MetricKind::Meter, "envelope"},
    {"overlay.flood.scp-forgotten", MetricKind::Meter, "envelope"},
    {"overlay.memory.scp-relayed", MetricKind::Counter, ""},
    {"overlay.error.message-processing", MetricKind::Meter, "error"},
    {"overlay.inbound.pending", MetricKind::Counter, ""},
    {"overlay.inbound.authenticated", MetricKind::Counter, ""},
    {"overlay.outbound.pending", MetricKind::Counter, ""},
    {"overlay.outbound.authenticated", MetricKind::Counter, ""},
};

// core's meters that count a drop cause we already count as overlay.drop.<cause>.
constexpr std::pair<char const*, DropCause> DROP_ALIASES[]{
    {"overlay.timeout.idle", DropCause::IdleTimeout},
    {"overlay.timeout.straggler", DropCause::Straggling},
    {"overlay.error.read", DropCause::ReadError},
    {"overlay.error.write", DropCause::WriteError},
};
}

namespace
{
std::map<MessageType, std::string>
namesWithPrefix(std::string_view prefix)
{
    std::map<MessageType, std::string> m;
    for (auto t : MESSAGE_TYPES)
        m[t] = fmt::format("{}{}", prefix, coreWord(t));
    return m;
}
}

std::string_view
recvMetricName(MessageType type)
{
    static auto const names = namesWithPrefix("overlay.recv.");
    return names.at(type);
}

std::string_view
sendMetricName(MessageType type)
{
    static auto const names = namesWithPrefix("overlay.send.");
    return names.at(type);
}

std::string_view
outboundQueueName(MessageType type)
{
    switch (type)
    {
    case SCP_MESSAGE: return "scp";
    case TRANSACTION: return "tx";
    case FLOOD_ADVERT: return "advert";
    default: return "demand";
    }
}

RecvTiming::RecvTiming(MessageMetrics& metrics, StellarMessage const& msg, Clock const& clock)
    : metrics_(metrics), msg_(msg), clock_(clock), start_(clock.now())
{
}

RecvTiming::~RecvTiming()
{
    auto elapsed = clock_.now() - start_;
    auto type = msg_.type();
    if (type == TRANSACTION)
    {
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
        metrics_.recvTransactionSum.inc(micros);
        metrics_.recvTransactionCount.inc();
        auto& max = metrics_.recvTransactionMax;
        max.set(std::max(max.count(), static_cast<int64_t>(micros)));
        return;
    }
    metrics_.recv(type).update(elapsed);
    if (type == SCP_MESSAGE)
        metrics_.recvStatement(msg_.envelope().statement.pledges.type()).update(elapsed);
}

void
declareOverlayMetrics(MetricsRegistry& metrics)
{
    for (auto const& s : CORE_SERIES)
        metrics.declare(s.name, s.kind, s.eventType);
    for (auto t : MESSAGE_TYPES)
    {
        if (t != TRANSACTION)
            metrics.declare(recvMetricName(t), MetricKind::Timer);
        metrics.declare(sendMetricName(t), MetricKind::Meter, "message");
    }
    for (auto const& s : OUR_SERIES)
        metrics.declare(s.name, s.kind, s.eventType);
    for (auto const& row : dropCauseTable())
        metrics.declare(fmt::format("overlay.drop.{}", row.metric), MetricKind::Meter, "connection");
    for (auto const& [name, cause] : DROP_ALIASES)
        metrics.alias(name, fmt::format("overlay.drop.{}", dropCauseRow(cause).metric));
}

namespace
{
// The outbound queue of a flood message type, as outboundQueueName names it.
std::size_t
queueIndex(MessageType type)
{
    switch (type)
    {
    case SCP_MESSAGE: return 0;
    case TRANSACTION: return 1;
    case FLOOD_ADVERT: return 2;
    default: return 3;
    }
}

MetricsRegistry&
declared(MetricsRegistry& metrics)
{
    declareOverlayMetrics(metrics);
    return metrics;
}
}

MessageMetrics::MessageMetrics(MetricsRegistry& metrics)
    : messageRead(declared(metrics).counter("overlay.message.read"))
    , byteRead(metrics.counter("overlay.byte.read"))
    , messageWrite(metrics.counter("overlay.message.write"))
    , byteWrite(metrics.counter("overlay.byte.write"))
    , messageBroadcast(metrics.counter("overlay.message.broadcast"))
    , floodBroadcast(metrics.counter("overlay.flood.broadcast"))
    , floodKnown(metrics.counter("overlay.memory.flood-known"))
    , txAccepted(metrics.counter("overlay.flood.tx-accepted"))
    , txDuplicate(metrics.counter("overlay.flood.tx-duplicate"))
    , txRejected(metrics.counter("overlay.flood.tx-rejected"))
    , floodDemanded(metrics.counter("overlay.flood.demanded"))
    , floodFulfilled(metrics.counter("overlay.flood.fulfilled"))
    , floodUnfulfilledUnknown(metrics.counter("overlay.flood.unfulfilled-unknown"))
    , txPullLatency(metrics.timer("overlay.flood.tx-pull-latency"))
    , peerTxPullLatency(metrics.timer("overlay.flood.peer-tx-pull-latency"))
    , recvTransactionSum(metrics.counter("overlay.recv-transaction.sum"))
    , recvTransactionCount(metrics.counter("overlay.recv-transaction.count"))
    , recvTransactionMax(metrics.counter("overlay.recv-transaction.max"))
    , floodUniqueRecv(metrics.counter("overlay.flood.unique-recv"))
    , floodDuplicateRecv(metrics.counter("overlay.flood.duplicate-recv"))
    , fetchUniqueRecv(metrics.counter("overlay.fetch.unique-recv"))
    , fetchDuplicateRecv(metrics.counter("overlay.fetch.duplicate-recv"))
{
    for (auto t : MESSAGE_TYPES)
    {
        send_.at(static_cast<std::size_t>(t)) = &metrics.counter(sendMetricName(t));
        if (t != TRANSACTION)
            recv_.at(static_cast<std::size_t>(t)) = &metrics.timer(recvMetricName(t));
    }
    for (auto st : {SCP_ST_PREPARE, SCP_ST_CONFIRM, SCP_ST_EXTERNALIZE, SCP_ST_NOMINATE})
        recvStatement_.at(static_cast<std::size_t>(st)) = &metrics.timer(scpStatementTimer(st));
    for (auto t : {SCP_MESSAGE, TRANSACTION, FLOOD_ADVERT, FLOOD_DEMAND})
    {
        auto queue = outboundQueueName(t);
        outboundQueue_[queueIndex(t)] = &metrics.timer(fmt::format("overlay.outbound-queue.{}", queue));
        outboundQueueDrop_[queueIndex(t)] = &metrics.counter(fmt::format("overlay.outbound-queue.drop-{}", queue));
    }
}

TimerMetric&
MessageMetrics::recvStatement(SCPStatementType type)
{
    return *recvStatement_.at(static_cast<std::size_t>(type));
}

TimerMetric&
MessageMetrics::outboundQueue(MessageType type)
{
    return *outboundQueue_[queueIndex(type)];
}

Counter&
MessageMetrics::outboundQueueDrop(MessageType type)
{
    return *outboundQueueDrop_[queueIndex(type)];
}

}
