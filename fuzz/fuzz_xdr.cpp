// libFuzzer target: arbitrary bytes as an AuthenticatedMessage, the frame
// payload every peer sends us. Decoding must never crash, hang or allocate
// beyond the input's size (XdrReader's checks); whatever decodes must
// re-encode to exactly the input bytes, since XDR has one encoding per value
// and fromBytes refuses trailing bytes.
//
// Link needs: so_xdr only (C++ standard library, nlohmann_json headers); build
// with clang -fsanitize=fuzzer,address[,undefined] (fuzz/CMakeLists.txt).

#include "xdr/StellarXdr.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int
LLVMFuzzerTestOneInput(uint8_t const* data, size_t size)
{
    std::span<uint8_t const> input(data, size);
    stellar::AuthenticatedMessage message;
    try
    {
        stellar::xdr::fromBytes(input, message);
    }
    catch (stellar::xdr::XdrError const&)
    {
        return 0;
    }
    auto again = stellar::xdr::toBytes(message);
    if (!std::equal(again.begin(), again.end(), input.begin(), input.end()))
        std::abort();
    if (stellar::xdr::encodedSize(message) != size)
        std::abort();
    return 0;
}
