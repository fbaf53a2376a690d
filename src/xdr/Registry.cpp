#include "xdr/Registry.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace stellar::xdr
{

XdrType const*
findType(std::string_view name)
{
    auto all = allXdrTypes();
    auto it = std::lower_bound(all.begin(), all.end(), name,
                               [](XdrType const& t, std::string_view n) { return t.name < n; });
    if (it != all.end() && it->name == name)
        return &*it;
    auto byRust = std::find_if(all.begin(), all.end(), [&](XdrType const& t) { return t.rustName == name; });
    return byRust == all.end() ? nullptr : &*byRust;
}

std::vector<XdrType const*>
typesInRustOrder()
{
    std::vector<XdrType const*> out;
    for (auto const& t : allXdrTypes())
        out.push_back(&t);
    std::sort(out.begin(), out.end(), [](auto const* a, auto const* b) { return a->rustOrder < b->rustOrder; });
    return out;
}

std::vector<std::string_view>
typeNames()
{
    std::vector<std::string_view> names;
    for (auto const& t : allXdrTypes())
        names.push_back(t.name);
    return names;
}

namespace
{

std::string
lower(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

size_t
editDistance(std::string const& a, std::string const& b)
{
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
    {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// How far `candidate` is from `wanted` (both lower case); 0 is equal.
size_t
distance(std::string const& wanted, std::string const& candidate)
{
    if (candidate == wanted)
        return 0;
    if (!wanted.empty() && candidate.find(wanted) != std::string::npos)
        return 1 + candidate.size() - wanted.size();
    return 2 + editDistance(wanted, candidate);
}

}

std::vector<std::string_view>
similarTypeNames(std::string_view name, size_t maxCount)
{
    std::string const wanted = lower(name);
    std::vector<std::pair<size_t, std::string_view>> scored;
    for (auto const* t : typesInRustOrder())
    {
        // The closer of its two names; the stellar-cli one when they tie.
        size_t rust = distance(wanted, lower(t->rustName));
        size_t canonical = distance(wanted, lower(t->name));
        size_t score = std::min(rust, canonical);
        // Far-off names are no help: allow about a third of the name to differ.
        if (score <= 2 + std::max<size_t>(2, wanted.size() / 3))
            scored.emplace_back(score, rust <= canonical ? t->rustName : t->name);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](auto const& a, auto const& b) { return a.first < b.first; });
    std::vector<std::string_view> out;
    for (size_t i = 0; i < scored.size() && i < maxCount; ++i)
        out.push_back(scored[i].second);
    return out;
}

}
