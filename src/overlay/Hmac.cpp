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
}

bool
Hmac::setSendMacKey(Key const& key)
{
    return setOnce(sendKey_, sendKeySet_, key);
}

bool
Hmac::setRecvMacKey(Key const& key)
{
    return setOnce(recvKey_, recvKeySet_, key);
}

bool
Hmac::setOnce(Key& slot, bool& isSet, Key const& key)
{
    if (isSet)
        return false;
    slot = key;
    isSet = true;
    return true;
}

MacCheck
Hmac::check(uint64_t sequence, std::span<uint8_t const> macInput, crypto::Bytes32 const& mac)
{
    // stellar-core's order (Hmac::checkAuthenticatedMessage): sequence, key, MAC.
    if (sequence != recvSeq_)
        return MacCheck::UnexpectedSequence;
    if (isZero(recvKey_))
        return MacCheck::ZeroKey;
    if (!crypto::hmacSha256Verify(mac, recvKey_, macInput))
        return MacCheck::BadMac;
    ++recvSeq_;
    return MacCheck::Ok;
}

crypto::Bytes32
Hmac::macAndAdvance(std::span<uint8_t const> macInput)
{
    auto mac = crypto::hmacSha256(sendKey_, macInput);
    ++sendSeq_;
    return mac;
}

}
