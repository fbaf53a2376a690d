#pragma once
// The `peers` table: every address the node has heard of, with when it may be
// dialled next, how many dials in a row have not ended in an authenticated
// outbound connection, and what kind of peer it is (core: PeerManager).
//
// Rules, all stellar-core's:
// - A type only moves along INBOUND -> OUTBOUND -> PREFERRED by
//   ENSURE_OUTBOUND / SET_PREFERRED, and back from PREFERRED to OUTBOUND by
//   ENSURE_NOT_PREFERRED; nothing turns a peer back into INBOUND.
// - numfailures counts dials, not failures (E29): the overlay
//   applies INCREASE before every dial and RESET after an outbound AUTH.
//   INCREASE and RESET set nextattempt to now + computeBackoff(numfailures);
//   HARD_RESET (config peers at startup) makes the peer dialable now.
// - Random queries take a random window of at most PEER_BATCH_SIZE matching
//   rows and shuffle it.
// - PEERS content (getPeersToSend, E09): rows with at most
//   MAX_FAILURES, OUTBOUND/PREFERRED before INBOUND, never a private address
//   nor the recipient's own ip:port.
//
// A failing database (server gone, disk full) never stops the overlay: the
// peer table is advice. A read that fails answers as if no row matched, as in
// core. A change that cannot be written is kept in memory (at most
// MAX_UNWRITTEN_PEER_RECORDS addresses, util/Limits.h), read back by load(),
// and written when the database takes writes again (store/DatabaseHealth.h
// retries; every failure is reported there). A change computed from a row
// that could not be read may only create the row, never overwrite it, so
// that an outage never replaces a committed row with a guess.

#include "overlay/PeerBareAddress.h"
#include "util/Clock.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace stellar
{

class Database;
class RandomPeerSource;

// Stored in peers.type; the numbers are stellar-core's.
enum class PeerType : int
{
    INBOUND = 0,
    OUTBOUND = 1,
    PREFERRED = 2
};

// Which rows a random query may return. ANY_OUTBOUND is OUTBOUND or PREFERRED.
// The direction filter is G13: the tick picks outbound candidates and
// promotion candidates (INBOUND_ONLY) separately.
enum class PeerTypeFilter
{
    INBOUND_ONLY,
    OUTBOUND_ONLY,
    PREFERRED_ONLY,
    ANY_OUTBOUND
};

struct PeerRecord
{
    SystemTimePoint nextAttempt; // stored with whole-second precision
    uint32_t numFailures = 0;
    PeerType type = PeerType::INBOUND;

    friend bool operator==(PeerRecord const&, PeerRecord const&) = default;
};

struct PeerQuery
{
    bool useNextAttempt = false;            // only rows with nextattempt <= now
    std::optional<uint32_t> maxNumFailures; // only rows with numfailures <= this
    PeerTypeFilter typeFilter = PeerTypeFilter::ANY_OUTBOUND;
};

// Whether the caller knows if the peer is preferred (after authentication it
// does; when storing config peers it does not, core: getTypeUpdate).
enum class PreferredTypeKnown
{
    NO,
    YES
};

// core: PeerManager.cpp
inline constexpr uint32_t MAX_FAILURES = 10;          // most failures a peer may have to be sent in PEERS
inline constexpr std::size_t PEER_BATCH_SIZE = 1000;  // core: BATCH_SIZE
inline constexpr std::chrono::seconds SECONDS_PER_BACKOFF{10};
inline constexpr uint32_t MAX_BACKOFF_EXPONENT = 10;
// core: Config::REALLY_DEAD_NUM_FAILURES_CUTOFF. Rows with this many failures
// are purged at startup and when a peer is removed (G6).
inline constexpr uint32_t REALLY_DEAD_NUM_FAILURES_CUTOFF = 120;

// Uniform in [1 s, 2^min(numFailures, MAX_BACKOFF_EXPONENT) * SECONDS_PER_BACKOFF],
// drawn from util/Random's seeded engine (core: computeBackoff).
std::chrono::seconds computeBackoff(uint32_t numFailures);

class PeerManager
{
  public:
    enum class TypeUpdate
    {
        ENSURE_OUTBOUND,      // INBOUND -> OUTBOUND; OUTBOUND and PREFERRED stay
        SET_PREFERRED,        // any -> PREFERRED
        ENSURE_NOT_PREFERRED, // PREFERRED -> OUTBOUND; INBOUND and OUTBOUND stay
    };

    enum class BackOffUpdate
    {
        HARD_RESET, // numfailures 0, nextattempt now
        RESET,      // numfailures 0, nextattempt now + computeBackoff(0)
        INCREASE    // numfailures + 1, nextattempt now + computeBackoff(numfailures + 1)
    };

    // Which TypeUpdate core applies when a peer of `observedType` is seen and
    // the row says `storedType` (core: getTypeUpdate).
    static TypeUpdate typeUpdateFor(PeerType storedType, PeerType observedType, PreferredTypeKnown known);

    // Time comes from clock.systemNow(), randomness from util/Random.h.
    PeerManager(Database& db, Clock& clock);
    ~PeerManager();
    PeerManager(PeerManager const&) = delete;
    PeerManager& operator=(PeerManager const&) = delete;

    std::optional<PeerRecord> load(PeerBareAddress const& address);
    // Inserts or replaces the row.
    void store(PeerBareAddress const& address, PeerRecord const& record);
    // Inserts {now, 0 failures, INBOUND} unless the row exists.
    void ensureExists(PeerBareAddress const& address);

    // Each update reads the row (or the ensureExists default) and writes it back.
    void update(PeerBareAddress const& address, TypeUpdate type);
    void update(PeerBareAddress const& address, BackOffUpdate backOff);
    void update(PeerBareAddress const& address, TypeUpdate type, BackOffUpdate backOff);
    // core's update(address, observedType, preferredTypeKnown[, backOff]).
    void update(PeerBareAddress const& address, PeerType observedType, PreferredTypeKnown known);
    void update(PeerBareAddress const& address, PeerType observedType, PreferredTypeKnown known,
                BackOffUpdate backOff);

    // At most `size` random rows matching the query (G13: typeFilter).
    std::vector<PeerBareAddress> loadRandomPeers(PeerQuery const& query, std::size_t size);

    // Deletes rows with numfailures >= minNumFailures; with an address, only
    // rows with that address's IP, on any port (core matches the IP alone,
    // E21). The overlay passes REALLY_DEAD_NUM_FAILURES_CUTOFF (G6).
    void removePeersWithManyFailures(uint32_t minNumFailures, PeerBareAddress const* address = nullptr);

    // The addresses to put in a PEERS message to `recipient` (the overlay asks
    // for 50). Successive calls walk through a cached random batch, so that
    // different recipients get different addresses (core: RandomPeerSource).
    std::vector<PeerBareAddress> getPeersToSend(std::size_t size, PeerBareAddress const& recipient);

    // Every row, ordered by ip and port (admin /peers, tests), with the
    // changes not written yet.
    std::vector<std::pair<PeerBareAddress, PeerRecord>> loadAll();

    // Changes kept in memory because the database refused them.
    std::size_t unwrittenCount() const { return unwritten_.size(); }
    // Writes them, oldest address first, until one is refused.
    void writeUnwritten();

  private:
    // A change the database refused: a whole row, or (ensureExists) a row
    // to insert only if there is none.
    struct Unwritten
    {
        PeerRecord record;
        bool onlyIfAbsent = false;
    };
    std::optional<PeerRecord> loadFromDatabase(PeerBareAddress const& address, bool& failed);
    // The row an update starts from (the default one when there is none);
    // when it could not be read, the update may only create the row.
    Unwritten loadForUpdate(PeerBareAddress const& address);
    // Writes the change, or keeps it in memory when the database refuses it.
    void storeChange(PeerBareAddress const& address, Unwritten const& change);
    void writeRow(PeerBareAddress const& address, Unwritten const& change);
    void keepUnwritten(PeerBareAddress const& address, Unwritten change);
    void forgetWritten(PeerBareAddress const& address);

    PeerRecord defaultRecord() const;
    PeerRecord applied(PeerRecord record, TypeUpdate type) const;
    PeerRecord applied(PeerRecord record, BackOffUpdate backOff) const;

    Database& db_;
    Clock& clock_;
    std::unique_ptr<RandomPeerSource> outboundPeersToSend_;
    std::unique_ptr<RandomPeerSource> inboundPeersToSend_;
    std::map<PeerBareAddress, Unwritten> unwritten_;
    std::shared_ptr<void> retryRegistration_;
};

}
