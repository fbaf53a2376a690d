#include "xdr/XdrReader.h"

#include "xdr/XdrError.h"

#include <cstring>

namespace stellar::xdr
{

XdrReader::XdrReader(std::span<uint8_t const> input, uint32_t maxDepth) : in_(input), maxDepth_(maxDepth)
{
}

void
XdrReader::failAt(size_t offset, std::string const& detail) const
{
    throw XdrError(detail, offset);
}

void
XdrReader::need(size_t n, char const* what) const
{
    if (remaining() < n)
        failAt(pos_, std::string("input ends inside ") + what + ": " + std::to_string(n) + " bytes needed, " +
                         std::to_string(remaining()) + " left");
}

uint32_t
XdrReader::readUint32()
{
    need(4, "a 4-byte integer");
    uint8_t const* p = in_.data() + pos_;
    pos_ += 4;
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

int32_t
XdrReader::readInt32()
{
    return static_cast<int32_t>(readUint32());
}

uint64_t
XdrReader::readUint64()
{
    need(8, "an 8-byte integer");
    uint64_t hi = readUint32();
    return (hi << 32) | readUint32();
}

int64_t
XdrReader::readInt64()
{
    return static_cast<int64_t>(readUint64());
}

bool
XdrReader::readBool()
{
    size_t at = pos_;
    uint32_t v = readUint32();
    if (v > 1)
        failAt(at, "bool must be 0 or 1, got " + std::to_string(v));
    return v == 1;
}

void
XdrReader::readPadding(size_t n)
{
    size_t padding = (4 - n % 4) % 4;
    need(padding, "padding");
    for (size_t i = 0; i < padding; ++i)
    {
        if (in_[pos_ + i] != 0)
            failAt(pos_ + i, "padding byte is not zero");
    }
    pos_ += padding;
}

void
XdrReader::readFixedOpaque(uint8_t* out, size_t n)
{
    need(n, "fixed-length opaque data");
    if (n > 0)
        std::memcpy(out, in_.data() + pos_, n);
    pos_ += n;
    readPadding(n);
}

uint32_t
XdrReader::readLength(uint32_t max, size_t elementBytes, char const* what)
{
    size_t at = pos_;
    uint32_t n = readUint32();
    if (n > max)
        failAt(at, std::string(what) + " has length " + std::to_string(n) + ", more than its bound " +
                       std::to_string(max));
    if (n > remaining() / elementBytes)
        failAt(at, std::string(what) + " claims " + std::to_string(n) + (elementBytes == 1 ? " bytes" : " elements") +
                       " but only " + std::to_string(remaining()) + " bytes follow");
    return n;
}

void
XdrReader::readVarOpaque(std::vector<uint8_t>& out, uint32_t max, char const* what)
{
    uint32_t n = readLength(max, 1, what);
    out.assign(in_.data() + pos_, in_.data() + pos_ + n);
    pos_ += n;
    readPadding(n);
}

void
XdrReader::readString(std::string& out, uint32_t max, char const* what)
{
    uint32_t n = readLength(max, 1, what);
    out.assign(reinterpret_cast<char const*>(in_.data() + pos_), n);
    pos_ += n;
    readPadding(n);
}

uint32_t
XdrReader::readArrayLength(uint32_t max, size_t minElementBytes, char const* what)
{
    return readLength(max, minElementBytes < 4 ? 4 : minElementBytes, what);
}

void
XdrReader::expectEnd() const
{
    if (pos_ != in_.size())
        failAt(pos_, std::to_string(remaining()) + " trailing bytes after the value");
}

XdrReader::Nest::Nest(XdrReader& r) : r_(r)
{
    if (r_.depth_ >= r_.maxDepth_)
        r_.failAt(r_.pos_, "nesting deeper than " + std::to_string(r_.maxDepth_) + " levels");
    ++r_.depth_;
}

}
