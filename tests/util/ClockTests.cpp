#include "util/Clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace stellar;
using namespace std::chrono_literals;

TEST(VirtualClock, TimeMovesOnlyWhenCranked)
{
    Clock clock{Clock::Mode::Virtual};
    auto start = clock.now();
    EXPECT_EQ(clock.now(), start);
    EXPECT_EQ(clock.crank(), 0u); // nothing scheduled: time stays
    EXPECT_EQ(clock.now(), start);
}

TEST(VirtualClock, TimersFireInDeadlineOrderAtTheirTime)
{
    Clock clock{Clock::Mode::Virtual};
    auto start = clock.now();
    std::vector<std::pair<int, ClockDuration>> fired;
    Timer a{clock}, b{clock}, c{clock};
    a.expiresAfter(5s, [&] { fired.emplace_back(1, clock.now() - start); });
    b.expiresAfter(2s, [&] { fired.emplace_back(2, clock.now() - start); });
    c.expiresAfter(2s, [&] { fired.emplace_back(3, clock.now() - start); });
    clock.crankFor(10s);
    EXPECT_EQ(fired, (std::vector<std::pair<int, ClockDuration>>{{2, 2s}, {3, 2s}, {1, 5s}}));
    EXPECT_EQ(clock.now() - start, ClockDuration{10s});
}

TEST(VirtualClock, DestroyedOrCancelledTimerNeverFires)
{
    Clock clock{Clock::Mode::Virtual};
    int fired = 0;
    {
        Timer t{clock};
        t.expiresAfter(1s, [&] { ++fired; });
    }
    Timer u{clock};
    u.expiresAfter(1s, [&] { ++fired; });
    u.cancel();
    clock.crankFor(5s);
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(clock.pendingTimers(), 0u);
}

TEST(VirtualClock, RearmingFromTheCallbackMakesAPeriodicTimer)
{
    Clock clock{Clock::Mode::Virtual};
    auto start = clock.now();
    std::vector<ClockDuration> ticks;
    Timer t{clock};
    std::function<void()> tick = [&] {
        ticks.push_back(clock.now() - start);
        t.expiresAfter(3s, tick);
    };
    t.expiresAfter(2s, tick);
    clock.crankFor(9s);
    EXPECT_EQ(ticks, (std::vector<ClockDuration>{2s, 5s, 8s}));
}

TEST(VirtualClock, CrankUntilStopsAtConditionOrDeadline)
{
    Clock clock{Clock::Mode::Virtual};
    auto start = clock.now();
    bool flag = false;
    Timer t{clock};
    t.expiresAfter(4s, [&] { flag = true; });
    EXPECT_TRUE(clock.crankUntil([&] { return flag; }, 10s));
    EXPECT_EQ(clock.now() - start, ClockDuration{4s});
    EXPECT_FALSE(clock.crankUntil([] { return false; }, 3s));
    EXPECT_EQ(clock.now() - start, ClockDuration{7s});
}

TEST(VirtualClock, SystemTimeStartsAtTheFixedEpochAndFollowsVirtualTime)
{
    Clock clock{Clock::Mode::Virtual};
    EXPECT_EQ(clock.systemNow().time_since_epoch(), Clock::VIRTUAL_EPOCH);
    clock.crankFor(90s);
    EXPECT_EQ(clock.systemNow().time_since_epoch(), Clock::VIRTUAL_EPOCH + 90s);
}

TEST(VirtualClock, PostedWorkRunsBeforeTimeAdvances)
{
    Clock clock{Clock::Mode::Virtual};
    auto start = clock.now();
    ClockDuration ranAt{-1};
    Timer t{clock};
    t.expiresAfter(1s, [] {});
    clock.post([&] { ranAt = clock.now() - start; });
    clock.crank();
    EXPECT_EQ(ranAt, ClockDuration{0});
}

TEST(RealClock, BlockingCrankWakesForTheNextTimer)
{
    Clock clock{Clock::Mode::Real};
    bool fired = false;
    Timer t{clock};
    t.expiresAfter(20ms, [&] { fired = true; });
    EXPECT_TRUE(clock.crankUntil([&] { return fired; }, 5s));
}

// A crank woken by I/O before the next timer is due (here: work posted from
// another thread, as a socket would wake it) must leave the next crank
// blocking until that timer: had it re-set its wake-up timer, the cancelled
// wait would end each following crank at once, a busy loop until the timer
// (what a real node and the process tests did between two events).
TEST(RealClock, CranksAfterAnIoWakeBlockUntilTheNextTimer)
{
    Clock clock{Clock::Mode::Real};
    bool fired = false;
    Timer t{clock};
    t.expiresAfter(300ms, [&] { fired = true; });
    std::thread io([&] {
        std::this_thread::sleep_for(20ms);
        clock.post([] {});
    });
    std::size_t cranks = 0;
    while (!fired && cranks < 1000)
    {
        clock.crank(true);
        ++cranks;
    }
    io.join();
    EXPECT_TRUE(fired);
    // The posted work, the timer, and a spare wake-up.
    EXPECT_LE(cranks, 4u);
}
