// Metrics as medida computes them: a meter's mean and exponentially weighted
// rates, a timer's statistics and the percentiles of its last window, kinds
// declared up front, and one counter under two names.

#include "util/Metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace stellar;
using namespace std::chrono_literals;

namespace
{
struct VirtualRegistry
{
    Clock clock{Clock::Mode::Virtual};
    MetricsRegistry metrics{&clock};
    void advance(ClockDuration d) { clock.crankFor(d); }
};
}

TEST(Metrics, MeterRatesFollowMedidasTicks)
{
    VirtualRegistry r;
    r.metrics.declare("overlay.byte.read", MetricKind::Meter, "byte");
    auto& bytes = r.metrics.counter("overlay.byte.read");
    // 50 events in the first 5 s tick: every average starts at 10/s.
    bytes.inc(50);
    r.advance(5s);
    auto const& e = r.metrics.all().at("overlay.byte.read");
    EXPECT_EQ(e.kind, MetricKind::Meter);
    EXPECT_EQ(e.eventType, "byte");
    EXPECT_DOUBLE_EQ(e.rates->oneMinuteRate(), 10.0);
    EXPECT_DOUBLE_EQ(e.rates->fifteenMinuteRate(), 10.0);
    EXPECT_DOUBLE_EQ(e.rates->meanRate(50, r.metrics.now()), 10.0);
    // A quiet minute (12 ticks) decays the 1-minute rate by e^-1, the 5-minute by e^-1/5.
    r.advance(60s);
    r.metrics.tick();
    EXPECT_NEAR(e.rates->oneMinuteRate(), 10.0 * std::exp(-1.0), 1e-9);
    EXPECT_NEAR(e.rates->fiveMinuteRate(), 10.0 * std::exp(-0.2), 1e-9);
    EXPECT_NEAR(e.rates->meanRate(50, r.metrics.now()), 50.0 / 65.0, 1e-9);
}

TEST(Metrics, TimerStatisticsAndWindowedPercentiles)
{
    VirtualRegistry r;
    auto& t = r.metrics.timer("overlay.recv.hello");
    for (int ms = 1; ms <= 100; ++ms)
        t.update(std::chrono::milliseconds(ms));
    EXPECT_EQ(t.count(), 100u);
    EXPECT_EQ(t.min(), 1ms);
    EXPECT_EQ(t.max(), 100ms);
    EXPECT_DOUBLE_EQ(t.meanNanoseconds(), 50.5e6);
    EXPECT_NEAR(t.stddevNanoseconds(), 29.011491975882016e6, 1e3);
    // Within one bucket (an eighth of a power of two) of the true percentile.
    auto ms = [&](double p) { return std::chrono::duration<double, std::milli>(t.percentile(p)).count(); };
    EXPECT_NEAR(ms(0.75), 75, 75 * 0.13);
    EXPECT_NEAR(ms(0.99), 99, 99 * 0.13);
    EXPECT_EQ(t.percentile(1.0), 100ms);
    // The samples age out after two windows; the totals stay.
    r.advance(TimerMetric::WINDOW);
    r.metrics.tick();
    EXPECT_EQ(t.windowMax(), 100ms);
    r.advance(TimerMetric::WINDOW);
    r.metrics.tick();
    EXPECT_EQ(t.percentile(0.75), 0ns);
    EXPECT_EQ(t.windowMax(), 0ns);
    EXPECT_EQ(t.count(), 100u);
    EXPECT_EQ(t.max(), 100ms);
}

TEST(Metrics, DeclaredSeriesExistFromStartAndAliasesShareTheCount)
{
    MetricsRegistry m;
    m.declare("overlay.connection.pending", MetricKind::Counter);
    m.declare("overlay.drop.idle-timeout", MetricKind::Meter, "connection");
    m.alias("overlay.timeout.idle", "overlay.drop.idle-timeout");
    EXPECT_EQ(m.all().size(), 3u);
    m.counter("overlay.drop.idle-timeout").inc();
    m.counter("overlay.connection.pending").set(4);
    EXPECT_EQ(m.counterValue("overlay.timeout.idle"), 1);
    EXPECT_EQ(m.all().at("overlay.timeout.idle").kind, MetricKind::Meter);
    EXPECT_EQ(m.all().at("overlay.connection.pending").kind, MetricKind::Counter);
    // Undeclared names count events.
    m.counter("overlay.something").inc(2);
    EXPECT_EQ(m.all().at("overlay.something").kind, MetricKind::Meter);
    // A timer's count reads as its value too.
    m.timer("overlay.recv.hello").update(1ms);
    EXPECT_EQ(m.counterValue("overlay.recv.hello"), 1);
    m.clear("overlay.drop");
    EXPECT_EQ(m.counterValue("overlay.timeout.idle"), 0);
    EXPECT_EQ(m.counterValue("overlay.connection.pending"), 4);
}
