#include "node/NodeNames.h"

#include "crypto/StrKey.h"

#include <algorithm>

namespace stellar
{

std::optional<NodeID>
nodeIDFromStrKey(std::string const& strKey)
{
    auto key = crypto::fromStrKeyPublic(strKey);
    if (!key)
        return std::nullopt;
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = *key;
    return id;
}

std::string
strKeyOf(NodeID const& id)
{
    return crypto::toStrKeyPublic(id.ed25519());
}

std::optional<std::string>
NodeNames::add(std::string const& strKey, std::string const& name)
{
    if (resolve("$" + name))
        return "name already used: " + name;
    if (!names_.emplace(strKey, name).second)
        return "naming node twice: " + name;
    return std::nullopt;
}

std::optional<NodeID>
NodeNames::resolve(std::string const& text) const
{
    if (text.size() < 2 || (text[0] != '$' && text[0] != '@'))
        return nodeIDFromStrKey(text);
    auto arg = text.substr(1);
    auto it = std::find_if(names_.begin(), names_.end(), [&](auto const& entry) {
        return text[0] == '$' ? entry.second == arg : entry.first.compare(0, arg.size(), arg) == 0;
    });
    if (it == names_.end())
        return std::nullopt;
    return nodeIDFromStrKey(it->first);
}

std::string
NodeNames::shortName(NodeID const& id) const
{
    auto key = strKeyOf(id);
    auto it = names_.find(key);
    return it == names_.end() ? key.substr(0, 5) : it->second;
}

std::string
NodeNames::toStrKey(NodeID const& id, bool fullKey) const
{
    return fullKey ? strKeyOf(id) : shortName(id);
}

}
