// The demonstration network as the README's first command starts it
// (`stellar-overlay local-network`, which `scripts/run.sh` runs), shortened to
// 30 s: it ends by itself, prints a summary with every node at one ledger and
// every transaction the load generator sent seen by every node, and leaves no
// process behind.

#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
bool
bindable(uint16_t port)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (fd >= 0)
        ::close(fd);
    return ok;
}

// `n` consecutive TCP ports on 127.0.0.1 that nothing holds.
uint16_t
freePortRange(int n)
{
    for (int attempt = 0; attempt < 50; ++attempt)
    {
        auto base = unusedTcpPort();
        bool free = base + n <= UINT16_MAX;
        for (int i = 1; free && i < n; ++i)
            free = bindable(static_cast<uint16_t>(base + i));
        if (free)
            return base;
    }
    throw std::runtime_error("no free port range");
}

// Processes whose command line names `dir`: what local-network started there.
std::vector<std::string>
processesNaming(std::filesystem::path const& dir)
{
    std::vector<std::string> out;
    for (auto const& entry : std::filesystem::directory_iterator("/proc"))
    {
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(dir.string()) != std::string::npos)
            out.push_back(entry.path().filename().string() + ": " + cmdline);
    }
    return out;
}
}

TEST(LocalNetworkProcess, EndsByItselfWithEveryNodeAtOneLedgerAndEveryTransactionSeen)
{
    TempDir dir{"so-local-network"};
    auto where = dir.path() / "net";
    auto base = freePortRange(10);
    auto run = runToCompletion({NodeProcess::binary(), "local-network", "--nodes", "5", "--duration", "30", "--tps",
                                "50", "--dir", where.string(), "--base-port", std::to_string(base)},
                               "", 90s); // the README: it ends by itself within 90 s
    ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("=== summary after"), std::string::npos) << run.out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(run.out, m, std::regex(R"(every node is at ledger (\d+))"))) << run.out;
    EXPECT_GE(std::stoi(m[1]), 10) << run.out;
    ASSERT_TRUE(std::regex_search(run.out, m, std::regex(R"(every node saw all (\d+) transactions)"))) << run.out;
    EXPECT_GT(std::stoi(m[1]), 0) << run.out;
    EXPECT_NE(run.out.find("local network stopped"), std::string::npos) << run.out;
    EXPECT_EQ(processesNaming(where), std::vector<std::string>{});
}
