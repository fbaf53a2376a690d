#pragma once
// `stellar-overlay survey --conf FILE [--collect S] [--out DIR]`: a whole
// time-sliced survey run against the running node of FILE through its admin
// HTTP port, as stellar-core's scripts/OverlaySurvey.py runs one: start
// collecting with a random nonce, wait S seconds, stop, then ask the nodes
// breadth-first (the node's own peers first, then every peer a response
// names), asking again from the next index while a node has more than 25
// peers in a direction, until a round brings nothing new. Then it writes
// into DIR:
//  - survey.json: per node, its data and its peers by key (the script's
//    merged results);
//  - survey.graphml: a directed graph, dialer -> acceptor, with the node and
//    edge attributes the script writes;
//  - survey.svg: the topology laid out by Graphviz (`dot`), nodes coloured by
//    role, edges by latency (SurveyReport.h);
// and prints a short health summary. The node must be allowed to survey:
// in SURVEYOR_KEYS of every node, or (when those are empty) in their
// transitive quorum (E15).

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace stellar
{

struct SurveyOptions
{
    std::filesystem::path confPath;
    std::chrono::seconds collect{60};
    std::filesystem::path outDir = ".";
    // A round ends when every node asked has answered, or when nothing new
    // arrived for this long (the node sends 10 requests every 3 ledgers).
    std::chrono::seconds quietRound{30};
};

// The exit code: 0 when the survey ran and its files are written, else 1 with
// one sentence on `err`.
int runSurvey(SurveyOptions const& options, std::ostream& out, std::ostream& err);

}
