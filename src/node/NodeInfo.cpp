#include "node/NodeInfo.h"

#include "crypto/Hex.h"
#include "crypto/SHA.h"
#include "node/HerderCommands.h"
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
// own: "Synced!" exactly while it tracks the network (a ledger externalized
// in the last 35 s), "Joining SCP" otherwise, and before any ledger.
std::string
stateHuman(Node& node)
{
    if (node.stopping())
        return "Stopping";
    return node.app().isTracking() ? "Synced!" : "Joining SCP";
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
    auto const& tracker = node.app().tracker();
    s.num = tracker.trackingLedger();
    s.closeTime = tracker.trackingCloseTime();
    s.version = node.app().ledgerProtocolVersion();
    s.maxTxSetSize = node.app().maxTxSetSizeOps();
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
    info["quorum"] = quorumInfo(node, overlay.nodeID(), /*summary=*/true, /*fullKeys=*/false, 0);
    return json{{"info", info}};
}

}
