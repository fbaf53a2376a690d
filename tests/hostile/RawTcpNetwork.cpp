#include "hostile/RawTcpNetwork.h"

#include "net/RecordMark.h"

#include <asio/post.hpp>
#include <asio/write.hpp>

#include <numeric>
#include <stdexcept>
#include <utility>

namespace stellar::test
{

RawTcpTransport::RawTcpTransport(Clock& clock, asio::ip::tcp::endpoint remote, std::optional<int> receiveBuffer)
    : clock_(clock), remote_(remote), receiveBuffer_(receiveBuffer), socket_(clock.io())
{
}

RawTcpTransport::~RawTcpTransport()
{
    *alive_ = false;
    asio::error_code ignored;
    socket_.close(ignored);
}

void
RawTcpTransport::start(TransportHandler& handler)
{
    handler_ = &handler;
    if (receiveBuffer_)
    {
        socket_.open(remote_.protocol());
        socket_.set_option(asio::socket_base::receive_buffer_size(*receiveBuffer_));
    }
    socket_.async_connect(remote_, [this, alive = alive_](asio::error_code const& ec) {
        if (!*alive || failed_)
            return;
        if (ec)
            return fail(TransportError::ConnectFailed, ec.message());
        handler_->onConnected();
        write();
        read();
    });
}

void
RawTcpTransport::send(std::vector<uint8_t> body)
{
    if (std::exchange(capturing_, false))
    {
        captured_ = encodeFrame(body);
        return;
    }
    writeRaw(encodeFrame(body));
}

void
RawTcpTransport::writeRaw(std::vector<uint8_t> bytes)
{
    if (failed_)
        return;
    writes_.push_back(std::move(bytes));
    write();
}

std::size_t
RawTcpTransport::queuedBytes() const
{
    return std::accumulate(writes_.begin(), writes_.end(), std::size_t{0},
                           [](std::size_t n, auto const& w) { return n + w.size(); });
}

void
RawTcpTransport::write()
{
    if (writing_ || writes_.empty() || !socket_.is_open() || failed_)
        return;
    writing_ = true;
    asio::async_write(socket_, asio::buffer(writes_.front()),
                      [this, alive = alive_](asio::error_code const& ec, std::size_t) {
                          if (!*alive || failed_)
                              return;
                          writing_ = false;
                          if (ec)
                              return fail(TransportError::WriteFailed, ec.message());
                          writes_.pop_front();
                          handler_->onWritten(1);
                          if (*alive)
                              write();
                      });
}

void
RawTcpTransport::resumeReading()
{
    if (stopped_)
        return;
    paused_ = false;
    asio::post(clock_.io(), [this, alive = alive_] {
        if (!*alive || failed_)
            return;
        deliver();
        if (*alive)
            read();
    });
}

void
RawTcpTransport::read()
{
    if (reading_ || paused_ || failed_ || !socket_.is_open())
        return;
    reading_ = true;
    socket_.async_read_some(asio::buffer(readBuffer_), [this, alive = alive_](asio::error_code const& ec,
                                                                               std::size_t n) {
        if (!*alive || failed_)
            return;
        reading_ = false;
        if (ec)
            return fail(ec == asio::error::eof ? TransportError::RemoteClosed : TransportError::ReadFailed,
                        ec.message());
        received_.insert(received_.end(), readBuffer_.begin(), readBuffer_.begin() + static_cast<long>(n));
        deliver();
        if (*alive)
            read();
    });
}

void
RawTcpTransport::deliver()
{
    auto alive = alive_; // the handler may destroy us from onFrame
    while (!paused_ && !failed_ && received_.size() >= RECORD_MARK_SIZE)
    {
        auto length = decodeRecordMark(std::span<uint8_t const, 4>(received_.data(), 4));
        if (received_.size() < RECORD_MARK_SIZE + length)
            return;
        std::vector<uint8_t> body(received_.begin() + RECORD_MARK_SIZE,
                                  received_.begin() + static_cast<long>(RECORD_MARK_SIZE + length));
        received_.erase(received_.begin(), received_.begin() + static_cast<long>(RECORD_MARK_SIZE + length));
        handler_->onFrame(std::move(body));
        if (!*alive)
            return;
    }
}

void
RawTcpTransport::close()
{
    failed_ = true;
    asio::error_code ignored;
    socket_.close(ignored);
}

void
RawTcpTransport::fail(TransportError error, std::string const& detail)
{
    failed_ = true;
    asio::error_code ignored;
    socket_.close(ignored);
    handler_->onTransportError(error, detail);
}

std::unique_ptr<Transport>
RawTcpNetwork::connect(std::string const& ip, uint16_t port)
{
    auto t = std::make_unique<RawTcpTransport>(clock_, asio::ip::tcp::endpoint(asio::ip::make_address(ip), port),
                                               receiveBuffer);
    last_ = t.get();
    return t;
}

uint16_t
RawTcpNetwork::listen(uint16_t, std::function<void(std::unique_ptr<Transport>)>)
{
    throw std::logic_error("RawTcpNetwork only dials");
}

}
