#pragma once
// The `ban` table: nodes the overlay refuses at HELLO (core: BanManager,
// checked in Peer::recvHello). A ban is permanent (an operator's /ban) or, with
// G10, time-limited: `banneduntil` holds its end in unix seconds and a ban
// whose end has passed no longer counts, whether or not the tick has cleared
// its row yet.
//
// G10's automatic bans are decided here too (what counts as a failure is
// overlay/PeerFailures.h). recordFailure counts a node's failures; when the
// count reaches the threshold (AUTO_BAN_FAILURE_THRESHOLD unless configured)
// the node is banned for AUTO_BAN_DURATION (unless configured) and its count
// starts again from zero. The counts live in memory only: a restart forgives
// them, while the bans themselves are rows and survive it. At most
// AUTO_BAN_MAX_TRACKED_NODES counts are kept (the least recently failed goes
// first), so a flood of fresh node ids cannot grow memory without bound.
//
// Node ids are public-key strkeys ("G" and 55 more base32 characters); the
// overlay converts its NodeID. A malformed id given to banNode, banNodeUntil,
// unbanNode, recordFailure or forgetFailures throws std::invalid_argument with
// one sentence saying what is expected (the admin layer passes it on);
// isBanned answers false for it.
//
// The bans in force are also held in memory: read from the table when the
// BanManager starts, and changed with it by every ban, unban and expiry made
// here. isBanned and getBans answer from memory, so neither a flood of HELLOs
// nor a database outage costs a query (core reads the table at every HELLO).
// A database that fails never lifts or loses a ban: a ban or unban it refuses
// is in force at once, kept (at most MAX_UNWRITTEN_BANS, util/Limits.h) and
// written when the database takes writes again (store/DatabaseHealth.h
// retries; every failure is reported there).

#include "util/Clock.h"

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stellar
{

class Database;

inline constexpr std::chrono::minutes AUTO_BAN_DURATION{5};
inline constexpr uint32_t AUTO_BAN_FAILURE_THRESHOLD = 10;
inline constexpr std::size_t AUTO_BAN_MAX_TRACKED_NODES = 10'000;

// "G" followed by 55 characters of A-Z and 2-7 (checksum not verified: that is
// crypto/'s job when the id is decoded).
bool isNodeIdStrKey(std::string_view nodeId);

class BanManager
{
  public:
    // autoBanFailureThreshold 0 turns automatic bans off.
    BanManager(Database& db, Clock& clock, uint32_t autoBanFailureThreshold = AUTO_BAN_FAILURE_THRESHOLD,
               std::chrono::seconds autoBanDuration = AUTO_BAN_DURATION);
    ~BanManager();
    BanManager(BanManager const&) = delete;
    BanManager& operator=(BanManager const&) = delete;

    // Permanent; turns a time-limited ban of the node into a permanent one.
    void banNode(std::string const& nodeId);
    // Banned while now < until. Never shortens a ban: a permanent ban stays
    // permanent and a later end already stored stays.
    void banNodeUntil(std::string const& nodeId, SystemTimePoint until);
    // Lifts any ban and forgets the node's failures.
    void unbanNode(std::string const& nodeId);
    bool isBanned(std::string const& nodeId) const;
    // Deletes time-limited bans that have ended; the overlay tick calls it.
    // Returns the number of rows removed.
    std::size_t clearExpiredBans();

    struct Ban
    {
        std::string nodeId;
        std::optional<SystemTimePoint> until; // nullopt: permanent
        friend bool operator==(Ban const&, Ban const&) = default;
    };
    // Bans in force now, ordered by node id.
    std::vector<Ban> getBans() const;

    // Counts a failure of the node (the overlay decides what is one) and bans
    // it for the auto-ban duration when the count reaches the threshold. Returns
    // true when this call banned the node. A node already banned is not
    // counted.
    bool recordFailure(std::string const& nodeId);
    // Forgets the node's failures, e.g. after a clean authenticated session.
    void forgetFailures(std::string const& nodeId);
    // The node's current count (0 when none), for the overlay's metrics and tests.
    uint32_t failureCount(std::string const& nodeId) const;

    // Bans and unbans kept in memory because the database refused them.
    std::size_t unwrittenCount() const { return unwritten_.size(); }
    // Writes them until one is refused.
    void writeUnwritten();

  private:
    // A ban (permanent when `until` is absent, else ending at `until` unix
    // seconds) or an unban.
    struct Change
    {
        bool banned = true;
        std::optional<long long> until;
    };
    void write(std::string const& nodeId, Change const& change);
    // Applies the change in memory, then writes it, or keeps it when the
    // database refuses it.
    void apply(std::string const& nodeId, Change change, std::string_view operation);
    void loadBans();

    Database& db_;
    Clock& clock_;
    uint32_t autoBanFailureThreshold_;
    std::chrono::seconds autoBanDuration_;

    struct Failures
    {
        uint32_t count = 0;
        std::list<std::string>::iterator recency;
    };
    std::unordered_map<std::string, Failures> failures_;
    std::list<std::string> recency_; // most recently failed first
    // Node id -> end of its ban (unix seconds; absent: permanent).
    std::map<std::string, std::optional<long long>> bans_;
    std::map<std::string, Change> unwritten_;
    std::shared_ptr<void> retryRegistration_;
};

}
