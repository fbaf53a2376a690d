#pragma once
// Watches flooding across a Simulation: injects transactions and SCP
// envelopes at chosen nodes and records, through each node's scripted
// application, when every node first accepted each of them. From that come
// the flooding figures: whether everything reached everyone,
// how many bodies each node received per item (duplicates), and the
// propagation latency in simulated time.

#include "crypto/DigestHasher.h"
#include "simulation/Simulation.h"

#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stellar::simulation
{

class FloodObserver
{
    // What became of the items of one kind (transactions, or envelopes).
    class ItemLog
    {
      public:
        ItemLog(Simulation const& sim, std::string_view bodyCounter) : sim_(sim), bodyCounter_(bodyCounter) {}
        void submitted(Hash const& key, std::size_t origin, ClockTime at);
        void accepted(Hash const& key, std::size_t node, ClockTime at);
        std::size_t size() const { return items_.size(); }
        std::size_t everywhere() const;
        std::size_t maxAcceptancesOfOne() const;
        double bodiesPerItemPerNode() const;
        std::vector<ClockDuration> latencies() const;

      private:
        struct Item
        {
            std::size_t origin;
            ClockTime submitted;
            std::map<std::size_t, ClockTime> accepted; // node -> first acceptance
            std::map<std::size_t, std::size_t> acceptances;
        };
        Simulation const& sim_;
        std::string_view bodyCounter_; // the counter of bodies received over the wire
        std::unordered_map<Hash, Item, crypto::DigestHasher> items_;
    };

  public:
    // Installs its hooks on every node's application.
    explicit FloodObserver(Simulation& sim);

    // The node's application accepts the transaction and its overlay
    // advertises it (as an application does with a transaction submitted to
    // it). Returns its full hash.
    Hash submitTransaction(std::size_t node, TransactionEnvelope const& tx);
    // The node emits an envelope of its own: accepted, then pushed to its peers.
    void emitEnvelope(std::size_t node, SCPEnvelope const& env);

    std::size_t transactionsSubmitted() const { return txs_.size(); }
    std::size_t envelopesEmitted() const { return envelopes_.size(); }
    // Items every node has accepted.
    std::size_t transactionsEverywhere() const { return txs_.everywhere(); }
    std::size_t envelopesEverywhere() const { return envelopes_.everywhere(); }
    bool allTransactionsEverywhere() const { return transactionsEverywhere() == txs_.size(); }
    bool allEnvelopesEverywhere() const { return envelopesEverywhere() == envelopes_.size(); }

    // How often node `i` accepted an item as new: more than once would be a
    // bug (the application saw it as new twice).
    std::size_t maxAcceptancesOfOneTransaction() const { return txs_.maxAcceptancesOfOne(); }
    std::size_t maxAcceptancesOfOneEnvelope() const { return envelopes_.maxAcceptancesOfOne(); }

    // TRANSACTION / SCP_MESSAGE bodies received over the wire, per item per
    // node (the origin excluded): 1.0 means no duplicate at all.
    double transactionBodiesPerItemPerNode() const { return txs_.bodiesPerItemPerNode(); }
    double envelopesPerItemPerNode() const { return envelopes_.bodiesPerItemPerNode(); }

    // From submission to acceptance at each other node, every pair.
    std::vector<ClockDuration> transactionLatencies() const { return txs_.latencies(); }
    std::vector<ClockDuration> envelopeLatencies() const { return envelopes_.latencies(); }

  private:
    Simulation& sim_;
    ItemLog txs_;
    ItemLog envelopes_;
};

// The p-th percentile (0..100) of `values` (nearest rank); 0 when empty.
ClockDuration percentile(std::vector<ClockDuration> values, double p);

}
