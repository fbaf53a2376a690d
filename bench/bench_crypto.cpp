// The cost of each primitive the overlay runs per connection or per message:
// a MAC per authenticated message (HMAC-SHA256), a flood-map key per flooded
// message (BLAKE2b-256), a signature check per SCP envelope and AuthCert,
// an X25519 and an HKDF per handshake.

#include "crypto/BLAKE2.h"
#include "crypto/Curve25519.h"
#include "crypto/SHA.h"
#include "crypto/SecretKey.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

using namespace stellar::crypto;

namespace
{

std::vector<uint8_t>
message(std::size_t size)
{
    std::vector<uint8_t> bytes(size);
    for (std::size_t i = 0; i < size; ++i)
    {
        bytes[i] = static_cast<uint8_t>(i * 31 + 7);
    }
    return bytes;
}

void
BM_Sha256(benchmark::State& state)
{
    auto data = message(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(sha256(data));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(4096);

void
BM_HmacSha256(benchmark::State& state)
{
    Bytes32 key{};
    key[0] = 1;
    auto data = message(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(hmacSha256(key, data));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_HmacSha256)->Arg(256)->Arg(4096);

void
BM_Blake2b256(benchmark::State& state)
{
    auto data = message(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(blake2b256(data));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Blake2b256)->Arg(256);

void
BM_Ed25519Sign(benchmark::State& state)
{
    auto key = SecretKey::fromNetworkSeed("bench");
    auto data = message(32); // a SHA-256, as an AuthCert signs
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(key.sign(data));
    }
}
BENCHMARK(BM_Ed25519Sign);

void
BM_Ed25519Verify(benchmark::State& state)
{
    auto key = SecretKey::fromNetworkSeed("bench");
    auto data = message(32);
    auto signature = key.sign(data);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(verifySignature(key.publicKey(), signature, data));
    }
}
BENCHMARK(BM_Ed25519Verify);

void
BM_X25519SharedSecret(benchmark::State& state)
{
    auto local = curve25519RandomSecret();
    auto remote = curve25519DerivePublic(curve25519RandomSecret());
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(curve25519SharedSecret(local, remote));
    }
}
BENCHMARK(BM_X25519SharedSecret);

// One direction of the handshake's key schedule: extract over
// X25519 result || publicA || publicB, then one single-block expand over
// direction byte || nonce || nonce.
void
BM_HkdfExtractExpand(benchmark::State& state)
{
    auto ikm = message(96);
    auto info = message(65);
    for (auto _ : state)
    {
        auto shared = hkdfExtract(ikm);
        benchmark::DoNotOptimize(hkdfExpand(shared, info));
    }
}
BENCHMARK(BM_HkdfExtractExpand);

}
