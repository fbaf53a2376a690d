// libFuzzer entry: arbitrary bytes through FrameReader, in arbitrary pieces,
// with the size limit raised after an arbitrary number of frames (the AUTH
// moment). Whatever the bytes, the reader must not crash, must not hand out a
// frame the limit forbids, and every frame it hands out must be exactly the
// bytes its record mark announced.
//
// Link needs: net/FrameReader.cpp and net/RecordMark.cpp (or the so_net
// library); nothing else. Input layout: byte 0 = piece size - 1, byte 1 =
// bit 0 "start authenticated", bits 1..7 = frames read before the limit goes
// up to MAX_MESSAGE_SIZE (0 = never); the rest is the stream.

#include "net/FrameReader.h"
#include "net/RecordMark.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

using namespace stellar;

namespace
{
void
check(bool condition)
{
    if (!condition)
        __builtin_trap();
}
}

extern "C" int
LLVMFuzzerTestOneInput(uint8_t const* data, std::size_t size)
{
    if (size < 2)
        return 0;
    std::size_t const piece = std::size_t{data[0]} + 1;
    bool const startAuthenticated = (data[1] & 1) != 0;
    std::size_t const raiseAfter = data[1] >> 1;
    std::span<uint8_t const> const stream(data + 2, size - 2);

    FrameReader reader(startAuthenticated ? MAX_MESSAGE_SIZE : MAX_UNAUTH_MESSAGE_SIZE);
    std::size_t offset = 0;     // bytes of `stream` consumed
    std::size_t frameStart = 0; // where the frame being read began
    std::size_t frames = 0;
    while (offset < stream.size())
    {
        auto input = stream.subspan(offset, std::min(piece, stream.size() - offset));
        auto step = reader.consume(input);
        check(step.consumed <= input.size());
        offset += step.consumed;
        switch (step.status)
        {
        case FrameReader::Status::NeedMoreBytes:
            check(step.consumed == input.size());
            break;
        case FrameReader::Status::FrameReady:
        {
            auto body = reader.takeFrame();
            check(!body.empty() && body.size() <= reader.maxFrameSize());
            check(offset - frameStart == RECORD_MARK_SIZE + body.size());
            uint8_t mark[4];
            std::memcpy(mark, stream.data() + frameStart, 4);
            check(decodeRecordMark(std::span<uint8_t const, 4>(mark, 4)) == body.size());
            check(std::memcmp(body.data(), stream.data() + frameStart + RECORD_MARK_SIZE, body.size()) == 0);
            frameStart = offset;
            if (++frames == raiseAfter)
                reader.setMaxFrameSize(MAX_MESSAGE_SIZE);
            break;
        }
        case FrameReader::Status::BadLength:
        {
            check(reader.failed());
            check(reader.badLength() == 0 || reader.badLength() > reader.maxFrameSize());
            auto again = reader.consume(stream.subspan(offset));
            check(again.status == FrameReader::Status::BadLength && again.consumed == 0);
            return 0;
        }
        }
    }
    check(reader.midFrame() == (offset != frameStart));
    return 0;
}
