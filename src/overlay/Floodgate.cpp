#include "overlay/Floodgate.h"

#include "crypto/BLAKE2.h"
#include "xdr/Codec.h"

namespace stellar
{

Hash
Floodgate::messageKey(StellarMessage const& msg)
{
    return crypto::blake2b256(xdr::toBytes(msg));
}

bool
Floodgate::addRecord(Hash const& key, std::string const& peer, uint32_t ledgerSeq)
{
    if (shuttingDown_)
        return false;
    auto [it, inserted] = records_.try_emplace(key);
    if (inserted)
        it->second.ledgerSeq = ledgerSeq;
    it->second.peersTold.insert(peer);
    return inserted;
}

std::vector<std::string>
Floodgate::broadcast(Hash const& key, uint32_t ledgerSeq, std::vector<std::string> const& peers)
{
    std::vector<std::string> toTell;
    if (shuttingDown_)
        return toTell;
    auto [it, inserted] = records_.try_emplace(key);
    if (inserted)
        it->second.ledgerSeq = ledgerSeq;
    for (auto const& p : peers)
        if (it->second.peersTold.insert(p).second)
            toTell.push_back(p);
    return toTell;
}

std::set<std::string>
Floodgate::peersKnowing(Hash const& key) const
{
    auto it = records_.find(key);
    return it == records_.end() ? std::set<std::string>{} : it->second.peersTold;
}

void
Floodgate::forgetRecord(Hash const& key)
{
    records_.erase(key);
}

void
Floodgate::clearBelow(uint32_t ledgerSeq)
{
    std::erase_if(records_, [&](auto const& entry) { return entry.second.ledgerSeq < ledgerSeq; });
}

void
Floodgate::shutdown()
{
    shuttingDown_ = true;
    records_.clear();
}

}
