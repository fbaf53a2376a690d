#include "node/SurveyReport.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace stellar
{

namespace
{
using json = nlohmann::json;

// The node attributes the script copies from each answer, in its order
// (OverlaySurvey.py: update_results' field_names), after "version".
constexpr char const* NODE_FIELDS[] = {"numTotalInboundPeers",       "numTotalOutboundPeers",
                                       "maxInboundPeerCount",        "maxOutboundPeerCount",
                                       "addedAuthenticatedPeers",    "droppedAuthenticatedPeers",
                                       "p75SCPFirstToSelfLatencyMs", "p75SCPSelfToOtherLatencyMs",
                                       "lostSyncCount",              "isValidator"};
// The edge attributes: a peer entry but nodeId and version.
constexpr char const* EDGE_FIELDS[] = {"messagesRead",           "messagesWritten",
                                       "bytesRead",              "bytesWritten",
                                       "secondsConnected",       "uniqueFloodBytesRecv",
                                       "duplicateFloodBytesRecv", "uniqueFetchBytesRecv",
                                       "duplicateFetchBytesRecv", "uniqueFloodMessageRecv",
                                       "duplicateFloodMessageRecv", "uniqueFetchMessageRecv",
                                       "duplicateFetchMessageRecv", "averageLatencyMs"};

std::string
xmlEscape(std::string const& s)
{
    std::string out;
    for (char c : s)
        switch (c)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    return out;
}

// networkx's GraphML types: bool, int and str.
std::string
graphmlType(json const& v)
{
    return v.is_boolean() ? "boolean" : v.is_number() ? "long" : "string";
}

std::string
graphmlValue(json const& v)
{
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_string())
        return xmlEscape(v.get<std::string>());
    return v.dump();
}

// The version a node is known by: its own answer says nothing of it, its
// peers' entries do.
std::map<std::string, std::string>
versions(NetworkSurvey const& survey)
{
    std::map<std::string, std::string> out;
    for (auto const& [id, n] : survey.nodes.items())
        for (auto const* dir : {"inboundPeers", "outboundPeers"})
            for (auto const& [peer, p] : n.at(dir).items())
                out[peer] = p.value("version", "");
    return out;
}

std::string
latencyColour(json const& stats)
{
    if (!stats.contains("averageLatencyMs"))
        return "grey60";
    auto ms = stats.at("averageLatencyMs").get<uint64_t>();
    return ms < 100 ? "forestgreen" : ms < 500 ? "darkorange" : "red3";
}

}

std::vector<std::string>
surveyNodes(NetworkSurvey const& survey)
{
    std::set<std::string> all;
    for (auto const& [id, n] : survey.nodes.items())
    {
        all.insert(id);
        for (auto const* dir : {"inboundPeers", "outboundPeers"})
            for (auto const& [peer, p] : n.at(dir).items())
                all.insert(peer);
    }
    return {all.begin(), all.end()};
}

std::vector<SurveyEdge>
surveyEdges(NetworkSurvey const& survey)
{
    std::map<std::pair<std::string, std::string>, json> edges;
    auto strip = [](json p) {
        p.erase("nodeId");
        p.erase("version");
        return p;
    };
    // The acceptor's view first: a dialer's answer overwrites it.
    for (auto const& [id, n] : survey.nodes.items())
        for (auto const& [peer, p] : n.at("inboundPeers").items())
            edges[{peer, id}] = strip(p);
    for (auto const& [id, n] : survey.nodes.items())
        for (auto const& [peer, p] : n.at("outboundPeers").items())
            edges[{id, peer}] = strip(p);
    std::vector<SurveyEdge> out;
    for (auto const& [ends, stats] : edges)
        out.push_back({ends.first, ends.second, stats});
    return out;
}

void
writeSurveyJson(NetworkSurvey const& survey, std::filesystem::path const& file)
{
    json j = {{"surveyor", survey.surveyor},
              {"nonce", survey.nonce},
              {"collectSeconds", survey.collected.count()},
              {"notAnswering", survey.notAnswering},
              {"nodes", survey.nodes}};
    std::ofstream(file) << j.dump(2) << "\n";
}

void
writeSurveyGraphml(NetworkSurvey const& survey, std::filesystem::path const& file)
{
    auto version = versions(survey);
    auto edges = surveyEdges(survey);
    // Keys as networkx declares them: nodes' first, each attribute with the
    // type of its first value.
    std::ostringstream keys, body;
    int next = 0;
    std::map<std::string, std::string> nodeKey, edgeKey;
    auto declare = [&](std::map<std::string, std::string>& ids, char const* kind, std::string const& name,
                       json const& value) {
        if (ids.count(name))
            return ids[name];
        auto id = fmt::format("d{}", next++);
        keys << fmt::format("  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\" />\n", id, kind, name,
                            graphmlType(value));
        return ids[name] = id;
    };
    for (auto const& id : surveyNodes(survey))
    {
        body << fmt::format("    <node id=\"{}\">\n", id);
        if (version.count(id))
            body << fmt::format("      <data key=\"{}\">{}</data>\n", declare(nodeKey, "node", "version", version[id]),
                                xmlEscape(version[id]));
        if (survey.nodes.contains(id))
            for (auto const* f : NODE_FIELDS)
                if (survey.nodes.at(id).contains(f))
                {
                    auto const& v = survey.nodes.at(id).at(f);
                    body << fmt::format("      <data key=\"{}\">{}</data>\n", declare(nodeKey, "node", f, v),
                                        graphmlValue(v));
                }
        body << "    </node>\n";
    }
    for (auto const& e : edges)
    {
        body << fmt::format("    <edge source=\"{}\" target=\"{}\">\n", e.dialer, e.acceptor);
        for (auto const* f : EDGE_FIELDS)
            if (e.stats.contains(f))
                body << fmt::format("      <data key=\"{}\">{}</data>\n", declare(edgeKey, "edge", f, e.stats.at(f)),
                                    graphmlValue(e.stats.at(f)));
        body << "    </edge>\n";
    }
    std::ofstream(file) << "<?xml version='1.0' encoding='utf-8'?>\n"
                           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                        << keys.str() << "  <graph edgedefault=\"directed\">\n"
                        << body.str() << "  </graph>\n</graphml>\n";
}

void
writeSurveyDot(NetworkSurvey const& survey, std::filesystem::path const& file,
               std::function<std::string(std::string const&)> const& label)
{
    std::ostringstream dot;
    dot << "digraph survey {\n  graph [overlap=false, splines=true, fontname=\"Helvetica\", label=\""
        << fmt::format("time-sliced survey by {}, nonce {}, {} s collected", label(survey.surveyor), survey.nonce,
                       survey.collected.count())
        << "\"];\n  node [style=filled, fontname=\"Helvetica\", shape=ellipse];\n  edge [fontname=\"Helvetica\", "
           "fontsize=9];\n";
    for (auto const& id : surveyNodes(survey))
    {
        bool answered = survey.nodes.contains(id);
        bool validator = answered && survey.nodes.at(id).value("isValidator", false);
        auto colour = id == survey.surveyor ? "palegreen" : !answered ? "grey80" : validator ? "gold" : "lightblue";
        dot << fmt::format("  \"{}\" [label=\"{}{}\", fillcolor={}];\n", id, label(id),
                           validator ? "\\nvalidator" : "", colour);
    }
    for (auto const& e : surveyEdges(survey))
    {
        auto ms = e.stats.contains("averageLatencyMs") ? fmt::format("{} ms", e.stats.at("averageLatencyMs").get<uint64_t>())
                                                       : std::string("?");
        dot << fmt::format("  \"{}\" -> \"{}\" [color={}, label=\"{}\"];\n", e.dialer, e.acceptor,
                           latencyColour(e.stats), ms);
    }
    dot << "}\n";
    std::ofstream(file) << dot.str();
}

std::optional<std::string>
renderSvg(std::filesystem::path const& dot, std::filesystem::path const& svg)
{
    auto command = fmt::format("dot -Tsvg -o '{}' '{}'", svg.string(), dot.string());
    int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
        return std::string("Graphviz's `dot` is not installed: expected it on PATH (Debian package graphviz, "
                           "which scripts/setup.sh installs)");
    if (WEXITSTATUS(status) != 0)
        return fmt::format("`{}` failed with exit code {}", command, WEXITSTATUS(status));
    return std::nullopt;
}

std::string
surveyHealthSummary(NetworkSurvey const& survey, std::function<std::string(std::string const&)> const& label)
{
    std::ostringstream out;
    auto nodes = surveyNodes(survey);
    auto edges = surveyEdges(survey);
    out << fmt::format("survey: {} nodes, {} connections; {} answered, {} not answering\n", nodes.size(),
                       edges.size(), survey.nodes.size(), nodes.size() - survey.nodes.size());
    std::vector<std::string> silent;
    for (auto const& id : nodes)
        if (!survey.nodes.contains(id))
            silent.push_back(label(id));
    if (!silent.empty())
        out << "  not answering: " << fmt::format("{}", fmt::join(silent, ", ")) << "\n";
    std::vector<std::string> few;
    for (auto const& [id, n] : survey.nodes.items())
    {
        auto peers = n.value("numTotalInboundPeers", 0u) + n.value("numTotalOutboundPeers", 0u);
        if (peers < 2)
            few.push_back(fmt::format("{} ({} peer{})", label(id), peers, peers == 1 ? "" : "s"));
    }
    out << "  nodes with fewer than 2 peers: " << (few.empty() ? "none" : fmt::format("{}", fmt::join(few, ", ")))
        << "\n";
    std::vector<SurveyEdge const*> byLatency;
    uint64_t messages = 0, bytes = 0;
    for (auto const& e : edges)
    {
        byLatency.push_back(&e);
        messages += e.stats.value("messagesRead", uint64_t{0}) + e.stats.value("messagesWritten", uint64_t{0});
        bytes += e.stats.value("bytesRead", uint64_t{0}) + e.stats.value("bytesWritten", uint64_t{0});
    }
    std::stable_sort(byLatency.begin(), byLatency.end(), [](auto const* a, auto const* b) {
        return a->stats.value("averageLatencyMs", uint64_t{0}) > b->stats.value("averageLatencyMs", uint64_t{0});
    });
    out << "  slowest connections (average latency):";
    for (std::size_t i = 0; i < std::min<std::size_t>(3, byLatency.size()); ++i)
        out << fmt::format("{} {} -> {} {} ms", i ? "," : "", label(byLatency[i]->dialer), label(byLatency[i]->acceptor),
                           byLatency[i]->stats.value("averageLatencyMs", uint64_t{0}));
    out << (byLatency.empty() ? " none\n" : "\n");
    out << fmt::format("  traffic over {} s of collecting: {} messages, {} bytes on the connections surveyed\n",
                       survey.collected.count(), messages, bytes);
    return out.str();
}

}
