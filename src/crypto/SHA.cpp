#include "crypto/SHA.h"

#include "crypto/Sodium.h"

// SHA-256 comes from OpenSSL's libcrypto (3.x), whose SHA256_Update runs the
// CPU's SHA extensions where there are any (else AVX2 or SSSE3 code); it
// was chosen by measurement (docs/performance.md). The low-level SHA256_*
// calls are deprecated in OpenSSL 3 in favour of EVP, but EVP allocates a
// provider context for every digest; these allocate nothing and produce the
// same bytes.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace stellar::crypto
{

static_assert(sizeof(SHA256_CTX) == SHA256_STATE_BYTES);
static_assert(alignof(SHA256_CTX) <= alignof(std::max_align_t));

namespace
{

SHA256_CTX&
ctx(Sha256State& s)
{
    return *reinterpret_cast<SHA256_CTX*>(s.bytes);
}

SHA256_CTX const&
ctx(Sha256State const& s)
{
    return *reinterpret_cast<SHA256_CTX const*>(s.bytes);
}

void
update(SHA256_CTX& c, ByteSpan data)
{
    if (!data.empty())
        SHA256_Update(&c, data.data(), data.size());
}

// RFC 2104: the states after one block of key ^ ipad and of key ^ opad. A
// key longer than the block is hashed first; a shorter one is padded with
// zeros.
void
keyStates(ByteSpan key, Sha256State& inner, Sha256State& outer)
{
    uint8_t block[SHA256_CBLOCK] = {};
    if (key.size() > sizeof block)
        ::SHA256(key.data(), key.size(), block);
    else if (!key.empty())
        std::memcpy(block, key.data(), key.size());
    uint8_t pad[SHA256_CBLOCK];
    for (std::size_t i = 0; i < sizeof block; ++i)
        pad[i] = block[i] ^ 0x36;
    SHA256_Init(&ctx(inner));
    SHA256_Update(&ctx(inner), pad, sizeof pad);
    for (std::size_t i = 0; i < sizeof block; ++i)
        pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&ctx(outer));
    SHA256_Update(&ctx(outer), pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

// The MAC from an inner state that has taken the message and a copy of the
// outer state.
Bytes32
finishMac(SHA256_CTX& inner, SHA256_CTX& outer)
{
    uint8_t innerHash[SHA256_DIGEST_LENGTH];
    SHA256_Final(innerHash, &inner);
    SHA256_Update(&outer, innerHash, sizeof innerHash);
    Bytes32 out;
    SHA256_Final(out.data(), &outer);
    OPENSSL_cleanse(innerHash, sizeof innerHash);
    OPENSSL_cleanse(&inner, sizeof inner);
    OPENSSL_cleanse(&outer, sizeof outer);
    return out;
}

}

Bytes32
sha256(ByteSpan data)
{
    Bytes32 out;
    SHA256_CTX c;
    SHA256_Init(&c);
    update(c, data);
    SHA256_Final(out.data(), &c);
    return out;
}

SHA256::SHA256()
{
    SHA256_Init(&ctx(state_));
}

void
SHA256::add(ByteSpan data)
{
    if (finished_)
    {
        throw std::logic_error("SHA256::add after finish");
    }
    update(ctx(state_), data);
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
    SHA256_Final(out.data(), &ctx(state_));
    return out;
}

HmacSha256Key::HmacSha256Key(ByteSpan key)
{
    keyStates(key, inner_, outer_);
}

HmacSha256Key::~HmacSha256Key()
{
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
}

Bytes32
HmacSha256Key::mac(ByteSpan data) const
{
    SHA256_CTX inner = ctx(inner_), outer = ctx(outer_);
    update(inner, data);
    return finishMac(inner, outer);
}

bool
HmacSha256Key::verify(Bytes32 const& mac, ByteSpan data) const
{
    auto expected = this->mac(data);
    return CRYPTO_memcmp(expected.data(), mac.data(), mac.size()) == 0;
}

Bytes32
hmacSha256(Bytes32 const& key, ByteSpan data)
{
    return HmacSha256Key(key).mac(data);
}

Bytes32
hmacSha256(ByteSpan key, ByteSpan data)
{
    return HmacSha256Key(key).mac(data);
}

bool
hmacSha256Verify(Bytes32 const& mac, Bytes32 const& key, ByteSpan data)
{
    return HmacSha256Key(key).verify(mac, data);
}

HmacSha256::HmacSha256(ByteSpan key)
{
    keyStates(key, inner_, outer_);
}

HmacSha256::~HmacSha256()
{
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
}

void
HmacSha256::add(ByteSpan data)
{
    if (finished_)
    {
        throw std::logic_error("HmacSha256::add after finish");
    }
    update(ctx(inner_), data);
}

Bytes32
HmacSha256::finish()
{
    if (finished_)
    {
        throw std::logic_error("HmacSha256::finish called twice");
    }
    finished_ = true;
    return finishMac(ctx(inner_), ctx(outer_));
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
    std::vector<uint8_t> out;
    out.reserve(length);
    Bytes32 block{};
    std::size_t blockLength = 0; // T(0) is empty
    for (uint8_t counter = 1; out.size() < length; ++counter)
    {
        HmacSha256 mac(prk);
        mac.add(ByteSpan(block.data(), blockLength));
        mac.add(info);
        mac.add(ByteSpan(&counter, 1));
        block = mac.finish();
        blockLength = block.size();
        auto take = std::min(hashLength, length - out.size());
        out.insert(out.end(), block.begin(), block.begin() + take);
    }
    OPENSSL_cleanse(block.data(), block.size());
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
