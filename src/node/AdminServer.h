#pragma once
// The admin HTTP interface, answering as stellar-core's CommandHandler and
// its http server do: GET /<command>?<params>; a known command answers 200
// with Content-Type application/json (JSON, or core's plain sentence for bad
// parameters); a handler that throws answers {"exception": "<what>"}; any
// other path answers 404 with the root page (text/html) listing the commands,
// which says "Supported HTTP commands" as core's does. Parameters are parsed
// as core parses them (http::server::parseParams).
//
// Adding a command is one addCommand() call with its handler. Handlers run on
// the node's event loop (overlay state is only ever touched there) unless
// registered to run on the HTTP thread (for blocking work such as DNS, which
// must then post to the loop itself). Listens on 127.0.0.1 unless
// PUBLIC_HTTP_PORT is set.

#include "util/Clock.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib
{
class Server;
}

namespace stellar
{

struct AdminRequest
{
    std::map<std::string, std::string> params;
};

struct AdminResponse
{
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
};

// core answers a command with JSON, or with a plain sentence (still as
// application/json, as its server labels every command's answer).
AdminResponse adminText(std::string sentence);
AdminResponse adminJson(std::string const& jsonText);

class AdminServer
{
  public:
    using Handler = std::function<AdminResponse(AdminRequest const&)>;
    enum class RunsOn
    {
        Loop,
        HttpThread
    };

    explicit AdminServer(Clock& loop);
    ~AdminServer();

    // `usage` is what the root page shows ("droppeer?node=NODE_ID[&ban=1]").
    void addCommand(std::string name, std::string usage, Handler handler, RunsOn runsOn = RunsOn::Loop);

    // Throws std::runtime_error with one sentence when the port cannot be bound.
    void start(std::string const& host, uint16_t port);
    void stop();
    uint16_t port() const { return port_; }

    // One request target ("/peers?fullkeys=true"), answered as the server
    // answers it; call on the loop (core: CommandHandler::manualCmd).
    AdminResponse handle(std::string const& target);

  private:
    struct Command
    {
        std::string usage;
        Handler handler;
        RunsOn runsOn;
    };
    static std::optional<std::pair<std::string, AdminRequest>> parseTarget(std::string const& target);
    AdminResponse answer(std::string const& target, bool onLoop);
    AdminResponse rootPage() const;
    AdminResponse run(Command const& command, AdminRequest const& request);
    AdminResponse runOnLoop(Command const& command, AdminRequest const& request);

    Clock& loop_;
    std::map<std::string, Command> commands_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    uint16_t port_ = 0;
};

// core: http::server::server::url_decode; false on a bad %XX escape.
bool urlDecode(std::string const& in, std::string& out);
// core: http::server::server::parseParams ("?a=1&b=2").
std::map<std::string, std::string> parseParams(std::string const& params);

}
