#pragma once
// libsodium must be initialised once before any of its functions run
// (sodium_init picks the CPU-specific implementations and seeds the random
// generator). Every function of this layer that calls libsodium calls
// initSodium() first, so callers never need to.

#include <stdexcept>

namespace stellar::crypto
{

// A failure inside libsodium that no input can cause (initialisation, an
// internal error code). Bad input never throws this: it comes back as a value.
class CryptoError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

// Idempotent and thread-safe; throws CryptoError if sodium_init fails.
void initSodium();

}
