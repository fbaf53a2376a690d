#include "util/Clock.h"

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

namespace stellar
{

// Real mode sleeps on one asio timer set to the earliest deadline, so that a
// blocking crank wakes for either I/O or the next timer. Setting the timer
// cancels its pending wait, and the cancelled wait's handler ends the next
// run_one at once: re-set on every crank, a crank woken by I/O would start a
// busy loop lasting until the next deadline. So the wait is set only when
// none is pending or the earliest deadline moved earlier.
struct Clock::Waker
{
    explicit Waker(asio::io_context& io) : timer(io) {}
    asio::steady_timer timer;
    bool pending = false;
    ClockTime deadline{};
};

Clock::Clock(Mode mode)
    : mode_(mode), io_(std::make_unique<asio::io_context>()), waker_(std::make_unique<Waker>(*io_))
{
}

Clock::~Clock()
{
    waker_.reset();
    timers_.clear();
}

ClockTime
Clock::now() const
{
    return mode_ == Mode::Real ? std::chrono::steady_clock::now() : virtualNow_;
}

SystemTimePoint
Clock::systemNow() const
{
    if (mode_ == Mode::Real)
        return std::chrono::system_clock::now();
    return SystemTimePoint{std::chrono::duration_cast<SystemTimePoint::duration>(
        VIRTUAL_EPOCH + virtualNow_.time_since_epoch())};
}

void
Clock::post(std::function<void()> fn)
{
    asio::post(*io_, std::move(fn));
}

Clock::TimerId
Clock::schedule(ClockTime at, std::function<void()> fn)
{
    TimerId id = nextId_++;
    timers_.emplace(std::make_pair(at, id), std::move(fn));
    deadlines_.emplace(id, at);
    return id;
}

void
Clock::cancel(TimerId id)
{
    auto it = deadlines_.find(id);
    if (it == deadlines_.end())
        return;
    timers_.erase(std::make_pair(it->second, id));
    deadlines_.erase(it);
}

std::size_t
Clock::fireDueTimers()
{
    std::size_t fired = 0;
    auto t = now();
    // One at a time: a callback may cancel or add timers.
    while (!timers_.empty() && timers_.begin()->first.first <= t)
    {
        auto node = timers_.extract(timers_.begin());
        deadlines_.erase(node.key().second);
        node.mapped()();
        ++fired;
    }
    return fired;
}

std::size_t
Clock::pollIo()
{
    if (io_->stopped())
        io_->restart();
    return io_->poll();
}

std::size_t
Clock::crank(bool block)
{
    std::size_t n = pollIo();
    n += fireDueTimers();
    if (n > 0 || !block)
        return n;

    if (mode_ == Mode::Virtual)
    {
        if (timers_.empty())
            return 0;
        virtualNow_ = std::max(virtualNow_, timers_.begin()->first.first);
        return fireDueTimers();
    }

    if (!timers_.empty())
    {
        auto next = timers_.begin()->first.first;
        if (!waker_->pending || next < waker_->deadline)
        {
            waker_->pending = true;
            waker_->deadline = next;
            waker_->timer.expires_at(next);
            // Its only job is to end run_one() in time. A cancelled wait
            // leaves `pending` alone: the wait that replaced it is pending.
            waker_->timer.async_wait([w = waker_.get()](std::error_code ec) {
                if (!ec)
                    w->pending = false;
            });
        }
    }
    if (io_->stopped())
        io_->restart();
    n = io_->run_one();
    n += pollIo();
    n += fireDueTimers();
    return n;
}

bool
Clock::crankUntil(std::function<bool()> const& done, ClockDuration timeout)
{
    auto deadline = now() + timeout;
    // A sentinel timer bounds virtual time jumps to the deadline.
    bool expired = false;
    Timer guard(*this);
    guard.expiresAt(deadline, [&expired] { expired = true; });
    while (!done())
    {
        if (expired)
            return false;
        crank(true);
    }
    return true;
}

void
Clock::crankFor(ClockDuration d)
{
    crankUntil([] { return false; }, d);
}

void
Timer::expiresAfter(ClockDuration d, std::function<void()> fn)
{
    expiresAt(clock_->now() + d, std::move(fn));
}

void
Timer::expiresAt(ClockTime at, std::function<void()> fn)
{
    cancel();
    id_ = clock_->schedule(at, [this, fn = std::move(fn)] {
        id_ = 0;
        fn();
    });
}

void
Timer::cancel()
{
    if (id_ != 0)
    {
        clock_->cancel(id_);
        id_ = 0;
    }
}

}
