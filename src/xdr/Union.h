#pragma once
// What generated XDR unions share. A union holds its discriminant and exactly
// the arm that the discriminant selects. Reading another arm is a programming
// error and throws; so does setting a discriminant that no case accepts
// (for an enum discriminant, any value outside the enum), which keeps every
// union value encodable.

#include <cstdint>

namespace stellar::xdr
{

[[noreturn]] void throwWrongArm(char const* unionName, char const* armName, int64_t discriminant);
[[noreturn]] void throwBadDiscriminant(char const* unionName, int64_t discriminant);

}
