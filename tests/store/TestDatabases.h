#pragma once
// The database backends a test body runs against, and a fresh empty database
// per test on each. SQLite always; PostgreSQL when PG_CONNINFO names a server
// (scripts/pg-ci.sh start prints one), otherwise those instantiations are
// skipped with a message saying so. On PostgreSQL each test gets its own
// schema (dropped at the end), so tests may run in parallel against one
// server and each starts from empty tables.

#include "store/Database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace stellar::test
{

enum class Backend
{
    SQLITE,
    POSTGRESQL
};

std::string backendName(Backend backend);

// So that gtest names the parameter instead of dumping its bytes.
inline void
PrintTo(Backend backend, std::ostream* os)
{
    *os << backendName(backend);
}

// A directory under the system temp dir, removed with its contents.
class TempDir
{
  public:
    TempDir();
    ~TempDir();
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;
    std::filesystem::path const& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// Why a backend cannot run here, or nullopt when it can.
std::optional<std::string> backendUnavailable(Backend backend);

// An empty database on one backend: a fresh SQLite file, or a fresh
// PostgreSQL schema selected through the connection's search_path.
class TestDatabase
{
  public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();

    // The DATABASE value; Database::open(url()) opens the same database again.
    std::string const& url() const { return url_; }
    Backend backend() const { return backend_; }
    // A Database for url(), opened on first use and kept.
    Database& db();
    // A plain SOCI session on the same database, without migrations.
    std::unique_ptr<soci::session> rawSession() const;
    // Closes the kept Database (the next db() opens it again).
    void close() { db_.reset(); }

  private:
    Backend backend_;
    std::optional<TempDir> dir_;
    std::string schema_;
    std::string url_;
    std::string rawConnect_; // SOCI connect string for rawSession()
    std::unique_ptr<Database> db_;
};

// Makes the database's session refuse every write while it still reads (or
// take writes again): what a full disk or a read-only file looks like to the
// tables. SQLite: PRAGMA query_only; PostgreSQL: read-only transactions.
void refuseWrites(Database& db, bool refuse);

// A test body that runs once per backend: TEST_P(Suite, Name) with
// `class Suite : public BackendTest {}` and INSTANTIATE_BACKENDS(Suite).
class BackendTest : public ::testing::TestWithParam<Backend>
{
  protected:
    void SetUp() override;
    void TearDown() override { testDb_.reset(); }

    TestDatabase& testDb() { return *testDb_; }
    Database& db() { return testDb_->db(); }
    bool onSqlite() const { return GetParam() == Backend::SQLITE; }

  private:
    std::optional<TestDatabase> testDb_;
};

}

#define INSTANTIATE_BACKENDS(Suite)                                                                                    \
    INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                                          \
                             ::testing::Values(::stellar::test::Backend::SQLITE,                                       \
                                               ::stellar::test::Backend::POSTGRESQL),                                  \
                             [](auto const& info) { return ::stellar::test::backendName(info.param); })
