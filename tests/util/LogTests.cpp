#include "util/Log.h"

#include <gtest/gtest.h>

using namespace stellar;

TEST(Log, SanitizeEscapesControlCharactersAndKeepsTheRest)
{
    // A peer's version string arrives as it was sent.
    EXPECT_EQ(sanitizeForLog("stellar-core 27.1.0 (a1b2c3d)"), "stellar-core 27.1.0 (a1b2c3d)");
    EXPECT_EQ(sanitizeForLog("stellar-overlay 0.1.0"), "stellar-overlay 0.1.0");
    // Terminal escapes, newlines and NULs cannot forge or colour a log line.
    EXPECT_EQ(sanitizeForLog(std::string("a\nb\x1b[31mc\0d", 11)), "a\\x0ab\\x1b[31mc\\x00d");
    // A backslash is doubled so that an escape in the log is always ours.
    EXPECT_EQ(sanitizeForLog("C:\\x41"), "C:\\\\x41");
    // UTF-8 text stays; C1 controls and broken sequences are escaped.
    EXPECT_EQ(sanitizeForLog("nœud 東京"), "nœud 東京");
    EXPECT_EQ(sanitizeForLog("\xc2\x9b" "31m \xff \xe6\x9d"), "\\xc2\\x9b31m \\xff \\xe6\\x9d");
    EXPECT_EQ(sanitizeForLog(std::string(300, 'x')).size(), 100u);
}

TEST(Log, LevelsTakeCoresNamesInAnyCase)
{
    EXPECT_EQ(parseLogLevel("DEBUG"), spdlog::level::debug);
    EXPECT_EQ(parseLogLevel("Warning"), spdlog::level::warn);
    EXPECT_EQ(parseLogLevel("fatal"), spdlog::level::critical);
    EXPECT_EQ(parseLogLevel("off"), spdlog::level::off);
    EXPECT_EQ(parseLogLevel("verbose"), std::nullopt);
    EXPECT_EQ(levelName(spdlog::level::warn), "Warning");
    EXPECT_EQ(levelName(spdlog::level::critical), "Fatal");
}

TEST(Log, PartitionLevelsAndTheGlobalLevelAsCoreSetsThem)
{
    setLogLevel(spdlog::level::info);
    setLogLevel(spdlog::level::debug, "Overlay");
    EXPECT_EQ(logger("Overlay").level(), spdlog::level::debug);
    EXPECT_EQ(logLevelOf("Overlay"), spdlog::level::debug);
    EXPECT_EQ(logLevelOf("Herder"), spdlog::level::info);
    EXPECT_FALSE(setLogLevel("Overlay", "loud"));
    EXPECT_EQ(logger("Overlay").level(), spdlog::level::debug);
    // A global level forgets the per-partition ones (core: Logging::setLogLevel).
    setLogLevel(spdlog::level::warn);
    EXPECT_EQ(logLevelOf("Overlay"), spdlog::level::warn);
    EXPECT_EQ(logger("Overlay").level(), spdlog::level::warn);
    EXPECT_EQ(normalizePartition("overlay"), "Overlay");
    EXPECT_EQ(normalizePartition("Net"), std::nullopt);
    setLogLevel(spdlog::level::info);
}
