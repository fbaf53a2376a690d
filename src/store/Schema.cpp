#include "store/Schema.h"

#include "store/Database.h"
#include "store/Soci.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace stellar
{

namespace
{

// One migration: the statements that take the schema from version N-1 to N.
struct Migration
{
    int version;
    std::vector<char const*> statements;
};

// Append only: a released migration never changes, a new one gets the next
// number and SCHEMA_VERSION moves with it.
std::vector<Migration> const&
migrations()
{
    static std::vector<Migration> const all{
        {1,
         {
             // stellar-core's tables, byte for byte in column names, types and checks.
             "CREATE TABLE peers ("
             "ip            VARCHAR(15) NOT NULL,"
             "port          INT DEFAULT 0 CHECK (port > 0 AND port <= 65535) NOT NULL,"
             "nextattempt   TIMESTAMP NOT NULL,"
             "numfailures   INT DEFAULT 0 CHECK (numfailures >= 0) NOT NULL,"
             "type          INT NOT NULL,"
             "PRIMARY KEY (ip, port)"
             ")",
             "CREATE TABLE ban ("
             "nodeid      CHARACTER(56) NOT NULL PRIMARY KEY"
             ")",
         }},
        {2,
         {
             // Unix seconds (UTC) rather than TIMESTAMP: it compares as a number
             // on both backends, needs no text format and no time zone, and NULL
             // (a permanent ban) is what every row migrated from version 1 gets.
             "ALTER TABLE ban ADD COLUMN banneduntil BIGINT",
         }},
    };
    return all;
}

char const* const SCHEMA_STATE_KEY = "databaseschema"; // core: PersistentState::kDatabaseSchema

void
writeSchemaVersion(soci::session& sql, int version)
{
    std::string key = SCHEMA_STATE_KEY;
    std::string value = std::to_string(version);
    sql << "INSERT INTO storestate (statename, state) VALUES (:k, :v) "
           "ON CONFLICT (statename) DO UPDATE SET state = excluded.state",
        soci::use(key), soci::use(value);
}

// A write transaction that SQLite takes at its start (BEGIN IMMEDIATE), so that
// two processes migrating one file at once queue on the busy timeout instead of
// failing when the first read lock turns into a write lock.
class MigrationTransaction
{
  public:
    MigrationTransaction(soci::session& sql, bool isSqlite) : sql_(sql)
    {
        sql_ << (isSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    }
    ~MigrationTransaction()
    {
        if (open_)
        {
            try
            {
                sql_ << "ROLLBACK";
            }
            catch (std::exception const&)
            {
                // The connection is already broken; the server or SQLite's
                // recovery discards the unfinished transaction.
            }
        }
    }
    void commit()
    {
        sql_ << "COMMIT";
        open_ = false;
    }

  private:
    soci::session& sql_;
    bool open_ = true;
};

}

int
readSchemaVersion(soci::session& sql, std::string const& displayName)
{
    // core: PersistentState::kSQLCreateStatement
    sql << "CREATE TABLE IF NOT EXISTS storestate ("
           "statename   CHARACTER(70) PRIMARY KEY,"
           "state       TEXT"
           ")";
    std::string key = SCHEMA_STATE_KEY;
    std::string value;
    soci::indicator ind = soci::i_null;
    sql << "SELECT state FROM storestate WHERE statename = :k", soci::into(value, ind), soci::use(key);
    if (!sql.got_data() || ind == soci::i_null)
        return 0;
    int version = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
    if (ec != std::errc{} || end != value.data() + value.size() || version < 0)
    {
        throw DatabaseError(fmt::format("DATABASE \"{}\" holds an unreadable schema version \"{}\": expected "
                                        "a database written by stellar-overlay",
                                        displayName, sanitizeForLog(value, 20)));
    }
    return version;
}

int
migrateToCurrentSchema(soci::session& sql, bool isSqlite, std::string const& displayName)
{
    for (auto const& migration : migrations())
    {
        try
        {
            MigrationTransaction tx{sql, isSqlite};
            // Read inside the transaction: another process may have migrated
            // the same database while we waited for the write lock.
            int current = readSchemaVersion(sql, displayName);
            if (current > SCHEMA_VERSION)
            {
                throw DatabaseError(fmt::format(
                    "DATABASE \"{}\" has schema version {}, newer than the version {} this program "
                    "knows: run a newer stellar-overlay or point DATABASE at another database",
                    displayName, current, SCHEMA_VERSION));
            }
            if (current >= migration.version)
                continue;
            logger("Database").info("applying schema migration {} to {}", migration.version, displayName);
            for (auto const* statement : migration.statements)
                sql << statement;
            writeSchemaVersion(sql, migration.version);
            tx.commit();
        }
        catch (DatabaseError const&)
        {
            throw;
        }
        catch (std::exception const& e)
        {
            throw DatabaseError(fmt::format("DATABASE \"{}\" could not be migrated to schema version {} ({})",
                                            displayName, migration.version, errorTextAsOneLine(e.what())));
        }
    }
    return SCHEMA_VERSION;
}

}
