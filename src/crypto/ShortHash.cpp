#include "crypto/ShortHash.h"

#include "crypto/Random.h"
#include "crypto/Sodium.h"

#include <sodium.h>

namespace stellar::crypto
{

static_assert(crypto_shorthash_KEYBYTES == sizeof(ShortHashKey));
static_assert(crypto_shorthash_BYTES == sizeof(uint64_t));

namespace
{

ShortHashKey const&
processKey()
{
    // Drawn once, never changed afterwards: readers need no lock.
    static ShortHashKey const key = [] {
        ShortHashKey k;
        randomBytes(k);
        return k;
    }();
    return key;
}

}

uint64_t
shortHash(ByteSpan data)
{
    return shortHash(processKey(), data);
}

uint64_t
shortHash(ShortHashKey const& key, ByteSpan data)
{
    initSodium();
    std::array<uint8_t, crypto_shorthash_BYTES> out;
    crypto_shorthash(out.data(), data.data(), data.size(), key.data());
    uint64_t value = 0;
    for (std::size_t i = out.size(); i-- > 0;)
    {
        value = (value << 8) | out[i];
    }
    return value;
}

}
