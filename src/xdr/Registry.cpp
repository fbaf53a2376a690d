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
    if (it == all.end() || it->name != name)
        return nullptr;
    return &*it;
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

}

std::vector<std::string_view>
similarTypeNames(std::string_view name, size_t maxCount)
{
    std::string const wanted = lower(name);
    std::vector<std::pair<size_t, std::string_view>> scored;
    for (auto const& t : allXdrTypes())
    {
        std::string const candidate = lower(t.name);
        size_t score;
        if (candidate == wanted)
            score = 0;
        else if (!wanted.empty() && candidate.find(wanted) != std::string::npos)
            score = 1 + candidate.size() - wanted.size();
        else
            score = 2 + editDistance(wanted, candidate);
        // Far-off names are no help: allow about a third of the name to differ.
        if (score <= 2 + std::max<size_t>(2, wanted.size() / 3))
            scored.emplace_back(score, t.name);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](auto const& a, auto const& b) { return a.first < b.first; });
    std::vector<std::string_view> out;
    for (size_t i = 0; i < scored.size() && i < maxCount; ++i)
        out.push_back(scored[i].second);
    return out;
}

}
