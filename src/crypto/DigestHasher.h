#pragma once
// The hasher for hash tables keyed by digests (SHA-256, BLAKE2b-256) that come
// from the network, such as advert hashes. A digest's bytes are already
// spread evenly, but a peer who chooses what is hashed (a transaction's
// contents) can grind digests whose bucket it knows, and turn a table lookup
// into a linear scan. So the digest's 64-bit words are mixed with a random
// key drawn once per process: each pair of keyed words is multiplied into
// 128 bits and folded (the multiply-fold step of wyhash and NH), so that the
// bucket of a digest cannot be told without the key. This costs a few
// instructions where SipHash of the 32 bytes cost several hundred, and it is
// computed once per lookup.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace stellar::crypto
{

// Four words drawn from the secure generator on first use, never changed.
std::array<uint64_t, 4> const& digestHashKey();

struct DigestHasher
{
    // Deliberately not noexcept: libstdc++ then stores each element's hash
    // beside it, so that rehashing and bucket scans do not hash (or compare
    // 32 bytes) again.
    template <std::size_t N>
    std::size_t
    operator()(std::array<uint8_t, N> const& bytes) const
    {
        static_assert(N == 32, "a digest of 32 bytes");
        uint64_t w[4];
        std::memcpy(w, bytes.data(), sizeof(w));
        auto const& k = digestHashKey();
        return static_cast<std::size_t>(fold(w[0] ^ k[0], w[1] ^ k[1]) ^ fold(w[2] ^ k[2], w[3] ^ k[3]));
    }

  private:
    static uint64_t
    fold(uint64_t a, uint64_t b)
    {
        auto product = static_cast<unsigned __int128>(a) * b;
        return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
    }
};

}
