#pragma once
// Which ledger the network has closed, as a node without SCP of its own can
// tell it (the part of core's HerderImpl / HerderSCPDriver that sets
// trackingConsensusLedgerIndex, and the tracking heartbeat):
//  - a slot counts as externalized when the validators that sent EXTERNALIZE
//    for the same value form a slice of the configured quorum set (its
//    threshold met at every level, nested sets included: isQuorumSlice in
//    QuorumSetUtils), and the tx set that value names is here;
//  - the newest such slot is the tracked ledger, with its close time;
//  - the node tracks the network while a new slot was externalized in the
//    last CONSENSUS_STUCK_TIMEOUT_SECONDS (35 s); after that it is out of
//    sync until the next one (core: trackingHeartBeat, herderOutOfSync).
// Before any slot is externalized the tracked ledger is the genesis ledger,
// 1, with close time 0, and the node is not tracking.
// It also holds core's close-time filter for incoming statements
// (HerderImpl::checkCloseTime), which needs the tracked ledger.

#include "node/QuorumSetUtils.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace stellar
{

inline constexpr uint32_t GENESIS_LEDGER_SEQ = 1;                                // core: LedgerManager
inline constexpr std::chrono::seconds CONSENSUS_STUCK_TIMEOUT_SECONDS{35};       // core: Herder.cpp
inline constexpr std::chrono::seconds OUT_OF_SYNC_RECOVERY_TIMER{10};            // core: Herder.cpp
inline constexpr uint32_t LEDGER_VALIDITY_BRACKET = 100;                         // core: Herder.cpp
inline constexpr std::chrono::seconds MAX_TIME_SLIP_SECONDS{60};                 // core: Herder.h
// core: Config, (MAX_SLOTS_TO_REMEMBER + 2) x 5 s, at most 90 s.
inline constexpr std::chrono::seconds MAXIMUM_LEDGER_CLOSETIME_DRIFT{70};

class LedgerTracker
{
  public:
    explicit LedgerTracker(SCPQuorumSet quorumSet);

    SCPQuorumSet const& quorumSet() const { return quorumSet_; }

    // `node` sent a valid EXTERNALIZE of `value` for `slot`. Only validators
    // of the quorum set count. Returns the value a slice of the quorum set
    // now agrees on for that slot, if any.
    std::optional<Value> recvExternalize(NodeID const& node, uint64_t slot, Value const& value);
    std::optional<Value> agreedValue(uint64_t slot) const;
    // Which validators externalized what for `slot` (for the quorum command).
    std::map<NodeID, Value, NodeIDOrder> const* externalizedBy(uint64_t slot) const;

    // The slot's tx set is here too: `slot` is externalized with `value`.
    // Returns whether it is newer than the tracked ledger (which then moves).
    bool externalize(uint64_t slot, StellarValue const& value, ClockTime now);

    uint32_t trackingLedger() const { return trackingLedger_; }
    uint64_t trackingCloseTime() const { return trackingCloseTime_; }
    std::optional<ClockTime> lastExternalizeAt() const { return lastExternalize_; }
    // Tracking the network: a slot externalized in the last 35 s.
    bool isTracking(ClockTime now) const;

    // core: HerderImpl::checkCloseTime: one of the statement's values has a
    // close time that fits the tracked ledger (the same as its close time
    // for the tracked slot, earlier for older slots, later but at most
    // MAX_TIME_SLIP_SECONDS ahead of `nowUnix` for newer ones), and when
    // `enforceRecent`, no more than MAXIMUM_LEDGER_CLOSETIME_DRIFT old.
    bool checkCloseTime(SCPStatement const& st, uint64_t nowUnix, bool enforceRecent) const;

    // Forget what validators said about slots below `slot`.
    void eraseBelow(uint64_t slot);

  private:
    using VotesByNode = std::map<NodeID, Value, NodeIDOrder>;

    SCPQuorumSet quorumSet_;
    NodeIDSet validators_; // every validator of the quorum set, any depth
    std::map<uint64_t, VotesByNode> externalizes_;
    uint32_t trackingLedger_ = GENESIS_LEDGER_SEQ;
    uint64_t trackingCloseTime_ = 0;
    std::optional<ClockTime> lastExternalize_;
};

}
