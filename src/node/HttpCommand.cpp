#include "node/HttpCommand.h"

#include <fmt/format.h>
#include <httplib.h>

#include <cctype>
#include <ostream>

namespace stellar
{

int
runHttpCommand(std::string const& command, uint16_t port, std::ostream& out, std::ostream& err)
{
    // core: httpCommand percent-encodes everything after '?' but letters and
    // digits; the server decodes the whole path before it splits it.
    std::string path = "/";
    auto question = command.find('?');
    path += command.substr(0, question == std::string::npos ? command.size() : question + 1);
    if (question != std::string::npos)
        for (char c : command.substr(question + 1))
            path += std::isalnum(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                                : fmt::format("%{:02x}", static_cast<unsigned char>(c));
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(30));
    auto res = client.Get(path);
    if (!res)
    {
        err << fmt::format("http-command: no node answers on 127.0.0.1:{} ({}): expected a running node with this "
                           "HTTP_PORT\n",
                           port, httplib::to_string(res.error()));
        return 1;
    }
    if (res->status != 200)
    {
        err << fmt::format("http-command: \"{}\" is not a command of the node on 127.0.0.1:{} (HTTP {}): `curl "
                           "http://127.0.0.1:{}/` lists them\n",
                           command, port, res->status, port);
        return 1;
    }
    out << res->body;
    if (res->body.empty() || res->body.back() != '\n')
        out << "\n";
    return 0;
}

}
