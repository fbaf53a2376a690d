// Gathers the samples the suite's programs wrote (one JSON object of
// {"key": [samples]} each) into one table of figures beside their targets,
// and into build/bench/results.json: every key's median as a number, and
// under "figures" its median, min, max, sample count and target.
//
//   bench_report --out results.json --machine TEXT --build TEXT parts.json...

#include "BenchSupport.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>

using nlohmann::json;

namespace
{

struct Stats
{
    double median = 0, min = 0, max = 0;
    std::size_t samples = 0;
};

using Table = std::map<std::string, Stats>;

// One row of the table: a figure, what it must reach, and how it compares.
struct Row
{
    std::string key, label, target;
    // The figure against which `key` is measured (same run), if any.
    std::string reference;
    // Whether the median meets the target (references: always "-").
    std::function<std::optional<bool>(Table const&)> meets;
};

std::optional<double>
get(Table const& t, std::string const& key)
{
    auto it = t.find(key);
    if (it == t.end())
        return std::nullopt;
    return it->second.median;
}

std::function<std::optional<bool>(Table const&)>
atMost(std::string key, double limit)
{
    return [=](Table const& t) -> std::optional<bool> {
        auto v = get(t, key);
        return v ? std::optional<bool>(*v <= limit) : std::nullopt;
    };
}

std::function<std::optional<bool>(Table const&)>
ratioAtMost(std::string key, std::string reference, double limit)
{
    return [=](Table const& t) -> std::optional<bool> {
        auto v = get(t, key), r = get(t, reference);
        return v && r ? std::optional<bool>(*v <= limit * *r) : std::nullopt;
    };
}

std::vector<Row>
rows()
{
    auto none = [](Table const&) -> std::optional<bool> { return std::nullopt; };
    return {
        {"rx_insn_per_msg", "1 inbound instructions / 200 B tx", "<= 1.5x ref (stretch 1.25x)", "rx_insn_reference",
         ratioAtMost("rx_insn_per_msg", "rx_insn_reference", 1.5)},
        {"rx_insn_reference", "  reference: its crypto only", "reference", "", none},
        {"tx_insn_per_msg", "1 outbound instructions / 200 B tx", "<= 1.5x ref", "tx_insn_reference",
         ratioAtMost("tx_insn_per_msg", "tx_insn_reference", 1.5)},
        {"tx_insn_reference", "  reference: HMAC only", "reference", "", none},
        {"tcp_msgs_per_s", "2 TCP delivered tx/s, one connection", ">= 0.5x ref (stretch 0.7x)",
         "tcp_crypto_only_msgs_per_s",
         [](Table const& t) -> std::optional<bool> {
             auto r = get(t, "tcp_ratio_to_crypto_only");
             return r ? std::optional<bool>(*r >= 0.5) : std::nullopt;
         }},
        {"tcp_crypto_only_msgs_per_s", "  reference: crypto-only receive loop", "reference", "", none},
        {"syscalls_per_1000_msgs", "2 read+write syscalls / 1000 tx", "<= 20 + 20", "",
         [](Table const& t) -> std::optional<bool> {
             auto r = get(t, "read_syscalls_per_1000_msgs"), w = get(t, "write_syscalls_per_1000_msgs");
             return r && w ? std::optional<bool>(*r <= 20 && *w <= 20) : std::nullopt;
         }},
        {"read_syscalls_per_1000_msgs", "  of which read family", "<= 20", "",
         atMost("read_syscalls_per_1000_msgs", 20)},
        {"write_syscalls_per_1000_msgs", "  of which write family", "<= 20", "",
         atMost("write_syscalls_per_1000_msgs", 20)},
        {"wire_bytes_per_200b_tx", "2 wire bytes / 200 B tx", "252", "", atMost("wire_bytes_per_200b_tx", 252)},
        {"pull_bodies_per_tx", "3 bodies received / unique tx / node", "<= 1.05", "", atMost("pull_bodies_per_tx", 1.05)},
        {"pull_bytes_per_tx", "3 bytes read / unique tx / node (most)", "<= 504 (2x 252)", "",
         atMost("pull_bytes_per_tx", 504)},
        {"pull_delivery", "3 delivery", "1.00", "",
         [](Table const& t) -> std::optional<bool> {
             auto v = get(t, "pull_delivery");
             return v ? std::optional<bool>(*v >= 1.0) : std::nullopt;
         }},
        {"scp_verifies_per_envelope", "3 Ed25519 verifies / unique envelope", "1.00", "",
         [](Table const& t) -> std::optional<bool> {
             auto v = get(t, "scp_verifies_per_envelope");
             return v ? std::optional<bool>(*v == 1.0) : std::nullopt;
         }},
        {"scp_p50_idle_us", "4 SCP one hop, idle p50 (us)", "reference", "", none},
        {"scp_p99_loaded_us", "4 SCP one hop, loaded p99 (us)", "<= 10x idle p50 and < 1000", "scp_p50_idle_us",
         [](Table const& t) -> std::optional<bool> {
             auto v = get(t, "scp_p99_loaded_us"), r = get(t, "scp_p50_idle_us");
             return v && r ? std::optional<bool>(*v <= 10 * *r && *v < 1000) : std::nullopt;
         }},
        {"procs_max_tps", "5 7 processes: highest rate, all seen", ">= 10000 tx/s", "",
         [](Table const& t) -> std::optional<bool> {
             auto v = get(t, "procs_max_tps");
             return v ? std::optional<bool>(*v >= 10000) : std::nullopt;
         }},
        {"rss_kib_per_idle_peer", "6 RSS per idle peer at 500 (KiB)", "<= 64", "", atMost("rss_kib_per_idle_peer", 64)},
    };
}

std::string
number(double v)
{
    if (v != 0 && std::abs(v) < 10)
        return fmt::format("{:.2f}", v);
    return fmt::format("{:.0f}", v);
}

}

int
main(int argc, char** argv)
{
    using namespace stellar;
    auto outPath = bench::option(argc, argv, "--out", "build/bench/results.json");
    auto machine = bench::option(argc, argv, "--machine", bench::machineDescription());
    auto build = bench::option(argc, argv, "--build", "unknown");
    std::map<std::string, std::vector<double>> samples;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == "--out" || arg == "--machine" || arg == "--build")
        {
            ++i;
            continue;
        }
        std::ifstream in(arg);
        if (!in)
        {
            std::cerr << "bench_report: cannot read " << arg << "\n";
            continue;
        }
        try
        {
            auto doc = json::parse(in);
            for (auto const& [key, values] : doc.items())
                for (auto const& v : values)
                    samples[key].push_back(v.get<double>());
        }
        catch (std::exception const& e)
        {
            std::cerr << "bench_report: " << arg << " is not a figures file: " << e.what() << "\n";
        }
    }
    Table table;
    for (auto const& [key, s] : samples)
        if (!s.empty())
            table[key] = Stats{bench::median(s), *std::min_element(s.begin(), s.end()),
                               *std::max_element(s.begin(), s.end()), s.size()};

    std::cout << "\nstellar-overlay benchmarks\nmachine: " << machine << "\nbuild:   " << build << "\n\n";
    std::cout << fmt::format("{:<40} {:>10} {:>10} {:>10} {:>4} {:>7}  {:<28} {}\n", "figure", "median", "min", "max",
                             "n", "ratio", "target", "met");
    json results, detail;
    auto allRows = rows();
    for (auto const& row : allRows)
    {
        auto it = table.find(row.key);
        if (it == table.end())
        {
            std::cout << fmt::format("{:<40} {:>10} {:>10} {:>10} {:>4} {:>7}  {:<28} {}\n", row.label, "missing", "",
                                     "", "", "", row.target, "-");
            continue;
        }
        auto const& s = it->second;
        std::string ratio = "";
        if (auto ref = get(table, row.reference); ref && *ref != 0)
            ratio = fmt::format("{:.2f}x", s.median / *ref);
        auto met = row.meets(table);
        std::cout << fmt::format("{:<40} {:>10} {:>10} {:>10} {:>4} {:>7}  {:<28} {}\n", row.label, number(s.median),
                                 number(s.min), number(s.max), s.samples, ratio, row.target,
                                 met ? (*met ? "yes" : "NO") : "-");
    }
    std::cout << "\nother figures (median, min, max, n):\n";
    for (auto const& [key, s] : table)
    {
        results[key] = s.median;
        detail[key] = {{"median", s.median}, {"min", s.min}, {"max", s.max}, {"samples", s.samples}};
        bool listed = std::any_of(allRows.begin(), allRows.end(), [&](Row const& r) { return r.key == key; });
        if (!listed)
            std::cout << fmt::format("  {:<38} {:>10} {:>10} {:>10} {:>4}\n", key, number(s.median), number(s.min),
                                     number(s.max), s.samples);
    }
    for (auto const& row : allRows)
        if (detail.contains(row.key))
        {
            detail[row.key]["target"] = row.target;
            auto met = row.meets(table);
            detail[row.key]["met"] = met ? json(*met) : json(nullptr);
        }
    results["machine"] = machine;
    results["build"] = build;
    results["figures"] = detail;
    std::ofstream(outPath) << results.dump(2) << "\n";
    std::cout << "\nwritten: " << outPath << "\n";
    return 0;
}
