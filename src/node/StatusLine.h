#pragma once
// The one line a running node logs at info level every SUMMARY_LEDGERS
// expected ledger closes (a minute on a 5 s network), so that an operator
// reading the log sees it alive between connects and drops:
//   "status: 8 peers (3 in, 5 out), 1 pending; ledger 123456 synced; in 120.5
//    msg/s 45.2 KiB/s, out 98.1 msg/s 30.1 KiB/s; 2 drops since last"
// (stellar-core has no such line; its state shows in `info`).

#include "util/Clock.h"

#include <cstdint>
#include <string>

namespace stellar
{

class Node;

inline constexpr uint32_t SUMMARY_LEDGERS = 12;

class StatusLine
{
  public:
    explicit StatusLine(Node& node);
    // The line for the time since the previous call (or since construction).
    std::string next();

  private:
    struct Counts
    {
        int64_t messagesRead = 0, messagesWritten = 0, bytesRead = 0, bytesWritten = 0, drops = 0;
    };
    Counts counts() const;

    Node& node_;
    Counts last_;
    ClockTime lastAt_;
};

}
