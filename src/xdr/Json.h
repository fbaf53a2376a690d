#pragma once
// JSON form of every Stellar XDR type, for the CLI, the admin endpoints and
// tests. One rule per XDR shape (table in README.md):
//   struct          object with the XDR field names
//   enum            the member's XDR name ("HELLO", "SCP_ST_PREPARE")
//   union           {"<discriminant>": <its JSON>, "<arm>": <value>}; a void
//                   arm has only the discriminant
//   int / hyper     JSON number, exact for all 64 bits
//   bool            true / false
//   opaque[N], <N>  lowercase hex string
//   string<N>       JSON string when the bytes are valid UTF-8, else {"hex": "..."}
//   T*              null or the value
//   T[N], T<N>      JSON array
// fromJson is strict: a missing or unknown member, a number out of range, a
// bound exceeded or a name that is not in the enum throws XdrError naming
// the JSON path ("/hello/versionStr").

#include "xdr/Pointer.h"
#include "xdr/XdrError.h"
#include "xdr/XdrReader.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace stellar::xdr
{

bool isValidUtf8(std::string_view s) noexcept;
std::string toHex(uint8_t const* data, size_t n);
nlohmann::json hexJson(uint8_t const* data, size_t n);
nlohmann::json stringJson(std::string const& s);

// Builds a JSON object member by member (one out-of-line function instead of
// a template instantiation per member name in the generated code).
class JsonObject
{
  public:
    void put(char const* key, nlohmann::json&& value);
    nlohmann::json take();

  private:
    nlohmann::json::object_t members_;
};

// Where fromJson is in the input, for error messages, and how deep.
class JsonIn
{
  public:
    explicit JsonIn(uint32_t maxDepth = XdrReader::DEFAULT_MAX_DEPTH) : maxDepth_(maxDepth)
    {
    }

    [[noreturn]] void fail(std::string const& detail) const;
    std::string path() const;

    // Entering an object member or an array element.
    class Step
    {
      public:
        Step(JsonIn& in, nlohmann::json const& object, char const* key);
        Step(JsonIn& in, nlohmann::json const& array, size_t index);
        ~Step() { in_.path_.pop_back(); }
        Step(Step const&) = delete;
        Step& operator=(Step const&) = delete;
        nlohmann::json const& json() const noexcept { return *j_; }

      private:
        JsonIn& in_;
        nlohmann::json const* j_;
    };

    // One level of struct or union nesting, capped like XdrReader's.
    class Nest
    {
      public:
        explicit Nest(JsonIn& in);
        ~Nest() { --in_.depth_; }
        Nest(Nest const&) = delete;
        Nest& operator=(Nest const&) = delete;

      private:
        JsonIn& in_;
    };

    // j must be an object whose members are among `keys`.
    void expectObject(nlohmann::json const& j, std::initializer_list<char const*> keys);
    int32_t readInt32(nlohmann::json const& j);
    uint32_t readUint32(nlohmann::json const& j);
    int64_t readInt64(nlohmann::json const& j);
    uint64_t readUint64(nlohmann::json const& j);
    bool readBool(nlohmann::json const& j);
    void readFixedHex(nlohmann::json const& j, uint8_t* out, size_t n);
    void readVarHex(nlohmann::json const& j, std::vector<uint8_t>& out, uint32_t max);
    void readString(nlohmann::json const& j, std::string& out, uint32_t max);
    // j must be an array of at most max elements; returns its size.
    size_t readArrayLength(nlohmann::json const& j, uint32_t max);
    void expectArrayLength(nlohmann::json const& j, size_t n);
    // j must be a string; the caller maps it to an enum member.
    std::string const& readEnumName(nlohmann::json const& j);

  private:
    std::vector<std::string> path_;
    uint32_t depth_ = 0;
    uint32_t maxDepth_;
};

inline constexpr uint32_t JSON_UNBOUNDED = std::numeric_limits<uint32_t>::max();

}

// The generated overloads, and the container templates, are declared before
// any template body calls toJsonValue: a call on an element of namespace
// stellar finds by argument-dependent lookup only what is in stellar.
#include "xdr/StellarJson.h"

namespace stellar::xdr
{

template <size_t N> nlohmann::json toJsonValue(std::array<uint8_t, N> const& v);
template <class T, size_t N> nlohmann::json toJsonValue(std::array<T, N> const& v);
template <class T> nlohmann::json toJsonValue(std::vector<T> const& v);
template <class T> nlohmann::json toJsonValue(pointer<T> const& v);

inline nlohmann::json
toJsonValue(int32_t v)
{
    return v;
}
inline nlohmann::json
toJsonValue(uint32_t v)
{
    return v;
}
inline nlohmann::json
toJsonValue(int64_t v)
{
    return v;
}
inline nlohmann::json
toJsonValue(uint64_t v)
{
    return v;
}
inline nlohmann::json
toJsonValue(bool v)
{
    return v;
}
template <size_t N>
nlohmann::json
toJsonValue(std::array<uint8_t, N> const& v)
{
    return hexJson(v.data(), N);
}
inline nlohmann::json
toJsonValue(std::vector<uint8_t> const& v)
{
    return hexJson(v.data(), v.size());
}
inline nlohmann::json
toJsonValue(std::string const& v)
{
    return stringJson(v);
}
template <class T, size_t N>
nlohmann::json
toJsonValue(std::array<T, N> const& v)
{
    nlohmann::json a = nlohmann::json::array();
    for (auto const& e : v)
        a.push_back(toJsonValue(e));
    return a;
}
template <class T>
nlohmann::json
toJsonValue(std::vector<T> const& v)
{
    nlohmann::json a = nlohmann::json::array();
    for (auto const& e : v)
        a.push_back(toJsonValue(e));
    return a;
}
template <class T>
nlohmann::json
toJsonValue(pointer<T> const& v)
{
    return v ? toJsonValue(*v) : nlohmann::json(nullptr);
}

inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, int32_t& v)
{
    v = in.readInt32(j);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, uint32_t& v)
{
    v = in.readUint32(j);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, int64_t& v)
{
    v = in.readInt64(j);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, uint64_t& v)
{
    v = in.readUint64(j);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, bool& v)
{
    v = in.readBool(j);
}
template <size_t N>
void
fromJsonValue(JsonIn& in, nlohmann::json const& j, std::array<uint8_t, N>& v)
{
    in.readFixedHex(j, v.data(), N);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, std::vector<uint8_t>& v)
{
    in.readVarHex(j, v, JSON_UNBOUNDED);
}
inline void
fromJsonValue(JsonIn& in, nlohmann::json const& j, std::string& v)
{
    in.readString(j, v, JSON_UNBOUNDED);
}
template <class T, size_t N>
void
fromJsonValue(JsonIn& in, nlohmann::json const& j, std::array<T, N>& v)
{
    in.expectArrayLength(j, N);
    for (size_t i = 0; i < N; ++i)
    {
        JsonIn::Step step(in, j, i);
        fromJsonValue(in, step.json(), v[i]);
    }
}
template <class T>
void
fromJsonValue(JsonIn& in, nlohmann::json const& j, std::vector<T>& v)
{
    size_t n = in.readArrayLength(j, JSON_UNBOUNDED);
    v.clear();
    v.resize(n);
    for (size_t i = 0; i < n; ++i)
    {
        JsonIn::Step step(in, j, i);
        fromJsonValue(in, step.json(), v[i]);
    }
}
template <class T>
void
fromJsonValue(JsonIn& in, nlohmann::json const& j, pointer<T>& v)
{
    if (j.is_null())
        v.reset();
    else
        fromJsonValue(in, j, v.activate());
}

template <class T>
nlohmann::json
toJson(T const& v)
{
    return toJsonValue(v);
}

template <class T>
T
fromJson(nlohmann::json const& j)
{
    JsonIn in;
    T v{};
    fromJsonValue(in, j, v);
    return v;
}

}
