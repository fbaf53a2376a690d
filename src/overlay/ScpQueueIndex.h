#pragma once
// The SCP statements waiting in one outbound SCP queue, by slot and node, so
// that trimming (spec 8.7; core: FlowControl::addMsgAndMaybeTrimQueue) needs
// no scan of the queue. core scans the whole queue on every message queued,
// for forgotten slots and for the one statement the new message supersedes:
// its queue stays short because only its transitive quorum may sign. A node
// that follows no quorum set relays any validly signed statement (E38), so a
// queue to a peer that grants slowly may hold tens of thousands, and a scan
// per message would cost the square of that.
//
// An entry names a queued message by its place in line (a number that grows
// with each message queued; a replacement takes the place of what it
// replaces), so the queue, ordered by place, finds it by binary search. The
// index holds every queued SCP message not yet handed to the socket, and may
// still hold some that were handed over since: FlowControl forgets those
// when it meets them, so that the index needs no word from the sending path.

#include "xdr/StellarXdr.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <set>

namespace stellar
{

// How many waiting statements of the same node and slot are compared with a
// new one to find the one it supersedes (E39). core compares them all. An
// honest validator's statements for a slot each supersede the one before
// (nominations grow, ballots go up), so each replaces the one waiting: a few
// wait side by side only when they arrive out of order. Many pile up only
// for a key that signs statements none of which supersedes the one before
// (incomparable nominations, ballots going down).
inline constexpr std::size_t MAX_SUPERSEDE_CHECKS = 16;

class ScpQueueIndex
{
  public:
    struct Entry
    {
        uint64_t slot = 0;
        uint256 node{};
        uint64_t place = 0;
        friend auto operator<=>(Entry const&, Entry const&) = default;
    };
    static Entry entryOf(SCPStatement const& st, uint64_t place);

    void add(Entry const& e) { entries_.insert(e); }
    void remove(Entry const& e) { entries_.erase(e); }
    std::size_t size() const { return entries_.size(); }

    // The first entry (lowest slot, then node, then place) of a slot below
    // `floor` other than `keep`.
    std::optional<Entry> firstBelow(uint64_t floor, uint64_t keep) const;

    // What `visit` answers for an entry.
    enum class Visit
    {
        Next,   // go on
        Forget, // drop this entry from the index and go on
        Stop
    };
    // Visits the entries of `st`'s slot and node in line order. A template,
    // not std::function: it runs for every SCP message queued.
    template <typename VisitFn> void visitSameSlotAndNode(SCPStatement const& st, VisitFn&& visit)
    {
        auto first = entryOf(st, 0);
        for (auto it = entries_.lower_bound(first);
             it != entries_.end() && it->slot == first.slot && it->node == first.node;)
        {
            switch (visit(*it))
            {
            case Visit::Next: ++it; break;
            case Visit::Forget: it = entries_.erase(it); break;
            case Visit::Stop: return;
            }
        }
    }

  private:
    std::set<Entry> entries_;
};

}
