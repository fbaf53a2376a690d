// The by-name registry: every type is there, typedef bounds apply, and
// random values of every type survive decode -> JSON -> encode unchanged.

#include "xdr/Json.h"
#include "xdr/Registry.h"
#include "xdr/StellarRandom.h"
#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::xdr;
using json = stellar::xdr::Json;

TEST(XdrRegistry, FindsTypesByTheirCanonicalNames)
{
    for (auto name : {"StellarMessage", "AuthenticatedMessage", "TransactionEnvelope", "GeneralizedTransactionSet",
                      "SCPEnvelope", "Hash", "uint32", "SCPStatementPledges", "SCPStatementPledgesPrepare",
                      "MessageType", "TimeSlicedSurveyResponseMessage"})
    {
        auto const* t = findType(name);
        ASSERT_NE(t, nullptr) << name;
        EXPECT_EQ(t->name, name);
    }
    EXPECT_EQ(findType("MAX_OPS_PER_TX"), nullptr);
    auto names = typeNames();
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_EQ(names.size(), 471u);
}

TEST(XdrRegistry, FindsTypesByTheirStellarCliNamesInItsOrder)
{
    auto const* scp = findType("ScpEnvelope");
    ASSERT_NE(scp, nullptr);
    EXPECT_EQ(scp->name, "SCPEnvelope");
    EXPECT_EQ(scp->rustName, "ScpEnvelope");
    EXPECT_EQ(findType("Uint32"), findType("uint32"));
    auto ordered = typesInRustOrder();
    ASSERT_EQ(ordered.size(), 471u);
    EXPECT_EQ(ordered.front()->rustName, "Value");
    EXPECT_EQ(ordered[1]->rustName, "ScpBallot");
    for (size_t i = 0; i < ordered.size(); ++i)
        EXPECT_EQ(ordered[i]->rustOrder, i);
}

TEST(XdrRegistry, SuggestsCloseNames)
{
    EXPECT_EQ(similarTypeNames("ScpEnvelop"), (std::vector<std::string_view>{"ScpEnvelope"}));
    auto near = similarTypeNames("StellarMesage");
    ASSERT_FALSE(near.empty());
    EXPECT_EQ(near.front(), "StellarMessage");
    EXPECT_TRUE(similarTypeNames("Qwertyuiop").empty());
}

TEST(XdrRegistry, TypedefEntriesApplyTheirBounds)
{
    auto hashes = json::array();
    for (int i = 0; i < 1000; ++i)
        hashes.push_back(std::string(64, '0'));
    auto const* advert = findType("TxAdvertVector");
    ASSERT_NE(advert, nullptr);
    auto bytes = advert->encodeFromJson(hashes);
    EXPECT_EQ(bytes.size(), 4u + 1000 * 32);
    EXPECT_EQ(advert->decodeToJson(bytes), hashes);
    hashes.push_back(std::string(64, '0'));
    EXPECT_THROW(advert->encodeFromJson(hashes), XdrError);

    auto const* s32 = findType("string32");
    ASSERT_NE(s32, nullptr);
    EXPECT_NO_THROW(s32->encodeFromJson(std::string(32, 'a')));
    EXPECT_THROW(s32->encodeFromJson(std::string(33, 'a')), XdrError);
    std::vector<uint8_t> tooLong(4 + 36, 'a');
    tooLong[0] = tooLong[1] = tooLong[2] = 0;
    tooLong[3] = 33;
    try
    {
        s32->decodeToJson(tooLong);
        FAIL() << "no exception";
    }
    catch (XdrError const& e)
    {
        EXPECT_STREQ(e.what(), "at byte 0: string32 has length 33, more than its bound 32");
    }
}

TEST(XdrRegistry, RandomValuesOfEveryTypeRoundTripThroughBytesAndJson)
{
    XdrRandom g(20240601);
    for (auto name : typeNames())
    {
        auto const* t = findType(name);
        for (int i = 0; i < 4; ++i)
        {
            auto bytes = randomXdr(name, g);
            ASSERT_TRUE(bytes) << name;
            EXPECT_EQ(t->reencode(*bytes), *bytes) << name;
            auto j = t->decodeToJson(*bytes);
            EXPECT_EQ(t->encodeFromJson(j), *bytes) << name << " " << j.dump();
            EXPECT_EQ(t->encodeFromJson(json::parse(j.dump())), *bytes) << name;
        }
    }
}
