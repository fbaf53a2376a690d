#include "node/XdrCommand.h"

#include "xdr/Base64.h"
#include "xdr/Registry.h"
#include "xdr/XdrError.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>
#include <sstream>

namespace stellar
{

namespace
{

xdr::XdrType const*
lookUpType(std::string const& type, std::ostream& err)
{
    if (auto const* t = xdr::findType(type))
        return t;
    err << "unknown XDR type '" << type << "'";
    auto similar = xdr::similarTypeNames(type);
    if (similar.empty())
    {
        err << " (types are named as in the .x files, e.g. StellarMessage or TransactionEnvelope)\n";
        return nullptr;
    }
    err << "; did you mean ";
    for (size_t i = 0; i < similar.size(); ++i)
        err << (i == 0 ? "" : (i + 1 == similar.size() ? " or " : ", ")) << similar[i];
    err << "?\n";
    return nullptr;
}

std::string
readAll(std::istream& in)
{
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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

}

int
runXdrDecode(std::string const& type, std::istream& in, std::ostream& out, std::ostream& err)
{
    auto const* t = lookUpType(type, err);
    if (!t)
        return 1;
    auto text = readAll(in);
    auto decoded = xdr::fromBase64(text);
    if (decoded.error)
    {
        err << "input is not valid base64: " << decoded.error->detail << " (at offset " << decoded.error->position
            << ")\n";
        return 1;
    }
    if (decoded.bytes.empty())
    {
        err << "input is empty: expected the base64 XDR of a " << type << "\n";
        return 1;
    }
    try
    {
        out << t->decodeToJson(decoded.bytes).dump(2) << "\n";
    }
    catch (xdr::XdrError const& e)
    {
        err << "invalid " << type << " XDR " << e.what() << "\n";
        return 1;
    }
    return 0;
}

int
runXdrEncode(std::string const& type, std::istream& in, std::ostream& out, std::ostream& err)
{
    auto const* t = lookUpType(type, err);
    if (!t)
        return 1;
    nlohmann::json json;
    try
    {
        json = nlohmann::json::parse(readAll(in));
    }
    catch (nlohmann::json::exception const& e)
    {
        err << "input is not valid JSON: " << withoutExceptionTag(e.what()) << "\n";
        return 1;
    }
    try
    {
        out << xdr::toBase64(t->encodeFromJson(json)) << "\n";
    }
    catch (xdr::XdrError const& e)
    {
        err << "invalid " << type << " JSON " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}
