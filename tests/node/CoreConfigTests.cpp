// The real binary on stellar-core configs, unchanged but for free ports and a
// temporary directory: a watcher config with every kind of key operators
// write (ledger, history, catch-up and maintenance keys, KNOWN_CURSORS,
// [[HOME_DOMAINS]], [[VALIDATORS]], [HISTORY.*], NODE_NAMES, $names) and a
// validator config. The node starts, says once which keys it ignores, and
// dials the validators' ADDRESS entries; a config with typos is refused once,
// naming every typo.

#include "crypto/SecretKey.h"
#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

std::string
fixture(std::string const& name)
{
    char const* dir = std::getenv("SO_SOURCE_DIR");
    std::ifstream in(std::filesystem::path(dir ? dir : ".") / "tests/node/configs" / name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string
substitute(std::string text, std::map<std::string, std::string> const& values)
{
    for (auto const& [name, value] : values)
    {
        auto token = "@@" + name + "@@";
        for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
            text.replace(pos, token.size(), value);
    }
    return text;
}

std::size_t
occurrences(std::string const& text, std::string const& what)
{
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
        ++n;
    return n;
}

class CoreConfig : public ::testing::Test
{
  protected:
    TempDir dir{"so-core-config"};
    // The node the configs name as their first validator; it listens, so the
    // node under test has someone to dial.
    std::unique_ptr<NodeProcess> first;
    uint16_t httpPort = unusedTcpPort();
    std::map<std::string, std::string> values;

    void
    SetUp() override
    {
        NodeProcessOptions options;
        options.name = "first";
        first = std::make_unique<NodeProcess>(dir.path(), options);
        ASSERT_TRUE(first->waitReady()) << first->process().describe();
        values = {{"DIR", dir.path().string()},
                  {"HTTP_PORT", std::to_string(httpPort)},
                  {"PEER_PORT", std::to_string(unusedTcpPort())},
                  {"SEED", crypto::SecretKey::fromNetworkSeed("validator under test").strKeySeed()},
                  {"LAB_KEY", crypto::SecretKey::fromNetworkSeed("lab").strKeyPublic()},
                  {"FIRST_KEY", first->publicKey()},
                  {"FIRST_PORT", std::to_string(first->peerPort())},
                  {"SECOND_KEY", crypto::SecretKey::fromNetworkSeed("second").strKeyPublic()},
                  {"SECOND_PORT", std::to_string(unusedTcpPort())},
                  {"THIRD_KEY", crypto::SecretKey::fromNetworkSeed("third").strKeyPublic()},
                  {"THIRD_PORT", std::to_string(unusedTcpPort())}};
    }

    std::string
    write(std::string const& name, std::string const& text)
    {
        auto path = dir.path() / name;
        std::ofstream(path) << text;
        return path.string();
    }

    std::unique_ptr<ChildProcess>
    run(std::string const& confPath, std::string const& name)
    {
        return std::make_unique<ChildProcess>(
            ChildProcessOptions{{NodeProcess::binary(), "run", "--conf", confPath}, {}, dir.path(), name});
    }

    // The node under test answers admin HTTP and has authenticated with
    // `first`, which it knows only as a [[VALIDATORS]] ADDRESS.
    void
    expectRunningAndConnectedToFirst(ChildProcess& node)
    {
        httplib::Client admin("127.0.0.1", httpPort);
        ASSERT_TRUE(eventually([&] { return !node.running() || admin.Get("/info"); }, 20s) && node.running())
            << node.describe();
        auto ourAddress = "127.0.0.1:" + values["PEER_PORT"];
        EXPECT_TRUE(eventually(
            [&] {
                for (auto const& p : first->authenticated("inbound"))
                    if (p["address"] == ourAddress)
                        return true;
                return false;
            },
            20s))
            << node.describe() << first->process().describe();
    }
};
}

TEST_F(CoreConfig, WatcherConfigRunsUnchangedAndNamesTheIgnoredKeysOnce)
{
    auto conf = write("watcher.cfg", substitute(fixture("watcher.cfg"), values));
    auto node = run(conf, "watcher");
    expectRunningAndConnectedToFirst(*node);

    std::string const warning =
        "[default warning] ignoring stellar-core keys an overlay node does not use: AUTOMATIC_MAINTENANCE_COUNT, "
        "AUTOMATIC_MAINTENANCE_PERIOD, BUCKET_DIR_PATH, CATCHUP_COMPLETE, CATCHUP_RECENT, HISTORY, "
        "KNOWN_CURSORS (retired from stellar-core), MAX_CONCURRENT_SUBPROCESSES\n";
    EXPECT_EQ(occurrences(node->errors(), warning), 1u) << node->describe();
    EXPECT_EQ(occurrences(node->errors(), "ignoring stellar-core keys"), 1u);
    // COMMANDS ran at start, as core runs them; one only core serves is named and skipped.
    httplib::Client admin("127.0.0.1", httpPort);
    auto ll = admin.Get("/ll");
    ASSERT_TRUE(ll);
    EXPECT_EQ(nlohmann::json::parse(ll->body)["Herder"], "Debug");
    EXPECT_EQ(occurrences(node->errors(), "[default warning] COMMANDS: \"upgrades?mode=set&upgradetime="
                                          "2026-01-01T00:00:00Z&protocolversion=27\" is not a command this node "
                                          "serves: skipped\n"),
              1u);

    // LOG_FILE_PATH with core's datetime pattern: the same lines go to the file.
    std::filesystem::path logFile;
    for (auto const& e : std::filesystem::directory_iterator(dir.path()))
        if (std::regex_match(e.path().filename().string(),
                             std::regex(R"(stellar-core-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.log)")))
            logFile = e.path();
    ASSERT_FALSE(logFile.empty());
    std::ifstream in(logFile);
    std::stringstream logText;
    logText << in.rdbuf();
    EXPECT_EQ(occurrences(logText.str(), warning), 1u) << logText.str();
}

TEST_F(CoreConfig, ValidatorConfigRunsUnchangedAndDialsItsOwnDomain)
{
    auto conf = write("validator.cfg", substitute(fixture("validator.cfg"), values));
    auto node = run(conf, "validator");
    expectRunningAndConnectedToFirst(*node);
    EXPECT_EQ(occurrences(node->errors(), "ignoring stellar-core keys"), 0u) << node->describe();
}

TEST_F(CoreConfig, TwoTyposAreRefusedTogether)
{
    auto text = substitute(fixture("watcher.cfg"), values);
    text = std::regex_replace(text, std::regex("TARGET_PEER_CONNECTIONS="), "TARGET_PEER_CONECTIONS=");
    text = std::regex_replace(text, std::regex("\nQUALITY=\"HIGH\""), "\nQUALTY=\"HIGH\"");
    auto r = runToCompletion({NodeProcess::binary(), "run", "--conf", write("typos.cfg", text)}, "");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "configuration error: unknown keys: HOME_DOMAINS[1].QUALTY (did you mean QUALITY?), "
                     "TARGET_PEER_CONECTIONS (did you mean TARGET_PEER_CONNECTIONS?): see \"Coming from "
                     "stellar-core\" in README.md for the keys this node reads\n");
}
