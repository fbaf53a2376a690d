#pragma once
// The admin commands of a node, answering as stellar-core's CommandHandler
// does for the same command (field names, shapes, sentences for bad
// parameters): info, peers, connect, droppeer, bans, unban, ll, logrotate,
// metrics, clearmetrics; and ban, which core has only as droppeer&ban=1.

#include "xdr/StellarXdr.h"

#include <optional>
#include <string>

namespace stellar
{

class AdminServer;
class Node;

void addNodeCommands(AdminServer& admin, Node& node);

// core: Herder::resolveNodeID: "G...", "$name", "@GABC" (a named key, else an
// authenticated peer or a banned node whose key starts with GABC).
std::optional<NodeID> resolveNodeID(Node& node, std::string const& text);

}
