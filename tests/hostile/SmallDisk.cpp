#include "hostile/SmallDisk.h"

#include <fmt/format.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace stellar::test
{

SmallDisk::SmallDisk(std::size_t bytes)
{
    auto pattern = (std::filesystem::temp_directory_path() / "so-small-disk-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
    {
        unavailable_ = "cannot create a directory under " + std::filesystem::temp_directory_path().string();
        return;
    }
    path_ = pattern;
    auto options = fmt::format("size={},mode=0777", bytes);
    if (::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) != 0)
    {
        unavailable_ = fmt::format("mounting a tmpfs needs CAP_SYS_ADMIN ({})", std::strerror(errno));
        return;
    }
    mounted_ = true;
}

SmallDisk::~SmallDisk()
{
    if (mounted_)
        ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void
SmallDisk::fill()
{
    int fd = ::open((path_ / "filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        return;
    std::vector<char> block(4096, 'f');
    while (::write(fd, block.data(), block.size()) > 0)
    {
    }
    // The last partial block too.
    while (::write(fd, block.data(), 1) > 0)
    {
    }
    ::close(fd);
}

void
SmallDisk::makeRoom()
{
    std::error_code ec;
    std::filesystem::remove(path_ / "filler", ec);
}

bool
SmallDisk::remountReadOnly()
{
    return mounted_ && ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
}

bool
SmallDisk::remountReadWrite()
{
    return mounted_ && ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, nullptr) == 0;
}

}
