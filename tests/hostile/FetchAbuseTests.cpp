// The item fetcher against a real node over real sockets (HostileNode): SCP
// envelopes that name items nobody will ever serve. The node holds such an
// envelope and asks its peers for the items (core: PendingEnvelopes,
// ItemFetcher); what one peer's envelopes hold is bounded by
// PEER_FETCH_BUDGET (one unit per item an envelope waits for, E35), the
// whole by ItemFetcher::MAX_TRACKED_ITEMS searches of each kind and
// PendingEnvelopes::MAX_FETCHING_ENVELOPES waiting envelopes, and the honest
// peers' envelopes must still get their items fetched and be relayed.

#include "hostile/HostileNode.h"

#include "crypto/SHA.h"
#include "overlay/ItemFetcher.h"
#include "overlay/PendingEnvelopes.h"
#include "util/Limits.h"
#include "xdr/Codec.h"

#include <fmt/format.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
constexpr std::size_t FETCH_ABUSE_BOUND_KIB = 64 * 1024;
}

TEST_F(HostileNode, EnvelopesNamingTxSetsNobodyServesHoldTheFetcherWithinItsBound)
{
    startNode();
    auto const passphrase = NodeProcessOptions{}.networkPassphrase;
    // A signer the node accepts (it follows no quorum set), that answers
    // DONT_HAVE for every item it names.
    CreditedAttacker attacker(clock_, passphrase);
    ASSERT_TRUE(attacker.connect(network_, "127.0.0.1", node_->peerPort()));
    auto networkID = crypto::sha256(crypto::asBytes(passphrase));

    // Twice as many distinct tx sets as the node searches for at once, in
    // slots just ahead of the honest exchange's.
    constexpr std::size_t ENVELOPES = 2 * ItemFetcher::MAX_TRACKED_ITEMS;
    for (std::size_t i = 0; i < ENVELOPES; ++i)
    {
        StellarMessage m;
        m.type(SCP_MESSAGE);
        m.envelope() = signedExternalize(attacker.key(), networkID, honest_->delivered() + 2 + i % 20, i).envelope;
        ASSERT_TRUE(attacker.send(m)) << "envelope " << i << ": no credit from the node";
        if (i == ENVELOPES / 2)
        {
            EXPECT_TRUE(honestPeersExchange()) << "in the midst of the attacker's envelopes";
        }
    }
    clock_.crankFor(2s);
    EXPECT_FALSE(attacker.closed());
    auto fetching = node_->counter("scp.pending.fetching");
    // Each waits for its tx set and the attacker's quorum set: two units.
    EXPECT_LE(fetching, static_cast<int64_t>(PEER_FETCH_BUDGET / 2 + 1));
    expectHealthy("while 2,000 envelopes wait for tx sets nobody serves", FETCH_ABUSE_BOUND_KIB);
    // The attacker's searches go on in rounds; the honest exchange with them.
    clock_.crankFor(5s);
    expectHealthy("after the unserved tx sets", FETCH_ABUSE_BOUND_KIB);
    printFigures(fmt::format("{} envelopes naming tx sets nobody serves ({} waiting at the peak sample)", ENVELOPES,
                             fetching));
}
