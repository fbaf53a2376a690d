#pragma once
// A TransportHandler that writes down what happened to it, and when, so that
// tests can assert exact timelines (in virtual time) and exact bytes.

#include "net/Transport.h"
#include "util/Clock.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace stellar
{

struct TransportEvent
{
    ClockDuration at;      // since the recorder's start time
    std::string what; // "connected", "frame 12", "written 3", "error RemoteClosed"
    friend bool operator==(TransportEvent const&, TransportEvent const&) = default;
};

inline void
PrintTo(TransportEvent const& e, std::ostream* os)
{
    *os << "{" << std::chrono::duration_cast<std::chrono::microseconds>(e.at).count() << "us, " << e.what << "}";
}

inline char const*
errorName(TransportError e)
{
    switch (e)
    {
    case TransportError::ConnectFailed:
        return "ConnectFailed";
    case TransportError::ReadFailed:
        return "ReadFailed";
    case TransportError::WriteFailed:
        return "WriteFailed";
    case TransportError::RemoteClosed:
        return "RemoteClosed";
    case TransportError::BadFrameLength:
        return "BadFrameLength";
    }
    return "?";
}

class RecordingHandler : public TransportHandler
{
  public:
    explicit RecordingHandler(Clock& clock) : clock_(clock), start_(clock.now()) {}

    void onConnected() override
    {
        connected = true;
        log("connected");
        if (afterConnected)
            afterConnected();
    }
    void onFrame(std::vector<uint8_t> body) override
    {
        log("frame " + std::to_string(body.size()));
        frames.push_back(std::move(body));
        if (afterFrame)
            afterFrame(frames.back());
    }
    void onWritten(std::size_t n) override
    {
        written += n;
        if (logWrites)
            log("written " + std::to_string(n));
        if (afterWritten)
            afterWritten();
    }
    void onTransportError(TransportError e, std::string const& d) override
    {
        ++errors;
        error = e;
        detail = d;
        log(std::string("error ") + errorName(e));
    }

    // The time origin of `events`.
    void restartClock() { start_ = clock_.now(); }

    bool connected = false;
    std::vector<std::vector<uint8_t>> frames;
    std::size_t written = 0;
    int errors = 0;
    std::optional<TransportError> error;
    std::string detail;
    std::vector<TransportEvent> events;
    bool logWrites = true;

    std::function<void()> afterConnected;
    std::function<void(std::vector<uint8_t> const&)> afterFrame;
    std::function<void()> afterWritten;

  private:
    void log(std::string what) { events.push_back({clock_.now() - start_, std::move(what)}); }
    Clock& clock_;
    ClockTime start_;
};

// A body of `size` bytes whose content depends on `seed`, so that a frame
// delivered to the wrong place or out of order is noticed.
inline std::vector<uint8_t>
patternBody(std::size_t size, uint32_t seed)
{
    std::vector<uint8_t> body(size);
    uint32_t x = seed * 2654435761u + 1;
    for (auto& b : body)
    {
        x = x * 1103515245u + 12345u;
        b = static_cast<uint8_t>(x >> 16);
    }
    return body;
}

}
