// Ledger protocol 27 on the wire: Soroban transactions whose authorization
// entries use the credentials protocol 27 adds (SOROBAN_CREDENTIALS_ADDRESS_V2,
// SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES with delegates that have
// delegates of their own) flood through three nodes in pull mode. The bytes
// are @stellar/stellar-xdr-json's (protocol27.js encodes them), not ours:
// with the protocol 26 XDR a node failed to decode such a TRANSACTION and
// dropped the peer that sent it; here every node accepts every transaction,
// each one arrives byte for byte as the package encoded it, and no
// connection is dropped.

#include "WorkFile.h"
#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "xdr/Base64.h"
#include "xdr/LedgerProtocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;
using stellar::test::workFile;

namespace
{

struct PackageTransaction
{
    std::string label;
    std::vector<uint8_t> bytes;
};

// Runs protocol27.js; fails the test if node or the package refuses.
std::vector<PackageTransaction>
packageTransactions()
{
    auto out = workFile("transactions.json");
    auto log = workFile("node.log");
    std::string cmd = std::string("'") + XDR_INTEROP_NODE + "' '" + XDR_PROTOCOL27_SCRIPT + "' '" + XDR_JSON_DIR +
                      "' '" + out.string() + "' > '" + log.string() + "' 2>&1";
    std::vector<PackageTransaction> txs;
    if (std::system(cmd.c_str()) != 0)
    {
        std::ifstream in(log);
        ADD_FAILURE() << "protocol27.js failed: " << std::string(std::istreambuf_iterator<char>(in), {});
    }
    else
    {
        std::ifstream in(out);
        auto const doc = nlohmann::json::parse(in);
        for (auto const& item : doc.at("items"))
        {
            auto decoded = xdr::fromBase64(item.at("base64").get<std::string>());
            EXPECT_FALSE(decoded.error);
            txs.push_back({item.at("label").get<std::string>(), decoded.bytes});
        }
    }
    return txs;
}

// How many authorization entries use each credentials arm, and how deep the
// delegates nest.
struct CredentialsSeen
{
    std::map<SorobanCredentialsType, int> arms;
    int deepestDelegate = 0;

    void delegate(SorobanDelegateSignature const& d, int depth)
    {
        deepestDelegate = std::max(deepestDelegate, depth);
        for (auto const& nested : d.nestedDelegates)
            delegate(nested, depth + 1);
    }

    void transaction(TransactionEnvelope const& env)
    {
        for (auto const& op : env.v1().tx.operations)
            for (auto const& entry : op.body.invokeHostFunctionOp().auth)
            {
                ++arms[entry.credentials.type()];
                if (entry.credentials.type() == SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES)
                    for (auto const& d : entry.credentials.addressWithDelegates().delegates)
                        delegate(d, 1);
            }
    }
};

}

TEST(SimulationProtocol27, HelloAnnouncesTheNewestProtocolTheXdrDecodes)
{
    EXPECT_EQ(xdr::LEDGER_PROTOCOL_VERSION, 27u);
    EXPECT_EQ(OverlayConfig{}.LEDGER_PROTOCOL_VERSION, xdr::LEDGER_PROTOCOL_VERSION);
}

// The package's bytes decode here to transactions that use every new arm,
// with delegates nested four deep, and encode back to the same bytes.
TEST(SimulationProtocol27, PackageTransactionsWithTheNewCredentialArmsDecodeHere)
{
    auto txs = packageTransactions();
    ASSERT_EQ(txs.size(), 8u);
    CredentialsSeen seen;
    for (auto const& tx : txs)
    {
        TransactionEnvelope env;
        ASSERT_NO_THROW(env = xdr::fromBytes<TransactionEnvelope>(tx.bytes)) << tx.label;
        EXPECT_EQ(xdr::toBytes(env), tx.bytes) << tx.label;
        seen.transaction(env);
    }
    EXPECT_EQ(seen.arms[SOROBAN_CREDENTIALS_ADDRESS_V2], 8);
    EXPECT_EQ(seen.arms[SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES], 4);
    EXPECT_EQ(seen.arms[SOROBAN_CREDENTIALS_SOURCE_ACCOUNT], 4);
    EXPECT_EQ(seen.deepestDelegate, 4);
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

    auto txs = packageTransactions();
    ASSERT_EQ(txs.size(), 8u);
    std::vector<Hash> hashes;
    for (std::size_t i = 0; i < txs.size(); ++i) // from both ends of the line
        hashes.push_back(flood.submitTransaction(i % 2 == 0 ? 0 : 2, xdr::fromBytes<TransactionEnvelope>(txs[i].bytes)));
    ASSERT_TRUE(sim.crankUntil([&] { return flood.allTransactionsEverywhere(); }, 30s))
        << flood.transactionsEverywhere() << " of " << txs.size() << " transactions reached every node";

    for (std::size_t n = 0; n < sim.size(); ++n)
    {
        auto& node = sim.node(n);
        EXPECT_TRUE(node.drops().empty()) << "node " << n << " dropped a peer";
        EXPECT_EQ(node.overlay().authenticatedPeers().size(), n == 1 ? 2u : 1u) << "node " << n;
        for (std::size_t i = 0; i < txs.size(); ++i)
        {
            auto held = node.app().getTransaction(hashes[i]);
            ASSERT_TRUE(held) << "node " << n << ", " << txs[i].label;
            EXPECT_EQ(xdr::toBytes(*held), txs[i].bytes) << "node " << n << ", " << txs[i].label;
        }
    }
    EXPECT_EQ(flood.maxAcceptancesOfOneTransaction(), 1u);
    // Node 1 heard each transaction from the end it started at; each end heard
    // the other end's from node 1: one TRANSACTION body per node per item.
    EXPECT_DOUBLE_EQ(flood.transactionBodiesPerItemPerNode(), 1.0);
}
