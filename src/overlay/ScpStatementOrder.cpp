#include "overlay/ScpStatementOrder.h"

#include <algorithm>

namespace stellar
{

namespace
{

// p is a subset of v (both sorted); `grew` says v has more.
bool
isSubset(std::vector<Value> const& p, std::vector<Value> const& v, bool& grew)
{
    if (p.size() > v.size())
    {
        grew = true;
        return false;
    }
    bool res = std::includes(v.begin(), v.end(), p.begin(), p.end());
    grew = res ? p.size() != v.size() : true;
    return res;
}

bool
isNewerNomination(SCPNomination const& older, SCPNomination const& newer)
{
    bool grew = false;
    if (!isSubset(older.votes, newer.votes, grew))
        return false;
    bool grows = grew;
    if (!isSubset(older.accepted, newer.accepted, grew))
        return false;
    return grows || grew;
}

int
compareOptionalBallots(xdr::pointer<SCPBallot> const& a, xdr::pointer<SCPBallot> const& b)
{
    if (a && b)
        return stellar::compareBallots(*a, *b);
    if (a)
        return 1;
    if (b)
        return -1;
    return 0;
}

bool
isNewerBallotStatement(SCPStatement const& older, SCPStatement const& newer)
{
    auto t = newer.pledges.type();
    if (older.pledges.type() != t)
        return older.pledges.type() < t;
    switch (t)
    {
    case SCP_ST_EXTERNALIZE: return false;
    case SCP_ST_CONFIRM:
    {
        auto const& o = older.pledges.confirm();
        auto const& n = newer.pledges.confirm();
        int c = compareBallots(o.ballot, n.ballot);
        if (c != 0)
            return c < 0;
        if (o.nPrepared != n.nPrepared)
            return o.nPrepared < n.nPrepared;
        return o.nH < n.nH;
    }
    case SCP_ST_PREPARE:
    {
        auto const& o = older.pledges.prepare();
        auto const& n = newer.pledges.prepare();
        int c = compareBallots(o.ballot, n.ballot);
        if (c != 0)
            return c < 0;
        c = compareOptionalBallots(o.prepared, n.prepared);
        if (c != 0)
            return c < 0;
        c = compareOptionalBallots(o.preparedPrime, n.preparedPrime);
        if (c != 0)
            return c < 0;
        return o.nH < n.nH;
    }
    case SCP_ST_NOMINATE: break;
    }
    return false;
}

}

int
compareBallots(SCPBallot const& a, SCPBallot const& b)
{
    if (a.counter != b.counter)
        return a.counter < b.counter ? -1 : 1;
    if (a.value < b.value)
        return -1;
    if (b.value < a.value)
        return 1;
    return 0;
}

bool
isNewerNominationOrBallotSt(SCPStatement const& older, SCPStatement const& newer)
{
    if (older.slotIndex != newer.slotIndex || !(older.nodeID == newer.nodeID))
        return false;
    bool olderNomination = older.pledges.type() == SCP_ST_NOMINATE;
    bool newerNomination = newer.pledges.type() == SCP_ST_NOMINATE;
    if (olderNomination != newerNomination)
        return false;
    if (olderNomination)
        return isNewerNomination(older.pledges.nominate(), newer.pledges.nominate());
    return isNewerBallotStatement(older, newer);
}

uint32_t
firstLedgerInCheckpointContaining(uint32_t ledger, uint32_t frequency)
{
    uint32_t last = (ledger / frequency + 1) * frequency - 1;
    uint32_t size = ledger < frequency ? frequency - 1 : frequency;
    return last - (size - 1);
}

}
