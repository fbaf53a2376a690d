#pragma once
// The command-line tools for keys, as stellar-core's: sec-to-pub (a seed on
// stdin, in any form NODE_SEED takes) and convert-id (a key in every form core
// prints: StrKeyUtils::logKey). Each returns the exit code: 0, or 1 with one
// sentence on `err`.

#include <iosfwd>
#include <string>

namespace stellar
{

int runSecToPub(std::istream& in, std::ostream& out, std::ostream& err);
int runConvertId(std::string const& id, std::ostream& out, std::ostream& err);

}
