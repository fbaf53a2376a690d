// The command line of the real binary: what each command prints, and the one
// sentence (and non-zero exit) an operator gets for each kind of bad input.

#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <csignal>

#include <fstream>
#include <regex>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

RunResult
cli(std::vector<std::string> args, std::string const& input = "")
{
    args.insert(args.begin(), NodeProcess::binary());
    return runToCompletion(std::move(args), input);
}

TEST(Cli, GenSeedPrintsASeedAndItsPublicKeyThatSecToPubAgreesWith)
{
    auto r = cli({"gen-seed"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err, "");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(r.out, m, std::regex("Secret seed: (S[A-Z2-7]{55})\nPublic: (G[A-Z2-7]{55})\n")))
        << r.out;
    auto seed = m[1].str();
    auto pub = m[2].str();

    auto back = cli({"sec-to-pub"}, seed + "\n");
    EXPECT_EQ(back.exitCode, 0) << back.err;
    EXPECT_EQ(back.out, pub + "\n");

    // Two runs, two keys.
    auto again = cli({"gen-seed"});
    EXPECT_NE(again.out, r.out);
}

TEST(Cli, SecToPubOfAKnownSeed)
{
    // SEP-23's seed vector; stellar-base's Keypair.fromSecret gives this public key.
    auto r = cli({"sec-to-pub"}, "SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG\n");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\n");
}

TEST(Cli, SecToPubRefusesAPublicKey)
{
    auto r = cli({"sec-to-pub"}, "GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\n");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "sec-to-pub: the input is not a secret seed: expected a strkey starting with 'S' (56 characters), "
                     "optionally followed by a name, as NODE_SEED takes it\n");
}

TEST(Cli, VersionPrintsTheProgramVersion)
{
    auto r = cli({"version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, "stellar-overlay 0.1.0\n");
    auto flag = cli({"--version"});
    EXPECT_EQ(flag.exitCode, 0);
    EXPECT_EQ(flag.out, "stellar-overlay 0.1.0\n");
}

class CliConfig : public ::testing::Test
{
  protected:
    TempDir dir{"so-cli"};

    std::string
    writeConfig(std::string const& text)
    {
        auto p = dir.path() / "node.cfg";
        std::ofstream(p) << text;
        return p.string();
    }

    // `run` with this config must refuse to start, with this one sentence.
    void
    expectRefused(std::string const& configText, std::string const& sentence)
    {
        auto r = cli({"run", "--conf", writeConfig(configText)});
        EXPECT_EQ(r.exitCode, 1);
        EXPECT_EQ(r.err, sentence);
    }

    // Valid so far; the database stays in the test's directory should a case get that far.
    std::string const base = "NETWORK_PASSPHRASE = \"stellar-overlay test network ; 2026\"\n"
                             "HTTP_PORT = 0\n"
                             "DATABASE = \"sqlite3://" + (dir.path() / "cli.db").string() + "\"\n";
};

TEST_F(CliConfig, UnknownKeyIsNamed)
{
    expectRefused(base + "PEER_PROT = 11625\n",
                  "configuration error: unknown key: PEER_PROT (did you mean PEER_PORT?): see \"Coming from "
                  "stellar-core\" in README.md for the keys this node reads\n");
    // A table is named as a table.
    expectRefused(base + "[QUORUMSET]\nTHRESHOLD_PERCENT = 67\n",
                  "configuration error: unknown key: [QUORUMSET] (did you mean QUORUM_SET?): see \"Coming from "
                  "stellar-core\" in README.md for the keys this node reads\n");
}

TEST_F(CliConfig, BadValueNamesTheKeyAndWhatIsExpected)
{
    expectRefused(base + "PEER_PORT = 70000\n",
                  "configuration error: PEER_PORT: 70000 is out of range: expected an integer between 1 and 65535\n");
    expectRefused(base + "PEER_PORT = \"11625\"\n",
                  "configuration error: PEER_PORT: expected an integer between 1 and 65535\n");
    expectRefused(base + "NODE_SEED = \"GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\"\n",
                  "configuration error: NODE_SEED: is not a secret key: expected a strkey starting with 'S' (56 "
                  "characters), e.g. from `stellar-overlay gen-seed`\n");
    expectRefused(base + "KNOWN_PEERS = [\"1.2.3.4:0\"]\n",
                  "configuration error: KNOWN_PEERS: \"1.2.3.4:0\" has a bad port: expected \"host:port\" with a "
                  "port from 1 to 65535\n");
    expectRefused(base + "PEER_LISTEN_ADDRESS = \"localhost\"\n",
                  "configuration error: PEER_LISTEN_ADDRESS: \"localhost\" is not an IPv4 address: expected e.g. "
                  "\"0.0.0.0\" or \"127.0.0.1\"\n");
    expectRefused(base + "LOG_LEVEL = \"verbose\"\n",
                  "configuration error: LOG_LEVEL: \"verbose\" is not a level: expected fatal, error, warning, "
                  "info, debug, trace or off\n");
}

TEST_F(CliConfig, MissingPassphraseIsNamed)
{
    expectRefused("HTTP_PORT = 0\n",
                  "configuration error: NETWORK_PASSPHRASE: missing: every node needs the passphrase of the network "
                  "it joins, e.g. NETWORK_PASSPHRASE = \"Test SDF Network ; September 2015\"\n");
}

TEST_F(CliConfig, InvalidTomlSaysWhere)
{
    auto r = cli({"run", "--conf", writeConfig(base + "PEER_PORT = = 1\n")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "configuration error: " + (dir.path() / "node.cfg").string() +
                         ":4:13: not valid TOML: Error while parsing value: could not determine value type\n");
}

TEST_F(CliConfig, MissingFileIsNamed)
{
    auto missing = (dir.path() / "nope.cfg").string();
    auto r = cli({"run", "--conf", missing});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "configuration error: --conf " + missing +
                         ": no such file: expected the path of a TOML configuration file\n");
}

TEST_F(CliConfig, PortsInUseAreNamed)
{
    // The node logs its start-up first; the refusal is the last line.
    auto lastLine = [](std::string const& text) {
        auto end = text.size() && text.back() == '\n' ? text.size() - 1 : text.size();
        auto start = text.rfind('\n', end ? end - 1 : 0);
        return text.substr(start == std::string::npos ? 0 : start + 1);
    };
    // A running node holds both ports; a second one must not start on either.
    NodeProcess first(dir.path(), NodeProcessOptions{});
    ASSERT_TRUE(first.waitReady()) << first.process().describe();
    auto peerPortTaken = cli({"run", "--conf", writeConfig(fmt::format(
                                                   "{}PEER_PORT = {}\nPEER_LISTEN_ADDRESS = \"127.0.0.1\"\n", base,
                                                   first.peerPort()))});
    EXPECT_EQ(peerPortTaken.exitCode, 1);
    EXPECT_EQ(lastLine(peerPortTaken.err),
              fmt::format("configuration error: PEER_PORT: cannot listen on 127.0.0.1:{}: Address already in use\n",
                          first.peerPort()));
    // cpp-httplib's default SO_REUSEPORT would let this one share the port.
    auto httpPortTaken = cli(
        {"run", "--conf",
         writeConfig(fmt::format("NETWORK_PASSPHRASE = \"x\"\nPEER_LISTEN_ADDRESS = \"127.0.0.1\"\n"
                                 "PEER_PORT = {}\nHTTP_PORT = {}\nDATABASE = \"sqlite3://{}\"\n",
                                 unusedTcpPort(), first.httpPort(), (dir.path() / "second.db").string()))});
    EXPECT_EQ(httpPortTaken.exitCode, 1);
    EXPECT_EQ(lastLine(httpPortTaken.err),
              fmt::format("configuration error: HTTP_PORT: cannot listen on 127.0.0.1:{}: the port is in use or not "
                          "allowed\n",
                          first.httpPort()));
}

TEST(Cli, RunWithoutConfIsRefused)
{
    auto r = cli({"run"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "--conf is required\nRun with --help for more information.\n");
}

TEST(Cli, UnknownCommandIsRefused)
{
    auto r = cli({"frobnicate"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "The following argument was not expected: frobnicate\nRun with --help for more information.\n");
    auto none = cli({});
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_EQ(none.err, "a command is required: run, local-network, loadgen, survey, gen-seed, sec-to-pub, convert-id, "
                        "http-command, version or xdr (see --help)\n");
}

TEST(Cli, SecToPubTakesWhatNodeSeedTakes)
{
    // NODE_SEED = "S... name": the name after the seed is an alias.
    auto r = cli({"sec-to-pub"}, "SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG self\n");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\n");
}

TEST(Cli, ConvertIdPrintsAKeyInEveryFormCorePrints)
{
    // core: StrKeyUtils::logKey
    auto pub = cli({"convert-id", "GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF"});
    EXPECT_EQ(pub.exitCode, 0);
    EXPECT_EQ(pub.out, "PublicKey:\n  strKey: GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\n  hex: "
                       "f2f7ff1157ba7edf1dcd732b810defa39b122d6ffb36f9b15daf063e3d253974\n");
    auto seed = cli({"convert-id", "SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG"});
    EXPECT_EQ(seed.exitCode, 0);
    EXPECT_EQ(seed.out, "Seed:\n  strKey: SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG\nPublicKey:\n  strKey: "
                        "GDZPP7YRK65H5XY5ZVZSXAIN56RZWERNN75TN6NRLWXQMPR5EU4XIWGF\n  hex: "
                        "f2f7ff1157ba7edf1dcd732b810defa39b122d6ffb36f9b15daf063e3d253974\n");
    auto hex = cli({"convert-id", std::string(64, '0')});
    EXPECT_EQ(hex.exitCode, 0);
    EXPECT_NE(hex.out.find("Interpreted as PublicKey:\n  strKey: GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF\n"),
              std::string::npos)
        << hex.out;
    EXPECT_NE(hex.out.find("  STRKEY_HASH_X: XAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAPQN\n"), std::string::npos)
        << hex.out;
    auto bad = cli({"convert-id", "nonsense"});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_EQ(bad.out, "");
    EXPECT_EQ(bad.err, "convert-id: \"nonsense\" is not a key: expected a StrKey (G..., S..., T..., X..., M..., P..., "
                       "C..., L..., B...) or 64 hex digits\n");
}

TEST(Cli, HttpCommandTakesTheHttpPortFromTheConfig)
{
    TempDir dir("so-cli-http");
    NodeProcessOptions o;
    o.name = "node";
    NodeProcess node(dir.path(), o);
    ASSERT_TRUE(node.waitReady()) << node.process().describe();
    auto conf = (dir.path() / "node.cfg").string();
    auto info = cli({"http-command", "info", "--conf", conf});
    EXPECT_EQ(info.exitCode, 0) << info.err;
    EXPECT_EQ(nlohmann::json::parse(info.out)["info"]["build"], "stellar-overlay 0.1.0");
    // '&' and '=' travel percent-encoded, as core's http-command sends them.
    auto ll = cli({"http-command", "ll?level=debug&partition=Herder", "--conf", conf});
    EXPECT_EQ(ll.exitCode, 0) << ll.err;
    EXPECT_EQ(nlohmann::json::parse(ll.out), (nlohmann::json{{"Herder", "Debug"}}));
    auto unknown = cli({"http-command", "getcursor", "--conf", conf});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_EQ(unknown.err, fmt::format("http-command: \"getcursor\" is not a command of the node on 127.0.0.1:{} "
                                       "(HTTP 404): `curl http://127.0.0.1:{}/` lists them\n",
                                       node.httpPort(), node.httpPort()));
    node.process().stop(SIGTERM, 10s);
    auto gone = cli({"http-command", "info", "--conf", conf});
    EXPECT_EQ(gone.exitCode, 1);
    EXPECT_EQ(gone.err.rfind(fmt::format("http-command: no node answers on 127.0.0.1:{} (", node.httpPort()), 0), 0u)
        << gone.err;
}

TEST(Cli, EveryKindOfBadInputExitsWithOne)
{
    TempDir dir("so-cli-bad");
    auto conf = dir.path() / "ok.cfg";
    std::ofstream(conf) << "NETWORK_PASSPHRASE = \"x\"\nHTTP_PORT = 0\nDATABASE = \"sqlite3://"
                        << (dir.path() / "x.db").string() << "\"\n";
    std::vector<std::vector<std::string>> const cases{
        {"frobnicate"},
        {"run"},
        {"run", "--conf"},
        {"run", "--conf", conf.string(), "--ll", "VERBOSE"},
        {"run", "--conf", conf.string(), "--bogus-flag"},
        {"convert-id"},
        {"http-command"},
        {"xdr", "decode"},
        {"xdr"},
        {"local-network", "--nodes", "many"},
        {"local-network", "--nodes", "0"},
        {"local-network", "--base-port", "65534"},
        {"local-network", "--base-port", "70000"},
        {"gen-seed", "extra"},
    };
    for (auto const& args : cases)
    {
        auto r = cli(args);
        EXPECT_EQ(r.exitCode, 1) << fmt::format("{}", fmt::join(args, " ")) << ": " << r.err;
        EXPECT_FALSE(r.err.empty()) << fmt::format("{}", fmt::join(args, " "));
    }
    EXPECT_EQ(cli({"run", "--conf", conf.string(), "--ll", "VERBOSE"}).err,
              "--ll: \"VERBOSE\" is not a level: expected fatal, error, warning, info, debug, trace or off\n");
    EXPECT_EQ(cli({"--help"}).exitCode, 0);
}

TEST(Cli, LocalNetworkRefusesPortsThatDoNotFit)
{
    TempDir dir("so-cli-local");
    auto where = (dir.path() / "net").string();
    // Node i takes base + 2i (peers) and base + 2i + 1 (admin): 3 nodes need base..base+5.
    auto r = cli({"local-network", "--nodes", "3", "--base-port", "65531", "--dir", where});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "local-network: --base-port 65531 does not fit 3 nodes: they need ports 65531 to 65536; "
                     "expected a base port from 1 to 65530\n");
    EXPECT_FALSE(std::filesystem::exists(where)); // refused before anything was written or started
}

}
