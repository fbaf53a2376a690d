#include "overlay/Hmac.h"

#include <algorithm>

namespace stellar
{

namespace
{
bool
isZero(crypto::Bytes32 const& k)
{
    return std::all_of(k.begin(), k.end(), [](uint8_t b) { return b == 0; });
}

crypto::HmacSha256Key const&
zeroKey()
{
    static crypto::HmacSha256Key const key{crypto::Bytes32{}};
    return key;
}
}

bool
Hmac::setSendMacKey(Key const& key)
{
    if (sendKeySet_)
        return false;
    sendKey_.emplace(key);
    sendKeySet_ = true;
    return true;
}

bool
Hmac::setRecvMacKey(Key const& key)
{
    if (recvKeySet_)
        return false;
    recvKey_.emplace(key);
    recvKeySet_ = true;
    recvKeyZero_ = isZero(key);
    return true;
}

MacCheck
Hmac::check(uint64_t sequence, std::span<uint8_t const> macInput, crypto::Bytes32 const& mac)
{
    // stellar-core's order (Hmac::checkAuthenticatedMessage): sequence, key, MAC.
    if (sequence != recvSeq_)
        return MacCheck::UnexpectedSequence;
    if (recvKeyZero_)
        return MacCheck::ZeroKey;
    if (!recvKey_->verify(mac, macInput))
        return MacCheck::BadMac;
    ++recvSeq_;
    return MacCheck::Ok;
}

crypto::Bytes32
Hmac::macAndAdvance(std::span<uint8_t const> macInput)
{
    auto mac = (sendKey_ ? *sendKey_ : zeroKey()).mac(macInput);
    ++sendSeq_;
    return mac;
}

}
