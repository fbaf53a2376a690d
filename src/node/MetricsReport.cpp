#include "node/MetricsReport.h"

#include "node/Node.h"
#include "node/NodeInfo.h"
#include "util/Metrics.h"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <set>
#include <sstream>

namespace stellar
{

namespace
{
using json = nlohmann::json;

double
millis(double nanoseconds)
{
    return nanoseconds / 1e6;
}

double
millis(ClockDuration d)
{
    return millis(static_cast<double>(d.count()));
}

void
addRates(json& j, Rates const& rates, uint64_t count, ClockTime now)
{
    j["rate_unit"] = "s";
    j["mean_rate"] = rates.meanRate(count, now);
    j["1_min_rate"] = rates.oneMinuteRate();
    j["5_min_rate"] = rates.fiveMinuteRate();
    j["15_min_rate"] = rates.fifteenMinuteRate();
}

json
entryJson(MetricsRegistry::Entry const& e, ClockTime now)
{
    json j;
    switch (e.kind)
    {
    case MetricKind::Counter:
        j["type"] = "counter";
        j["count"] = e.counter->count();
        break;
    case MetricKind::Meter:
        j["type"] = "meter";
        j["count"] = e.counter->count();
        j["event_type"] = e.eventType;
        addRates(j, *e.rates, static_cast<uint64_t>(e.counter->count()), now);
        break;
    case MetricKind::Timer:
    {
        auto const& t = *e.timer;
        j["type"] = "timer";
        j["count"] = t.count();
        j["event_type"] = e.eventType;
        addRates(j, *e.rates, t.count(), now);
        j["duration_unit"] = "ms";
        j["min"] = millis(t.min());
        j["max"] = millis(t.max());
        j["mean"] = millis(t.meanNanoseconds());
        j["stddev"] = millis(t.stddevNanoseconds());
        j["sum"] = millis(t.sum());
        j["median"] = millis(t.percentile(0.5));
        j["75%"] = millis(t.percentile(0.75));
        j["95%"] = millis(t.percentile(0.95));
        j["98%"] = millis(t.percentile(0.98));
        j["99%"] = millis(t.percentile(0.99));
        j["99.9%"] = millis(t.percentile(0.999));
        j["100%"] = millis(t.windowMax());
        break;
    }
    }
    return j;
}

bool
enabled(std::set<std::string> const& filter, std::string const& name)
{
    if (filter.empty())
        return true;
    return filter.count(name) || filter.count(name.substr(0, name.find('.')));
}

std::string
hostName()
{
    char buf[256] = {};
    return ::gethostname(buf, sizeof(buf) - 1) == 0 ? std::string(buf) : std::string("localhost");
}

struct PromWriter
{
    std::string out;
    void
    family(std::string const& name, std::string type, std::string const& help)
    {
        // Prometheus reserves these suffixes for summaries and histograms; the
        // exporter's names have them (stellar_core_peers_authenticated_count).
        auto endsWith = [&](std::string_view s) { return name.size() > s.size() && name.ends_with(s); };
        if (type != "summary" && (endsWith("_count") || endsWith("_sum") || endsWith("_bucket")))
            type = "untyped";
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
    }
    void
    sample(std::string const& name, double value, std::string const& labels = "")
    {
        out += fmt::format("{}{} {}\n", name, labels.empty() ? "" : "{" + labels + "}", value);
    }
    void
    gauge(std::string const& name, double value, std::string const& help)
    {
        family(name, "gauge", help);
        sample(name, value);
    }
};

// The exporter's gauges from `info` (stellar-core-prometheus-exporter: do_GET).
void
infoGauges(PromWriter& w, json const& info)
{
    static std::pair<char const*, char const*> const LEDGER[]{
        {"age", "age"},         {"baseFee", "base_fee"}, {"baseReserve", "base_reserve"}, {"closeTime", "close_time"},
        {"maxTxSetSize", "max_tx_set_size"}, {"num", "num"},   {"version", "version"}};
    for (auto const& [core, prom] : LEDGER)
        w.gauge(fmt::format("stellar_core_ledger_{}", prom), info["ledger"][core].get<double>(),
                fmt::format("Stellar core ledger metric name: {}", core));
    auto const& qset = info["quorum"]["qset"];
    for (auto metric : {"agree", "delayed", "disagree", "fail_at", "missing"})
        if (qset.contains(metric))
            w.gauge(fmt::format("stellar_core_quorum_{}", metric), qset[metric].get<double>(),
                    fmt::format("Stellar core quorum metric: {}", metric));
    if (qset.contains("phase"))
    {
        auto phase = qset["phase"].get<std::string>();
        for (auto metric : {"unknown", "prepare", "confirm", "externalize"})
        {
            std::string lower;
            for (char c : phase)
                lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            w.gauge(fmt::format("stellar_core_quorum_phase_{}", metric), lower == metric ? 1 : 0,
                    fmt::format("Stellar core quorum phase {}", metric));
        }
    }
    w.gauge("stellar_core_peers_authenticated_count", info["peers"]["authenticated_count"].get<double>(),
            "Stellar core authenticated_count count");
    w.gauge("stellar_core_peers_pending_count", info["peers"]["pending_count"].get<double>(),
            "Stellar core pending_count count");
    w.gauge("stellar_core_protocol_version", info["protocol_version"].get<double>(), "Stellar core protocol_version");
    auto state = info["state"].get<std::string>();
    std::string lowerState;
    for (char c : state)
        lowerState += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto metric : {"booting", "joining scp", "connected", "catching up", "synced", "stopping"})
    {
        std::string name = metric;
        std::replace(name.begin(), name.end(), ' ', '_');
        w.gauge("stellar_core_" + name, lowerState.rfind(metric, 0) == 0 ? 1 : 0,
                fmt::format("Stellar core state {}", metric));
    }
    std::tm tm{};
    std::istringstream(info["startedOn"].get<std::string>()) >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
    w.gauge("stellar_core_started_on", static_cast<double>(::timegm(&tm)), "Stellar core start time in epoch");
}
}

std::string
prometheusName(std::string const& medidaName)
{
    std::string out = "stellar_core_";
    for (char c : medidaName)
        out += c == '.' || c == '-' || std::isspace(static_cast<unsigned char>(c))
                   ? '_'
                   : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

json
medidaJson(MetricsRegistry& metrics, std::string const& enable)
{
    std::set<std::string> filter;
    std::stringstream names(enable);
    for (std::string name; std::getline(names, name, ',');)
        filter.insert(name);
    json all = json::object();
    auto now = metrics.now();
    for (auto const& [name, e] : metrics.all())
        if (enabled(filter, name))
            all[name] = entryJson(e, now);
    return json{{"ts", isoTime(std::chrono::system_clock::now())}, {"uname", hostName()}, {"metrics", all}};
}

std::string
prometheusText(MetricsRegistry& metrics, json const& info)
{
    PromWriter w;
    for (auto const& [medidaName, e] : metrics.all())
    {
        auto name = prometheusName(medidaName);
        switch (e.kind)
        {
        case MetricKind::Counter:
            w.family(name, "gauge", "libmedida metric type: counter");
            w.sample(name, static_cast<double>(e.counter->count()));
            break;
        case MetricKind::Meter:
            // The exporter says "counter", but without the "_total" that
            // Prometheus expects of one; core's dashboards use the bare name.
            w.family(name, "untyped", "libmedida metric type: meter");
            w.sample(name, static_cast<double>(e.counter->count()));
            break;
        case MetricKind::Timer:
        {
            auto const& t = *e.timer;
            name += "_seconds";
            w.family(name, "summary", "libmedida metric type: timer");
            auto seconds = [](ClockDuration d) { return std::chrono::duration<double>(d).count(); };
            w.sample(name, seconds(t.percentile(0.75)), "quantile=\"0.75\"");
            w.sample(name, seconds(t.percentile(0.99)), "quantile=\"0.99\"");
            w.sample(name, seconds(t.windowMax()), "quantile=\"1\"");
            w.sample(name + "_sum", seconds(t.sum()));
            w.sample(name + "_count", static_cast<double>(t.count()));
            break;
        }
        }
    }
    infoGauges(w, info["info"]);
    return w.out;
}

AdminResponse
metricsAnswer(Node& node, std::string const& enable, std::string const& format)
{
    if (format == "prometheus")
        return {200, prometheusText(node.metrics(), infoJson(node)), "text/plain; version=0.0.4; charset=utf-8"};
    if (!format.empty())
        throw std::invalid_argument(fmt::format("format '{}' is not known: expected prometheus, or no format for "
                                                "JSON",
                                                format));
    return adminJson(medidaJson(node.metrics(), enable).dump(3));
}

}
