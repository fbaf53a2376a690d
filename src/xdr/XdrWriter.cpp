#include "xdr/XdrWriter.h"

#include "xdr/XdrError.h"

#include <algorithm>
#include <string>

namespace stellar::xdr
{

void
XdrWriter::makeRoom(size_t n)
{
    // Room for the next 256 bytes at least, doubling as the encoding grows.
    out_.resize(std::max({size_ + n, 2 * out_.size(), size_t{256}}));
}

void
XdrWriter::pad(size_t n)
{
    static constexpr uint8_t ZEROS[4] = {0, 0, 0, 0};
    put(ZEROS, (4 - n % 4) % 4);
}

void
XdrWriter::writeUint32(uint32_t v)
{
    uint8_t b[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                    static_cast<uint8_t>(v)};
    put(b, 4);
}

void
XdrWriter::writeInt32(int32_t v)
{
    writeUint32(static_cast<uint32_t>(v));
}

void
XdrWriter::writeUint64(uint64_t v)
{
    writeUint32(static_cast<uint32_t>(v >> 32));
    writeUint32(static_cast<uint32_t>(v));
}

void
XdrWriter::writeInt64(int64_t v)
{
    writeUint64(static_cast<uint64_t>(v));
}

void
XdrWriter::writeBool(bool v)
{
    writeUint32(v ? 1 : 0);
}

void
XdrWriter::writeFixedOpaque(uint8_t const* data, size_t n)
{
    put(data, n);
    pad(n);
}

void
XdrWriter::checkLength(size_t n, uint32_t max, char const* what) const
{
    if (n > max)
        throw XdrError(std::string(what) + " has length " + std::to_string(n) + ", more than its bound " +
                           std::to_string(max),
                       size_);
}

void
XdrWriter::writeVarOpaque(std::span<uint8_t const> data, uint32_t max, char const* what)
{
    checkLength(data.size(), max, what);
    writeUint32(static_cast<uint32_t>(data.size()));
    writeFixedOpaque(data.data(), data.size());
}

void
XdrWriter::writeString(std::string_view s, uint32_t max, char const* what)
{
    writeVarOpaque({reinterpret_cast<uint8_t const*>(s.data()), s.size()}, max, what);
}

void
XdrWriter::writeArrayLength(size_t n, uint32_t max, char const* what)
{
    checkLength(n, max, what);
    writeUint32(static_cast<uint32_t>(n));
}

std::vector<uint8_t>
XdrWriter::take()
{
    out_.resize(size_);
    std::vector<uint8_t> result;
    result.swap(out_);
    size_ = 0;
    return result;
}

}
