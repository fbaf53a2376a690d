#include "net/TcpTransport.h"

#include "net/FrameReader.h"
#include "net/RecordMark.h"
#include "net/WriteQueue.h"
#include "util/Clock.h"
#include "util/Limits.h"
#include "util/Log.h"

#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <utility>

namespace stellar
{

namespace
{
// A batch's copy (TcpConnection::writeBytes_) larger than this is freed once
// written: a busy moment's buffer is not kept by a quiet peer.
constexpr std::size_t KEPT_WRITE_BUFFER = 64 * 1024;

// Every connection on this thread reads into this one buffer: a connection
// waits for readability holding no buffer of its own, so a silent or idle
// connection costs no read memory at all (core gives each TCPPeer its own
// BUFSZ buffer from the moment it is accepted). Reads happen only in
// completion handlers, never from inside a handler callback, so two uses
// never overlap.
std::span<uint8_t>
sharedReadBuffer()
{
    thread_local std::vector<uint8_t> buffer(READ_BUFFER_SIZE);
    return buffer;
}
}

// The state behind one TcpTransport. Every pending Asio operation holds a
// shared_ptr to it, so it outlives its TcpTransport until they have finished.
class TcpConnection : public std::enable_shared_from_this<TcpConnection>
{
  public:
    enum class Phase
    {
        New,        // outbound: not dialing yet; accepted: connected, not reading yet
        Connecting, // outbound dial in progress
        Open,       // reading and writing, handler attached
        Closing,    // close() called: writing what is queued, then FIN
        Closed
    };

    TcpConnection(Clock& clock, asio::ip::tcp::socket socket, bool outbound, std::string ip, uint16_t port,
                  std::weak_ptr<TcpClosingSet> closing)
        : socket_(std::move(socket))
        , outbound_(outbound)
        , remoteIp_(std::move(ip))
        , remotePort_(port)
        , drainTimer_(clock)
        , closing_(std::move(closing))
    {
    }

    void start(TransportHandler& handler);
    void send(std::vector<uint8_t> body);
    void setMaxIncomingFrameSize(std::size_t size) { reader_.setMaxFrameSize(size); }
    void pauseReading() { paused_ = true; }
    void resumeReading();
    void close();
    void abandon();
    void abort() { finish(); }

    std::string const& remoteIp() const { return remoteIp_; }
    uint16_t remotePort() const { return remotePort_; }
    std::size_t queuedBytes() const { return phase_ == Phase::Closed ? 0 : queue_.wireBytes(); }
    std::size_t queuedFrames() const { return phase_ == Phase::Closed ? 0 : queue_.frames(); }
    int nativeHandle() { return socket_.is_open() ? socket_.native_handle() : -1; }

  private:
    void onConnect(asio::error_code const& ec);
    void issueRead();
    void onReadable(asio::error_code const& ec);
    void onRead(asio::error_code const& ec, std::span<uint8_t const> bytes);
    std::size_t deliverFrames(std::span<uint8_t const> bytes);
    void deliverUnread();
    void schedulePump();
    void scheduleWrite();
    void startWriting();
    void onWrite(asio::error_code const& ec, std::size_t frames);
    void sendFin();
    void fail(TransportError error, std::string const& detail);
    void finish();

    asio::ip::tcp::socket socket_;
    bool outbound_;
    std::string remoteIp_;
    uint16_t remotePort_;
    Phase phase_ = Phase::New;
    TransportHandler* handler_ = nullptr;

    FrameReader reader_{MAX_UNAUTH_MESSAGE_SIZE};
    // Bytes read while delivery was paused part-way through a read: what is
    // left of that read, delivered first when reading resumes.
    std::vector<uint8_t> unread_;
    std::size_t unreadPos_ = 0;
    bool reading_ = false; // waiting for the socket to become readable
    bool paused_ = false;
    bool pumpPosted_ = false;
    bool remoteEnded_ = false; // the remote's FIN arrived while we were closing

    WriteQueue queue_;
    std::vector<asio::const_buffer> writeBuffers_;
    std::vector<uint8_t> writeBytes_; // a batch of several frames, copied together
    bool writing_ = false; // an async write is outstanding
    bool writePosted_ = false;
    bool finSent_ = false;

    Timer drainTimer_;
    std::weak_ptr<TcpClosingSet> closing_;
    bool adopted_ = false;
};

void
TcpConnection::start(TransportHandler& handler)
{
    if (phase_ != Phase::New)
        return;
    handler_ = &handler;
    if (!outbound_)
    {
        phase_ = Phase::Open;
        issueRead();
        startWriting();
        return;
    }

    phase_ = Phase::Connecting;
    asio::error_code ec;
    auto address = asio::ip::make_address_v4(remoteIp_, ec);
    if (ec)
    {
        // Reported through the loop like any other dial failure.
        asio::post(socket_.get_executor(), [self = shared_from_this()] {
            if (self->phase_ == Phase::Connecting)
                self->fail(TransportError::ConnectFailed, "'" + self->remoteIp_ + "' is not an IPv4 address");
        });
        return;
    }
    socket_.async_connect(asio::ip::tcp::endpoint(address, remotePort_),
                          [self = shared_from_this()](asio::error_code const& e) { self->onConnect(e); });
}

void
TcpConnection::onConnect(asio::error_code const& ec)
{
    if (phase_ != Phase::Connecting)
        return;
    if (ec)
        return fail(TransportError::ConnectFailed, ec.message());

    // Core: TCPPeer::initiate. Linger off gives a normal FIN on close (E22).
    asio::error_code optionEc;
    socket_.set_option(asio::ip::tcp::no_delay(true), optionEc);
    if (!optionEc)
        socket_.set_option(asio::socket_base::linger(false, 0), optionEc);
    if (optionEc)
        return fail(TransportError::ConnectFailed, "cannot set socket options: " + optionEc.message());

    phase_ = Phase::Open;
    handler_->onConnected();
    if (phase_ != Phase::Open)
        return;
    if (!paused_)
        issueRead();
    startWriting();
}

void
TcpConnection::send(std::vector<uint8_t> body)
{
    if (phase_ == Phase::Closing || phase_ == Phase::Closed)
        return;
    queue_.push(std::move(body));
    scheduleWrite();
}

void
TcpConnection::resumeReading()
{
    paused_ = false;
    if (phase_ == Phase::Open)
        schedulePump();
}

void
TcpConnection::close()
{
    switch (phase_)
    {
    case Phase::New:
        if (outbound_)
            return finish();
        break; // an accepted socket is connected: drain it like an open one
    case Phase::Connecting:
        return finish();
    case Phase::Open:
        break;
    case Phase::Closing:
    case Phase::Closed:
        return;
    }

    phase_ = Phase::Closing;
    handler_ = nullptr;
    drainTimer_.expiresAfter(CLOSE_DRAIN_TIMEOUT, [this] {
        auto self = shared_from_this();
        finish();
    });
    // Keep reading (and discarding) until the remote's FIN: closing a socket
    // with unread bytes makes the kernel send RST, which can destroy the very
    // frames we are draining.
    unread_ = {};
    unreadPos_ = 0;
    if (!reading_)
        issueRead();
    if (queue_.empty())
        sendFin();
    else
        startWriting();
}

void
TcpConnection::abandon()
{
    handler_ = nullptr;
    if (phase_ == Phase::Closing)
    {
        if (auto set = closing_.lock())
        {
            adopted_ = true;
            set->adopt(shared_from_this());
            return;
        }
    }
    finish();
}

void
TcpConnection::issueRead()
{
    reading_ = true;
    socket_.async_wait(asio::socket_base::wait_read,
                       [self = shared_from_this()](asio::error_code const& ec) { self->onReadable(ec); });
}

void
TcpConnection::onReadable(asio::error_code const& ec)
{
    reading_ = false;
    if (phase_ == Phase::Closed)
        return;
    // Paused meanwhile: the bytes stay in the kernel (TCP pushes back on the
    // remote) until resumeReading() waits again.
    if (!ec && phase_ == Phase::Open && paused_)
        return;
    auto buffer = sharedReadBuffer();
    asio::error_code readEc = ec;
    std::size_t bytes = 0;
    if (!readEc)
    {
        // A non-blocking socket: a wake-up with nothing to read says so.
        socket_.non_blocking(true, readEc);
        if (!readEc)
            bytes = socket_.read_some(asio::buffer(buffer.data(), buffer.size()), readEc);
        if (readEc == asio::error::would_block || readEc == asio::error::try_again)
            return issueRead();
    }
    onRead(readEc, buffer.first(bytes));
}

void
TcpConnection::onRead(asio::error_code const& ec, std::span<uint8_t const> bytes)
{
    if (phase_ == Phase::Closing)
    {
        if (ec == asio::error::eof)
        {
            remoteEnded_ = true;
            if (finSent_)
                finish();
        }
        else if (ec)
            finish();
        else
            issueRead();
        return;
    }
    if (ec == asio::error::eof)
    {
        if (reader_.midFrame())
            return fail(TransportError::RemoteClosed,
                        fmt::format("end of stream in the middle of a frame ({} body bytes missing)",
                                    reader_.missingBodyBytes()));
        return fail(TransportError::RemoteClosed, "end of stream");
    }
    if (ec)
        return fail(TransportError::ReadFailed, ec.message());
    auto used = deliverFrames(bytes);
    if (phase_ != Phase::Open)
        return;
    if (used < bytes.size())
    {
        // Paused part-way: keep the rest, exactly its size.
        unread_.assign(bytes.begin() + static_cast<std::ptrdiff_t>(used), bytes.end());
        unreadPos_ = 0;
    }
    else if (!paused_ && !reading_)
        issueRead();
}

std::size_t
TcpConnection::deliverFrames(std::span<uint8_t const> bytes)
{
    std::size_t used = 0;
    while (phase_ == Phase::Open && !paused_ && used < bytes.size())
    {
        auto step = reader_.consume(bytes.subspan(used));
        used += step.consumed;
        if (step.status == FrameReader::Status::BadLength)
        {
            fail(TransportError::BadFrameLength, fmt::format("message size unacceptable: {} (limit {})",
                                                             reader_.badLength(), reader_.maxFrameSize()));
            break;
        }
        if (step.status == FrameReader::Status::FrameReady)
            handler_->onFrame(reader_.takeFrame()); // may pause, close or destroy our Transport
    }
    return used;
}

void
TcpConnection::deliverUnread()
{
    if (phase_ != Phase::Open || paused_)
        return;
    if (unreadPos_ < unread_.size())
    {
        unreadPos_ += deliverFrames(std::span<uint8_t const>(unread_).subspan(unreadPos_));
        if (phase_ != Phase::Open || unreadPos_ < unread_.size())
            return;
        unread_ = {};
        unreadPos_ = 0;
    }
    if (!paused_ && !reading_)
        issueRead();
}

void
TcpConnection::schedulePump()
{
    if (pumpPosted_)
        return;
    pumpPosted_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        self->pumpPosted_ = false;
        self->deliverUnread();
    });
}

void
TcpConnection::scheduleWrite()
{
    // One gather write per turn of the loop, not one per frame: what the
    // handlers of this turn send (a read's worth of demands and grants, a
    // flood batch) leaves together once they have run. core writes each
    // message as it comes when no write is in flight (TCPPeer::sendMessage),
    // paying a system call per message on a quiet connection.
    if (writing_ || writePosted_)
        return;
    writePosted_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        self->writePosted_ = false;
        self->startWriting();
    });
}

void
TcpConnection::startWriting()
{
    if (writing_ || queue_.empty() || !(phase_ == Phase::Open || phase_ == Phase::Closing))
        return;
    std::size_t frames = queue_.nextBatchFrames();
    writeBuffers_.clear();
    if (frames == 1)
    {
        // One frame (possibly a large one) goes as it is queued.
        writeBuffers_.emplace_back(queue_[0].mark.data(), queue_[0].mark.size());
        writeBuffers_.emplace_back(queue_[0].body.data(), queue_[0].body.size());
    }
    else
    {
        // Several are copied into one buffer: Asio's composed write hands the
        // kernel at most 16 buffers per call (8 frames of mark and body), so a
        // gather write of a batch would cost a system call per 8 frames.
        writeBytes_.clear();
        writeBytes_.reserve(queue_.wireBytesOf(frames));
        for (std::size_t i = 0; i < frames; ++i)
        {
            auto const& frame = queue_[i];
            writeBytes_.insert(writeBytes_.end(), frame.mark.begin(), frame.mark.end());
            writeBytes_.insert(writeBytes_.end(), frame.body.begin(), frame.body.end());
        }
        writeBuffers_.emplace_back(writeBytes_.data(), writeBytes_.size());
    }
    writing_ = true;
    asio::async_write(socket_, writeBuffers_,
                      [self = shared_from_this(), frames](asio::error_code const& ec, std::size_t) {
                          self->onWrite(ec, frames);
                      });
}

void
TcpConnection::onWrite(asio::error_code const& ec, std::size_t frames)
{
    writing_ = false;
    writeBuffers_.clear();
    if (writeBytes_.capacity() > KEPT_WRITE_BUFFER)
        std::vector<uint8_t>().swap(writeBytes_); // a busy moment's buffer is not kept by a quiet peer
    if (phase_ == Phase::Closed)
    {
        // The frames may only be freed now that Asio has let go of them.
        queue_.clear();
        return;
    }
    if (ec)
    {
        if (phase_ == Phase::Closing)
            return finish();
        return fail(TransportError::WriteFailed, ec.message());
    }
    queue_.popFront(frames);
    if (phase_ == Phase::Open)
        handler_->onWritten(frames); // may send, close or destroy our Transport
    if (phase_ != Phase::Open && phase_ != Phase::Closing)
        return;
    if (!queue_.empty())
        startWriting();
    else if (phase_ == Phase::Closing)
        sendFin();
}

void
TcpConnection::sendFin()
{
    asio::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    finSent_ = true;
    if (ec || remoteEnded_)
        finish();
}

void
TcpConnection::fail(TransportError error, std::string const& detail)
{
    auto* handler = std::exchange(handler_, nullptr);
    logger("Overlay").debug("{}:{} transport closed: {} ({})", remoteIp_, remotePort_, coreText(error), detail);
    finish();
    if (handler)
        handler->onTransportError(error, detail);
}

void
TcpConnection::finish()
{
    if (phase_ == Phase::Closed)
        return;
    phase_ = Phase::Closed;
    handler_ = nullptr;
    drainTimer_.cancel();
    unread_ = {};
    unreadPos_ = 0;
    asio::error_code ec;
    socket_.close(ec); // pending operations complete with operation_aborted
    if (!writing_)
        queue_.clear();
    if (adopted_)
    {
        adopted_ = false;
        if (auto set = closing_.lock())
            set->release(this); // may drop the last owner: nothing after this line
    }
}

TcpClosingSet::~TcpClosingSet()
{
    auto connections = std::move(connections_);
    for (auto& c : connections)
        c->abort();
}

void
TcpClosingSet::adopt(std::shared_ptr<TcpConnection> connection)
{
    connections_.push_back(std::move(connection));
    if (connections_.size() <= MAX_CLOSING_CONNECTIONS)
        return;
    // The oldest stops draining now (util/Limits.h).
    auto oldest = std::move(connections_.front());
    connections_.erase(connections_.begin());
    oldest->abort();
}

void
TcpClosingSet::release(TcpConnection const* connection)
{
    auto it = std::find_if(connections_.begin(), connections_.end(),
                           [connection](auto const& c) { return c.get() == connection; });
    if (it == connections_.end())
        return;
    auto keep = std::move(*it); // freed when this function returns, not while erasing
    connections_.erase(it);
}

TcpTransport::TcpTransport(Clock& clock, std::string ip, uint16_t port, std::weak_ptr<TcpClosingSet> closing)
    : connection_(std::make_shared<TcpConnection>(clock, asio::ip::tcp::socket(clock.io()), /*outbound=*/true,
                                                  std::move(ip), port, std::move(closing)))
{
}

TcpTransport::TcpTransport(Clock& clock, asio::ip::tcp::socket socket, std::string remoteIp, uint16_t remotePort,
                           std::weak_ptr<TcpClosingSet> closing)
    : connection_(std::make_shared<TcpConnection>(clock, std::move(socket), /*outbound=*/false,
                                                  std::move(remoteIp), remotePort, std::move(closing)))
{
}

TcpTransport::~TcpTransport()
{
    connection_->abandon();
}

void
TcpTransport::start(TransportHandler& handler)
{
    connection_->start(handler);
}

void
TcpTransport::send(std::vector<uint8_t> body)
{
    connection_->send(std::move(body));
}

void
TcpTransport::setMaxIncomingFrameSize(std::size_t size)
{
    connection_->setMaxIncomingFrameSize(size);
}

void
TcpTransport::pauseReading()
{
    connection_->pauseReading();
}

void
TcpTransport::resumeReading()
{
    connection_->resumeReading();
}

void
TcpTransport::close()
{
    connection_->close();
}

std::string
TcpTransport::remoteIp() const
{
    return connection_->remoteIp();
}

uint16_t
TcpTransport::remotePort() const
{
    return connection_->remotePort();
}

std::size_t
TcpTransport::queuedBytes() const
{
    return connection_->queuedBytes();
}

std::size_t
TcpTransport::queuedFrames() const
{
    return connection_->queuedFrames();
}

int
TcpTransport::nativeHandle() const
{
    return connection_->nativeHandle();
}

std::string
ipv4Text(asio::ip::address const& address)
{
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    return address.to_string();
}

}
