#include "net/WriteQueue.h"

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>

namespace stellar
{

void
WriteQueue::push(std::vector<uint8_t> body)
{
    if (body.size() > MAX_RECORD_MARK_LENGTH)
        throw std::length_error("cannot queue a frame of " + std::to_string(body.size()) +
                                " bytes: a record mark describes at most 2^31-1");
    auto mark = encodeRecordMark(static_cast<uint32_t>(body.size()));
    frames_.push_back(Frame{mark, std::move(body)});
    wireBytes_ += frames_.back().wireSize();
}

std::size_t
WriteQueue::nextBatchFrames() const
{
    std::size_t count = 0;
    std::size_t bytes = 0;
    for (auto const& f : frames_)
    {
        ++count;
        bytes += f.wireSize();
        if (bytes >= MAX_BATCH_WRITE_BYTES || count == MAX_BATCH_WRITE_COUNT)
            break;
    }
    return count;
}

std::size_t
WriteQueue::wireBytesOf(std::size_t frames) const
{
    assert(frames <= frames_.size());
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < frames; ++i)
        bytes += frames_[i].wireSize();
    return bytes;
}

void
WriteQueue::popFront(std::size_t frames)
{
    assert(frames <= frames_.size());
    for (std::size_t i = 0; i < frames; ++i)
    {
        wireBytes_ -= frames_.front().wireSize();
        frames_.pop_front();
    }
}

void
WriteQueue::clear()
{
    frames_.clear();
    wireBytes_ = 0;
}

}
