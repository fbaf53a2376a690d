#include "node/NetworkStatus.h"

#include <fmt/format.h>

#include <algorithm>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace stellar
{

namespace
{
using json = nlohmann::json;

std::optional<json>
get(httplib::Client& client, std::string const& path)
{
    auto res = client.Get(path);
    if (!res || res->status != 200)
        return std::nullopt;
    auto j = json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

int64_t
count(json const& metrics, std::string const& name)
{
    auto it = metrics.find(name);
    return it == metrics.end() ? 0 : it->value("count", int64_t{0});
}

std::string
latency(std::optional<double> ms)
{
    return ms ? fmt::format("{:.0f} ms", *ms) : "-";
}
}

NodeStatus
readNodeStatus(uint16_t httpPort)
{
    NodeStatus s;
    httplib::Client client("127.0.0.1", httpPort);
    client.set_connection_timeout(std::chrono::seconds(1));
    client.set_read_timeout(std::chrono::seconds(5));
    auto info = get(client, "/info");
    auto peers = get(client, "/peers");
    auto metrics = get(client, "/metrics");
    if (!info || !peers || !metrics)
        return s;
    s.answered = true;
    auto const& i = (*info)["info"];
    s.ledger = i["ledger"].value("num", 0u);
    s.maxTxSetSize = i["ledger"].value("maxTxSetSize", 0u);
    s.state = i.value("state", "");
    auto const& auth = (*peers)["authenticated_peers"];
    s.peersIn = static_cast<int>(auth["inbound"].size());
    s.peersOut = static_cast<int>(auth["outbound"].size());
    auto const& m = (*metrics)["metrics"];
    s.ledgersSeen = count(m, "scp.timing.externalized");
    s.txReceived = count(m, "overlay.flood.tx-accepted");
    s.txDuplicates = count(m, "overlay.flood.tx-duplicate");
    s.txFromLedger = count(m, "herder.externalized-tx.not-pooled");
    s.bodies = count(m, "overlay.recv-transaction.count");
    for (int age = 0; age < 4; ++age)
        s.pool += count(m, fmt::format("herder.pending-txs.age{}", age));
    s.itemsFetched = count(m, "overlay.fetch.txset") + count(m, "overlay.fetch.qset");
    auto pull = m.find("overlay.flood.tx-pull-latency");
    if (pull != m.end() && pull->value("count", 0) > 0)
    {
        s.pullP50Ms = pull->value("median", 0.0);
        s.pullP99Ms = pull->value("99%", 0.0);
    }
    return s;
}

std::string
statusTable(std::vector<NodeStatus> const& nodes, std::string const& loadLine)
{
    std::string out = fmt::format("{:<5} {:>9} {:>7} {:<12} {:>8} {:>6} {:>6}\n", "node", "peers i/o", "ledger",
                                  "state", "tx recv", "dups", "pool");
    for (std::size_t i = 0; i < nodes.size(); ++i)
    {
        auto const& n = nodes[i];
        if (!n.answered)
        {
            out += fmt::format("{:<5} (not answering)\n", i);
            continue;
        }
        out += fmt::format("{:<5} {:>9} {:>7} {:<12} {:>8} {:>6} {:>6}\n", i,
                           fmt::format("{}/{}", n.peersIn, n.peersOut), n.ledger, n.state, n.txReceived,
                           n.txDuplicates, n.pool);
    }
    if (!loadLine.empty())
        out += loadLine + "\n";
    return out;
}

std::string
summaryTable(std::vector<NodeStatus> const& nodes, std::optional<int64_t> sent)
{
    std::string out = fmt::format("{:<5} {:>7} {:>8} {:>15} {:>10} {:>12} {:>10} {:>10} {:>8}\n", "node", "ledger",
                                  "ledgers", "tx seen/sent", "in ledger", "bodies/tx", "pull p50", "pull p99",
                                  "fetched");
    for (std::size_t i = 0; i < nodes.size(); ++i)
    {
        auto const& n = nodes[i];
        if (!n.answered)
        {
            out += fmt::format("{:<5} (not answering)\n", i);
            continue;
        }
        auto seen = sent ? fmt::format("{}/{}", n.txSeen(), *sent) : fmt::format("{}", n.txSeen());
        auto perTx = n.txReceived ? fmt::format("{:.2f}", double(n.bodies) / double(n.txReceived)) : "-";
        out += fmt::format("{:<5} {:>7} {:>8} {:>15} {:>10} {:>12} {:>10} {:>10} {:>8}\n", i, n.ledger, n.ledgersSeen,
                           seen, n.txFromLedger, perTx, latency(n.pullP50Ms), latency(n.pullP99Ms), n.itemsFetched);
    }
    return out;
}

std::string
verdict(std::vector<NodeStatus> const& nodes, std::optional<int64_t> sent)
{
    bool answered = !nodes.empty() && std::all_of(nodes.begin(), nodes.end(), [](auto const& n) { return n.answered; });
    bool sameLedger = answered && std::all_of(nodes.begin(), nodes.end(),
                                              [&](auto const& n) { return n.ledger == nodes[0].ledger; });
    std::string out = sameLedger ? fmt::format("every node is at ledger {}\n", nodes[0].ledger)
                                 : "the nodes are NOT at the same ledger\n";
    if (sent)
    {
        bool all = answered && std::all_of(nodes.begin(), nodes.end(), [&](auto const& n) { return n.txSeen() == *sent; });
        out += all ? fmt::format("every node saw all {} transactions the load generator sent\n", *sent)
                   : fmt::format("NOT every node saw all {} transactions the load generator sent\n", *sent);
    }
    return out;
}

}
