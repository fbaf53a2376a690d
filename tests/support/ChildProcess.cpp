#include "support/ChildProcess.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <set>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace stellar::test
{

namespace
{
std::string
readFile(std::filesystem::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string
lastLines(std::string const& text, std::size_t n)
{
    std::size_t pos = text.size();
    std::size_t count = 0;
    while (pos > 0 && count <= n)
    {
        pos = text.rfind('\n', pos - 1);
        if (pos == std::string::npos)
        {
            pos = 0;
            break;
        }
        ++count;
    }
    return text.substr(pos == 0 ? 0 : pos + 1);
}

int
decodeStatus(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}
}

TempDir::TempDir(std::string const& prefix)
{
    auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data()))
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
    path_ = buf.data();
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

ChildProcess::ChildProcess(ChildProcessOptions options) : options_(std::move(options))
{
    if (options_.argv.empty())
        throw std::runtime_error("ChildProcess: no program");
    // Writing to a child that already exited must fail, not kill the test.
    ::signal(SIGPIPE, SIG_IGN);

    stdoutPath_ = options_.outputDir / (options_.name + ".stdout");
    stderrPath_ = options_.outputDir / (options_.name + ".stderr");

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));

    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e)
    {
        std::string kv(*e);
        auto eq = kv.find('=');
        if (eq != std::string::npos)
            env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (auto const& [k, v] : options_.env)
        env[k] = v;
    std::vector<std::string> envStrings;
    for (auto const& [k, v] : env)
        envStrings.push_back(k + "=" + v);
    std::vector<char*> envp, argv;
    for (auto& s : envStrings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto& s : options_.argv)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[0], STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderrPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[0]);
    if (rc != 0)
    {
        ::close(pipeFds[1]);
        throw std::runtime_error("cannot start " + options_.argv[0] + ": " + std::strerror(rc));
    }
    stdinFd_ = pipeFds[1];
}

ChildProcess::~ChildProcess()
{
    closeStdin();
    if (running())
        stop(SIGKILL, std::chrono::seconds(10));
}

std::string
ChildProcess::output() const
{
    return readFile(stdoutPath_);
}

std::string
ChildProcess::errors() const
{
    return readFile(stderrPath_);
}

bool
ChildProcess::writeStdin(std::string const& text)
{
    std::size_t done = 0;
    while (stdinFd_ >= 0 && done < text.size())
    {
        auto n = ::write(stdinFd_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return stdinFd_ >= 0;
}

void
ChildProcess::closeStdin()
{
    if (stdinFd_ >= 0)
        ::close(stdinFd_);
    stdinFd_ = -1;
}

bool
ChildProcess::running()
{
    if (exitCode_ || pid_ <= 0)
        return false;
    int status = 0;
    auto r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_)
    {
        exitCode_ = decodeStatus(status);
        return false;
    }
    return r == 0;
}

std::optional<int>
ChildProcess::waitExit(std::chrono::milliseconds timeout)
{
    eventually([&] { return !running(); }, timeout, std::chrono::milliseconds(10));
    return exitCode_;
}

std::optional<int>
ChildProcess::stop(int signal, std::chrono::milliseconds timeout)
{
    if (running())
        ::kill(pid_, signal);
    return waitExit(timeout);
}

std::string
ChildProcess::describe(std::size_t lines) const
{
    std::string s = "--- " + options_.name + " (pid " + std::to_string(pid_) + ")";
    if (exitCode_)
        s += ", exit code " + std::to_string(*exitCode_);
    s += "\n--- stdout (last lines):\n" + lastLines(output(), lines);
    s += "\n--- stderr (last lines):\n" + lastLines(errors(), lines) + "\n";
    return s;
}

RunResult
runToCompletion(std::vector<std::string> argv, std::string const& input, std::chrono::milliseconds timeout)
{
    TempDir dir("so-run");
    ChildProcess child(ChildProcessOptions{std::move(argv), {}, dir.path(), "run"});
    child.writeStdin(input);
    child.closeStdin();
    RunResult r;
    auto code = child.waitExit(timeout);
    if (!code)
        child.stop(SIGKILL, std::chrono::seconds(5));
    r.exitCode = code.value_or(-1);
    r.out = child.output();
    r.err = child.errors();
    return r;
}

bool
eventually(std::function<bool()> const& done, std::chrono::milliseconds timeout, std::chrono::milliseconds interval)
{
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true)
    {
        if (done())
            return true;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(interval);
    }
}

namespace
{
// Test processes run side by side (ctest -j): a port one of them picked may
// be free now and listened on by another's child a moment later. Each pick is
// claimed with a record lock on the port's byte of one shared file; the
// kernel drops a process's locks when it exits, so nothing goes stale.
bool
claimAcrossProcesses(uint16_t port, uint16_t count = 1)
{
    static int lockFile = ::open("/tmp/stellar-overlay-test-ports.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (lockFile < 0)
        return true; // no shared file: fall back to the bind probe alone
    struct flock claim{};
    claim.l_type = F_WRLCK;
    claim.l_whence = SEEK_SET;
    claim.l_start = port;
    claim.l_len = count;
    return ::fcntl(lockFile, F_SETLK, &claim) == 0;
}
}

static bool
nothingListensOn(uint16_t port)
{
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    ::close(fd);
    return ok;
}

uint16_t
unusedTcpPortRange(uint16_t count)
{
    // Ports handed out by this process are not handed out twice.
    static std::set<uint16_t> given;
    static std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(20000, 32000 - count);
    for (int attempt = 0; attempt < 200; ++attempt)
    {
        auto first = static_cast<uint16_t>(pick(rng));
        bool free = true;
        for (uint16_t p = first; p < first + count; ++p)
            free = free && !given.count(p);
        if (!free || !claimAcrossProcesses(first, count))
            continue;
        for (uint16_t p = first; p < first + count; ++p)
        {
            given.insert(p); // claimed: keep it out of later picks either way
            free = free && nothingListensOn(p);
        }
        if (free)
            return first;
    }
    throw std::runtime_error("unusedTcpPort: no free ports on 127.0.0.1 in 20000..32000");
}

uint16_t
unusedTcpPort()
{
    return unusedTcpPortRange(1);
}

}
