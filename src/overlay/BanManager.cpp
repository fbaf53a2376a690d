#include "overlay/BanManager.h"

#include "store/Database.h"
#include "store/Soci.h"
#include "store/SqlTimestamp.h"
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
}

void
BanManager::banNode(std::string const& nodeId)
{
    requireNodeId(nodeId);
    std::string id = nodeId;
    try
    {
        db_.session() << "INSERT INTO ban (nodeid, banneduntil) VALUES (:id, NULL) "
                         "ON CONFLICT (nodeid) DO UPDATE SET banneduntil = NULL",
            soci::use(id);
    }
    catch (std::exception const& e)
    {
        throw DatabaseError(fmt::format("could not ban {} in DATABASE \"{}\" ({})", id, db_.displayName(),
                                        errorTextAsOneLine(e.what())));
    }
    log().info("ban {}", id);
}

void
BanManager::banNodeUntil(std::string const& nodeId, SystemTimePoint until)
{
    requireNodeId(nodeId);
    std::string id = nodeId;
    long long end = banEndColumn(until);
    try
    {
        db_.session() << "INSERT INTO ban (nodeid, banneduntil) VALUES (:id, :until) "
                         "ON CONFLICT (nodeid) DO UPDATE SET banneduntil = CASE "
                         "WHEN ban.banneduntil IS NULL THEN NULL "
                         "WHEN ban.banneduntil >= excluded.banneduntil THEN ban.banneduntil "
                         "ELSE excluded.banneduntil END",
            soci::use(id), soci::use(end);
    }
    catch (std::exception const& e)
    {
        throw DatabaseError(fmt::format("could not ban {} in DATABASE \"{}\" ({})", id, db_.displayName(),
                                        errorTextAsOneLine(e.what())));
    }
    log().info("ban {} until {} UTC", id, toSqlTimestamp(fromUnixSeconds(end)));
}

void
BanManager::unbanNode(std::string const& nodeId)
{
    requireNodeId(nodeId);
    forgetFailures(nodeId);
    std::string id = nodeId;
    try
    {
        db_.session() << "DELETE FROM ban WHERE nodeid = :id", soci::use(id);
    }
    catch (std::exception const& e)
    {
        throw DatabaseError(fmt::format("could not unban {} in DATABASE \"{}\" ({})", id, db_.displayName(),
                                        errorTextAsOneLine(e.what())));
    }
    log().info("unban {}", id);
}

bool
BanManager::isBanned(std::string const& nodeId) const
{
    if (!isNodeIdStrKey(nodeId))
        return false;
    try
    {
        auto& sql = db_.session();
        std::string id = nodeId;
        long long until = 0;
        soci::indicator ind = soci::i_ok;
        sql << "SELECT banneduntil FROM ban WHERE nodeid = :id", soci::into(until, ind), soci::use(id);
        if (!sql.got_data())
            return false;
        return ind == soci::i_null || until > toUnixSeconds(clock_.systemNow());
    }
    catch (std::exception const& e)
    {
        log().error("BanManager::isBanned {}: {}", nodeId, errorTextAsOneLine(e.what()));
        return false;
    }
}

std::size_t
BanManager::clearExpiredBans()
{
    try
    {
        long long now = toUnixSeconds(clock_.systemNow());
        soci::statement st =
            (db_.session().prepare << "DELETE FROM ban WHERE banneduntil IS NOT NULL AND banneduntil <= :now",
             soci::use(now));
        st.execute(true);
        auto removed = st.get_affected_rows();
        if (removed > 0)
            log().debug("cleared {} expired bans", removed);
        return removed > 0 ? static_cast<std::size_t>(removed) : 0;
    }
    catch (std::exception const& e)
    {
        log().error("BanManager::clearExpiredBans: {}", errorTextAsOneLine(e.what()));
        return 0;
    }
}

std::vector<BanManager::Ban>
BanManager::getBans() const
{
    std::vector<Ban> result;
    try
    {
        long long now = toUnixSeconds(clock_.systemNow());
        std::string id;
        long long until = 0;
        soci::indicator ind = soci::i_ok;
        soci::statement st = (db_.session().prepare << "SELECT nodeid, banneduntil FROM ban "
                                                       "WHERE banneduntil IS NULL OR banneduntil > :now "
                                                       "ORDER BY nodeid",
                              soci::into(id), soci::into(until, ind), soci::use(now));
        st.execute(false);
        while (st.fetch())
        {
            Ban ban{trimmedNodeId(id), std::nullopt};
            if (ind != soci::i_null)
                ban.until = fromUnixSeconds(until);
            result.push_back(std::move(ban));
        }
    }
    catch (std::exception const& e)
    {
        log().error("BanManager::getBans: {}", errorTextAsOneLine(e.what()));
        result.clear();
    }
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
    try
    {
        banNodeUntil(nodeId, clock_.systemNow() + autoBanDuration_);
    }
    catch (DatabaseError const& e)
    {
        log().error("automatic ban of {} failed: {}", nodeId, e.what());
        return false;
    }
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
