#include "hostile/PrivatePostgres.h"

#include "support/ChildProcess.h"

#include <fmt/format.h>

#include <cstdlib>
#include <unistd.h>

namespace stellar::test
{

namespace
{
std::string
sourceDir()
{
    if (char const* dir = std::getenv("SO_SOURCE_DIR"))
        return dir;
    return SO_SOURCE_DIR_DEFAULT;
}
}

PrivatePostgres::PrivatePostgres()
{
    static int serial = 0;
    root_ = fmt::format("/tmp/so-pg-hostile-{}-{}", getpid(), serial++);
    port_ = unusedTcpPort();
    std::string out;
    if (!run("start", &out))
    {
        unavailable_ = "scripts/pg-ci.sh could not start a PostgreSQL server: " + out;
        return;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    conninfo_ = out;
}

PrivatePostgres::~PrivatePostgres()
{
    run("stop");
}

bool
PrivatePostgres::pause()
{
    return run("pause");
}

bool
PrivatePostgres::resume()
{
    return run("resume");
}

bool
PrivatePostgres::run(std::string const& command, std::string* out)
{
    auto result = runToCompletion({"/usr/bin/env", "PGROOT=" + root_, "PGPORT=" + std::to_string(port_),
                                   sourceDir() + "/scripts/pg-ci.sh", command},
                                  "", std::chrono::seconds(120));
    if (out)
        *out = result.exitCode == 0 ? result.out : result.err + result.out;
    return result.exitCode == 0;
}

}
