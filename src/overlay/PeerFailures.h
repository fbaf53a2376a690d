#pragma once
// Which ends of a connection count against the remote node (G10, G11).
// BanManager counts a node's failures and bans it for AUTO_BAN_DURATION when
// they reach AUTO_BAN_FAILURE_THRESHOLD; this file decides what a failure is.
// stellar-core has no automatic bans, so the policy is ours:
//
// - A failure is a drop we decided because the node broke the protocol: a
//   bad MAC or sequence, corrupt XDR, an AUTH without the flow-control flag,
//   a message out of order or repeated, flood traffic beyond its capacity
//   (the `protocolFailure` column of the drop-cause table, DropCause.cpp).
// - It only counts once the node proved its key on this connection, that is
//   after the first message whose MAC checked (its AUTH). Before that a HELLO
//   may carry a replayed AuthCert of any node (certificates are public and
//   valid for an hour), and counting it would let anyone get any node banned.
//   So HELLO-level refusals (wrong version or network, bad address) and a
//   handshake that stalls are not counted; the dial backoff handles those.
// - Never a failure: an ERROR_MSG the node sent us, ERR_LOAD above all (G11:
//   a full node refusing us does nothing wrong); our own load shedding (ERR_LOAD
//   "peer rejected", "preferred peer selected instead", "random disconnect due
//   to out of sync"); shutdown; an operator's drop; a duplicate connection;
//   connecting to ourselves; timeouts and socket errors, which a slow or lossy
//   network causes without any fault of the node.
// - A session that held an authenticated slot and ended without a failure
//   forgets the node's earlier failures: only failures without a good session
//   in between lead to a ban.
// - A preferred peer is never counted: the operator asked to stay connected to it.

#include "overlay/DropCause.h"

namespace stellar
{

enum class DropVerdict
{
    Failure,      // counts towards an automatic ban
    CleanSession, // the node's earlier failures are forgiven
    Neutral       // changes nothing
};

// `provedKey`: a MAC-checked message arrived on this connection.
// `heldSlot`: the peer was in an authenticated slot when it was dropped.
// `preferred`: the peer is preferred (by address or by proven key).
DropVerdict judgeDrop(DropCause cause, bool provedKey, bool heldSlot, bool preferred);

}
