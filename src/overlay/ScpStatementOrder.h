#pragma once
// When one SCP statement supersedes an earlier one from the same node for the
// same slot (core: SCP::isNewerNominationOrBallotSt, with
// NominationProtocol::isNewerStatement and BallotProtocol::isNewerStatement).
// Flow control uses it to keep only the newest statement per node in an
// outbound SCP queue (spec 8.7). Nominations grow: a newer one holds the old
// votes and accepted values and adds at least one. Ballot statements follow
// SCP's total order: PREPARE < CONFIRM < EXTERNALIZE, then (b, p, p', h) for
// PREPARE and (b, p, h) for CONFIRM; two EXTERNALIZE never supersede.

#include "xdr/StellarXdr.h"

#include <cstdint>

namespace stellar
{

int compareBallots(SCPBallot const& a, SCPBallot const& b);
bool isNewerNominationOrBallotSt(SCPStatement const& older, SCPStatement const& newer);

// The first ledger of the checkpoint holding `ledger` (core:
// HistoryManager::firstLedgerInCheckpointContaining; checkpoints of 64
// ledgers, 8 with ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING:
// HistoryManager::getCheckpointFrequency).
inline constexpr uint32_t CHECKPOINT_FREQUENCY = 64;
inline constexpr uint32_t ACCELERATED_CHECKPOINT_FREQUENCY = 8;
uint32_t firstLedgerInCheckpointContaining(uint32_t ledger, uint32_t frequency = CHECKPOINT_FREQUENCY);

}
