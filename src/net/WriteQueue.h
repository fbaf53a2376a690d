#pragma once
// Frames written by us and not yet on the socket, in the order they were
// queued. A transport hands the socket one gather write at a time, taken from
// the front of the queue by stellar-core's rule (TCPPeer::messageSender):
// frames are added until the batch holds MAX_BATCH_WRITE_COUNT frames or at
// least MAX_BATCH_WRITE_BYTES bytes. A batch is therefore never empty, and a
// frame larger than the byte limit travels as a batch of its own.
//
// Each frame keeps its record mark beside its body, so queuing never copies
// the body. Sizes count wire bytes: record mark plus body.

#include "net/RecordMark.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace stellar
{

inline constexpr std::size_t MAX_BATCH_WRITE_COUNT = 1024;     // core: Config::MAX_BATCH_WRITE_COUNT
inline constexpr std::size_t MAX_BATCH_WRITE_BYTES = 0x100000; // core: Config::MAX_BATCH_WRITE_BYTES (1 MiB)

class WriteQueue
{
  public:
    struct Frame
    {
        std::array<uint8_t, 4> mark;
        std::vector<uint8_t> body;
        std::size_t wireSize() const { return RECORD_MARK_SIZE + body.size(); }
    };

    // Queues one frame; throws std::length_error for a body a record mark
    // cannot describe.
    void push(std::vector<uint8_t> body);

    // How many frames from the front make up the next gather write (0 when
    // the queue is empty), and how many wire bytes they hold.
    std::size_t nextBatchFrames() const;
    std::size_t wireBytesOf(std::size_t frames) const;

    // Frame `i` from the front. References stay valid while frames are pushed
    // behind them (a deque never moves its elements on push_back).
    Frame const& operator[](std::size_t i) const { return frames_[i]; }

    // Forgets `frames` frames from the front (they reached the socket).
    void popFront(std::size_t frames);
    void clear();

    bool empty() const { return frames_.empty(); }
    std::size_t frames() const { return frames_.size(); }
    std::size_t wireBytes() const { return wireBytes_; }

  private:
    std::deque<Frame> frames_;
    std::size_t wireBytes_ = 0;
};

}
