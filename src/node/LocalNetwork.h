#pragma once
// `stellar-overlay local-network`: a demonstration network of N nodes on
// 127.0.0.1, each a real `stellar-overlay run` process with its own config,
// SQLite database and log in one directory. Node 0 is everyone's known peer;
// the others find each other through PEERS. Ctrl-C stops them all.

#include <cstdint>
#include <filesystem>
#include <string>

namespace stellar
{

struct LocalNetworkOptions
{
    int nodes = 3;
    int basePeerPort = 11625; // node i: peers on basePeerPort + 2i, admin HTTP on basePeerPort + 2i + 1
    std::filesystem::path directory = "local-network";
    std::string networkPassphrase = "Standalone Network ; February 2017";
};

// Writes the configs, starts the processes (`self` is this program's path)
// and waits for SIGINT/SIGTERM. Returns the exit code: 1 with one sentence
// for options that do not fit (too many nodes, ports beyond 65535) or when a
// node exits.
int runLocalNetwork(LocalNetworkOptions const& options, std::filesystem::path const& self);

}
