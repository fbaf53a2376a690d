#pragma once
// The project's own files, for tests that check a rule over the whole tree
// (every cited id is defined, bit 31 is handled in one place). The test
// target defines SO_SOURCE_DIR_PATH, the checkout's root.

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>

namespace stellar::test
{

inline std::string
fileText(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Calls `visit(path relative to root, text)` for every regular file below
// `root / dir` whose extension is one of `extensions` (".h", ".cpp", ...).
inline void
forEachSourceFile(std::filesystem::path const& root, std::initializer_list<char const*> dirs,
                  std::initializer_list<char const*> extensions,
                  std::function<void(std::filesystem::path const&, std::string const&)> const& visit)
{
    for (auto const* dir : dirs)
        for (auto const& entry : std::filesystem::recursive_directory_iterator(root / dir))
        {
            if (!entry.is_regular_file())
                continue;
            auto ext = entry.path().extension().string();
            for (auto const* wanted : extensions)
                if (ext == wanted)
                {
                    visit(entry.path().lexically_relative(root), fileText(entry.path()));
                    break;
                }
        }
}

}
