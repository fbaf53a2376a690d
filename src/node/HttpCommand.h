#pragma once
// `http-command COMMAND`: one admin command to the node on 127.0.0.1, as
// stellar-core's httpCommand sends it (everything after '?' percent-encoded
// but letters and digits), and its answer printed. Returns the exit code: 0
// when the node answered 200, else 1 with one sentence on `err`.

#include <cstdint>
#include <iosfwd>
#include <string>

namespace stellar
{

int runHttpCommand(std::string const& command, uint16_t port, std::ostream& out, std::ostream& err);

}
