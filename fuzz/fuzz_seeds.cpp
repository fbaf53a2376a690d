// Writes the seed corpora of the fuzz targets (committed under fuzz/corpus/):
// one small valid input per message type and per path worth starting from,
// so that a CI minute is not spent rediscovering the framing, the XDR or the
// handshake. Run it after a change to the XDR or to an input layout:
//
//   build-asan/fuzz/fuzz_seeds fuzz/corpus
//
// Every seed is built from typed values here and encoded by our XDR codec.

#include "crypto/SHA.h"
#include "crypto/SecretKey.h"
#include "net/RecordMark.h"
#include "node/TestLedgerClock.h"
#include "xdr/Codec.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

using namespace stellar;
namespace fs = std::filesystem;

namespace
{

// The passphrase of tests/support/TestNode.h, which the node targets join.
constexpr char const* NETWORK = "stellar-overlay test network ; 2026";

Hash
tagged(char tag, uint8_t n)
{
    std::array<uint8_t, 2> seed{static_cast<uint8_t>(tag), n};
    return crypto::sha256(seed);
}

TransactionEnvelope
transaction(uint8_t n)
{
    TransactionEnvelope env;
    env.type(ENVELOPE_TYPE_TX);
    auto& tx = env.v1().tx;
    tx.sourceAccount.type(KEY_TYPE_ED25519);
    tx.sourceAccount.ed25519() = tagged('a', n);
    tx.fee = 100;
    tx.seqNum = n;
    tx.cond.type(PRECOND_NONE);
    tx.memo.type(MEMO_NONE);
    Operation op;
    op.body.type(BUMP_SEQUENCE);
    op.body.bumpSequenceOp().bumpTo = n + 1;
    tx.operations.push_back(op);
    env.v1().signatures.resize(1);
    env.v1().signatures[0].signature.assign(64, n);
    return env;
}

// A signed EXTERNALIZE whose value is a plain tag, not a StellarValue (so
// not TestLedgerClock's makeExternalize): the seed reaches the signature
// check and the value's own checks both.
SCPEnvelope
externalize(uint64_t slot)
{
    auto key = crypto::SecretKey::fromNetworkSeed("fuzz seeds validator");
    SCPEnvelope env;
    env.statement.nodeID.type(PUBLIC_KEY_TYPE_ED25519);
    env.statement.nodeID.ed25519() = key.publicKey();
    env.statement.slotIndex = slot;
    env.statement.pledges.type(SCP_ST_EXTERNALIZE);
    auto& ext = env.statement.pledges.externalize();
    ext.commit.counter = 1;
    auto value = tagged('v', static_cast<uint8_t>(slot));
    ext.commit.value.assign(value.begin(), value.end());
    ext.nH = 1;
    ext.commitQuorumSetHash = tagged('q', 0);
    signEnvelope(key, crypto::sha256(crypto::asBytes(std::string(NETWORK))), env);
    return env;
}

// One message of each type a peer may send once authenticated, and the
// handshake's two.
std::vector<std::pair<std::string, StellarMessage>>
messages()
{
    std::vector<std::pair<std::string, StellarMessage>> out;
    auto add = [&](std::string name, MessageType type) -> StellarMessage& {
        out.emplace_back(std::move(name), StellarMessage{});
        out.back().second.type(type);
        return out.back().second;
    };
    {
        auto& h = add("hello", HELLO).hello();
        h.ledgerVersion = 25;
        h.overlayVersion = 41;
        h.overlayMinVersion = 40;
        h.networkID = crypto::sha256(crypto::asBytes(std::string(NETWORK)));
        h.versionStr = "fuzz";
        h.listeningPort = 11625;
        h.peerID.type(PUBLIC_KEY_TYPE_ED25519);
        h.cert.expiration = 1;
        h.cert.sig.assign(64, 1);
    }
    add("auth", AUTH).auth().flags = AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED;
    {
        auto& e = add("error", ERROR_MSG).error();
        e.code = ERR_LOAD;
        e.msg = "fuzz";
    }
    {
        auto& d = add("dont-have", DONT_HAVE).dontHave();
        d.type = GET_TX_SET;
        d.reqHash = tagged('h', 0);
    }
    {
        auto& peers = add("peers", PEERS).peers();
        for (uint8_t i = 1; i <= 2; ++i)
        {
            PeerAddress a;
            a.ip.type(IPv4);
            a.ip.ipv4() = {8, 8, 4, i};
            a.port = 11625;
            peers.push_back(a);
        }
    }
    add("get-tx-set", GET_TX_SET).txSetHash() = tagged('t', 0);
    {
        auto& set = add("tx-set", TX_SET).txSet();
        set.previousLedgerHash = tagged('l', 0);
        set.txs.push_back(transaction(1));
    }
    {
        auto& set = add("generalized-tx-set", GENERALIZED_TX_SET).generalizedTxSet();
        set.v(1);
        set.v1TxSet().previousLedgerHash = tagged('l', 1);
        TransactionPhase phase;
        phase.v(0);
        TxSetComponent component;
        component.type(TXSET_COMP_TXS_MAYBE_DISCOUNTED_FEE);
        component.txsMaybeDiscountedFee().txs.push_back(transaction(2));
        phase.v0Components().push_back(component);
        set.v1TxSet().phases.push_back(phase);
    }
    add("transaction", TRANSACTION).transaction() = transaction(3);
    add("get-scp-quorumset", GET_SCP_QUORUMSET).qSetHash() = tagged('q', 0);
    {
        auto& q = add("scp-quorumset", SCP_QUORUMSET).qSet();
        q.threshold = 1;
        q.validators.push_back(externalize(1).statement.nodeID);
    }
    add("scp-message", SCP_MESSAGE).envelope() = externalize(2);
    add("get-scp-state", GET_SCP_STATE).getSCPLedgerSeq() = 1;
    {
        auto& more = add("send-more-extended", SEND_MORE_EXTENDED).sendMoreExtendedMessage();
        more.numMessages = 40;
        more.numBytes = 100000;
    }
    add("send-more", SEND_MORE).sendMoreMessage().numMessages = 40;
    {
        auto& advert = add("flood-advert", FLOOD_ADVERT).floodAdvert();
        for (uint8_t i = 0; i < 3; ++i)
            advert.txHashes.push_back(crypto::sha256(xdr::toBytes(transaction(i))));
    }
    {
        auto& demand = add("flood-demand", FLOOD_DEMAND).floodDemand();
        demand.txHashes.push_back(crypto::sha256(xdr::toBytes(transaction(3))));
        demand.txHashes.push_back(tagged('d', 0));
    }
    return out;
}

std::vector<uint8_t>
authenticatedMessage(StellarMessage const& msg, uint64_t sequence)
{
    xdr::XdrWriter w;
    w.writeUint32(0);
    w.writeUint64(sequence);
    xdr::encode(w, msg);
    auto bytes = w.take();
    bytes.insert(bytes.end(), 32, 0); // the MAC: the targets that need one compute it
    return bytes;
}

void
append(std::vector<uint8_t>& out, std::vector<uint8_t> const& bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void
appendChunk(std::vector<uint8_t>& out, std::vector<uint8_t> const& bytes)
{
    out.push_back(static_cast<uint8_t>(bytes.size() >> 8));
    out.push_back(static_cast<uint8_t>(bytes.size()));
    append(out, bytes);
}

class Corpus
{
  public:
    explicit Corpus(fs::path root) : root_(std::move(root)) {}
    void write(std::string const& target, std::string const& name, std::vector<uint8_t> const& bytes)
    {
        fs::create_directories(root_ / target);
        std::ofstream f(root_ / target / name, std::ios::binary);
        f.write(reinterpret_cast<char const*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        ++count_;
    }
    void write(std::string const& target, std::string const& name, std::string const& text)
    {
        write(target, name, std::vector<uint8_t>(text.begin(), text.end()));
    }
    int count() const { return count_; }

  private:
    fs::path root_;
    int count_ = 0;
};

void
frameSeeds(Corpus& c)
{
    // Byte 0: piece size - 1; byte 1: bit 0 "authenticated", bits 1..7: frames
    // before the limit goes up. Then the stream.
    std::vector<uint8_t> s{4, 2};
    for (auto const& body : {std::vector<uint8_t>{'a', 'b', 'c', 'd'}, std::vector<uint8_t>(5000, 'x')})
    {
        auto frame = encodeFrame(body);
        append(s, frame);
    }
    c.write("fuzz_frame", "small-then-large", s);
}

void
nodeSeeds(Corpus& c, std::vector<std::pair<std::string, StellarMessage>> const& all)
{
    auto find = [&](std::string const& name) {
        for (auto const& [n, m] : all)
            if (n == name)
                return xdr::toBytes(m);
        throw std::logic_error("no seed message " + name);
    };
    // fuzz_node records: [control][2-byte length][message].
    auto record = [](std::vector<uint8_t>& out, uint8_t control, std::vector<uint8_t> const& msg) {
        out.push_back(control);
        appendChunk(out, msg);
    };
    for (auto const& [name, msg] : all)
    {
        std::vector<uint8_t> in;
        record(in, 0, xdr::toBytes(msg));
        c.write("fuzz_node", name, in);
    }
    // A transaction from remote 0 advertised to remote 1, which demands it
    // and grants the credit to receive it, 200 ms later.
    std::vector<uint8_t> pull;
    record(pull, 0 | 2 << 1, find("transaction"));
    record(pull, 1 | 3 << 1, find("flood-demand"));
    record(pull, 1 | 3 << 1, find("send-more-extended"));
    c.write("fuzz_node", "pull-a-transaction", pull);
    // An SCP message relayed to the other remote, then asked for again.
    std::vector<uint8_t> scp;
    record(scp, 0 | 1 << 1, find("scp-message"));
    record(scp, 1 | 1 << 1, find("get-scp-state"));
    record(scp, 1 | 4 << 1, find("get-scp-quorumset"));
    c.write("fuzz_node", "relay-scp", scp);
}

void
handshakeSeeds(Corpus& c, std::vector<std::pair<std::string, StellarMessage>> const& all)
{
    // Byte 0 = mode (bit 0 handshake first, bit 1 MAC each chunk, bit 2 one
    // second between chunks); then chunks of [2-byte length][bytes].
    for (auto const& [name, msg] : all)
    {
        std::vector<uint8_t> in{3};
        appendChunk(in, xdr::toBytes(msg));
        c.write("fuzz_handshake", "after-handshake-" + name, in);
    }
    std::vector<uint8_t> raw{0};
    appendChunk(raw, authenticatedMessage(all.front().second, 0)); // a HELLO frame as is
    c.write("fuzz_handshake", "raw-hello", raw);
    std::vector<uint8_t> timed{7};
    for (auto const& [name, msg] : all)
        if (name == "send-more-extended" || name == "get-scp-state")
            appendChunk(timed, xdr::toBytes(msg));
    c.write("fuzz_handshake", "timed", timed);
}

void
configSeeds(Corpus& c)
{
    c.write("fuzz_config", "minimal.toml", std::string("NETWORK_PASSPHRASE = \"Test SDF Network ; September 2015\"\n"));
    c.write("fuzz_config", "watcher.toml",
            std::string("NETWORK_PASSPHRASE = \"Test SDF Network ; September 2015\"\n"
                        "NODE_SEED = \"SDQVDISRYN2JXBS7ICL7QJAEKB3HWBJFP2QECXG7GZICAHBK4UNJCWK2 self\"\n"
                        "PEER_PORT = 11625\nHTTP_PORT = 11626\nPUBLIC_HTTP_PORT = false\n"
                        "DATABASE = \"sqlite3://overlay.db\"\nLOG_LEVEL = \"info\"\n"
                        "KNOWN_PEERS = [\"core-testnet1.stellar.org\", \"1.2.3.4:11625\"]\n"
                        "PREFERRED_PEERS = [\"core-testnet2.stellar.org:11625\"]\n"
                        "PREFERRED_PEER_KEYS = [\"GDKXE2OZMJIPOSLNA6N6F2BVCI3O777I2OOC4BV7VOYUEHYX7RTRYA7Y\"]\n"
                        "TARGET_PEER_CONNECTIONS = 8\nMAX_ADDITIONAL_PEER_CONNECTIONS = -1\n"
                        "MAX_PENDING_CONNECTIONS = 500\nPEER_AUTHENTICATION_TIMEOUT = 2\nPEER_TIMEOUT = 30\n"
                        "PEER_STRAGGLER_TIMEOUT = 120\nPEER_READING_CAPACITY = 201\n"
                        "PEER_FLOOD_READING_CAPACITY = 200\nFLOW_CONTROL_SEND_MORE_BATCH_SIZE = 40\n"
                        "OUTBOUND_TX_QUEUE_BYTE_LIMIT = 3145728\nFLOOD_OP_RATE_PER_LEDGER = 1.0\n"
                        "FLOOD_ADVERT_PERIOD_MS = 100\nFLOOD_DEMAND_PERIOD_MS = 200\n"
                        "SURVEYOR_KEYS = []\nQUORUM_VALIDATORS = []\n"));
    c.write("fuzz_config", "not-toml.toml", std::string("NETWORK_PASSPHRASE = \"x\nPEER_PORT = [1, {a = 2}]\n"));
}

}

int
main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: fuzz_seeds <corpus directory, e.g. fuzz/corpus>\n";
        return 1;
    }
    Corpus corpus{fs::path(argv[1])};
    auto all = messages();
    for (auto const& [name, msg] : all)
        corpus.write("fuzz_xdr", name, authenticatedMessage(msg, 7));
    frameSeeds(corpus);
    handshakeSeeds(corpus, all);
    nodeSeeds(corpus, all);
    configSeeds(corpus);
    std::cout << "wrote " << corpus.count() << " seeds under " << argv[1] << "\n";
    return 0;
}
