#include "xdr/SpecialJson.h"

#include "crypto/StrKey.h"
#include "xdr/Json.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace stellar::xdr
{

using crypto::StrKeyVersion;

namespace
{

// --- StrKeys ---------------------------------------------------------------

Json
strKey(StrKeyVersion version, std::span<uint8_t const> payload)
{
    return crypto::strKeyEncode(version, payload);
}

void
putBigEndian64(std::vector<uint8_t>& out, uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<uint8_t>(v >> shift));
}

uint64_t
getBigEndian64(uint8_t const* p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | p[i];
    return v;
}

Json
muxedStrKey(uint256 const& key, uint64_t id)
{
    std::vector<uint8_t> payload(key.begin(), key.end());
    putBigEndian64(payload, id);
    return strKey(StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519, payload);
}

Json
signedPayloadStrKey(SignerKeyEd25519SignedPayload const& v)
{
    std::vector<uint8_t> payload(v.ed25519.begin(), v.ed25519.end());
    uint32_t n = static_cast<uint32_t>(v.payload.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        payload.push_back(static_cast<uint8_t>(n >> shift));
    payload.insert(payload.end(), v.payload.begin(), v.payload.end());
    payload.resize(32 + 4 + (n + 3) / 4 * 4, 0);
    return strKey(StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, payload);
}

// A StrKey text read from JSON: its version (by its first character) and
// payload, if the version is one of `allowed` and the key is valid.
struct ReadKey
{
    StrKeyVersion version;
    std::vector<uint8_t> payload;
};

struct KeyKind
{
    char first;
    StrKeyVersion version;
    char const* name;
};

constexpr KeyKind KEY_KINDS[] = {
    {'G', StrKeyVersion::STRKEY_PUBKEY_ED25519, "G... (an account)"},
    {'M', StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519, "M... (a muxed account)"},
    {'T', StrKeyVersion::STRKEY_PRE_AUTH_TX, "T... (a pre-authorized transaction)"},
    {'X', StrKeyVersion::STRKEY_HASH_X, "X... (a hash-x signer)"},
    {'P', StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, "P... (a signed payload)"},
    {'C', StrKeyVersion::STRKEY_CONTRACT, "C... (a contract)"},
    {'B', StrKeyVersion::STRKEY_CLAIMABLE_BALANCE, "B... (a claimable balance)"},
    {'L', StrKeyVersion::STRKEY_LIQUIDITY_POOL, "L... (a liquidity pool)"},
};

ReadKey
readKey(JsonIn& in, Json const& j, std::initializer_list<StrKeyVersion> allowed)
{
    std::string expected;
    for (auto v : allowed)
        for (auto const& k : KEY_KINDS)
            if (k.version == v)
                expected += (expected.empty() ? "" : " or ") + std::string(k.name);
    expected = "a StrKey " + expected;
    auto const& text = in.readText(j, expected.c_str());
    for (auto v : allowed)
        for (auto const& k : KEY_KINDS)
            if (k.version == v && !text.empty() && text[0] == k.first)
            {
                auto payload = crypto::strKeyDecode(v, text);
                if (!payload)
                    in.fail("expected " + expected + ", got \"" + text + "\", which is not a valid StrKey");
                return {v, std::move(*payload)};
            }
    in.fail("expected " + expected + ", got \"" + text + "\"");
}

template <size_t N>
void
copyTo(std::array<uint8_t, N>& out, std::vector<uint8_t> const& payload, size_t from = 0)
{
    std::copy(payload.begin() + static_cast<std::ptrdiff_t>(from),
              payload.begin() + static_cast<std::ptrdiff_t>(from + N), out.begin());
}

void
muxedFromPayload(std::vector<uint8_t> const& payload, uint256& key, uint64_t& id)
{
    copyTo(key, payload);
    id = getBigEndian64(payload.data() + 32);
}

void
signedPayloadFromPayload(std::vector<uint8_t> const& payload, SignerKeyEd25519SignedPayload& v)
{
    copyTo(v.ed25519, payload);
    uint32_t n = (uint32_t{payload[32]} << 24) | (uint32_t{payload[33]} << 16) | (uint32_t{payload[34]} << 8) |
                 uint32_t{payload[35]};
    v.payload.assign(payload.begin() + 36, payload.begin() + 36 + n);
}

// --- asset codes -----------------------------------------------------------

template <size_t N>
void
readAssetCode(JsonIn& in, Json const& j, std::array<uint8_t, N>& out)
{
    auto expected = "an asset code of at most " + std::to_string(N) + " bytes";
    auto bytes = unescapeBytes(in, in.readText(j, expected.c_str()));
    if (bytes.size() > N)
        in.fail("expected " + expected + ", got " + std::to_string(bytes.size()));
    out.fill(0);
    std::copy(bytes.begin(), bytes.end(), out.begin());
}

// The bytes up to the last non-zero one, but at least `min`.
template <size_t N>
Json
assetCodeText(std::array<uint8_t, N> const& code, size_t min)
{
    size_t n = N;
    while (n > min && code[n - 1] == 0)
        --n;
    return escapeBytes(code.data(), n);
}

// --- 128- and 256-bit integers ----------------------------------------------
// Magnitudes as 32-bit limbs, most significant first.

using Limbs = std::vector<uint32_t>;

Limbs
limbsOf(std::initializer_list<uint64_t> words)
{
    Limbs l;
    for (auto w : words)
    {
        l.push_back(static_cast<uint32_t>(w >> 32));
        l.push_back(static_cast<uint32_t>(w));
    }
    return l;
}

uint64_t
wordAt(Limbs const& l, size_t word)
{
    return (uint64_t{l[2 * word]} << 32) | l[2 * word + 1];
}

void
negate(Limbs& l)
{
    uint64_t carry = 1;
    for (size_t i = l.size(); i-- > 0;)
    {
        uint64_t v = uint64_t{static_cast<uint32_t>(~l[i])} + carry;
        l[i] = static_cast<uint32_t>(v);
        carry = v >> 32;
    }
}

std::string
decimalOf(Limbs l)
{
    std::vector<uint32_t> chunks; // base 10^9, least significant first
    bool zero;
    do
    {
        uint64_t rem = 0;
        zero = true;
        for (auto& limb : l)
        {
            uint64_t cur = (rem << 32) | limb;
            limb = static_cast<uint32_t>(cur / 1000000000u);
            rem = cur % 1000000000u;
            zero = zero && limb == 0;
        }
        chunks.push_back(static_cast<uint32_t>(rem));
    } while (!zero);
    std::string out = std::to_string(chunks.back());
    for (size_t i = chunks.size() - 1; i-- > 0;)
    {
        auto part = std::to_string(chunks[i]);
        out += std::string(9 - part.size(), '0') + part;
    }
    return out;
}

Json
signedDecimal(Limbs l)
{
    bool negative = static_cast<int32_t>(l[0]) < 0; // the sign bit
    if (negative)
        negate(l);
    return (negative ? "-" : "") + decimalOf(std::move(l));
}

// Rust's parse of an i128/u128/i256/u256: an optional sign ('-' only when
// signed), then digits; the value must fit.
Limbs
readWide(JsonIn& in, Json const& j, size_t bits, bool isSigned, char const* name)
{
    auto expected = std::string("a decimal string (") + name + ")";
    auto const& text = in.readText(j, expected.c_str());
    std::string_view digits = text;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '+' || (isSigned && digits[0] == '-')))
    {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        in.fail("expected " + expected + ", got \"" + text + "\"");
    Limbs l(bits / 32, 0);
    for (char c : digits)
    {
        uint64_t carry = static_cast<uint64_t>(c - '0');
        for (size_t i = l.size(); i-- > 0;)
        {
            uint64_t v = uint64_t{l[i]} * 10 + carry;
            l[i] = static_cast<uint32_t>(v);
            carry = v >> 32;
        }
        if (carry)
            in.fail("\"" + text + "\" is out of range for " + name);
    }
    if (isSigned)
    {
        // |v| < 2^(bits-1), or == 2^(bits-1) when negative.
        bool top = static_cast<int32_t>(l[0]) < 0;
        bool exactlyMin = static_cast<int32_t>(l[0]) == std::numeric_limits<int32_t>::min() &&
                          std::all_of(l.begin() + 1, l.end(), [](uint32_t x) { return x == 0; });
        if (top && !(negative && exactlyMin))
            in.fail("\"" + text + "\" is out of range for " + name);
        if (negative)
            negate(l);
    }
    return l;
}

// The crate also reads the parts as an object of JSON numbers.
template <class Parts>
bool
readPartsObject(JsonIn& in, Json const& j, Parts& v, char const* name);

template <>
bool
readPartsObject(JsonIn& in, Json const& j, Int128Parts& v, char const* name)
{
    if (!j.is_object())
        return false;
    in.expectObject(j, {"hi", "lo"}, name);
    {
        JsonIn::Step s(in, j, "hi");
        v.hi = in.readInt64Number(s.json());
    }
    JsonIn::Step s(in, j, "lo");
    v.lo = in.readUint64Number(s.json());
    return true;
}

template <>
bool
readPartsObject(JsonIn& in, Json const& j, UInt128Parts& v, char const* name)
{
    if (!j.is_object())
        return false;
    in.expectObject(j, {"hi", "lo"}, name);
    {
        JsonIn::Step s(in, j, "hi");
        v.hi = in.readUint64Number(s.json());
    }
    JsonIn::Step s(in, j, "lo");
    v.lo = in.readUint64Number(s.json());
    return true;
}

template <class Parts>
bool
readParts256(JsonIn& in, Json const& j, Parts& v, char const* name)
{
    if (!j.is_object())
        return false;
    in.expectObject(j, {"hi_hi", "hi_lo", "lo_hi", "lo_lo"}, name);
    {
        JsonIn::Step s(in, j, "hi_hi");
        if constexpr (std::is_signed_v<decltype(v.hi_hi)>)
            v.hi_hi = in.readInt64Number(s.json());
        else
            v.hi_hi = in.readUint64Number(s.json());
    }
    for (auto [key, field] : {std::pair{"hi_lo", &v.hi_lo}, std::pair{"lo_hi", &v.lo_hi}, std::pair{"lo_lo", &v.lo_lo}})
    {
        JsonIn::Step s(in, j, key);
        *field = in.readUint64Number(s.json());
    }
    return true;
}

template <>
bool
readPartsObject(JsonIn& in, Json const& j, Int256Parts& v, char const* name)
{
    return readParts256(in, j, v, name);
}

template <>
bool
readPartsObject(JsonIn& in, Json const& j, UInt256Parts& v, char const* name)
{
    return readParts256(in, j, v, name);
}

}

Json
toJsonValue(PublicKey const& v)
{
    return strKey(StrKeyVersion::STRKEY_PUBKEY_ED25519, v.ed25519());
}

void
fromJsonValue(JsonIn& in, Json const& j, PublicKey& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_PUBKEY_ED25519});
    copyTo(v.type(PUBLIC_KEY_TYPE_ED25519).ed25519(), key.payload);
}

Json
toJsonValue(MuxedAccount const& v)
{
    if (v.type() == KEY_TYPE_MUXED_ED25519)
        return toJsonValue(v.med25519());
    return strKey(StrKeyVersion::STRKEY_PUBKEY_ED25519, v.ed25519());
}

void
fromJsonValue(JsonIn& in, Json const& j, MuxedAccount& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_PUBKEY_ED25519, StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519});
    if (key.version == StrKeyVersion::STRKEY_PUBKEY_ED25519)
        copyTo(v.type(KEY_TYPE_ED25519).ed25519(), key.payload);
    else
    {
        auto& m = v.type(KEY_TYPE_MUXED_ED25519).med25519();
        muxedFromPayload(key.payload, m.ed25519, m.id);
    }
}

Json
toJsonValue(MuxedAccountMed25519 const& v)
{
    return muxedStrKey(v.ed25519, v.id);
}

void
fromJsonValue(JsonIn& in, Json const& j, MuxedAccountMed25519& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519});
    muxedFromPayload(key.payload, v.ed25519, v.id);
}

Json
toJsonValue(MuxedEd25519Account const& v)
{
    return muxedStrKey(v.ed25519, v.id);
}

void
fromJsonValue(JsonIn& in, Json const& j, MuxedEd25519Account& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519});
    muxedFromPayload(key.payload, v.ed25519, v.id);
}

Json
toJsonValue(SignerKey const& v)
{
    switch (v.type())
    {
    case SIGNER_KEY_TYPE_PRE_AUTH_TX: return strKey(StrKeyVersion::STRKEY_PRE_AUTH_TX, v.preAuthTx());
    case SIGNER_KEY_TYPE_HASH_X: return strKey(StrKeyVersion::STRKEY_HASH_X, v.hashX());
    case SIGNER_KEY_TYPE_ED25519_SIGNED_PAYLOAD: return signedPayloadStrKey(v.ed25519SignedPayload());
    default: return strKey(StrKeyVersion::STRKEY_PUBKEY_ED25519, v.ed25519());
    }
}

void
fromJsonValue(JsonIn& in, Json const& j, SignerKey& v)
{
    auto key = readKey(in, j,
                       {StrKeyVersion::STRKEY_PUBKEY_ED25519, StrKeyVersion::STRKEY_PRE_AUTH_TX, StrKeyVersion::STRKEY_HASH_X,
                        StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519});
    switch (key.version)
    {
    case StrKeyVersion::STRKEY_PRE_AUTH_TX: copyTo(v.type(SIGNER_KEY_TYPE_PRE_AUTH_TX).preAuthTx(), key.payload); break;
    case StrKeyVersion::STRKEY_HASH_X: copyTo(v.type(SIGNER_KEY_TYPE_HASH_X).hashX(), key.payload); break;
    case StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519:
        signedPayloadFromPayload(key.payload, v.type(SIGNER_KEY_TYPE_ED25519_SIGNED_PAYLOAD).ed25519SignedPayload());
        break;
    default: copyTo(v.type(SIGNER_KEY_TYPE_ED25519).ed25519(), key.payload); break;
    }
}

Json
toJsonValue(SignerKeyEd25519SignedPayload const& v)
{
    return signedPayloadStrKey(v);
}

void
fromJsonValue(JsonIn& in, Json const& j, SignerKeyEd25519SignedPayload& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519});
    signedPayloadFromPayload(key.payload, v);
}

Json
toJsonValue(ClaimableBalanceID const& v)
{
    std::vector<uint8_t> payload{0};
    payload.insert(payload.end(), v.v0().begin(), v.v0().end());
    return strKey(StrKeyVersion::STRKEY_CLAIMABLE_BALANCE, payload);
}

void
fromJsonValue(JsonIn& in, Json const& j, ClaimableBalanceID& v)
{
    auto key = readKey(in, j, {StrKeyVersion::STRKEY_CLAIMABLE_BALANCE});
    copyTo(v.type(CLAIMABLE_BALANCE_ID_TYPE_V0).v0(), key.payload, 1);
}

Json
toJsonValue(SCAddress const& v)
{
    switch (v.type())
    {
    case SC_ADDRESS_TYPE_CONTRACT: return toJsonContractID(v.contractId());
    case SC_ADDRESS_TYPE_MUXED_ACCOUNT: return toJsonValue(v.muxedAccount());
    case SC_ADDRESS_TYPE_CLAIMABLE_BALANCE: return toJsonValue(v.claimableBalanceId());
    case SC_ADDRESS_TYPE_LIQUIDITY_POOL: return toJsonPoolID(v.liquidityPoolId());
    default: return toJsonValue(v.accountId());
    }
}

void
fromJsonValue(JsonIn& in, Json const& j, SCAddress& v)
{
    auto key = readKey(in, j,
                       {StrKeyVersion::STRKEY_PUBKEY_ED25519, StrKeyVersion::STRKEY_CONTRACT,
                        StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519, StrKeyVersion::STRKEY_CLAIMABLE_BALANCE,
                        StrKeyVersion::STRKEY_LIQUIDITY_POOL});
    switch (key.version)
    {
    case StrKeyVersion::STRKEY_CONTRACT: copyTo(v.type(SC_ADDRESS_TYPE_CONTRACT).contractId(), key.payload); break;
    case StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519:
    {
        auto& m = v.type(SC_ADDRESS_TYPE_MUXED_ACCOUNT).muxedAccount();
        muxedFromPayload(key.payload, m.ed25519, m.id);
        break;
    }
    case StrKeyVersion::STRKEY_CLAIMABLE_BALANCE:
        copyTo(v.type(SC_ADDRESS_TYPE_CLAIMABLE_BALANCE).claimableBalanceId().type(CLAIMABLE_BALANCE_ID_TYPE_V0).v0(),
               key.payload, 1);
        break;
    case StrKeyVersion::STRKEY_LIQUIDITY_POOL:
        copyTo(v.type(SC_ADDRESS_TYPE_LIQUIDITY_POOL).liquidityPoolId(), key.payload);
        break;
    default: copyTo(v.type(SC_ADDRESS_TYPE_ACCOUNT).accountId().type(PUBLIC_KEY_TYPE_ED25519).ed25519(), key.payload); break;
    }
}

Json
toJsonContractID(ContractID const& v)
{
    return strKey(StrKeyVersion::STRKEY_CONTRACT, v);
}

void
fromJsonContractID(JsonIn& in, Json const& j, ContractID& v)
{
    copyTo(v, readKey(in, j, {StrKeyVersion::STRKEY_CONTRACT}).payload);
}

Json
toJsonPoolID(PoolID const& v)
{
    return strKey(StrKeyVersion::STRKEY_LIQUIDITY_POOL, v);
}

void
fromJsonPoolID(JsonIn& in, Json const& j, PoolID& v)
{
    copyTo(v, readKey(in, j, {StrKeyVersion::STRKEY_LIQUIDITY_POOL}).payload);
}

Json
toJsonAssetCode4(AssetCode4 const& v)
{
    return assetCodeText(v, 0);
}

void
fromJsonAssetCode4(JsonIn& in, Json const& j, AssetCode4& v)
{
    readAssetCode(in, j, v);
}

Json
toJsonAssetCode12(AssetCode12 const& v)
{
    return assetCodeText(v, 5);
}

void
fromJsonAssetCode12(JsonIn& in, Json const& j, AssetCode12& v)
{
    readAssetCode(in, j, v);
}

Json
toJsonValue(AssetCode const& v)
{
    return v.type() == ASSET_TYPE_CREDIT_ALPHANUM12 ? toJsonAssetCode12(v.assetCode12())
                                                     : toJsonAssetCode4(v.assetCode4());
}

// Up to 4 bytes is an AssetCode4, up to 12 an AssetCode12 (the crate's rule).
void
fromJsonValue(JsonIn& in, Json const& j, AssetCode& v)
{
    auto bytes = unescapeBytes(in, in.readText(j, "an asset code of at most 12 bytes"));
    if (bytes.size() > 12)
        in.fail("expected an asset code of at most 12 bytes, got " + std::to_string(bytes.size()));
    auto fill = [&](auto& code) {
        code.fill(0);
        std::copy(bytes.begin(), bytes.end(), code.begin());
    };
    if (bytes.size() <= 4)
        fill(v.type(ASSET_TYPE_CREDIT_ALPHANUM4).assetCode4());
    else
        fill(v.type(ASSET_TYPE_CREDIT_ALPHANUM12).assetCode12());
}

Json
toJsonValue(Int128Parts const& v)
{
    return signedDecimal(limbsOf({static_cast<uint64_t>(v.hi), v.lo}));
}

void
fromJsonValue(JsonIn& in, Json const& j, Int128Parts& v)
{
    if (readPartsObject(in, j, v, "Int128Parts"))
        return;
    auto l = readWide(in, j, 128, true, "int128");
    v.hi = static_cast<int64_t>(wordAt(l, 0));
    v.lo = wordAt(l, 1);
}

Json
toJsonValue(UInt128Parts const& v)
{
    return decimalOf(limbsOf({v.hi, v.lo}));
}

void
fromJsonValue(JsonIn& in, Json const& j, UInt128Parts& v)
{
    if (readPartsObject(in, j, v, "UInt128Parts"))
        return;
    auto l = readWide(in, j, 128, false, "uint128");
    v.hi = wordAt(l, 0);
    v.lo = wordAt(l, 1);
}

Json
toJsonValue(Int256Parts const& v)
{
    return signedDecimal(limbsOf({static_cast<uint64_t>(v.hi_hi), v.hi_lo, v.lo_hi, v.lo_lo}));
}

void
fromJsonValue(JsonIn& in, Json const& j, Int256Parts& v)
{
    if (readPartsObject(in, j, v, "Int256Parts"))
        return;
    auto l = readWide(in, j, 256, true, "int256");
    v.hi_hi = static_cast<int64_t>(wordAt(l, 0));
    v.hi_lo = wordAt(l, 1);
    v.lo_hi = wordAt(l, 2);
    v.lo_lo = wordAt(l, 3);
}

Json
toJsonValue(UInt256Parts const& v)
{
    return decimalOf(limbsOf({v.hi_hi, v.hi_lo, v.lo_hi, v.lo_lo}));
}

void
fromJsonValue(JsonIn& in, Json const& j, UInt256Parts& v)
{
    if (readPartsObject(in, j, v, "UInt256Parts"))
        return;
    auto l = readWide(in, j, 256, false, "uint256");
    v.hi_hi = wordAt(l, 0);
    v.hi_lo = wordAt(l, 1);
    v.lo_hi = wordAt(l, 2);
    v.lo_lo = wordAt(l, 3);
}

}
