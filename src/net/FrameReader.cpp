#include "net/FrameReader.h"

#include "net/RecordMark.h"
#include "util/Limits.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace stellar
{

FrameReader::FrameReader(std::size_t maxFrameSize) : maxFrameSize_(maxFrameSize)
{
}

FrameReader::Step
FrameReader::consume(std::span<uint8_t const> input)
{
    assert(!ready_ && "takeFrame() the ready frame before consuming more");
    if (failed_)
        return {Status::BadLength, 0};

    std::size_t used = 0;
    if (headerHave_ < 4)
    {
        std::size_t n = std::min(4 - headerHave_, input.size());
        std::copy_n(input.begin(), n, header_ + headerHave_);
        headerHave_ += n;
        used += n;
        if (headerHave_ < 4)
            return {Status::NeedMoreBytes, used};

        bodyLength_ = decodeRecordMark(std::span<uint8_t const, 4>(header_, 4));
        if (bodyLength_ == 0 || bodyLength_ > maxFrameSize_)
        {
            failed_ = true;
            badLength_ = bodyLength_;
            return {Status::BadLength, used};
        }
        body_.clear();
        body_.reserve(std::min<std::size_t>(bodyLength_, FRAME_BODY_RESERVE));
    }

    std::size_t want = bodyLength_ - body_.size();
    std::size_t n = std::min(want, input.size() - used);
    if (body_.size() + n > body_.capacity())
        body_.reserve(std::min<std::size_t>(bodyLength_, std::max(body_.capacity() * 2, body_.size() + n)));
    body_.insert(body_.end(), input.begin() + used, input.begin() + used + n);
    used += n;
    if (body_.size() < bodyLength_)
        return {Status::NeedMoreBytes, used};
    ready_ = true;
    return {Status::FrameReady, used};
}

std::vector<uint8_t>
FrameReader::takeFrame()
{
    assert(ready_);
    ready_ = false;
    headerHave_ = 0;
    bodyLength_ = 0;
    return std::exchange(body_, {});
}

}
