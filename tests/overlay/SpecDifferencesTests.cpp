// docs/spec-differences.md defines every difference id (E01..) that the code
// cites: a comment that names one sends the reader there.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace
{

std::string
contentOf(std::filesystem::path const& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}

TEST(SpecDifferences, EveryIdTheSourcesCiteIsDefinedInDocs)
{
    std::filesystem::path root = SO_SOURCE_DIR_PATH;
    std::set<std::string> defined;
    auto docs = contentOf(root / "docs" / "spec-differences.md");
    std::regex heading(R"(\n### (E[0-9]{2})\n)");
    for (auto it = std::sregex_iterator(docs.begin(), docs.end(), heading); it != std::sregex_iterator(); ++it)
        defined.insert((*it)[1]);
    EXPECT_GE(defined.size(), 30u);

    std::regex id(R"(\bE[0-9]{2}\b)");
    std::set<std::string> undefined;
    int cited = 0;
    for (auto const* dir : {"src", "tests", "fuzz", "bench"})
    {
        for (auto const& entry : std::filesystem::recursive_directory_iterator(root / dir))
        {
            auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp" && ext != ".md" && ext != ".js"))
                continue;
            auto text = contentOf(entry.path());
            for (auto it = std::sregex_iterator(text.begin(), text.end(), id); it != std::sregex_iterator(); ++it)
            {
                ++cited;
                if (!defined.count(it->str()))
                    undefined.insert(it->str() + " in " + entry.path().lexically_relative(root).string());
            }
        }
    }
    EXPECT_GT(cited, 100);
    EXPECT_TRUE(undefined.empty()) << ::testing::PrintToString(undefined);
}
