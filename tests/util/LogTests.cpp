#include "util/Log.h"

#include <gtest/gtest.h>

using namespace stellar;

TEST(Log, SanitizeKeepsLettersDigitsAndSpacesOnly)
{
    EXPECT_EQ(sanitizeForLog("peer rejected"), "peer rejected");
    EXPECT_EQ(sanitizeForLog("a\nb\x1b[31mc%s"), "a*b**31mc*s");
    EXPECT_EQ(sanitizeForLog(std::string(300, 'x')).size(), 100u);
}

TEST(Log, LevelsAreSetPerPartitionAndRejectUnknownNames)
{
    EXPECT_TRUE(setLogLevel("Overlay", "debug"));
    EXPECT_EQ(logger("Overlay").level(), spdlog::level::debug);
    EXPECT_FALSE(setLogLevel("Overlay", "loud"));
    EXPECT_EQ(logger("Overlay").level(), spdlog::level::debug);
}
