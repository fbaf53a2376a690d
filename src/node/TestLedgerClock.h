#pragma once
// A ledger clock for networks of our own nodes. It is NOT SCP: one node
// decides every ledger alone, nobody votes, nothing is validated. It exists
// so that a test network has ledgers, tx sets to fetch and transactions
// that leave the pools, the way they would on a real network.
//
// Every ledger period (core's 5 s; 1 s with
// ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING) it closes the next slot: pooled
// transactions, oldest first and within the ledger limits, go into a
// GeneralizedTransactionSet; a StellarValue names it, signed as core signs
// one (over networkID, ENVELOPE_TYPE_SCPVALUE, txSetHash, closeTime); and an
// EXTERNALIZE of that value (commit ballot counter 1, nH 1, its own quorum
// set as commitQuorumSetHash), signed over (networkID, ENVELOPE_TYPE_SCP,
// statement), goes to every peer. The others fetch the tx set and the quorum
// set it names from the network.
//
// Each tx set is built within the ledger's limits as they stand (the
// application's maxTxSetSizeOps). Asked for another maxTxSetSize, the clock's
// values carry a LEDGER_UPGRADE_MAX_TX_SET_SIZE until the ledger has it; every
// node applies it when it externalizes that value (core: Upgrades, the way
// an operator raises a test network's limit with `upgrades?maxtxsetsize=`).
//
// It never runs with the public network's or the test network's passphrase.

#include "crypto/SecretKey.h"
#include "overlay/TxSetFrame.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace stellar
{

class RelayApp;

inline constexpr std::string_view PUBLIC_NETWORK_PASSPHRASE = "Public Global Stellar Network ; September 2015";
inline constexpr std::string_view STELLAR_TEST_NETWORK_PASSPHRASE = "Test SDF Network ; September 2015";

// The sentence refusing the clock on `passphrase`'s network, or nothing.
std::optional<std::string> ledgerClockRefusal(std::string_view passphrase);

// core: HerderImpl::makeStellarValue.
StellarValue makeSignedStellarValue(crypto::SecretKey const& key, Hash const& networkID, Hash const& txSetHash,
                                    uint64_t closeTime);
// core: HerderImpl::signEnvelope.
void signEnvelope(crypto::SecretKey const& key, Hash const& networkID, SCPEnvelope& env);
SCPEnvelope makeExternalize(crypto::SecretKey const& key, Hash const& networkID, uint64_t slot,
                            StellarValue const& value, Hash const& commitQuorumSetHash);

class TestLedgerClock
{
  public:
    TestLedgerClock(crypto::SecretKey key, Hash networkID, TxSetLimits limits, std::chrono::milliseconds period,
                    Clock& clock, RelayApp& app, std::optional<uint32_t> upgradeMaxTxSetSize = std::nullopt);

    void start();
    // Closes the next ledger now (the timer calls it).
    void closeLedger();
    uint64_t ledgersClosed() const { return closed_; }

  private:
    void arm();

    crypto::SecretKey key_;
    Hash networkID_;
    TxSetLimits limits_;
    std::optional<uint32_t> upgradeMaxTxSetSize_;
    std::chrono::milliseconds period_;
    Clock& clock_;
    RelayApp& app_;
    Timer timer_;
    uint64_t closed_ = 0;
};

}
