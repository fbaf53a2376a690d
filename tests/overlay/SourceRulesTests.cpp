// The size rules the code keeps so that a newcomer can read it: no file in
// src/ over 800 lines, no function in src/overlay/ over 60 lines.

#include "support/SourceTree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

using namespace stellar::test;

TEST(SourceRules, NoFileInSrcIsLongerThan800Lines)
{
    std::set<std::string> tooLong;
    int files = 0;
    forEachSourceFile(SO_SOURCE_DIR_PATH, {"src"}, {".h", ".cpp"}, [&](auto const& path, auto const& text) {
        ++files;
        auto lines = std::count(text.begin(), text.end(), '\n');
        if (lines > 800)
            tooLong.insert(path.string() + ": " + std::to_string(lines) + " lines");
    });
    EXPECT_GT(files, 150);
    EXPECT_TRUE(tooLong.empty()) << ::testing::PrintToString(tooLong);
}

// A function body opens with a "{" alone at the start of a line (after a line
// that is not a namespace, class, struct or enum) and ends at the next line
// that starts with "}": the layout every file here has.
TEST(SourceRules, NoFunctionInOverlayIsLongerThan60Lines)
{
    std::set<std::string> tooLong;
    int functions = 0;
    forEachSourceFile(SO_SOURCE_DIR_PATH, {"src/overlay"}, {".h", ".cpp"}, [&](auto const& path, auto const& text) {
        std::istringstream in(text);
        std::string line, previous, signature;
        int lineNo = 0, bodyStart = 0;
        bool inBody = false;
        while (std::getline(in, line))
        {
            ++lineNo;
            bool declaration = previous.starts_with("namespace") || previous.starts_with("class ") ||
                               previous.starts_with("struct ") || previous.starts_with("enum ");
            if (line == "{" && !declaration)
            {
                inBody = true;
                bodyStart = lineNo;
                signature = previous;
            }
            else if (inBody && line.starts_with("}"))
            {
                inBody = false;
                ++functions;
                if (lineNo - bodyStart - 1 > 60)
                    tooLong.insert(path.string() + ": " + signature + ": " + std::to_string(lineNo - bodyStart - 1) +
                                   " lines");
            }
            previous = line;
        }
    });
    EXPECT_GT(functions, 250);
    EXPECT_TRUE(tooLong.empty()) << ::testing::PrintToString(tooLong);
}
