#include "simulation/Traffic.h"

#include "crypto/SHA.h"
#include "xdr/Codec.h"

#include <cstring>
#include <stdexcept>

namespace stellar::simulation
{

namespace
{

Hash
derived(char tag, uint64_t id)
{
    std::array<uint8_t, 9> seed{};
    seed[0] = static_cast<uint8_t>(tag);
    for (int i = 0; i < 8; ++i)
        seed[1 + i] = static_cast<uint8_t>(id >> (56 - 8 * i));
    return crypto::sha256(seed);
}

}

TransactionEnvelope
makeTransaction(uint64_t id, std::size_t xdrBytes)
{
    TransactionEnvelope env;
    env.type(ENVELOPE_TYPE_TX);
    auto& tx = env.v1().tx;
    tx.sourceAccount.type(KEY_TYPE_ED25519);
    tx.sourceAccount.ed25519() = derived('a', id);
    tx.fee = 100;
    tx.seqNum = static_cast<int64_t>(id);
    tx.cond.type(PRECOND_NONE);
    tx.memo.type(MEMO_NONE);
    Operation op;
    op.body.type(INVOKE_HOST_FUNCTION);
    op.body.invokeHostFunctionOp().hostFunction.type(HOST_FUNCTION_TYPE_UPLOAD_CONTRACT_WASM);
    tx.operations.push_back(std::move(op));

    auto base = xdr::encodedSize(env);
    if (xdrBytes < base)
        throw std::invalid_argument("makeTransaction: a transaction is at least 92 bytes of XDR");
    auto& wasm = tx.operations[0].body.invokeHostFunctionOp().hostFunction.wasm();
    wasm.resize((xdrBytes - base) / 4 * 4);
    for (std::size_t i = 0; i < wasm.size(); ++i)
        wasm[i] = static_cast<uint8_t>(id + i);
    return env;
}

SCPEnvelope
makeNomination(NodeID const& node, uint64_t slot, uint64_t id)
{
    SCPEnvelope env;
    env.statement.nodeID = node;
    env.statement.slotIndex = slot;
    env.statement.pledges.type(SCP_ST_NOMINATE);
    auto& nom = env.statement.pledges.nominate();
    nom.quorumSetHash = derived('q', 0);
    auto value = derived('v', id);
    nom.votes.push_back(Value(value.begin(), value.end()));
    env.signature.assign(64, static_cast<uint8_t>(id));
    return env;
}

StellarMessage
transactionMessage(TransactionEnvelope const& tx)
{
    StellarMessage msg;
    msg.type(TRANSACTION).transaction() = tx;
    return msg;
}

StellarMessage
scpMessage(SCPEnvelope const& env)
{
    StellarMessage msg;
    msg.type(SCP_MESSAGE).envelope() = env;
    return msg;
}

StellarMessage
itemRequest(MessageType type, Hash const& hash)
{
    StellarMessage msg;
    msg.type(type);
    if (type == GET_TX_SET)
        msg.txSetHash() = hash;
    else
        msg.qSetHash() = hash;
    return msg;
}

StellarMessage
sendMoreExtended(uint32_t numMessages, uint32_t numBytes)
{
    StellarMessage msg;
    msg.type(SEND_MORE_EXTENDED).sendMoreExtendedMessage() = {numMessages, numBytes};
    return msg;
}

NodeID
fakeNodeID(uint8_t n)
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519().fill(n);
    return id;
}

Hash
fullHash(TransactionEnvelope const& tx)
{
    return crypto::sha256(xdr::toBytes(tx));
}

}
