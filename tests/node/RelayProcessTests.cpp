// The relay application through real processes on 127.0.0.1: transaction
// submission over real HTTP (core's answer shapes, refusals counted and
// never relayed, accepted transactions advertised to peers), and the load
// generator driving a node in pull mode.

#include "node/RelayTestSupport.h"
#include "node/TxGenerator.h"
#include "support/NodeProcess.h"
#include "xdr/Base64.h"

#include <gtest/gtest.h>

#include <regex>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
std::string const PASSPHRASE = NodeProcessOptions{}.networkPassphrase;

// Base64 in a query string: '+', '/' and '=' percent-encoded.
std::string
urlEncoded(std::string const& s)
{
    std::string out;
    for (char c : s)
    {
        if (c == '+')
            out += "%2B";
        else if (c == '/')
            out += "%2F";
        else if (c == '=')
            out += "%3D";
        else
            out += c;
    }
    return out;
}

std::string
blobOf(TransactionEnvelope const& tx)
{
    return urlEncoded(xdr::toBase64(xdr::toBytes(tx)));
}

std::string
errorResult(TransactionResultCode code)
{
    TransactionResult r;
    r.result.code(code);
    return xdr::toBase64(xdr::toBytes(r));
}

class RelayProcesses : public ::testing::Test
{
  protected:
    TempDir dir{"so-relay"};
    std::unique_ptr<NodeProcess> a, b;

    // B dials A; neither follows a quorum, so both relay at once.
    void
    startPair()
    {
        NodeProcessOptions oa;
        oa.name = "a";
        a = std::make_unique<NodeProcess>(dir.path(), oa);
        NodeProcessOptions ob;
        ob.name = "b";
        ob.knownPeers = {a->address()};
        b = std::make_unique<NodeProcess>(dir.path(), ob);
        ASSERT_TRUE(a->waitReady()) << a->process().describe();
        ASSERT_TRUE(b->waitReady()) << b->process().describe();
        ASSERT_TRUE(eventually([&] { return a->authenticatedCount() == 1 && b->authenticatedCount() == 1; }, 20s))
            << a->peers().dump(2);
    }

    void
    TearDown() override
    {
        if (HasFailure())
            for (auto* n : {a.get(), b.get()})
                if (n)
                    std::cerr << n->process().describe();
    }
};
}

TEST_F(RelayProcesses, TxSubmissionOverHttpAnswersAsCoreAndRelaysOnlyWhatItAccepts)
{
    startPair();
    TxGenerator gen(networkIdOf(PASSPHRASE), 4, 3);
    auto good = gen.payment();

    EXPECT_EQ(a->admin("tx"), nlohmann::json({{"exception", "Must specify a tx blob: tx?blob=<tx in xdr format>"}}));
    auto notBase64 = a->admin("tx?blob=%21%21");
    ASSERT_TRUE(notBase64);
    EXPECT_NE((*notBase64)["exception"].get<std::string>().find("blob is not base64"), std::string::npos);
    auto notTx = a->admin("tx?blob=" + urlEncoded(xdr::toBase64(std::vector<uint8_t>{0, 0, 0, 9})));
    ASSERT_TRUE(notTx);
    EXPECT_EQ((*notTx)["exception"].get<std::string>().rfind("blob is not a TransactionEnvelope: ", 0), 0u)
        << notTx->dump();

    EXPECT_EQ(a->admin("tx?blob=" + blobOf(good.envelope)), nlohmann::json({{"status", "PENDING"}}));
    EXPECT_EQ(a->admin("tx?blob=" + blobOf(good.envelope)), nlohmann::json({{"status", "DUPLICATE"}}));

    auto noOps = gen.payment().envelope;
    noOps.v1().tx.operations.clear();
    EXPECT_EQ(a->admin("tx?blob=" + blobOf(noOps)),
              nlohmann::json({{"status", "ERROR"}, {"error", errorResult(txMISSING_OPERATION)}}));
    // Counted: not base64, not XDR, no operations. (An oversize one cannot
    // travel in a URL httplib takes; RelayAppTests and RelayRefusals cover it.)
    EXPECT_EQ(a->counter("herder.recv-transaction.malformed"), 3);

    // B pulls the accepted one, and only it.
    ASSERT_TRUE(eventually([&] { return b->counter("overlay.flood.tx-accepted") == 1; }, 10s));
    std::this_thread::sleep_for(1s); // anything else would have followed within a demand round
    EXPECT_EQ(b->counter("overlay.flood.tx-accepted"), 1);
    EXPECT_EQ(b->counter("overlay.flood.tx-rejected"), 0);
}

TEST_F(RelayProcesses, LoadGeneratorIsPulledByTheNodeAndTheNodeRelaysEverything)
{
    startPair();
    auto run = runToCompletion({NodeProcess::binary(), "loadgen", "--peer", a->address(), "--tps", "100",
                                "--duration", "3", "--accounts", "50", "--network", PASSPHRASE},
                               "", 30s);
    ASSERT_EQ(run.exitCode, 0) << run.err << run.out;
    // A progress line a second, then the totals.
    std::smatch m;
    auto lastLine = run.out.substr(run.out.rfind("loadgen: done"));
    ASSERT_TRUE(std::regex_search(lastLine, m,
                                  std::regex(R"(loadgen: done after [0-9.]+ s: advertised (\d+), demanded (\d+), sent (\d+), [0-9.]+ tx/s)")))
        << run.out;
    auto advertised = std::stoll(m[1]), demanded = std::stoll(m[2]), sent = std::stoll(m[3]);
    EXPECT_EQ(advertised, 300);
    EXPECT_EQ(demanded, 300);
    EXPECT_EQ(sent, 300);
    EXPECT_NE(run.out.find("loadgen: 1 s: advertised"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("loadgen: 2 s: advertised"), std::string::npos) << run.out;
    // A took each body once, on demand; B pulled every one from A.
    EXPECT_EQ(a->counter("overlay.flood.tx-accepted"), 300);
    EXPECT_EQ(a->counter("overlay.flood.tx-duplicate"), 0);
    ASSERT_TRUE(eventually([&] { return b->counter("overlay.flood.tx-accepted") == 300; }, 15s))
        << b->counter("overlay.flood.tx-accepted");
}

TEST(LoadGeneratorCli, BadOptionsGetOneSentence)
{
    auto bin = NodeProcess::binary();
    auto r = runToCompletion({bin, "loadgen", "--peer", "localhost:1", "--tps", "10"}, "");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "loadgen: --peer localhost:1 is not an address: expected IPv4:PORT, for example 127.0.0.1:11625\n");
    r = runToCompletion({bin, "loadgen", "--peer", "127.0.0.1:1", "--tps", "0"}, "");
    EXPECT_EQ(r.err, "loadgen: --tps must be a positive number of transactions per second\n");
    r = runToCompletion({bin, "loadgen", "--peer", "127.0.0.1:1", "--tps", "5", "--accounts", "1"}, "");
    EXPECT_EQ(r.err, "loadgen: --accounts 1 is too few: a payment needs two accounts\n");
    auto port = unusedTcpPort();
    r = runToCompletion({bin, "loadgen", "--peer", "127.0.0.1:" + std::to_string(port), "--tps", "5"}, "", 30s);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.err, "loadgen: --peer 127.0.0.1:" + std::to_string(port) +
                         ": no authenticated connection within 10 s: is a node with NETWORK_PASSPHRASE \"Standalone "
                         "Network ; February 2017\" listening there?\n");
}

namespace
{
// A node that is its own network's test ledger clock (1 s ledgers).
NodeProcessOptions
clockOptions(std::string const& name, std::string passphrase = PASSPHRASE)
{
    NodeProcessOptions o;
    o.name = name;
    o.networkPassphrase = std::move(passphrase);
    o.seed = crypto::SecretKey::random().strKeySeed();
    auto pub = crypto::SecretKey::fromStrKeySeed(o.seed)->strKeyPublic();
    o.extraConfig = "NODE_IS_VALIDATOR = true\nARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\nUNSAFE_QUORUM = true\n"
                    "[QUORUM_SET]\nTHRESHOLD_PERCENT = 100\nVALIDATORS = [\"" +
                    pub + "\"]\n";
    return o;
}
}

TEST(LedgerClockProcess, RefusedOnThePublicNetworkInOneSentence)
{
    TempDir dir{"so-clock-refused"};
    NodeProcess node(dir.path(), clockOptions("pub", "Public Global Stellar Network ; September 2015"));
    EXPECT_EQ(node.process().waitExit(20s), 1);
    EXPECT_NE(node.log().find("configuration error: NODE_IS_VALIDATOR: this node would run the test ledger clock, "
                              "which is not SCP and never runs on the public network"),
              std::string::npos)
        << node.log();
}

TEST(LedgerClockProcess, InfoQuorumAndScpOverRealHttpIncludingBadParameters)
{
    TempDir dir{"so-clock-admin"};
    auto options = clockOptions("clock");
    NodeProcess node(dir.path(), options);
    ASSERT_TRUE(node.waitReady()) << node.process().describe();
    auto self = node.publicKey();

    // A ledger a second: "Synced!" with the tracked ledger, its close time and age.
    ASSERT_TRUE(eventually([&] { return node.admin("info").value_or(nlohmann::json{})["info"]["ledger"].value("num", 0) >= 4; },
                           20s));
    auto info = (*node.admin("info"))["info"];
    EXPECT_EQ(info["state"], "Synced!");
    EXPECT_GT(info["ledger"]["closeTime"].get<uint64_t>(), 1700000000u);
    EXPECT_LE(info["ledger"]["age"].get<uint64_t>(), 2u);
    EXPECT_EQ(info["quorum"]["node"], self.substr(0, 5));
    EXPECT_EQ(info["quorum"]["qset"]["phase"], "EXTERNALIZE");
    EXPECT_EQ(info["quorum"]["qset"]["agree"], 1);
    EXPECT_EQ(info["quorum"]["qset"]["missing"], 0);

    auto quorum = *node.admin("quorum?fullkeys=true");
    EXPECT_EQ(quorum["node"], self);
    EXPECT_EQ(quorum["qset"]["phase"], "EXTERNALIZE");
    EXPECT_EQ(quorum["qset"]["agree"], nlohmann::json::array({self}));
    EXPECT_EQ(quorum["qset"]["value"], nlohmann::json({{"t", 1}, {"v", {self}}}));
    // core leaves the asked-about node itself out of fail_at / fail_with.
    EXPECT_EQ(quorum["qset"]["fail_at"], 0);
    EXPECT_EQ(quorum["qset"]["fail_with"], nlohmann::json::array());
    EXPECT_EQ(*node.admin("quorum?node=@" + self.substr(0, 6)), *node.admin("quorum"));

    auto scp = *node.admin("scp?limit=3");
    EXPECT_EQ(scp["you"], self.substr(0, 5));
    ASSERT_EQ(scp["scp"].size(), 3u);
    for (auto const& [slot, s] : scp["scp"].items())
    {
        ASSERT_EQ(s["statements"].size(), 1u);
        auto text = s["statements"][0][1].get<std::string>();
        EXPECT_EQ(text.rfind("{ENV@" + self.substr(0, 5) + " |  i: " + slot + " | EXTERNALIZE | c: (1,[ SIGNED@", 0),
                  0u)
            << text;
        EXPECT_EQ(s["ballotProtocol"]["phase"], "EXTERNALIZE");
    }

    EXPECT_EQ(node.admin("scp?limit=two"), nlohmann::json({{"exception", "Failed to parse 'limit' argument"}}));
    EXPECT_EQ(node.admin("quorum?node=GNOTAKEY"), nlohmann::json({{"exception", "unknown name"}}));
    EXPECT_EQ(node.admin("quorum?transitive=true"),
              nlohmann::json(
                  {{"exception", "transitive=true is not supported: this node does not analyse its transitive quorum"}}));
    // Metrics with core's names: ledgers 2, 3, 4, ... each emitted and externalized once.
    EXPECT_GE(node.counter("scp.envelope.emit"), 3);
    auto metrics = (*node.admin("metrics"))["metrics"];
    EXPECT_GE(metrics["scp.timing.externalized"]["count"].get<int>(), 3);
    EXPECT_TRUE(metrics.contains("herder.pending-txs.age0"));
}
