#include "store/Database.h"
#include "store/Schema.h"
#include "store/Soci.h"
#include "store/TestDatabases.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace stellar;
using namespace stellar::test;

namespace
{

std::string
openError(std::string const& url)
{
    try
    {
        Database::open(url);
    }
    catch (DatabaseError const& e)
    {
        return e.what();
    }
    return "(opened)";
}

std::vector<std::string>
columnsOf(Database& db, std::string const& table)
{
    std::vector<std::string> names(32);
    if (db.isSqlite())
        db.session() << "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid", soci::into(names);
    else
        db.session() << "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        "AND table_name = '" + table + "' ORDER BY ordinal_position",
            soci::into(names);
    return names;
}

std::string
storedSchemaVersion(Database& db)
{
    std::string value;
    db.session() << "SELECT state FROM storestate WHERE statename = 'databaseschema'", soci::into(value);
    return value;
}

}

TEST(Database, SqliteFileIsCreatedOnFirstOpenAndMigrated)
{
    TempDir dir;
    auto file = dir.path() / "overlay.db";
    ASSERT_FALSE(std::filesystem::exists(file));
    auto db = Database::open("sqlite3://" + file.string());
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_TRUE(db->isSqlite());
    EXPECT_EQ(db->schemaVersion(), SCHEMA_VERSION);
    EXPECT_EQ(storedSchemaVersion(*db), std::to_string(SCHEMA_VERSION));
}

// WAL + synchronous=NORMAL is what makes a returned commit survive kill -9
// (CrashTests prove it); the busy timeout is stellar-core's 10 s.
TEST(Database, SqliteFileRunsInWalModeWithNormalSyncAndBusyTimeout)
{
    TempDir dir;
    auto db = Database::open("sqlite3://" + (dir.path() / "overlay.db").string());
    std::string journalMode;
    int synchronous = -1, busyTimeout = -1;
    db->session() << "PRAGMA journal_mode", soci::into(journalMode);
    db->session() << "PRAGMA synchronous", soci::into(synchronous);
    db->session() << "PRAGMA busy_timeout", soci::into(busyTimeout);
    EXPECT_EQ(journalMode, "wal");
    EXPECT_EQ(synchronous, 1); // NORMAL
    EXPECT_EQ(busyTimeout, 10'000);
}

TEST(Database, InMemorySqliteOpensForTests)
{
    auto db = Database::open("sqlite3://:memory:");
    EXPECT_EQ(db->schemaVersion(), SCHEMA_VERSION);
    EXPECT_EQ(columnsOf(*db, "ban"), (std::vector<std::string>{"nodeid", "banneduntil"}));
}

TEST(Database, SqlitePathMayHoldSpacesAndEqualsSigns)
{
    TempDir dir;
    auto file = dir.path() / "my node=1.db";
    auto db = Database::open("sqlite3://" + file.string());
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(db->schemaVersion(), SCHEMA_VERSION);
}

TEST(Database, UnknownSchemeIsRefusedInOneSentence)
{
    EXPECT_EQ(openError("mysql://localhost/core"),
              "DATABASE \"mysql://localhost/core\" is not supported: expected \"sqlite3://<path>\" or "
              "\"postgresql://<libpq conninfo>\"");
    EXPECT_EQ(openError("overlay.db"), "DATABASE \"overlay.db\" is not supported: expected \"sqlite3://<path>\" or "
                                       "\"postgresql://<libpq conninfo>\"");
}

TEST(Database, EmptyPathsAreRefusedInOneSentence)
{
    EXPECT_EQ(openError("sqlite3://"),
              "DATABASE \"sqlite3://\" names no file: expected \"sqlite3://<path>\", for example "
              "\"sqlite3://overlay.db\"");
    EXPECT_EQ(openError("postgresql://"),
              "DATABASE \"postgresql://\" names no server: expected \"postgresql://<libpq conninfo>\", for example "
              "\"postgresql://dbname=core host=127.0.0.1 user=postgres\"");
}

TEST(Database, UnopenableSqliteFileIsOneLineNamingTheValue)
{
    auto message = openError("sqlite3:///nonexistent-so-dir/overlay.db");
    EXPECT_EQ(message.rfind("DATABASE \"sqlite3:///nonexistent-so-dir/overlay.db\" could not be opened (", 0), 0u)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

// Nothing listens on port 1 of 127.0.0.1, so this needs no server.
TEST(Database, UnreachablePostgresqlIsOneLineWithThePasswordMasked)
{
    auto message =
        openError("postgresql://host=127.0.0.1 port=1 dbname=core user=core password=hunter2 connect_timeout=5");
    EXPECT_EQ(message.rfind("DATABASE \"postgresql://host=127.0.0.1 port=1 dbname=core user=core password=*** "
                            "connect_timeout=5\" could not be opened (",
                            0),
              0u)
        << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Database, PasswordsAreMaskedInConninfoAndUris)
{
    EXPECT_EQ(maskDatabasePassword("postgresql://dbname=core password=s3cret user=x"),
              "postgresql://dbname=core password=*** user=x");
    EXPECT_EQ(maskDatabasePassword("postgresql://dbname=core password = 'a b\\' c' user=x"),
              "postgresql://dbname=core password = *** user=x");
    EXPECT_EQ(maskDatabasePassword("postgresql://core:s3cret@db.example/core"),
              "postgresql://core:***@db.example/core");
    EXPECT_EQ(maskDatabasePassword("postgresql://core@db.example/core?password=s3cret&sslmode=require"),
              "postgresql://core@db.example/core?password=***&sslmode=require");
    EXPECT_EQ(maskDatabasePassword("sqlite3://overlay.db"), "sqlite3://overlay.db");
}

class Schema : public BackendTest
{
};
INSTANTIATE_BACKENDS(Schema);

// Version 1 is stellar-core's tables column for column; version 2 adds the
// ban expiry (G10).
TEST_P(Schema, TablesHaveStellarCoreColumnsPlusBanExpiry)
{
    EXPECT_EQ(db().schemaVersion(), 2);
    EXPECT_EQ(columnsOf(db(), "peers"), (std::vector<std::string>{"ip", "port", "nextattempt", "numfailures", "type"}));
    EXPECT_EQ(columnsOf(db(), "ban"), (std::vector<std::string>{"nodeid", "banneduntil"}));
    EXPECT_EQ(columnsOf(db(), "storestate"), (std::vector<std::string>{"statename", "state"}));
}

TEST_P(Schema, PeersChecksRejectBadPortsNegativeFailuresAndDuplicates)
{
    auto& sql = db().session();
    sql << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) "
           "VALUES ('1.2.3.4', 11625, '2025-01-01 00:00:00', 0, 0)";
    auto insert = [&](std::string const& values) {
        try
        {
            sql << "INSERT INTO peers (ip, port, nextattempt, numfailures, type) VALUES (" + values + ")";
            return true;
        }
        catch (soci::soci_error const&)
        {
            return false;
        }
    };
    EXPECT_FALSE(insert("'1.2.3.5', 0, '2025-01-01 00:00:00', 0, 0"));
    EXPECT_FALSE(insert("'1.2.3.5', 65536, '2025-01-01 00:00:00', 0, 0"));
    EXPECT_FALSE(insert("'1.2.3.5', 1, '2025-01-01 00:00:00', -1, 0"));
    EXPECT_FALSE(insert("'1.2.3.4', 11625, '2025-01-01 00:00:00', 0, 0"));
    EXPECT_TRUE(insert("'1.2.3.4', 11626, '2025-01-01 00:00:00', 0, 0"));
}

TEST_P(Schema, ReopeningAnUpToDateDatabaseChangesNothing)
{
    db().session() << "INSERT INTO ban (nodeid) VALUES ('GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')";
    testDb().close();
    auto again = Database::open(testDb().url());
    EXPECT_EQ(again->schemaVersion(), SCHEMA_VERSION);
    EXPECT_EQ(storedSchemaVersion(*again), std::to_string(SCHEMA_VERSION));
    int bans = 0;
    again->session() << "SELECT COUNT(*) FROM ban", soci::into(bans);
    EXPECT_EQ(bans, 1);
}

// A database holding only stellar-core's tables at version 1 (as an older
// stellar-overlay wrote it) keeps its bans, which become permanent ones.
TEST_P(Schema, Version1DatabaseMigratesKeepingItsBansPermanent)
{
    {
        auto& sql = db().session();
        sql << "DROP TABLE ban";
        sql << "CREATE TABLE ban (nodeid CHARACTER(56) NOT NULL PRIMARY KEY)";
        sql << "INSERT INTO ban (nodeid) VALUES ('GBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB')";
        sql << "UPDATE storestate SET state = '1' WHERE statename = 'databaseschema'";
    }
    testDb().close();
    auto migrated = Database::open(testDb().url());
    EXPECT_EQ(migrated->schemaVersion(), 2);
    EXPECT_EQ(storedSchemaVersion(*migrated), "2");
    std::string nodeId;
    long long until = 0;
    soci::indicator ind = soci::i_ok;
    migrated->session() << "SELECT nodeid, banneduntil FROM ban", soci::into(nodeId), soci::into(until, ind);
    EXPECT_EQ(nodeId, "GBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    EXPECT_EQ(ind, soci::i_null);
}

TEST_P(Schema, DatabaseFromANewerProgramIsRefusedInOneSentence)
{
    db().session() << "UPDATE storestate SET state = '7' WHERE statename = 'databaseschema'";
    testDb().close();
    auto url = maskDatabasePassword(testDb().url());
    EXPECT_EQ(openError(testDb().url()),
              "DATABASE \"" + url +
                  "\" has schema version 7, newer than the version 2 this program knows: run a newer "
                  "stellar-overlay or point DATABASE at another database");
}

TEST_P(Schema, UnreadableSchemaVersionIsRefused)
{
    db().session() << "UPDATE storestate SET state = 'two' WHERE statename = 'databaseschema'";
    testDb().close();
    auto url = maskDatabasePassword(testDb().url());
    EXPECT_EQ(openError(testDb().url()), "DATABASE \"" + url +
                                             "\" holds an unreadable schema version \"two\": expected a database "
                                             "written by stellar-overlay");
}

// A migration runs in one transaction with its version bump: when one of its
// statements fails, none of them stays.
TEST_P(Schema, FailedMigrationLeavesNothingBehind)
{
    auto& sql = db().session();
    sql << "DROP TABLE peers";
    sql << "DROP TABLE ban";
    sql << "DELETE FROM storestate";
    sql << "CREATE TABLE ban (something INT)"; // clashes with migration 1's second statement
    testDb().close();
    auto message = openError(testDb().url());
    EXPECT_EQ(message.rfind("DATABASE \"" + maskDatabasePassword(testDb().url()) +
                                "\" could not be migrated to schema version 1 (",
                            0),
              0u)
        << message;

    auto raw = testDb().rawSession();
    int tables = -1;
    if (testDb().backend() == Backend::SQLITE)
        *raw << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'peers'", soci::into(tables);
    else
        *raw << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_name = 'peers'",
            soci::into(tables);
    EXPECT_EQ(tables, 0);
    int versions = -1;
    *raw << "SELECT COUNT(*) FROM storestate", soci::into(versions);
    EXPECT_EQ(versions, 0);
}
