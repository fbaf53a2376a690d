#pragma once
// What `stellar-overlay survey` writes and prints from a finished survey:
// the merged results (survey.json), the GraphML stellar-core's
// scripts/OverlaySurvey.py writes (survey.graphml), a Graphviz picture
// (survey.svg) and a health summary.
//
// The picture: validators are gold, other nodes that answered light blue,
// the surveyor green, nodes that never answered grey; an edge goes from the
// dialer to the acceptor, green under 100 ms of average latency, orange
// under 500 ms, red above, grey when unknown.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

struct NetworkSurvey
{
    std::string surveyor; // strkey
    uint32_t nonce = 0;
    std::chrono::seconds collected{0};
    // Node strkey -> its data as getsurveyresult gives it, with
    // "inboundPeers" and "outboundPeers" as objects keyed by peer strkey,
    // every page merged (the script's merged_results).
    nlohmann::json nodes = nlohmann::json::object();
    // Asked and never answered (or answered with a body the surveyor could not read).
    std::vector<std::string> notAnswering;
};

// One edge of the topology: the dialer's view of it when the dialer
// answered, else the acceptor's.
struct SurveyEdge
{
    std::string dialer, acceptor;
    nlohmann::json stats; // the peer entry, without nodeId and version
};
std::vector<SurveyEdge> surveyEdges(NetworkSurvey const& survey);
// Every node named: those that answered and every peer they named.
std::vector<std::string> surveyNodes(NetworkSurvey const& survey);

void writeSurveyJson(NetworkSurvey const& survey, std::filesystem::path const& file);
void writeSurveyGraphml(NetworkSurvey const& survey, std::filesystem::path const& file);
void writeSurveyDot(NetworkSurvey const& survey, std::filesystem::path const& file,
                    std::function<std::string(std::string const&)> const& label);
// Runs Graphviz's `dot -Tsvg`; nullopt on success, else the sentence why not.
std::optional<std::string> renderSvg(std::filesystem::path const& dot, std::filesystem::path const& svg);

// Nodes reached and not answering, nodes with fewer than two peers, the
// slowest edges, the traffic measured.
std::string surveyHealthSummary(NetworkSurvey const& survey,
                                std::function<std::string(std::string const&)> const& label);

}
