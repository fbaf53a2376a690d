#include "overlay/PeerManager.h"

#include "overlay/RandomPeerSource.h"
#include "store/Database.h"
#include "store/Soci.h"
#include "store/SqlTimestamp.h"
#include "util/Limits.h"
#include "util/Log.h"
#include "util/Random.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

namespace stellar
{

namespace
{

spdlog::logger&
log()
{
    return logger("Overlay");
}

int
toColumn(uint32_t numFailures)
{
    return static_cast<int>(std::min<uint32_t>(numFailures, INT_MAX));
}

std::optional<PeerType>
peerTypeFromColumn(int type)
{
    switch (type)
    {
    case static_cast<int>(PeerType::INBOUND):
        return PeerType::INBOUND;
    case static_cast<int>(PeerType::OUTBOUND):
        return PeerType::OUTBOUND;
    case static_cast<int>(PeerType::PREFERRED):
        return PeerType::PREFERRED;
    default:
        return std::nullopt;
    }
}

// The columns of one peers row as SOCI reads them.
struct PeerRow
{
    std::string ip;
    int port = 0;
    std::string nextAttempt;
    int numFailures = 0;
    int type = 0;
};

// A row written by hand or by another program may hold values we would never
// write; such a row is read in its least trusted form (INBOUND, dialable now)
// rather than dropped, so that the operator's peers are not lost. Random
// queries name the types they want, so a row of unknown type is never a
// candidate until an update rewrites it.
PeerRecord
recordFromRow(PeerRow const& row, SystemTimePoint now, std::string_view where)
{
    PeerRecord record{now, static_cast<uint32_t>(std::max(row.numFailures, 0)), PeerType::INBOUND};
    if (auto t = fromSqlTimestamp(row.nextAttempt))
        record.nextAttempt = *t;
    else
        log().warn("peers row {}: nextattempt \"{}\" is not a timestamp, using now", where,
                   sanitizeForLog(row.nextAttempt, 40));
    if (auto type = peerTypeFromColumn(row.type))
        record.type = *type;
    else
        log().warn("peers row {}: type {} is unknown, reading it as INBOUND", where, row.type);
    return record;
}

std::optional<PeerBareAddress>
addressFromRow(std::string const& ip, int port)
{
    if (port <= 0 || port > UINT16_MAX)
        return std::nullopt;
    auto address = PeerBareAddress::parse(ip, static_cast<uint16_t>(port));
    if (!address || ip.find(':') != std::string::npos)
    {
        log().warn("peers row {}:{} is not an IPv4 address, skipping it", sanitizeForLog(ip, 40), port);
        return std::nullopt;
    }
    return address;
}

// The WHERE clause of a PeerQuery and the values bound to it, which must live
// as long as the statement (SOCI binds by reference).
struct QueryFilter
{
    std::string where;
    std::string now;
    int maxNumFailures = 0;
    int type = 0;

    QueryFilter(PeerQuery const& query, SystemTimePoint nowTime)
    {
        std::vector<std::string> conditions;
        if (query.useNextAttempt)
        {
            conditions.emplace_back("nextattempt <= :nextattempt");
            now = toSqlTimestamp(nowTime);
        }
        if (query.maxNumFailures)
        {
            conditions.emplace_back("numfailures <= :maxfailures");
            maxNumFailures = toColumn(*query.maxNumFailures);
        }
        switch (query.typeFilter)
        {
        case PeerTypeFilter::INBOUND_ONLY:
            type = static_cast<int>(PeerType::INBOUND);
            break;
        case PeerTypeFilter::OUTBOUND_ONLY:
            type = static_cast<int>(PeerType::OUTBOUND);
            break;
        case PeerTypeFilter::PREFERRED_ONLY:
            type = static_cast<int>(PeerType::PREFERRED);
            break;
        case PeerTypeFilter::ANY_OUTBOUND:
            type = static_cast<int>(PeerType::OUTBOUND);
            otherType = static_cast<int>(PeerType::PREFERRED);
            break;
        }
        // core writes ANY_OUTBOUND as "type != INBOUND"; naming both types
        // keeps a row with an unknown type (read as INBOUND) out of it too.
        anyOutbound = query.typeFilter == PeerTypeFilter::ANY_OUTBOUND;
        conditions.emplace_back(anyOutbound ? "type IN (:type, :othertype)" : "type = :type");
        where = conditions[0];
        for (std::size_t i = 1; i < conditions.size(); ++i)
            where += " AND " + conditions[i];
        useNextAttempt = query.useNextAttempt;
        useMaxNumFailures = query.maxNumFailures.has_value();
    }

    // In the order the placeholders appear in `where`.
    void bind(soci::statement& st)
    {
        if (useNextAttempt)
            st.exchange(soci::use(now));
        if (useMaxNumFailures)
            st.exchange(soci::use(maxNumFailures));
        st.exchange(soci::use(type));
        if (anyOutbound)
            st.exchange(soci::use(otherType));
    }

  private:
    int otherType = 0;
    bool anyOutbound = false;
    bool useNextAttempt = false;
    bool useMaxNumFailures = false;
};

}

std::chrono::seconds
computeBackoff(uint32_t numFailures)
{
    uint64_t exponent = std::min(numFailures, MAX_BACKOFF_EXPONENT);
    uint64_t most = (uint64_t{1} << exponent) * static_cast<uint64_t>(SECONDS_PER_BACKOFF.count());
    return std::chrono::seconds{randomUniform(1, most)};
}

PeerManager::TypeUpdate
PeerManager::typeUpdateFor(PeerType storedType, PeerType observedType, PreferredTypeKnown known)
{
    switch (observedType)
    {
    case PeerType::PREFERRED:
        return TypeUpdate::SET_PREFERRED;
    case PeerType::OUTBOUND:
        // A configured or authenticated outbound peer is only demoted from
        // PREFERRED when we know it is not preferred any more.
        if (storedType == PeerType::PREFERRED && known == PreferredTypeKnown::YES)
            return TypeUpdate::ENSURE_NOT_PREFERRED;
        return TypeUpdate::ENSURE_OUTBOUND;
    case PeerType::INBOUND:
        return TypeUpdate::ENSURE_NOT_PREFERRED;
    }
    return TypeUpdate::ENSURE_OUTBOUND;
}

PeerManager::PeerManager(Database& db, Clock& clock)
    : db_(db)
    , clock_(clock)
    , outboundPeersToSend_(
          std::make_unique<RandomPeerSource>(*this, RandomPeerSource::maxFailures(MAX_FAILURES, /*outbound=*/true)))
    , inboundPeersToSend_(
          std::make_unique<RandomPeerSource>(*this, RandomPeerSource::maxFailures(MAX_FAILURES, /*outbound=*/false)))
{
    retryRegistration_ = db_.health().addRetry(this, [this] { writeUnwritten(); });
}

PeerManager::~PeerManager() = default;

PeerRecord
PeerManager::defaultRecord() const
{
    return {clock_.systemNow(), 0, PeerType::INBOUND};
}

PeerRecord
PeerManager::applied(PeerRecord record, TypeUpdate type) const
{
    switch (type)
    {
    case TypeUpdate::ENSURE_OUTBOUND:
        if (record.type == PeerType::INBOUND)
            record.type = PeerType::OUTBOUND;
        break;
    case TypeUpdate::SET_PREFERRED:
        record.type = PeerType::PREFERRED;
        break;
    case TypeUpdate::ENSURE_NOT_PREFERRED:
        if (record.type == PeerType::PREFERRED)
            record.type = PeerType::OUTBOUND;
        break;
    }
    return record;
}

PeerRecord
PeerManager::applied(PeerRecord record, BackOffUpdate backOff) const
{
    auto now = clock_.systemNow();
    switch (backOff)
    {
    case BackOffUpdate::HARD_RESET:
        record.numFailures = 0;
        record.nextAttempt = now;
        break;
    case BackOffUpdate::RESET:
    case BackOffUpdate::INCREASE:
        record.numFailures = backOff == BackOffUpdate::RESET
                                 ? 0
                                 : std::min<uint32_t>(record.numFailures, INT_MAX - 1) + 1;
        record.nextAttempt = now + computeBackoff(record.numFailures);
        break;
    }
    return record;
}

std::optional<PeerRecord>
PeerManager::loadFromDatabase(PeerBareAddress const& address, bool& failed)
{
    failed = false;
    try
    {
        auto& sql = db_.session();
        std::string ip = address.ip();
        int port = address.port();
        PeerRow row;
        sql << "SELECT nextattempt, numfailures, type FROM peers WHERE ip = :ip AND port = :port",
            soci::into(row.nextAttempt), soci::into(row.numFailures), soci::into(row.type), soci::use(ip),
            soci::use(port);
        if (!sql.got_data())
            return std::nullopt;
        return recordFromRow(row, clock_.systemNow(), address.toString());
    }
    catch (std::exception const& e)
    {
        failed = true;
        db_.health().failed("PeerManager::load " + address.toString(), errorTextAsOneLine(e.what()));
        return std::nullopt;
    }
}

std::optional<PeerRecord>
PeerManager::load(PeerBareAddress const& address)
{
    auto kept = unwritten_.find(address);
    if (kept != unwritten_.end() && !kept->second.onlyIfAbsent)
        return kept->second.record;
    bool failed = false;
    if (auto row = loadFromDatabase(address, failed))
        return row;
    if (kept != unwritten_.end())
        return kept->second.record;
    return std::nullopt;
}

PeerManager::Unwritten
PeerManager::loadForUpdate(PeerBareAddress const& address)
{
    auto kept = unwritten_.find(address);
    if (kept != unwritten_.end() && !kept->second.onlyIfAbsent)
        return kept->second;
    bool failed = false;
    auto row = loadFromDatabase(address, failed);
    // A row that could not be read may exist: the change built on the
    // default record may only create it, never overwrite it.
    return Unwritten{row.value_or(defaultRecord()), /*onlyIfAbsent=*/failed};
}

void
PeerManager::writeRow(PeerBareAddress const& address, Unwritten const& change)
{
    std::string ip = address.ip();
    int port = address.port();
    std::string nextAttempt = toSqlTimestamp(change.record.nextAttempt);
    int numFailures = toColumn(change.record.numFailures);
    int type = static_cast<int>(change.record.type);
    soci::statement st = (db_.session().prepare << (change.onlyIfAbsent
                                                        ? "INSERT INTO peers (ip, port, nextattempt, numfailures, type) "
                                                          "VALUES (:ip, :port, :nextattempt, :numfailures, :type) "
                                                          "ON CONFLICT (ip, port) DO NOTHING"
                                                        : "INSERT INTO peers (ip, port, nextattempt, numfailures, type) "
                                                          "VALUES (:ip, :port, :nextattempt, :numfailures, :type) "
                                                          "ON CONFLICT (ip, port) DO UPDATE SET "
                                                          "nextattempt = excluded.nextattempt, "
                                                          "numfailures = excluded.numfailures, type = excluded.type"),
                          soci::use(ip), soci::use(port), soci::use(nextAttempt), soci::use(numFailures),
                          soci::use(type));
    st.execute(true);
    if (change.onlyIfAbsent && st.get_affected_rows() > 0)
        log().trace("learned peer {}", address.toString());
}

void
PeerManager::keepUnwritten(PeerBareAddress const& address, Unwritten change)
{
    auto it = unwritten_.find(address);
    if (it != unwritten_.end())
    {
        // A newer change replaces the kept one, except that an
        // insert-if-absent adds nothing to a kept whole row.
        if (!change.onlyIfAbsent || it->second.onlyIfAbsent)
            it->second = change;
    }
    else if (unwritten_.size() < MAX_UNWRITTEN_PEER_RECORDS)
        unwritten_.emplace(address, change);
    else
        log().debug("not keeping the change to {}: {} unwritten changes already", address.toString(),
                    unwritten_.size());
    db_.health().setUnwritten(this, unwritten_.size());
}

void
PeerManager::forgetWritten(PeerBareAddress const& address)
{
    if (unwritten_.erase(address))
        db_.health().setUnwritten(this, unwritten_.size());
}

void
PeerManager::store(PeerBareAddress const& address, PeerRecord const& record)
{
    storeChange(address, Unwritten{record, /*onlyIfAbsent=*/false});
}

void
PeerManager::storeChange(PeerBareAddress const& address, Unwritten const& change)
{
    try
    {
        writeRow(address, change);
        forgetWritten(address);
        db_.health().succeeded();
        writeUnwritten(); // the database works: whatever waited goes too
    }
    catch (std::exception const& e)
    {
        keepUnwritten(address, change);
        db_.health().failed("PeerManager::store " + address.toString(), errorTextAsOneLine(e.what()));
    }
}

void
PeerManager::ensureExists(PeerBareAddress const& address)
{
    if (!unwritten_.count(address))
        storeChange(address, Unwritten{defaultRecord(), /*onlyIfAbsent=*/true});
}

void
PeerManager::writeUnwritten()
{
    while (!unwritten_.empty())
    {
        auto it = unwritten_.begin();
        try
        {
            writeRow(it->first, it->second);
        }
        catch (std::exception const& e)
        {
            db_.health().failed("PeerManager::store " + it->first.toString(), errorTextAsOneLine(e.what()));
            return;
        }
        unwritten_.erase(it);
        db_.health().setUnwritten(this, unwritten_.size());
        db_.health().succeeded();
    }
}

void
PeerManager::update(PeerBareAddress const& address, TypeUpdate type)
{
    auto change = loadForUpdate(address);
    change.record = applied(change.record, type);
    storeChange(address, change);
}

void
PeerManager::update(PeerBareAddress const& address, BackOffUpdate backOff)
{
    auto change = loadForUpdate(address);
    change.record = applied(change.record, backOff);
    storeChange(address, change);
}

void
PeerManager::update(PeerBareAddress const& address, TypeUpdate type, BackOffUpdate backOff)
{
    auto change = loadForUpdate(address);
    change.record = applied(applied(change.record, type), backOff);
    storeChange(address, change);
}

void
PeerManager::update(PeerBareAddress const& address, PeerType observedType, PreferredTypeKnown known)
{
    auto change = loadForUpdate(address);
    change.record = applied(change.record, typeUpdateFor(change.record.type, observedType, known));
    storeChange(address, change);
}

void
PeerManager::update(PeerBareAddress const& address, PeerType observedType, PreferredTypeKnown known,
                    BackOffUpdate backOff)
{
    auto change = loadForUpdate(address);
    change.record = applied(applied(change.record, typeUpdateFor(change.record.type, observedType, known)), backOff);
    storeChange(address, change);
}

std::vector<PeerBareAddress>
PeerManager::loadRandomPeers(PeerQuery const& query, std::size_t size)
{
    std::vector<PeerBareAddress> result;
    if (size == 0)
        return result;
    try
    {
        auto& sql = db_.session();
        QueryFilter filter{query, clock_.systemNow()};

        long long count = 0;
        {
            soci::statement st(sql);
            st.alloc();
            st.prepare("SELECT COUNT(*) FROM peers WHERE " + filter.where);
            filter.bind(st);
            st.exchange(soci::into(count));
            st.define_and_bind();
            st.execute(true);
        }
        if (count <= 0)
            return result;

        // A random window of the matching rows, as core reads it; ordering
        // by the key makes the window (and so a seeded run) repeatable.
        long long batch = static_cast<long long>(std::max(size, PEER_BATCH_SIZE));
        long long maxOffset = count > batch ? count - batch : 0;
        long long offset = static_cast<long long>(randomUniform(0, static_cast<uint64_t>(maxOffset)));

        PeerRow row;
        soci::statement st(sql);
        st.alloc();
        st.prepare("SELECT ip, port FROM peers WHERE " + filter.where +
                   " ORDER BY ip, port LIMIT :limit OFFSET :offset");
        filter.bind(st);
        st.exchange(soci::use(batch));
        st.exchange(soci::use(offset));
        st.exchange(soci::into(row.ip));
        st.exchange(soci::into(row.port));
        st.define_and_bind();
        st.execute(false);
        while (st.fetch())
        {
            if (auto address = addressFromRow(row.ip, row.port))
                result.push_back(*address);
        }
    }
    catch (std::exception const& e)
    {
        db_.health().failed("PeerManager::loadRandomPeers", errorTextAsOneLine(e.what()));
        result.clear();
    }
    shuffleRandomly(result);
    if (result.size() > size)
        result.erase(result.begin() + static_cast<std::ptrdiff_t>(size), result.end());
    return result;
}

void
PeerManager::removePeersWithManyFailures(uint32_t minNumFailures, PeerBareAddress const* address)
{
    std::erase_if(unwritten_, [&](auto const& kept) {
        return kept.second.record.numFailures >= minNumFailures && (!address || kept.first.ip() == address->ip());
    });
    db_.health().setUnwritten(this, unwritten_.size());
    try
    {
        int least = toColumn(minNumFailures);
        std::string ip = address ? address->ip() : std::string{};
        soci::statement st(db_.session());
        st.alloc();
        st.prepare(address ? "DELETE FROM peers WHERE numfailures >= :least AND ip = :ip"
                           : "DELETE FROM peers WHERE numfailures >= :least");
        st.exchange(soci::use(least));
        if (address)
            st.exchange(soci::use(ip));
        st.define_and_bind();
        st.execute(true);
        if (auto removed = st.get_affected_rows(); removed > 0)
            log().debug("removed {} peers with at least {} failures", removed, minNumFailures);
    }
    catch (std::exception const& e)
    {
        db_.health().failed("PeerManager::removePeersWithManyFailures", errorTextAsOneLine(e.what()));
    }
}

std::vector<PeerBareAddress>
PeerManager::getPeersToSend(std::size_t size, PeerBareAddress const& recipient)
{
    auto keep = [&](PeerBareAddress const& a) { return !a.isPrivate() && a != recipient; };
    auto peers = outboundPeersToSend_->getRandomPeers(size, keep);
    if (peers.size() < size)
    {
        auto inbound = inboundPeersToSend_->getRandomPeers(size - peers.size(), keep);
        peers.insert(peers.end(), inbound.begin(), inbound.end());
    }
    return peers;
}

std::vector<std::pair<PeerBareAddress, PeerRecord>>
PeerManager::loadAll()
{
    std::vector<std::pair<PeerBareAddress, PeerRecord>> result;
    try
    {
        auto now = clock_.systemNow();
        PeerRow row;
        soci::statement st = (db_.session().prepare << "SELECT ip, port, nextattempt, numfailures, type "
                                                       "FROM peers ORDER BY ip, port",
                              soci::into(row.ip), soci::into(row.port), soci::into(row.nextAttempt),
                              soci::into(row.numFailures), soci::into(row.type));
        st.execute(false);
        while (st.fetch())
        {
            if (auto address = addressFromRow(row.ip, row.port))
                result.emplace_back(*address, recordFromRow(row, now, address->toString()));
        }
    }
    catch (std::exception const& e)
    {
        db_.health().failed("PeerManager::loadAll", errorTextAsOneLine(e.what()));
        result.clear();
    }
    if (unwritten_.empty())
        return result;
    for (auto const& entry : unwritten_)
    {
        // Not a structured binding: clang 14 (the asan preset) cannot capture one.
        auto const& [address, change] = entry;
        auto at = std::find_if(result.begin(), result.end(), [&](auto const& row) { return row.first == entry.first; });
        if (at == result.end())
            result.emplace_back(address, change.record);
        else if (!change.onlyIfAbsent)
            at->second = change.record;
    }
    // The order the SQL gives: ip as text, then port.
    std::sort(result.begin(), result.end(), [](auto const& a, auto const& b) {
        return std::pair(a.first.ip(), a.first.port()) < std::pair(b.first.ip(), b.first.port());
    });
    return result;
}

}
