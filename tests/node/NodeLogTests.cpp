// What a running node writes to its log, through the real binary: every line
// in one of stellar-core's partitions, a status line at info level every
// SUMMARY_LEDGERS expected ledger closes, and text from peers escaped, not
// mangled.

#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
std::vector<std::string>
linesOf(std::string const& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::unique_ptr<NodeProcess>
startNode(TempDir& dir, std::string const& name, std::string const& extra, std::vector<std::string> knownPeers = {},
          std::string level = "info")
{
    NodeProcessOptions o;
    o.name = name;
    o.extraConfig = extra;
    o.knownPeers = std::move(knownPeers);
    o.logLevel = std::move(level);
    auto n = std::make_unique<NodeProcess>(dir.path(), o);
    EXPECT_TRUE(n->waitReady()) << n->process().describe();
    return n;
}
}

TEST(NodeLog, StatusLineEveryTwelveLedgersInCoresPartitions)
{
    TempDir dir("so-node-log");
    // 1 s ledgers (core's ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING): a status line every 12 s.
    auto a = startNode(dir, "a", "ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true");
    auto b = startNode(dir, "b", "", {a->address()});
    ASSERT_TRUE(eventually([&] { return a->authenticatedCount() == 1; }, 20s));
    std::regex const status(R"(.* \[Overlay info\] status: \d+ peers \(\d+ in, \d+ out\), \d+ pending; ledger \d+ (synced|not synced); in \d+\.\d msg/s \d+\.\d KiB/s, out \d+\.\d msg/s \d+\.\d KiB/s; \d+ drops since last)");
    auto statusLines = [&] {
        std::size_t n = 0;
        for (auto const& line : linesOf(a->log()))
            n += std::regex_match(line, status);
        return n;
    };
    ASSERT_TRUE(eventually([&] { return statusLines() >= 1; }, 30s)) << a->log();
    // Every line names one of core's partitions (or "default", core's DEFAULT_LOG) and a level.
    std::regex const line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} \[(Fs|SCP|Bucket|Database|History|Process|Ledger|Overlay|Herder|Tx|LoadGen|Work|Invariant|Perf|Test|default) (trace|debug|info|warning|error|critical)\] .*)");
    for (auto const& l : linesOf(a->log()))
        EXPECT_TRUE(std::regex_match(l, line)) << l;
}

TEST(NodeLog, PeerVersionStringsAreEscapedNotMangled)
{
    TempDir dir("so-node-log");
    auto a = startNode(dir, "a", "", {}, "debug");
    // TOML's \u001b puts a terminal escape into the version string the peer sends.
    auto b = startNode(dir, "b", "VERSION_STR = \"stellar-core 27.1.0 (rc-2) \\u001b[31mred\"", {a->address()});
    ASSERT_TRUE(eventually([&] { return a->authenticatedCount() == 1; }, 20s));
    ASSERT_TRUE(eventually([&] { return a->log().find("stellar-core 27.1.0 (rc-2)") != std::string::npos; }, 10s))
        << a->log();
    EXPECT_NE(a->log().find("stellar-core 27.1.0 (rc-2) \\x1b[31mred"), std::string::npos) << a->log();
    EXPECT_EQ(a->log().find('\x1b'), std::string::npos);
}
