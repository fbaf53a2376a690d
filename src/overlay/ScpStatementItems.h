#pragma once
// What an SCP statement refers to and must be fetched before it can be used:
// the values it votes for or commits to (each an XDR StellarValue naming a tx
// set by its contents hash) and its companion quorum set (core:
// Slot::getStatementValues, Slot::getCompanionQuorumSetHashFromStatement,
// HerderUtils getStellarValues / getTxSetHashes).

#include "xdr/StellarXdr.h"

#include <optional>
#include <vector>

namespace stellar
{

// Every distinct value the statement names: nomination votes and accepted
// values; a ballot statement's ballot, prepared and prepared' ballots (a
// PREPARE with counter 0 names no ballot value).
std::vector<Value> statementValues(SCPStatement const& st);

// The values decoded as StellarValues; nullopt when one does not decode
// (core drops such an envelope).
std::optional<std::vector<StellarValue>> stellarValues(SCPStatement const& st);

// The tx set hashes of `stellarValues`, without repeats.
std::optional<std::vector<Hash>> txSetHashes(SCPStatement const& st);

// The quorum set the statement was made with (commitQuorumSetHash for
// EXTERNALIZE).
Hash companionQuorumSetHash(SCPStatement const& st);

}
