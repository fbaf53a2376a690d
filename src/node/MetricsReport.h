#pragma once
// The admin `metrics` answer. As JSON it is what stellar-core's medida
// JsonReporter prints ({"ts", "uname", "metrics": {name: {...}}}: counters with
// count; meters with count, event_type, rate_unit "s" and mean/1/5/15-minute
// rates; timers with those plus duration_unit "ms", min, max, mean, stddev,
// sum, median and the 75/95/98/99/99.9/100% percentiles). With
// format=prometheus it is Prometheus text exposition under the names
// stellar-core-prometheus-exporter gives core's metrics
// ("stellar_core_overlay_byte_read", timers as "..._seconds" summaries) plus
// the gauges it derives from `info` (stellar_core_ledger_num,
// stellar_core_peers_authenticated_count, stellar_core_synced,
// stellar_core_started_on, ...), so that core's Grafana dashboards read this
// node without the exporter.

#include "node/AdminServer.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stellar
{

class MetricsRegistry;
class Node;

// `enable`: core's filter, comma-separated metric names or domains ("overlay").
nlohmann::json medidaJson(MetricsRegistry& metrics, std::string const& enable);
// `info`: the admin info answer ({"info": {...}}).
std::string prometheusText(MetricsRegistry& metrics, nlohmann::json const& info);

AdminResponse metricsAnswer(Node& node, std::string const& enable, std::string const& format);

// The exporter's name for a medida metric: "overlay.byte.read" ->
// "stellar_core_overlay_byte_read".
std::string prometheusName(std::string const& medidaName);

}
