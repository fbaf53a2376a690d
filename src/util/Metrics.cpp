#include "util/Metrics.h"

#include <algorithm>
#include <cmath>

namespace stellar
{

namespace
{
// Bucket i holds durations below 2^i microseconds.
std::size_t
bucketOf(ClockDuration d)
{
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    std::size_t i = 0;
    while (i + 1 < TimerMetric::BUCKETS && us >= (int64_t(1) << i))
        ++i;
    return i;
}
}

void
TimerMetric::update(ClockDuration d)
{
    ++count_;
    sum_ += d;
    min_ = std::min(min_, d);
    max_ = std::max(max_, d);
    ++buckets_[bucketOf(d)];
}

ClockDuration
TimerMetric::percentile(double p) const
{
    if (count_ == 0)
        return ClockDuration{0};
    auto rank = static_cast<uint64_t>(std::ceil(p * double(count_)));
    uint64_t seen = 0;
    for (std::size_t i = 0; i < BUCKETS; ++i)
    {
        seen += buckets_[i];
        if (seen >= rank && buckets_[i] > 0)
            return std::min(max_, ClockDuration{std::chrono::microseconds(int64_t(1) << i)});
    }
    return max_;
}

Counter&
MetricsRegistry::counter(std::string_view name)
{
    auto it = counters_.find(name);
    if (it == counters_.end())
        it = counters_.emplace(std::string(name), Counter{}).first;
    return it->second;
}

TimerMetric&
MetricsRegistry::timer(std::string_view name)
{
    auto it = timers_.find(name);
    if (it == timers_.end())
        it = timers_.emplace(std::string(name), TimerMetric{}).first;
    return it->second;
}

int64_t
MetricsRegistry::counterValue(std::string_view name) const
{
    auto it = counters_.find(name);
    return it == counters_.end() ? 0 : it->second.count();
}

}
