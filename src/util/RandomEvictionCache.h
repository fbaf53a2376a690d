#pragma once
// A map with a size cap that, when full, evicts one of two entries picked at
// random: the one used less recently (core: util/RandomEvictionCache.h). It
// bounds per-peer memory (the 50,000-hash advert history) without the
// bookkeeping of a true LRU, and an attacker cannot predict which entry goes.
// The picks come from util/Random, so a seeded run evicts the same entries.

#include "util/Random.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stellar
{

template <typename K, typename V, typename Hasher = std::hash<K>> class RandomEvictionCache
{
  public:
    // Memory grows with use, not with the cap: most peers never fill it.
    explicit RandomEvictionCache(std::size_t maxSize) : maxSize_(maxSize) {}
    RandomEvictionCache(RandomEvictionCache const&) = delete;
    RandomEvictionCache& operator=(RandomEvictionCache const&) = delete;

    std::size_t size() const { return map_.size(); }
    std::size_t maxSize() const { return maxSize_; }

    // Inserts or overwrites; an insert beyond the cap evicts one entry.
    // Returns whether the key is new.
    bool
    put(K const& key, V const& value)
    {
        ++generation_;
        auto [it, inserted] = map_.try_emplace(key, Slot{generation_, value});
        if (!inserted)
        {
            it->second.lastAccess = generation_;
            it->second.value = value;
            return false;
        }
        entries_.push_back(&*it);
        if (entries_.size() > maxSize_)
            evictOne();
        return true;
    }

    bool exists(K const& key) const { return map_.find(key) != map_.end(); }

    V const*
    find(K const& key) const
    {
        auto it = map_.find(key);
        return it == map_.end() ? nullptr : &it->second.value;
    }

    void
    erase_if(std::function<bool(V const&)> const& pred)
    {
        for (std::size_t i = 0; i < entries_.size();)
        {
            if (pred(entries_[i]->second.value))
                removeAt(i);
            else
                ++i;
        }
    }

    void
    clear()
    {
        map_.clear();
        entries_.clear();
    }

  private:
    struct Slot
    {
        uint64_t lastAccess;
        V value;
    };
    using Entry = typename std::unordered_map<K, Slot, Hasher>::value_type;

    void
    evictOne()
    {
        auto n = entries_.size();
        auto a = static_cast<std::size_t>(randomUniform(0, n - 1));
        auto b = static_cast<std::size_t>(randomUniform(0, n - 1));
        removeAt(entries_[a]->second.lastAccess < entries_[b]->second.lastAccess ? a : b);
    }

    // Swap-with-last removal keeps entries_ dense; element pointers into an
    // unordered_map stay valid across rehashing.
    void
    removeAt(std::size_t i)
    {
        auto* victim = entries_[i];
        auto* last = entries_.back();
        entries_[i] = last;
        entries_.pop_back();
        map_.erase(victim->first);
    }

    std::size_t maxSize_;
    uint64_t generation_ = 0;
    std::unordered_map<K, Slot, Hasher> map_;
    std::vector<Entry*> entries_;
};

}
