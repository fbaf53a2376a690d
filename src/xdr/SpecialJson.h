#pragma once
// The SEP-51 JSON of the types whose JSON is not their XDR structure, as the
// Rust stellar-xdr crate writes and reads them (its str.rs, num128.rs,
// num256.rs):
//   PublicKey (AccountID, NodeID)   "G..." StrKey
//   MuxedAccount                    "G..." or "M..." (key, then id)
//   MuxedAccountMed25519,
//   MuxedEd25519Account             "M..."
//   SignerKey                       "G...", "T..." (pre-auth tx), "X..." (hash-x), "P..." (signed payload)
//   SignerKeyEd25519SignedPayload   "P..."
//   SCAddress                       "G...", "C...", "M...", "B..." or "L..."
//   ClaimableBalanceID              "B..."
//   ContractID, PoolID              "C...", "L..."
//   AssetCode4, AssetCode12,
//   AssetCode                       the code as escaped text, trailing zero bytes dropped
//                                   (an AssetCode12 keeps at least 5 bytes, so that it
//                                   reads back as an AssetCode12)
//   Int128Parts, UInt128Parts,
//   Int256Parts, UInt256Parts       decimal string; the parts as an object
//                                   of JSON numbers are accepted too
// The generated code calls the overloads for structs and unions, and the
// named functions for the typedefs (C++ aliases of Hash and of byte arrays).

#include "xdr/StellarTypes.h"

#include <nlohmann/json_fwd.hpp>

namespace stellar::xdr
{

using Json = nlohmann::ordered_json;
class JsonIn;

Json toJsonValue(PublicKey const& v);
void fromJsonValue(JsonIn& in, Json const& j, PublicKey& v);
Json toJsonValue(MuxedAccount const& v);
void fromJsonValue(JsonIn& in, Json const& j, MuxedAccount& v);
Json toJsonValue(MuxedAccountMed25519 const& v);
void fromJsonValue(JsonIn& in, Json const& j, MuxedAccountMed25519& v);
Json toJsonValue(MuxedEd25519Account const& v);
void fromJsonValue(JsonIn& in, Json const& j, MuxedEd25519Account& v);
Json toJsonValue(SignerKey const& v);
void fromJsonValue(JsonIn& in, Json const& j, SignerKey& v);
Json toJsonValue(SignerKeyEd25519SignedPayload const& v);
void fromJsonValue(JsonIn& in, Json const& j, SignerKeyEd25519SignedPayload& v);
Json toJsonValue(SCAddress const& v);
void fromJsonValue(JsonIn& in, Json const& j, SCAddress& v);
Json toJsonValue(ClaimableBalanceID const& v);
void fromJsonValue(JsonIn& in, Json const& j, ClaimableBalanceID& v);
Json toJsonValue(AssetCode const& v);
void fromJsonValue(JsonIn& in, Json const& j, AssetCode& v);
Json toJsonValue(Int128Parts const& v);
void fromJsonValue(JsonIn& in, Json const& j, Int128Parts& v);
Json toJsonValue(UInt128Parts const& v);
void fromJsonValue(JsonIn& in, Json const& j, UInt128Parts& v);
Json toJsonValue(Int256Parts const& v);
void fromJsonValue(JsonIn& in, Json const& j, Int256Parts& v);
Json toJsonValue(UInt256Parts const& v);
void fromJsonValue(JsonIn& in, Json const& j, UInt256Parts& v);

Json toJsonContractID(ContractID const& v);
void fromJsonContractID(JsonIn& in, Json const& j, ContractID& v);
Json toJsonPoolID(PoolID const& v);
void fromJsonPoolID(JsonIn& in, Json const& j, PoolID& v);
Json toJsonAssetCode4(AssetCode4 const& v);
void fromJsonAssetCode4(JsonIn& in, Json const& j, AssetCode4& v);
Json toJsonAssetCode12(AssetCode12 const& v);
void fromJsonAssetCode12(JsonIn& in, Json const& j, AssetCode12& v);

}
