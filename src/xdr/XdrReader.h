#pragma once
// Reads XDR (RFC 4506) from bytes that came from the network, so every read
// is checked: the input may end early, lie about lengths, pad with non-zero
// bytes or nest without end.
//  - A length prefix above the item's XDR bound is refused.
//  - Before anything is allocated, the claimed count must fit in what is left
//    of the input (every XDR array element takes at least 4 bytes, every
//    opaque or string byte 1), so a 5-byte message cannot make us reserve
//    4 GiB.
//  - Structs and unions nest at most maxDepth deep (500, the default of the
//    Rust stellar-xdr crate); deeper input is refused instead of exhausting
//    the stack.
//  - Padding bytes must be zero and bools 0 or 1, as xdrpp demands
//    (stellar-core rejects what we would otherwise accept).
// Every failure is an XdrError carrying the byte offset where the bad item
// starts.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace stellar::xdr
{

class XdrReader
{
  public:
    static constexpr uint32_t DEFAULT_MAX_DEPTH = 500;

    explicit XdrReader(std::span<uint8_t const> input, uint32_t maxDepth = DEFAULT_MAX_DEPTH);

    size_t offset() const noexcept { return pos_; }
    size_t remaining() const noexcept { return in_.size() - pos_; }

    int32_t readInt32();
    uint32_t readUint32();
    int64_t readInt64();
    uint64_t readUint64();
    bool readBool();

    // opaque[n] into out[0..n), then its padding.
    void readFixedOpaque(uint8_t* out, size_t n);
    // opaque<max> / string<max>; `what` names the item in errors.
    void readVarOpaque(std::vector<uint8_t>& out, uint32_t max, char const* what);
    void readString(std::string& out, uint32_t max, char const* what);
    // The element count of T<max>, checked against the bound and against the
    // bytes left before the caller allocates: each element takes at least
    // minElementBytes (4 for any XDR value; the generator passes the exact
    // minimum of the element type).
    uint32_t readArrayLength(uint32_t max, size_t minElementBytes, char const* what);

    // Throws unless every byte has been consumed (fromBytes rejects trailing bytes).
    void expectEnd() const;

    [[noreturn]] void failAt(size_t offset, std::string const& detail) const;

    // One level of struct or union nesting, for the depth cap.
    class Nest
    {
      public:
        explicit Nest(XdrReader& r);
        ~Nest() { --r_.depth_; }
        Nest(Nest const&) = delete;
        Nest& operator=(Nest const&) = delete;

      private:
        XdrReader& r_;
    };

  private:
    void need(size_t n, char const* what) const;
    void readPadding(size_t n);
    uint32_t readLength(uint32_t max, size_t elementBytes, char const* what);

    std::span<uint8_t const> in_;
    size_t pos_ = 0;
    uint32_t depth_ = 0;
    uint32_t maxDepth_;
};

}
