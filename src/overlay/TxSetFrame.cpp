#include "overlay/TxSetFrame.h"

#include "crypto/SHA.h"
#include "xdr/Codec.h"

#include <algorithm>

namespace stellar
{

Hash
txSetContentsHash(TransactionSet const& txSet)
{
    crypto::SHA256 hasher;
    hasher.add(txSet.previousLedgerHash);
    for (auto const& tx : txSet.txs)
        hasher.add(xdr::toBytes(tx));
    return hasher.finish();
}

Hash
txSetContentsHash(GeneralizedTransactionSet const& txSet)
{
    return crypto::sha256(xdr::toBytes(txSet));
}

std::optional<Hash>
txSetContentsHash(StellarMessage const& msg)
{
    if (msg.type() == TX_SET)
        return txSetContentsHash(msg.txSet());
    if (msg.type() == GENERALIZED_TX_SET)
        return txSetContentsHash(msg.generalizedTxSet());
    return std::nullopt;
}

namespace
{
std::optional<int64_t>
componentBaseFee(TxSetComponent const& c)
{
    auto const& fee = c.txsMaybeDiscountedFee().baseFee;
    return fee ? std::optional<int64_t>(*fee) : std::nullopt;
}

// Components sorted by base fee (no fee first), fees unique, none empty.
bool
isSequentialPhaseValid(TransactionPhase const& phase)
{
    auto const& comps = phase.v0Components();
    for (std::size_t i = 0; i < comps.size(); ++i)
    {
        if (comps[i].txsMaybeDiscountedFee().txs.empty())
            return false;
        if (i > 0 && !(componentBaseFee(comps[i - 1]) < componentBaseFee(comps[i])))
            return false;
    }
    return true;
}

bool
isParallelComponentValid(ParallelTxsComponent const& component)
{
    for (auto const& stage : component.executionStages)
    {
        if (stage.empty())
            return false;
        for (auto const& cluster : stage)
            if (cluster.empty())
                return false;
    }
    return true;
}
}

bool
isTxSetXDRStructureValid(GeneralizedTransactionSet const& txSet)
{
    constexpr std::size_t SOROBAN = 1, PHASE_COUNT = 2; // phase 0 is classic
    if (txSet.v() != 1)
        return false;
    auto const& phases = txSet.v1TxSet().phases;
    if (phases.size() != PHASE_COUNT)
        return false;
    for (std::size_t i = 0; i < PHASE_COUNT; ++i)
    {
        auto const& phase = phases[i];
        if (phase.v() == 1)
        {
            if (i != SOROBAN || !isParallelComponentValid(phase.parallelTxsComponent()))
                return false;
        }
        else if (phase.v() != 0 || !isSequentialPhaseValid(phase))
            return false;
    }
    return true;
}

void
forEachTransaction(StellarMessage const& msg, std::function<void(TransactionEnvelope const&)> const& f)
{
    if (msg.type() == TX_SET)
    {
        for (auto const& tx : msg.txSet().txs)
            f(tx);
        return;
    }
    if (msg.type() != GENERALIZED_TX_SET || msg.generalizedTxSet().v() != 1)
        return;
    for (auto const& phase : msg.generalizedTxSet().v1TxSet().phases)
    {
        if (phase.v() == 0)
        {
            for (auto const& comp : phase.v0Components())
                for (auto const& tx : comp.txsMaybeDiscountedFee().txs)
                    f(tx);
        }
        else if (phase.v() == 1)
        {
            for (auto const& stage : phase.parallelTxsComponent().executionStages)
                for (auto const& cluster : stage)
                    for (auto const& tx : cluster)
                        f(tx);
        }
    }
}

namespace
{
std::vector<Operation> const&
operationsOf(TransactionEnvelope const& tx)
{
    switch (tx.type())
    {
    case ENVELOPE_TYPE_TX_V0: return tx.v0().tx.operations;
    case ENVELOPE_TYPE_TX: return tx.v1().tx.operations;
    case ENVELOPE_TYPE_TX_FEE_BUMP: return tx.feeBump().tx.innerTx.v1().tx.operations;
    default:
    {
        static std::vector<Operation> const none;
        return none;
    }
    }
}
}

uint32_t
operationCount(TransactionEnvelope const& tx)
{
    auto n = static_cast<uint32_t>(operationsOf(tx).size());
    return tx.type() == ENVELOPE_TYPE_TX_FEE_BUMP ? n + 1 : n;
}

bool
isSorobanTransaction(TransactionEnvelope const& tx)
{
    // core: TransactionFrame::isSoroban looks at the first operation.
    auto const& ops = operationsOf(tx);
    if (ops.empty())
        return false;
    auto type = ops.front().body.type();
    return type == INVOKE_HOST_FUNCTION || type == EXTEND_FOOTPRINT_TTL || type == RESTORE_FOOTPRINT;
}

namespace
{
struct Candidate
{
    TransactionEnvelope const* tx;
    Hash hash;
};

void
sortByHash(std::vector<Candidate>& txs)
{
    std::sort(txs.begin(), txs.end(), [](Candidate const& a, Candidate const& b) { return a.hash < b.hash; });
}

TransactionPhase
sequentialPhase(std::vector<Candidate> txs, int64_t baseFee)
{
    TransactionPhase phase;
    phase.v(0);
    if (txs.empty())
        return phase;
    sortByHash(txs);
    auto& comp = phase.v0Components().emplace_back();
    comp.type(TXSET_COMP_TXS_MAYBE_DISCOUNTED_FEE);
    comp.txsMaybeDiscountedFee().baseFee.activate() = baseFee;
    for (auto const& c : txs)
        comp.txsMaybeDiscountedFee().txs.push_back(*c.tx);
    return phase;
}

// One stage; each transaction its own cluster (no footprint analysis: nobody
// applies a test network's ledgers).
TransactionPhase
parallelPhase(std::vector<Candidate> txs, int64_t baseFee)
{
    TransactionPhase phase;
    phase.v(1);
    if (txs.empty())
        return phase;
    sortByHash(txs);
    auto& component = phase.parallelTxsComponent();
    component.baseFee.activate() = baseFee;
    auto& stage = component.executionStages.emplace_back();
    for (auto const& c : txs)
        stage.push_back(DependentTxCluster{*c.tx});
    return phase;
}
}

BuiltTxSet
makeGeneralizedTxSet(Hash const& previousLedgerHash, std::vector<TransactionEnvelope const*> const& candidates,
                     std::vector<Hash> const& fullHashes, TxSetLimits const& limits)
{
    BuiltTxSet built;
    std::vector<Candidate> classic, soroban;
    uint64_t classicOps = 0;
    std::size_t classicBytes = 0, sorobanBytes = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i)
    {
        auto const& tx = *candidates[i];
        auto size = xdr::encodedSize(tx);
        if (isSorobanTransaction(tx))
        {
            if (soroban.size() >= limits.maxSorobanTxs || sorobanBytes + size > limits.maxSorobanBytes)
                continue;
            sorobanBytes += size;
            soroban.push_back({&tx, fullHashes[i]});
        }
        else
        {
            auto ops = operationCount(tx);
            if (classicOps + ops > limits.maxClassicOps || classicBytes + size > limits.maxClassicBytes)
                continue;
            classicOps += ops;
            classicBytes += size;
            classic.push_back({&tx, fullHashes[i]});
        }
        built.included.push_back(fullHashes[i]);
    }

    built.txSet.v(1);
    auto& v1 = built.txSet.v1TxSet();
    v1.previousLedgerHash = previousLedgerHash;
    v1.phases.push_back(sequentialPhase(std::move(classic), limits.baseFee));
    v1.phases.push_back(limits.ledgerProtocolVersion >= PARALLEL_SOROBAN_PHASE_PROTOCOL_VERSION
                            ? parallelPhase(std::move(soroban), limits.baseFee)
                            : sequentialPhase(std::move(soroban), limits.baseFee));
    built.hash = txSetContentsHash(built.txSet);
    return built;
}

}
