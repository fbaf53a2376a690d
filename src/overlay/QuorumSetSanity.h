#pragma once
// Whether a quorum set can be used at all (core: isQuorumSetSane): a threshold
// of at least 1 and at most its entries, nesting at most
// MAXIMUM_QUORUM_NESTING_LEVEL deep, no validator twice, 1 to 1000 validators
// in all. A node checks its own configured quorum set with it, and every
// quorum set a peer sends before anything uses it.

#include "xdr/StellarXdr.h"

#include <cstdint>
#include <optional>
#include <string>

namespace stellar
{

inline constexpr uint32_t MAXIMUM_QUORUM_NESTING_LEVEL = 4; // core: scp/QuorumSetUtils.cpp

// nullopt when sane, else core's reason ("Threshold exceeds total number of
// entries"). extraChecks refuses thresholds below the v-blocking size, as
// core does for its own quorum set unless UNSAFE_QUORUM is set; quorum sets
// from peers are checked without it.
std::optional<std::string> quorumSetInsanity(SCPQuorumSet const& qset, bool extraChecks);

}
