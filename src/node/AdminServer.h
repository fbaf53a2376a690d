#pragma once
// The admin HTTP interface with stellar-core's command names (/info, /peers,
// /connect, /droppeer, /bans, /ban, /unban, /metrics, /ll). It listens on
// 127.0.0.1 unless PUBLIC_HTTP_PORT is set. Requests arrive on the HTTP
// server's threads; each one is carried onto the node's event loop and
// answered from there, so overlay state is only ever touched by the loop.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace httplib
{
class Server;
}

namespace stellar
{

class Node;

class AdminServer
{
  public:
    explicit AdminServer(Node& node);
    ~AdminServer();

    // Throws ConfigError with one sentence when the port cannot be bound.
    void start(std::string const& host, uint16_t port);
    void stop();
    uint16_t port() const { return port_; }

    // One command, as the loop runs it: the response body and HTTP status.
    struct Response
    {
        int status = 200;
        std::string body;
        std::string contentType = "application/json";
    };
    using Params = std::map<std::string, std::string>;
    Response handle(std::string const& command, Params const& params);

  private:
    Node& node_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    uint16_t port_ = 0;
};

}
