#include "store/SqlTimestamp.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace std::chrono_literals;

namespace
{

SystemTimePoint
virtualEpoch()
{
    return SystemTimePoint{Clock::VIRTUAL_EPOCH};
}

}

TEST(SqlTimestamp, FormatsUtcWholeSecondsAsStellarCoreDoes)
{
    EXPECT_EQ(toSqlTimestamp(SystemTimePoint{}), "1970-01-01 00:00:00");
    EXPECT_EQ(toSqlTimestamp(virtualEpoch()), "2025-01-01 00:00:00");
    EXPECT_EQ(toSqlTimestamp(virtualEpoch() + 10240s + 999ms), "2025-01-01 02:50:40");
    EXPECT_EQ(toSqlTimestamp(virtualEpoch() + 58 * 24h + 23h + 59min + 59s), "2025-02-28 23:59:59");
}

TEST(SqlTimestamp, ParsesWhatItFormatsAndWhatPostgresqlReturns)
{
    EXPECT_EQ(fromSqlTimestamp("2025-01-01 00:00:00"), virtualEpoch());
    EXPECT_EQ(fromSqlTimestamp("2025-01-01T02:50:40"), virtualEpoch() + 10240s);
    EXPECT_EQ(fromSqlTimestamp("2025-01-01 02:50:40.75"), virtualEpoch() + 10240s);
    EXPECT_EQ(fromSqlTimestamp("2024-02-29 12:00:00"), virtualEpoch() - (366 - 59) * 24h + 12h);
}

TEST(SqlTimestamp, RefusesAnythingElse)
{
    for (auto bad : {"", "2025-01-01", "2025-01-01 00:00", "2025-13-01 00:00:00", "2025-02-29 00:00:00",
                     "2025-01-01 24:00:00", "2025-01-01 00:60:00", "2025/01/01 00:00:00", "2025-01-01 00:00:00Z",
                     "2025-01-01 00:00:00.", "2025-01-01 00:00:00+02", "20a5-01-01 00:00:00", "1735689600"})
    {
        EXPECT_EQ(fromSqlTimestamp(bad), std::nullopt) << bad;
    }
}

TEST(SqlTimestamp, UnixSecondsRoundTripAndFloor)
{
    EXPECT_EQ(toUnixSeconds(virtualEpoch()), 1735689600);
    EXPECT_EQ(toUnixSeconds(virtualEpoch() + 1999ms), 1735689601);
    EXPECT_EQ(fromUnixSeconds(1735689600), virtualEpoch());
}
