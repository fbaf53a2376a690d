#include "xdr/Json.h"

#include "util/Hex.h"

#include <algorithm>

namespace stellar::xdr
{

bool
isValidUtf8(std::string_view s) noexcept
{
    size_t i = 0;
    size_t const n = s.size();
    while (i < n)
    {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
        {
            len = 2;
            cp = c & 0x1F;
        }
        else if (c >= 0xE0 && c <= 0xEF)
        {
            len = 3;
            cp = c & 0x0F;
        }
        else if (c >= 0xF0 && c <= 0xF4)
        {
            len = 4;
            cp = c & 0x07;
        }
        else
        {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; ++k)
        {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::string
toHex(uint8_t const* data, size_t n)
{
    return hexDigitsOf(data, n);
}

nlohmann::json
hexJson(uint8_t const* data, size_t n)
{
    return toHex(data, n);
}

nlohmann::json
stringJson(std::string const& s)
{
    if (isValidUtf8(s))
        return s;
    return nlohmann::json{{"hex", toHex(reinterpret_cast<uint8_t const*>(s.data()), s.size())}};
}

void
JsonObject::put(char const* key, nlohmann::json&& value)
{
    members_.emplace(key, std::move(value));
}

nlohmann::json
JsonObject::take()
{
    return nlohmann::json(std::move(members_));
}

namespace
{

char const*
typeName(nlohmann::json const& j)
{
    return j.type_name();
}

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

JsonIn::Step::Step(JsonIn& in, nlohmann::json const& object, char const* key) : in_(in)
{
    auto it = object.find(key);
    if (it == object.end())
        in.fail(std::string("missing member \"") + key + "\"");
    j_ = &*it;
    in.path_.emplace_back(key);
}

JsonIn::Step::Step(JsonIn& in, nlohmann::json const& array, size_t index) : in_(in), j_(&array[index])
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
JsonIn::expectObject(nlohmann::json const& j, std::initializer_list<char const*> keys)
{
    if (!j.is_object())
        fail(std::string("expected an object, got ") + typeName(j));
    for (auto const& item : j.items())
    {
        bool known = std::any_of(keys.begin(), keys.end(), [&](char const* k) { return item.key() == k; });
        if (!known)
            fail("unknown member \"" + item.key() + "\"");
    }
}

namespace
{

template <class Int>
Int
readInteger(JsonIn const& in, nlohmann::json const& j, char const* name)
{
    if (j.is_number_unsigned())
    {
        auto v = j.get<uint64_t>();
        if (v > static_cast<uint64_t>(std::numeric_limits<Int>::max()))
            in.fail(std::to_string(v) + " is out of range for " + name);
        return static_cast<Int>(v);
    }
    if (j.is_number_integer())
    {
        auto v = j.get<int64_t>();
        if constexpr (std::is_signed_v<Int>)
        {
            if (v < static_cast<int64_t>(std::numeric_limits<Int>::min()) ||
                v > static_cast<int64_t>(std::numeric_limits<Int>::max()))
                in.fail(std::to_string(v) + " is out of range for " + name);
        }
        else if (v < 0)
        {
            in.fail(std::to_string(v) + " is out of range for " + name);
        }
        return static_cast<Int>(v);
    }
    in.fail(std::string("expected an integer (") + name + "), got " + typeName(j));
}

}

int32_t
JsonIn::readInt32(nlohmann::json const& j)
{
    return readInteger<int32_t>(*this, j, "int32");
}

uint32_t
JsonIn::readUint32(nlohmann::json const& j)
{
    return readInteger<uint32_t>(*this, j, "uint32");
}

int64_t
JsonIn::readInt64(nlohmann::json const& j)
{
    return readInteger<int64_t>(*this, j, "int64");
}

uint64_t
JsonIn::readUint64(nlohmann::json const& j)
{
    return readInteger<uint64_t>(*this, j, "uint64");
}

bool
JsonIn::readBool(nlohmann::json const& j)
{
    if (!j.is_boolean())
        fail(std::string("expected true or false, got ") + typeName(j));
    return j.get<bool>();
}

namespace
{

void
parseHex(JsonIn const& in, std::string const& s, uint8_t* out)
{
    for (size_t i = 0; i < s.size() / 2; ++i)
    {
        int hi = hexDigitValue(s[2 * i]);
        int lo = hexDigitValue(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            in.fail("not a hex string: bad digit near position " + std::to_string(2 * i));
        out[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
}

std::string const&
hexText(JsonIn const& in, nlohmann::json const& j)
{
    if (!j.is_string())
        in.fail(std::string("expected a hex string, got ") + typeName(j));
    auto const& s = j.get_ref<std::string const&>();
    if (s.size() % 2 != 0)
        in.fail("hex string has an odd number of digits");
    return s;
}

}

void
JsonIn::readFixedHex(nlohmann::json const& j, uint8_t* out, size_t n)
{
    auto const& s = hexText(*this, j);
    if (s.size() != 2 * n)
        fail("expected " + std::to_string(2 * n) + " hex digits (" + std::to_string(n) + " bytes), got " +
             std::to_string(s.size()));
    parseHex(*this, s, out);
}

void
JsonIn::readVarHex(nlohmann::json const& j, std::vector<uint8_t>& out, uint32_t max)
{
    auto const& s = hexText(*this, j);
    if (s.size() / 2 > max)
        fail(std::to_string(s.size() / 2) + " bytes, more than the bound " + std::to_string(max));
    out.resize(s.size() / 2);
    parseHex(*this, s, out.data());
}

void
JsonIn::readString(nlohmann::json const& j, std::string& out, uint32_t max)
{
    if (j.is_string())
    {
        out = j.get<std::string>();
    }
    else if (j.is_object() && j.size() == 1 && j.contains("hex"))
    {
        Step step(*this, j, "hex");
        std::vector<uint8_t> bytes;
        readVarHex(step.json(), bytes, max);
        out.assign(bytes.begin(), bytes.end());
    }
    else
    {
        fail(std::string("expected a string or {\"hex\": ...}, got ") + typeName(j));
    }
    if (out.size() > max)
        fail("string of " + std::to_string(out.size()) + " bytes, more than the bound " + std::to_string(max));
}

size_t
JsonIn::readArrayLength(nlohmann::json const& j, uint32_t max)
{
    if (!j.is_array())
        fail(std::string("expected an array, got ") + typeName(j));
    if (j.size() > max)
        fail("array of " + std::to_string(j.size()) + " elements, more than the bound " + std::to_string(max));
    return j.size();
}

void
JsonIn::expectArrayLength(nlohmann::json const& j, size_t n)
{
    if (!j.is_array())
        fail(std::string("expected an array, got ") + typeName(j));
    if (j.size() != n)
        fail("expected an array of exactly " + std::to_string(n) + " elements, got " + std::to_string(j.size()));
}

std::string const&
JsonIn::readEnumName(nlohmann::json const& j)
{
    if (!j.is_string())
        fail(std::string("expected an enum name (a string), got ") + typeName(j));
    return j.get_ref<std::string const&>();
}

}
