#pragma once
// What the demonstration network shows: one row per node, read from its
// admin HTTP (`info`, `peers`, `metrics`), as a live table and as the final
// summary.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

struct NodeStatus
{
    bool answered = false;
    int peersIn = 0, peersOut = 0;
    uint32_t ledger = 0;
    uint32_t maxTxSetSize = 0; // the ledger's, operations
    std::string state;
    int64_t ledgersSeen = 0;   // scp.timing.externalized: slots this node externalized
    int64_t txReceived = 0;    // overlay.flood.tx-accepted: unique transactions from peers
    int64_t txDuplicates = 0;  // overlay.flood.tx-duplicate
    int64_t txFromLedger = 0;  // herder.externalized-tx.not-pooled: first seen in an externalized tx set
    int64_t bodies = 0;        // overlay.recv-transaction.count: TRANSACTION messages received
    int64_t pool = 0;          // herder.pending-txs.age0..3
    int64_t itemsFetched = 0;  // overlay.fetch.txset + overlay.fetch.qset
    std::optional<double> pullP50Ms, pullP99Ms; // overlay.flood.tx-pull-latency

    int64_t txSeen() const { return txReceived + txFromLedger; }
};

// Reads one node; `answered` is false when it does not answer.
NodeStatus readNodeStatus(uint16_t httpPort);

std::string statusTable(std::vector<NodeStatus> const& nodes, std::string const& loadLine);
// `sent`: what the load generator's node accepted from it, when known.
std::string summaryTable(std::vector<NodeStatus> const& nodes, std::optional<int64_t> sent);
// Two lines: whether every node is at the same ledger, and whether every
// node saw every transaction the load generator sent (from a peer, or in an
// externalized tx set before any peer's copy reached it).
std::string verdict(std::vector<NodeStatus> const& nodes, std::optional<int64_t> sent);

}
