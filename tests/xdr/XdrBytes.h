#pragma once
// Spelling out expected XDR in tests: a byte string built item by item, so
// that an expected encoding reads like the XDR it stands for.

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace stellar::xdrtest
{

class XdrBytes
{
  public:
    XdrBytes& u32(uint32_t v)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
            b_.push_back(static_cast<uint8_t>(v >> shift));
        return *this;
    }
    XdrBytes& u64(uint64_t v)
    {
        u32(static_cast<uint32_t>(v >> 32));
        return u32(static_cast<uint32_t>(v));
    }
    // n copies of one byte (a hash, a key).
    XdrBytes& fill(size_t n, uint8_t byte)
    {
        b_.insert(b_.end(), n, byte);
        return *this;
    }
    // Raw bytes, no length and no padding.
    XdrBytes& raw(std::string_view s)
    {
        b_.insert(b_.end(), s.begin(), s.end());
        return *this;
    }
    XdrBytes& raw(std::initializer_list<uint8_t> bytes)
    {
        b_.insert(b_.end(), bytes);
        return *this;
    }
    // string<>/opaque<>: length, bytes, zero padding.
    XdrBytes& str(std::string_view s)
    {
        u32(static_cast<uint32_t>(s.size()));
        raw(s);
        return fill((4 - s.size() % 4) % 4, 0);
    }
    XdrBytes& append(std::vector<uint8_t> const& more)
    {
        b_.insert(b_.end(), more.begin(), more.end());
        return *this;
    }
    std::vector<uint8_t> const& bytes() const { return b_; }
    operator std::vector<uint8_t> const&() const { return b_; }
    operator std::span<uint8_t const>() const { return b_; }

  private:
    std::vector<uint8_t> b_;
};

}
