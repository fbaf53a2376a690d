#pragma once
// Whether the database is doing what the node asks of it. A database can
// fail while the node runs: the PostgreSQL server stops, the disk fills, the
// file system turns read-only. The node keeps serving peers meanwhile: the
// peer and ban tables (overlay/PeerManager, overlay/BanManager) keep the
// changes they could not write in memory, bounded, and write them when the
// database takes writes again; nothing already committed is touched.
//
// DatabaseHealth is where they report. The first failure of an outage is
// logged at error level with what the node does about it; a reminder follows
// every DATABASE_OUTAGE_REMINDER while it lasts; the first success after it
// is logged too. Once attached to the node's clock, an outage retries every
// DATABASE_RETRY_PERIOD: it reconnects to a PostgreSQL server that went away
// and calls each registered retry (the tables' "write what you kept").
// Metrics, once attached:
//   store.outage            1 while the database fails, else 0
//   store.failure           statements that failed so far
//   store.unwritten         changes held in memory, not yet written

#include "util/Clock.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stellar
{

class MetricsRegistry;

inline constexpr std::chrono::seconds DATABASE_RETRY_PERIOD{5};
inline constexpr std::chrono::seconds DATABASE_OUTAGE_REMINDER{60};

class DatabaseHealth
{
  public:
    // `displayName`: the DATABASE value, passwords masked. `reconnect` brings
    // back a lost server connection (nothing to do for SQLite); `probeWrite`
    // runs a write that changes nothing. Both throw when they fail.
    DatabaseHealth(std::string displayName, std::function<void()> reconnect, std::function<void()> probeWrite);
    ~DatabaseHealth();
    DatabaseHealth(DatabaseHealth const&) = delete;
    DatabaseHealth& operator=(DatabaseHealth const&) = delete;

    // From now on outages are retried on this clock and published in these
    // metrics. The clock and registry outlive the attachment (detach() or
    // the destructor ends it).
    void attach(Clock& clock, MetricsRegistry& metrics);
    void detach();

    // A statement failed: `operation` names it ("PeerManager::store").
    void failed(std::string_view operation, std::string_view error);
    // A statement that writes went through.
    void succeeded();
    bool inOutage() const { return inOutage_; }

    // `retry` writes what `owner` kept in memory, reporting through failed()
    // and succeeded(). The registration lasts while the returned handle does
    // (it may outlive the database). `unwritten` is how many changes `owner`
    // holds.
    [[nodiscard]] std::shared_ptr<void> addRetry(void const* owner, std::function<void()> retry);
    void setUnwritten(void const* owner, std::size_t unwritten);
    std::size_t unwritten() const;

    // One retry round now (the timer's work; public for tests and for owners
    // that have a change to write anyway). True when the outage is over.
    bool retryNow();

  private:
    void removeRetry(void const* owner);
    void publish();
    void scheduleRetry();

    std::string displayName_;
    std::function<void()> reconnect_;
    std::function<void()> probeWrite_;
    Clock* clock_ = nullptr;
    MetricsRegistry* metrics_ = nullptr;
    std::optional<Timer> retryTimer_;
    bool inOutage_ = false;
    std::optional<ClockTime> lastReminder_;
    uint64_t failures_ = 0;
    uint64_t failuresThisOutage_ = 0;
    std::map<void const*, std::function<void()>> retries_;
    std::map<void const*, std::size_t> unwritten_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}
