#pragma once
// Named counters and timers, in the spirit of stellar-core's medida metrics
// ("overlay.message.read", "overlay.drop.idle-timeout"). One registry per
// node; the admin /metrics command prints it. Single-threaded like the rest
// of the overlay: the admin thread reads it through the event loop.

#include "util/Clock.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace stellar
{

class Counter
{
  public:
    void inc(int64_t n = 1) { count_ += n; }
    void dec(int64_t n = 1) { count_ -= n; }
    void set(int64_t v) { count_ = v; }
    int64_t count() const { return count_; }

  private:
    int64_t count_ = 0;
};

// Durations in exponential buckets (1 us .. ~70 min): count, sum, min, max and
// approximate percentiles without keeping samples.
class TimerMetric
{
  public:
    static constexpr std::size_t BUCKETS = 33;
    void update(ClockDuration d);
    uint64_t count() const { return count_; }
    ClockDuration sum() const { return sum_; }
    ClockDuration max() const { return max_; }
    ClockDuration min() const { return count_ ? min_ : ClockDuration{0}; }
    ClockDuration percentile(double p) const; // upper bound of the bucket holding it

  private:
    uint64_t count_ = 0;
    ClockDuration sum_{0}, min_{ClockDuration::max()}, max_{0};
    std::array<uint64_t, BUCKETS> buckets_{};
};

class MetricsRegistry
{
  public:
    Counter& counter(std::string_view name);
    TimerMetric& timer(std::string_view name);
    std::map<std::string, Counter, std::less<>> const& counters() const { return counters_; }
    std::map<std::string, TimerMetric, std::less<>> const& timers() const { return timers_; }
    int64_t counterValue(std::string_view name) const; // 0 when absent

  private:
    std::map<std::string, Counter, std::less<>> counters_;
    std::map<std::string, TimerMetric, std::less<>> timers_;
};

}
