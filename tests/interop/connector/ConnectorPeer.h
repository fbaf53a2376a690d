#pragma once
// The C++ side of connectorPeer.js: a peer run by
// @stellarbeat/js-stellar-node-connector (an independent implementation of
// the overlay handshake and MACs) in a node process. The test tells it what
// to send, as StellarMessages built with our XDR; it reports every message the
// connector accepted (after its own sequence and MAC checks), decoded with
// our XDR, so a test sees exactly what crossed the wire in both directions.

#include "support/ChildProcess.h"
#include "xdr/StellarXdr.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stellar::test
{

// The connector's settings (its environment, lib/node-config.js).
struct ConnectorSettings
{
    std::string network;           // NETWORK: the passphrase
    std::string privateKey;        // PRIVATE_KEY: "S..."; empty: it makes one
    uint32_t ledgerVersion = 26;   // LEDGER_VERSION
    uint32_t overlayVersion = 41;  // OVERLAY_VERSION (stellar-core v27.1.0)
    uint32_t overlayMinVersion = 40; // OVERLAY_MIN_VERSION
    std::string versionString = "js-stellar-node-connector 7.0.1";
};

class ConnectorPeer
{
  public:
    // The connector dials ip:port.
    static std::unique_ptr<ConnectorPeer> dial(std::filesystem::path const& dir, ConnectorSettings const& settings,
                                               std::string const& ip, uint16_t port);
    // The connector listens on 127.0.0.1 (see listeningPort()).
    static std::unique_ptr<ConnectorPeer> accept(std::filesystem::path const& dir,
                                                 ConnectorSettings const& settings);

    // The port the accepting connector listens on, once it does.
    std::optional<uint16_t> listeningPort();
    // The remote's public key once the connector completed the handshake.
    std::optional<std::string> connectedTo();
    std::optional<nlohmann::json> remoteNodeInfo();
    // Every message the connector accepted, in order.
    std::vector<StellarMessage> received();
    std::vector<MessageType> receivedTypes();
    std::optional<StellarMessage> firstOf(MessageType type);
    // What the connector refused ("Invalid hmac", ...).
    std::vector<std::string> errors();
    bool closed();

    bool waitConnected(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    bool waitForType(MessageType type, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    bool waitFor(std::function<bool(StellarMessage const&)> const& match,
                 std::chrono::milliseconds timeout = std::chrono::seconds(15));
    bool waitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(15));

    void send(StellarMessage const& msg);
    void tamperNextMac();
    void close();

    ChildProcess& process() { return process_; }
    std::string describe() const { return process_.describe(); }

  private:
    ConnectorPeer(std::filesystem::path const& dir, ConnectorSettings const& settings,
                  std::vector<std::string> args);
    std::vector<nlohmann::json> events();

    ChildProcess process_;
};

}
