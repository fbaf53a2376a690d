#pragma once
// The node the tests build (simulation::SimNode: a scripted application, an
// in-memory database, a resolver without DNS, metrics and a drop log), its
// drop timeline, and a config good for tests.

#include "simulation/SimNode.h"

namespace stellar::test
{

using TestNode = simulation::SimNode;
using TestNodeOptions = simulation::SimNodeOptions;
using simulation::DropLog;
using simulation::DropRecord;
using simulation::ScriptedResolver;

inline constexpr char const* TEST_NETWORK_PASSPHRASE = "stellar-overlay test network ; 2026";

// A test network, localhost allowed, a fresh key, listening on 127.0.0.1.
OverlayConfig testOverlayConfig(uint16_t peerPort = 0);

}
