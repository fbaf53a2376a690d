#include "xdr/XdrError.h"

namespace stellar::xdr
{

namespace
{
std::string
withOffset(std::string const& detail, size_t offset)
{
    if (offset == XdrError::NO_OFFSET)
        return detail;
    return "at byte " + std::to_string(offset) + ": " + detail;
}
}

XdrError::XdrError(std::string const& detail, size_t offset)
    : std::runtime_error(withOffset(detail, offset)), detail_(detail), offset_(offset)
{
}

}
