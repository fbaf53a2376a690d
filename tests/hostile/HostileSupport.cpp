#include "hostile/HostileSupport.h"

#include "crypto/SHA.h"
#include "node/TestLedgerClock.h"
#include "overlay/TxSetFrame.h"
#include "xdr/Codec.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

namespace stellar::test
{

ResidentMemory
residentMemory(pid_t pid)
{
    ResidentMemory m;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
    {
        std::istringstream fields(line);
        std::string key;
        std::size_t kib = 0;
        fields >> key >> kib;
        if (key == "VmRSS:")
            m.nowKiB = kib;
        else if (key == "VmHWM:")
            m.peakKiB = kib;
    }
    return m;
}

double
processCpuSeconds(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) in parentheses:
    // state is the 3rd field, utime the 14th and stime the 15th.
    auto close = text.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
    {
        if (i == 14)
            utime = std::stoull(field);
        else if (i == 15)
            stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

uint64_t
raiseOpenFileLimit()
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < limit.rlim_max)
    {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

HonestEnvelope
signedExternalize(crypto::SecretKey const& key, Hash const& networkID, uint64_t slot, uint64_t valueTag)
{
    // A value the node accepts as core does: a StellarValue signed by `key`
    // with a close time of now; the tx set hash tells slots and tags apart.
    std::vector<uint8_t> tag;
    for (int i = 0; i < 8; ++i)
    {
        tag.push_back(static_cast<uint8_t>(slot >> (56 - 8 * i)));
        tag.push_back(static_cast<uint8_t>(valueTag >> (56 - 8 * i)));
    }
    auto closeTime = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    HonestEnvelope out;
    auto built = makeGeneralizedTxSet(crypto::sha256(tag), {}, {}, TxSetLimits{});
    out.txSetHash = built.hash;
    out.txSet.type(GENERALIZED_TX_SET);
    out.txSet.generalizedTxSet() = built.txSet;
    SCPQuorumSet qset;
    qset.threshold = 1;
    qset.validators.emplace_back();
    qset.validators.back().type(PUBLIC_KEY_TYPE_ED25519);
    qset.validators.back().ed25519() = key.publicKey();
    out.qsetHash = crypto::sha256(xdr::toBytes(qset));
    out.qset.type(SCP_QUORUMSET);
    out.qset.qSet() = qset;
    auto value = makeSignedStellarValue(key, networkID, out.txSetHash, closeTime);
    out.envelope = makeExternalize(key, networkID, slot, value, out.qsetHash);
    return out;
}

HonestPeer::HonestPeer(Clock& clock, std::string const& networkPassphrase, crypto::SecretKey key)
    : clock_(clock), key_(std::move(key))
{
    ScriptedPeerOptions options;
    options.networkPassphrase = networkPassphrase;
    options.key = key_;
    // Flood records name peers by ip:port (core v27.1.0), and every honest
    // peer dials from 127.0.0.1: each needs a port of its own in HELLO.
    static int32_t honestPeers = 0;
    listeningPort_ = 30000 + honestPeers++ % 30000;
    options.listeningPort = listeningPort_;
    peer_ = std::make_unique<ScriptedPeer>(clock_, options);
    peer_->onMessage = [this](StellarMessage const& msg) {
        if (msg.type() == GET_TX_SET || msg.type() == GET_SCP_QUORUMSET)
            return answerItemRequest(msg);
        if (msg.type() == SCP_MESSAGE)
            arrivals_.emplace(msg.envelope().statement.slotIndex, clock_.now());
        if (msg.type() == SCP_MESSAGE || msg.type() == TRANSACTION || msg.type() == FLOOD_ADVERT ||
            msg.type() == FLOOD_DEMAND)
        {
            // Give back what this flood message cost (spec 8.4).
            StellarMessage more;
            more.type(SEND_MORE_EXTENDED);
            more.sendMoreExtendedMessage().numMessages = 1;
            more.sendMoreExtendedMessage().numBytes = static_cast<uint32_t>(xdr::encodedSize(msg));
            peer_->send(more);
        }
        if (msg.type() == GET_SCP_QUORUMSET)
        {
            // The node's ping: a stellar-core peer without that quorum set
            // answers DONT_HAVE, which keeps an idle connection alive.
            StellarMessage dontHave;
            dontHave.type(DONT_HAVE);
            dontHave.dontHave().type = SCP_QUORUMSET;
            dontHave.dontHave().reqHash = msg.qSetHash();
            peer_->send(dontHave);
        }
    };
}

void
HonestPeer::serveItemsOf(HonestEnvelope const& env)
{
    items_[env.txSetHash] = env.txSet;
    items_[env.qsetHash] = env.qset;
}

void
HonestPeer::answerItemRequest(StellarMessage const& request)
{
    auto const& hash = request.type() == GET_TX_SET ? request.txSetHash() : request.qSetHash();
    if (auto it = items_.find(hash); it != items_.end())
        return peer_->send(it->second);
    StellarMessage dontHave;
    dontHave.type(DONT_HAVE);
    dontHave.dontHave().type = request.type() == GET_TX_SET ? GENERALIZED_TX_SET : SCP_QUORUMSET;
    dontHave.dontHave().reqHash = hash;
    peer_->send(dontHave);
}

bool
HonestPeer::connect(Network& network, std::string const& ip, uint16_t port, ClockDuration timeout)
{
    peer_->connect(network, ip, port);
    return peer_->handshake(timeout);
}

std::optional<ClockTime>
HonestPeer::arrival(uint64_t slot) const
{
    auto it = arrivals_.find(slot);
    if (it == arrivals_.end())
        return std::nullopt;
    return it->second;
}

CreditedAttacker::CreditedAttacker(Clock& clock, std::string const& networkPassphrase)
    : clock_(clock), peer_(clock, networkPassphrase, crypto::SecretKey::random())
{
    auto answer = peer_.scripted().onMessage;
    peer_.scripted().onMessage = [this, answer](StellarMessage const& msg) {
        answer(msg);
        if (msg.type() == SEND_MORE_EXTENDED)
        {
            messages_ += msg.sendMoreExtendedMessage().numMessages;
            bytes_ += msg.sendMoreExtendedMessage().numBytes;
        }
    };
}

bool
CreditedAttacker::connect(Network& network, std::string const& ip, uint16_t port, ClockDuration timeout)
{
    return peer_.connect(network, ip, port, timeout);
}

bool
CreditedAttacker::send(StellarMessage const& msg, ClockDuration timeout)
{
    auto size = xdr::encodedSize(msg);
    if (!clock_.crankUntil([&] { return closed() || (messages_ >= 1 && bytes_ >= size); }, timeout) || closed())
        return false;
    --messages_;
    bytes_ -= size;
    peer_.scripted().send(msg);
    ++sent_;
    return true;
}

HonestExchange::HonestExchange(Clock& clock, Network& network, uint16_t nodePort, std::string networkPassphrase)
    : clock_(clock)
    , network_(network)
    , port_(nodePort)
    , networkID_(crypto::sha256(crypto::asBytes(networkPassphrase)))
    , a_(clock, networkPassphrase, crypto::SecretKey::random())
    , b_(clock, networkPassphrase, crypto::SecretKey::random())
{
}

bool
HonestExchange::connect(ClockDuration timeout)
{
    return a_.connect(network_, "127.0.0.1", port_, timeout) && b_.connect(network_, "127.0.0.1", port_, timeout);
}

bool
HonestExchange::exchange(int count, ClockDuration timeout)
{
    std::map<uint64_t, ClockTime> sent;
    for (int i = 0; i < count; ++i)
    {
        auto slot = nextSlot_++;
        StellarMessage msg;
        msg.type(SCP_MESSAGE);
        auto honest = signedExternalize(a_.key(), networkID_, slot);
        a_.serveItemsOf(honest);
        msg.envelope() = honest.envelope;
        sent.emplace(slot, clock_.now());
        a_.scripted().send(msg);
    }
    bool all = clock_.crankUntil(
        [&] {
            for (auto const& [slot, at] : sent)
                if (!b_.arrival(slot))
                    return false;
            return true;
        },
        timeout);
    for (auto const& [slot, at] : sent)
    {
        if (auto arrived = b_.arrival(slot))
        {
            ++delivered_;
            slowest_ = std::max(slowest_, *arrived - at);
        }
    }
    return all && connected();
}

}
