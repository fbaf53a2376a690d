#pragma once
// The admin commands about what RelayApp tracks, answered in stellar-core's
// JSON shapes (core: CommandHandler::tx, ::quorum, ::scpInfo, and the ledger
// and quorum parts of ApplicationImpl::getJsonInfo). Bad parameters get
// core's form, {"exception": "<sentence>"}.
//
//  tx?blob=<base64 TransactionEnvelope>
//      {"status": "PENDING"} | {"status": "DUPLICATE"} |
//      {"status": "TRY_AGAIN_LATER"} (banned, or the pool is full) |
//      {"status": "ERROR", "error": "<base64 TransactionResult>"}
//  quorum[?node=G...|@prefix][&compact=true][&fullkeys=true]
//      {"node": ..., "qset": {"agree", "delayed", "disagree", "missing",
//       "fail_at", "fail_with", "hash", "ledger", "phase", "value"}}
//  scp[?limit=N][&fullkeys=true]
//      {"you": ..., "scp": {"<slot>": {"statements": [...],
//       "quorum_sets": {...}, "validated": false, "ballotProtocol": {...}}}}
//
// What a node without SCP cannot say is left out rather than made up: no
// transitive quorum analysis (transitive=true is refused), no lag or cost
// figures, no nomination state of its own.

#include "xdr/StellarXdr.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>

#include <cstdint>
#include <string>

namespace stellar
{

class AdminServer;
class Node;

void addHerderCommands(AdminServer& admin, Node& node);

// core: HerderImpl::getJsonQuorumInfo(id, summary, fullKeys, index); index
// 0: the newest slot held. `info` shows it for the node itself, compact.
nlohmann::json quorumInfo(Node& node, NodeID const& id, bool summary, bool fullKeys, uint64_t index);

// core: SCP::envToStr, keys as `keyText` writes them.
std::string envToStr(SCPStatement const& st, std::function<std::string(NodeID const&)> const& keyText);

}
