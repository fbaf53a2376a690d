#pragma once
// `stellar-overlay xdr decode|encode --type T`: XDR in base64 to JSON and
// back, for any Stellar XDR type named as in the .x files (StellarMessage,
// TransactionEnvelope, Hash, ...). The JSON form is xdr/Json.h's, and decode
// then encode gives back the same bytes. Each function returns the process
// exit code: 0 on success; 1 after writing one sentence to `err` that says
// what is wrong with the input (unknown type, bad base64, bad XDR with its
// byte offset, bad JSON with its path).

#include <iosfwd>
#include <string>

namespace stellar
{

int runXdrDecode(std::string const& type, std::istream& in, std::ostream& out, std::ostream& err);
int runXdrEncode(std::string const& type, std::istream& in, std::ostream& out, std::ostream& err);

}
