#pragma once
// What every benchmark program shares: the figures it reports (printed by
// the program, and written as one JSON object of samples when run with
// `--json FILE`, which scripts/bench.sh gathers into build/bench/results.json
// with median, min and max), instruction counts from a re-run of the same
// program under valgrind --tool=callgrind, and the machine it ran on.
// Benchmarks print figures; none of them asserts one.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stellar::bench
{

using Wall = std::chrono::steady_clock;

inline double
seconds(Wall::duration d)
{
    return std::chrono::duration<double>(d).count();
}

// The samples of one run, by the keys of build/bench/results.json: one per
// round for figures that vary from run to run, one for deterministic counts.
class Figures
{
  public:
    void add(std::string const& key, double sample) { samples_[key].push_back(sample); }
    // The peak resident memory of this program and of the largest process it
    // waited for, as "peak_rss_kib_<program>".
    void addPeakMemory(std::string const& program);
    // Writes {"key": [samples], ...} to the file named after `--json` in argv, if any.
    void writeIfAsked(int argc, char** argv) const;

  private:
    std::map<std::string, std::vector<double>> samples_;
};

// Total instructions valgrind --tool=callgrind counts while `self args...`
// runs with instrumentation switched on (CALLGRIND_START_INSTRUMENTATION /
// CALLGRIND_STOP_INSTRUMENTATION around the measured part). Nothing when
// valgrind is missing or the run fails.
std::optional<double> callgrindInstructions(std::string const& self, std::vector<std::string> const& args);

// Where the program runs: CPU model, cores, SHA extensions, load average.
std::string machineDescription();

// The p-th percentile (0..100) of the samples, nearest rank.
double percentile(std::vector<double> samples, double p);
inline double
median(std::vector<double> const& samples)
{
    return percentile(samples, 50);
}

// The value of `--name VALUE` in argv, or `fallback`.
std::string option(int argc, char** argv, std::string const& name, std::string const& fallback);

}
