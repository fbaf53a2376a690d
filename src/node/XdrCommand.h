#pragma once
// `stellar-overlay xdr decode|encode|guess|types`, as stellar-cli's
// `stellar xdr` has them: any Stellar XDR type, named as stellar-cli names it
// (TransactionEnvelope, ScpEnvelope) or as the .x files do (SCPEnvelope),
// to and from SEP-51 JSON (xdr/Json.h), the JSON stellar-cli,
// @stellar/stellar-xdr-json and Stellar Lab speak.
//
// Inputs are the positional arguments (each a file if one exists at that
// path, else the XDR or JSON text itself) or stdin. XDR input forms
// (--input): single, single-base64, stream, stream-base64, stream-framed
// (stellar-cli's) and single-hex, stream-hex (ours); a stream is values back
// to back, a framed stream has an RFC 5531 record mark before each. XDR
// output forms of encode (--output): single, single-base64, stream
// (stellar-cli's) and single-hex, stream-base64 (one value a line),
// stream-framed (ours). Each function returns the exit code: 0, or 1 after
// one sentence on `err` that says what is wrong (the type, the byte offset
// or JSON path, what was expected).

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace stellar
{

struct XdrCommandOptions
{
    std::string type;
    std::string input;  // the input form; "" = the command's default
    std::string output; // the output form; "" = the command's default
    std::vector<std::string> inputs;
    size_t certainty = 2; // guess: how many values of a stream must decode
};

int runXdrDecode(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err);
int runXdrEncode(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err);
// Prints, in stellar-cli's order, every type the input decodes as.
int runXdrGuess(XdrCommandOptions const& o, std::istream& in, std::ostream& out, std::ostream& err);
// Every type name, as stellar-cli's `types list`: plain, json or json-formatted.
int runXdrTypes(std::string const& output, std::ostream& out, std::ostream& err);

}
