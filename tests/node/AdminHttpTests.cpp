// The admin HTTP commands over real HTTP, against stellar-core's answers for
// the same commands (tests/node/core-answers/, written from core's source):
// the same fields with the same JSON types and no field core does not have,
// core's sentence for each bad parameter, core's root page for anything else,
// and what stellar-core-prometheus-exporter needs from /info and /metrics.

#include "crypto/SecretKey.h"
#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace
{

std::string
readFile(std::filesystem::path const& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::filesystem::path
coreAnswers()
{
    char const* dir = std::getenv("SO_SOURCE_DIR");
    return std::filesystem::path(dir ? dir : ".") / "tests/node/core-answers";
}

json
coreAnswer(std::string const& name)
{
    return json::parse(readFile(coreAnswers() / name));
}

// Each field of `ours` is a field of `core` with the same JSON type (null
// matches anything core fills later); returns the paths where they differ.
// Fields core has that we lack are returned when `strict`.
void
shapeDifferences(json const& ours, json const& core, std::string const& path, bool strict,
                 std::vector<std::string>& out)
{
    if (ours.is_null() || core.is_null())
        return;
    if (ours.is_object() && core.is_object())
    {
        for (auto const& [k, v] : ours.items())
            if (!core.contains(k))
                out.push_back(path + "." + k + " (not in core's answer)");
            else
                shapeDifferences(v, core[k], path + "." + k, strict, out);
        if (strict)
            for (auto const& [k, v] : core.items())
                if (!ours.contains(k))
                    out.push_back(path + "." + k + " (missing)");
        return;
    }
    if (ours.is_array() && core.is_array())
    {
        for (auto const& e : ours)
            if (!core.empty())
                shapeDifferences(e, core[0], path + "[]", strict, out);
        return;
    }
    bool sameType = ours.type() == core.type() || (ours.is_number() && core.is_number());
    if (!sameType)
        out.push_back(path + " (" + ours.type_name() + ", core: " + core.type_name() + ")");
}

std::vector<std::string>
differences(json const& ours, json const& core, bool strict = true)
{
    std::vector<std::string> out;
    shapeDifferences(ours, core, "", strict, out);
    return out;
}

struct Answer
{
    int status = 0;
    std::string contentType;
    std::string body;
};

class Admin : public ::testing::Test
{
  protected:
    TempDir dir{"so-admin"};
    std::unique_ptr<NodeProcess> node;

    void
    SetUp() override
    {
        node = start("node");
    }

    std::unique_ptr<NodeProcess>
    start(std::string const& name, std::vector<std::string> knownPeers = {}, std::string extra = "")
    {
        NodeProcessOptions o;
        o.name = name;
        o.knownPeers = std::move(knownPeers);
        o.extraConfig = std::move(extra);
        auto n = std::make_unique<NodeProcess>(dir.path(), o);
        EXPECT_TRUE(n->waitReady()) << n->process().describe();
        return n;
    }

    Answer
    get(std::string const& target, NodeProcess* on = nullptr)
    {
        httplib::Client client("127.0.0.1", (on ? on : node.get())->httpPort());
        client.set_read_timeout(std::chrono::seconds(15));
        auto res = client.Get(target);
        if (!res)
            return {};
        return {res->status, res->get_header_value("Content-Type"), res->body};
    }

    json
    getJson(std::string const& target, NodeProcess* on = nullptr)
    {
        auto a = get(target, on);
        EXPECT_EQ(a.status, 200) << target << ": " << a.body;
        EXPECT_EQ(a.contentType, "application/json") << target;
        return json::parse(a.body, nullptr, false);
    }

    // Two nodes, `node` dialling `other`, both authenticated.
    std::unique_ptr<NodeProcess>
    connectedPeer()
    {
        auto other = start("other");
        EXPECT_EQ(get(fmt::format("/connect?peer=127.0.0.1&port={}", other->peerPort())).body,
                  fmt::format("Connect to: 127.0.0.1:{}", other->peerPort()));
        EXPECT_TRUE(eventually([&] { return node->authenticatedCount() == 1 && other->authenticatedCount() == 1; },
                               20s));
        return other;
    }
};
}

TEST_F(Admin, InfoHasCoresFieldsWithCoresTypes)
{
    auto info = getJson("/info");
    // Everything core's answer has, but the per-validator counts ledger
    // tracking has yet to fill (agree, delayed, disagree, fail_at, missing,
    // lag_ms, cost; the exporter skips absent ones).
    auto diff = differences(info, coreAnswer("info.json"));
    std::set<std::string> const notYet{".info.quorum.qset.agree (missing)",   ".info.quorum.qset.cost (missing)",
                                       ".info.quorum.qset.delayed (missing)", ".info.quorum.qset.disagree (missing)",
                                       ".info.quorum.qset.fail_at (missing)", ".info.quorum.qset.lag_ms (missing)",
                                       ".info.quorum.qset.missing (missing)", ".info.quorum.qset.hash (missing)",
                                       ".info.quorum.qset.ledger (missing)"};
    for (auto const& d : diff)
        EXPECT_TRUE(notYet.count(d)) << d;

    auto const& i = info["info"];
    EXPECT_EQ(i["build"], "stellar-overlay 0.1.0");
    EXPECT_EQ(i["network"], "stellar-overlay test network ; 2026");
    EXPECT_EQ(i["state"], "Joining SCP"); // no ledger tracked (none without a quorum): not "Synced!"
    EXPECT_TRUE(std::regex_match(i["startedOn"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    EXPECT_EQ(i["quorum"]["node"], node->publicKey().substr(0, 5));
    EXPECT_EQ(i["quorum"]["qset"]["phase"], "unknown");
    EXPECT_EQ(i["peers"]["authenticated_count"], 0);
    // What stellar-core-prometheus-exporter requires, or it answers 500.
    for (auto key : {"ledger", "network", "peers", "protocol_version", "quorum", "startedOn", "state"})
        EXPECT_TRUE(i.contains(key)) << key;
    for (auto key : {"age", "baseFee", "baseReserve", "closeTime", "maxTxSetSize", "num", "version"})
        EXPECT_TRUE(i["ledger"][key].is_number()) << key;
    EXPECT_FALSE(i["quorum"]["qset"].empty());
}

TEST_F(Admin, InfoShowsTheConfiguredQuorumSetsHash)
{
    auto validator = crypto::SecretKey::fromNetworkSeed("validator").strKeyPublic();
    auto withQuorum = start("quorum", {},
                            fmt::format("UNSAFE_QUORUM = true\n[QUORUM_SET]\nVALIDATORS = [\"{} v\"]\n", validator));
    auto qset = getJson("/info", withQuorum.get())["info"]["quorum"]["qset"];
    // hexAbbrev of sha256(XDR of {threshold 1, [validator]}): 3 bytes.
    EXPECT_TRUE(std::regex_match(qset["hash"].get<std::string>(), std::regex("[0-9a-f]{6}")));
    EXPECT_EQ(qset["phase"], "unknown");
    EXPECT_TRUE(qset["ledger"].is_number());
}

TEST_F(Admin, PeersAnswerAsCoreCompactByDefaultWithShortIds)
{
    auto other = connectedPeer();
    auto compact = getJson("/peers");
    EXPECT_TRUE(differences(compact, coreAnswer("peers.json")).empty())
        << fmt::format("{}", fmt::join(differences(compact, coreAnswer("peers.json")), "\n"));
    auto const& p = compact["authenticated_peers"]["outbound"][0];
    EXPECT_EQ(p["id"], other->publicKey().substr(0, 5)); // core: toShortString
    EXPECT_EQ(p["address"], other->address());
    EXPECT_EQ(p["olver"], 41);
    EXPECT_EQ(p["ver"], "stellar-overlay 0.1.0");
    EXPECT_EQ(p["flow_control"]["local_capacity"]["reading"], 201);
    EXPECT_EQ(p["flow_control"]["local_capacity"]["flood"], 200);
    EXPECT_FALSE(p["flow_control"]["local_capacity_bytes"].contains("reading"));
    EXPECT_TRUE(compact["authenticated_peers"]["inbound"].is_null());
    EXPECT_TRUE(compact["pending_peers"]["outbound"].is_null());

    auto full = getJson("/peers?fullkeys=true&compact=false");
    auto const& q = full["authenticated_peers"]["outbound"][0];
    EXPECT_EQ(q["id"], other->publicKey());
    for (auto key : {"message_read", "message_write", "byte_read", "byte_write"})
        EXPECT_GT(q[key].get<int64_t>(), 0) << key;
    for (auto key : {"outbound_queue_delay_scp_p75", "outbound_queue_delay_txs_p75",
                     "outbound_queue_delay_advert_p75", "outbound_queue_delay_demand_p75"})
        EXPECT_TRUE(q["flow_control"][key].is_number()) << key;
}

TEST_F(Admin, BadParametersGetCoresAnswers)
{
    struct Case
    {
        std::string target, body;
    };
    std::vector<Case> const cases{
        {"/droppeer", "Must specify at least peer id: droppeer?node=NODE_ID"},
        {"/droppeer?node=garbage", "Peer garbage not found"},
        {"/droppeer?ban=1", "Must specify at least peer id: droppeer?node=NODE_ID"},
        {"/unban", "Must specify at least peer id: unban?node=NODE_ID"},
        {"/unban?node=garbage", "Peer garbage not found"},
        {"/ban?node=garbage", "Peer garbage not found"},
        {"/connect", "Must specify a peer and port: connect&peer=PEER&port=PORT"},
        {"/connect?peer=127.0.0.1", "Must specify a peer and port: connect&peer=PEER&port=PORT"},
        {"/connect?peer=127.0.0.1&port=70000",
         "{\"exception\":\"Could not resolve '127.0.0.1:70000': port out of range\"}"},
        {"/connect?peer=not_a_host!&port=11625", "{\"exception\":\"Cannot parse peer address 'not_a_host!:11625'\"}"},
        {"/ll?level=debug&partition=nowhere", "{\"exception\":\"not a valid partition\"}"},
        {"/ll?level=loud", "{\"exception\":\"'loud' is not a log level: expected fatal, error, warning, info, "
                           "debug, trace or off\"}"},
    };
    for (auto const& c : cases)
    {
        auto a = get(c.target);
        EXPECT_EQ(a.status, 200) << c.target; // core answers every known command with 200
        EXPECT_EQ(a.contentType, "application/json") << c.target;
        EXPECT_EQ(a.body, c.body) << c.target;
    }
}

TEST_F(Admin, AnythingElseGetsTheRootPageWhichListsTheCommands)
{
    for (auto target : {"/", "/getcursor", "/nosuchcommand?x=1"})
    {
        auto a = get(target);
        EXPECT_EQ(a.status, 404) << target;
        EXPECT_EQ(a.contentType, "text/html") << target;
        // stellar-core-prometheus-exporter treats a 404 with this text as "no cursors".
        EXPECT_NE(a.body.find("Supported HTTP commands"), std::string::npos) << target;
        for (auto command : {"info", "peers", "connect?peer=NAME&amp;port=NNN", "droppeer?node=NODE_ID[&amp;ban=1]",
                             "bans", "unban?node=NODE_ID", "ll[?level=L][&amp;partition=P]", "metrics", "logrotate",
                             "clearmetrics"})
            EXPECT_NE(a.body.find(std::string("<code>") + command), std::string::npos) << command;
    }
}

TEST_F(Admin, LlListsEveryPartitionAndSetsOneOrAll)
{
    EXPECT_EQ(getJson("/ll"), coreAnswer("ll.json"));
    EXPECT_EQ(getJson("/ll?level=DEBUG&partition=overlay"), (json{{"Overlay", "Debug"}}));
    EXPECT_EQ(getJson("/ll")["Overlay"], "Debug");
    EXPECT_EQ(getJson("/ll")["Herder"], "Info");
    // A global level replaces the partition levels (core: Logging::setLogLevel).
    EXPECT_EQ(getJson("/ll?level=warning"), (json{{"Global", "Warning"}}));
    auto all = getJson("/ll");
    for (auto const& [partition, level] : all.items())
        EXPECT_EQ(level, "Warning") << partition;
}

TEST_F(Admin, DropPeerAndUnbanTakeShortIdsAndNames)
{
    auto other = connectedPeer();
    auto shortId = "@" + other->publicKey().substr(0, 6);
    EXPECT_EQ(get("/droppeer?node=" + shortId + "&ban=1").body, "Drop and ban peer: " + shortId);
    EXPECT_TRUE(eventually([&] { return node->authenticatedCount() == 0; }, 10s));
    EXPECT_EQ(getJson("/bans"), (json{{"bans", {other->publicKey()}}}));
    EXPECT_EQ(get("/unban?node=" + shortId).body, "Unban peer: " + shortId);
    EXPECT_EQ(getJson("/bans"), coreAnswer("bans.json"));

    // "$name" from NODE_NAMES.
    auto named = start("named", {}, fmt::format("NODE_NAMES = [\"{} buddy\"]\n", other->publicKey()));
    EXPECT_EQ(get("/ban?node=$buddy", named.get()).body, "Ban peer: $buddy");
    EXPECT_EQ(getJson("/bans", named.get()), (json{{"bans", {other->publicKey()}}}));
}

TEST_F(Admin, MetricsAnswerAsMedidasJsonReporter)
{
    auto other = connectedPeer();
    auto m = getJson("/metrics");
    auto core = coreAnswer("metrics.json");
    EXPECT_TRUE(m.contains("ts") && m.contains("uname"));
    // One of each kind, field for field.
    for (auto name : {"overlay.byte.read", "overlay.connection.authenticated", "overlay.recv.hello"})
        EXPECT_TRUE(differences(m["metrics"][name], core["metrics"][name]).empty())
            << name << ": " << fmt::format("{}", fmt::join(differences(m["metrics"][name], core["metrics"][name]), ", "));
    EXPECT_EQ(m["metrics"]["overlay.recv.hello"]["count"], 1);
    EXPECT_EQ(m["metrics"]["overlay.send.hello"]["count"], 1);
    EXPECT_EQ(m["metrics"]["overlay.connection.authenticated"]["count"], 1);
    EXPECT_GT(m["metrics"]["overlay.byte.read"]["count"].get<int64_t>(), 0);

    // core's filter: names or domains.
    auto filtered = getJson("/metrics?enable=overlay.byte.read,scp");
    EXPECT_TRUE(filtered["metrics"].contains("overlay.byte.read"));
    EXPECT_TRUE(filtered["metrics"].contains("scp.envelope.receive"));
    for (auto const& [name, _] : filtered["metrics"].items())
        EXPECT_TRUE(name == "overlay.byte.read" || name.rfind("scp.", 0) == 0) << name;
    EXPECT_EQ(get("/clearmetrics?domain=overlay.byte").body, "Cleared overlay.byte metrics!");
    EXPECT_EQ(getJson("/metrics")["metrics"]["overlay.byte.read"]["count"], 0);
}

TEST_F(Admin, EveryCoreOverlaySeriesIsThereFromStartWithCoresKind)
{
    // A node that has not seen a single peer.
    auto m = getJson("/metrics")["metrics"];
    std::ifstream list(coreAnswers() / "overlay-metrics.txt");
    int checked = 0;
    for (std::string line; std::getline(list, line);)
    {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        std::string name, kind;
        words >> name >> kind;
        ASSERT_TRUE(m.contains(name)) << name;
        EXPECT_EQ(m[name]["type"], kind) << name;
        EXPECT_EQ(m[name]["count"], 0) << name;
        if (kind == "timer")
        {
            EXPECT_EQ(m[name]["duration_unit"], "ms") << name;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 104);
}

TEST_F(Admin, PrometheusTextPassesPromtool)
{
    auto other = connectedPeer();
    auto a = get("/metrics?format=prometheus");
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.contentType, "text/plain; version=0.0.4; charset=utf-8");
    // Debian's promtool (package prometheus), as scripts/setup.sh installs it.
    auto check = runToCompletion({"/usr/bin/promtool", "check", "metrics"}, a.body);
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    EXPECT_EQ(check.out + check.err, "");
    // Meters keep the exporter's names; timers are summaries in seconds.
    EXPECT_NE(a.body.find("\nstellar_core_overlay_recv_hello_seconds_count 1\n"), std::string::npos);
    EXPECT_NE(a.body.find("\nstellar_core_overlay_connection_authenticated 1\n"), std::string::npos);
    EXPECT_NE(a.body.find("\nstellar_core_peers_authenticated_count 1\n"), std::string::npos);
    // No ledger tracked: "Joining SCP", not "Synced!".
    EXPECT_NE(a.body.find("\nstellar_core_joining_scp 1\n"), std::string::npos);
    EXPECT_NE(a.body.find("\nstellar_core_synced 0\n"), std::string::npos);
}

TEST_F(Admin, EverySeriesCoresOverlayDashboardsReadIsScraped)
{
    auto text = get("/metrics?format=prometheus").body;
    std::set<std::string> families;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("# TYPE ", 0) == 0)
            families.insert(line.substr(7, line.find(' ', 7) - 7));
    std::ifstream list(coreAnswers() / "dashboard-series.txt");
    int checked = 0;
    for (std::string name; std::getline(list, name);)
    {
        if (name.empty() || name[0] == '#')
            continue;
        EXPECT_TRUE(families.count(name)) << name;
        ++checked;
    }
    EXPECT_EQ(checked, 44);
    // The ${overlay_metric} panels: every stellar_core_overlay_*_seconds summary.
    auto timers = std::count_if(families.begin(), families.end(), [](std::string const& f) {
        return f.rfind("stellar_core_overlay_", 0) == 0 && f.ends_with("_seconds");
    });
    EXPECT_GT(timers, 30);
}

TEST_F(Admin, LogRotateReopensTheLogFile)
{
    auto logFile = dir.path() / "rotating.log";
    auto rotating = start("rotating", {}, fmt::format("LOG_FILE_PATH = \"{}\"", logFile.string()));
    auto before = readFile(logFile);
    ASSERT_NE(before.find("Listening on 127.0.0.1:"), std::string::npos) << before;
    EXPECT_EQ(get("/logrotate", rotating.get()).body, "Log rotate...");
    // core truncates a file whose name has no {datetime}: what follows starts afresh.
    auto other = start("other");
    EXPECT_EQ(get(fmt::format("/connect?peer=127.0.0.1&port={}", other->peerPort()), rotating.get()).status, 200);
    ASSERT_TRUE(eventually([&] { return readFile(logFile).find("authenticated") != std::string::npos; }, 20s))
        << readFile(logFile);
    EXPECT_EQ(readFile(logFile).find("Listening on 127.0.0.1:"), std::string::npos);
}
