#include "node/LocalNetwork.h"

#include "crypto/SecretKey.h"
#include "crypto/StrKey.h"
#include "node/Config.h"
#include "node/NetworkStatus.h"

#include <fmt/format.h>

#include <cmath>
#include <csignal>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stellar
{

namespace
{
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto SYNC_WAIT = 30s;     // for every node to track the clock's ledgers
constexpr auto DRAIN = 6s;          // after the load: the last transactions reach every node and a ledger
constexpr auto STOP_GRACE = 5s;     // SIGTERM, then SIGKILL
constexpr auto MIN_LOAD = 5s;
constexpr uint32_t DEFAULT_MAX_TX_SET_SIZE = 1000; // RelayAppConfig's, the demonstration's

// The ledger limit a load of `tps` one-operation payments needs with 1 s
// ledgers: two ledgers' worth of the load per ledger, so that a ledger that
// closes late or a burst of the load generator still fits (and the pools,
// twice the ledger, hold four seconds of it). Never below the default.
uint32_t
maxTxSetSizeFor(double tps)
{
    return static_cast<uint32_t>(std::max<double>(DEFAULT_MAX_TX_SET_SIZE, std::ceil(2 * tps)));
}

// The load generator's connections for `tps`: a node demands at most
// TX_DEMAND_VECTOR_MAX_SIZE (1,000) hashes of one peer per
// FLOOD_DEMAND_PERIOD_MS (200 ms), 5,000 a second per connection; each
// connection carries at most half of that.
uint32_t
loadgenConnectionsFor(double tps)
{
    return static_cast<uint32_t>(std::max(1.0, std::ceil(tps / 2500)));
}

volatile std::sig_atomic_t gStop = 0;

extern "C" void
onLocalNetworkSignal(int)
{
    gStop = 1;
}

struct Child
{
    std::string name;
    pid_t pid = -1;
    bool exited = false;
    int status = 0; // waitpid's
};

pid_t
spawn(std::vector<std::string> const& args, std::filesystem::path const& log)
{
    pid_t pid = fork();
    if (pid == 0)
    {
        auto out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0)
        {
            dup2(out, STDOUT_FILENO);
            dup2(out, STDERR_FILENO);
        }
        std::vector<char*> argv;
        for (auto const& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// Reaps whoever exited; returns the first child that exited on its own.
Child*
reap(std::vector<Child>& children)
{
    Child* first = nullptr;
    for (auto& c : children)
    {
        if (c.exited)
            continue;
        if (waitpid(c.pid, &c.status, WNOHANG) == c.pid)
        {
            c.exited = true;
            if (!first)
                first = &c;
        }
    }
    return first;
}

void
stopAll(std::vector<Child>& children)
{
    for (auto const& c : children)
        if (!c.exited)
            kill(c.pid, SIGTERM);
    auto deadline = SteadyClock::now() + STOP_GRACE;
    while (SteadyClock::now() < deadline)
    {
        reap(children);
        if (std::all_of(children.begin(), children.end(), [](Child const& c) { return c.exited; }))
            return;
        std::this_thread::sleep_for(50ms);
    }
    for (auto& c : children)
        if (!c.exited)
        {
            kill(c.pid, SIGKILL);
            waitpid(c.pid, nullptr, 0);
            c.exited = true;
        }
}

std::string
lastLine(std::filesystem::path const& file)
{
    std::ifstream in(file);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    return last;
}

std::optional<int64_t>
loadgenSent(std::string const& finalLine)
{
    std::smatch m;
    if (std::regex_search(finalLine, m, std::regex(R"(loadgen: done after .* sent (\d+),)")))
        return std::stoll(m[1]);
    return std::nullopt;
}

std::string
seedOf(std::filesystem::path const& conf)
{
    // Keep a node's identity across runs: reuse its seed when the config exists.
    if (std::filesystem::exists(conf))
    {
        try
        {
            return loadConfigFile(conf).overlay.NODE_SEED;
        }
        catch (ConfigError const&)
        {
        }
    }
    return crypto::SecretKey::random().strKeySeed();
}

NodeID
nodeIdOfSeed(std::string const& seed)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = crypto::SecretKey::fromStrKeySeed(seed)->publicKey();
    return id;
}

class LocalNetwork
{
  public:
    LocalNetwork(LocalNetworkOptions const& o, std::filesystem::path self) : o_(o), self_(std::move(self))
    {
        dir_ = std::filesystem::absolute(o.directory);
    }
    int run();

  private:
    uint16_t peerPort(int i) const { return static_cast<uint16_t>(o_.basePeerPort + 2 * i); }
    uint16_t httpPort(int i) const { return static_cast<uint16_t>(o_.basePeerPort + 2 * i + 1); }
    void writeConfigs();
    std::vector<NodeStatus> statuses() const;
    void printStatus(std::string const& loadLine) const;
    bool allSynced() const;
    // Waits for `d` while printing the table; false when stopped or a node died.
    bool supervise(SteadyClock::duration d, std::function<bool()> const& done = {});
    void finish();
    double elapsed() const { return std::chrono::duration<double>(SteadyClock::now() - start_).count(); }

    LocalNetworkOptions o_;
    std::filesystem::path self_, dir_;
    std::vector<Child> nodes_;
    std::vector<Child> loadgen_;
    SteadyClock::time_point start_, lastStatus_;
    int exitCode_ = 0;
};

void
LocalNetwork::writeConfigs()
{
    std::vector<std::string> seeds;
    for (int i = 0; i < o_.nodes; ++i)
        seeds.push_back(seedOf(dir_ / fmt::format("node{}.toml", i)));
    auto clockID = nodeIdOfSeed(seeds[0]);
    for (int i = 0; i < o_.nodes; ++i)
    {
        Config c;
        c.overlay.NODE_SEED = seeds[i];
        c.overlay.NETWORK_PASSPHRASE = o_.networkPassphrase;
        c.overlay.PEER_PORT = peerPort(i);
        c.overlay.PEER_LISTEN_ADDRESS = "127.0.0.1";
        c.overlay.ALLOW_LOCALHOST_FOR_TESTING = true;
        c.overlay.TARGET_PEER_CONNECTIONS = static_cast<uint32_t>(std::max(1, std::min(8, o_.nodes - 1)));
        // Every node before it: a full mesh whatever the start order. With
        // only the one before, the last node could connect before its
        // neighbour knew anyone, get no PEERS (sent once, at AUTH) and stay a
        // leaf behind one link, which one peer's demands (1,000 hashes per
        // 200 ms) cannot carry at 7,000 tx/s.
        for (int j = 0; j < i; ++j)
            c.overlay.KNOWN_PEERS.push_back(fmt::format("127.0.0.1:{}", peerPort(j)));
        c.HTTP_PORT = httpPort(i);
        c.DATABASE = "sqlite3://" + (dir_ / fmt::format("node{}.db", i)).string();
        // One validator: no failure is survivable, which core allows only when told.
        c.QUORUM_SET.threshold = 1;
        c.QUORUM_SET.validators = {clockID};
        c.UNSAFE_QUORUM = true;
        c.NODE_IS_VALIDATOR = i == 0;
        c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true;
        // A high-TPS test network raises the ledger's limit by upgrade, as
        // stellar-core's max-TPS test does; the clock proposes it.
        if (i == 0 && maxTxSetSizeFor(o_.tps) > DEFAULT_MAX_TX_SET_SIZE)
            c.TESTING_UPGRADE_MAX_TX_SET_SIZE = maxTxSetSizeFor(o_.tps);
        std::ofstream(dir_ / fmt::format("node{}.toml", i)) << renderConfig(c);
    }
}

std::vector<NodeStatus>
LocalNetwork::statuses() const
{
    std::vector<NodeStatus> out;
    for (int i = 0; i < o_.nodes; ++i)
        out.push_back(readNodeStatus(httpPort(i)));
    return out;
}

bool
LocalNetwork::allSynced() const
{
    // Synced, and on a ledger whose limit fits the load (the clock's upgrade applied).
    auto s = statuses();
    return std::all_of(s.begin(), s.end(), [&](NodeStatus const& n) {
        return n.answered && n.state == "Synced!" && n.maxTxSetSize >= maxTxSetSizeFor(o_.tps);
    });
}

void
LocalNetwork::printStatus(std::string const& loadLine) const
{
    std::cout << fmt::format("--- {:.0f} s\n", elapsed()) << statusTable(statuses(), loadLine) << std::flush;
}

bool
LocalNetwork::supervise(SteadyClock::duration d, std::function<bool()> const& done)
{
    auto until = SteadyClock::now() + d;
    auto lastCheck = SteadyClock::now();
    while (!gStop && SteadyClock::now() < until)
    {
        if (auto* dead = reap(nodes_))
        {
            auto how = WIFEXITED(dead->status) ? fmt::format("exited with code {}", WEXITSTATUS(dead->status))
                                               : fmt::format("was killed by signal {}", WTERMSIG(dead->status));
            std::cerr << fmt::format("local-network: {} {}; see {}\n", dead->name, how,
                                     (dir_ / (dead->name + ".log")).string());
            exitCode_ = 1;
            return false;
        }
        if (SteadyClock::now() - lastStatus_ >= o_.statusEvery)
        {
            lastStatus_ = SteadyClock::now();
            printStatus(loadgen_.empty() ? "" : lastLine(dir_ / "loadgen.log"));
        }
        if (done && SteadyClock::now() - lastCheck >= 1s)
        {
            lastCheck = SteadyClock::now();
            if (done())
                return true;
        }
        std::this_thread::sleep_for(100ms);
    }
    return !gStop;
}

void
LocalNetwork::finish()
{
    // The summary wants every node at the same ledger: read until they agree
    // (a ledger closes every second; the reads take milliseconds).
    std::vector<NodeStatus> last;
    for (int attempt = 0; attempt < 10; ++attempt)
    {
        last = statuses();
        bool same = std::all_of(last.begin(), last.end(),
                                [&](NodeStatus const& n) { return n.answered && n.ledger == last[0].ledger; });
        if (same)
            break;
        std::this_thread::sleep_for(150ms);
    }
    auto loadLine = loadgen_.empty() ? std::string() : lastLine(dir_ / "loadgen.log");
    std::cout << fmt::format("=== summary after {:.0f} s\n", elapsed());
    if (!loadLine.empty())
        std::cout << loadLine << "\n";
    auto sent = loadgenSent(loadLine);
    std::cout << summaryTable(last, sent) << verdict(last, sent) << std::flush;
}

int
LocalNetwork::run()
{
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec)
    {
        std::cerr << "local-network: cannot create " << dir_ << ": " << ec.message() << "\n";
        return 1;
    }
    std::signal(SIGINT, onLocalNetworkSignal);
    std::signal(SIGTERM, onLocalNetworkSignal);
    writeConfigs();
    start_ = lastStatus_ = SteadyClock::now();
    for (int i = 0; i < o_.nodes; ++i)
    {
        auto name = fmt::format("node{}", i);
        nodes_.push_back({name, spawn({self_.string(), "run", "--conf", (dir_ / (name + ".toml")).string()},
                                      dir_ / (name + ".log"))});
        std::cout << fmt::format("{}: peer port {}, admin http://127.0.0.1:{}/info, log {}{}\n", name, peerPort(i),
                                 httpPort(i), (dir_ / (name + ".log")).string(),
                                 i == 0 ? " (the test ledger clock)" : "");
    }
    std::cout << fmt::format("local network of {} nodes started{}\n", o_.nodes,
                             o_.duration.count() ? fmt::format("; it ends after {} s", o_.duration.count())
                                                 : "; Ctrl-C stops it")
              << std::flush;

    auto syncWait = o_.duration.count() ? std::min<SteadyClock::duration>(SYNC_WAIT, o_.duration) : SYNC_WAIT;
    bool ok = supervise(syncWait, [&] { return allSynced(); });
    if (ok && o_.tps > 0)
    {
        auto left = o_.duration.count() ? o_.duration - std::chrono::duration_cast<std::chrono::seconds>(
                                                             SteadyClock::now() - start_) - DRAIN
                                        : std::chrono::seconds(24 * 3600);
        if (left >= MIN_LOAD)
        {
            auto target = o_.nodes - 1;
            std::cout << fmt::format("loadgen: {} tx/s for {} s into node{}\n", o_.tps, left.count(), target);
            loadgen_.push_back({"loadgen",
                                spawn({self_.string(), "loadgen", "--peer", fmt::format("127.0.0.1:{}", peerPort(target)),
                                       "--tps", fmt::format("{}", o_.tps), "--duration", std::to_string(left.count()),
                                       "--connections", std::to_string(loadgenConnectionsFor(o_.tps)),
                                       "--network", o_.networkPassphrase},
                                      dir_ / "loadgen.log")});
        }
    }
    if (ok)
    {
        // Until the duration is over, or Ctrl-C.
        auto total = o_.duration.count() ? o_.duration - (SteadyClock::now() - start_) : 24h * 365;
        supervise(total);
    }
    stopAll(loadgen_); // its final line goes to its log
    if (exitCode_ == 0)
        finish();
    stopAll(nodes_);
    std::cout << "local network stopped\n";
    return exitCode_;
}
}

int
runLocalNetwork(LocalNetworkOptions const& o, std::filesystem::path const& self)
{
    if (o.nodes < 1 || o.nodes > 50)
    {
        std::cerr << "local-network: --nodes " << o.nodes << " is out of range: expected 1 to 50\n";
        return 1;
    }
    int lastPort = o.basePeerPort + 2 * o.nodes - 1;
    if (o.basePeerPort < 1 || lastPort > UINT16_MAX)
    {
        std::cerr << fmt::format("local-network: --base-port {} does not fit {} nodes: they need ports {} to {}; "
                                 "expected a base port from 1 to {}\n",
                                 o.basePeerPort, o.nodes, o.basePeerPort, lastPort, UINT16_MAX + 1 - 2 * o.nodes);
        return 1;
    }
    if (o.tps < 0)
    {
        std::cerr << "local-network: --tps must be 0 (no load) or a positive number of transactions per second\n";
        return 1;
    }
    gStop = 0;
    LocalNetwork net(o, self);
    return net.run();
}

}
