// Record marks, the frame reader and the write queue, each on its own.

#include "net/FrameReader.h"
#include "net/RecordMark.h"
#include "net/Transport.h"
#include "net/WriteQueue.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

using namespace stellar;

namespace
{
using Bytes = std::vector<uint8_t>;

Bytes
concat(std::vector<Bytes> const& parts)
{
    Bytes out;
    for (auto const& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

Bytes
body(std::size_t size, uint8_t first = 1)
{
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i)
        b[i] = static_cast<uint8_t>(first + i);
    return b;
}

// Feeds `stream` to `reader` in pieces of `chunk` bytes and collects frames;
// stops at a bad length.
struct ReadResult
{
    std::vector<Bytes> frames;
    bool badLength = false;
    std::size_t consumed = 0;
};

ReadResult
readAll(FrameReader& reader, Bytes const& stream, std::size_t chunk)
{
    ReadResult r;
    for (std::size_t pos = 0; pos < stream.size() && !r.badLength;)
    {
        std::size_t n = std::min(chunk, stream.size() - pos);
        std::span<uint8_t const> piece(stream.data() + pos, n);
        while (!piece.empty())
        {
            auto step = reader.consume(piece);
            piece = piece.subspan(step.consumed);
            r.consumed += step.consumed;
            if (step.status == FrameReader::Status::FrameReady)
                r.frames.push_back(reader.takeFrame());
            if (step.status == FrameReader::Status::BadLength)
            {
                r.badLength = true;
                break;
            }
        }
        pos += n;
    }
    return r;
}
}

TEST(RecordMark, EncodingSetsBit31AndWritesTheLengthBigEndian)
{
    EXPECT_EQ(encodeRecordMark(5), (std::array<uint8_t, 4>{0x80, 0x00, 0x00, 0x05}));
    EXPECT_EQ(encodeRecordMark(0x123456), (std::array<uint8_t, 4>{0x80, 0x12, 0x34, 0x56}));
    EXPECT_EQ(encodeRecordMark(0x7FFFFFFF), (std::array<uint8_t, 4>{0xFF, 0xFF, 0xFF, 0xFF}));
}

TEST(RecordMark, DecodingMasksBit31WhetherSetOrNot)
{
    std::array<uint8_t, 4> withBit{0x80, 0x00, 0x10, 0x00};
    std::array<uint8_t, 4> withoutBit{0x00, 0x00, 0x10, 0x00};
    EXPECT_EQ(decodeRecordMark(withBit), 0x1000u);
    EXPECT_EQ(decodeRecordMark(withoutBit), 0x1000u);
}

TEST(RecordMark, LengthsBeyond31BitsAreRefused)
{
    EXPECT_THROW(encodeRecordMark(0x80000000u), std::length_error);
}

TEST(RecordMark, EncodeFramePrefixesTheBody)
{
    EXPECT_EQ(encodeFrame(Bytes{0xAA, 0xBB}), (Bytes{0x80, 0, 0, 2, 0xAA, 0xBB}));
}

TEST(RecordMark, LimitsAreStellarCoresValues)
{
    EXPECT_EQ(MAX_UNAUTH_MESSAGE_SIZE, 4096u);
    EXPECT_EQ(MAX_MESSAGE_SIZE, 16u * 1024 * 1024);
}

TEST(FrameReader, HeaderSplitAcrossReadsOneByteAtATime)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    auto stream = concat({encodeFrame(body(7)), encodeFrame(body(3, 50))});
    auto r = readAll(reader, stream, 1);
    EXPECT_FALSE(r.badLength);
    EXPECT_EQ(r.frames, (std::vector<Bytes>{body(7), body(3, 50)}));
    EXPECT_FALSE(reader.midFrame());
}

TEST(FrameReader, FrameAcrossManyReads)
{
    FrameReader reader{MAX_MESSAGE_SIZE};
    auto big = body(100'000);
    auto r = readAll(reader, encodeFrame(big), 4093);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0], big);
}

TEST(FrameReader, ManyFramesInOneReadComeOutOneStepAtATime)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    auto stream = concat({encodeFrame(body(4)), encodeFrame(body(8)), encodeFrame(body(12))});
    auto step = reader.consume(stream);
    // The reader stops right after the first frame, so that a limit raised
    // while handling it applies to the next header.
    EXPECT_EQ(step.status, FrameReader::Status::FrameReady);
    EXPECT_EQ(step.consumed, 8u);
    EXPECT_EQ(reader.takeFrame(), body(4));
    auto r = readAll(reader, Bytes(stream.begin() + 8, stream.end()), stream.size());
    EXPECT_EQ(r.frames, (std::vector<Bytes>{body(8), body(12)}));
}

TEST(FrameReader, HeaderWithBit31ClearIsAccepted)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    Bytes stream{0x00, 0x00, 0x00, 0x02, 0xAB, 0xCD};
    auto r = readAll(reader, stream, stream.size());
    EXPECT_FALSE(r.badLength);
    EXPECT_EQ(r.frames, (std::vector<Bytes>{{0xAB, 0xCD}}));
}

TEST(FrameReader, LengthZeroIsABadLength)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    auto step = reader.consume(Bytes{0x80, 0, 0, 0, 1, 2, 3});
    EXPECT_EQ(step.status, FrameReader::Status::BadLength);
    EXPECT_EQ(step.consumed, 4u);
    EXPECT_EQ(reader.badLength(), 0u);
}

TEST(FrameReader, LengthOverTheLimitIsABadLengthAndTheLimitItselfIsFine)
{
    FrameReader atLimit{MAX_UNAUTH_MESSAGE_SIZE};
    auto ok = readAll(atLimit, encodeFrame(body(4096)), 1000);
    EXPECT_FALSE(ok.badLength);
    EXPECT_EQ(ok.frames.size(), 1u);

    FrameReader overLimit{MAX_UNAUTH_MESSAGE_SIZE};
    auto bad = readAll(overLimit, encodeFrame(body(4097)), 1000);
    EXPECT_TRUE(bad.badLength);
    EXPECT_EQ(bad.frames.size(), 0u);
    EXPECT_EQ(bad.consumed, 4u); // nothing of the body is taken in
    EXPECT_EQ(overLimit.badLength(), 4097u);
}

TEST(FrameReader, AnAnnouncedLengthIsNotAllocatedAhead)
{
    FrameReader reader{MAX_MESSAGE_SIZE};
    auto header = encodeRecordMark(MAX_MESSAGE_SIZE);
    auto step = reader.consume(header);
    EXPECT_EQ(step.status, FrameReader::Status::NeedMoreBytes);
    EXPECT_TRUE(reader.midFrame());
    EXPECT_EQ(reader.missingBodyBytes(), MAX_MESSAGE_SIZE);
}

TEST(FrameReader, BadLengthIsFinal)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    readAll(reader, Bytes{0x80, 0x00, 0x20, 0x00}, 4);
    auto step = reader.consume(encodeFrame(body(4)));
    EXPECT_EQ(step.status, FrameReader::Status::BadLength);
    EXPECT_EQ(step.consumed, 0u);
    EXPECT_TRUE(reader.failed());
}

TEST(FrameReader, RaisedLimitAppliesFromTheNextHeader)
{
    // The AUTH case: a small frame, then one above MAX_UNAUTH_MESSAGE_SIZE in
    // the same read. Raising the limit after the first keeps the second.
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    auto stream = concat({encodeFrame(body(40)), encodeFrame(body(5000))});
    std::span<uint8_t const> input(stream);
    auto first = reader.consume(input);
    ASSERT_EQ(first.status, FrameReader::Status::FrameReady);
    reader.takeFrame();
    reader.setMaxFrameSize(MAX_MESSAGE_SIZE);
    auto second = reader.consume(input.subspan(first.consumed));
    ASSERT_EQ(second.status, FrameReader::Status::FrameReady);
    EXPECT_EQ(reader.takeFrame(), body(5000));
}

TEST(FrameReader, LimitInForceWhenTheHeaderCompletesIsTheOneThatCounts)
{
    FrameReader reader{MAX_MESSAGE_SIZE};
    auto frame = encodeFrame(body(5000));
    reader.consume(std::span<uint8_t const>(frame).first(2));
    reader.setMaxFrameSize(MAX_UNAUTH_MESSAGE_SIZE); // before the header is whole
    auto step = reader.consume(std::span<uint8_t const>(frame).subspan(2));
    EXPECT_EQ(step.status, FrameReader::Status::BadLength);
    EXPECT_EQ(reader.badLength(), 5000u);
}

TEST(FrameReader, MidFrameTellsWhetherAnEndOfStreamCutsAFrame)
{
    FrameReader reader{MAX_UNAUTH_MESSAGE_SIZE};
    EXPECT_FALSE(reader.midFrame());
    reader.consume(Bytes{0x80, 0x00});
    EXPECT_TRUE(reader.midFrame());
    reader.consume(Bytes{0x00, 0x0A, 1, 2, 3});
    EXPECT_TRUE(reader.midFrame());
    EXPECT_EQ(reader.missingBodyBytes(), 7u);
}

TEST(WriteQueue, CountsWireBytesAndFrames)
{
    WriteQueue q;
    q.push(body(10));
    q.push(body(20));
    EXPECT_EQ(q.frames(), 2u);
    EXPECT_EQ(q.wireBytes(), 38u);
    EXPECT_EQ(q[0].mark, encodeRecordMark(10));
    q.popFront(1);
    EXPECT_EQ(q.frames(), 1u);
    EXPECT_EQ(q.wireBytes(), 24u);
    q.clear();
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.wireBytes(), 0u);
}

TEST(WriteQueue, BatchStopsAtMaxBatchWriteCount)
{
    WriteQueue q;
    for (int i = 0; i < 2000; ++i)
        q.push(body(8));
    EXPECT_EQ(q.nextBatchFrames(), MAX_BATCH_WRITE_COUNT);
    q.popFront(MAX_BATCH_WRITE_COUNT);
    EXPECT_EQ(q.nextBatchFrames(), 2000 - MAX_BATCH_WRITE_COUNT);
}

TEST(WriteQueue, BatchTakesTheFrameThatReachesMaxBatchWriteBytes)
{
    // Core adds a frame, then checks the total: 3 x 300004 < 1 MiB, 4 x >= 1 MiB.
    WriteQueue q;
    for (int i = 0; i < 6; ++i)
        q.push(body(300'000));
    EXPECT_EQ(q.nextBatchFrames(), 4u);
    EXPECT_EQ(q.wireBytesOf(4), 4u * 300'004);
}

TEST(WriteQueue, AFrameLargerThanTheByteLimitIsABatchOfItsOwn)
{
    WriteQueue q;
    q.push(body(2 * MAX_BATCH_WRITE_BYTES));
    q.push(body(5));
    EXPECT_EQ(q.nextBatchFrames(), 1u);
    WriteQueue empty;
    EXPECT_EQ(empty.nextBatchFrames(), 0u);
}

TEST(TransportError, CoreTextIsStellarCoresDropReason)
{
    EXPECT_EQ(coreText(TransportError::BadFrameLength), "error during read");
    EXPECT_EQ(coreText(TransportError::ReadFailed), "error during read");
    EXPECT_EQ(coreText(TransportError::WriteFailed), "error during write");
    EXPECT_EQ(coreText(TransportError::ConnectFailed), "unable to connect");
    EXPECT_EQ(coreText(TransportError::RemoteClosed), "remote closed the connection");
}
