// libFuzzer target: a whole node past the handshake. One node (the overlay
// and RelayApp, the standalone node's application, on the in-memory loopback
// and a virtual clock) keeps two authenticated remotes; each input is a list
// of StellarMessages that the remotes send with the next sequence number and
// a valid MAC, so every input reaches the handlers. After each message the
// node's invariants are checked:
// - flow-control credit stays within [0, limit] on both axes, for every peer;
// - the outbound flood queues stay within their shedding limits;
// - each peer's advertised-hash queue stays within its limit;
// - the node never sends a remote more flood messages or flood bytes than
//   that remote granted (its initial grant plus every SEND_MORE_EXTENDED);
// - the peer lists stay within their limits, the transaction pool within
//   its limits in operations and Soroban transactions;
// - the SCP envelopes remembered stay within PEER_SCP_SLOT_BUDGET per peer
//   and slot and MAX_RELAYED_SCP_ENVELOPES in all (E38).
//
// The remotes' keys are made once; a remote the node drops dials again at the
// next record (automatic bans are off: they would lock the fixed keys out).
// Connections persist across inputs, so that a CI minute goes deep; a finding
// replays from its input in most cases, and always from the run's log.
//
// Input: records of [control byte][2-byte big-endian length][message XDR].
//   control bit 0: which remote sends it;
//   control bits 1..3: virtual time that passes afterwards: 0, 1 ms, 10 ms,
//   100 ms, 1 s, 5 s, 30 s or 2 min (timers: demands, adverts, timeouts).
// A record that is not exactly one StellarMessage is skipped: bytes that do
// not decode are fuzz_handshake's.

#include "FuzzNodeHarness.h"
#include "crypto/SHA.h"
#include "crypto/SecretKey.h"
#include "net/LoopbackNetwork.h"
#include "node/RelayApp.h"
#include "overlay/FlowControlCapacity.h"
#include "overlay/OverlayManager.h"
#include "overlay/ScpRelayShares.h"
#include "store/Database.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"
#include "util/Limits.h"
#include "util/Log.h"
#include "util/Metrics.h"
#include "xdr/Codec.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>

using namespace stellar;
using namespace stellar::test;
using namespace stellar::fuzz;
using namespace std::chrono_literals;

namespace
{

constexpr ClockDuration TIME_STEPS[8] = {0ms, 1ms, 10ms, 100ms, 1s, 5s, 30s, 120s};

// One remote: a ScriptedPeer that counts what the node granted it against
// what the node sent it.
struct Remote
{
    std::unique_ptr<ScriptedPeer> peer;
    uint64_t grantedMessages = 0, grantedBytes = 0;
    uint64_t floodMessages = 0, floodBytes = 0;
    std::size_t nextIdentity = 0;
};

struct Harness
{
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork nodeNetwork{hub};
    LoopbackNetwork remoteNetwork{hub};
    std::unique_ptr<Database> db = Database::open("sqlite3://:memory:");
    MetricsRegistry metrics;
    ScriptedResolver resolver{clock, clock.now()};
    std::unique_ptr<RelayApp> app;
    std::unique_ptr<OverlayManager> overlay;
    std::vector<crypto::SecretKey> identities;
    std::array<Remote, 2> remotes;
    uint16_t port = 0;

    Harness()
    {
        quietUnlessReplaying();
        auto config = fuzzNodeConfig("fuzz_node");
        RelayAppConfig relay;
        relay.networkID = crypto::sha256(crypto::asBytes(std::string(TEST_NETWORK_PASSPHRASE)));
        app = std::make_unique<RelayApp>(relay, clock, metrics);
        overlay = std::make_unique<OverlayManager>(config, *app, clock, nodeNetwork, resolver, *db, metrics);
        // What the standalone node wires (node/Node.cpp), so that what the
        // application accepts is flooded and SCP state is asked for.
        RelayHooks hooks;
        hooks.broadcastEnvelope = [this](SCPEnvelope const& env) { overlay->broadcastSCPEnvelope(env); };
        hooks.broadcastTransaction = [this](TransactionEnvelope const& tx, Hash const& fullHash) {
            overlay->broadcastTransaction(tx, fullHash);
        };
        hooks.askForScpState = [this](uint32_t fromLedger) {
            for (auto const& p : overlay->randomAuthenticatedPeers())
                p->sendGetScpState(fromLedger);
        };
        app->setHooks(std::move(hooks));
        overlay->start();
        port = static_cast<uint16_t>(overlay->listeningPort());
        identities = remoteKeys("fuzz_node");
        remotes[1].nextIdentity = IDENTITIES / 2;
    }

    // A remote that is not connected dials and authenticates again.
    bool ensureConnected(Remote& r)
    {
        if (r.peer && !r.peer->closed())
            return true;
        ScriptedPeerOptions options;
        options.networkPassphrase = TEST_NETWORK_PASSPHRASE;
        options.key = identities[r.nextIdentity++ % IDENTITIES];
        // Flood records name peers by ip:port: each remote its own port.
        options.listeningPort = static_cast<int32_t>(20000 + (&r - remotes.data()));
        r.peer.reset(); // its connection goes first, or the node sees a duplicate
        clock.crankFor(10ms);
        r.peer = std::make_unique<ScriptedPeer>(clock, options);
        r.grantedMessages = options.initialGrant->numMessages;
        r.grantedBytes = options.initialGrant->numBytes;
        r.floodMessages = r.floodBytes = 0;
        r.peer->onMessage = [&r](StellarMessage const& msg) {
            if (!isFloodMessage(msg.type()))
                return;
            ++r.floodMessages;
            r.floodBytes += xdr::encodedSize(msg);
        };
        r.peer->connect(remoteNetwork, nodeNetwork.localIp(), port);
        return r.peer->handshake(5s);
    }

    void checkInvariants()
    {
        for (auto const& r : remotes)
        {
            check(r.floodMessages <= r.grantedMessages);
            check(r.floodBytes <= r.grantedBytes);
        }
        auto const& cfg = overlay->config();
        check(overlay->inboundAuthenticatedCount() <= cfg.maxAdditionalPeerConnections());
        check(overlay->inboundPendingCount() <= cfg.maxInboundPendingConnections() + POSSIBLY_PREFERRED_EXTRA);
        auto const& pool = app->pool();
        check(pool.classicOps() <= pool.limits().maxClassicOps);
        check(pool.sorobanTxs() <= pool.limits().maxSorobanTxs);
        auto const& shares = overlay->scpRelayShares();
        check(shares.size() <= MAX_RELAYED_SCP_ENVELOPES);
        check(shares.largestShare() <= PEER_SCP_SLOT_BUDGET);
        for (auto const& p : overlay->authenticatedPeers())
        {
            auto const& fc = p->flowControl();
            for (auto const* axis : {&fc.messageCapacity(), &fc.byteCapacity()})
            {
                auto local = axis->local(), limits = axis->limits();
                check(local.flood <= limits.flood);
                check(local.total.has_value() == limits.total.has_value());
                check(!local.total || *local.total <= *limits.total);
            }
            auto maxOps = app->maxTxSetSizeOps();
            auto const& queues = fc.outboundQueues();
            check(queues[FlowControl::getMessagePriority(TRANSACTION)].size() <= maxOps);
            check(fc.txQueueByteCount() <= fc.settings().outboundTxQueueByteLimit);
            check(fc.advertQueueTxHashCount() <= maxOps);
            check(fc.demandQueueTxHashCount() <= maxOps);
            check(fc.scpWaiting() <= fc.settings().scpQueueLimit);
            check(p->txAdverts().size() <= maxOps);
        }
    }
};

Harness&
harness()
{
    // Built once and never destroyed: every input reuses the node.
    static Harness* h = new Harness();
    return *h;
}

// The grant a SEND_MORE_EXTENDED adds, for the remote's own accounting.
void
countGrant(Remote& r, StellarMessage const& msg)
{
    if (msg.type() != SEND_MORE_EXTENDED)
        return;
    r.grantedMessages += msg.sendMoreExtendedMessage().numMessages;
    r.grantedBytes += msg.sendMoreExtendedMessage().numBytes;
}

}

extern "C" int
LLVMFuzzerTestOneInput(uint8_t const* data, std::size_t size)
{
    auto& h = harness();
    std::size_t offset = 0;
    while (offset + 3 <= size)
    {
        uint8_t control = data[offset];
        std::size_t length = std::size_t{data[offset + 1]} << 8 | data[offset + 2];
        offset += 3;
        length = std::min(length, size - offset);
        std::span<uint8_t const> bytes(data + offset, length);
        offset += length;

        StellarMessage msg;
        try
        {
            xdr::fromBytes(bytes, msg);
        }
        catch (xdr::XdrError const&)
        {
            continue;
        }
        auto& remote = h.remotes[control & 1];
        if (!h.ensureConnected(remote))
            continue;
        countGrant(remote, msg);
        remote.peer->sendMessageBytes(bytes);
        h.clock.crankFor(std::max<ClockDuration>(TIME_STEPS[(control >> 1) & 7], 1ms));
        h.checkInvariants();
    }
    return 0;
}
