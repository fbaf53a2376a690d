#include "store/TestDatabases.h"

#include "store/Soci.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>

namespace stellar::test
{

namespace
{

std::optional<std::string>
pgConninfo()
{
    char const* value = std::getenv("PG_CONNINFO");
    if (value == nullptr || *value == '\0')
        return std::nullopt;
    return std::string{value};
}

int
nextSerial()
{
    static std::atomic<int> serial{0};
    return serial++;
}

}

std::string
backendName(Backend backend)
{
    return backend == Backend::SQLITE ? "SQLite" : "PostgreSQL";
}

TempDir::TempDir()
{
    auto pattern = (std::filesystem::temp_directory_path() / "so-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::optional<std::string>
backendUnavailable(Backend backend)
{
    if (backend == Backend::POSTGRESQL && !pgConninfo())
        return "PG_CONNINFO is not set: export PG_CONNINFO=\"$(scripts/pg-ci.sh start)\" to run the PostgreSQL "
               "variant";
    return std::nullopt;
}

TestDatabase::TestDatabase(Backend backend) : backend_(backend)
{
    if (backend == Backend::SQLITE)
    {
        dir_.emplace();
        rawConnect_ = (dir_->path() / "test.db").string();
        url_ = "sqlite3://" + rawConnect_;
        return;
    }
    auto conninfo = pgConninfo();
    if (!conninfo)
        throw std::runtime_error("PG_CONNINFO is not set");
    schema_ = "so_test_" + std::to_string(getpid()) + "_" + std::to_string(nextSerial());
    soci::session admin(soci::postgresql, *conninfo);
    admin << "SET client_min_messages TO WARNING";
    admin << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE";
    admin << "CREATE SCHEMA " + schema_;
    rawConnect_ = *conninfo + " options='-csearch_path=" + schema_ + "'";
    url_ = "postgresql://" + rawConnect_;
}

TestDatabase::~TestDatabase()
{
    db_.reset();
    if (backend_ == Backend::POSTGRESQL)
    {
        try
        {
            soci::session admin(soci::postgresql, *pgConninfo());
            admin << "SET client_min_messages TO WARNING";
            admin << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE";
        }
        catch (std::exception const& e)
        {
            ADD_FAILURE() << "could not drop test schema " << schema_ << ": " << e.what();
        }
    }
}

std::unique_ptr<soci::session>
TestDatabase::rawSession() const
{
    if (backend_ == Backend::SQLITE)
        return std::make_unique<soci::session>(soci::sqlite3, rawConnect_);
    auto session = std::make_unique<soci::session>(soci::postgresql, rawConnect_);
    *session << "SET client_min_messages TO WARNING";
    return session;
}

Database&
TestDatabase::db()
{
    if (!db_)
        db_ = Database::open(url_);
    return *db_;
}

void
BackendTest::SetUp()
{
    if (auto reason = backendUnavailable(GetParam()))
        GTEST_SKIP() << *reason;
    testDb_.emplace(GetParam());
}

void
refuseWrites(Database& db, bool refuse)
{
    if (db.isSqlite())
        db.session() << (refuse ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
    else
        db.session() << (refuse ? "SET default_transaction_read_only = on" : "SET default_transaction_read_only = off");
}

}
