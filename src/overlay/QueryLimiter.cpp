#include "overlay/QueryLimiter.h"

namespace stellar
{

bool
withinQueryBudget(QueryWindow& w, ClockTime now, ClockDuration window, uint64_t limit)
{
    if (now - w.start >= window)
    {
        w.start = now;
        w.count = 0;
    }
    return w.count < limit;
}

std::chrono::seconds
queryWindow(std::chrono::milliseconds expectedLedgerCloseTime)
{
    return std::chrono::duration_cast<std::chrono::seconds>(expectedLedgerCloseTime * MAX_SLOTS_TO_REMEMBER);
}

QueryWindow&
QueryLimiter::windowOf(QueryKind kind)
{
    switch (kind)
    {
    case QueryKind::TxSet: return txSet_;
    case QueryKind::QuorumSet: return qSet_;
    case QueryKind::ScpState: return scpState_;
    }
    return scpState_;
}

bool
QueryLimiter::allow(QueryKind kind, ClockTime now, std::chrono::milliseconds expectedLedgerCloseTime)
{
    auto window = queryWindow(expectedLedgerCloseTime);
    uint64_t limit = kind == QueryKind::ScpState ? GET_SCP_STATE_MAX_RATE
                                                 : static_cast<uint64_t>(window.count()) * QUERY_RESPONSE_MULTIPLIER;
    return withinQueryBudget(windowOf(kind), now, window, limit);
}

void
QueryLimiter::answered(QueryKind kind)
{
    ++windowOf(kind).count;
}

}
