#pragma once
// BLAKE2b with a 32-byte digest (BLAKE2b-256, RFC 7693 with nn = 32), which is
// libsodium's crypto_generichash at crypto_generichash_BYTES.
//
// The overlay keys its flood records by the BLAKE2b-256 of a whole
// StellarMessage's XDR (OVERLAY_SPEC §3.3, §9.2; core: Floodgate, xdrBlake2).
// Advert and demand hashes are not this: they are the SHA-256 of the
// transaction envelope (E12).

#include "crypto/Bytes.h"

#include <sodium.h>

namespace stellar::crypto
{

Bytes32 blake2b256(ByteSpan data);

// Incremental BLAKE2b-256: add() any number of times, then finish() once.
// Using it after finish() is a programming error and throws std::logic_error.
// core: BLAKE2 (the same name), which hashes XDR as it is written.
class BLAKE2
{
  public:
    BLAKE2();
    void add(ByteSpan data);
    Bytes32 finish();

  private:
    crypto_generichash_state state_;
    bool finished_ = false;
};

}
