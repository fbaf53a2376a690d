#pragma once
// The SCP statements a node keeps, per slot: for each node its latest
// nomination and its latest ballot statement (core: Slot, with
// NominationProtocol::mLatestNominations and BallotProtocol::mLatestEnvelopes).
// A statement replaces the one held only when SCP's order says it is newer
// (overlay/ScpStatementOrder); an older or equal one is ignored.
//
// This is what GET_SCP_STATE is answered with (core: HerderImpl::
// sendSCPStateToPeer through SCP::processCurrentState): for each slot from the
// asked ledger, ascending, the latest nominations, then the latest ballot
// statements, each in node order, at most LEDGER_VALIDITY_BRACKET slots that
// have any. The newest checkpoint's slot may be skipped here and sent later
// (OverlayApp::delayedCheckpointSlot): the peer that answers keeps the timer.
//
// Who calls what: RelayApp adds every statement it accepts and forgets slots
// as the tracked ledger moves; the overlay's GET_SCP_STATE handler and the
// admin `scp` command read it.

#include "node/LedgerTracker.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace stellar
{

class ScpEnvelopeStore
{
  public:
    // Nodes kept per slot and kind. A node that follows a quorum set only
    // keeps its transitive quorum's statements; one that follows nothing
    // would otherwise keep a statement from every key anyone makes up.
    static constexpr std::size_t MAX_NODES_PER_SLOT = 1000;

    // Whether `env` became its node's latest statement of its kind (never
    // for a new node once the slot holds MAX_NODES_PER_SLOT).
    // `seenAt` (unix seconds) is kept for the admin `scp` command.
    bool add(SCPEnvelope const& env, uint64_t seenAt = 0);

    // Core's processCurrentState order: nominations, then ballot statements,
    // each by node. `f` returns false to stop.
    void forEachLatest(uint64_t slot, std::function<bool(SCPEnvelope const&)> const& f) const;
    void forEachLatest(uint64_t slot, std::function<bool(SCPEnvelope const&, uint64_t seenAt)> const& f) const;
    // The latest ballot statement (PREPARE, CONFIRM or EXTERNALIZE) of `node`.
    SCPEnvelope const* latestBallot(uint64_t slot, NodeID const& node) const;
    SCPEnvelope const* latestNomination(uint64_t slot, NodeID const& node) const;

    // The GET_SCP_STATE answer from `fromLedger` (see above), at most
    // `maxSlots` slots that hold statements, without slot `skip`.
    std::vector<SCPEnvelope> stateFrom(uint64_t fromLedger, uint32_t maxSlots = LEDGER_VALIDITY_BRACKET,
                                       std::optional<uint64_t> skip = std::nullopt) const;
    std::vector<SCPEnvelope> stateOf(uint64_t slot) const;

    // Slots held, newest first, at most `limit` (the admin `scp` command).
    std::vector<uint64_t> newestSlots(std::size_t limit) const;
    bool empty() const { return slots_.empty(); }

    // Forgets the slots below `slot`, except `keep` (the newest checkpoint's,
    // which core keeps for peers catching up: HerderSCPDriver::purgeSlotsOutsideRange).
    void eraseBelow(uint64_t slot, std::optional<uint64_t> keep = std::nullopt);
    void eraseAbove(uint64_t slot);

  private:
    struct Held
    {
        SCPEnvelope env;
        uint64_t seenAt = 0;
    };
    struct Slot
    {
        std::map<NodeID, Held, NodeIDOrder> nominations;
        std::map<NodeID, Held, NodeIDOrder> ballots;
    };
    std::map<uint64_t, Slot> slots_;
};

}
