// The C++ shape of XDR types: unions hold exactly the arm their discriminant
// selects, structs are aggregates, enums and constants keep their XDR names.

#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

#include <type_traits>

using namespace stellar;
using namespace stellar::xdr;

TEST(XdrUnion, DefaultValueHasTheFirstCaseAndItsArm)
{
    StellarMessage m;
    EXPECT_EQ(m.type(), ERROR_MSG);
    EXPECT_EQ(m.error().code, ERR_MISC);
    EXPECT_THROW(m.hello(), XdrError);

    TransactionExt ext;
    EXPECT_EQ(ext.v(), 0);
    EXPECT_THROW(ext.sorobanData(), XdrError);

    // Enums without a member 0 start at their first member.
    TimeSlicedSurveyRequestMessage req;
    EXPECT_EQ(req.request.commandType, TIME_SLICED_SURVEY_TOPOLOGY);
}

TEST(XdrUnion, SettingTheDiscriminantSelectsAFreshArm)
{
    StellarMessage m;
    m.type(HELLO).hello().versionStr = "v27";
    EXPECT_EQ(m.type(), HELLO);
    // The same arm keeps its value, as in xdrpp.
    m.type(HELLO);
    EXPECT_EQ(m.hello().versionStr, "v27");
    m.type(AUTH);
    EXPECT_THROW(m.hello(), XdrError);
    EXPECT_EQ(m.auth().flags, 0);
    m.type(HELLO);
    EXPECT_EQ(m.hello().versionStr, "");
}

TEST(XdrUnion, ArmAccessErrorNamesTheUnionAndTheArm)
{
    StellarMessage const m;
    try
    {
        (void)m.hello();
        FAIL() << "no exception";
    }
    catch (XdrError const& e)
    {
        EXPECT_STREQ(e.what(), "StellarMessage::hello() read while the discriminant 0 selects another arm");
    }
}

TEST(XdrUnion, DiscriminantThatNoCaseAcceptsIsRefused)
{
    StellarMessage m;
    EXPECT_THROW(m.type(static_cast<MessageType>(4)), XdrError);
    EXPECT_EQ(m.type(), ERROR_MSG);
    TransactionExt ext;
    EXPECT_THROW(ext.v(2), XdrError);
    MuxedAccount acc;
    EXPECT_THROW(acc.type(KEY_TYPE_PRE_AUTH_TX), XdrError);
}

TEST(XdrUnion, EqualityComparesDiscriminantAndArm)
{
    StellarMessage a, b;
    a.type(GET_SCP_STATE).getSCPLedgerSeq() = 1;
    b.type(GET_SCP_STATE).getSCPLedgerSeq() = 1;
    EXPECT_EQ(a, b);
    b.getSCPLedgerSeq() = 2;
    EXPECT_NE(a, b);
    // Two discriminants may share a void arm and still differ.
    CreateAccountResult malformed, underfunded;
    malformed.code(CREATE_ACCOUNT_MALFORMED);
    underfunded.code(CREATE_ACCOUNT_UNDERFUNDED);
    EXPECT_NE(malformed, underfunded);
    underfunded.code(CREATE_ACCOUNT_MALFORMED);
    EXPECT_EQ(malformed, underfunded);
}

TEST(XdrUnion, CopiesAreDeep)
{
    SCVal inner;
    inner.type(SCV_U32).u32() = 9;
    SCVal outer;
    outer.type(SCV_VEC).vec().activate().push_back(inner);
    SCVal copy = outer;
    (*copy.vec())[0].u32() = 10;
    EXPECT_EQ((*outer.vec())[0].u32(), 9u);
    EXPECT_NE(copy, outer);
}

TEST(XdrUnion, SelfContainingArmsAreBoxedOutOfSight)
{
    // SCSpecTypeDef's option arm holds an SCSpecTypeOption, which holds an SCSpecTypeDef.
    SCSpecTypeDef def;
    def.type(SC_SPEC_TYPE_OPTION).option().valueType.type(SC_SPEC_TYPE_U32);
    SCSpecTypeDef copy = def;
    EXPECT_EQ(copy, def);
    copy.option().valueType.type(SC_SPEC_TYPE_BOOL);
    EXPECT_NE(copy, def);
    EXPECT_EQ(fromBytes<SCSpecTypeDef>(toBytes(def)), def);
}

TEST(XdrTypes, StructsAreAggregatesWithXdrFieldNames)
{
    Auth auth{.flags = 200};
    EXPECT_EQ(static_cast<uint32_t>(auth.flags), AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED);
    SendMoreExtended sme{.numMessages = 1, .numBytes = 2};
    EXPECT_EQ(sme, (SendMoreExtended{1, 2}));
    static_assert(std::is_same_v<SCPStatement::_pledges_t, SCPStatementPledges>);
    static_assert(std::is_same_v<SCPStatementPledges::_prepare_t, SCPStatementPledgesPrepare>);
    static_assert(std::is_same_v<NodeID, PublicKey>);
    static_assert(std::is_same_v<Hash, std::array<uint8_t, 32>>);
    static_assert(std::is_same_v<decltype(SCPEnvelope{}.signature), std::vector<uint8_t>>);
    static_assert(std::is_same_v<decltype(SCPStatementPledgesPrepare{}.prepared), xdr::pointer<SCPBallot>>);
}

TEST(XdrTypes, ConstantsAndEnumsKeepTheirXdrNamesAndValues)
{
    static_assert(TX_ADVERT_VECTOR_MAX_SIZE == 1000);
    static_assert(TX_DEMAND_VECTOR_MAX_SIZE == 1000);
    static_assert(MAX_OPS_PER_TX == 100);
    static_assert(HELLO == 13 && SEND_MORE_EXTENDED == 20 && TIME_SLICED_SURVEY_STOP_COLLECTING == 24);
    static_assert(ERR_DATA == 1 && ERR_AUTH == 3 && ENVELOPE_TYPE_AUTH == 3 && SCP_ST_NOMINATE == 3);
    static_assert(std::is_same_v<std::underlying_type_t<MessageType>, int32_t>);
    EXPECT_EQ(enumName(HELLO), "HELLO");
    EXPECT_EQ(enumName(static_cast<MessageType>(4)), "");
    EXPECT_TRUE(isValidEnum(FLOOD_DEMAND));
    EXPECT_FALSE(isValidEnum(static_cast<MessageType>(4)));
    MessageType t{};
    EXPECT_TRUE(enumFromName("SCP_MESSAGE", t));
    EXPECT_EQ(t, SCP_MESSAGE);
    EXPECT_FALSE(enumFromName("GET_PEERS", t));
    EXPECT_EQ(enumName(txFEE_BUMP_INNER_SUCCESS), "txFEE_BUMP_INNER_SUCCESS");
}

TEST(XdrPointer, IsAValueWithActivateAndReset)
{
    xdr::pointer<SCPBallot> p;
    EXPECT_FALSE(p);
    p.activate().counter = 4;
    ASSERT_TRUE(p);
    EXPECT_EQ(p->counter, 4u);
    auto q = p;
    q->counter = 5;
    EXPECT_EQ((*p).counter, 4u);
    EXPECT_NE(p, q);
    q.reset();
    EXPECT_FALSE(q);
    EXPECT_EQ(q, xdr::pointer<SCPBallot>{});
    EXPECT_EQ(p.activate().counter, 4u);
}
