#pragma once
// Every map, queue and cache that a remote peer can make this node grow, and
// what bounds it, in one place: the answer to "how much memory can a stranger
// take?". A limit that is a constant is defined here, with its default, and
// used where the structure lives; a limit an operator can set is a config key
// whose default is defined here (OverlayConfig starts from it). Protocol
// constants the XDR or the spec fixes stay where they are and are listed
// here by name. Each limit below names the test that drives it to its bound;
// bench/bench_memory prints what a peer costs.
//
// Connections: at most MAX_PENDING_CONNECTIONS in the handshake (a newcomer
// evicts the oldest silent one, overlay/Admission.h), TARGET_PEER_CONNECTIONS
// outbound and MAX_ADDITIONAL_PEER_CONNECTIONS inbound authenticated, and
// after their end MAX_LINGERING_DROPPED_PEERS peers and MAX_CLOSING_CONNECTIONS
// sockets still finishing (below): a flood of connections that come back as
// fast as they are closed holds no more than these.
//
// Bounds per connection, before it authenticates:
// - bytes of a frame being read: MAX_UNAUTH_MESSAGE_SIZE (net/RecordMark.h,
//   4 KiB), and only as they arrive; no read buffer of its own
//   (net/TcpTransport.h: one READ_BUFFER_SIZE buffer per thread);
// - its Peer: a few KiB (bench_memory prints the figure).
//
// Bounds per authenticated peer (at most TARGET_PEER_CONNECTIONS outbound and
// MAX_ADDITIONAL_PEER_CONNECTIONS inbound):
// - a frame being read: MAX_MESSAGE_SIZE (16 MiB, spec 5.4), held only as its
//   bytes arrive, FRAME_BODY_RESERVE ahead at most;
// - messages read, not processed: PEER_READING_CAPACITY (flow control, spec 8.8);
// - our flood queues to it: OUTBOUND_TX_QUEUE_BYTE_LIMIT and, in hashes or
//   transactions, the ledger's maxTxSetSizeOps (load shedding, spec 8.7);
//   SCP messages only for the slots still remembered, at most
//   PEER_SCP_QUEUE_LIMIT (below) waiting, each with an entry in the queue's
//   index (overlay/ScpQueueIndex.h);
// - frames queued to its socket: flood messages only while under
//   PEER_FLOOD_WRITE_QUEUE_BYTES (below), the others (answers to its
//   queries, within overlay/QueryLimiter.h) at once; and by time,
//   PEER_STRAGGLER_TIMEOUT (a peer whose writes stay stuck that long is
//   dropped);
// - hashes it advertised, waiting to be demanded: maxTxSetSizeOps; hashes it
//   advertised, remembered: ADVERT_CACHE_SIZE (overlay/TxAdverts.h, core's).
//   Test: HostileNode.AMillionAdvertisedTransactionHashesAreHeldWithinTheAdvertQueue;
// - hashes it demanded, remembered: DEMAND_HISTORY_SIZE (overlay/FloodBudget.h).
//   Test: HostileNode.DemandsForAMillionHashesNeverSeenGetNoAnswerAndCostLittle;
// - hashes it advertised or demanded again: PEER_UNEXPLAINED_FLOOD_BUDGET
//   per query window, then ERR_LOAD (overlay/FloodBudget.h). Test:
//   HostileNode.OneHashDemandedOverAndOverIsDroppedWithErrLoad;
// - SCP envelopes: each costs one signature check, whatever it holds (the
//   cheap checks of slot and close time first). Test:
//   HostileNode.ScpEnvelopesWithBadSignaturesAtAHighRateAreDiscardedAndHonestPeersGoOn;
// - its queries: fixed windows (overlay/QueryLimiter.h).
//
// Bounds for the whole node, whatever the peers send:
// - failure counts for automatic bans: AUTO_BAN_MAX_TRACKED_NODES
//   (overlay/BanManager.h);
// - changes the database could not take, kept in memory until it can:
//   MAX_UNWRITTEN_PEER_RECORDS and MAX_UNWRITTEN_BANS (below).
// - survey requests seen (overlay/SurveyMessageLimiter.h): per ledger of the
//   13-ledger window (SURVEY_LEDGER_WINDOW behind and ahead), at most
//   SURVEY_MAX_REQUEST_LIMIT surveyors of SURVEY_MAX_REQUEST_LIMIT surveyed
//   nodes each, 1,300 entries in all (the node's own requests aside); test:
//   SurveyLimiter.RecordsAreBoundedByTheWindowAndTheLimits;
// - SCP envelopes waiting for the items they name, and the searches for those
//   items (overlay/PendingEnvelopes.h): MAX_FETCHING_ENVELOPES envelopes,
//   MAX_FETCHING_BYTES, ItemFetcher::MAX_TRACKED_ITEMS searches of each kind,
//   and per sending peer PEER_FETCH_BUDGET (below); MAX_DISCARDED_ENVELOPES
//   discarded ones remembered, test:
//   Fetch.DiscardedEnvelopesAreRememberedUpToTheirBound;
// - survey data (overlay/SurveyDataManager.h): one survey at a time, one
//   entry per peer authenticated when it began, latency windows of
//   LatencySamples::WINDOW samples;
// - the items statements name, once fetched (node/ItemCaches.h):
//   RelayApp::TX_SET_CACHE_COUNT tx sets of at most TX_SET_CACHE_BYTES in
//   all, QSET_CACHE_SIZE quorum sets; tests: TxSetCache.*, QuorumSetCache.*;
// - SCP statements kept to answer GET_SCP_STATE (node/ScpEnvelopeStore.h):
//   the MAX_SLOTS_TO_REMEMBER newest slots, ScpEnvelopeStore::
//   MAX_NODES_PER_SLOT nodes per slot and kind; test: ScpEnvelopeStore.*;
// - transactions held (node/TxPool.h): TRANSACTION_QUEUE_SIZE_MULTIPLIER
//   times the ledger's limits, refused beyond; test:
//   TxPool.FullCountsOperationsAndRefusesWhatDoesNotFit;
// - SCP envelopes accepted, remembered until their slot is forgotten (the
//   application's processed set and their flood records,
//   overlay/ScpRelayShares.h): PEER_SCP_SLOT_BUDGET per sending peer and
//   slot, MAX_RELAYED_SCP_ENVELOPES in all (below).

#include <cstddef>

namespace stellar
{

// Dropped peers kept for DROPPED_PEER_LINGER (overlay/OverlayManager.h) after
// their drop; beyond this, the oldest go at the next accept. Test:
// HostileNode.SilentConnectionsReconnectingAsFastAsClosedLeaveRoomForHonestPeers.
inline constexpr std::size_t MAX_LINGERING_DROPPED_PEERS = 1024;

// Closed sockets still writing their last bytes and waiting for the remote's
// end of stream (CLOSE_DRAIN_TIMEOUT, net/Transport.h); beyond this, the
// oldest is closed at once. It bounds file descriptors as much as memory.
// Test: as MAX_LINGERING_DROPPED_PEERS.
inline constexpr std::size_t MAX_CLOSING_CONNECTIONS = 1024;

// A frame body grows with the bytes that actually arrived, at most this far
// ahead of them: a peer that announces a 16 MiB frame and sends one byte
// costs this much, not 16 MiB (net/FrameReader). Test:
// HostileNode.FramesDeclaredAtSixteenMiBWithOneByteSentCostOnlyWhatArrived.
inline constexpr std::size_t FRAME_BODY_RESERVE = 0x10000;

// What the SCP envelopes one peer sent may hold of the fetcher at once: one
// unit per item an envelope waits for (at least one per envelope), so it
// bounds both the peer's waiting envelopes and the searches they cause. A
// peer over it loses its own oldest waiting envelopes; when the node's own
// bounds are reached, the peer holding the most loses its oldest. core has
// no such bound (it fetches only for nodes in its transitive quorum); this
// node may follow no quorum set (E35). Tests:
// Fetch.E35_APeerOverItsFetchBudgetLosesOnlyItsOwnOldestEnvelopes,
// Fetch.E35_PeersFillingTheFetcherLoseTheirOldestAndAnHonestItemIsStillFetched,
// HostileNode.EnvelopesNamingTxSetsNobodyServesHoldTheFetcherWithinItsBound.
inline constexpr std::size_t PEER_FETCH_BUDGET = 500;

// New valid SCP envelopes of one slot that one peer may have the node accept
// (charged to the peer that sent each first): past it, that peer's further
// new envelopes for the slot are dropped unread. The node remembers every
// envelope it accepted, by hash and flood record, until the slot is
// forgotten, and keys cost nothing: one peer could sign distinct statements
// for one slot for as long as flow control lets them in. core has no such
// bound: it accepts only its transitive quorum's envelopes; this node may
// follow no quorum set (E38). Sized for mainnet relayed by one peer: about
// 100 validators, each a handful of nomination and ballot statements per
// slot and more as ballots advance, about 2,000 a slot at most; the bound is
// two and a half times that. Tests:
// ScpRelayBudget.E38_APeerAtItsSlotBudgetIsDroppedUnreadAndHonestEnvelopesStillFlood,
// HostileNode.DistinctSignedStatementsForOneSlotHoldTheRelayWithinItsBound.
inline constexpr std::size_t PEER_SCP_SLOT_BUDGET = 5'000;

// SCP envelopes accepted that the node remembers, over every peer and slot:
// past it, the peer charged the most in one slot lets go of its oldest there
// (forgotten: a later copy is judged again), so new envelopes of a peer
// within its own budget are always accepted. Twelve remembered slots at the
// honest peak (MAX_SLOTS_TO_REMEMBER x about 2,000) fit twice over; about
// 200 bytes each beside their flood records (E38). Test:
// ScpRelayBudget.E38_AtTheNodesBoundTheLargestShareForgetsItsOldestAndHonestEnvelopesStillFlood.
inline constexpr std::size_t MAX_RELAYED_SCP_ENVELOPES = 50'000;

// SCP messages waiting in one peer's outbound queue (not yet handed to its
// socket): past it, the oldest waiting one goes to make room. E38 bounds what
// the node remembers, not what it queues: an envelope it has forgotten may
// still wait to a peer, and a later copy of it is accepted and queued again,
// so a peer that grants slowly but steadily (never dropped as a straggler)
// while another floods would see its queue grow until the slot is forgotten.
// core has no such bound: only its transitive quorum's envelopes reach its
// queues (E41). As many as the node remembers: an honest queue never nears
// it. Tests: ScpQueueTrim.E41_AtTheBoundTheOldestWaitingGoesAndWhatIsBeingSentStays,
// ScpRelayBudget.FloodingTheBoundToAPeerThatGrantsSlowlyCostsLinearTrimmingWork.
inline constexpr std::size_t PEER_SCP_QUEUE_LIMIT = MAX_RELAYED_SCP_ENVELOPES;

// Flood messages are handed to a peer's socket only while fewer bytes than
// this wait there to be written; the rest stay in its flow-control queues
// (overlay/FlowControl.h), where core's load shedding applies, until writes
// make room. stellar-core hands over all the remote granted (its write queue
// is bounded by PEER_STRAGGLER_TIMEOUT alone), so a peer that grants much and
// reads nothing held everything flooded for two minutes. A stellar-core peer
// grants 300,000 bytes at a time, so this never holds back an honest one
// (E36). Tests: PeerFlow.FloodToAPeerThatDoesNotReadWaitsInTheQueuesWithinTheBound,
// HostileNode.APeerThatNeverReadsIsDroppedAsAStraggler.
inline constexpr std::size_t PEER_FLOOD_WRITE_QUEUE_BYTES = 1 << 20;

// Peer rows (ip:port) whose change the database refused, kept until it takes
// writes again; beyond this, changes to further addresses are not kept (the
// peer table is advice, as in stellar-core). Test:
// PeerManagerMemory.UnwrittenChangesAreBoundedByMaxUnwrittenPeerRecords.
inline constexpr std::size_t MAX_UNWRITTEN_PEER_RECORDS = 10'000;

// Bans and unbans the database refused, kept until it takes writes again;
// beyond this, a ban is in force only until the node restarts. Test:
// BanManagerMemory.UnwrittenBansAreBoundedByMaxUnwrittenBans.
inline constexpr std::size_t MAX_UNWRITTEN_BANS = 10'000;

}
