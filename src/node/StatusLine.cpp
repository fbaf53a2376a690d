#include "node/StatusLine.h"

#include "node/Node.h"
#include "node/RelayApp.h"
#include "overlay/OverlayManager.h"

#include <fmt/format.h>

namespace stellar
{

StatusLine::StatusLine(Node& node) : node_(node), last_(counts()), lastAt_(node.clock().now())
{
}

StatusLine::Counts
StatusLine::counts() const
{
    auto& m = node_.metrics();
    return {m.counterValue("overlay.message.read"), m.counterValue("overlay.message.write"),
            m.counterValue("overlay.byte.read"), m.counterValue("overlay.byte.write"),
            m.counterValue("overlay.inbound.drop") + m.counterValue("overlay.outbound.drop")};
}

std::string
StatusLine::next()
{
    auto now = node_.clock().now();
    auto c = counts();
    double seconds = std::max(std::chrono::duration<double>(now - lastAt_).count(), 1e-9);
    auto rate = [&](int64_t current, int64_t previous) { return double(current - previous) / seconds; };
    auto& overlay = node_.overlay();
    auto in = overlay.inboundAuthenticatedCount(), out = overlay.outboundAuthenticatedCount();
    auto line = fmt::format(
        "status: {} peers ({} in, {} out), {} pending; ledger {} {}; in {:.1f} msg/s {:.1f} KiB/s, out {:.1f} msg/s "
        "{:.1f} KiB/s; {} drops since last",
        in + out, in, out, overlay.inboundPendingCount() + overlay.outboundPendingCount(),
        node_.app().trackingLedgerSeq(), node_.app().isSynced() ? "synced" : "not synced",
        rate(c.messagesRead, last_.messagesRead), rate(c.bytesRead, last_.bytesRead) / 1024,
        rate(c.messagesWritten, last_.messagesWritten), rate(c.bytesWritten, last_.bytesWritten) / 1024,
        c.drops - last_.drops);
    last_ = c;
    lastAt_ = now;
    return line;
}

}
