#pragma once
// Every named XDR type, reachable by its canonical name ("StellarMessage",
// "TransactionEnvelope", "Hash", "SCPStatementPledges"), for the CLI and for
// cross-checks that work from a list of names. Unlike the C++ templates in
// Codec.h, an entry knows the type's XDR bounds even when the type is a
// typedef ("TxAdvertVector" refuses 1001 hashes, "String32" 33 bytes).

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace stellar::xdr
{

struct XdrType
{
    std::string_view name;
    // The whole input must be one value (trailing bytes are an error).
    nlohmann::json (*decodeToJson)(std::span<uint8_t const> bytes);
    std::vector<uint8_t> (*encodeFromJson)(nlohmann::json const& json);
    // decode then encode: the identity on valid XDR.
    std::vector<uint8_t> (*reencode)(std::span<uint8_t const> bytes);
};

// nullptr when there is no type of that name.
XdrType const* findType(std::string_view name);
// All names, sorted.
std::vector<std::string_view> typeNames();
// Up to maxCount names close to `name` (case-insensitive match first, then
// small edit distance), for "did you mean" hints.
std::vector<std::string_view> similarTypeNames(std::string_view name, size_t maxCount = 3);

// Generated: every entry, sorted by name.
std::span<XdrType const> allXdrTypes();

}
