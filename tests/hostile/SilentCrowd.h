#pragma once
// Many TCP connections to one node that never send a byte: the cheapest
// attack on a node's pending slots. Each connection waits for the node to
// close it; with `reconnect` it dials again at once, so the crowd keeps
// `size` connections coming as fast as the node closes them. A reconnecting
// member also gives up on a dial or a connection that stays unanswered
// (RECONNECT_PATIENCE) and dials again, as an attacker would: past the
// node's full accept queue the kernel drops a SYN (and retries it after 1, 2,
// 4... seconds) or keeps a connection the node never sees; without this the
// crowd dwindles into those waits on a slow machine (seen under ASan in CI:
// 1,168 closes in 20 s instead of tens of thousands). Runs on the Clock's
// event loop (crank it to let the crowd act).

#include "util/Clock.h"

#include <asio/ip/tcp.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace stellar::test
{

class SilentCrowd
{
  public:
    SilentCrowd(Clock& clock, uint16_t port, std::size_t size, bool reconnect);
    ~SilentCrowd();
    SilentCrowd(SilentCrowd const&) = delete;
    SilentCrowd& operator=(SilentCrowd const&) = delete;

    void start();
    // Closes every connection; no more dialling.
    void stop();

    std::size_t open() const { return open_; }       // connected and not yet closed by the node
    uint64_t connects() const { return connects_; }  // successful dials so far
    uint64_t closedByNode() const { return closed_; } // end of stream or reset seen
    uint64_t failedDials() const { return failedDials_; }
    uint64_t gaveUp() const { return gaveUp_; }       // dials and connections abandoned for patience

  private:
    struct Member
    {
        Member(asio::io_context& io, Clock& clock) : socket(io), patience(clock) {}
        asio::ip::tcp::socket socket;
        std::array<uint8_t, 1> byte{};
        bool open = false;
        uint64_t dial = 0; // which dial a completion belongs to
        Timer patience;
    };
    void dial(std::size_t i);
    void onConnect(std::size_t i, asio::error_code const& ec);
    void onEnd(std::size_t i);
    void giveUp(std::size_t i);
    bool markEnded(Member& m); // whether it was open

    Clock& clock_;
    asio::ip::tcp::endpoint endpoint_;
    bool reconnect_;
    bool stopped_ = false;
    std::vector<std::unique_ptr<Member>> members_;
    std::size_t open_ = 0;
    uint64_t connects_ = 0, closed_ = 0, failedDials_ = 0, gaveUp_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}
