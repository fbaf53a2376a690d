#pragma once
// JSON form of every Stellar XDR type: SEP-51, the JSON of the Rust
// stellar-xdr crate, which stellar-cli (`stellar xdr`), @stellar/stellar-xdr-json
// and Stellar Lab speak. One rule per XDR shape (table in README.md):
//   struct          object with the snake_case field names, in XDR order
//   enum            the member's name without the enum's common prefix,
//                   snake_case ("error_msg", "confirm")
//   union           void case: its name as a string ("none"); other cases
//                   {"<case name>": <value>}; int discriminants are "v0", "v1"
//   int / uint      JSON number
//   hyper / uhyper  decimal string ("-5"); a number is accepted on input
//   bool            true / false
//   opaque[N], <N>  lowercase hex string (a few fixed ones, as the crate has
//                   them, an array of byte numbers)
//   string<N>       printable ASCII with the bytes escaped (\\, \n, \r, \t,
//                   \0, \xNN), as the crate's StringM
//   T*              null or the value
//   T[N], T<N>      JSON array
// Keys, accounts, addresses and ids are StrKeys ("G...", "M...", "C..."),
// asset codes text, 128/256-bit integers decimal strings (SpecialJson.h).
// The generated code (StellarJson.h, tools/xdrgen/cppJson.js) writes the
// form of each position with the helpers below.
//
// fromJson is strict (an unknown member, a value out of range, a bound
// exceeded, a name that is not in the enum) and throws XdrError naming the
// JSON path and what was expected: `at /hello/version_str: expected a string
// of at most 100 bytes, got 101`.

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

// Members in insertion order: SEP-51 prints fields in XDR order.
using Json = nlohmann::ordered_json;

Json hexJson(uint8_t const* data, size_t n);
Json byteArrayJson(uint8_t const* data, size_t n);
// A string<N>'s bytes, escaped as the crate's StringM prints them.
Json escapedStringJson(std::string const& bytes);
std::string escapeBytes(uint8_t const* data, size_t n);
Json decimalJson(int64_t v);
Json decimalJson(uint64_t v);
std::string toHex(uint8_t const* data, size_t n);

template <class V, class F>
Json
arrayJson(V const& v, F&& element)
{
    Json a = Json::array();
    for (auto const& e : v)
        a.push_back(element(e));
    return a;
}

template <class T, class F>
Json
optionalJson(pointer<T> const& v, F&& value)
{
    return v ? value(*v) : Json(nullptr);
}

// Builds a JSON object member by member (one out-of-line function instead of
// a template instantiation per member name in the generated code).
class JsonObject
{
  public:
    void put(char const* key, Json&& value);
    Json take();

  private:
    Json object_ = Json::object();
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
        Step(JsonIn& in, Json const& object, char const* key);
        Step(JsonIn& in, Json const& array, size_t index);
        ~Step() { in_.path_.pop_back(); }
        Step(Step const&) = delete;
        Step& operator=(Step const&) = delete;
        Json const& json() const noexcept { return *j_; }

      private:
        JsonIn& in_;
        Json const* j_;
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

    // j must be an object whose members are among `keys` (`what` names the
    // type for the message).
    void expectObject(Json const& j, std::initializer_list<char const*> keys, char const* what);
    // Whether the object j has the member (a missing optional field is null).
    static bool has(Json const& j, char const* key) { return j.contains(key); }
    // A union value: "<case>" (a void case) or {"<case>": value}. Returns the
    // case name; `value` is null for the string form.
    std::string const& unionCase(Json const& j, Json const*& value, char const* what);

    int32_t readInt32(Json const& j);
    uint32_t readUint32(Json const& j);
    // A decimal string (as SEP-51 writes it) or a JSON number.
    int64_t readInt64(Json const& j);
    uint64_t readUint64(Json const& j);
    // A JSON number only: a top-level int64 / uint64 typedef.
    int64_t readInt64Number(Json const& j);
    uint64_t readUint64Number(Json const& j);
    bool readBool(Json const& j);
    void readFixedHex(Json const& j, uint8_t* out, size_t n);
    void readByteArray(Json const& j, uint8_t* out, size_t n);
    void readVarHex(Json const& j, std::vector<uint8_t>& out, uint32_t max);
    // A string<max>: escaped text as escapedStringJson writes it.
    void readString(Json const& j, std::string& out, uint32_t max);
    // j must be an array of at most max elements; returns its size.
    size_t readArrayLength(Json const& j, uint32_t max);
    void expectArrayLength(Json const& j, size_t n);
    // j must be a string; the caller maps it to an enum member.
    std::string const& readEnumName(Json const& j, char const* what);
    // j must be a string; for the hand-written forms of SpecialJson.cpp.
    std::string const& readText(Json const& j, char const* expected);

  private:
    std::vector<std::string> path_;
    uint32_t depth_ = 0;
    uint32_t maxDepth_;
};

inline constexpr uint32_t JSON_UNBOUNDED = std::numeric_limits<uint32_t>::max();

// Undoes escapeBytes; nullopt-like failure reported through `in`.
std::string unescapeBytes(JsonIn const& in, std::string const& text);

}

// The generated overloads of every struct, union and enum, and the
// hand-written ones of the types whose JSON is not their structure.
#include "xdr/SpecialJson.h"
#include "xdr/StellarJson.h"

namespace stellar::xdr
{

template <class T>
Json
toJson(T const& v)
{
    return toJsonValue(v);
}

template <class T>
T
fromJson(Json const& j)
{
    JsonIn in;
    T v{};
    fromJsonValue(in, j, v);
    return v;
}

}
