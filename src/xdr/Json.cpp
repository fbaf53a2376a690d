#include "xdr/Json.h"

#include "util/Hex.h"

#include <algorithm>
#include <charconv>

namespace stellar::xdr
{

std::string
toHex(uint8_t const* data, size_t n)
{
    return hexDigitsOf(data, n);
}

Json
hexJson(uint8_t const* data, size_t n)
{
    return toHex(data, n);
}

Json
byteArrayJson(uint8_t const* data, size_t n)
{
    Json a = Json::array();
    for (size_t i = 0; i < n; ++i)
        a.push_back(data[i]);
    return a;
}

// The escape_bytes crate's rules, which the crate's StringM uses: printable
// ASCII stays, a backslash doubles, NUL, tab, LF and CR get their letter, any
// other byte is \xNN in lowercase.
std::string
escapeBytes(uint8_t const* data, size_t n)
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i)
    {
        uint8_t b = data[i];
        switch (b)
        {
        case '\\': out += "\\\\"; break;
        case '\0': out += "\\0"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default:
            if (b >= 0x20 && b < 0x7F)
            {
                out += static_cast<char>(b);
            }
            else
            {
                out += "\\x";
                out += DIGITS[b >> 4];
                out += DIGITS[b & 0x0F];
            }
        }
    }
    return out;
}

Json
escapedStringJson(std::string const& bytes)
{
    return escapeBytes(reinterpret_cast<uint8_t const*>(bytes.data()), bytes.size());
}

Json
decimalJson(int64_t v)
{
    return std::to_string(v);
}

Json
decimalJson(uint64_t v)
{
    return std::to_string(v);
}

void
JsonObject::put(char const* key, Json&& value)
{
    object_.emplace(key, std::move(value));
}

Json
JsonObject::take()
{
    return std::move(object_);
}

namespace
{

// What a JSON value is, for "expected X, got Y".
std::string
describe(Json const& j)
{
    switch (j.type())
    {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return j.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "the number " + j.dump();
    case Json::value_t::number_float: return "the number " + j.dump();
    case Json::value_t::string: return "the string " + j.dump();
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return j.type_name();
    }
}

}

std::string
unescapeBytes(JsonIn const& in, std::string const& text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '\\')
        {
            out += text[i];
            continue;
        }
        if (i + 1 == text.size())
            in.fail("expected an escape after the backslash at the end of the string");
        char e = text[++i];
        switch (e)
        {
        case '\\': out += '\\'; break;
        case '0': out += '\0'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 'x':
        {
            int hi = i + 1 < text.size() ? hexDigitValue(text[i + 1]) : -1;
            int lo = i + 2 < text.size() ? hexDigitValue(text[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                in.fail("expected two hex digits after \\x at character " + std::to_string(i - 1));
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
            break;
        }
        default:
            in.fail(std::string("expected one of \\\\ \\0 \\t \\n \\r \\xNN, got \\") + e + " at character " +
                    std::to_string(i - 1));
        }
    }
    return out;
}

void
JsonIn::fail(std::string const& detail) const
{
    throw XdrError("at " + path() + ": " + detail);
}

std::string
JsonIn::path() const
{
    if (path_.empty())
        return "/";
    std::string p;
    for (auto const& s : path_)
    {
        p += '/';
        p += s;
    }
    return p;
}

JsonIn::Step::Step(JsonIn& in, Json const& object, char const* key) : in_(in)
{
    auto it = object.find(key);
    if (it == object.end())
        in.fail(std::string("missing field \"") + key + "\"");
    j_ = &*it;
    in.path_.emplace_back(key);
}

JsonIn::Step::Step(JsonIn& in, Json const& array, size_t index) : in_(in), j_(&array[index])
{
    in.path_.push_back(std::to_string(index));
}

JsonIn::Nest::Nest(JsonIn& in) : in_(in)
{
    if (in.depth_ >= in.maxDepth_)
        in.fail("nesting deeper than " + std::to_string(in.maxDepth_) + " levels");
    ++in.depth_;
}

void
JsonIn::expectObject(Json const& j, std::initializer_list<char const*> keys, char const* what)
{
    if (!j.is_object())
        fail(std::string("expected a ") + what + " object, got " + describe(j));
    for (auto const& item : j.items())
    {
        bool known = std::any_of(keys.begin(), keys.end(), [&](char const* k) { return item.key() == k; });
        if (known)
            continue;
        std::string fields;
        for (auto const* k : keys)
            fields += (fields.empty() ? "" : ", ") + std::string(k);
        fail("unknown field \"" + item.key() + "\" (a " + what + " has " + fields + ")");
    }
}

std::string const&
JsonIn::unionCase(Json const& j, Json const*& value, char const* what)
{
    if (j.is_string())
    {
        value = nullptr;
        return j.get_ref<std::string const&>();
    }
    if (j.is_object() && j.size() == 1)
    {
        value = &j.begin().value();
        return j.begin().key();
    }
    fail(std::string("expected a ") + what + ": a case name or an object with one member, got " + describe(j));
}

namespace
{

template <class Int>
Int
readNumber(JsonIn const& in, Json const& j, char const* name)
{
    bool inRange = false;
    Int v = 0;
    if (j.is_number_unsigned())
    {
        auto u = j.get<uint64_t>();
        inRange = u <= static_cast<uint64_t>(std::numeric_limits<Int>::max());
        v = static_cast<Int>(u);
    }
    else if (j.is_number_integer())
    {
        auto s = j.get<int64_t>();
        if constexpr (std::is_signed_v<Int>)
            inRange = s >= static_cast<int64_t>(std::numeric_limits<Int>::min()) &&
                      s <= static_cast<int64_t>(std::numeric_limits<Int>::max());
        else
            inRange = s >= 0;
        v = static_cast<Int>(s);
    }
    else
    {
        in.fail(std::string("expected an integer (") + name + "), got " + describe(j));
    }
    if (!inRange)
        in.fail(j.dump() + " is out of range for " + name);
    return v;
}

// Rust's str::parse of an integer: an optional sign ('-' only when signed),
// then one or more digits, nothing else.
template <class Int>
Int
readDecimal(JsonIn const& in, std::string const& s, char const* name)
{
    std::string_view digits = s;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '+' || (std::is_signed_v<Int> && digits[0] == '-')))
    {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    bool allDigits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!allDigits)
        in.fail(std::string("expected a decimal integer (") + name + "), got the string \"" + s + "\"");
    std::string text = (negative ? "-" : "") + std::string(digits);
    Int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        in.fail("\"" + s + "\" is out of range for " + name);
    return v;
}

template <class Int>
Int
readNumberOrString(JsonIn const& in, Json const& j, char const* name)
{
    if (j.is_string())
        return readDecimal<Int>(in, j.get_ref<std::string const&>(), name);
    if (j.is_number_integer())
        return readNumber<Int>(in, j, name);
    in.fail(std::string("expected a decimal string (") + name + "), got " + describe(j));
}

}

int32_t
JsonIn::readInt32(Json const& j)
{
    return readNumber<int32_t>(*this, j, "int32");
}

uint32_t
JsonIn::readUint32(Json const& j)
{
    return readNumber<uint32_t>(*this, j, "uint32");
}

int64_t
JsonIn::readInt64(Json const& j)
{
    return readNumberOrString<int64_t>(*this, j, "int64");
}

uint64_t
JsonIn::readUint64(Json const& j)
{
    return readNumberOrString<uint64_t>(*this, j, "uint64");
}

int64_t
JsonIn::readInt64Number(Json const& j)
{
    return readNumber<int64_t>(*this, j, "int64");
}

uint64_t
JsonIn::readUint64Number(Json const& j)
{
    return readNumber<uint64_t>(*this, j, "uint64");
}

bool
JsonIn::readBool(Json const& j)
{
    if (!j.is_boolean())
        fail("expected true or false, got " + describe(j));
    return j.get<bool>();
}

namespace
{

std::string const&
hexText(JsonIn const& in, Json const& j, std::string const& expected)
{
    if (!j.is_string())
        in.fail("expected " + expected + ", got " + describe(j));
    auto const& s = j.get_ref<std::string const&>();
    if (s.size() % 2 != 0)
        in.fail("expected " + expected + ", got an odd number of hex digits (" + std::to_string(s.size()) + ")");
    return s;
}

void
parseHex(JsonIn const& in, std::string const& s, uint8_t* out)
{
    for (size_t i = 0; i < s.size() / 2; ++i)
    {
        int hi = hexDigitValue(s[2 * i]);
        int lo = hexDigitValue(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            in.fail("expected hex digits, got \"" + s.substr(hi < 0 ? 2 * i : 2 * i + 1, 1) + "\" at character " +
                    std::to_string(hi < 0 ? 2 * i : 2 * i + 1));
        out[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
}

}

void
JsonIn::readFixedHex(Json const& j, uint8_t* out, size_t n)
{
    auto expected = std::to_string(2 * n) + " hex digits (" + std::to_string(n) + " bytes)";
    auto const& s = hexText(*this, j, expected);
    if (s.size() != 2 * n)
        fail("expected " + expected + ", got " + std::to_string(s.size()));
    parseHex(*this, s, out);
}

void
JsonIn::readByteArray(Json const& j, uint8_t* out, size_t n)
{
    expectArrayLength(j, n);
    for (size_t i = 0; i < n; ++i)
    {
        Step step(*this, j, i);
        auto v = readNumber<uint32_t>(*this, step.json(), "byte");
        if (v > 255)
            fail(std::to_string(v) + " is out of range for a byte");
        out[i] = static_cast<uint8_t>(v);
    }
}

void
JsonIn::readVarHex(Json const& j, std::vector<uint8_t>& out, uint32_t max)
{
    std::string expected = "a hex string";
    if (max != JSON_UNBOUNDED)
        expected += " of at most " + std::to_string(max) + " bytes";
    auto const& s = hexText(*this, j, expected);
    if (s.size() / 2 > max)
        fail("expected " + expected + ", got " + std::to_string(s.size() / 2) + " bytes");
    out.resize(s.size() / 2);
    parseHex(*this, s, out.data());
}

void
JsonIn::readString(Json const& j, std::string& out, uint32_t max)
{
    std::string expected = "a string";
    if (max != JSON_UNBOUNDED)
        expected += " of at most " + std::to_string(max) + " bytes";
    if (!j.is_string())
        fail("expected " + expected + ", got " + describe(j));
    out = unescapeBytes(*this, j.get_ref<std::string const&>());
    if (out.size() > max)
        fail("expected " + expected + ", got " + std::to_string(out.size()));
}

size_t
JsonIn::readArrayLength(Json const& j, uint32_t max)
{
    std::string expected = "an array";
    if (max != JSON_UNBOUNDED)
        expected += " of at most " + std::to_string(max) + " elements";
    if (!j.is_array())
        fail("expected " + expected + ", got " + describe(j));
    if (j.size() > max)
        fail("expected " + expected + ", got " + std::to_string(j.size()));
    return j.size();
}

void
JsonIn::expectArrayLength(Json const& j, size_t n)
{
    if (!j.is_array())
        fail("expected an array of " + std::to_string(n) + " elements, got " + describe(j));
    if (j.size() != n)
        fail("expected an array of " + std::to_string(n) + " elements, got " + std::to_string(j.size()));
}

std::string const&
JsonIn::readEnumName(Json const& j, char const* what)
{
    if (!j.is_string())
        fail(std::string("expected a ") + what + " name (a string), got " + describe(j));
    return j.get_ref<std::string const&>();
}

std::string const&
JsonIn::readText(Json const& j, char const* expected)
{
    if (!j.is_string())
        fail(std::string("expected ") + expected + ", got " + describe(j));
    return j.get_ref<std::string const&>();
}

}
