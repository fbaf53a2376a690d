// store_crash_churn <sqlite file> <run number>
//
// Churns peers and bans in a SQLite database until it is killed, for
// CrashTests. After each commit it writes one line to stdout, unbuffered:
//   ready                       the database is open and migrated
//   peer <ip:port> <failures>   that row was committed with that numfailures
//   ban <node id>               that ban row was committed
// A line is written only after its commit returned, so every reported row
// must be in the database after a kill at any moment. Numfailures only grows,
// so a row may also hold a newer value than the last one reported.

#include "overlay/BanManager.h"
#include "overlay/PeerManager.h"
#include "store/Database.h"
#include "util/Clock.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unistd.h>

using namespace stellar;

namespace
{

void
report(std::string const& line)
{
    std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size())
    {
        auto n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
        if (n <= 0)
            _exit(3); // the test stopped listening
        done += static_cast<std::size_t>(n);
    }
}

// A strkey-shaped id unique to (run, i).
std::string
nodeIdFor(uint32_t run, uint32_t i)
{
    static char const alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string id = "G";
    uint64_t value = (uint64_t{run} << 32) | i;
    for (int k = 0; k < 55; ++k)
    {
        id.push_back(alphabet[value & 31]);
        value >>= 5;
    }
    return id;
}

PeerBareAddress
addressFor(uint32_t run, uint32_t i)
{
    // 20.x.y.z onwards: public addresses, one first octet per run.
    return *PeerBareAddress::fromIPv4({static_cast<uint8_t>(20 + run), static_cast<uint8_t>(i >> 16),
                                       static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)},
                                      11625);
}

}

int
main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: store_crash_churn <sqlite file> <run number>\n");
        return 2;
    }
    try
    {
        uint32_t run = static_cast<uint32_t>(std::stoul(argv[2]));
        setLogLevel("*", "warn"); // one info line per ban would bury the test's own output
        Clock clock{Clock::Mode::Virtual};
        auto db = Database::open(std::string{"sqlite3://"} + argv[1]);
        PeerManager peers{*db, clock};
        BanManager bans{*db, clock};
        report("ready");
        for (uint32_t i = 0; i < (1u << 24); ++i)
        {
            auto fresh = addressFor(run, i);
            peers.store(fresh, PeerRecord{clock.systemNow(), 0, PeerType::OUTBOUND});
            // PeerManager logs and carries on when a write fails; read the
            // row back so that a line is never a claim we have not checked.
            if (!peers.load(fresh))
                throw std::runtime_error("stored peer " + fresh.toString() + " is not there");
            report(fmt::format("peer {} 0", fresh.toString()));

            auto older = addressFor(run, i / 2);
            peers.update(older, PeerManager::BackOffUpdate::INCREASE);
            auto record = peers.load(older);
            if (!record)
                throw std::runtime_error("updated peer " + older.toString() + " is not there");
            report(fmt::format("peer {} {}", older.toString(), record->numFailures));

            if (i % 4 == 0)
            {
                auto id = nodeIdFor(run, i);
                bans.banNode(id);
                report("ban " + id);
            }
            else if (i % 4 == 2)
            {
                auto id = nodeIdFor(run, i);
                bans.banNodeUntil(id, clock.systemNow() + std::chrono::hours{24 * 365});
                report("ban " + id);
            }
        }
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "store_crash_churn: %s\n", e.what());
        return 1;
    }
    return 0;
}
