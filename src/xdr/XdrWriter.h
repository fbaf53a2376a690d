#pragma once
// Appends XDR (RFC 4506) to a byte vector: big-endian integers, opaque data
// and strings padded with zero bytes to a multiple of four, a 4-byte length
// before every variable-length item. A length over the item's XDR bound is
// refused with XdrError, so we never put on the wire what a peer must reject.
//
// Usable directly where a message is framed with extra fields, e.g. the MAC
// input of an AuthenticatedMessage:
//   XdrWriter w; w.writeUint64(sequence); encode(w, message); auto bytes = w.take();

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace stellar::xdr
{

class XdrWriter
{
  public:
    XdrWriter() = default;

    // A writer that only counts bytes (for encodedSize): nothing is stored.
    struct CountOnly
    {
    };
    explicit XdrWriter(CountOnly) : countOnly_(true)
    {
    }

    void writeInt32(int32_t v);
    void writeUint32(uint32_t v);
    void writeInt64(int64_t v);
    void writeUint64(uint64_t v);
    void writeBool(bool v);

    // opaque[n]: the bytes and their padding.
    void writeFixedOpaque(uint8_t const* data, size_t n);
    // opaque<max>: length, bytes, padding. `what` names the item in errors.
    void writeVarOpaque(std::span<uint8_t const> data, uint32_t max, char const* what);
    // string<max>: as opaque<max>; XDR puts no constraint on the bytes.
    void writeString(std::string_view s, uint32_t max, char const* what);
    // The length prefix of T<max>; the caller then writes the n elements.
    void writeArrayLength(size_t n, uint32_t max, char const* what);

    size_t size() const noexcept { return size_; }
    std::vector<uint8_t> take();

  private:
    // Bytes are copied into room made ahead (out_ is sized beyond size_ and
    // trimmed by take()): appending four bytes at a time through
    // vector::insert cost more than the encoding itself.
    void
    put(uint8_t const* data, size_t n)
    {
        if (!countOnly_ && n > 0) // an empty item may come with a null pointer
        {
            if (out_.size() - size_ < n)
                makeRoom(n);
            std::memcpy(out_.data() + size_, data, n);
        }
        size_ += n;
    }
    void makeRoom(size_t n);
    void pad(size_t n);
    void checkLength(size_t n, uint32_t max, char const* what) const;

    std::vector<uint8_t> out_;
    size_t size_ = 0;
    bool countOnly_ = false;
};

}
