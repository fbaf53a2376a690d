#include "overlay/ScpQueueIndex.h"

namespace stellar
{

ScpQueueIndex::Entry
ScpQueueIndex::entryOf(SCPStatement const& st, uint64_t place)
{
    Entry e;
    e.slot = st.slotIndex;
    e.node = st.nodeID.ed25519();
    e.place = place;
    return e;
}

std::optional<ScpQueueIndex::Entry>
ScpQueueIndex::firstBelow(uint64_t floor, uint64_t keep) const
{
    auto it = entries_.begin();
    if (it != entries_.end() && it->slot == keep)
        it = keep == UINT64_MAX ? entries_.end() : entries_.lower_bound(Entry{keep + 1, {}, 0});
    if (it == entries_.end() || it->slot >= floor)
        return std::nullopt;
    return *it;
}

}
