#pragma once
// Display names of nodes, as stellar-core keeps them in Config::VALIDATOR_NAMES:
// a name comes from "G... name" / "S... name" strings (NODE_NAMES, NODE_SEED,
// QUORUM_SET VALIDATORS, ...) or from a [[VALIDATORS]] NAME. Wherever core
// reads a node id, "$name" stands for the named key and (in admin commands)
// "@GABC" for the one key that starts with GABC.

#include "xdr/StellarXdr.h"

#include <map>
#include <optional>
#include <string>

namespace stellar
{

class NodeNames
{
  public:
    // core: Config::addValidatorName. Returns the sentence core refuses with
    // ("name already used: x", "naming node twice: x"), or nullopt.
    std::optional<std::string> add(std::string const& strKey, std::string const& name);

    // core: Config::resolveNodeID: "G...", "$name" or "@prefix" (the first
    // named key starting with prefix).
    std::optional<NodeID> resolve(std::string const& text) const;

    // core: Config::toShortString: the name, else the first 5 characters.
    std::string shortName(NodeID const& id) const;
    // core: Config::toStrKey: the full key, or the short name.
    std::string toStrKey(NodeID const& id, bool fullKey) const;

    std::map<std::string, std::string> const& byKey() const { return names_; }

  private:
    std::map<std::string, std::string> names_; // strkey -> name
};

// "G..." as a NodeID; nullopt when it is not a public-key strkey.
std::optional<NodeID> nodeIDFromStrKey(std::string const& strKey);
std::string strKeyOf(NodeID const& id);

}
