#pragma once
// Every named XDR type, reachable by its canonical name ("StellarMessage",
// "TransactionEnvelope", "Hash", "SCPStatementPledges", as the .x files and
// stellar-core spell them) or by the name stellar-cli and
// @stellar/stellar-xdr-json give it ("ScpStatementPledges", the Rust
// crate's), for the CLI and for cross-checks that work from a list of names. Unlike the C++ templates in
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
    // stellar-cli's name (the Rust crate's), and the type's place in its list.
    std::string_view rustName;
    size_t rustOrder;
    // SEP-51 JSON (xdr/Json.h). The whole input must be one value (trailing
    // bytes are an error).
    nlohmann::ordered_json (*decodeToJson)(std::span<uint8_t const> bytes);
    // The first value of a stream; `used` is how many bytes it took.
    nlohmann::ordered_json (*decodeFirstToJson)(std::span<uint8_t const> bytes, size_t& used);
    std::vector<uint8_t> (*encodeFromJson)(nlohmann::ordered_json const& json);
    // decode then encode: the identity on valid XDR.
    std::vector<uint8_t> (*reencode)(std::span<uint8_t const> bytes);
};

// By canonical or stellar-cli name; nullptr when there is no type of that name.
XdrType const* findType(std::string_view name);
// All canonical names, sorted.
std::vector<std::string_view> typeNames();
// Every type in stellar-cli's order (as `stellar xdr types list` prints them).
std::vector<XdrType const*> typesInRustOrder();
// Up to maxCount names close to `name` (case-insensitive match first, then
// small edit distance), for "did you mean" hints.
std::vector<std::string_view> similarTypeNames(std::string_view name, size_t maxCount = 3);

// Generated: every entry, sorted by name.
std::span<XdrType const> allXdrTypes();

}
