#include "crypto/DigestHasher.h"

#include "crypto/Random.h"

namespace stellar::crypto
{

std::array<uint64_t, 4> const&
digestHashKey()
{
    // Drawn once, never changed afterwards: readers need no lock.
    static std::array<uint64_t, 4> const key = [] {
        std::array<uint8_t, 32> bytes;
        randomBytes(bytes);
        std::array<uint64_t, 4> k;
        std::memcpy(k.data(), bytes.data(), bytes.size());
        return k;
    }();
    return key;
}

}
