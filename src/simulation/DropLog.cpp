#include "simulation/DropLog.h"

namespace stellar::simulation
{

std::ostream&
operator<<(std::ostream& os, DropRecord const& r)
{
    return os << "{" << std::chrono::duration<double>(r.at).count() << "s, " << dropReason(r.cause) << "}";
}

}
