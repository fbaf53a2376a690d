#pragma once
// Reading one TOML value of the config: each function returns the typed value
// or throws ConfigError with one sentence that starts with the key's path
// ("PEER_PORT", "QUORUM_SET.THRESHOLD_PERCENT", "VALIDATORS[2].QUALITY") and
// says what is expected.

#include "node/NodeNames.h"

#include <toml++/toml.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace stellar
{

// Its text is always one printable line, whatever check threw it: what it
// quotes from the file (a TOML error's excerpt, a key, a string value may hold
// a line break) is shown as log text is (sanitizeForLog: \xNN, \\).
class ConfigError : public std::runtime_error
{
  public:
    explicit ConfigError(std::string const& what);
};

[[noreturn]] void failConfig(std::string const& key, std::string const& what);

int64_t readInt(std::string const& key, toml::node const& n, int64_t min, int64_t max);
bool readBool(std::string const& key, toml::node const& n);
std::string readString(std::string const& key, toml::node const& n);
double readPositiveDouble(std::string const& key, toml::node const& n);
std::vector<std::string> readStringList(std::string const& key, toml::node const& n);

// "host", "host:port" or "ip:port"; the port must be 1..65535.
std::string readPeerAddress(std::string const& key, std::string const& value);

// A node id as core's Config::parseNodeID reads it: "G...", "$name", or
// "G... name" (which also names the key). Returns the "G..." strkey.
std::string readNodeID(std::string const& key, std::string const& value, NodeNames& names);

}
