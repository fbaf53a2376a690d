#include "util/Metrics.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace stellar
{

namespace
{
// Log-linear buckets: values below SUB_BUCKETS ns get one bucket each; above,
// each power of two is split into SUB_BUCKETS equal parts.
std::size_t
bucketOf(ClockDuration d)
{
    auto ns = static_cast<uint64_t>(std::max<int64_t>(d.count(), 0));
    constexpr auto sub = TimerMetric::SUB_BUCKETS;
    if (ns < sub)
        return static_cast<std::size_t>(ns);
    auto exponent = static_cast<std::size_t>(std::bit_width(ns) - 1); // ns in [2^e, 2^(e+1))
    auto offset = static_cast<std::size_t>((ns >> (exponent - 3)) & (sub - 1));
    return std::min((exponent - 2) * sub + offset, TimerMetric::BUCKETS - 1);
}

// The largest value bucket `i` holds.
ClockDuration
bucketUpperBound(std::size_t i)
{
    constexpr auto sub = TimerMetric::SUB_BUCKETS;
    if (i < sub)
        return ClockDuration{static_cast<int64_t>(i)};
    auto exponent = i / sub + 2;
    auto offset = i % sub;
    auto low = (uint64_t{1} << exponent) + offset * (uint64_t{1} << (exponent - 3));
    return ClockDuration{static_cast<int64_t>(low + (uint64_t{1} << (exponent - 3)) - 1)};
}
}

void
Rates::Ewma::tick(double instantRate)
{
    if (initialized)
        rate += alpha * (instantRate - rate);
    else
    {
        rate = instantRate;
        initialized = true;
    }
}

void
Rates::update(uint64_t count, ClockTime now)
{
    auto ticks = (now - lastTick_) / TICK;
    for (int64_t i = 0; i < ticks; ++i)
    {
        // Events since the last tick count in the first missed one (medida: Meter::TickIfNecessary).
        double instant = i == 0 ? double(count - counted_) / double(TICK.count()) : 0.0;
        m1_.tick(instant);
        m5_.tick(instant);
        m15_.tick(instant);
    }
    if (ticks > 0)
    {
        lastTick_ += ticks * TICK;
        counted_ = count;
    }
}

double
Rates::meanRate(uint64_t count, ClockTime now) const
{
    auto seconds = std::chrono::duration<double>(now - start_).count();
    return seconds > 0 ? double(count) / seconds : 0.0;
}

void
TimerMetric::update(ClockDuration d)
{
    ++count_;
    sum_ += d;
    min_ = std::min(min_, d);
    max_ = std::max(max_, d);
    sumOfSquares_ += double(d.count()) * double(d.count());
    ++current_[bucketOf(d)];
    currentMax_ = std::max(currentMax_, d);
}

double
TimerMetric::meanNanoseconds() const
{
    return count_ ? double(sum_.count()) / double(count_) : 0.0;
}

double
TimerMetric::stddevNanoseconds() const
{
    if (count_ < 2)
        return 0.0;
    auto mean = meanNanoseconds();
    auto variance = (sumOfSquares_ - double(count_) * mean * mean) / double(count_ - 1);
    return variance > 0 ? std::sqrt(variance) : 0.0;
}

ClockDuration
TimerMetric::percentile(double p) const
{
    uint64_t total = 0;
    for (std::size_t i = 0; i < BUCKETS; ++i)
        total += current_[i] + previous_[i];
    if (total == 0)
        return ClockDuration{0};
    auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(p * double(total))));
    uint64_t seen = 0;
    for (std::size_t i = 0; i < BUCKETS; ++i)
    {
        seen += current_[i] + previous_[i];
        if (seen >= rank)
            return std::min(bucketUpperBound(i), windowMax());
    }
    return windowMax();
}

ClockDuration
TimerMetric::windowMax() const
{
    return std::max(currentMax_, previousMax_);
}

void
TimerMetric::rotate(ClockTime now)
{
    if (!windowStart_)
        windowStart_ = now;
    auto windows = (now - *windowStart_) / WINDOW;
    if (windows == 0)
        return;
    // One window later the current samples become the previous ones; two or
    // more later there is nothing recent left.
    previous_ = windows == 1 ? current_ : Buckets{};
    previousMax_ = windows == 1 ? currentMax_ : ClockDuration{0};
    current_ = Buckets{};
    currentMax_ = ClockDuration{0};
    *windowStart_ += windows * WINDOW;
}

MetricsRegistry::MetricsRegistry(Clock const* clock) : clock_(clock), start_(now())
{
}

ClockTime
MetricsRegistry::now() const
{
    return clock_ ? clock_->now() : ClockTime{};
}

MetricsRegistry::Entry&
MetricsRegistry::entry(std::string_view name, MetricKind kind, std::string_view eventType)
{
    auto it = entries_.find(name);
    if (it != entries_.end())
        return it->second;
    Entry e{kind, std::string(eventType), nullptr, nullptr, nullptr};
    if (kind == MetricKind::Timer)
    {
        e.timer = &timers_.try_emplace(std::string(name)).first->second;
        e.timer->rotate(now()); // its first window starts now
    }
    else
        e.counter = std::make_shared<Counter>();
    if (kind != MetricKind::Counter)
        e.rates = &rates_.try_emplace(std::string(name), start_).first->second;
    return entries_.emplace(std::string(name), std::move(e)).first->second;
}

Counter&
MetricsRegistry::counter(std::string_view name)
{
    return *entry(name, MetricKind::Meter, "event").counter;
}

TimerMetric&
MetricsRegistry::timer(std::string_view name)
{
    return *entry(name, MetricKind::Timer, "calls").timer;
}

void
MetricsRegistry::declare(std::string_view name, MetricKind kind, std::string_view eventType)
{
    entry(name, kind, kind == MetricKind::Timer && eventType.empty() ? "calls" : eventType);
}

void
MetricsRegistry::alias(std::string_view name, std::string_view existing)
{
    auto& target = entry(existing, MetricKind::Meter, "event");
    if (entries_.count(name))
        return;
    Entry e{target.kind, target.eventType, target.counter, nullptr, nullptr};
    if (e.kind != MetricKind::Counter)
        e.rates = &rates_.try_emplace(std::string(name), start_).first->second;
    entries_.emplace(std::string(name), std::move(e));
}

int64_t
MetricsRegistry::counterValue(std::string_view name) const
{
    auto it = entries_.find(name);
    if (it == entries_.end())
        return 0;
    auto const& e = it->second;
    return e.counter ? e.counter->count() : static_cast<int64_t>(e.timer->count());
}

void
MetricsRegistry::tick()
{
    auto t = now();
    for (auto& [name, e] : entries_)
    {
        if (e.timer)
            e.timer->rotate(t);
        if (e.rates)
            e.rates->update(e.counter ? static_cast<uint64_t>(e.counter->count()) : e.timer->count(), t);
    }
}

std::map<std::string, MetricsRegistry::Entry, std::less<>> const&
MetricsRegistry::all()
{
    tick();
    return entries_;
}

void
MetricsRegistry::clear(std::string_view domain)
{
    for (auto& [name, e] : entries_)
    {
        if (name.compare(0, domain.size(), domain) != 0)
            continue;
        if (e.counter)
            e.counter->set(0);
        if (e.timer)
            *e.timer = TimerMetric{};
        if (e.rates)
            *e.rates = Rates(now());
    }
}

}
