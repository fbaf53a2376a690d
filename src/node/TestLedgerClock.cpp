#include "node/TestLedgerClock.h"

#include "node/RelayApp.h"
#include "util/Log.h"
#include "xdr/Codec.h"

#include <fmt/format.h>

#include <algorithm>

namespace stellar
{

std::optional<std::string>
ledgerClockRefusal(std::string_view passphrase)
{
    if (passphrase != PUBLIC_NETWORK_PASSPHRASE && passphrase != STELLAR_TEST_NETWORK_PASSPHRASE)
        return std::nullopt;
    return fmt::format("NODE_IS_VALIDATOR: this node would run the test ledger clock, which is not SCP and never runs "
                       "on the {} network (NETWORK_PASSPHRASE \"{}\"); give the network of your own nodes its own "
                       "passphrase, or follow this network as a watcher without NODE_IS_VALIDATOR",
                       passphrase == PUBLIC_NETWORK_PASSPHRASE ? "public" : "test", passphrase);
}

StellarValue
makeSignedStellarValue(crypto::SecretKey const& key, Hash const& networkID, Hash const& txSetHash, uint64_t closeTime)
{
    StellarValue sv;
    sv.txSetHash = txSetHash;
    sv.closeTime = closeTime;
    sv.ext.v(STELLAR_VALUE_SIGNED);
    auto& sig = sv.ext.lcValueSignature();
    sig.nodeID.type(PUBLIC_KEY_TYPE_ED25519);
    sig.nodeID.ed25519() = key.publicKey();
    xdr::XdrWriter w;
    xdr::encode(w, networkID);
    xdr::encode(w, static_cast<int32_t>(ENVELOPE_TYPE_SCPVALUE));
    xdr::encode(w, sv.txSetHash);
    xdr::encode(w, sv.closeTime);
    auto signature = key.sign(w.take());
    sig.signature.assign(signature.begin(), signature.end());
    return sv;
}

void
signEnvelope(crypto::SecretKey const& key, Hash const& networkID, SCPEnvelope& env)
{
    xdr::XdrWriter w;
    xdr::encode(w, networkID);
    xdr::encode(w, static_cast<int32_t>(ENVELOPE_TYPE_SCP));
    xdr::encode(w, env.statement);
    auto signature = key.sign(w.take());
    env.signature.assign(signature.begin(), signature.end());
}

SCPEnvelope
makeExternalize(crypto::SecretKey const& key, Hash const& networkID, uint64_t slot, StellarValue const& value,
                Hash const& commitQuorumSetHash)
{
    SCPEnvelope env;
    env.statement.nodeID.type(PUBLIC_KEY_TYPE_ED25519);
    env.statement.nodeID.ed25519() = key.publicKey();
    env.statement.slotIndex = slot;
    env.statement.pledges.type(SCP_ST_EXTERNALIZE);
    auto& ext = env.statement.pledges.externalize();
    ext.commit.counter = 1;
    ext.commit.value = xdr::toBytes(value);
    ext.nH = 1;
    ext.commitQuorumSetHash = commitQuorumSetHash;
    signEnvelope(key, networkID, env);
    return env;
}

TestLedgerClock::TestLedgerClock(crypto::SecretKey key, Hash networkID, TxSetLimits limits,
                                 std::chrono::milliseconds period, Clock& clock, RelayApp& app,
                                 std::optional<uint32_t> upgradeMaxTxSetSize)
    : key_(std::move(key)), networkID_(networkID), limits_(limits), upgradeMaxTxSetSize_(upgradeMaxTxSetSize),
      period_(period), clock_(clock), app_(app), timer_(clock)
{
}

void
TestLedgerClock::start()
{
    logger("Herder").warn("this node is the network's test ledger clock: one ledger every {} ms, decided alone "
                          "(not SCP)",
                          period_.count());
    arm();
}

void
TestLedgerClock::arm()
{
    timer_.expiresAfter(period_, [this] {
        closeLedger();
        arm();
    });
}

void
TestLedgerClock::closeLedger()
{
    auto slot = static_cast<uint64_t>(app_.trackingLedgerSeq()) + 1;
    std::vector<TransactionEnvelope const*> txs;
    std::vector<Hash> hashes;
    for (auto const& [tx, hash] : app_.pool().candidates())
    {
        txs.push_back(tx);
        hashes.push_back(hash);
    }
    limits_.maxClassicOps = app_.maxTxSetSizeOps(); // the ledger's, upgrades included
    auto built = makeGeneralizedTxSet(app_.lastValueHash(), txs, hashes, limits_);
    // Close times only move forward, even when the wall clock does not.
    auto now = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.systemNow().time_since_epoch()).count());
    auto closeTime = std::max(now, app_.tracker().trackingCloseTime() + 1);
    auto value = makeSignedStellarValue(key_, networkID_, built.hash, closeTime);
    if (upgradeMaxTxSetSize_ && *upgradeMaxTxSetSize_ != app_.maxTxSetSizeOps())
    {
        // Not part of what the value's signature covers (core: makeStellarValue).
        LedgerUpgrade upgrade;
        upgrade.type(LEDGER_UPGRADE_MAX_TX_SET_SIZE);
        upgrade.newMaxTxSetSize() = *upgradeMaxTxSetSize_;
        value.upgrades.push_back(xdr::toBytes(upgrade));
    }
    auto env = makeExternalize(key_, networkID_, slot, value, app_.quorumSetHash());
    StellarMessage txSet;
    txSet.type(GENERALIZED_TX_SET);
    txSet.generalizedTxSet() = std::move(built.txSet);
    ++closed_;
    logger("Herder").debug("ledger clock: slot {} with {} transactions", slot, built.included.size());
    app_.externalizeOwn(env, built.hash, std::move(txSet));
}

}
