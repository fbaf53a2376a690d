#pragma once
// Record marking (OVERLAY_SPEC §3.2, RFC 5531 §11): every message on the wire
// is one fragment preceded by a 4-byte big-endian header whose low 31 bits give
// the body length and whose bit 31 says "last fragment". stellar-core writes
// the bit on every frame and masks it off on receipt without looking at it, so
// we do the same: a header with bit 31 clear is accepted exactly like one with
// it set. This is the only place in the tree that knows about bit 31.
//
// The size limits below are checked against the masked length when a header
// arrives (OVERLAY_SPEC §5.4; core: TCPPeer::getIncomingMsgLength).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace stellar
{

inline constexpr uint32_t RECORD_MARK_LAST_FRAGMENT = 0x80000000u; // set on every frame we write
inline constexpr std::size_t RECORD_MARK_SIZE = 4;                 // core: TCPPeer HDRSZ
inline constexpr std::size_t MAX_UNAUTH_MESSAGE_SIZE = 0x1000;     // 4096 before authentication
inline constexpr std::size_t MAX_MESSAGE_SIZE = 0x1000000;         // 16 MiB after (core: MAX_MESSAGE_SIZE)

// The longest body a record mark can describe (31 bits).
inline constexpr std::size_t MAX_RECORD_MARK_LENGTH = 0x7FFFFFFFu;

// Header for a body of `bodyLength` bytes, with bit 31 set. Throws
// std::length_error if the length does not fit in 31 bits: that is a bug in
// the caller, never something a peer can cause.
std::array<uint8_t, 4> encodeRecordMark(uint32_t bodyLength);

// The body length a header announces, bit 31 masked off.
uint32_t decodeRecordMark(std::span<uint8_t const, 4> header);

// One whole frame: the record mark followed by `body`.
std::vector<uint8_t> encodeFrame(std::span<uint8_t const> body);

}
