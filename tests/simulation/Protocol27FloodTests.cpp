// Ledger protocol 27 on the wire: Soroban transactions whose authorization
// entries use the credentials protocol 27 adds (SOROBAN_CREDENTIALS_ADDRESS_V2,
// SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES with delegates that have
// delegates of their own) flood through three nodes in pull mode. With the
// protocol 26 XDR a node failed to decode such a TRANSACTION and dropped the
// peer that sent it; here every node accepts every transaction, each one
// arrives byte for byte, and no connection is dropped.

#include "crypto/SHA.h"
#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "xdr/LedgerProtocol.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

SCAddress
accountAddress(uint8_t n)
{
    SCAddress a;
    a.type(SC_ADDRESS_TYPE_ACCOUNT).accountId().ed25519().fill(n);
    return a;
}

SCAddress
contractAddress(uint8_t n)
{
    SCAddress a;
    a.type(SC_ADDRESS_TYPE_CONTRACT).contractId().fill(n);
    return a;
}

// A signature value as a Soroban account contract expects it: a vector of
// one map {public_key: bytes, signature: bytes}.
SCVal
signatureValue(uint8_t n)
{
    SCVal key;
    key.type(SCV_SYMBOL).sym() = "public_key";
    SCVal keyBytes;
    keyBytes.type(SCV_BYTES).bytes().assign(32, n);
    SCVal sig;
    sig.type(SCV_SYMBOL).sym() = "signature";
    SCVal sigBytes;
    sigBytes.type(SCV_BYTES).bytes().assign(64, static_cast<uint8_t>(n + 1));
    SCVal map;
    map.type(SCV_MAP).map().activate() = {{.key = key, .val = keyBytes}, {.key = sig, .val = sigBytes}};
    SCVal vec;
    vec.type(SCV_VEC).vec().activate() = {map};
    return vec;
}

SorobanAddressCredentials
addressCredentials(uint8_t n)
{
    return {.address = accountAddress(n), .nonce = 1000 + n, .signatureExpirationLedger = 5000, .signature = signatureValue(n)};
}

// A delegate signature with `depth` levels of nested delegates below it.
SorobanDelegateSignature
delegate(uint8_t n, int depth)
{
    SorobanDelegateSignature d{
        .address = depth % 2 ? contractAddress(n) : accountAddress(n), .signature = signatureValue(n), .nestedDelegates = {}};
    if (depth > 0)
        d.nestedDelegates = {delegate(static_cast<uint8_t>(n + 1), depth - 1), delegate(static_cast<uint8_t>(n + 2), 0)};
    return d;
}

SorobanAuthorizationEntry
authEntry(SorobanCredentials credentials, uint8_t contract)
{
    SorobanAuthorizationEntry e;
    e.credentials = std::move(credentials);
    auto& fn = e.rootInvocation.function.type(SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN).contractFn();
    fn.contractAddress = contractAddress(contract);
    fn.functionName = "transfer";
    return e;
}

// A v1 envelope invoking a contract with the given authorization entries.
TransactionEnvelope
sorobanTransaction(uint64_t id, std::vector<SorobanAuthorizationEntry> auth)
{
    TransactionEnvelope env;
    auto& tx = env.type(ENVELOPE_TYPE_TX).v1().tx;
    tx.sourceAccount.ed25519().fill(0x11);
    tx.fee = 250'000;
    tx.seqNum = static_cast<SequenceNumber>(id);
    Operation op;
    auto& invoke = op.body.type(INVOKE_HOST_FUNCTION).invokeHostFunctionOp();
    auto& call = invoke.hostFunction.type(HOST_FUNCTION_TYPE_INVOKE_CONTRACT).invokeContract();
    call.contractAddress = contractAddress(0x77);
    call.functionName = "transfer";
    invoke.auth = std::move(auth);
    tx.operations.push_back(op);
    auto& data = tx.ext.v(1).sorobanData();
    data.resources.instructions = 1'000'000;
    data.resourceFee = 100'000;
    env.v1().signatures.push_back({.hint = {1, 2, 3, 4}, .signature = Signature(64, 0x5a)});
    return env;
}

std::vector<TransactionEnvelope>
protocol27Transactions()
{
    std::vector<TransactionEnvelope> txs;
    for (uint8_t i = 0; i < 4; ++i)
    {
        SorobanCredentials v2;
        v2.type(SOROBAN_CREDENTIALS_ADDRESS_V2).addressV2() = addressCredentials(i);
        txs.push_back(sorobanTransaction(100 + i, {authEntry(v2, i)}));

        SorobanCredentials withDelegates;
        auto& wd = withDelegates.type(SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES).addressWithDelegates();
        wd.addressCredentials = addressCredentials(static_cast<uint8_t>(0x20 + i));
        wd.delegates = {delegate(0x30, /*depth=*/i), delegate(0x40, 0)};
        SorobanCredentials source;
        source.type(SOROBAN_CREDENTIALS_SOURCE_ACCOUNT);
        txs.push_back(sorobanTransaction(200 + i, {authEntry(withDelegates, i), authEntry(v2, i), authEntry(source, i)}));
    }
    return txs;
}

}

TEST(SimulationProtocol27, HelloAnnouncesTheNewestProtocolTheXdrDecodes)
{
    EXPECT_EQ(xdr::LEDGER_PROTOCOL_VERSION, 27u);
    EXPECT_EQ(OverlayConfig{}.LEDGER_PROTOCOL_VERSION, xdr::LEDGER_PROTOCOL_VERSION);
}

TEST(SimulationProtocol27, NewCredentialArmsFloodThroughThreeNodesWithoutADrop)
{
    SimulationOptions o;
    o.nodes = 3;
    o.topology = Topology::line(); // node 1 relays between 0 and 2
    o.seed = 27;
    Simulation sim{o};
    ASSERT_TRUE(sim.connectAll());
    FloodObserver flood(sim);

    auto txs = protocol27Transactions();
    for (std::size_t i = 0; i < txs.size(); ++i)
        flood.submitTransaction(i % 2 == 0 ? 0 : 2, txs[i]); // from both ends of the line
    ASSERT_TRUE(sim.crankUntil([&] { return flood.allTransactionsEverywhere(); }, 30s))
        << flood.transactionsEverywhere() << " of " << txs.size() << " transactions reached every node";

    for (std::size_t n = 0; n < sim.size(); ++n)
    {
        auto& node = sim.node(n);
        EXPECT_TRUE(node.drops().empty()) << "node " << n << " dropped a peer";
        EXPECT_EQ(node.overlay().authenticatedPeers().size(), n == 1 ? 2u : 1u) << "node " << n;
        for (auto const& tx : txs)
        {
            auto held = node.app().getTransaction(fullHash(tx));
            ASSERT_TRUE(held) << "node " << n;
            EXPECT_EQ(xdr::toBytes(*held), xdr::toBytes(tx)) << "node " << n;
        }
    }
    EXPECT_EQ(flood.maxAcceptancesOfOneTransaction(), 1u);
    // Node 1 heard each transaction from the end it started at; each end heard
    // the other end's from node 1: one TRANSACTION body per node per item.
    EXPECT_DOUBLE_EQ(flood.transactionBodiesPerItemPerNode(), 1.0);
}
