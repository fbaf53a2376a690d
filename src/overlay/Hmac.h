#pragma once
// Message authentication of one connection (spec 5.2, 5.3). Every message
// except HELLO and ERROR_MSG carries the next sequence number and
// HMAC-SHA256(sendKey, XDR(sequence) || XDR(message)); the receiver accepts
// exactly the next sequence with a valid MAC. Keys are set once, after HELLO;
// each is made ready for HMAC then (crypto::HmacSha256Key), so that a
// message costs its own hashing and not the key's.

#include "crypto/SHA.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace stellar
{

enum class MacCheck
{
    Ok,
    UnexpectedSequence, // "unexpected auth sequence"
    ZeroKey,            // "receive mac key is zero"
    BadMac              // "unexpected MAC"
};

class Hmac
{
  public:
    using Key = crypto::Bytes32;

    // Returns false (and keeps the old key) when a key is already set.
    bool setSendMacKey(Key const& key);
    bool setRecvMacKey(Key const& key);

    // Checks one received message: `sequence` as it arrived, `macInput` the
    // XDR of (sequence, message), `mac` the 32 bytes that followed. On Ok the
    // receive sequence moves on.
    MacCheck check(uint64_t sequence, std::span<uint8_t const> macInput, crypto::Bytes32 const& mac);

    // The sequence for the next authenticated message we send, and its MAC.
    // `macInput` must be XDR(sendSequence()) || XDR(message).
    uint64_t sendSequence() const { return sendSeq_; }
    crypto::Bytes32 macAndAdvance(std::span<uint8_t const> macInput);

    uint64_t recvSequence() const { return recvSeq_; }
    bool keysSet() const { return sendKeySet_ && recvKeySet_; }

  private:

    // Unset: the MAC of the zero key, as before keys are set.
    std::optional<crypto::HmacSha256Key> sendKey_, recvKey_;
    bool sendKeySet_ = false, recvKeySet_ = false, recvKeyZero_ = true;
    uint64_t sendSeq_ = 0, recvSeq_ = 0;
};

}
