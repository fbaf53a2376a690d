#pragma once
// `stellar-overlay local-network`: the demonstration network (the README's
// first command, through scripts/run.sh). N real `stellar-overlay run`
// processes on 127.0.0.1, each with its own config, SQLite database and log
// in one directory:
//  - node 0 is the test ledger clock (NODE_IS_VALIDATOR, a QUORUM_SET of
//    itself, 1 s ledgers with ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING); the
//    others follow it (QUORUM_SET of node 0) and fetch what it closes;
//  - each node knows every node before it (KNOWN_PEERS), so the network is
//    a full mesh however the processes' starts interleave; PEERS still flow;
//  - above 500 tx/s the clock upgrades the ledger's maxTxSetSize to twice
//    the load per ledger (TESTING_UPGRADE_MAX_TX_SET_SIZE), as an operator
//    raises a high-TPS test network's limit;
//  - once every node tracks the ledger (and has its limit), `loadgen` offers
//    the last node --tps payments a second in pull mode.
// A status table every few seconds (per node: peers in/out, ledger,
// transactions received, duplicates, pool size); with --duration S it ends by
// itself after S seconds with a summary per node (ledgers seen, transactions
// seen out of those sent, bodies per transaction, pull latency p50/p99,
// items fetched). Ctrl-C ends it too. Every process it started is stopped
// either way.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace stellar
{

struct LocalNetworkOptions
{
    int nodes = 5;
    int basePeerPort = 11625; // node i: peers on basePeerPort + 2i, admin HTTP on basePeerPort + 2i + 1
    std::filesystem::path directory = "local-network";
    std::string networkPassphrase = "Standalone Network ; February 2017";
    std::chrono::seconds duration{0}; // 0: until Ctrl-C
    double tps = 100;                  // 0: no load generator
    std::chrono::seconds statusEvery{3};
};

// Writes the configs, starts the processes (`self` is this program's path),
// supervises them and stops them. Returns the exit code: 1 with one sentence
// for options that do not fit (too many nodes, ports beyond 65535) or when a
// node exits.
int runLocalNetwork(LocalNetworkOptions const& options, std::filesystem::path const& self);

}
