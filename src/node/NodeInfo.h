#pragma once
// The admin `info` answer, field by field as stellar-core's
// ApplicationImpl::getJsonInfo: build, protocol_version, state, startedOn,
// ledger{num, hash, closeTime, version, baseFee, baseReserve, maxTxSetSize,
// age}, peers{pending_count, authenticated_count}, network, quorum{node, qset}.

#include <nlohmann/json.hpp>

#include "xdr/StellarXdr.h"

#include <string>

namespace stellar
{

class Node;

// What the node knows of the network's last closed ledger: the ledger it
// tracks (LedgerTracker: number and close time; genesis, 1 with close time 0,
// before any), the ledger limits it assumes and the protocol version it
// speaks. What only a ledger holds keeps a booting stellar-core's genesis
// values (no hash, base fee 100, base reserve 10 XLM).
struct LedgerSummary
{
    uint32_t num = 1;
    Hash hash{};
    uint64_t closeTime = 0;
    uint32_t version = 0;
    uint32_t baseFee = 100;
    uint32_t baseReserve = 100000000;
    uint32_t maxTxSetSize = 100;
};
LedgerSummary ledgerSummary(Node& node);

nlohmann::json infoJson(Node& node);

// core: VirtualClock::systemPointToISOString ("2026-01-02T03:04:05Z").
std::string isoTime(std::chrono::system_clock::time_point t);

}
