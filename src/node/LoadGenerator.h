#pragma once
// `stellar-overlay loadgen`: offers a node signed payment transactions at a
// steady rate through the protocol, as a peer would (core's LoadGenerator
// submits in-process; this one stands outside the node). It connects as one
// or more authenticated peers (each its own node identity), advertises the
// transactions' hashes in FLOOD_ADVERTs and sends a TRANSACTION only when the
// node demands it (pull mode, spec 9), within the flow-control capacity the
// node grants. It never pushes a body unasked.
//
// For high rates the transactions are built and signed ahead of time by a
// worker thread (TxGenerator), handed over in chunks; the event loop only
// advertises and answers demands. A transaction offered and not demanded
// within OFFER_TTL is forgotten.
//
// Output: one progress line a second (advertised, demanded, sent, tx/s over
// that second) and a final line with the totals.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace stellar
{

struct LoadGenOptions
{
    std::string peer; // HOST:PORT
    double tps = 100;
    std::chrono::seconds duration{60};
    uint32_t accounts = 1000;
    uint32_t connections = 1;
    std::string networkPassphrase = "Standalone Network ; February 2017";
    uint64_t seed = 1;
};

struct LoadGenReport
{
    double seconds = 0;
    uint64_t advertised = 0;
    uint64_t demanded = 0; // hashes the node demanded
    uint64_t sent = 0;     // bodies sent: demanded ones we still held
};

// The final line's text, also what tests parse.
std::string formatFinalLine(LoadGenReport const& r);

// Runs until the duration is over (counted from the first authenticated
// connection) or SIGINT/SIGTERM; returns the exit code. Bad options and a
// node that cannot be reached get one sentence on `err` and exit code 1.
int runLoadGenerator(LoadGenOptions const& options, std::ostream& out, std::ostream& err);

}
