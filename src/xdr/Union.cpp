#include "xdr/Union.h"

#include "xdr/XdrError.h"

#include <string>

namespace stellar::xdr
{

void
throwWrongArm(char const* unionName, char const* armName, int64_t discriminant)
{
    throw XdrError(std::string(unionName) + "::" + armName + "() read while the discriminant " +
                   std::to_string(discriminant) + " selects another arm");
}

void
throwBadDiscriminant(char const* unionName, int64_t discriminant)
{
    throw XdrError("no arm of " + std::string(unionName) + " accepts discriminant " + std::to_string(discriminant));
}

}
