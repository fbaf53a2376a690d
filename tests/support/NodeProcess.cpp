#include "support/NodeProcess.h"

#include "crypto/SecretKey.h"

#include <fmt/format.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>

namespace stellar::test
{

namespace
{
std::string
tomlList(std::vector<std::string> const& items)
{
    std::string s = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        s += fmt::format("{}\"{}\"", i ? ", " : "", items[i]);
    return s + "]";
}
}

std::string
NodeProcess::binary()
{
    if (char const* dir = std::getenv("SO_BINARY_DIR"))
        return std::string(dir) + "/stellar-overlay";
    return SO_STELLAR_OVERLAY_BINARY;
}

NodeProcess::NodeProcess(std::filesystem::path const& dir, NodeProcessOptions o)
{
    auto key = o.seed.empty() ? crypto::SecretKey::random() : *crypto::SecretKey::fromStrKeySeed(o.seed);
    seed_ = key.strKeySeed();
    publicKey_ = key.strKeyPublic();
    peerPort_ = o.peerPort ? o.peerPort : unusedTcpPort();
    httpPort_ = o.httpPort ? o.httpPort : unusedTcpPort();

    auto conf = dir / (o.name + ".cfg");
    {
        std::ofstream f(conf);
        f << fmt::format("NETWORK_PASSPHRASE = \"{}\"\n", o.networkPassphrase);
        f << fmt::format("NODE_SEED = \"{}\"\n", seed_);
        f << fmt::format("PEER_PORT = {}\n", peerPort_);
        f << "PEER_LISTEN_ADDRESS = \"127.0.0.1\"\n";
        f << fmt::format("HTTP_PORT = {}\n", httpPort_);
        auto database = o.database.empty() ? "sqlite3://" + (dir / (o.name + ".db")).string() : o.database;
        f << fmt::format("DATABASE = \"{}\"\n", database);
        f << fmt::format("LOG_LEVEL = \"{}\"\n", o.logLevel);
        f << "ALLOW_LOCALHOST_FOR_TESTING = true\n";
        f << fmt::format("KNOWN_PEERS = {}\n", tomlList(o.knownPeers));
        f << fmt::format("PREFERRED_PEERS = {}\n", tomlList(o.preferredPeers));
        f << o.extraConfig << "\n";
    }
    process_ = std::make_unique<ChildProcess>(
        ChildProcessOptions{{binary(), "run", "--conf", conf.string()}, {}, dir, o.name});
}

bool
NodeProcess::waitReady(std::chrono::milliseconds timeout)
{
    return eventually([&] { return !process_->running() || admin("info").has_value(); }, timeout, 
                      std::chrono::milliseconds(50)) &&
           process_->running();
}

std::optional<std::pair<int, std::string>>
NodeProcess::adminText(std::string const& commandAndQuery)
{
    httplib::Client client("127.0.0.1", httpPort_);
    client.set_connection_timeout(std::chrono::seconds(2));
    client.set_read_timeout(std::chrono::seconds(15));
    auto res = client.Get("/" + commandAndQuery);
    if (!res)
        return std::nullopt;
    return std::make_pair(res->status, res->body);
}

std::optional<nlohmann::json>
NodeProcess::admin(std::string const& commandAndQuery)
{
    auto res = adminText(commandAndQuery);
    if (!res || res->first != 200)
        return std::nullopt;
    auto j = nlohmann::json::parse(res->second, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

nlohmann::json
NodeProcess::peers()
{
    return admin("peers?fullkeys=true&compact=false").value_or(nlohmann::json::object());
}

int64_t
NodeProcess::counter(std::string const& name)
{
    auto m = admin("metrics");
    if (!m || !m->contains("metrics") || !(*m)["metrics"].contains(name))
        return 0;
    return (*m)["metrics"][name].value("count", int64_t{0});
}

std::vector<nlohmann::json>
NodeProcess::authenticated(std::string const& direction)
{
    auto p = peers();
    std::vector<nlohmann::json> out;
    if (p.contains("authenticated_peers") && p["authenticated_peers"].contains(direction))
        for (auto const& e : p["authenticated_peers"][direction])
            out.push_back(e);
    return out;
}

std::size_t
NodeProcess::authenticatedCount()
{
    auto p = peers();
    if (!p.contains("authenticated_peers"))
        return 0;
    return p["authenticated_peers"]["inbound"].size() + p["authenticated_peers"]["outbound"].size();
}

}
