#include "node/ItemCaches.h"

#include "xdr/Codec.h"

namespace stellar
{

bool
TxSetCache::add(Hash const& hash, StellarMessage msg)
{
    if (sets_.count(hash))
        return false;
    auto size = xdr::encodedSize(msg);
    sets_.emplace(hash, Held{std::make_shared<StellarMessage const>(std::move(msg)), size});
    order_.push_back(hash);
    bytes_ += size;
    while (order_.size() > 1 && (order_.size() > maxCount_ || bytes_ > maxBytes_))
    {
        auto it = sets_.find(order_.front());
        bytes_ -= it->second.bytes;
        sets_.erase(it);
        order_.pop_front();
    }
    return true;
}

std::shared_ptr<StellarMessage const>
TxSetCache::find(Hash const& hash) const
{
    auto it = sets_.find(hash);
    return it == sets_.end() ? nullptr : it->second.msg;
}

std::optional<SCPQuorumSet>
QuorumSetCache::find(Hash const& hash) const
{
    if (hash == localHash_)
        return local_;
    if (auto const* q = cache_.find(hash))
        return *q;
    return std::nullopt;
}

}
