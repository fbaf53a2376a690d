#include "node/NodeInfo.h"

#include "crypto/Hex.h"
#include "crypto/SHA.h"
#include "node/Node.h"
#include "node/RelayApp.h"
#include "overlay/OverlayManager.h"
#include "xdr/Codec.h"

#include <fmt/chrono.h>

namespace stellar
{

namespace
{
using json = nlohmann::json;

// core: ApplicationImpl::getStateHuman, for a node without a ledger of its
// own: it tracks the network ("Synced!") or waits for its quorum ("Joining SCP").
std::string
stateHuman(Node& node)
{
    if (node.stopping())
        return "Stopping";
    return node.app().isSynced() ? "Synced!" : "Joining SCP";
}

// core: HerderImpl::getJsonQuorumInfo(self, summary) as far as this node
// knows it: our own quorum set's hash (core: hexAbbrev), and our own phase,
// which is "unknown" for a node that never votes.
json
quorumJson(Node& node)
{
    json quorum;
    quorum["node"] = node.config().NODE_NAMES.shortName(node.overlay().nodeID());
    json qset = json::object();
    qset["phase"] = "unknown";
    if (node.config().hasQuorumSet())
    {
        auto hash = crypto::sha256(xdr::toBytes(node.config().QUORUM_SET));
        qset["hash"] = crypto::toHex(std::span<uint8_t const>(hash.data(), 3));
        qset["ledger"] = node.app().trackingLedgerSeq();
    }
    quorum["qset"] = qset;
    return quorum;
}
}

std::string
isoTime(std::chrono::system_clock::time_point t)
{
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(t)));
}

LedgerSummary
ledgerSummary(Node& node)
{
    LedgerSummary s;
    s.num = std::max<uint32_t>(1, node.app().trackingLedgerSeq());
    s.version = node.app().ledgerProtocolVersion();
    return s;
}

json
infoJson(Node& node)
{
    auto const& cfg = node.config();
    auto& overlay = node.overlay();
    auto ledger = ledgerSummary(node);
    json info;
    info["build"] = cfg.overlay.VERSION_STR;
    info["protocol_version"] = cfg.overlay.LEDGER_PROTOCOL_VERSION;
    info["state"] = stateHuman(node);
    info["startedOn"] = isoTime(node.startedOn());
    info["ledger"]["num"] = ledger.num;
    info["ledger"]["hash"] = crypto::toHex(ledger.hash);
    info["ledger"]["closeTime"] = ledger.closeTime;
    info["ledger"]["version"] = ledger.version;
    info["ledger"]["baseFee"] = ledger.baseFee;
    info["ledger"]["baseReserve"] = ledger.baseReserve;
    info["ledger"]["maxTxSetSize"] = ledger.maxTxSetSize;
    // core: LedgerManager::secondsSinceLastLedgerClose (0 while closeTime is 0).
    auto now = static_cast<uint64_t>(std::chrono::system_clock::to_time_t(node.clock().systemNow()));
    info["ledger"]["age"] = ledger.closeTime == 0 || now <= ledger.closeTime ? 0 : now - ledger.closeTime;
    info["peers"]["pending_count"] = overlay.inboundPendingCount() + overlay.outboundPendingCount();
    info["peers"]["authenticated_count"] =
        overlay.inboundAuthenticatedCount() + overlay.outboundAuthenticatedCount();
    info["network"] = cfg.overlay.NETWORK_PASSPHRASE;
    info["quorum"] = quorumJson(node);
    return json{{"info", info}};
}

}
