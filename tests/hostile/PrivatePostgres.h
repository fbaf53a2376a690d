#pragma once
// A PostgreSQL server of the test's own (scripts/pg-ci.sh with a directory
// and port nobody else uses), so that a test may stop it under a running node
// without touching the server other tests share. unavailable() says why one
// cannot be had (no PostgreSQL installed), and the test reports itself
// skipped with that reason.

#include <cstdint>
#include <optional>
#include <string>

namespace stellar::test
{

class PrivatePostgres
{
  public:
    PrivatePostgres();
    ~PrivatePostgres();
    PrivatePostgres(PrivatePostgres const&) = delete;
    PrivatePostgres& operator=(PrivatePostgres const&) = delete;

    std::optional<std::string> const& unavailable() const { return unavailable_; }
    // libpq conninfo, and the DATABASE value for a node.
    std::string const& conninfo() const { return conninfo_; }
    std::string url() const { return "postgresql://" + conninfo_; }

    // Stops the server (its data stays) and starts it again.
    bool pause();
    bool resume();

  private:
    bool run(std::string const& command, std::string* out = nullptr);

    std::string root_;
    uint16_t port_ = 0;
    std::string conninfo_;
    std::optional<std::string> unavailable_;
};

}
