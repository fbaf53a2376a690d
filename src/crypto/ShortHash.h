#pragma once
// SipHash-2-4 (libsodium's crypto_shorthash): a fast keyed 64-bit hash. Under
// a key the remote cannot know, its values cannot be predicted or steered,
// which is what makes it safe for hash tables fed from the network and for
// ping ids.
//
// Where the overlay uses it: Peer::pingIDfromTimePoint puts the short hash of
// the ping's send time into the first 8 bytes of the GET_SCP_QUORUMSET hash
// that serves as a ping (E28); the message metrics cache keys on
// it (OVERLAY_SPEC §14.7). The process key is drawn once from the secure
// generator on first use, as core's shortHash::initialize does.

#include "crypto/Bytes.h"

#include <array>
#include <cstdint>

namespace stellar::crypto
{

using ShortHashKey = std::array<uint8_t, 16>;

// SipHash-2-4 of `data` under this process's random key.
uint64_t shortHash(ByteSpan data);

// SipHash-2-4 of `data` under `key`. The 8 output bytes are read as a
// little-endian integer, which is how the SipHash paper states its results.
uint64_t shortHash(ShortHashKey const& key, ByteSpan data);

}
