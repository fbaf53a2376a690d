// `stellar-overlay survey` against the demonstration network: five real
// `stellar-overlay run` processes started by `local-network`, surveyed from
// node 0 (the test ledger clock, the others' quorum, so allowed to survey:
// E15). The files it writes must name exactly the running network's nodes
// and connections, as each node's /peers tells them.

#include "crypto/SecretKey.h"
#include "support/ChildProcess.h"
#include "support/NodeProcess.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace
{

constexpr int NODES = 5;

std::optional<json>
admin(uint16_t port, std::string const& target)
{
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2s);
    client.set_read_timeout(10s);
    auto res = client.Get(target);
    if (!res || res->status != 200)
        return std::nullopt;
    try
    {
        return json::parse(res->body);
    }
    catch (json::exception const&)
    {
        return std::nullopt;
    }
}

std::string
readFile(std::filesystem::path const& p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

using Edges = std::set<std::pair<std::string, std::string>>;

// What the nodes themselves say: their keys and (dialer, acceptor) of every
// authenticated connection.
struct RealNetwork
{
    std::set<std::string> nodes;
    Edges edges;
    bool complete = false;
};

RealNetwork
realNetwork(uint16_t base)
{
    RealNetwork net;
    net.complete = true;
    for (int i = 0; i < NODES; ++i)
    {
        auto port = static_cast<uint16_t>(base + 2 * i + 1);
        auto scp = admin(port, "/scp?limit=0&fullkeys=true");
        auto peers = admin(port, "/peers?fullkeys=true");
        if (!scp || !peers)
        {
            net.complete = false;
            continue;
        }
        auto self = scp->at("you").get<std::string>();
        net.nodes.insert(self);
        auto const& out = peers->at("authenticated_peers").at("outbound");
        if (out.is_array())
            for (auto const& p : out)
                net.edges.insert({self, p.at("id").get<std::string>()});
    }
    return net;
}

bool
everyNodeTracksALedger(uint16_t base)
{
    for (int i = 0; i < NODES; ++i)
    {
        auto info = admin(static_cast<uint16_t>(base + 2 * i + 1), "/info");
        if (!info || (*info)["info"]["ledger"].value("num", 0u) < 5)
            return false;
    }
    return true;
}

}

TEST(SurveyProcess, TheSurveyOfTheDemonstrationNetworkHasExactlyItsNodesAndConnections)
{
    TempDir dir("survey-process");
    auto base = unusedTcpPortRange(2 * NODES);
    auto netDir = dir.path() / "net", outDir = dir.path() / "out";
    ChildProcess network({.argv = {NodeProcess::binary(), "local-network", "--nodes", std::to_string(NODES), "--dir",
                                   netDir.string(), "--base-port", std::to_string(base), "--tps", "0"},
                          .env = {},
                          .outputDir = dir.path(),
                          .name = "local-network"});
    ASSERT_TRUE(eventually([&] { return everyNodeTracksALedger(base); }, 90s, 500ms)) << network.describe();
    // The topology settles: the same connections in two looks 3 s apart.
    RealNetwork before;
    ASSERT_TRUE(eventually(
        [&] {
            auto first = realNetwork(base);
            std::this_thread::sleep_for(3s);
            before = realNetwork(base);
            return first.complete && before.complete && first.edges == before.edges && before.nodes.size() == NODES;
        },
        60s, 500ms))
        << before.edges.size() << " connections\n"
        << network.describe();

    auto run = runToCompletion({NodeProcess::binary(), "survey", "--conf", (netDir / "node0.toml").string(),
                                "--collect", "5", "--out", outDir.string()},
                               "", 180s);
    ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
    auto after = realNetwork(base);
    ASSERT_EQ(after.edges, before.edges) << "the network changed while it was surveyed";
    EXPECT_NE(run.out.find(fmt::format("survey: {} nodes, {} connections; {} answered, 0 not answering", NODES,
                                       before.edges.size(), NODES)),
              std::string::npos)
        << run.out;
    // The nodes with fewer than two connections are named (by their first 5 characters), or "none".
    std::map<std::string, int> degree;
    for (auto const& [a, b] : before.edges)
    {
        ++degree[a];
        ++degree[b];
    }
    std::vector<std::string> few;
    for (auto const& id : before.nodes)
        if (degree[id] < 2)
            few.push_back(id.substr(0, 5));
    ASSERT_NE(run.out.find("nodes with fewer than 2 peers: "), std::string::npos) << run.out;
    auto fewLine = run.out.substr(run.out.find("nodes with fewer than 2 peers: "));
    fewLine = fewLine.substr(0, fewLine.find('\n'));
    if (few.empty())
    {
        EXPECT_EQ(fewLine, "nodes with fewer than 2 peers: none");
    }
    for (auto const& f : few)
        EXPECT_NE(fewLine.find(f + " ("), std::string::npos) << fewLine;
    EXPECT_NE(run.out.find("slowest connections (average latency): "), std::string::npos) << run.out;

    // survey.json: every node answered, with its outbound peers exactly the real ones.
    auto survey = json::parse(readFile(outDir / "survey.json"));
    std::set<std::string> jsonNodes;
    Edges jsonEdges;
    for (auto const& [id, n] : survey.at("nodes").items())
    {
        jsonNodes.insert(id);
        for (auto const& [peer, p] : n.at("outboundPeers").items())
            jsonEdges.insert({id, peer});
        for (auto const& [peer, p] : n.at("inboundPeers").items())
            EXPECT_TRUE(before.edges.count({peer, id})) << peer << " -> " << id;
    }
    EXPECT_EQ(jsonNodes, before.nodes);
    EXPECT_EQ(jsonEdges, before.edges);
    EXPECT_TRUE(survey.at("notAnswering").empty());

    // survey.graphml: the same nodes and directed edges, with core's script's attributes.
    auto graphml = readFile(outDir / "survey.graphml");
    std::set<std::string> graphNodes;
    Edges graphEdges;
    std::regex node("<node id=\"(G[A-Z2-7]{55})\">"), edge("<edge source=\"(G[A-Z2-7]{55})\" target=\"(G[A-Z2-7]{55})\">");
    for (std::sregex_iterator it(graphml.begin(), graphml.end(), node), end; it != end; ++it)
        graphNodes.insert((*it)[1]);
    for (std::sregex_iterator it(graphml.begin(), graphml.end(), edge), end; it != end; ++it)
        graphEdges.insert({(*it)[1], (*it)[2]});
    EXPECT_EQ(graphNodes, before.nodes);
    EXPECT_EQ(graphEdges, before.edges);
    for (auto const* attr : {"attr.name=\"version\" attr.type=\"string\"", "attr.name=\"numTotalInboundPeers\"",
                             "attr.name=\"isValidator\" attr.type=\"boolean\"", "attr.name=\"bytesRead\"",
                             "attr.name=\"averageLatencyMs\"", "attr.name=\"duplicateFetchMessageRecv\""})
        EXPECT_NE(graphml.find(attr), std::string::npos) << attr;

    // survey.svg, drawn by Graphviz: one node and one edge per real one.
    auto svg = readFile(outDir / "survey.svg");
    std::set<std::string> svgNodes;
    Edges svgEdges;
    std::regex svgNode("<g id=\"node\\d+\" class=\"node\">\\s*<title>(G[A-Z2-7]{55})</title>");
    std::regex svgEdge("<g id=\"edge\\d+\" class=\"edge\">\\s*<title>(G[A-Z2-7]{55})&#45;&gt;(G[A-Z2-7]{55})</title>");
    for (std::sregex_iterator it(svg.begin(), svg.end(), svgNode), end; it != end; ++it)
        svgNodes.insert((*it)[1]);
    for (std::sregex_iterator it(svg.begin(), svg.end(), svgEdge), end; it != end; ++it)
        svgEdges.insert({(*it)[1], (*it)[2]});
    EXPECT_EQ(svgNodes, before.nodes);
    EXPECT_EQ(svgEdges, before.edges);
    EXPECT_NE(svg.find("Generated by graphviz"), std::string::npos);

    // The surveyor's key pair is gone and its results stay readable (core: stopsurvey).
    auto results = admin(static_cast<uint16_t>(base + 1), "/getsurveyresult");
    ASSERT_TRUE(results);
    EXPECT_EQ((*results)["surveyInProgress"], false);
    EXPECT_EQ((*results)["topology"].size(), static_cast<std::size_t>(NODES));
    std::cout << run.out;
    network.stop(SIGINT, 20s);
}

// The five admin commands answer as stellar-core's CommandHandler does, word
// for word, and getsurveyresult has core's fields.
TEST(SurveyProcess, TheSurveyCommandsAnswerAsCoreDoes)
{
    TempDir dir("survey-commands");
    NodeProcess node(dir.path(), {});
    ASSERT_TRUE(node.waitReady());
    auto text = [&](std::string const& command) {
        auto r = node.adminText(command);
        return r ? r->second : std::string("(no answer)");
    };
    auto other = crypto::SecretKey::random().strKeyPublic();
    EXPECT_EQ(json::parse(text("startsurveycollecting")), (json{{"exception", "'nonce' argument is required!"}}));
    EXPECT_EQ(json::parse(text("startsurveycollecting?nonce=x1")), (json{{"exception", "Failed to parse 'nonce' argument"}}));
    EXPECT_EQ(json::parse(text("getsurveyresult")),
              (json{{"backlog", nullptr}, {"badResponseNodes", nullptr}, {"surveyInProgress", false}}));
    EXPECT_EQ(text("startsurveycollecting?nonce=77"), "Requested network to start survey collecting.");
    EXPECT_EQ(text("startsurveycollecting?nonce=78"),
              "Failed to start survey collecting. Another survey is active on the network.");
    EXPECT_EQ(json::parse(text(fmt::format("surveytopologytimesliced?node={}&inboundpeerindex=0&outboundpeerindex=0",
                                           other)))
                  .at("exception"),
              "this node has no survey data to report: run startsurveycollecting, then stopsurveycollecting, before "
              "surveytopologytimesliced");
    EXPECT_EQ(text("stopsurveycollecting"), "Requested network to stop survey collecting.");
    EXPECT_EQ(json::parse(text("surveytopologytimesliced?node=GBAD&inboundpeerindex=0&outboundpeerindex=0")),
              (json{{"exception", "bad public key"}}));
    EXPECT_EQ(json::parse(text(fmt::format("surveytopologytimesliced?node={}&inboundpeerindex=0", other))),
              (json{{"exception", "'outboundpeerindex' argument is required!"}}));
    auto survey = [&](std::string const& id) {
        return text(fmt::format("surveytopologytimesliced?node={}&inboundpeerindex=0&outboundpeerindex=0", id));
    };
    EXPECT_EQ(survey(other), "Adding node.Survey started ");
    auto third = crypto::SecretKey::random().strKeyPublic();
    EXPECT_EQ(survey(third), "Adding node.Survey already running!");
    EXPECT_EQ(json::parse(survey(third)),
              (json{{"exception", "addPeerToBacklog failed: Peer is already in the backlog, or peer is self."}}));

    auto results = json::parse(text("getsurveyresult"));
    EXPECT_EQ(results["surveyInProgress"], true);
    EXPECT_EQ(results["badResponseNodes"], nullptr);
    auto const& topology = results.at("topology");
    ASSERT_EQ(topology.size(), 3u); // this node, and the two asked (no answer yet: null)
    EXPECT_EQ(topology.at(other), nullptr);
    auto const& self = topology.at(node.publicKey());
    std::set<std::string> keys;
    for (auto const& [k, v] : self.items())
        keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"addedAuthenticatedPeers", "droppedAuthenticatedPeers", "inboundPeers",
                                           "isValidator", "lostSyncCount", "maxInboundPeerCount",
                                           "maxOutboundPeerCount", "numTotalInboundPeers", "numTotalOutboundPeers",
                                           "outboundPeers", "p75SCPFirstToSelfLatencyMs",
                                           "p75SCPSelfToOtherLatencyMs"}));
    EXPECT_EQ(self["inboundPeers"], nullptr); // no peers: null, as core leaves an empty list
    EXPECT_EQ(self["maxOutboundPeerCount"], 8);
    EXPECT_EQ(self["maxInboundPeerCount"], 64);
    EXPECT_EQ(text("stopsurvey"), "survey stopped");
    EXPECT_EQ(json::parse(text("getsurveyresult"))["surveyInProgress"], false);
}
