#include "net/RecordMark.h"

#include <stdexcept>
#include <string>

namespace stellar
{

std::array<uint8_t, 4>
encodeRecordMark(uint32_t bodyLength)
{
    if (bodyLength > MAX_RECORD_MARK_LENGTH)
        throw std::length_error("a record mark cannot describe a body of " + std::to_string(bodyLength) +
                                " bytes: the length field has 31 bits");
    uint32_t mark = bodyLength | RECORD_MARK_LAST_FRAGMENT;
    return {static_cast<uint8_t>(mark >> 24), static_cast<uint8_t>(mark >> 16), static_cast<uint8_t>(mark >> 8),
            static_cast<uint8_t>(mark)};
}

uint32_t
decodeRecordMark(std::span<uint8_t const, 4> header)
{
    uint32_t mark = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) | (uint32_t{header[2]} << 8) |
                    uint32_t{header[3]};
    return mark & ~RECORD_MARK_LAST_FRAGMENT;
}

std::vector<uint8_t>
encodeFrame(std::span<uint8_t const> body)
{
    if (body.size() > MAX_RECORD_MARK_LENGTH)
        throw std::length_error("a record mark cannot describe a body of " + std::to_string(body.size()) +
                                " bytes: the length field has 31 bits");
    auto mark = encodeRecordMark(static_cast<uint32_t>(body.size()));
    std::vector<uint8_t> frame;
    frame.reserve(RECORD_MARK_SIZE + body.size());
    frame.insert(frame.end(), mark.begin(), mark.end());
    frame.insert(frame.end(), body.begin(), body.end());
    return frame;
}

}
