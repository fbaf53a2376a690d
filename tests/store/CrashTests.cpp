// A node killed with SIGKILL while peers churn restarts with a readable
// database that holds every row whose commit it had reported. The churn runs
// in a separate process (tests/store/crash/ChurnMain.cpp) that reports each
// commit on stdout; the test kills it at random moments, several times over
// the same file, and checks the file after each kill.

#include "overlay/PeerManager.h"
#include "store/Database.h"
#include "store/Soci.h"
#include "store/TestDatabases.h"
#include "util/Random.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <map>
#include <optional>
#include <poll.h>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace stellar;
using namespace stellar::test;

namespace
{

// The churn helper as a child process whose stdout we read line by line.
class ChurnProcess
{
  public:
    ChurnProcess(std::string const& file, int run)
    {
        int fds[2];
        if (::pipe(fds) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ < 0)
            throw std::runtime_error("fork failed");
        if (pid_ == 0)
        {
            ::dup2(fds[1], STDOUT_FILENO);
            ::close(fds[0]);
            ::close(fds[1]);
            auto runText = std::to_string(run);
            ::execl(STORE_CRASH_CHURN_PATH, STORE_CRASH_CHURN_PATH, file.c_str(), runText.c_str(),
                    static_cast<char*>(nullptr));
            _exit(127);
        }
        ::close(fds[1]);
        fd_ = fds[0];
    }

    ~ChurnProcess()
    {
        if (pid_ > 0)
        {
            ::kill(pid_, SIGKILL);
            wait();
        }
        if (fd_ >= 0)
            ::close(fd_);
    }

    // The next line, or nullopt at end of output (or after 10 s of silence).
    std::optional<std::string> readLine()
    {
        for (;;)
        {
            if (auto nl = buffer_.find('\n'); nl != std::string::npos)
            {
                auto line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 10'000) <= 0)
                return std::nullopt;
            char chunk[4096];
            auto n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return std::nullopt;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void killHard() { ::kill(pid_, SIGKILL); }

    int wait()
    {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }

  private:
    pid_t pid_ = -1;
    int fd_ = -1;
    std::string buffer_;
};

// What the helper reported as committed, over all runs.
struct Reported
{
    std::map<std::string, uint32_t> peerFailures; // highest numfailures reported
    std::set<std::string> bans;
    std::size_t lines = 0;

    void add(std::string const& line)
    {
        ++lines;
        std::istringstream in{line};
        std::string kind, key;
        in >> kind >> key;
        if (kind == "peer")
        {
            uint32_t failures = 0;
            in >> failures;
            auto& seen = peerFailures[key];
            seen = std::max(seen, failures);
        }
        else if (kind == "ban")
        {
            bans.insert(key);
        }
        else
        {
            ASSERT_EQ(kind, "ready") << "unexpected line from the churn helper: " << line;
        }
    }
};

void
expectDatabaseHoldsEverythingReported(std::string const& url, Reported const& reported)
{
    std::unique_ptr<Database> db;
    ASSERT_NO_THROW(db = Database::open(url));
    std::string integrity;
    db->session() << "PRAGMA integrity_check", soci::into(integrity);
    EXPECT_EQ(integrity, "ok");

    Clock clock{Clock::Mode::Virtual};
    PeerManager peers{*db, clock};
    std::size_t missingPeers = 0, staleFailures = 0;
    for (auto const& [text, failures] : reported.peerFailures)
    {
        auto record = peers.load(*PeerBareAddress::parse(text));
        if (!record)
            ++missingPeers;
        else if (record->numFailures < failures)
            ++staleFailures;
    }
    EXPECT_EQ(missingPeers, 0u);
    EXPECT_EQ(staleFailures, 0u);

    std::size_t missingBans = 0;
    for (auto const& id : reported.bans)
    {
        std::string nodeId = id;
        int count = 0;
        db->session() << "SELECT COUNT(*) FROM ban WHERE nodeid = :id", soci::into(count), soci::use(nodeId);
        missingBans += count == 1 ? 0 : 1;
    }
    EXPECT_EQ(missingBans, 0u);
}

}

TEST(CrashSafety, KillNineWhilePeersChurnLosesNoReportedCommit)
{
    TempDir dir;
    auto file = (dir.path() / "node.db").string();
    auto url = "sqlite3://" + file;
    reseedRandom(20251125);
    // Run 0 is killed at once, possibly inside the first migration; the
    // others after a random number of reported commits.
    std::vector<uint64_t> killAfter{0, randomUniform(1, 40), randomUniform(40, 400), randomUniform(400, 2000),
                                    randomUniform(1, 2000)};
    Reported reported;
    for (int run = 0; run < static_cast<int>(killAfter.size()); ++run)
    {
        SCOPED_TRACE("run " + std::to_string(run) + ", killed after " + std::to_string(killAfter[run]) + " lines");
        ChurnProcess churn{file, run};
        for (uint64_t i = 0; i < killAfter[run]; ++i)
        {
            auto line = churn.readLine();
            ASSERT_TRUE(line) << "the churn helper stopped on its own";
            reported.add(*line);
        }
        churn.killHard();
        // Lines still in the pipe were written after their commits too.
        while (auto line = churn.readLine())
            reported.add(*line);
        int status = churn.wait();
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
        if (killAfter[run] > 0)
        {
            // The kill left committed pages in the WAL for the reopen to recover.
            EXPECT_TRUE(std::filesystem::exists(file + "-wal"));
        }
        expectDatabaseHoldsEverythingReported(url, reported);
    }
    EXPECT_GT(reported.bans.size(), 0u);
    EXPECT_GT(reported.peerFailures.size(), 100u);
}
