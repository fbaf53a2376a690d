#pragma once
// A transaction set as peers exchange it (core: TxSetXDRFrame): a legacy
// TX_SET or a GENERALIZED_TX_SET. What identifies it is core's contents hash,
// the hash an SCP value's txSetHash names:
//  - GENERALIZED_TX_SET: SHA-256 of its XDR;
//  - legacy TX_SET: SHA-256 of previousLedgerHash followed by each
//    transaction's XDR (core: computeNonGeneralizedTxSetContentsHash), which
//    is not the hash of the TransactionSet's XDR (no length prefix).
// Also here: every transaction a set holds, the structural rules core checks
// before it looks inside (validateTxSetXDRStructure), and the building of a
// GeneralizedTransactionSet from pooled transactions (core:
// makeTxSetFromTransactions without fees, accounts or surge pricing).

#include "xdr/StellarXdr.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace stellar
{

// core: Peer.h; MAX_TX_SET_ALLOWANCE split evenly between the phases.
inline constexpr std::size_t MAX_TX_SET_ALLOWANCE = 10 * 1024 * 1024;
inline constexpr std::size_t MAX_CLASSIC_BYTE_ALLOWANCE = MAX_TX_SET_ALLOWANCE / 2;
inline constexpr std::size_t MAX_SOROBAN_BYTE_ALLOWANCE = MAX_TX_SET_ALLOWANCE / 2;
// core: ProtocolVersion::V_23, the first with a parallel Soroban phase.
inline constexpr uint32_t PARALLEL_SOROBAN_PHASE_PROTOCOL_VERSION = 23;

Hash txSetContentsHash(TransactionSet const& txSet);
Hash txSetContentsHash(GeneralizedTransactionSet const& txSet);
// nullopt unless `msg` is a TX_SET or a GENERALIZED_TX_SET.
std::optional<Hash> txSetContentsHash(StellarMessage const& msg);

// core: validateTxSetXDRStructure: version 1, exactly two phases (classic,
// Soroban), sequential components sorted by base fee with unique fees and no
// empty component, a parallel phase only for Soroban and without empty stages
// or clusters.
bool isTxSetXDRStructureValid(GeneralizedTransactionSet const& txSet);

// Calls `f` for every transaction the set holds (TX_SET or GENERALIZED_TX_SET;
// nothing for any other message).
void forEachTransaction(StellarMessage const& txSetMessage, std::function<void(TransactionEnvelope const&)> const& f);

// Transaction facts a tx set builder needs (core: TransactionFrame /
// FeeBumpTransactionFrame).
uint32_t operationCount(TransactionEnvelope const& tx); // a fee bump counts one more
bool isSorobanTransaction(TransactionEnvelope const& tx);

struct TxSetLimits
{
    uint32_t maxClassicOps = 1000;       // the ledger's maxTxSetSize
    uint32_t maxSorobanTxs = 100;        // the ledger's ledgerMaxTxCount
    std::size_t maxClassicBytes = MAX_CLASSIC_BYTE_ALLOWANCE;
    std::size_t maxSorobanBytes = MAX_SOROBAN_BYTE_ALLOWANCE;
    int64_t baseFee = 100;               // the ledger's baseFee, the components' base fee
    uint32_t ledgerProtocolVersion = 26; // parallel Soroban phase from 23
};

struct BuiltTxSet
{
    GeneralizedTransactionSet txSet;
    Hash hash{};
    std::vector<Hash> included; // full hashes of the transactions taken
};

// A GeneralizedTransactionSet v1 with the candidates that fit `limits`, taken
// in the order given; each phase lists them in full-hash order, as core
// writes them (TxSetUtils::sortTxsInHashOrder). `fullHash(i)` is candidate
// i's SHA-256.
BuiltTxSet makeGeneralizedTxSet(Hash const& previousLedgerHash, std::vector<TransactionEnvelope const*> const& candidates,
                                std::vector<Hash> const& fullHashes, TxSetLimits const& limits);

}
