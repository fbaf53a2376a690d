#include "overlay/PeerResolver.h"

#include "util/Clock.h"
#include "util/Log.h"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <memory>

namespace stellar
{

namespace
{

struct Name
{
    std::string host;
    uint16_t port = DEFAULT_PEER_PORT;
    bool preferred = false;
};

std::optional<Name>
splitName(std::string const& text, bool preferred)
{
    Name n{text, DEFAULT_PEER_PORT, preferred};
    auto colon = text.rfind(':');
    if (colon != std::string::npos)
    {
        n.host = text.substr(0, colon);
        try
        {
            auto port = std::stoul(text.substr(colon + 1));
            if (port == 0 || port > UINT16_MAX)
                return std::nullopt;
            n.port = static_cast<uint16_t>(port);
        }
        catch (std::exception const&)
        {
            return std::nullopt;
        }
    }
    return n;
}

// One lookup of every name; each name completes into it and the last one
// reports.
struct Round
{
    PeerResolver::Result result;
    std::size_t pending = 0;
    std::function<void(PeerResolver::Result)> done;

    void
    add(Name const& name, std::optional<PeerBareAddress> const& a)
    {
        if (!a)
        {
            result.errors = true;
            logger("Overlay").error("unable to resolve peer '{}'", name.host);
        }
        else
            (name.preferred ? result.preferred : result.known).push_back(*a);
        if (--pending == 0)
            done(result);
    }
};

class SystemPeerResolver : public PeerResolver
{
  public:
    explicit SystemPeerResolver(Clock& clock) : clock_(clock) {}

    void
    resolve(std::vector<std::string> known, std::vector<std::string> preferred,
            std::function<void(Result)> done) override
    {
        auto round = std::make_shared<Round>();
        round->done = std::move(done);
        std::vector<Name> names;
        for (auto const& [entries, isPreferred] : {std::pair{&known, false}, std::pair{&preferred, true}})
            for (auto const& e : *entries)
                if (auto n = splitName(e, isPreferred))
                    names.push_back(*n);
                else
                    round->result.errors = true;
        if (names.empty())
        {
            clock_.post([round] { round->done(round->result); });
            return;
        }
        round->pending = names.size();
        for (auto const& name : names)
            resolveOne(round, name);
    }

  private:
    void
    resolveOne(std::shared_ptr<Round> const& round, Name const& name)
    {
        if (auto literal = PeerBareAddress::parse(name.host, name.port))
        {
            clock_.post([round, name, literal] { round->add(name, literal); });
            return;
        }
        auto resolver = std::make_shared<asio::ip::tcp::resolver>(clock_.io());
        resolver->async_resolve(
            asio::ip::tcp::v4(), name.host, std::to_string(name.port),
            [resolver, round, name](std::error_code ec, asio::ip::tcp::resolver::results_type results) {
                std::optional<PeerBareAddress> a;
                if (!ec && !results.empty())
                    a = PeerBareAddress::parse(results.begin()->endpoint().address().to_string(), name.port);
                round->add(name, a);
            });
    }

    Clock& clock_;
};

}

std::unique_ptr<PeerResolver>
makeSystemPeerResolver(Clock& clock)
{
    return std::make_unique<SystemPeerResolver>(clock);
}

}
