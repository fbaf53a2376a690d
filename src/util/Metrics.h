#pragma once
// Named metrics of the kinds stellar-core's medida library has: a counter
// (a value that goes up and down: "overlay.connection.pending"), a meter (a
// count of events with their rates: "overlay.byte.read") and a timer (durations
// with their rates and percentiles: "overlay.recv.hello"). Code that counts an
// event calls counter(name).inc() and does not care which of the first two it
// is: the kind is declared once (declare()), so that every series a node
// reports exists from start. One registry per node; the admin /metrics command
// reports it. Single-threaded like the rest of the overlay: the admin thread
// reads it through the event loop.

#include "util/Clock.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// medida's rates of a meter or timer: events per second over the run, and
// exponentially weighted moving averages over 1, 5 and 15 minutes, updated
// every TICK from the count (medida: EWMA, Meter::Tick).
class Rates
{
  public:
    static constexpr std::chrono::seconds TICK{5};
    explicit Rates(ClockTime start) : start_(start), lastTick_(start) {}
    // Brings the averages up to `now` given the event count so far.
    void update(uint64_t count, ClockTime now);
    double meanRate(uint64_t count, ClockTime now) const;
    double oneMinuteRate() const { return m1_.rate; }
    double fiveMinuteRate() const { return m5_.rate; }
    double fifteenMinuteRate() const { return m15_.rate; }

  private:
    struct Ewma
    {
        double alpha;
        double rate = 0;
        bool initialized = false;
        void tick(double instantRate);
    };
    ClockTime start_, lastTick_;
    uint64_t counted_ = 0;
    Ewma m1_{0.07995558537067671}, m5_{0.01652854617838251}, m15_{0.005540151995103271};
};

// Durations: count, sum, min, max, mean, standard deviation since start, and
// percentiles of the samples of the last WINDOW (stellar-core's default
// HISTOGRAM_WINDOW_SIZE), from log-linear buckets (8 per power of two, within
// 10% of the true value) without keeping samples.
class TimerMetric
{
  public:
    static constexpr std::chrono::seconds WINDOW{30};
    static constexpr std::size_t SUB_BUCKETS = 8;
    static constexpr std::size_t BUCKETS = 40 * SUB_BUCKETS; // 1 ns .. ~73 min, longer ones in the last

    void update(ClockDuration d);
    uint64_t count() const { return count_; }
    ClockDuration sum() const { return sum_; }
    ClockDuration max() const { return max_; }
    ClockDuration min() const { return count_ ? min_ : ClockDuration{0}; }
    double meanNanoseconds() const;
    double stddevNanoseconds() const;
    // Of the samples in the current and the previous window; 0 when none.
    ClockDuration percentile(double p) const;
    ClockDuration windowMax() const;
    // Starts a new window when the current one is WINDOW old.
    void rotate(ClockTime now);

  private:
    using Buckets = std::array<uint64_t, BUCKETS>;
    uint64_t count_ = 0;
    ClockDuration sum_{0}, min_{ClockDuration::max()}, max_{0};
    double sumOfSquares_ = 0; // in ns^2
    Buckets current_{}, previous_{};
    ClockDuration currentMax_{0}, previousMax_{0};
    std::optional<ClockTime> windowStart_;
};

// Times a scope into a timer with the loop's clock.
class ScopedTimer
{
  public:
    ScopedTimer(TimerMetric& timer, Clock const& clock) : timer_(timer), clock_(clock), start_(clock.now()) {}
    ~ScopedTimer() { timer_.update(clock_.now() - start_); }
    ScopedTimer(ScopedTimer const&) = delete;
    ScopedTimer& operator=(ScopedTimer const&) = delete;

  private:
    TimerMetric& timer_;
    Clock const& clock_;
    ClockTime start_;
};

enum class MetricKind
{
    Counter,
    Meter,
    Timer
};

class MetricsRegistry
{
  public:
    // `clock` gives the rates their time; without one (unit tests) rates stay 0.
    explicit MetricsRegistry(Clock const* clock = nullptr);

    // Counts an event (a meter unless declared a counter), or holds a value
    // (declared a counter). Created on first use when not declared.
    Counter& counter(std::string_view name);
    TimerMetric& timer(std::string_view name);
    // Declares a metric so that it is reported from start; `eventType` is
    // medida's word for what a meter counts ("message", "byte", ...).
    void declare(std::string_view name, MetricKind kind, std::string_view eventType = "");
    // Reports `existing` (a counter or meter) under a second name too.
    void alias(std::string_view name, std::string_view existing);

    // The count of a counter, meter or timer; 0 when absent.
    int64_t counterValue(std::string_view name) const;

    struct Entry
    {
        MetricKind kind;
        std::string eventType;
        std::shared_ptr<Counter> counter; // counters and meters
        TimerMetric* timer = nullptr;      // timers
        Rates* rates = nullptr;            // meters and timers
    };
    // Brings rates and timer windows up to now (the node calls it every Rates::TICK).
    void tick();
    // Every metric by name, after a tick().
    std::map<std::string, Entry, std::less<>> const& all();
    std::map<std::string, TimerMetric, std::less<>> const& timers() const { return timers_; }
    // core: clearmetrics: zeroes every metric whose name starts with `domain`
    // (all of them when empty).
    void clear(std::string_view domain);
    ClockTime start() const { return start_; }
    ClockTime now() const;

  private:
    Entry& entry(std::string_view name, MetricKind kind, std::string_view eventType);

    Clock const* clock_;
    ClockTime start_;
    std::map<std::string, Entry, std::less<>> entries_;
    std::map<std::string, TimerMetric, std::less<>> timers_;
    std::map<std::string, Rates, std::less<>> rates_;
};

}
