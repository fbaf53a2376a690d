#include "node/AdminServer.h"

#include "util/Log.h"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <future>
#include <sstream>

namespace stellar
{

AdminResponse
adminText(std::string sentence)
{
    return {200, std::move(sentence), "application/json"};
}

AdminResponse
adminJson(std::string const& jsonText)
{
    return {200, jsonText, "application/json"};
}

bool
urlDecode(std::string const& in, std::string& out)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        if (in[i] == '%')
        {
            if (i + 3 > in.size())
                return false;
            int value = 0;
            std::istringstream hex(in.substr(i + 1, 2));
            if (!(hex >> std::hex >> value))
                return false;
            out += static_cast<char>(value);
            i += 2;
        }
        else
            out += in[i] == '+' ? ' ' : in[i];
    }
    return true;
}

std::map<std::string, std::string>
parseParams(std::string const& params)
{
    // core keeps "name=" pairs in the middle but drops an empty last one.
    std::map<std::string, std::string> out;
    bool buildingName = true;
    std::string name, value;
    for (char c : params)
    {
        if (c == '?')
            continue;
        if (c == '=')
            buildingName = false;
        else if (c == '&')
        {
            buildingName = true;
            out[name] = value;
            name.clear();
            value.clear();
        }
        else
            (buildingName ? name : value) += c;
    }
    if (!name.empty() && !value.empty())
        out[name] = value;
    return out;
}

AdminServer::AdminServer(Clock& loop) : loop_(loop)
{
}

AdminServer::~AdminServer()
{
    stop();
}

void
AdminServer::addCommand(std::string name, std::string usage, Handler handler, RunsOn runsOn)
{
    commands_[std::move(name)] = Command{std::move(usage), std::move(handler), runsOn};
}

AdminResponse
AdminServer::rootPage() const
{
    std::string list;
    for (auto const& [name, command] : commands_)
    {
        std::string usage;
        for (char c : command.usage)
            usage += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
        list += fmt::format("<li><code>{}</code></li>", usage);
    }
    return {404,
            "<b>Welcome to stellar-overlay!</b><p>Supported HTTP commands (as stellar-core's, see its <a "
            "href=\"https://github.com/stellar/stellar-core/blob/master/docs/software/commands.md#http-commands\">"
            "docs</a>):</p><ul>" +
                list + "</ul>",
            "text/html"};
}

AdminResponse
AdminServer::run(Command const& command, AdminRequest const& request)
{
    try
    {
        return command.handler(request);
    }
    catch (std::exception const& e)
    {
        return adminJson(nlohmann::json{{"exception", e.what()}}.dump());
    }
}

std::optional<std::pair<std::string, AdminRequest>>
AdminServer::parseTarget(std::string const& target)
{
    std::string path;
    if (!urlDecode(target, path))
        return std::nullopt;
    if (!path.empty() && path[0] == '/')
        path.erase(0, 1);
    auto question = path.find('?');
    return std::make_pair(path.substr(0, question),
                          AdminRequest{parseParams(question == std::string::npos ? "" : path.substr(question))});
}

AdminResponse
AdminServer::answer(std::string const& target, bool onLoop)
{
    auto parsed = parseTarget(target);
    if (!parsed)
        return {400, "<html><head><title>Bad Request</title></head><body><h1>400 Bad Request</h1></body></html>",
                "text/html"};
    auto it = commands_.find(parsed->first);
    if (it == commands_.end())
        return rootPage();
    if (onLoop || it->second.runsOn == RunsOn::HttpThread)
        return run(it->second, parsed->second);
    return runOnLoop(it->second, parsed->second);
}

AdminResponse
AdminServer::handle(std::string const& target)
{
    return answer(target, /*onLoop=*/true);
}

AdminResponse
AdminServer::runOnLoop(Command const& command, AdminRequest const& request)
{
    // Wait for the loop's answer; a loop that is shutting down does not
    // answer, so the wait is bounded.
    auto promise = std::make_shared<std::promise<AdminResponse>>();
    auto future = promise->get_future();
    loop_.post([this, promise, &command, request] { promise->set_value(run(command, request)); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        return {503, "the node is not answering (shutting down?)\n", "text/plain"};
    return future.get();
}

void
AdminServer::start(std::string const& host, uint16_t port)
{
    server_ = std::make_unique<httplib::Server>();
    server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
    // httplib's default also sets SO_REUSEPORT, which lets a second node bind
    // the same HTTP_PORT and silently share its requests: keep SO_REUSEADDR only.
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    server_->Get(".*", [this](httplib::Request const& req, httplib::Response& res) {
        auto a = answer(req.target, /*onLoop=*/false);
        res.status = a.status;
        res.set_content(a.body, a.contentType.c_str());
    });
    int bound = port == 0 ? server_->bind_to_any_port(host.c_str())
                          : (server_->bind_to_port(host.c_str(), port) ? port : -1);
    if (bound <= 0)
        throw std::runtime_error(fmt::format("cannot listen on {}:{}: the port is in use or not allowed", host, port));
    port_ = static_cast<uint16_t>(bound);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    defaultLogger().info("Listening on {}:{} for HTTP requests", host, port_);
}

void
AdminServer::stop()
{
    if (server_)
        server_->stop();
    if (thread_.joinable())
        thread_.join();
    server_.reset();
}

}
