#pragma once
// The operator settings the overlay reads, spelled and defaulted as in
// stellar-core's Config so that the overlay part of a stellar-core config
// file works unchanged. node/Config fills this from TOML; tests fill it
// directly. Values the code derives (like the pending-connection split) are
// computed by the functions below, never stored twice.

#include "xdr/LedgerProtocol.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stellar
{

struct OverlayConfig
{
    std::string NETWORK_PASSPHRASE;
    std::string NODE_SEED; // "S..." strkey; empty: a random key for this run

    // Identity in HELLO.
    uint32_t LEDGER_PROTOCOL_VERSION = xdr::LEDGER_PROTOCOL_VERSION; // the newest our XDR decodes (src/xdr/README.md)
    uint32_t OVERLAY_PROTOCOL_VERSION = 41;     // stellar-core v27.1.0
    uint32_t OVERLAY_PROTOCOL_MIN_VERSION = 40; // stellar-core v27.1.0
    std::string VERSION_STR = "stellar-overlay 0.1.0";

    // Listening and peers.
    uint16_t PEER_PORT = 11625;
    std::string PEER_LISTEN_ADDRESS = "0.0.0.0"; // ours: core listens on every interface
    std::vector<std::string> KNOWN_PEERS;        // "host[:port]"
    std::vector<std::string> PREFERRED_PEERS;
    std::vector<std::string> PREFERRED_PEER_KEYS; // "G..." strkeys
    bool PREFERRED_PEERS_ONLY = false;
    bool ALLOW_LOCALHOST_FOR_TESTING = false;

    // Connection limits (core: Config::adjust derives the rest).
    uint32_t TARGET_PEER_CONNECTIONS = 8;
    int32_t MAX_ADDITIONAL_PEER_CONNECTIONS = -1; // -1: TARGET_PEER_CONNECTIONS * 8
    uint32_t MAX_PENDING_CONNECTIONS = 500;

    // Timeouts.
    std::chrono::seconds PEER_AUTHENTICATION_TIMEOUT{2};
    std::chrono::seconds PEER_TIMEOUT{30};
    std::chrono::seconds PEER_STRAGGLER_TIMEOUT{120};

    // Flow control (spec section 8). Zero bytes values mean "derive from maxTxSize".
    uint32_t PEER_READING_CAPACITY = 201;
    uint32_t PEER_FLOOD_READING_CAPACITY = 200;
    uint32_t FLOW_CONTROL_SEND_MORE_BATCH_SIZE = 40;
    uint32_t PEER_FLOOD_READING_CAPACITY_BYTES = 0;
    uint32_t FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 0;
    uint32_t OUTBOUND_TX_QUEUE_BYTE_LIMIT = 3 * 1024 * 1024;

    // Flooding (spec section 9).
    double FLOOD_OP_RATE_PER_LEDGER = 1.0;
    double FLOOD_SOROBAN_RATE_PER_LEDGER = 1.0;
    std::chrono::milliseconds FLOOD_DEMAND_PERIOD_MS{200};
    std::chrono::milliseconds FLOOD_ADVERT_PERIOD_MS{100};
    std::chrono::milliseconds FLOOD_DEMAND_BACKOFF_DELAY_MS{500};

    // Socket writes.
    uint32_t MAX_BATCH_WRITE_COUNT = 1024;
    uint32_t MAX_BATCH_WRITE_BYTES = 1024 * 1024;

    // Surveys: who may survey this node (empty: the transitive quorum, E15),
    // and whether it validates, which a survey reports.
    std::vector<std::string> SURVEYOR_KEYS;
    bool NODE_IS_VALIDATOR = false;

    // Beyond stellar-core (G16): flood traffic a peer sends that granted
    // capacity does not explain (adverts of hashes it already advertised to
    // us, repeated demands for one hash). Budget per peer per ledger window.
    uint32_t PEER_UNEXPLAINED_FLOOD_BUDGET = 10000;

    // Automatic time-limited bans (G10).
    uint32_t AUTO_BAN_FAILURE_THRESHOLD = 10;
    std::chrono::seconds AUTO_BAN_DURATION{300};

    // Spec 8.9, checked at startup as stellar-core checks it (Config and
    // HerderImpl::start): throws std::invalid_argument with one sentence
    // naming the key when a batch is larger than the capacity it returns, when
    // PEER_READING_CAPACITY leaves no room beside the flood capacity, or when
    // the byte capacity cannot hold a batch plus one transaction of
    // `maxTxSize` bytes.
    void checkFlowControl(uint32_t maxTxSize) const;

    // Derived values, as stellar-core's Config::adjust computes them.
    uint32_t maxAdditionalPeerConnections() const;
    uint32_t targetPeerConnections() const; // capped at MAX_ADDITIONAL / 3 + 3
    uint32_t maxOutboundPendingConnections() const;
    uint32_t maxInboundPendingConnections() const;
};

}
