#include "overlay/FloodBudget.h"

namespace stellar
{

FloodBudget::FloodBudget(uint32_t budget) : budget_(budget)
{
}

bool
FloodBudget::spend(uint64_t items, ClockTime now, ClockDuration window)
{
    if (budget_ == 0 || items == 0)
        return true;
    withinQueryBudget(window_, now, window, budget_);
    window_.count += items;
    return window_.count <= budget_;
}

uint64_t
FloodBudget::countRepeatedDemands(std::vector<Hash> const& hashes, ClockTime now)
{
    uint64_t repeats = 0;
    for (auto const& h : hashes)
    {
        if (auto const* at = demanded_.find(h); at && now - *at < DEMAND_RECORD_RETENTION)
            ++repeats;
        else
            demanded_.put(h, now);
    }
    return repeats;
}

}
