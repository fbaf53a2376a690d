#pragma once
// Scratch files for the node scripts the interop tests run. ctest runs tests
// in parallel processes: one directory per process under
// XDR_INTEROP_WORK_DIR, removed when the process ends.

#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace stellar::test
{

inline std::filesystem::path
workFile(std::string const& name)
{
    struct WorkDir
    {
        std::filesystem::path path =
            std::filesystem::path(XDR_INTEROP_WORK_DIR) / ("run-" + std::to_string(::getpid()));
        ~WorkDir()
        {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    };
    static WorkDir const dir;
    std::filesystem::create_directories(dir.path);
    return dir.path / name;
}

}
