#include "ConnectorPeer.h"

#include "xdr/Base64.h"
#include "xdr/Codec.h"

#include <sstream>

namespace stellar::test
{

namespace
{
std::map<std::string, std::string>
environmentOf(ConnectorSettings const& s)
{
    std::map<std::string, std::string> env{
        {"NETWORK", s.network},
        {"LEDGER_VERSION", std::to_string(s.ledgerVersion)},
        {"OVERLAY_VERSION", std::to_string(s.overlayVersion)},
        {"OVERLAY_MIN_VERSION", std::to_string(s.overlayMinVersion)},
        {"VERSION_STRING", s.versionString},
        {"LOG_LEVEL", "warn"},
    };
    if (!s.privateKey.empty())
        env["PRIVATE_KEY"] = s.privateKey;
    return env;
}
}

ConnectorPeer::ConnectorPeer(std::filesystem::path const& dir, ConnectorSettings const& settings,
                             std::vector<std::string> args)
    : process_([&] {
        std::vector<std::string> argv{CONNECTOR_NODE, CONNECTOR_SCRIPT};
        argv.insert(argv.end(), args.begin(), args.end());
        return ChildProcessOptions{std::move(argv), environmentOf(settings), dir, "connector"};
    }())
{
}

std::unique_ptr<ConnectorPeer>
ConnectorPeer::dial(std::filesystem::path const& dir, ConnectorSettings const& settings, std::string const& ip,
                    uint16_t port)
{
    return std::unique_ptr<ConnectorPeer>(new ConnectorPeer(dir, settings, {"dial", ip, std::to_string(port)}));
}

std::unique_ptr<ConnectorPeer>
ConnectorPeer::accept(std::filesystem::path const& dir, ConnectorSettings const& settings)
{
    return std::unique_ptr<ConnectorPeer>(new ConnectorPeer(dir, settings, {"accept"}));
}

std::vector<nlohmann::json>
ConnectorPeer::events()
{
    std::vector<nlohmann::json> out;
    std::istringstream lines(process_.output());
    std::string line;
    while (std::getline(lines, line))
    {
        // The last line may still be half written.
        auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!j.is_discarded() && j.is_object())
            out.push_back(std::move(j));
    }
    return out;
}

std::optional<uint16_t>
ConnectorPeer::listeningPort()
{
    for (auto const& e : events())
        if (e.value("event", "") == "listening")
            return e.at("port").get<uint16_t>();
    return std::nullopt;
}

std::optional<std::string>
ConnectorPeer::connectedTo()
{
    for (auto const& e : events())
        if (e.value("event", "") == "connected")
            return e.at("publicKey").get<std::string>();
    return std::nullopt;
}

std::optional<nlohmann::json>
ConnectorPeer::remoteNodeInfo()
{
    for (auto const& e : events())
        if (e.value("event", "") == "connected")
            return e.at("nodeInfo");
    return std::nullopt;
}

std::vector<StellarMessage>
ConnectorPeer::received()
{
    std::vector<StellarMessage> out;
    for (auto const& e : events())
    {
        if (e.value("event", "") != "message")
            continue;
        auto bytes = xdr::fromBase64(e.at("xdr").get<std::string>());
        if (bytes.error)
            throw std::runtime_error("connectorPeer.js printed bad base64");
        // Anything stellar-base 12 encodes must decode in our XDR (XdrError otherwise).
        out.push_back(xdr::fromBytes<StellarMessage>(bytes.bytes));
    }
    return out;
}

std::vector<MessageType>
ConnectorPeer::receivedTypes()
{
    std::vector<MessageType> out;
    for (auto const& m : received())
        out.push_back(m.type());
    return out;
}

std::optional<StellarMessage>
ConnectorPeer::firstOf(MessageType type)
{
    for (auto const& m : received())
        if (m.type() == type)
            return m;
    return std::nullopt;
}

std::vector<std::string>
ConnectorPeer::errors()
{
    std::vector<std::string> out;
    for (auto const& e : events())
        if (e.value("event", "") == "error")
            out.push_back(e.value("message", ""));
    return out;
}

bool
ConnectorPeer::closed()
{
    for (auto const& e : events())
        if (e.value("event", "") == "closed")
            return true;
    return !process_.running();
}

bool
ConnectorPeer::waitConnected(std::chrono::milliseconds timeout)
{
    return eventually([&] { return connectedTo().has_value() || closed(); }, timeout) && connectedTo().has_value();
}

bool
ConnectorPeer::waitForType(MessageType type, std::chrono::milliseconds timeout)
{
    return waitFor([type](StellarMessage const& m) { return m.type() == type; }, timeout);
}

bool
ConnectorPeer::waitFor(std::function<bool(StellarMessage const&)> const& match, std::chrono::milliseconds timeout)
{
    auto found = [&] {
        for (auto const& m : received())
            if (match(m))
                return true;
        return false;
    };
    return eventually([&] { return found() || closed(); }, timeout) && found();
}

bool
ConnectorPeer::waitClosed(std::chrono::milliseconds timeout)
{
    return eventually([&] { return closed(); }, timeout);
}

void
ConnectorPeer::send(StellarMessage const& msg)
{
    process_.writeStdin("send " + xdr::toBase64(xdr::toBytes(msg)) + "\n");
}

void
ConnectorPeer::tamperNextMac()
{
    process_.writeStdin("tamper-next-mac\n");
}

void
ConnectorPeer::close()
{
    process_.writeStdin("close\n");
}

}
