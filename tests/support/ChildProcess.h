#pragma once
// A real program run by a test (the stellar-overlay binary, node with an npm
// package). Its stdout and stderr go to files the test reads while it runs,
// so a chatty child never blocks on a full pipe; its stdin is a pipe the test
// may write commands to. The destructor kills and reaps the child, so a test
// that fails half-way leaves no process behind.
//
// A child's progress is visible only through its output and its sockets, so
// waiting is polling with a deadline (eventually()), never a fixed sleep.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace stellar::test
{

// A fresh directory under the system temp dir, removed with its contents
// when the object goes away.
class TempDir
{
  public:
    explicit TempDir(std::string const& prefix);
    ~TempDir();
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;
    std::filesystem::path const& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

struct ChildProcessOptions
{
    std::vector<std::string> argv;             // argv[0] is the program's path
    std::map<std::string, std::string> env;    // added to (or replacing in) the test's environment
    std::filesystem::path outputDir;           // where <name>.stdout / <name>.stderr go
    std::string name = "child";
};

class ChildProcess
{
  public:
    // Throws std::runtime_error when the program cannot be started.
    explicit ChildProcess(ChildProcessOptions options);
    ~ChildProcess();
    ChildProcess(ChildProcess const&) = delete;
    ChildProcess& operator=(ChildProcess const&) = delete;

    pid_t pid() const { return pid_; }
    std::string const& name() const { return options_.name; }

    // Everything the child wrote so far.
    std::string output() const;
    std::string errors() const;

    // Writes to the child's stdin; false once the child stopped reading.
    bool writeStdin(std::string const& text);
    void closeStdin();

    bool running();
    // The exit code, or 128 + signal number for a child killed by a signal;
    // nullopt while it runs or when `timeout` passes first.
    std::optional<int> waitExit(std::chrono::milliseconds timeout);
    std::optional<int> stop(int signal, std::chrono::milliseconds timeout);

    // The last lines of both streams, for failure messages.
    std::string describe(std::size_t lines = 30) const;

  private:
    ChildProcessOptions options_;
    std::filesystem::path stdoutPath_, stderrPath_;
    pid_t pid_ = -1;
    int stdinFd_ = -1;
    std::optional<int> exitCode_;
};

// What a program that runs to completion did.
struct RunResult
{
    int exitCode = -1; // 128 + signal when killed; -1 when it timed out
    std::string out;
    std::string err;
};
RunResult runToCompletion(std::vector<std::string> argv, std::string const& input,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Checks `done` every `interval` until it holds or `timeout` passes.
bool eventually(std::function<bool()> const& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

// A TCP port on 127.0.0.1 that nothing listens on right now, below Linux's
// ephemeral range so that outgoing connections do not take it meanwhile.
uint16_t unusedTcpPort();
// The first of `count` consecutive such ports (a local-network's).
uint16_t unusedTcpPortRange(uint16_t count);

}
