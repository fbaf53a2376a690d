#include "simulation/ScriptedResolver.h"

namespace stellar::simulation
{

void
ScriptedResolver::resolve(std::vector<std::string> known, std::vector<std::string> preferred,
                          std::function<void(Result)> done)
{
    ++rounds;
    roundTimes.push_back(clock_.now() - timeZero_);
    Result r;
    auto one = [&](std::string const& entry, std::vector<PeerBareAddress>& out) {
        auto colon = entry.rfind(':');
        std::string host = colon == std::string::npos ? entry : entry.substr(0, colon);
        std::string port = colon == std::string::npos ? std::to_string(DEFAULT_PEER_PORT) : entry.substr(colon + 1);
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

}
