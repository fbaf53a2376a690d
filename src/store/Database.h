#pragma once
// The node's database: one SOCI session on SQLite (the default) or PostgreSQL,
// holding stellar-core's `peers` and `ban` tables. Opening a database migrates
// its schema to the newest version this program knows (store/Schema.h), and
// refuses one written by a newer program. The same SQL runs on both backends.
//
// A SQLite database runs in WAL mode with synchronous=NORMAL: a commit that has
// returned survives the process being killed at any moment (kill -9), because
// it is already in the WAL file and the OS keeps it. Power loss may lose the
// last commits (never corrupts the file); that is out of scope, as it is for
// a stellar-core watcher node.
//
// Opening refuses, with one sentence, a database it could not use: a file
// that is not an intact SQLite database (quick_check), a database it cannot
// write, a server it cannot reach. A database that fails later, while the
// node runs, is health()'s business (store/DatabaseHealth.h).

#include "store/DatabaseHealth.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace soci
{
class session;
}

namespace stellar
{

// A database that cannot be opened or used as asked. what() is one sentence
// naming the DATABASE value (passwords masked) and what is expected.
class DatabaseError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

class Database
{
  public:
    // url: "sqlite3://<path>" (the file is created on first use;
    // "sqlite3://:memory:" for tests) or "postgresql://<libpq conninfo>", e.g.
    // "postgresql://dbname=core host=127.0.0.1 user=postgres" (a libpq URI such
    // as "postgresql://user@host/db" is accepted too).
    static std::unique_ptr<Database> open(std::string const& url);

    ~Database();
    Database(Database const&) = delete;
    Database& operator=(Database const&) = delete;

    // Include "store/Soci.h" to use the session.
    soci::session& session() { return *session_; }
    bool isSqlite() const { return sqlite_; }
    // After open() this is SCHEMA_VERSION.
    int schemaVersion() const { return schemaVersion_; }
    // The DATABASE value with any password masked, for messages.
    std::string const& displayName() const { return displayName_; }

    DatabaseHealth& health() { return health_; }

  private:
    Database(std::unique_ptr<soci::session> session, bool sqlite, std::string displayName);
    // A PostgreSQL connection that broke (the server stopped or restarted)
    // is opened again, with the session settings; throws when it cannot be.
    void reconnectIfBroken();
    // A write that changes nothing: throws when the database takes no writes.
    void probeWrite();

    std::unique_ptr<soci::session> session_;
    bool sqlite_;
    std::string displayName_;
    int schemaVersion_ = 0;
    DatabaseHealth health_;
};

// The DATABASE value with the value of any `password=` key and the password of
// a URI's user-info replaced by "***".
std::string maskDatabasePassword(std::string const& url);

// A driver's error text (SOCI and libpq write several lines) as one line,
// without SOCI's wrapping (the backend function's name, the SQL) and without
// a final full stop, to sit inside a sentence.
std::string errorTextAsOneLine(std::string_view text);

}
