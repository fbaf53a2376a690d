#pragma once
// The one exception type of the XDR layer. Bytes that break the XDR rules
// (a bound, padding, an enum value, a union arm, nesting depth, trailing
// bytes), a value that breaks a bound while being encoded, and JSON that does
// not fit a type all end here. Callers at a layer boundary catch it and turn
// it into a value (the overlay answers ERR_DATA "received corrupt XDR").

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace stellar::xdr
{

class XdrError : public std::runtime_error
{
  public:
    // For errors that have no byte position (JSON input, union setters).
    static constexpr size_t NO_OFFSET = std::numeric_limits<size_t>::max();

    // what() is "at byte <offset>: <detail>" when there is an offset, else <detail>.
    XdrError(std::string const& detail, size_t offset = NO_OFFSET);

    size_t offset() const noexcept { return offset_; }
    std::string const& detail() const noexcept { return detail_; }

  private:
    std::string detail_;
    size_t offset_;
};

}
