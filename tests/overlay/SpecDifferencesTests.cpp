// docs/spec-differences.md defines every difference id (E01..) and every
// behaviour id (G1..G17) that the code cites: a comment or a test name that
// names one sends the reader there.

#include "support/SourceTree.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace stellar::test;

namespace
{

// Every id the sources cite (the first group of `pattern`) that is not in
// `defined`, with where; `cited` counts the citations.
std::set<std::string>
undefinedCitations(std::regex const& pattern, std::set<std::string> const& defined, int& cited)
{
    std::set<std::string> undefined;
    forEachSourceFile(SO_SOURCE_DIR_PATH, {"src", "tests", "fuzz", "bench"}, {".h", ".cpp", ".md", ".js"},
                      [&](auto const& path, auto const& text) {
                          for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
                               it != std::sregex_iterator(); ++it, ++cited)
                              if (!defined.count((*it)[1]))
                                  undefined.insert((*it)[1].str() + " in " + path.string());
                      });
    return undefined;
}

// The ids the docs page defines: the first group of `definition`.
std::set<std::string>
definedIds(std::regex const& definition)
{
    auto docs = fileText(std::filesystem::path(SO_SOURCE_DIR_PATH) / "docs" / "spec-differences.md");
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(docs.begin(), docs.end(), definition); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    return out;
}
}

TEST(SpecDifferences, EveryDifferenceIdTheSourcesCiteIsDefinedInDocs)
{
    auto defined = definedIds(std::regex(R"(\n### (E[0-9]{2})\n)"));
    EXPECT_GE(defined.size(), 30u);
    int cited = 0;
    auto undefined = undefinedCitations(std::regex(R"(\b(E[0-9]{2})\b)"), defined, cited);
    EXPECT_GT(cited, 100);
    EXPECT_TRUE(undefined.empty()) << ::testing::PrintToString(undefined);
}

// Test names join ids with '_' (Dns.G5_G7_...), so a name's ids are found
// one by one.
TEST(SpecDifferences, EveryBehaviourIdTheSourcesCiteIsDefinedInDocs)
{
    auto defined = definedIds(std::regex(R"(<a id="g[0-9]+"></a>(G[0-9]{1,2}) )"));
    EXPECT_EQ(defined.size(), 17u);
    int cited = 0;
    auto undefined = undefinedCitations(std::regex(R"((?:\b|_)(G[0-9]{1,2})(?=\b|_))"), defined, cited);
    EXPECT_GT(cited, 100);
    EXPECT_TRUE(undefined.empty()) << ::testing::PrintToString(undefined);
}
