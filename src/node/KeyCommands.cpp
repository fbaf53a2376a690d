#include "node/KeyCommands.h"

#include "crypto/Hex.h"
#include "crypto/SecretKey.h"
#include "crypto/StrKey.h"


#include <cctype>
#include <istream>
#include <ostream>
#include <sstream>

namespace stellar
{

namespace
{
using crypto::StrKeyVersion;

void
printPublicKey(std::ostream& out, crypto::Bytes32 const& key)
{
    out << "PublicKey:\n  strKey: " << crypto::toStrKeyPublic(key) << "\n  hex: " << crypto::toHex(key) << "\n";
}

void
printSeed(std::ostream& out, crypto::SecretKey const& key)
{
    out << "Seed:\n  strKey: " << key.strKeySeed() << "\n";
    printPublicKey(out, key.publicKey());
}

struct NamedVersion
{
    StrKeyVersion version;
    char const* name;
};
constexpr NamedVersion VERSIONS[]{
    {StrKeyVersion::STRKEY_PUBKEY_ED25519, "STRKEY_PUBKEY_ED25519"},
    {StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, "STRKEY_SIGNED_PAYLOAD_ED25519"},
    {StrKeyVersion::STRKEY_SEED_ED25519, "STRKEY_SEED_ED25519"},
    {StrKeyVersion::STRKEY_PRE_AUTH_TX, "STRKEY_PRE_AUTH_TX"},
    {StrKeyVersion::STRKEY_HASH_X, "STRKEY_HASH_X"},
    {StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519, "STRKEY_MUXED_ACCOUNT_ED25519"},
    {StrKeyVersion::STRKEY_CONTRACT, "STRKEY_CONTRACT"},
    {StrKeyVersion::STRKEY_LIQUIDITY_POOL, "STRKEY_LIQUIDITY_POOL"},
    {StrKeyVersion::STRKEY_CLAIMABLE_BALANCE, "STRKEY_CLAIMABLE_BALANCE"},
};
}

int
runSecToPub(std::istream& in, std::ostream& out, std::ostream& err)
{
    // NODE_SEED's forms: "S..." or "S... name".
    std::string line, seed;
    std::getline(in, line);
    std::istringstream(line) >> seed;
    auto key = crypto::SecretKey::fromStrKeySeed(seed);
    if (!key)
    {
        err << "sec-to-pub: the input is not a secret seed: expected a strkey starting with 'S' (56 characters), "
               "optionally followed by a name, as NODE_SEED takes it\n";
        return 1;
    }
    out << key->strKeyPublic() << "\n";
    return 0;
}

int
runConvertId(std::string const& id, std::ostream& out, std::ostream& err)
{
    if (auto pub = crypto::fromStrKeyPublic(id))
    {
        printPublicKey(out, *pub);
        return 0;
    }
    if (auto seed = crypto::SecretKey::fromStrKeySeed(id))
    {
        printSeed(out, *seed);
        return 0;
    }
    auto hex = crypto::fromHex(id);
    if (hex && hex->size() == 32)
    {
        crypto::Bytes32 data;
        std::copy(hex->begin(), hex->end(), data.begin());
        out << "Interpreted as ";
        printPublicKey(out, data);
        out << "\nInterpreted as ";
        printSeed(out, crypto::SecretKey::fromSeed(data));
        out << "\nOther interpretations:\n";
        for (auto [version, name] : {std::pair{StrKeyVersion::STRKEY_PRE_AUTH_TX, "STRKEY_PRE_AUTH_TX"},
                                     std::pair{StrKeyVersion::STRKEY_HASH_X, "STRKEY_HASH_X"},
                                     std::pair{StrKeyVersion::STRKEY_CONTRACT, "STRKEY_CONTRACT"}})
            out << "  " << name << ": " << crypto::strKeyEncode(version, data) << "\n";
        return 0;
    }
    for (auto const& [version, name] : VERSIONS)
        if (auto payload = crypto::strKeyDecode(version, id))
        {
            out << "StrKey:\n  type: " << name << "\n  hex: " << crypto::toHex(*payload) << "\n";
            return 0;
        }
    err << "convert-id: \"" << id << "\" is not a key: expected a StrKey (G..., S..., T..., X..., M..., P..., C..., "
        << "L..., B...) or 64 hex digits\n";
    return 1;
}

}
