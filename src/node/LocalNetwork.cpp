#include "node/LocalNetwork.h"

#include "crypto/SecretKey.h"
#include "node/Config.h"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stellar
{

namespace
{
volatile std::sig_atomic_t gStop = 0;

extern "C" void
onSignal(int)
{
    gStop = 1;
}

pid_t
spawn(std::filesystem::path const& self, std::filesystem::path const& conf, std::filesystem::path const& log)
{
    pid_t pid = fork();
    if (pid == 0)
    {
        auto out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out >= 0)
        {
            dup2(out, STDOUT_FILENO);
            dup2(out, STDERR_FILENO);
        }
        execl(self.c_str(), self.c_str(), "run", "--conf", conf.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
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
    std::error_code ec;
    std::filesystem::create_directories(o.directory, ec);
    if (ec)
    {
        std::cerr << "local-network: cannot create " << o.directory << ": " << ec.message() << "\n";
        return 1;
    }

    std::vector<pid_t> children;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    for (int i = 0; i < o.nodes; ++i)
    {
        auto dir = std::filesystem::absolute(o.directory);
        auto conf = dir / fmt::format("node{}.toml", i);
        Config c;
        // Keep a node's identity across runs: reuse its seed when the config exists.
        if (std::filesystem::exists(conf))
        {
            try
            {
                c.overlay.NODE_SEED = loadConfigFile(conf).overlay.NODE_SEED;
            }
            catch (ConfigError const&)
            {
            }
        }
        if (c.overlay.NODE_SEED.empty())
            c.overlay.NODE_SEED = crypto::SecretKey::random().strKeySeed();
        c.overlay.NETWORK_PASSPHRASE = o.networkPassphrase;
        c.overlay.PEER_PORT = static_cast<uint16_t>(o.basePeerPort + 2 * i);
        c.overlay.PEER_LISTEN_ADDRESS = "127.0.0.1";
        c.overlay.ALLOW_LOCALHOST_FOR_TESTING = true;
        c.overlay.TARGET_PEER_CONNECTIONS = static_cast<uint32_t>(std::max(1, std::min(8, o.nodes - 1)));
        if (i > 0)
            c.overlay.KNOWN_PEERS = {fmt::format("127.0.0.1:{}", o.basePeerPort)};
        c.HTTP_PORT = static_cast<uint16_t>(o.basePeerPort + 2 * i + 1);
        c.DATABASE = "sqlite3://" + (dir / fmt::format("node{}.db", i)).string();
        std::ofstream(conf) << renderConfig(c);
        children.push_back(spawn(self, conf, dir / fmt::format("node{}.log", i)));
        std::cout << fmt::format("node {}: peer port {}, admin http://127.0.0.1:{}/peers, log {}\n", i,
                                 c.overlay.PEER_PORT, c.HTTP_PORT, (dir / fmt::format("node{}.log", i)).string());
    }
    std::cout << "local network of " << o.nodes << " nodes running; Ctrl-C stops it" << std::endl;

    int exitCode = 0;
    while (!gStop)
    {
        int status = 0;
        pid_t done = waitpid(-1, &status, WNOHANG);
        if (done > 0)
        {
            auto i = std::find(children.begin(), children.end(), done) - children.begin();
            auto how = WIFEXITED(status) ? fmt::format("exited with code {}", WEXITSTATUS(status))
                                         : fmt::format("was killed by signal {}", WTERMSIG(status));
            std::cerr << fmt::format("local-network: node {} {}; see {}\n", i, how,
                                     (std::filesystem::absolute(o.directory) / fmt::format("node{}.log", i)).string());
            exitCode = 1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (auto pid : children)
        kill(pid, SIGTERM);
    for (auto pid : children)
        waitpid(pid, nullptr, 0);
    std::cout << "local network stopped\n";
    return exitCode;
}

}
