#include "crypto/SecretKey.h"

#include "crypto/Random.h"
#include "crypto/SHA.h"
#include "crypto/Sodium.h"
#include "crypto/StrKey.h"

#include <sodium.h>

#include <algorithm>

namespace stellar::crypto
{

static_assert(crypto_sign_SEEDBYTES == 32);
static_assert(crypto_sign_PUBLICKEYBYTES == 32);
static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_BYTES == 64);

SecretKey
SecretKey::random()
{
    Bytes32 seed = randomBytes32();
    SecretKey key = fromSeed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

SecretKey
SecretKey::fromSeed(Bytes32 const& seed)
{
    initSodium();
    SecretKey key;
    if (crypto_sign_seed_keypair(key.publicKey_.data(), key.secret_.data(), seed.data()) != 0)
    {
        throw CryptoError("crypto_sign_seed_keypair failed");
    }
    return key;
}

std::optional<SecretKey>
SecretKey::fromStrKeySeed(std::string_view strKey)
{
    auto payload = strKeyDecode(StrKeyVersion::STRKEY_SEED_ED25519, strKey);
    if (!payload)
    {
        return std::nullopt;
    }
    Bytes32 seed{};
    std::copy(payload->begin(), payload->end(), seed.begin());
    sodium_memzero(payload->data(), payload->size());
    SecretKey key = fromSeed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

SecretKey
SecretKey::fromNetworkSeed(std::string_view passphrase)
{
    return fromSeed(sha256(asBytes(passphrase)));
}

SecretKey::~SecretKey()
{
    sodium_memzero(secret_.data(), secret_.size());
}

std::string
SecretKey::strKeyPublic() const
{
    return toStrKeyPublic(publicKey_);
}

std::span<uint8_t const, 32>
SecretKey::seed() const
{
    return std::span<uint8_t const, 64>{secret_}.first<32>();
}

std::string
SecretKey::strKeySeed() const
{
    return strKeyEncode(StrKeyVersion::STRKEY_SEED_ED25519, seed());
}

Bytes64
SecretKey::sign(ByteSpan message) const
{
    Bytes64 signature;
    if (crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_.data()) != 0)
    {
        throw CryptoError("crypto_sign_detached failed");
    }
    return signature;
}

bool
verifySignature(Bytes32 const& publicKey, ByteSpan signature, ByteSpan message)
{
    if (signature.size() != crypto_sign_BYTES)
    {
        return false;
    }
    initSodium();
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

}
