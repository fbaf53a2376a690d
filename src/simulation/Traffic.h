#pragma once
// Synthetic, well-formed payloads for simulations, tests and benchmarks:
// transactions of an exact XDR size and SCP envelopes that never supersede
// one another. They are valid XDR (a peer that decodes them finds nothing
// wrong) but carry no real signatures: the scripted application does not
// check any.

#include "xdr/StellarXdr.h"

#include <cstddef>
#include <cstdint>

namespace stellar::simulation
{

// A TransactionEnvelope (v1, one operation) whose XDR is exactly `xdrBytes`
// long (rounded down to a multiple of 4, at least 92 bytes); `id` makes it
// unique: the same id and size give the same bytes.
TransactionEnvelope makeTransaction(uint64_t id, std::size_t xdrBytes = 200);

// A NOMINATE from `node` for `slot` voting for one value derived from `id`:
// two envelopes with different ids never supersede each other, so outbound
// SCP queue trimming keeps both.
SCPEnvelope makeNomination(NodeID const& node, uint64_t slot, uint64_t id);

StellarMessage transactionMessage(TransactionEnvelope const& tx);
StellarMessage scpMessage(SCPEnvelope const& env);
// GET_TX_SET or GET_SCP_QUORUMSET for the item `hash` names.
StellarMessage itemRequest(MessageType type, Hash const& hash);
// A grant of flow-control credit (spec 8.4).
StellarMessage sendMoreExtended(uint32_t numMessages, uint32_t numBytes);

// A NodeID whose 32 key bytes are all `n`: a node's name in tests of values.
NodeID fakeNodeID(uint8_t n);

// SHA-256 of the envelope XDR: what adverts and demands carry (E12).
Hash fullHash(TransactionEnvelope const& tx);

}
