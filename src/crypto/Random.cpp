#include "crypto/Random.h"

#include "crypto/Sodium.h"

#include <sodium.h>

namespace stellar::crypto
{

void
randomBytes(std::span<uint8_t> out)
{
    if (out.empty())
    {
        return; // randombytes_buf's pointer must not be null, even for no bytes
    }
    initSodium();
    randombytes_buf(out.data(), out.size());
}

Bytes32
randomBytes32()
{
    Bytes32 out;
    randomBytes(out);
    return out;
}

}
