#pragma once
// A `stellar-overlay run` process on 127.0.0.1, for tests that need the real
// binary: its config file is written from NodeProcessOptions (stellar-core's
// key names), its admin HTTP commands are read as JSON, its log is the
// child's stderr. Ports are picked free unless given.

#include "support/ChildProcess.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stellar::test
{

struct NodeProcessOptions
{
    std::string name = "node";
    std::string networkPassphrase = "stellar-overlay test network ; 2026";
    std::string seed;         // empty: a fresh one
    uint16_t peerPort = 0;    // 0: unusedTcpPort()
    uint16_t httpPort = 0;    // 0: unusedTcpPort()
    std::string database;     // empty: sqlite3://<dir>/<name>.db
    std::vector<std::string> knownPeers;
    std::vector<std::string> preferredPeers;
    std::string logLevel = "info";
    std::string extraConfig;  // more TOML lines, verbatim
};

class NodeProcess
{
  public:
    // Writes the config into `dir` and starts the binary; throws
    // std::runtime_error when it cannot start.
    NodeProcess(std::filesystem::path const& dir, NodeProcessOptions options);

    // The program under test: $SO_BINARY_DIR/stellar-overlay when ctest runs
    // the test, else the path CMake built it at.
    static std::string binary();

    // Admin HTTP answers /info within `timeout`.
    bool waitReady(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // GET /<command>?<query> on the admin port; nullopt when the node does not
    // answer with JSON (not up, gone, or a text reply).
    std::optional<nlohmann::json> admin(std::string const& commandAndQuery);
    // The HTTP status and body of an admin command, for text replies.
    std::optional<std::pair<int, std::string>> adminText(std::string const& commandAndQuery);

    nlohmann::json peers();
    // A counter from /metrics, 0 when the node has not created it yet.
    int64_t counter(std::string const& name);
    // Authenticated peers of one direction ("inbound"/"outbound") in /peers.
    std::vector<nlohmann::json> authenticated(std::string const& direction);
    std::size_t authenticatedCount();

    std::string const& publicKey() const { return publicKey_; }
    std::string const& seed() const { return seed_; }
    uint16_t peerPort() const { return peerPort_; }
    uint16_t httpPort() const { return httpPort_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(peerPort_); }
    std::string log() const { return process_->errors(); }
    ChildProcess& process() { return *process_; }

  private:
    std::string seed_, publicKey_;
    uint16_t peerPort_ = 0, httpPort_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}
