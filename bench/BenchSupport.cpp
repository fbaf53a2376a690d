#include "BenchSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string_view>
#include <thread>
#include <sys/resource.h>
#include <unistd.h>

namespace stellar::bench
{

void
Figures::writeIfAsked(int argc, char** argv) const
{
    for (int i = 1; i + 1 < argc; ++i)
    {
        if (std::string_view(argv[i]) != "--json")
            continue;
        std::ofstream out(argv[i + 1]);
        out << "{";
        bool first = true;
        for (auto const& [key, samples] : samples_)
        {
            out << (first ? "" : ",") << fmt::format("\n  \"{}\": [{}]", key, fmt::join(samples, ", "));
            first = false;
        }
        out << "\n}\n";
        return;
    }
}

void
Figures::addPeakMemory(std::string const& program)
{
    rusage self{}, children{};
    ::getrusage(RUSAGE_SELF, &self);
    ::getrusage(RUSAGE_CHILDREN, &children);
    add("peak_rss_kib_" + program, static_cast<double>(std::max(self.ru_maxrss, children.ru_maxrss)));
}

std::string
option(int argc, char** argv, std::string const& name, std::string const& fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name)
            return argv[i + 1];
    return fallback;
}

std::optional<double>
callgrindInstructions(std::string const& self, std::vector<std::string> const& args)
{
    if (std::system("valgrind --version > /dev/null 2>&1") != 0)
        return std::nullopt;
    auto out = fmt::format("/tmp/so-bench.callgrind.{}", ::getpid());
    auto cmd = fmt::format("valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file={} {}", out, self);
    for (auto const& a : args)
        cmd += " " + a;
    cmd += " > /dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0)
        return std::nullopt;
    std::ifstream in(out);
    std::string line;
    std::optional<double> total;
    while (std::getline(in, line))
        if (line.rfind("totals:", 0) == 0)
            total = std::stod(line.substr(line.find(':') + 1));
    std::remove(out.c_str());
    return total;
}

std::string
machineDescription()
{
    std::string model = "unknown CPU";
    std::ifstream cpu("/proc/cpuinfo");
    std::string line;
    bool shaNi = false;
    while (std::getline(cpu, line))
    {
        if (line.rfind("model name", 0) == 0 && model == "unknown CPU")
            model = line.substr(line.find(':') + 2);
        if (line.rfind("flags", 0) == 0 && line.find(" sha_ni") != std::string::npos)
            shaNi = true;
    }
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 0)
        load[0] = -1;
    return fmt::format("{}, {} cores{}, load average {:.2f}", model, std::thread::hardware_concurrency(),
                       shaNi ? ", sha_ni" : "", load[0]);
}

double
percentile(std::vector<double> samples, double p)
{
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

}
