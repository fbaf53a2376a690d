#pragma once
// The one event loop and its time. Every "now" and every timer in overlay/ and
// net/ goes through a Clock, so that tests run minutes of protocol time in
// milliseconds: in Virtual mode time only moves when the loop has nothing
// ready to run and jumps straight to the next timer (as stellar-core's
// VirtualClock does in VIRTUAL_TIME mode).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

namespace asio
{
class io_context;
}

namespace stellar
{

using ClockDuration = std::chrono::nanoseconds;
using ClockTime = std::chrono::steady_clock::time_point;     // monotonic; virtual in Virtual mode
using SystemTimePoint = std::chrono::system_clock::time_point; // wall clock (AuthCert expiry, DB rows)

class Clock
{
  public:
    enum class Mode
    {
        Real,
        Virtual
    };

    // Wall-clock time a Virtual clock starts at, so that runs are reproducible:
    // 2025-01-01T00:00:00Z.
    static constexpr std::chrono::seconds VIRTUAL_EPOCH{1735689600};

    explicit Clock(Mode mode);
    ~Clock();
    Clock(Clock const&) = delete;
    Clock& operator=(Clock const&) = delete;

    Mode mode() const { return mode_; }
    asio::io_context& io() { return *io_; }

    ClockTime now() const;
    SystemTimePoint systemNow() const;

    // Runs what is ready (posted work, I/O completions, due timers) and returns
    // how many handlers ran. When nothing is ready: Real mode waits for the
    // next event if `block`; Virtual mode jumps to the next timer.
    std::size_t crank(bool block = true);

    // Virtual-time helpers for tests and simulations. crankUntil returns
    // whether `done` became true before `timeout` of clock time passed.
    bool crankUntil(std::function<bool()> const& done, ClockDuration timeout);
    void crankFor(ClockDuration d);

    // Queues work to run on the loop (safe to call from other threads).
    void post(std::function<void()> fn);

    // Timer plumbing; use Timer rather than these.
    using TimerId = uint64_t;
    TimerId schedule(ClockTime at, std::function<void()> fn);
    void cancel(TimerId id);
    std::size_t pendingTimers() const { return timers_.size(); }

  private:
    std::size_t fireDueTimers();
    std::size_t pollIo();

    Mode mode_;
    std::unique_ptr<asio::io_context> io_;
    ClockTime virtualNow_{};
    // Ordered by (deadline, sequence): ties fire in the order they were set.
    std::map<std::pair<ClockTime, TimerId>, std::function<void()>> timers_;
    std::map<TimerId, ClockTime> deadlines_;
    TimerId nextId_ = 1;
    struct Waker;
    std::unique_ptr<Waker> waker_;
};

// A one-shot timer handle. Re-arming replaces the pending callback; the
// destructor cancels, so an object that owns its Timer is never called back
// after it is gone.
class Timer
{
  public:
    explicit Timer(Clock& clock) : clock_(&clock) {}
    ~Timer() { cancel(); }
    Timer(Timer const&) = delete;
    Timer& operator=(Timer const&) = delete;

    void expiresAfter(ClockDuration d, std::function<void()> fn);
    void expiresAt(ClockTime at, std::function<void()> fn);
    void cancel();
    bool pending() const { return id_ != 0; }

  private:
    Clock* clock_;
    Clock::TimerId id_ = 0;
};

}
