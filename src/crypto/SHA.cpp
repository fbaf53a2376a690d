#include "crypto/SHA.h"

#include "crypto/Sodium.h"

#include <algorithm>
#include <stdexcept>

namespace stellar::crypto
{

static_assert(crypto_hash_sha256_BYTES == 32);
static_assert(crypto_auth_hmacsha256_BYTES == 32);
static_assert(crypto_auth_hmacsha256_KEYBYTES == 32);

namespace
{

// HMAC with a key of any length, the empty key included: libsodium declares
// the key pointer non-null even when its length is zero.
void
initHmacAnyKey(crypto_auth_hmacsha256_state& state, ByteSpan key)
{
    static unsigned char const emptyKey = 0;
    crypto_auth_hmacsha256_init(&state, key.empty() ? &emptyKey : key.data(), key.size());
}

}

Bytes32
sha256(ByteSpan data)
{
    initSodium();
    Bytes32 out;
    crypto_hash_sha256(out.data(), data.data(), data.size());
    return out;
}

SHA256::SHA256()
{
    initSodium();
    crypto_hash_sha256_init(&state_);
}

void
SHA256::add(ByteSpan data)
{
    if (finished_)
    {
        throw std::logic_error("SHA256::add after finish");
    }
    crypto_hash_sha256_update(&state_, data.data(), data.size());
}

Bytes32
SHA256::finish()
{
    if (finished_)
    {
        throw std::logic_error("SHA256::finish called twice");
    }
    finished_ = true;
    Bytes32 out;
    crypto_hash_sha256_final(&state_, out.data());
    return out;
}

Bytes32
hmacSha256(Bytes32 const& key, ByteSpan data)
{
    initSodium();
    Bytes32 out;
    crypto_auth_hmacsha256(out.data(), data.data(), data.size(), key.data());
    return out;
}

Bytes32
hmacSha256(ByteSpan key, ByteSpan data)
{
    initSodium();
    crypto_auth_hmacsha256_state state;
    initHmacAnyKey(state, key);
    crypto_auth_hmacsha256_update(&state, data.data(), data.size());
    Bytes32 out;
    crypto_auth_hmacsha256_final(&state, out.data());
    sodium_memzero(&state, sizeof state);
    return out;
}

bool
hmacSha256Verify(Bytes32 const& mac, Bytes32 const& key, ByteSpan data)
{
    auto expected = hmacSha256(key, data);
    return crypto_verify_32(expected.data(), mac.data()) == 0;
}

HmacSha256::HmacSha256(Bytes32 const& key)
{
    initSodium();
    crypto_auth_hmacsha256_init(&state_, key.data(), key.size());
}

HmacSha256::~HmacSha256()
{
    sodium_memzero(&state_, sizeof state_);
}

void
HmacSha256::add(ByteSpan data)
{
    if (finished_)
    {
        throw std::logic_error("HmacSha256::add after finish");
    }
    crypto_auth_hmacsha256_update(&state_, data.data(), data.size());
}

Bytes32
HmacSha256::finish()
{
    if (finished_)
    {
        throw std::logic_error("HmacSha256::finish called twice");
    }
    finished_ = true;
    Bytes32 out;
    crypto_auth_hmacsha256_final(&state_, out.data());
    return out;
}

Bytes32
hkdfExtract(ByteSpan salt, ByteSpan ikm)
{
    return hmacSha256(salt, ikm);
}

std::vector<uint8_t>
hkdfExpand(ByteSpan prk, ByteSpan info, std::size_t length)
{
    constexpr std::size_t hashLength = 32;
    if (length > 255 * hashLength)
    {
        throw std::invalid_argument("HKDF-Expand length is above 255 * 32 bytes");
    }
    initSodium();
    std::vector<uint8_t> out;
    out.reserve(length);
    Bytes32 block{};
    std::size_t blockLength = 0; // T(0) is empty
    for (uint8_t counter = 1; out.size() < length; ++counter)
    {
        crypto_auth_hmacsha256_state state;
        initHmacAnyKey(state, prk);
        crypto_auth_hmacsha256_update(&state, block.data(), blockLength);
        crypto_auth_hmacsha256_update(&state, info.data(), info.size());
        crypto_auth_hmacsha256_update(&state, &counter, 1);
        crypto_auth_hmacsha256_final(&state, block.data());
        sodium_memzero(&state, sizeof state);
        blockLength = block.size();
        auto take = std::min(hashLength, length - out.size());
        out.insert(out.end(), block.begin(), block.begin() + take);
    }
    sodium_memzero(block.data(), block.size());
    return out;
}

Bytes32
hkdfExtract(ByteSpan ikm)
{
    Bytes32 const zeroSalt{};
    return hmacSha256(zeroSalt, ikm);
}

Bytes32
hkdfExpand(Bytes32 const& key, ByteSpan info)
{
    HmacSha256 mac{key};
    mac.add(info);
    uint8_t const counter = 1;
    mac.add(ByteSpan{&counter, 1});
    return mac.finish();
}

}
