#pragma once
// What the adversarial tests (and bench_memory) share: the resident memory of
// a process, the file-descriptor limit an attack of thousands of connections
// needs, and honest authenticated peers that keep exchanging messages through
// a node while it is attacked.
//
// The honest exchange is SCP push flooding, the traffic a node must never
// lose: peer A floods EXTERNALIZE envelopes it signed, the node checks each
// signature and relays it, peer B receives it and returns the flow-control
// credit it spent, as a stellar-core peer does.

#include "crypto/SecretKey.h"
#include "net/Transport.h"
#include "support/ScriptedPeer.h"
#include "util/Clock.h"
#include "xdr/StellarXdr.h"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace stellar::test
{

// VmRSS (now) and VmHWM (the peak since the process started) from
// /proc/<pid>/status, in KiB; zeros when the process is gone.
struct ResidentMemory
{
    std::size_t nowKiB = 0;
    std::size_t peakKiB = 0;
};
ResidentMemory residentMemory(pid_t pid);

// CPU seconds (user and system) a process has used so far, from
// /proc/<pid>/stat; 0 when the process is gone.
double processCpuSeconds(pid_t pid);

// Raises this process's soft RLIMIT_NOFILE to its hard limit (children
// inherit it) and returns the soft limit now in force.
uint64_t raiseOpenFileLimit();

// An EXTERNALIZE for `slot` signed by `key` over (networkID,
// ENVELOPE_TYPE_SCP, statement), its value a StellarValue `key` signed with
// a close time of now: what a validator floods when a ledger closes, and
// what the node checks as core does before relaying. It names a tx set (an
// empty GENERALIZED_TX_SET; `valueTag` makes envelopes for one slot
// distinct) and a quorum set ({1, [key]}); the node fetches both from the
// sender before it relays the envelope, so the sender must serve them.
struct HonestEnvelope
{
    SCPEnvelope envelope;
    Hash txSetHash{};
    StellarMessage txSet;  // GENERALIZED_TX_SET
    Hash qsetHash{};
    StellarMessage qset;   // SCP_QUORUMSET
};
HonestEnvelope signedExternalize(crypto::SecretKey const& key, Hash const& networkID, uint64_t slot,
                                 uint64_t valueTag = 0);

// An authenticated ScriptedPeer that answers the node's pings (a DONT_HAVE
// for the GET_SCP_QUORUMSET), returns the credit of every flood
// message it receives (one SEND_MORE_EXTENDED per message) and records when
// each SCP envelope arrived, by slot.
class HonestPeer
{
  public:
    HonestPeer(Clock& clock, std::string const& networkPassphrase, crypto::SecretKey key);
    // Dials ip:port and completes the handshake; false when it fails.
    bool connect(Network& network, std::string const& ip, uint16_t port, ClockDuration timeout);

    ScriptedPeer& scripted() { return *peer_; }
    crypto::SecretKey const& key() const { return key_; }
    // The port its HELLO names: the node's peer row is 127.0.0.1:<this>.
    int32_t listeningPort() const { return listeningPort_; }
    bool closed() const { return peer_->closed(); }
    std::optional<ClockTime> arrival(uint64_t slot) const;
    std::size_t envelopesReceived() const { return arrivals_.size(); }
    // Answers GET_TX_SET / GET_SCP_QUORUMSET for the items `env` names from
    // now on (DONT_HAVE for anything else, pings included).
    void serveItemsOf(HonestEnvelope const& env);

  private:
    void answerItemRequest(StellarMessage const& request);

    Clock& clock_;
    crypto::SecretKey key_;
    int32_t listeningPort_ = 0;
    std::unique_ptr<ScriptedPeer> peer_;
    std::map<uint64_t, ClockTime> arrivals_;
    std::map<Hash, StellarMessage> items_;
};

// An authenticated peer that answers pings and item requests and returns
// credit as an honest one does (HonestPeer), and sends flood messages only
// within the credit the node granted it (its SEND_MORE_EXTENDED messages), as
// any peer must: the attacks that flow control lets through.
class CreditedAttacker
{
  public:
    CreditedAttacker(Clock& clock, std::string const& networkPassphrase);
    bool connect(Network& network, std::string const& ip, uint16_t port,
                 ClockDuration timeout = std::chrono::seconds(10));
    // Sends `msg` once the node's credit covers it; false when the credit
    // did not come within `timeout` or the connection closed.
    bool send(StellarMessage const& msg, ClockDuration timeout = std::chrono::seconds(30));
    ScriptedPeer& scripted() { return peer_.scripted(); }
    crypto::SecretKey const& key() const { return peer_.key(); }
    bool closed() const { return peer_.closed(); }
    uint64_t sent() const { return sent_; }
    // Serves the items `env` names, as HonestPeer::serveItemsOf.
    void serveItemsOf(HonestEnvelope const& env) { peer_.serveItemsOf(env); }

  private:
    Clock& clock_;
    HonestPeer peer_;
    uint64_t messages_ = 0, bytes_ = 0, sent_ = 0;
};

// Two honest peers of one node: A floods, B receives through the node.
class HonestExchange
{
  public:
    HonestExchange(Clock& clock, Network& network, uint16_t nodePort,
                   std::string networkPassphrase = "stellar-overlay test network ; 2026");
    // Both handshakes; false when either fails.
    bool connect(ClockDuration timeout = std::chrono::seconds(10));
    // A floods `count` new envelopes; true when B received every one within
    // `timeout`. The slowest relay so far is kept.
    bool exchange(int count, ClockDuration timeout = std::chrono::seconds(10));
    // Both peers still connected.
    bool connected() const { return !a_.closed() && !b_.closed(); }
    uint64_t delivered() const { return delivered_; }
    ClockDuration slowestRelay() const { return slowest_; }
    HonestPeer& a() { return a_; }
    HonestPeer& b() { return b_; }

  private:
    Clock& clock_;
    Network& network_;
    uint16_t port_;
    Hash networkID_;
    HonestPeer a_, b_;
    uint64_t nextSlot_ = 1;
    uint64_t delivered_ = 0;
    ClockDuration slowest_{};
};

}
