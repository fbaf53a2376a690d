#include "crypto/StrKey.h"

#include "crypto/CryptoTestHelpers.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace stellar::crypto;
using namespace stellar::crypto::test;

namespace
{

// The 32-byte key or hash that all of SEP-23's examples share.
std::string const SEP23_KEY_HEX = "3f0c34bf93ad0d9971d04ccc90f705511c838aad9734a4a2fb0d7a03fc7fe89a";

struct ValidStrKey
{
    StrKeyVersion version;
    std::string text;
    std::string payloadHex;
};

std::vector<ValidStrKey> const VALID_STRKEYS = {
    // SEP-23 "Valid test cases", in order.
    {StrKeyVersion::STRKEY_PUBKEY_ED25519, "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ", SEP23_KEY_HEX},
    {StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519,
     "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ", SEP23_KEY_HEX + "0000000000000000"},
    {StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519,
     "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK", SEP23_KEY_HEX + "8000000000000000"},
    {StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519,
     "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAQACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IBZGM",
     SEP23_KEY_HEX + "00000020" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"},
    {StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519,
     "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAOQCAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUAAAAFGBU",
     SEP23_KEY_HEX + "0000001d" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d" + "000000"},
    {StrKeyVersion::STRKEY_CONTRACT, "CA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWDA", SEP23_KEY_HEX},
    {StrKeyVersion::STRKEY_LIQUIDITY_POOL, "LA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUPJN", SEP23_KEY_HEX},
    {StrKeyVersion::STRKEY_CLAIMABLE_BALANCE, "BAAD6DBUX6J22DMZOHIEZTEQ64CVCHEDRKWZONFEUL5Q26QD7R76RGR4TU",
     "00" + SEP23_KEY_HEX},
    // SEP-23 has no S, T or X example: these encode the same 32 bytes with
    // @stellar/stellar-base 15.0.0 (StrKey.encodeEd25519SecretSeed,
    // encodePreAuthTx, encodeSha256Hash).
    {StrKeyVersion::STRKEY_SEED_ED25519, "SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG", SEP23_KEY_HEX},
    {StrKeyVersion::STRKEY_PRE_AUTH_TX, "TA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUPUI", SEP23_KEY_HEX},
    {StrKeyVersion::STRKEY_HASH_X, "XA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVLRR", SEP23_KEY_HEX},
};

StrKeyVersion
versionOfFirstCharacter(char c)
{
    switch (c)
    {
    case 'G':
        return StrKeyVersion::STRKEY_PUBKEY_ED25519;
    case 'M':
        return StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519;
    case 'P':
        return StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519;
    case 'B':
        return StrKeyVersion::STRKEY_CLAIMABLE_BALANCE;
    default:
        throw std::invalid_argument("no version for this test string");
    }
}

}

TEST(StrKey, ValidKeysDecodeAndReencodeIdentically)
{
    for (auto const& k : VALID_STRKEYS)
    {
        auto payload = strKeyDecode(k.version, k.text);
        ASSERT_TRUE(payload) << k.text;
        EXPECT_EQ(toHex(*payload), k.payloadHex) << k.text;
        EXPECT_EQ(strKeyEncode(k.version, *payload), k.text);
    }
}

// SEP-23 "Invalid test cases", the array given at the end of that section,
// each decoded as the type its first character names.
TEST(StrKey, Sep23InvalidKeysAreRejected)
{
    std::vector<std::string> const invalid = {
        "GAAAAAAAACGC6",
        "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUR",
        "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZA",
        "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUACUSI",
        "G47QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVP2I",
        "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLKA",
        "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAAV75I",
        "M47QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ",
        "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUK===",
        "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUO",
        "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAQACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IAAAAAAAAPM",
        "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAOQCAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4Z2PQ",
        "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAOQCAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DXFH6",
        "BAAD6DBUX6J22DMZOHIEZTEQ64CVCHEDRKWZONFEUL5Q26QD7R76RGR4TV",
        "BAAT6DBUX6J22DMZOHIEZTEQ64CVCHEDRKWZONFEUL5Q26QD7R76RGXACA",
    };
    for (auto const& text : invalid)
    {
        EXPECT_FALSE(strKeyDecode(versionOfFirstCharacter(text[0]), text)) << text;
    }
}

TEST(StrKey, WrongVersionLowerCaseAndPaddingAreRejected)
{
    std::string const account = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_SEED_ED25519, account));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_CONTRACT, account));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519,
                              "ga7qynf7sowq3glr2bgmzehxavirza4kvwltjjfc7mgxua74p7ujvsgz"));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, account + "========"));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, account.substr(0, 55) + "z"));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, ""));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, " " + account));
}

TEST(StrKey, EveryOneCharacterChangeIsCaught)
{
    // CRC-16 detects every single-symbol error in a key this short.
    std::string const account = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
    for (std::size_t i = 0; i < account.size(); ++i)
    {
        std::string changed = account;
        changed[i] = changed[i] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(fromStrKeyPublic(changed)) << "position " << i;
    }
}

TEST(StrKey, HostileLengthsAreRejectedCheaply)
{
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, std::string(1 << 20, 'A')));
    EXPECT_FALSE(strKeyDecode(StrKeyVersion::STRKEY_PUBKEY_ED25519, std::string(56 * 3, 'G')));
}

TEST(StrKey, PublicKeyConvenienceRoundTrip)
{
    Bytes32 key = hex32(SEP23_KEY_HEX);
    EXPECT_EQ(toStrKeyPublic(key), "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ");
    EXPECT_EQ(fromStrKeyPublic("GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ"), key);
    EXPECT_FALSE(fromStrKeyPublic("SA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWVG"));
}

TEST(StrKey, EncodingAPayloadThatDoesNotFitIsAProgrammingError)
{
    EXPECT_THROW(strKeyEncode(StrKeyVersion::STRKEY_PUBKEY_ED25519, counting(0, 31)), std::invalid_argument);
    EXPECT_THROW(strKeyEncode(StrKeyVersion::STRKEY_MUXED_ACCOUNT_ED25519, counting(0, 32)), std::invalid_argument);
    EXPECT_THROW(strKeyEncode(StrKeyVersion::STRKEY_CLAIMABLE_BALANCE, hexBytes("01" + SEP23_KEY_HEX)),
                 std::invalid_argument);
    // Signed payload: inner length 65 is above CAP-40's limit of 64.
    auto tooLong = hexBytes(SEP23_KEY_HEX + "00000041");
    tooLong.resize(tooLong.size() + 68, 0);
    EXPECT_THROW(strKeyEncode(StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, tooLong), std::invalid_argument);
}

TEST(StrKey, SignedPayloadLengthBounds)
{
    auto withPayload = [](std::size_t n) {
        auto bytes = hexBytes(SEP23_KEY_HEX);
        bytes.insert(bytes.end(), {0, 0, 0, static_cast<uint8_t>(n)});
        bytes.resize(bytes.size() + (n + 3) / 4 * 4, 0x00);
        std::fill(bytes.begin() + 36, bytes.begin() + 36 + static_cast<std::ptrdiff_t>(n), 0xab);
        return bytes;
    };
    for (std::size_t n : {0u, 1u, 4u, 63u, 64u})
    {
        auto text = strKeyEncode(StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, withPayload(n));
        EXPECT_EQ(strKeyDecode(StrKeyVersion::STRKEY_SIGNED_PAYLOAD_ED25519, text), withPayload(n)) << n;
    }
}

// The CRC catalogue's check value for CRC-16/XMODEM: "123456789" -> 0x31C3.
TEST(Crc16XModem, CatalogueCheckValue)
{
    EXPECT_EQ(crc16XModem(asBytes("123456789")), 0x31C3);
    EXPECT_EQ(crc16XModem(ByteSpan{}), 0x0000);
}
