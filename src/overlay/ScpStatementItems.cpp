#include "overlay/ScpStatementItems.h"

#include "xdr/Codec.h"
#include "xdr/XdrError.h"

#include <algorithm>
#include <set>

namespace stellar
{

std::vector<Value>
statementValues(SCPStatement const& st)
{
    std::set<Value> values;
    auto const& p = st.pledges;
    switch (p.type())
    {
    case SCP_ST_NOMINATE:
        values.insert(p.nominate().votes.begin(), p.nominate().votes.end());
        values.insert(p.nominate().accepted.begin(), p.nominate().accepted.end());
        break;
    case SCP_ST_PREPARE:
        if (p.prepare().ballot.counter != 0)
            values.insert(p.prepare().ballot.value);
        if (p.prepare().prepared)
            values.insert(p.prepare().prepared->value);
        if (p.prepare().preparedPrime)
            values.insert(p.prepare().preparedPrime->value);
        break;
    case SCP_ST_CONFIRM: values.insert(p.confirm().ballot.value); break;
    case SCP_ST_EXTERNALIZE: values.insert(p.externalize().commit.value); break;
    }
    return {values.begin(), values.end()};
}

std::optional<std::vector<StellarValue>>
stellarValues(SCPStatement const& st)
{
    std::vector<StellarValue> out;
    for (auto const& v : statementValues(st))
    {
        try
        {
            out.push_back(xdr::fromBytes<StellarValue>(v));
        }
        catch (xdr::XdrError const&)
        {
            return std::nullopt;
        }
    }
    return out;
}

std::optional<std::vector<Hash>>
txSetHashes(SCPStatement const& st)
{
    auto values = stellarValues(st);
    if (!values)
        return std::nullopt;
    std::vector<Hash> hashes;
    for (auto const& sv : *values)
        if (std::find(hashes.begin(), hashes.end(), sv.txSetHash) == hashes.end())
            hashes.push_back(sv.txSetHash);
    return hashes;
}

Hash
companionQuorumSetHash(SCPStatement const& st)
{
    auto const& p = st.pledges;
    switch (p.type())
    {
    case SCP_ST_NOMINATE: return p.nominate().quorumSetHash;
    case SCP_ST_PREPARE: return p.prepare().quorumSetHash;
    case SCP_ST_CONFIRM: return p.confirm().quorumSetHash;
    case SCP_ST_EXTERNALIZE: return p.externalize().commitQuorumSetHash;
    }
    return {};
}

}
