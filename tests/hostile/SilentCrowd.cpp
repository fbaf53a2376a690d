#include "hostile/SilentCrowd.h"

#include <asio/connect.hpp>
#include <asio/ip/address_v4.hpp>
#include <asio/read.hpp>

namespace stellar::test
{

namespace
{
// On loopback a dial completes in microseconds and, under churn, the node
// evicts a silent pending connection within tens of milliseconds: a dial or
// a connection left unanswered this long is stuck in a kernel queue.
constexpr auto RECONNECT_PATIENCE = std::chrono::seconds(1);
}

SilentCrowd::SilentCrowd(Clock& clock, uint16_t port, std::size_t size, bool reconnect)
    : clock_(clock), endpoint_(asio::ip::address_v4::loopback(), port), reconnect_(reconnect)
{
    for (std::size_t i = 0; i < size; ++i)
        members_.push_back(std::make_unique<Member>(clock_.io(), clock_));
}

SilentCrowd::~SilentCrowd()
{
    *alive_ = false;
    stop();
}

void
SilentCrowd::start()
{
    for (std::size_t i = 0; i < members_.size(); ++i)
        dial(i);
}

void
SilentCrowd::stop()
{
    stopped_ = true;
    for (auto& m : members_)
    {
        asio::error_code ignored;
        m->socket.close(ignored);
        m->patience.cancel();
        m->open = false;
    }
    open_ = 0;
}

void
SilentCrowd::dial(std::size_t i)
{
    if (stopped_)
        return;
    auto& m = *members_[i];
    asio::error_code ignored;
    m.socket.close(ignored);
    auto dial = ++m.dial;
    m.socket.async_connect(endpoint_, [this, i, dial, alive = alive_](asio::error_code const& ec) {
        if (*alive && members_[i]->dial == dial)
            onConnect(i, ec);
    });
    if (reconnect_)
        m.patience.expiresAfter(RECONNECT_PATIENCE, [this, i] { giveUp(i); });
}

void
SilentCrowd::onConnect(std::size_t i, asio::error_code const& ec)
{
    if (stopped_ || ec == asio::error::operation_aborted)
        return;
    if (ec)
    {
        ++failedDials_;
        if (reconnect_)
            dial(i);
        return;
    }
    auto& m = *members_[i];
    m.open = true;
    ++open_;
    ++connects_;
    // Wait for the node to end the connection; the node sends nothing to a
    // connection that never said HELLO, so the read completes only at the end.
    asio::async_read(m.socket, asio::buffer(m.byte),
                     [this, i, dial = m.dial, alive = alive_](asio::error_code const& e, std::size_t) {
                         if (*alive && e != asio::error::operation_aborted && members_[i]->dial == dial)
                             onEnd(i);
                     });
    if (reconnect_)
        m.patience.expiresAfter(RECONNECT_PATIENCE, [this, i] { giveUp(i); });
}

void
SilentCrowd::onEnd(std::size_t i)
{
    if (stopped_)
        return;
    auto& m = *members_[i];
    if (markEnded(m))
        ++closed_;
    if (reconnect_)
        dial(i);
    else
    {
        asio::error_code ignored;
        m.socket.close(ignored);
    }
}

void
SilentCrowd::giveUp(std::size_t i)
{
    if (stopped_)
        return;
    markEnded(*members_[i]);
    ++gaveUp_;
    dial(i);
}

bool
SilentCrowd::markEnded(Member& m)
{
    if (!m.open)
        return false;
    m.open = false;
    --open_;
    return true;
}

}
