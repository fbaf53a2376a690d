#pragma once
// Binary XDR for every Stellar type. Free functions in stellar::xdr:
//   toBytes(v)             the XDR of v (XdrError if a value breaks a bound)
//   fromBytes<T>(bytes)    the T these bytes encode; the whole input must be
//                          used (trailing bytes are refused, as stellar-core
//                          v27 refuses them in a frame)
//   encodedSize(v)         toBytes(v).size() without building the bytes
//   encode(w, v) / decode(r, v)  streaming forms, declared for every struct,
//                          union and enum (xdr/StellarCodec.h, generated).
// Bounds (`string<100>`, `PeerAddress peers<100>`) are not part of the C++
// types; the generated code of the enclosing struct or union checks them.
// A typedef is only an alias, so encoding a bare alias value checks what its
// C++ type implies (fixed lengths) but not its bound; the type registry
// (xdr/Registry.h), which works by XDR name, checks those as well.

#include "xdr/Pointer.h"
#include "xdr/XdrError.h"
#include "xdr/XdrReader.h"
#include "xdr/XdrWriter.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace stellar::xdr
{

// The length bound of `T<>` / `opaque<>` / `string<>` (RFC 4506: 2^32 - 1).
inline constexpr uint32_t XDR_UNBOUNDED = std::numeric_limits<uint32_t>::max();

inline void
encode(XdrWriter& w, int32_t v)
{
    w.writeInt32(v);
}
inline void
encode(XdrWriter& w, uint32_t v)
{
    w.writeUint32(v);
}
inline void
encode(XdrWriter& w, int64_t v)
{
    w.writeInt64(v);
}
inline void
encode(XdrWriter& w, uint64_t v)
{
    w.writeUint64(v);
}
inline void
encode(XdrWriter& w, bool v)
{
    w.writeBool(v);
}
template <size_t N>
void
encode(XdrWriter& w, std::array<uint8_t, N> const& v)
{
    w.writeFixedOpaque(v.data(), N);
}
inline void
encode(XdrWriter& w, std::vector<uint8_t> const& v)
{
    w.writeVarOpaque(v, XDR_UNBOUNDED, "opaque");
}
inline void
encode(XdrWriter& w, std::string const& v)
{
    w.writeString(v, XDR_UNBOUNDED, "string");
}
template <class T, size_t N>
void
encode(XdrWriter& w, std::array<T, N> const& v)
{
    for (auto const& e : v)
        encode(w, e);
}
template <class T>
void
encode(XdrWriter& w, std::vector<T> const& v)
{
    w.writeArrayLength(v.size(), XDR_UNBOUNDED, "array");
    for (auto const& e : v)
        encode(w, e);
}
template <class T>
void
encode(XdrWriter& w, pointer<T> const& v)
{
    w.writeBool(static_cast<bool>(v));
    if (v)
        encode(w, *v);
}

inline void
decode(XdrReader& r, int32_t& v)
{
    v = r.readInt32();
}
inline void
decode(XdrReader& r, uint32_t& v)
{
    v = r.readUint32();
}
inline void
decode(XdrReader& r, int64_t& v)
{
    v = r.readInt64();
}
inline void
decode(XdrReader& r, uint64_t& v)
{
    v = r.readUint64();
}
inline void
decode(XdrReader& r, bool& v)
{
    v = r.readBool();
}
template <size_t N>
void
decode(XdrReader& r, std::array<uint8_t, N>& v)
{
    r.readFixedOpaque(v.data(), N);
}
inline void
decode(XdrReader& r, std::vector<uint8_t>& v)
{
    r.readVarOpaque(v, XDR_UNBOUNDED, "opaque");
}
inline void
decode(XdrReader& r, std::string& v)
{
    r.readString(v, XDR_UNBOUNDED, "string");
}
template <class T, size_t N>
void
decode(XdrReader& r, std::array<T, N>& v)
{
    for (auto& e : v)
        decode(r, e);
}
template <class T>
void
decode(XdrReader& r, std::vector<T>& v)
{
    uint32_t n = r.readArrayLength(XDR_UNBOUNDED, 4, "array");
    v.clear();
    v.resize(n);
    for (auto& e : v)
        decode(r, e);
}
template <class T>
void
decode(XdrReader& r, pointer<T>& v)
{
    if (r.readBool())
        decode(r, v.activate());
    else
        v.reset();
}

}

#include "xdr/StellarCodec.h"

namespace stellar::xdr
{

template <class T>
std::vector<uint8_t>
toBytes(T const& v)
{
    XdrWriter w;
    encode(w, v);
    return w.take();
}

template <class T>
void
fromBytes(std::span<uint8_t const> bytes, T& out)
{
    XdrReader r(bytes);
    decode(r, out);
    r.expectEnd();
}

template <class T>
T
fromBytes(std::span<uint8_t const> bytes)
{
    T v{};
    fromBytes(bytes, v);
    return v;
}

template <class T>
size_t
encodedSize(T const& v)
{
    XdrWriter w{XdrWriter::CountOnly{}};
    encode(w, v);
    return w.size();
}

}
