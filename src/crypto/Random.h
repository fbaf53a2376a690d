#pragma once
// Secure randomness for key material, nonces and keys: libsodium's
// randombytes_buf (the operating system's generator). Never seeded, never
// reproducible. Protocol decisions that tests must repeat (backoff, peer
// choice) use util/Random.h instead.

#include "crypto/Bytes.h"

#include <span>

namespace stellar::crypto
{

void randomBytes(std::span<uint8_t> out);
Bytes32 randomBytes32();

}
