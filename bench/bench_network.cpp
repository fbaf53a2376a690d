// A network of processes: `stellar-overlay local-network --nodes 7` (seven
// `stellar-overlay run` processes on 127.0.0.1, node 0 the test ledger
// clock, the rest finding each other through PEERS) with its load generator
// offering signed payments through the protocol at increasing rates. A rate
// passes when every node saw every transaction the load generator sent by the
// summary (local-network leaves 6 s after the load for the last ones) and no
// node's pull latency p99 is above 5 s, and the load generator sent at
// least 90% of the offered rate (it sends only what the nodes demand). Printed, and written with
// --json FILE; nothing is asserted.
//
//   bench_network [--program build/stellar-overlay] [--rates 500,1000,...]
//                 [--load-seconds S] [--json FILE]

#include "BenchSupport.h"

#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>
#include <sstream>

namespace
{

struct RateResult
{
    double offered = 0, achieved = 0;
    bool everyNodeSawAll = false;
    double worstPullP99Ms = 0;
    double cpuSeconds = 0, wallSeconds = 0;
    std::string summary;
};

double
childCpuSeconds()
{
    rusage r{};
    ::getrusage(RUSAGE_CHILDREN, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

// "12 ms", "1.2 s" or "-" from the summary table, in milliseconds.
double
latencyMs(std::string const& number, std::string const& unit)
{
    double v = std::stod(number);
    return unit == "s" ? v * 1000 : v;
}

RateResult
runAt(std::string const& program, double tps, int loadSeconds)
{
    auto dir = std::filesystem::temp_directory_path() / fmt::format("so-bench-network-{}", ::getpid());
    std::filesystem::remove_all(dir);
    // local-network waits up to 30 s for every node to track the clock, then
    // runs the load for what is left of the duration minus its 6 s drain.
    int duration = 14 + loadSeconds + 6;
    auto cmd = fmt::format("{} local-network --nodes 7 --tps {} --duration {} --dir {} --base-port 21625 2>&1",
                           program, tps, duration, dir.string());
    RateResult r;
    r.offered = tps;
    auto cpuBefore = childCpuSeconds();
    auto start = stellar::bench::Wall::now();
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot start " + program);
    std::string out;
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, pipe))
        out.append(buf, n);
    ::pclose(pipe);
    r.wallSeconds = stellar::bench::seconds(stellar::bench::Wall::now() - start);
    r.cpuSeconds = childCpuSeconds() - cpuBefore;
    std::filesystem::remove_all(dir);

    auto at = out.find("=== summary");
    r.summary = at == std::string::npos ? out : out.substr(at);
    r.everyNodeSawAll = out.find("every node saw all") != std::string::npos && out.find("NOT every node saw") == std::string::npos;
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(loadgen: done after ([0-9.]+) s: .*sent ([0-9]+))")))
        r.achieved = std::stod(m[2]) / std::max(1.0, std::stod(m[1]));
    // Rows: node ledger ledgers seen/sent in-ledger bodies/tx p50 unit p99 unit fetched
    std::regex row(R"(^\d+\s+\d+\s+\d+\s+\S+\s+\d+\s+\S+\s+([0-9.]+|-)\s*(ms|s)?\s+([0-9.]+|-)\s*(ms|s)?\s+\d+)");
    std::istringstream lines(r.summary);
    for (std::string line; std::getline(lines, line);)
        if (std::regex_search(line, m, row) && m[3] != "-")
            r.worstPullP99Ms = std::max(r.worstPullP99Ms, latencyMs(m[3], m[4]));
    return r;
}

std::vector<double>
rates(std::string const& list)
{
    std::vector<double> out;
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        out.push_back(std::stod(item));
    return out;
}

}

int
main(int argc, char** argv)
{
    using namespace stellar;
    try
    {
        auto program = bench::option(argc, argv, "--program", "build/stellar-overlay");
        auto loadSeconds = std::stoi(bench::option(argc, argv, "--load-seconds", "10"));
        bench::Figures figures;
        std::cout << "\n7 `stellar-overlay run` processes (local-network), the load generator into node 6\n";
        std::cout << fmt::format("{:>10} {:>10} {:>8} {:>12} {:>16} {:>10}\n", "offered/s", "sent/s", "all seen",
                                 "worst p99", "CPU s per wall s", "verdict");
        double best = 0, bestCpu = 0;
        for (double tps : rates(bench::option(argc, argv, "--rates", "500,1000,2000,4000,7000,10000")))
        {
            auto r = runAt(program, tps, loadSeconds);
            bool pass = r.everyNodeSawAll && r.worstPullP99Ms <= 5000 && r.achieved >= 0.9 * tps;
            std::cout << fmt::format("{:>10.0f} {:>10.0f} {:>8} {:>9.0f} ms {:>16.2f} {:>10}\n", tps, r.achieved,
                                     r.everyNodeSawAll ? "yes" : "no", r.worstPullP99Ms, r.cpuSeconds / r.wallSeconds,
                                     pass ? "pass" : "FAIL")
                      << std::flush;
            if (!pass)
            {
                std::cout << r.summary;
                break;
            }
            best = r.achieved;
            bestCpu = r.cpuSeconds / r.wallSeconds;
        }
        std::cout << fmt::format("highest passing rate {:.0f} tx/s; CPU of all 8 processes then {:.2f} s per second "
                                 "(the machine has {} cores)\n",
                                 best, bestCpu, ::sysconf(_SC_NPROCESSORS_ONLN));
        figures.add("procs_max_tps", best);
        figures.add("procs_cpu_per_wall_s", bestCpu);
        figures.writeIfAsked(argc, argv);
        return 0;
    }
    catch (std::exception const& e)
    {
        std::cerr << "bench_network: " << e.what() << "\n";
        return 1;
    }
}
