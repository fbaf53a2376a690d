#pragma once
// A file system of a few MiB that a test can fill up and make read-only: a
// tmpfs the test mounts on a fresh directory (mount(2) needs CAP_SYS_ADMIN,
// which CI's root has). Where mounting is not allowed, unavailable() says why
// and the test reports itself skipped with that reason.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace stellar::test
{

class SmallDisk
{
  public:
    explicit SmallDisk(std::size_t bytes);
    ~SmallDisk();
    SmallDisk(SmallDisk const&) = delete;
    SmallDisk& operator=(SmallDisk const&) = delete;

    std::optional<std::string> const& unavailable() const { return unavailable_; }
    std::filesystem::path const& path() const { return path_; }

    // Writes a filler file until the disk has no space left.
    void fill();
    // Removes the filler.
    void makeRoom();
    // Remounts the file system read-only (fails while a file on it is open
    // for writing: the kernel refuses, as it does for any busy file system).
    bool remountReadOnly();
    bool remountReadWrite();

  private:
    std::filesystem::path path_;
    bool mounted_ = false;
    std::optional<std::string> unavailable_;
};

}
