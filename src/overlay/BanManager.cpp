#include "overlay/BanManager.h"

#include "store/Database.h"
#include "store/Soci.h"
#include "store/SqlTimestamp.h"
#include "util/Limits.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <stdexcept>

namespace stellar
{

namespace
{

constexpr std::size_t STRKEY_LENGTH = 56;

spdlog::logger&
log()
{
    return logger("Overlay");
}

void
requireNodeId(std::string const& nodeId)
{
    if (!isNodeIdStrKey(nodeId))
    {
        throw std::invalid_argument(fmt::format("node id \"{}\" is not a public key strkey: expected \"G\" followed "
                                                "by 55 characters of A-Z and 2-7",
                                                sanitizeForLog(nodeId, 60)));
    }
}

// Rounded up, so that a ban never ends before the time asked for.
long long
banEndColumn(SystemTimePoint until)
{
    return std::chrono::ceil<std::chrono::seconds>(until.time_since_epoch()).count();
}

std::string
trimmedNodeId(std::string id)
{
    // CHARACTER(56) pads shorter values with spaces on PostgreSQL.
    while (!id.empty() && id.back() == ' ')
        id.pop_back();
    return id;
}

}

bool
isNodeIdStrKey(std::string_view nodeId)
{
    if (nodeId.size() != STRKEY_LENGTH || nodeId[0] != 'G')
        return false;
    for (char c : nodeId)
    {
        if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
            return false;
    }
    return true;
}

BanManager::BanManager(Database& db, Clock& clock, uint32_t autoBanFailureThreshold,
                       std::chrono::seconds autoBanDuration)
    : db_(db), clock_(clock), autoBanFailureThreshold_(autoBanFailureThreshold), autoBanDuration_(autoBanDuration)
{
    loadBans();
    retryRegistration_ = db_.health().addRetry(this, [this] { writeUnwritten(); });
}

BanManager::~BanManager() = default;

void
BanManager::loadBans()
{
    try
    {
        std::string id;
        long long until = 0;
        soci::indicator ind = soci::i_ok;
        soci::statement st =
            (db_.session().prepare << "SELECT nodeid, banneduntil FROM ban", soci::into(id), soci::into(until, ind));
        st.execute(false);
        while (st.fetch())
            bans_[trimmedNodeId(id)] = ind == soci::i_null ? std::nullopt : std::optional(until);
    }
    catch (std::exception const& e)
    {
        db_.health().failed("BanManager::loadBans", errorTextAsOneLine(e.what()));
    }
}

void
BanManager::write(std::string const& nodeId, Change const& change)
{
    std::string id = nodeId;
    auto& sql = db_.session();
    if (!change.banned)
        sql << "DELETE FROM ban WHERE nodeid = :id", soci::use(id);
    else if (!change.until)
        sql << "INSERT INTO ban (nodeid, banneduntil) VALUES (:id, NULL) "
               "ON CONFLICT (nodeid) DO UPDATE SET banneduntil = NULL",
            soci::use(id);
    else
    {
        // Never shortens a ban: a permanent one stays, a later end stays.
        long long end = *change.until;
        sql << "INSERT INTO ban (nodeid, banneduntil) VALUES (:id, :until) "
               "ON CONFLICT (nodeid) DO UPDATE SET banneduntil = CASE "
               "WHEN ban.banneduntil IS NULL THEN NULL "
               "WHEN ban.banneduntil >= excluded.banneduntil THEN ban.banneduntil "
               "ELSE excluded.banneduntil END",
            soci::use(id), soci::use(end);
    }
}

void
BanManager::apply(std::string const& nodeId, Change change, std::string_view operation)
{
    if (!change.banned)
        bans_.erase(nodeId);
    else if (auto [it, inserted] = bans_.try_emplace(nodeId, change.until); !inserted)
    {
        // The same never-shorten rule as the SQL.
        if (it->second && (!change.until || *change.until > *it->second))
            it->second = change.until;
    }
    try
    {
        write(nodeId, change);
        unwritten_.erase(nodeId);
        db_.health().setUnwritten(this, unwritten_.size());
        db_.health().succeeded();
        writeUnwritten(); // the database works: whatever waited goes too
        return;
    }
    catch (std::exception const& e)
    {
        db_.health().failed(fmt::format("BanManager::{} {}", operation, nodeId), errorTextAsOneLine(e.what()));
    }
    // What memory holds now is what the table must hold once written.
    auto now = bans_.find(nodeId);
    Change kept = now == bans_.end() ? Change{false, std::nullopt} : Change{true, now->second};
    if (unwritten_.count(nodeId) || unwritten_.size() < MAX_UNWRITTEN_BANS)
        unwritten_[nodeId] = kept;
    else
        log().error("could not keep the {} of {} for DATABASE \"{}\": {} changes wait already; it holds until the "
                    "node restarts",
                    operation, nodeId, db_.displayName(), unwritten_.size());
    db_.health().setUnwritten(this, unwritten_.size());
}

void
BanManager::writeUnwritten()
{
    while (!unwritten_.empty())
    {
        auto it = unwritten_.begin();
        try
        {
            write(it->first, it->second);
        }
        catch (std::exception const& e)
        {
            db_.health().failed("BanManager::write " + it->first, errorTextAsOneLine(e.what()));
            return;
        }
        unwritten_.erase(it);
        db_.health().setUnwritten(this, unwritten_.size());
        db_.health().succeeded();
    }
}

void
BanManager::banNode(std::string const& nodeId)
{
    requireNodeId(nodeId);
    apply(nodeId, Change{true, std::nullopt}, "ban");
    log().info("ban {}", nodeId);
}

void
BanManager::banNodeUntil(std::string const& nodeId, SystemTimePoint until)
{
    requireNodeId(nodeId);
    long long end = banEndColumn(until);
    apply(nodeId, Change{true, end}, "ban");
    log().info("ban {} until {} UTC", nodeId, toSqlTimestamp(fromUnixSeconds(end)));
}

void
BanManager::unbanNode(std::string const& nodeId)
{
    requireNodeId(nodeId);
    forgetFailures(nodeId);
    apply(nodeId, Change{false, std::nullopt}, "unban");
    log().info("unban {}", nodeId);
}

bool
BanManager::isBanned(std::string const& nodeId) const
{
    auto it = bans_.find(nodeId);
    return it != bans_.end() && (!it->second || *it->second > toUnixSeconds(clock_.systemNow()));
}

std::size_t
BanManager::clearExpiredBans()
{
    long long now = toUnixSeconds(clock_.systemNow());
    auto removed = std::erase_if(bans_, [&](auto const& ban) { return ban.second && *ban.second <= now; });
    try
    {
        db_.session() << "DELETE FROM ban WHERE banneduntil IS NOT NULL AND banneduntil <= :now", soci::use(now);
    }
    catch (std::exception const& e)
    {
        // The rows go at a later tick: no reader takes them for bans in force.
        db_.health().failed("BanManager::clearExpiredBans", errorTextAsOneLine(e.what()));
    }
    if (removed > 0)
        log().debug("cleared {} expired bans", removed);
    return removed;
}

std::vector<BanManager::Ban>
BanManager::getBans() const
{
    std::vector<Ban> result;
    long long now = toUnixSeconds(clock_.systemNow());
    for (auto const& [id, until] : bans_)
        if (!until || *until > now)
            result.push_back(Ban{id, until ? std::optional(fromUnixSeconds(*until)) : std::nullopt});
    return result;
}

bool
BanManager::recordFailure(std::string const& nodeId)
{
    requireNodeId(nodeId);
    if (autoBanFailureThreshold_ == 0 || isBanned(nodeId))
        return false;

    auto it = failures_.find(nodeId);
    if (it != failures_.end())
    {
        recency_.splice(recency_.begin(), recency_, it->second.recency);
    }
    else
    {
        if (failures_.size() >= AUTO_BAN_MAX_TRACKED_NODES)
        {
            failures_.erase(recency_.back());
            recency_.pop_back();
        }
        recency_.push_front(nodeId);
        it = failures_.emplace(nodeId, Failures{0, recency_.begin()}).first;
    }
    if (++it->second.count < autoBanFailureThreshold_)
        return false;

    forgetFailures(nodeId);
    banNodeUntil(nodeId, clock_.systemNow() + autoBanDuration_);
    log().info("{} reached {} failures: banned for {} s", nodeId, autoBanFailureThreshold_,
               autoBanDuration_.count());
    return true;
}

void
BanManager::forgetFailures(std::string const& nodeId)
{
    requireNodeId(nodeId);
    auto it = failures_.find(nodeId);
    if (it == failures_.end())
        return;
    recency_.erase(it->second.recency);
    failures_.erase(it);
}

uint32_t
BanManager::failureCount(std::string const& nodeId) const
{
    auto it = failures_.find(nodeId);
    return it == failures_.end() ? 0 : it->second.count;
}

}
