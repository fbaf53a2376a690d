#include "store/DatabaseHealth.h"

#include "util/Log.h"
#include "util/Metrics.h"

namespace stellar
{

namespace
{
spdlog::logger&
log()
{
    return logger("Database");
}
}

DatabaseHealth::DatabaseHealth(std::string displayName, std::function<void()> reconnect,
                               std::function<void()> probeWrite)
    : displayName_(std::move(displayName)), reconnect_(std::move(reconnect)), probeWrite_(std::move(probeWrite))
{
}

DatabaseHealth::~DatabaseHealth()
{
    detach();
}

void
DatabaseHealth::attach(Clock& clock, MetricsRegistry& metrics)
{
    detach();
    clock_ = &clock;
    metrics_ = &metrics;
    // Values, not event counts: declared as counters so that they are
    // reported as such (and exist before the first outage).
    for (auto name : {"store.outage", "store.failure", "store.unwritten"})
        metrics.declare(name, MetricKind::Counter);
    retryTimer_.emplace(clock);
    publish();
    if (inOutage_)
        scheduleRetry();
}

void
DatabaseHealth::detach()
{
    retryTimer_.reset();
    clock_ = nullptr;
    metrics_ = nullptr;
}

void
DatabaseHealth::failed(std::string_view operation, std::string_view error)
{
    ++failures_;
    ++failuresThisOutage_;
    if (!inOutage_)
    {
        inOutage_ = true;
        lastReminder_ = clock_ ? std::optional(clock_->now()) : std::nullopt;
        log().error("DATABASE \"{}\" failed ({}: {}): the node keeps serving peers; peer and ban changes are kept in "
                    "memory and written when the database works again",
                    displayName_, operation, error);
        scheduleRetry();
    }
    else if (clock_ && lastReminder_ && clock_->now() - *lastReminder_ >= DATABASE_OUTAGE_REMINDER)
    {
        lastReminder_ = clock_->now();
        log().error("DATABASE \"{}\" still fails ({}: {}): {} failures so far, {} changes not written yet",
                    displayName_, operation, error, failuresThisOutage_, unwritten());
    }
    else
    {
        log().debug("{}: {}", operation, error);
    }
    publish();
}

void
DatabaseHealth::succeeded()
{
    if (!inOutage_)
        return;
    inOutage_ = false;
    log().warn("DATABASE \"{}\" works again after {} failures; {} changes kept in memory are still to be written",
               displayName_, failuresThisOutage_, unwritten());
    failuresThisOutage_ = 0;
    publish();
}

std::shared_ptr<void>
DatabaseHealth::addRetry(void const* owner, std::function<void()> retry)
{
    retries_[owner] = std::move(retry);
    std::weak_ptr<bool> alive = alive_;
    return std::shared_ptr<void>(nullptr, [this, owner, alive](void*) {
        if (alive.lock())
            removeRetry(owner);
    });
}

void
DatabaseHealth::removeRetry(void const* owner)
{
    retries_.erase(owner);
    unwritten_.erase(owner);
    publish();
}

void
DatabaseHealth::setUnwritten(void const* owner, std::size_t unwritten)
{
    if (unwritten == 0)
        unwritten_.erase(owner);
    else
        unwritten_[owner] = unwritten;
    publish();
}

std::size_t
DatabaseHealth::unwritten() const
{
    std::size_t n = 0;
    for (auto const& [owner, count] : unwritten_)
        n += count;
    return n;
}

bool
DatabaseHealth::retryNow()
{
    try
    {
        reconnect_();
    }
    catch (std::exception const& e)
    {
        failed("reconnect", e.what());
        return false;
    }
    // Each owner writes what it kept, and reports success or failure itself.
    for (auto const& [owner, retry] : retries_)
        retry();
    if (inOutage_ && unwritten() == 0)
    {
        // Nothing was waiting: a write that changes nothing tells whether
        // the database takes writes again.
        try
        {
            probeWrite_();
            succeeded();
        }
        catch (std::exception const& e)
        {
            failed("probe write", e.what());
        }
    }
    return !inOutage_ && unwritten() == 0;
}

void
DatabaseHealth::scheduleRetry()
{
    if (!retryTimer_ || retryTimer_->pending())
        return;
    retryTimer_->expiresAfter(DATABASE_RETRY_PERIOD, [this] {
        retryNow();
        if (inOutage_ || unwritten() > 0)
            scheduleRetry();
    });
}

void
DatabaseHealth::publish()
{
    if (!metrics_)
        return;
    metrics_->counter("store.outage").set(inOutage_ ? 1 : 0);
    metrics_->counter("store.failure").set(static_cast<int64_t>(failures_));
    metrics_->counter("store.unwritten").set(static_cast<int64_t>(unwritten()));
}

}
