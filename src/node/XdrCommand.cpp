#include "node/XdrCommand.h"

#include "net/RecordMark.h"
#include "util/Hex.h"
#include "xdr/Base64.h"
#include "xdr/Json.h"
#include "xdr/Registry.h"
#include "xdr/XdrError.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace stellar
{

namespace
{

using xdr::Json;

// Bad input: the one sentence the operator gets.
struct Refusal
{
    std::string sentence;
};

[[noreturn]] void
refuse(std::string sentence)
{
    throw Refusal{std::move(sentence)};
}

xdr::XdrType const&
lookUpType(std::string const& type)
{
    if (auto const* t = xdr::findType(type))
        return *t;
    std::string s = "unknown XDR type '" + type + "'";
    auto similar = xdr::similarTypeNames(type);
    if (similar.empty())
        refuse(s + ": expected a name as stellar-cli has it, e.g. TransactionEnvelope or ScpEnvelope "
                   "(`stellar-overlay xdr types` lists them)");
    s += "; did you mean ";
    for (size_t i = 0; i < similar.size(); ++i)
        s += std::string(i == 0 ? "" : (i + 1 == similar.size() ? " or " : ", ")) + std::string(similar[i]);
    refuse(s + "?");
}

std::string
readAll(std::istream& in)
{
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// As stellar-cli: each argument is a file if one exists at that path, else
// the text itself; no argument reads stdin.
std::vector<std::string>
readInputs(std::vector<std::string> const& inputs, std::istream& in)
{
    if (inputs.empty())
        return {readAll(in)};
    std::vector<std::string> texts;
    for (auto const& arg : inputs)
    {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(arg, ec))
        {
            texts.push_back(arg);
            continue;
        }
        std::ifstream file(arg, std::ios::binary);
        if (!file)
            refuse("cannot read the file " + arg);
        texts.push_back(readAll(file));
    }
    return texts;
}

// Base64 text, whitespace skipped; padding may end one value and another
// follow (one base64 value a line), as well as one base64 text of many.
std::vector<uint8_t>
base64Bytes(std::string const& text)
{
    std::string compact;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            compact += c;
    std::vector<uint8_t> bytes;
    size_t i = 0;
    while (i < compact.size())
    {
        size_t end = compact.find('=', i);
        end = end == std::string::npos ? compact.size() : compact.find_first_not_of('=', end);
        end = end == std::string::npos ? compact.size() : end;
        auto part = xdr::fromBase64(std::string_view(compact).substr(i, end - i));
        if (part.error)
            refuse("the input is not valid base64: " + part.error->detail + " (at character " +
                   std::to_string(i + part.error->position) + " not counting white space)");
        bytes.insert(bytes.end(), part.bytes.begin(), part.bytes.end());
        i = end;
    }
    return bytes;
}

std::vector<uint8_t>
hexBytes(std::string const& text)
{
    std::vector<uint8_t> bytes;
    int high = -1;
    for (size_t i = 0; i < text.size(); ++i)
    {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c)))
            continue;
        int v = hexDigitValue(c);
        if (v < 0)
            refuse(std::string("the input is not hex: character '") + c + "' at offset " + std::to_string(i));
        if (high < 0)
            high = v;
        else
        {
            bytes.push_back(static_cast<uint8_t>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0)
        refuse("the input is not hex: an odd number of digits");
    return bytes;
}

constexpr char const* DECODE_INPUTS = "single, single-base64, single-hex, stream, stream-base64, stream-hex or stream-framed";

// The bytes of one input text in an XDR input form.
std::vector<uint8_t>
xdrBytes(std::string const& form, std::string const& text)
{
    if (form == "single" || form == "stream" || form == "stream-framed")
        return {text.begin(), text.end()};
    if (form == "single-base64" || form == "stream-base64")
        return base64Bytes(text);
    if (form == "single-hex" || form == "stream-hex")
        return hexBytes(text);
    refuse("--input " + form + " is not an XDR input form: expected " + DECODE_INPUTS);
}

std::string
atByte(size_t base, xdr::XdrError const& e)
{
    if (e.offset() == xdr::XdrError::NO_OFFSET)
        return e.detail();
    return "at byte " + std::to_string(base + e.offset()) + ": " + e.detail();
}

// Hands every value of one input, as JSON, to `sink` as it is decoded;
// `limit` stops a stream early (guess). Returns how many there were.
template <class Sink>
size_t
decodeValues(xdr::XdrType const& t, std::string const& form, std::vector<uint8_t> const& bytes, Sink&& sink,
             size_t limit = SIZE_MAX)
{
    size_t count = 0;
    std::span<uint8_t const> all(bytes);
    std::string const what = "invalid " + std::string(t.rustName) + " XDR ";
    if (form.rfind("single", 0) == 0)
    {
        if (bytes.empty())
            refuse("the input is empty: expected the XDR of a " + std::string(t.rustName));
        try
        {
            sink(t.decodeToJson(all));
        }
        catch (xdr::XdrError const& e)
        {
            refuse(what + atByte(0, e));
        }
        return 1;
    }
    bool framed = form == "stream-framed";
    size_t pos = 0;
    while (pos < bytes.size() && count < limit)
    {
        size_t start = pos;
        size_t frame = SIZE_MAX;
        if (framed)
        {
            if (bytes.size() - pos < RECORD_MARK_SIZE)
                refuse(what + "at byte " + std::to_string(pos) + ": the input ends inside a record mark");
            // As stellar-core reads frames: the last-fragment bit is not looked at.
            frame = decodeRecordMark(all.subspan(pos).first<RECORD_MARK_SIZE>());
            start = pos + RECORD_MARK_SIZE;
            if (frame > bytes.size() - start)
                refuse(what + "at byte " + std::to_string(pos) + ": a record of " + std::to_string(frame) +
                       " bytes, but only " + std::to_string(bytes.size() - start) + " follow");
        }
        try
        {
            size_t used = 0;
            auto value = framed ? t.decodeToJson(all.subspan(start, frame)) : t.decodeFirstToJson(all.subspan(start), used);
            pos = framed ? start + frame : start + used;
            ++count;
            sink(std::move(value));
        }
        catch (xdr::XdrError const& e)
        {
            refuse(what + "(value " + std::to_string(count + 1) + ") " + atByte(start, e));
        }
    }
    return count;
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string
withoutExceptionTag(std::string const& what)
{
    if (!what.empty() && what.front() == '[')
    {
        auto close = what.find("] ");
        if (close != std::string::npos)
            return what.substr(close + 2);
    }
    return what;
}

// The JSON values of one input text: one for the single forms, any number
// (back to back, white space between) for the stream forms.
std::vector<Json>
jsonValues(std::string const& text, bool stream)
{
    std::vector<Json> values;
    std::istringstream in(text);
    try
    {
        if (!stream)
            return {Json::parse(text)};
        while ((in >> std::ws) && in.peek() != std::char_traits<char>::eof())
        {
            Json j;
            in >> j;
            values.push_back(std::move(j));
        }
    }
    catch (Json::exception const& e)
    {
        refuse("the input is not valid JSON: " + withoutExceptionTag(e.what()));
    }
    return values;
}

constexpr char const* ENCODE_OUTPUTS = "single, single-base64, single-hex, stream, stream-base64 or stream-framed";

void
writeXdr(std::ostream& out, std::string const& form, std::vector<uint8_t> const& bytes)
{
    auto raw = [&](std::vector<uint8_t> const& b) { out.write(reinterpret_cast<char const*>(b.data()), static_cast<std::streamsize>(b.size())); };
    if (form == "single" || form == "stream")
        raw(bytes);
    else if (form == "single-base64" || form == "stream-base64")
        out << xdr::toBase64(bytes) << "\n";
    else if (form == "single-hex")
        out << xdr::toHex(bytes.data(), bytes.size()) << "\n";
    else
        raw(encodeFrame(bytes));
}

template <class F>
int
guarded(std::ostream& err, F&& body)
{
    try
    {
        body();
        return 0;
    }
    catch (Refusal const& r)
    {
        err << r.sentence << "\n";
        return 1;
    }
}

}

int
runXdrDecode(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err)
{
    return guarded(err, [&] {
        auto const& t = lookUpType(o.type);
        auto form = o.input.empty() ? std::string("stream-base64") : o.input;
        auto output = o.output.empty() ? std::string("json") : o.output;
        if (output != "json" && output != "json-formatted")
            refuse("--output " + output + " is not a decode output form: expected json or json-formatted");
        for (auto const& text : readInputs(o.inputs, in))
        {
            auto bytes = xdrBytes(form, text);
            if (bytes.empty())
                refuse("the input is empty: expected the XDR of a " + std::string(t.rustName));
            decodeValues(t, form, bytes,
                         [&](Json const& value) { out << (output == "json" ? value.dump() : value.dump(2)) << "\n"; });
        }
    });
}

int
runXdrEncode(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err)
{
    return guarded(err, [&] {
        auto const& t = lookUpType(o.type);
        if (!o.input.empty() && o.input != "json")
            refuse("--input " + o.input + " is not an encode input form: expected json");
        auto form = o.output.empty() ? std::string("single-base64") : o.output;
        std::string const forms[] = {"single", "single-base64", "single-hex", "stream", "stream-base64", "stream-framed"};
        if (std::find(std::begin(forms), std::end(forms), form) == std::end(forms))
            refuse("--output " + form + " is not an XDR output form: expected " + ENCODE_OUTPUTS);
        bool stream = form.rfind("stream", 0) == 0;
        for (auto const& text : readInputs(o.inputs, in))
        {
            auto values = jsonValues(text, stream);
            for (size_t i = 0; i < values.size(); ++i)
            {
                try
                {
                    writeXdr(out, form, t.encodeFromJson(values[i]));
                }
                catch (xdr::XdrError const& e)
                {
                    std::string which = stream ? " (value " + std::to_string(i + 1) + ")" : "";
                    refuse("invalid " + std::string(t.rustName) + " JSON" + which + " " + e.what());
                }
            }
        }
    });
}

int
runXdrGuess(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err)
{
    return guarded(err, [&] {
        auto form = o.input.empty() ? std::string("single-base64") : o.input;
        auto texts = readInputs(o.inputs, in);
        if (texts.size() != 1)
            refuse("guess takes one input, got " + std::to_string(texts.size()));
        auto bytes = xdrBytes(form, texts[0]);
        if (bytes.empty())
            refuse("the input is empty: expected XDR to guess the type of");
        bool any = false;
        for (auto const* t : xdr::typesInRustOrder())
        {
            try
            {
                if (decodeValues(*t, form, bytes, [](Json const&) {}, std::max<size_t>(o.certainty, 1)) == 0)
                    continue;
            }
            catch (Refusal const&)
            {
                continue;
            }
            out << t->rustName << "\n";
            any = true;
        }
        if (!any)
            refuse("no XDR type decodes the input (as " + form + ")");
    });
}

int
runXdrTypes(std::string const& output, std::ostream& out, std::ostream& err)
{
    return guarded(err, [&] {
        auto form = output.empty() ? std::string("plain") : output;
        if (form != "plain" && form != "json" && form != "json-formatted")
            refuse("--output " + form + " is not a types output form: expected plain, json or json-formatted");
        Json names = Json::array();
        for (auto const* t : xdr::typesInRustOrder())
            names.push_back(t->rustName);
        if (form == "plain")
            for (auto const& n : names)
                out << n.get<std::string>() << "\n";
        else
            out << (form == "json" ? names.dump() : names.dump(2)) << "\n";
    });
}

}
