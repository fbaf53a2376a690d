#include "support/TestNode.h"

#include "crypto/SecretKey.h"

#include <fmt/format.h>

namespace stellar::test
{

void
PrintTo(DropEntry const& e, std::ostream* os)
{
    *os << "{" << std::chrono::duration<double>(e.at).count() << "s, " << dropReason(e.cause, "") << "}";
}

void
ScriptedResolver::resolve(std::vector<std::string> known, std::vector<std::string> preferred,
                          std::function<void(Result)> done)
{
    ++rounds;
    roundTimes.push_back(clock_.now() - start);
    Result r;
    auto one = [&](std::string const& name, std::vector<PeerBareAddress>& out) {
        auto colon = name.rfind(':');
        std::string host = colon == std::string::npos ? name : name.substr(0, colon);
        std::string port = colon == std::string::npos ? "11625" : name.substr(colon + 1);
        auto it = names.find(host);
        auto ip = it != names.end() ? it->second : host;
        if (auto a = PeerBareAddress::parse(ip + ":" + port))
            out.push_back(*a);
        else
            r.errors = true;
    };
    for (auto const& k : known)
        one(k, r.known);
    for (auto const& p : preferred)
        one(p, r.preferred);
    clock_.post([done, r] { done(r); });
}

TestNode::TestNode(Clock& clock, Network& network, OverlayConfig config)
    : TestNode(clock, network, std::move(config), "sqlite3://:memory:")
{
}

TestNode::TestNode(Clock& clock, Network& network, OverlayConfig config, std::string const& databaseUrl)
    : clock_(clock), start_(clock.now()), db_(Database::open(databaseUrl)), resolver_(clock)
{
    resolver_.start = start_;
    overlay_ = std::make_unique<OverlayManager>(std::move(config), app_, clock_, network, resolver_, *db_, metrics_);
    overlay_->onDrop([this](OverlayManager::DropEvent const& e) {
        drops_.push_back({e.at - start_, e.cause});
        events_.push_back(e);
    });
}

TestNode::~TestNode()
{
    overlay_.reset();
}

OverlayConfig
testOverlayConfig(uint16_t peerPort)
{
    OverlayConfig c;
    c.NETWORK_PASSPHRASE = TEST_NETWORK_PASSPHRASE;
    c.NODE_SEED = crypto::SecretKey::random().strKeySeed();
    c.PEER_PORT = peerPort;
    c.PEER_LISTEN_ADDRESS = "127.0.0.1";
    c.ALLOW_LOCALHOST_FOR_TESTING = true;
    return c;
}

}
