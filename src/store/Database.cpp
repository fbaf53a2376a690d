#include "store/Database.h"

#include "store/Schema.h"
#include "store/Soci.h"
#include "util/Log.h"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>

namespace stellar
{

namespace
{

constexpr std::string_view SQLITE_PREFIX = "sqlite3://";
constexpr std::string_view POSTGRESQL_PREFIX = "postgresql://";

// core: DatabaseConfigureSessionOp uses the same 10 s, to give room to an
// operator's sqlite3 shell or backup holding the file for a moment.
constexpr int SQLITE_BUSY_TIMEOUT_MS = 10'000;

bool
startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

// "dbname=core host=x" is a libpq conninfo; "user@host/db" is the rest of a
// libpq URI, which libpq takes whole ("postgresql://user@host/db").
bool
looksLikeConninfo(std::string_view rest)
{
    auto eq = rest.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return false;
    for (char c : rest.substr(0, eq))
    {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' '))
            return false;
    }
    return true;
}

std::unique_ptr<soci::session>
connectSqlite(std::string const& path, std::string const& displayName)
{
    if (path.empty())
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" names no file: expected \"sqlite3://<path>\", for "
                                        "example \"sqlite3://overlay.db\"",
                                        displayName));
    }
    // SOCI's sqlite3 backend reads a connect string without '=' as the file
    // name itself; with '=' it needs the key=value form, which allows any
    // character but '"'.
    std::string connect = path;
    if (path.find('=') != std::string::npos)
    {
        if (path.find('"') != std::string::npos)
        {
            throw DatabaseError(fmt::format("DATABASE \"{}\" has a path with both '=' and '\"' in it: "
                                            "expected a path without them",
                                            displayName));
        }
        connect = "db=\"" + path + "\"";
    }
    auto session = std::make_unique<soci::session>(soci::sqlite3, connect);
    std::string journalMode;
    *session << "PRAGMA journal_mode = WAL", soci::into(journalMode);
    if (journalMode != "wal" && path != ":memory:")
    {
        logger("Database").warn("{} runs in journal mode \"{}\", not WAL: commits may be slower", displayName,
                                journalMode);
    }
    // NORMAL with WAL: a returned commit survives a crash of this process;
    // only power loss can undo the last ones (see Database.h).
    *session << "PRAGMA synchronous = NORMAL";
    *session << "PRAGMA busy_timeout = " << SQLITE_BUSY_TIMEOUT_MS;
    return session;
}

void
configurePostgresql(soci::session& session)
{
    // libpq prints NOTICEs ("relation already exists, skipping") on stderr.
    session << "SET client_min_messages TO WARNING";
    // TIMESTAMP text comes back in the ISO form store/SqlTimestamp.h parses,
    // whatever DateStyle the server is configured with.
    session << "SET DateStyle TO 'ISO, YMD'";
}

std::unique_ptr<soci::session>
connectPostgresql(std::string const& url, std::string const& rest, std::string const& displayName)
{
    if (rest.empty())
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" names no server: expected "
                                        "\"postgresql://<libpq conninfo>\", for example "
                                        "\"postgresql://dbname=core host=127.0.0.1 user=postgres\"",
                                        displayName));
    }
    auto session = std::make_unique<soci::session>(soci::postgresql, looksLikeConninfo(rest) ? rest : url);
    configurePostgresql(*session);
    return session;
}

// SQLite's own check of the file's structure, quick enough for every start.
void
requireIntactSqlite(soci::session& session, std::string const& displayName)
{
    std::string result;
    try
    {
        session << "PRAGMA quick_check", soci::into(result);
    }
    catch (std::exception const& e)
    {
        result = e.what(); // "database disk image is malformed"
    }
    if (result != "ok")
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" is corrupt (quick_check: {}): restore it from a backup "
                                        "or point DATABASE at a new file",
                                        displayName, errorTextAsOneLine(result)));
    }
}

}

std::string
errorTextAsOneLine(std::string_view text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ')
        {
            if (!out.empty() && out.back() != ' ')
                out.push_back(' ');
        }
        else
        {
            out.push_back(c);
        }
    }
    // SOCI wraps the driver's words: "sqlite3_statement_backend::prepare:
    // <words> while preparing "<SQL>"". The operator needs the words.
    if (auto wrap = out.find("_backend::"); wrap != std::string::npos)
    {
        if (auto colon = out.find(": ", wrap); colon != std::string::npos)
            out.erase(0, colon + 2);
    }
    for (std::string_view tail : {" while preparing \"", " while executing \""})
    {
        if (auto at = out.find(tail); at != std::string::npos)
            out.resize(at);
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
        out.pop_back();
    return out;
}

std::string
maskDatabasePassword(std::string const& url)
{
    std::string out = url;
    // conninfo and URI query parameters: password=secret, password = 'se cret'
    for (std::size_t at = out.find("password"); at != std::string::npos; at = out.find("password", at + 1))
    {
        std::size_t i = at + 8;
        while (i < out.size() && out[i] == ' ')
            ++i;
        if (i >= out.size() || out[i] != '=')
            continue;
        ++i;
        while (i < out.size() && out[i] == ' ')
            ++i;
        std::size_t end = i;
        if (end < out.size() && out[end] == '\'')
        {
            ++end;
            while (end < out.size() && out[end] != '\'')
                end += out[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, out.size());
        }
        else
        {
            while (end < out.size() && out[end] != ' ' && out[end] != '&')
                ++end;
        }
        out.replace(i, end - i, "***");
    }
    // URI user-info: postgresql://user:secret@host/db
    auto scheme = out.find("://");
    if (scheme != std::string::npos)
    {
        auto authorityStart = scheme + 3;
        auto authorityEnd = out.find_first_of("/?", authorityStart);
        auto at = out.rfind('@', authorityEnd == std::string::npos ? out.size() : authorityEnd);
        if (at != std::string::npos && at > authorityStart)
        {
            auto colon = out.find(':', authorityStart);
            if (colon != std::string::npos && colon < at)
                out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    return out;
}

Database::Database(std::unique_ptr<soci::session> session, bool sqlite, std::string displayName)
    : session_(std::move(session))
    , sqlite_(sqlite)
    , displayName_(std::move(displayName))
    , health_(displayName_, [this] { reconnectIfBroken(); }, [this] { probeWrite(); })
{
}

void
Database::reconnectIfBroken()
{
    if (sqlite_ || session_->is_connected())
        return;
    session_->reconnect();
    configurePostgresql(*session_);
    logger("Database").info("reconnected to {}", displayName_);
}

void
Database::probeWrite()
{
    std::string key = "databaseschema";
    *session_ << "UPDATE storestate SET state = state WHERE statename = :k", soci::use(key);
}

Database::~Database() = default;

std::unique_ptr<Database>
Database::open(std::string const& url)
{
    auto displayName = maskDatabasePassword(url);
    bool sqlite = startsWith(url, SQLITE_PREFIX);
    if (!sqlite && !startsWith(url, POSTGRESQL_PREFIX))
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" is not supported: expected \"sqlite3://<path>\" or "
                                        "\"postgresql://<libpq conninfo>\"",
                                        displayName));
    }
    std::unique_ptr<soci::session> session;
    try
    {
        session = sqlite ? connectSqlite(url.substr(SQLITE_PREFIX.size()), displayName)
                         : connectPostgresql(url, url.substr(POSTGRESQL_PREFIX.size()), displayName);
        if (sqlite)
            requireIntactSqlite(*session, displayName);
    }
    catch (DatabaseError const&)
    {
        throw;
    }
    catch (std::exception const& e)
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" could not be opened ({}): expected {}", displayName,
                                        errorTextAsOneLine(maskDatabasePassword(e.what())),
                                        sqlite ? "an SQLite file, in a directory, that this user can read and write"
                                               : "a PostgreSQL server that accepts this connection"));
    }
    std::unique_ptr<Database> db{new Database(std::move(session), sqlite, displayName)};
    db->schemaVersion_ = migrateToCurrentSchema(*db->session_, sqlite, displayName);
    try
    {
        db->probeWrite();
    }
    catch (std::exception const& e)
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" cannot be written ({}): expected a database this user can "
                                        "write, with space to grow",
                                        displayName, errorTextAsOneLine(e.what())));
    }
    logger("Database").info("opened {} at schema version {}", displayName, db->schemaVersion_);
    return db;
}

}
