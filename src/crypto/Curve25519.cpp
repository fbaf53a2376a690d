#include "crypto/Curve25519.h"

#include "crypto/Random.h"
#include "crypto/SecretKey.h"
#include "crypto/Sodium.h"

#include <sodium.h>

#include <algorithm>

namespace stellar::crypto
{

static_assert(crypto_scalarmult_BYTES == 32);
static_assert(crypto_scalarmult_SCALARBYTES == 32);
static_assert(crypto_box_SEALBYTES == CURVE25519_SEAL_OVERHEAD_BYTES);

Curve25519Secret::~Curve25519Secret()
{
    sodium_memzero(key.data(), key.size());
}

Curve25519Secret
curve25519RandomSecret()
{
    Curve25519Secret secret;
    randomBytes(secret.key);
    return secret;
}

Curve25519Public
curve25519DerivePublic(Curve25519Secret const& secret)
{
    initSodium();
    Curve25519Public out;
    if (crypto_scalarmult_base(out.key.data(), secret.key.data()) != 0)
    {
        throw CryptoError("crypto_scalarmult_base failed");
    }
    return out;
}

std::optional<Bytes32>
curve25519SharedSecret(Curve25519Secret const& local, Curve25519Public const& remote)
{
    initSodium();
    Bytes32 out;
    // libsodium fails for a low-order point and for an all-zero product.
    if (crypto_scalarmult(out.data(), local.key.data(), remote.key.data()) != 0)
    {
        return std::nullopt;
    }
    return out;
}

std::vector<uint8_t>
curve25519Encrypt(Curve25519Public const& to, ByteSpan plaintext)
{
    initSodium();
    std::vector<uint8_t> out(plaintext.size() + crypto_box_SEALBYTES);
    if (crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), to.key.data()) != 0)
    {
        throw CryptoError("crypto_box_seal failed");
    }
    return out;
}

std::optional<std::vector<uint8_t>>
curve25519Decrypt(Curve25519Secret const& localSecret, Curve25519Public const& localPublic, ByteSpan ciphertext)
{
    if (ciphertext.size() < crypto_box_SEALBYTES)
    {
        return std::nullopt;
    }
    initSodium();
    std::vector<uint8_t> out(ciphertext.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), ciphertext.data(), ciphertext.size(), localPublic.key.data(),
                             localSecret.key.data()) != 0)
    {
        return std::nullopt;
    }
    return out;
}

std::optional<Curve25519Public>
curve25519FromEd25519Public(Bytes32 const& ed25519Public)
{
    initSodium();
    Curve25519Public out;
    if (crypto_sign_ed25519_pk_to_curve25519(out.key.data(), ed25519Public.data()) != 0)
    {
        return std::nullopt;
    }
    return out;
}

Curve25519Secret
curve25519FromEd25519Secret(SecretKey const& ed25519Secret)
{
    initSodium();
    // libsodium wants its 64-byte secret layout, seed || public key.
    Bytes64 full;
    auto seed = ed25519Secret.seed();
    std::copy(seed.begin(), seed.end(), full.begin());
    std::copy(ed25519Secret.publicKey().begin(), ed25519Secret.publicKey().end(), full.begin() + 32);
    Curve25519Secret out;
    int result = crypto_sign_ed25519_sk_to_curve25519(out.key.data(), full.data());
    sodium_memzero(full.data(), full.size());
    if (result != 0)
    {
        throw CryptoError("crypto_sign_ed25519_sk_to_curve25519 failed");
    }
    return out;
}

}
