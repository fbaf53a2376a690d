#pragma once
// The hasher for hash tables keyed by digests (SHA-256, BLAKE2b-256) that come
// from the network, such as advert hashes: SipHash under this process's key
// (ShortHash.h), so that a peer cannot choose values that collide and turn
// a table lookup into a linear scan.

#include "crypto/ShortHash.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace stellar::crypto
{

struct DigestHasher
{
    // Deliberately not noexcept: libstdc++ then stores each element's hash
    // beside it, so that rehashing and bucket scans do not run SipHash (or a
    // 32-byte compare) again.
    template <std::size_t N>
    std::size_t
    operator()(std::array<uint8_t, N> const& bytes) const
    {
        return static_cast<std::size_t>(shortHash(ByteSpan(bytes.data(), N)));
    }
};

}
