#pragma once
// Cuts a byte stream into record-marked frames (OVERLAY_SPEC §3.2), the way
// stellar-core's TCPPeer reads them: a 4-byte header, then exactly that many
// body bytes. A header announcing 0 bytes or more than the current limit is a
// bad frame length (§5.4): the stream cannot be resynchronised after it, so
// the reader stops for good and the connection is dropped with core's reason
// "error during read" (E07).
//
// The limit in force is the one set when a header completes, so a caller that
// raises it while handling a frame (on AUTH: MAX_UNAUTH_MESSAGE_SIZE becomes
// MAX_MESSAGE_SIZE) has it apply from the very next header. For that to work
// the reader returns after each whole frame and never looks past it.
//
// Memory is bounded by the limit: the body buffer grows with the bytes that
// actually arrived, never to an announced length ahead of them.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace stellar
{

class FrameReader
{
  public:
    enum class Status
    {
        NeedMoreBytes, // every byte given was consumed; the current frame is not complete
        FrameReady,    // a frame is complete: takeFrame() it before consuming more
        BadLength      // a header was rejected; badLength() says what it announced
    };
    struct Step
    {
        Status status;
        std::size_t consumed; // bytes of the input used by this step
    };

    explicit FrameReader(std::size_t maxFrameSize);

    // Applies to headers that complete after the call.
    void setMaxFrameSize(std::size_t maxFrameSize) { maxFrameSize_ = maxFrameSize; }
    std::size_t maxFrameSize() const { return maxFrameSize_; }

    // Takes bytes until one frame completes, the input runs out or a header is
    // rejected. After BadLength every call returns BadLength and consumes
    // nothing. Calling it while a frame is ready (not yet taken) is a bug.
    Step consume(std::span<uint8_t const> input);

    // The body of the frame that completed; precondition: the last step was
    // FrameReady.
    std::vector<uint8_t> takeFrame();

    // True when bytes of an unfinished frame (header or body) are held: an end
    // of stream now would cut a frame short.
    bool midFrame() const { return headerHave_ > 0; }
    bool failed() const { return failed_; }
    uint32_t badLength() const { return badLength_; }
    // Body bytes still missing from the frame being read (0 between frames).
    std::size_t missingBodyBytes() const { return headerHave_ == 4 ? bodyLength_ - body_.size() : 0; }

  private:
    std::size_t maxFrameSize_;
    uint8_t header_[4] = {};
    std::size_t headerHave_ = 0;
    uint32_t bodyLength_ = 0;
    std::vector<uint8_t> body_;
    bool ready_ = false;
    bool failed_ = false;
    uint32_t badLength_ = 0;
};

}
