#pragma once
// Each flooded message goes to each peer at most once, and never back to a
// peer it came from (spec 9.2; core: Floodgate). A record per message, keyed
// by the BLAKE2b-256 of the whole StellarMessage XDR, lists the peers that
// know it: those that sent it to us and those we told. Records carry the
// ledger being tracked when they were made; clearBelow(seq) forgets those
// older than seq, which the overlay calls with the application's
// minLedgerSeqToRemember as the ledger advances (E10: about 12 ledgers).
//
// Peers are named by their address string ("ip:port"), as in stellar-core
// v25 and v27.1.0 (E11; stellar-core after v27.1.0 names them by NodeID).
// Floodgate only decides: broadcast() says whom to tell and marks them told;
// the OverlayManager sends.

#include "crypto/DigestHasher.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <unordered_map>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

class Floodgate
{
  public:
    // The flood key of a message: BLAKE2b-256 of its XDR.
    static Hash messageKey(StellarMessage const& msg);

    // `peer` sent us the message with this key. True when we had no record
    // of it (the first time anyone sent or broadcast it).
    bool addRecord(Hash const& key, std::string const& peer, uint32_t ledgerSeq);

    // Which of `peers` to tell about the message: those not yet told and
    // not its senders. They are marked told as they are returned.
    std::vector<std::string> broadcast(Hash const& key, uint32_t ledgerSeq, std::vector<std::string> const& peers);

    // Peers known to have the message (empty when there is no record).
    std::set<std::string> peersKnowing(Hash const& key) const;

    // Drops the record: the application discarded the message, so a later
    // copy from anyone is news again (core: forgetFloodedMsg).
    void forgetRecord(Hash const& key);

    // Forgets records made while tracking a ledger below `ledgerSeq`.
    void clearBelow(uint32_t ledgerSeq);

    void shutdown();
    std::size_t size() const { return records_.size(); }

  private:
    struct FloodRecord
    {
        uint32_t ledgerSeq = 0;
        std::set<std::string> peersTold;
    };

    std::unordered_map<Hash, FloodRecord, crypto::DigestHasher> records_;
    bool shuttingDown_ = false;
};

}
