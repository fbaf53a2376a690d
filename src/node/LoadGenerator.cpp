#include "node/LoadGenerator.h"

#include "crypto/DigestHasher.h"
#include "crypto/SHA.h"
#include "crypto/SecretKey.h"
#include "net/TcpNetwork.h"
#include "node/TxGenerator.h"
#include "overlay/OverlayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerBareAddress.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <ostream>
#include <thread>
#include <unordered_map>

namespace stellar
{

namespace
{
constexpr std::chrono::seconds OFFER_TTL{10};
constexpr std::chrono::milliseconds PACE_PERIOD{5};
constexpr std::chrono::seconds CONNECT_TIMEOUT{10};
constexpr std::size_t CHUNK = 256;

std::atomic<bool> gStop{false};

extern "C" void
onLoadgenStopSignal(int)
{
    gStop = true;
}

// Builds and signs transactions on a worker thread, a few seconds ahead of
// the pace, and hands them over a chunk at a time.
class PreparedTransactions
{
  public:
    PreparedTransactions(Hash networkID, uint32_t accounts, uint64_t seed, std::size_t ahead)
        : generator_(networkID, accounts, seed), maxChunks_(std::max<std::size_t>(2, ahead / CHUNK))
    {
        worker_ = std::thread([this] { run(); });
    }
    ~PreparedTransactions()
    {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }

    // A chunk if one is ready; never waits.
    std::optional<std::vector<SignedTransaction>>
    take()
    {
        std::optional<std::vector<SignedTransaction>> chunk;
        {
            std::lock_guard lock(mutex_);
            if (ready_.empty())
                return std::nullopt;
            chunk = std::move(ready_.front());
            ready_.pop_front();
        }
        changed_.notify_one();
        return chunk;
    }

  private:
    void
    run()
    {
        for (;;)
        {
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return stopping_ || ready_.size() < maxChunks_; });
                if (stopping_)
                    return;
            }
            std::vector<SignedTransaction> chunk;
            chunk.reserve(CHUNK);
            for (std::size_t i = 0; i < CHUNK; ++i)
                chunk.push_back(generator_.payment());
            std::lock_guard lock(mutex_);
            ready_.push_back(std::move(chunk));
        }
    }

    TxGenerator generator_;
    std::size_t maxChunks_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<SignedTransaction>> ready_;
    bool stopping_ = false;
    std::thread worker_;
};

// The application behind the load generator's peers: it holds what was
// offered until the node demands it, and wants nothing from the node.
class LoadGenApp : public OverlayApp
{
  public:
    explicit LoadGenApp(Clock& clock) : clock_(clock) {}

    void
    offer(SignedTransaction&& tx)
    {
        order_.emplace_back(clock_.now(), tx.fullHash);
        offered_.emplace(tx.fullHash, std::move(tx.envelope));
    }
    void
    forgetExpired()
    {
        auto cutoff = clock_.now() - OFFER_TTL;
        while (!order_.empty() && order_.front().first < cutoff)
        {
            offered_.erase(order_.front().second);
            order_.pop_front();
        }
    }
    uint64_t demanded() const { return demanded_; }
    uint64_t sent() const { return sent_; }

    uint32_t trackingLedgerSeq() const override { return GENESIS; }
    bool isSynced() const override { return true; }
    uint32_t minLedgerSeqToAskPeers() const override { return GENESIS; }
    uint32_t minLedgerSeqToRemember() const override { return GENESIS; }
    std::chrono::milliseconds expectedLedgerCloseTime() const override { return std::chrono::milliseconds(5000); }
    uint32_t ledgerProtocolVersion() const override { return 26; }
    uint32_t maxTxSize() const override { return 102400 + 32768 + 2000; }
    // Large enough that adverts go out full (TX_ADVERT_VECTOR_MAX_SIZE).
    uint32_t maxTxSetSizeOps() const override { return 1000000; }
    uint32_t sorobanLedgerMaxTxCount() const override { return 100; }
    std::size_t maxQueueSizeOps() const override { return 2000000; }
    std::size_t maxQueueSizeSorobanOps() const override { return 200; }

    TxStatus recvTransaction(TransactionEnvelope, Hash const&) override { return TxStatus::Duplicate; }
    std::optional<TransactionEnvelope>
    getTransaction(Hash const& fullHash) const override
    {
        ++demanded_;
        auto it = offered_.find(fullHash);
        if (it == offered_.end())
            return std::nullopt;
        ++sent_;
        // Demanded once is enough: the body goes out now. (The entry in
        // order_ goes when it expires.)
        auto tx = std::move(it->second);
        offered_.erase(it);
        return tx;
    }
    bool isTransactionKnownOrBanned(Hash const&) const override { return true; }
    EnvelopeStatus recvSCPEnvelope(SCPEnvelope const&) override { return EnvelopeStatus::Processed; }
    std::vector<SCPEnvelope> scpStateFrom(uint32_t) const override { return {}; }
    bool hasQSet(Hash const&) const override { return false; }
    std::optional<SCPQuorumSet> getQSet(Hash const&) const override { return std::nullopt; }
    bool recvSCPQuorumSet(Hash const&, SCPQuorumSet const&) override { return false; }
    bool hasTxSet(Hash const&) const override { return false; }
    std::optional<StellarMessage> getTxSetMessage(Hash const&) const override { return std::nullopt; }
    bool recvTxSet(Hash const&, StellarMessage const&) override { return false; }
    bool isInTransitiveQuorum(NodeID const&) const override { return false; }

  private:
    static constexpr uint32_t GENESIS = 1;
    Clock& clock_;
    // getTransaction is const in the interface; handing a body out is the
    // one thing that changes what we hold.
    mutable std::unordered_map<Hash, TransactionEnvelope, crypto::DigestHasher> offered_;
    std::deque<std::pair<ClockTime, Hash>> order_;
    mutable uint64_t demanded_ = 0;
    mutable uint64_t sent_ = 0;
};

class LoadGenerator
{
  public:
    LoadGenerator(LoadGenOptions const& o, PeerBareAddress target, std::ostream& out)
        : options_(o), target_(std::move(target)), out_(out), clock_(Clock::Mode::Real), app_(clock_),
          network_(clock_, "127.0.0.1"), resolver_(makeSystemPeerResolver(clock_)),
          db_(Database::open("sqlite3://:memory:")), pace_(clock_), progress_(clock_)
    {
        auto networkID = crypto::sha256(std::span(reinterpret_cast<uint8_t const*>(o.networkPassphrase.data()),
                                                  o.networkPassphrase.size()));
        auto ahead = static_cast<std::size_t>(std::max(1.0, o.tps * 3));
        prepared_ = std::make_unique<PreparedTransactions>(networkID, o.accounts, o.seed, ahead);
        for (uint32_t i = 0; i < o.connections; ++i)
        {
            OverlayConfig c;
            c.NETWORK_PASSPHRASE = o.networkPassphrase;
            c.NODE_SEED = crypto::SecretKey::random().strKeySeed();
            c.PEER_PORT = 0;
            c.PEER_LISTEN_ADDRESS = "127.0.0.1";
            c.PREFERRED_PEERS = {target_.toString()};
            c.PREFERRED_PEERS_ONLY = true;
            c.TARGET_PEER_CONNECTIONS = 1;
            c.VERSION_STR = "stellar-overlay loadgen";
            overlays_.push_back(std::make_unique<OverlayManager>(c, app_, clock_, network_, *resolver_, *db_, metrics_));
        }
    }

    int run(std::ostream& err);

  private:
    std::vector<Peer::pointer>
    peers() const
    {
        std::vector<Peer::pointer> all;
        for (auto const& o : overlays_)
            for (auto const& p : o->authenticatedPeers())
                all.push_back(p);
        return all;
    }
    void paceTick();
    void progressTick();
    double elapsedSeconds() const { return std::chrono::duration<double>(clock_.now() - start_).count(); }

    LoadGenOptions options_;
    PeerBareAddress target_;
    std::ostream& out_;
    Clock clock_;
    MetricsRegistry metrics_;
    LoadGenApp app_;
    TcpNetwork network_;
    std::unique_ptr<PeerResolver> resolver_;
    std::unique_ptr<Database> db_;
    std::vector<std::unique_ptr<OverlayManager>> overlays_;
    std::unique_ptr<PreparedTransactions> prepared_;
    std::vector<SignedTransaction> current_;
    std::size_t next_ = 0;
    Timer pace_;
    Timer progress_;
    ClockTime start_{};
    uint64_t advertised_ = 0;
    uint64_t lastSent_ = 0;
    std::size_t nextPeer_ = 0;
};

void
LoadGenerator::paceTick()
{
    // Exactly tps x duration in all, however late the last tick runs.
    auto seconds = std::min(elapsedSeconds(), double(options_.duration.count()));
    auto due = static_cast<uint64_t>(options_.tps * seconds);
    auto peers = this->peers();
    while (advertised_ < due && !peers.empty())
    {
        if (next_ == current_.size())
        {
            auto chunk = prepared_->take();
            if (!chunk)
                break; // the signer is behind: catch up on the next tick
            current_ = std::move(*chunk);
            next_ = 0;
        }
        auto& tx = current_[next_++];
        auto hash = tx.fullHash;
        app_.offer(std::move(tx));
        peers[nextPeer_++ % peers.size()]->sendAdvert(hash);
        ++advertised_;
    }
    app_.forgetExpired();
    pace_.expiresAfter(PACE_PERIOD, [this] { paceTick(); });
}

void
LoadGenerator::progressTick()
{
    auto sent = app_.sent();
    out_ << fmt::format("loadgen: {:.0f} s: advertised {}, demanded {}, sent {}, {} tx/s\n", elapsedSeconds(),
                        advertised_, app_.demanded(), sent, sent - lastSent_)
         << std::flush;
    lastSent_ = sent;
    progress_.expiresAfter(std::chrono::seconds(1), [this] { progressTick(); });
}

int
LoadGenerator::run(std::ostream& err)
{
    for (auto& o : overlays_)
    {
        o->start();
        o->connectTo(target_);
    }
    auto deadline = clock_.now() + CONNECT_TIMEOUT;
    while (peers().empty() && !gStop)
    {
        if (clock_.now() > deadline)
        {
            err << fmt::format("loadgen: --peer {}: no authenticated connection within {} s: is a node with "
                               "NETWORK_PASSPHRASE \"{}\" listening there?\n",
                               target_.toString(), CONNECT_TIMEOUT.count(), options_.networkPassphrase);
            return 1;
        }
        clock_.crankFor(std::chrono::milliseconds(50));
    }
    start_ = clock_.now();
    paceTick();
    progress_.expiresAfter(std::chrono::seconds(1), [this] { progressTick(); });
    auto end = start_ + options_.duration;
    while (!gStop && clock_.now() < end && !peers().empty())
        clock_.crank(true);
    bool lost = !gStop && clock_.now() < end;
    // The last pace tick may have run just before the end: the rest of the
    // tps x duration goes out now.
    if (!gStop && !lost)
        paceTick();
    // Demands for the last adverts may still come: answer them for a moment.
    pace_.cancel();
    progress_.cancel();
    auto wind = clock_.now() + std::chrono::seconds(1);
    while (clock_.now() < wind && !peers().empty())
        clock_.crank(true);
    LoadGenReport r{elapsedSeconds(), advertised_, app_.demanded(), app_.sent()};
    out_ << formatFinalLine(r) << "\n" << std::flush;
    for (auto& o : overlays_)
        o->shutdown();
    clock_.crankFor(std::chrono::milliseconds(200));
    if (lost)
    {
        err << "loadgen: the node closed every connection before the end\n";
        return 1;
    }
    return 0;
}
}

std::string
formatFinalLine(LoadGenReport const& r)
{
    return fmt::format("loadgen: done after {:.1f} s: advertised {}, demanded {}, sent {}, {:.1f} tx/s", r.seconds,
                       r.advertised, r.demanded, r.sent, r.seconds > 0 ? double(r.sent) / r.seconds : 0.0);
}

int
runLoadGenerator(LoadGenOptions const& o, std::ostream& out, std::ostream& err)
{
    auto target = PeerBareAddress::parse(o.peer);
    if (!target)
    {
        err << "loadgen: --peer " << o.peer << " is not an address: expected IPv4:PORT, for example 127.0.0.1:11625\n";
        return 1;
    }
    if (!(o.tps > 0))
    {
        err << "loadgen: --tps must be a positive number of transactions per second\n";
        return 1;
    }
    if (o.accounts < 2)
    {
        err << "loadgen: --accounts " << o.accounts << " is too few: a payment needs two accounts\n";
        return 1;
    }
    if (o.connections < 1 || o.connections > 64)
    {
        err << "loadgen: --connections " << o.connections << " is out of range: expected 1 to 64\n";
        return 1;
    }
    setLogLevel("*", "warn");
    gStop = false;
    std::signal(SIGINT, onLoadgenStopSignal);
    std::signal(SIGTERM, onLoadgenStopSignal);
    LoadGenerator gen(o, *target, out);
    return gen.run(err);
}

}
