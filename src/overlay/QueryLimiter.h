#pragma once
// How many GET_TX_SET, GET_SCP_QUORUMSET and GET_SCP_STATE requests one peer
// gets answered (spec 10.5; core: Peer::process). Each type has its own fixed
// window, not a sliding one (E06): the window restarts at the first request
// that arrives a full window after the current one began. The window is
// expectedLedgerCloseTime * MAX_SLOTS_TO_REMEMBER (60 s with 5 s ledgers); in
// it a peer gets window-seconds * QUERY_RESPONSE_MULTIPLIER (300) answers for
// tx sets and quorum sets and GET_SCP_STATE_MAX_RATE (10) for SCP state.
// Requests beyond that are ignored without a word (no DONT_HAVE, no drop).
//
// The same window counts G16's unexplained flood traffic (FloodBudget.h).

#include "util/Clock.h"

#include <chrono>
#include <cstdint>

namespace stellar
{

inline constexpr uint32_t QUERY_RESPONSE_MULTIPLIER = 5; // core: Peer.cpp
inline constexpr uint32_t GET_SCP_STATE_MAX_RATE = 10;   // core: Peer.cpp
inline constexpr uint32_t MAX_SLOTS_TO_REMEMBER = 12;    // core: Config::MAX_SLOTS_TO_REMEMBER (default)

// One fixed window: when it began and what was counted in it.
struct QueryWindow
{
    ClockTime start{};
    uint64_t count = 0;
};

// Restarts `w` when `now` is a full `window` past its start, then says
// whether another query fits under `limit` (core: Peer::process). Counting
// the query is the caller's: core counts a request once it has answered it.
bool withinQueryBudget(QueryWindow& w, ClockTime now, ClockDuration window, uint64_t limit);

// core: QUERY_WINDOW = expected ledger close time * MAX_SLOTS_TO_REMEMBER, in whole seconds.
std::chrono::seconds queryWindow(std::chrono::milliseconds expectedLedgerCloseTime);

enum class QueryKind
{
    TxSet,     // GET_TX_SET
    QuorumSet, // GET_SCP_QUORUMSET (our pings count against the remote's budget, E06)
    ScpState   // GET_SCP_STATE
};

class QueryLimiter
{
  public:
    // Whether a request of this kind is answered now.
    bool allow(QueryKind kind, ClockTime now, std::chrono::milliseconds expectedLedgerCloseTime);
    // The request was answered: it counts.
    void answered(QueryKind kind);

  private:
    QueryWindow& windowOf(QueryKind kind);

    QueryWindow txSet_, qSet_, scpState_;
};

}
