#include "crypto/BLAKE2.h"

#include "crypto/Sodium.h"

#include <stdexcept>

namespace stellar::crypto
{

static_assert(crypto_generichash_BYTES == 32, "crypto_generichash's default output is 32 bytes");

Bytes32
blake2b256(ByteSpan data)
{
    initSodium();
    Bytes32 out;
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
    return out;
}

BLAKE2::BLAKE2()
{
    initSodium();
    crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES);
}

void
BLAKE2::add(ByteSpan data)
{
    if (finished_)
    {
        throw std::logic_error("BLAKE2::add after finish");
    }
    crypto_generichash_update(&state_, data.data(), data.size());
}

Bytes32
BLAKE2::finish()
{
    if (finished_)
    {
        throw std::logic_error("BLAKE2::finish called twice");
    }
    finished_ = true;
    Bytes32 out;
    crypto_generichash_final(&state_, out.data(), out.size());
    return out;
}

}
