#include "node/HerderCommands.h"

#include "crypto/Hex.h"
#include "crypto/StrKey.h"
#include "node/AdminServer.h"
#include "node/Node.h"
#include "node/NodeCommands.h"
#include "overlay/OverlayManager.h"
#include "node/QuorumSetUtils.h"
#include "node/RelayApp.h"
#include "overlay/ScpStatementItems.h"
#include "xdr/Base64.h"
#include "xdr/Codec.h"
#include "xdr/XdrError.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace stellar
{

namespace
{
using json = nlohmann::json;

constexpr int NUM_SLOTS_TO_CHECK_FOR_REPORTING = 2; // core: SCP.h

json
exception(std::string const& what)
{
    return json{{"exception", what}};
}

using KeyText = std::function<std::string(NodeID const&)>;

// core: Config::toStrKey: the full key, or the name / first 5 characters.
KeyText
keyTextOf(Node& node, bool fullKeys)
{
    return [&node, fullKeys](NodeID const& id) { return node.config().NODE_NAMES.toStrKey(id, fullKeys); };
}

std::string
shortKey(NodeID const& id)
{
    return crypto::toStrKeyPublic(id.ed25519()).substr(0, 5);
}

std::string
hexAbbrev(Hash const& h)
{
    return crypto::toHex(crypto::ByteSpan(h.data(), 3));
}

bool
flag(AdminRequest const& r, std::string const& key)
{
    auto it = r.params.find(key);
    return it != r.params.end() && it->second == "true";
}

// core: stellarValueToString.
std::string
valueString(Value const& v)
{
    if (v.empty())
        return "[:empty:]";
    StellarValue sv;
    try
    {
        xdr::fromBytes(v, sv);
    }
    catch (xdr::XdrError const&)
    {
        return "[:invalid:]";
    }
    std::ostringstream out;
    out << "[";
    if (sv.ext.v() == STELLAR_VALUE_SIGNED)
        out << " SIGNED@" << shortKey(sv.ext.lcValueSignature().nodeID);
    else
        out << " BASIC";
    out << " txH: " << hexAbbrev(sv.txSetHash) << ", ct: " << sv.closeTime << ", upgrades: [";
    for (std::size_t i = 0; i < sv.upgrades.size(); ++i)
        out << "<upgrade>, ";
    out << " ] ]";
    return out.str();
}

std::string
ballotStr(SCPBallot const& b)
{
    return "(" + std::to_string(b.counter) + "," + valueString(b.value) + ")";
}

std::string
ballotStr(xdr::pointer<SCPBallot> const& b)
{
    return b ? ballotStr(*b) : "(<null_ballot>)";
}

std::string
valuesStr(std::vector<Value> const& values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? " ,'" : "'") + valueString(values[i]) + "'";
    return out;
}

// core: LocalNode::toJson.
json
qsetJson(SCPQuorumSet const& q, KeyText const& keyText)
{
    json v = json::array();
    for (auto const& n : q.validators)
        v.push_back(keyText(n));
    for (auto const& inner : q.innerSets)
        v.push_back(qsetJson(inner, keyText));
    return json{{"t", q.threshold}, {"v", v}};
}

// core: BallotProtocol::getWorkingBallot.
SCPBallot
workingBallot(SCPStatement const& st)
{
    switch (st.pledges.type())
    {
    case SCP_ST_PREPARE: return st.pledges.prepare().ballot;
    case SCP_ST_CONFIRM: return {st.pledges.confirm().nCommit, st.pledges.confirm().ballot.value};
    case SCP_ST_EXTERNALIZE: return st.pledges.externalize().commit;
    case SCP_ST_NOMINATE: break;
    }
    return {};
}

enum class NodeState
{
    NO_INFO,
    AGREE,
    MISSING,
    DELAYED,
    DISAGREE
};

// core: Slot::getState as a node that emits nothing sees it: a node agrees
// when it said something, disagrees when it confirmed or externalized a
// value other than the one the quorum externalized, is delayed when it had
// not got that far once the slot was over, and is missing when it said
// nothing about the slot (or the one before).
NodeState
nodeState(RelayApp const& app, NodeID const& self, NodeID const& n, uint64_t slot, bool movedOn)
{
    if (n == self)
        return NodeState::AGREE;
    auto const* ballot = app.scpStore().latestBallot(slot, n);
    if (!ballot)
    {
        if (movedOn)
            return NodeState::MISSING;
        return app.scpStore().latestNomination(slot, n) ? NodeState::AGREE : NodeState::NO_INFO;
    }
    auto agreed = app.tracker().agreedValue(slot);
    auto type = ballot->statement.pledges.type();
    bool committed = type == SCP_ST_CONFIRM || type == SCP_ST_EXTERNALIZE;
    if (agreed && committed && workingBallot(ballot->statement).value != *agreed)
        return NodeState::DISAGREE;
    if (agreed && movedOn && !committed)
        return NodeState::DELAYED;
    return NodeState::AGREE;
}

NodeState
reportedState(RelayApp const& app, NodeID const& self, NodeID const& n, uint64_t index)
{
    for (int k = 0; k < NUM_SLOTS_TO_CHECK_FOR_REPORTING && index > uint64_t(k); ++k)
    {
        auto s = nodeState(app, self, n, index - k, k > 0);
        if (s != NodeState::NO_INFO)
            return s;
    }
    return NodeState::MISSING;
}

// core: HerderImpl::resolveNodeID: a key, a name, and for "@prefix" a
// named key or else a node seen in a recent statement.
std::optional<NodeID>
resolveQuorumNode(Node& node, std::string const& s)
{
    if (auto id = resolveNodeID(node, s))
        return id;
    auto const& app = node.app();
    if (s.size() < 2 || s[0] != '@')
        return std::nullopt;
    auto prefix = s.substr(1);
    for (auto slot : app.scpStore().newestSlots(MAX_SLOTS_TO_REMEMBER))
    {
        std::optional<NodeID> found;
        app.scpStore().forEachLatest(slot, [&](SCPEnvelope const& e) {
            if (crypto::toStrKeyPublic(e.statement.nodeID.ed25519()).rfind(prefix, 0) == 0)
                found = e.statement.nodeID;
            return !found;
        });
        if (found)
            return found;
    }
    return std::nullopt;
}
}

std::string
envToStr(SCPStatement const& st, KeyText const& keyText)
{
    std::ostringstream out;
    auto qset = hexAbbrev(companionQuorumSetHash(st));
    out << "{ENV@" << keyText(st.nodeID) << " | "
        << " i: " << st.slotIndex;
    auto const& p = st.pledges;
    switch (p.type())
    {
    case SCP_ST_PREPARE:
        out << " | PREPARE | D: " << qset << " | b: " << ballotStr(p.prepare().ballot)
            << " | p: " << ballotStr(p.prepare().prepared) << " | p': " << ballotStr(p.prepare().preparedPrime)
            << " | c.n: " << p.prepare().nC << " | h.n: " << p.prepare().nH;
        break;
    case SCP_ST_CONFIRM:
        out << " | CONFIRM | D: " << qset << " | b: " << ballotStr(p.confirm().ballot)
            << " | p.n: " << p.confirm().nPrepared << " | c.n: " << p.confirm().nCommit
            << " | h.n: " << p.confirm().nH;
        break;
    case SCP_ST_EXTERNALIZE:
        out << " | EXTERNALIZE | c: " << ballotStr(p.externalize().commit) << " | h.n: " << p.externalize().nH
            << " | (lastD): " << qset;
        break;
    case SCP_ST_NOMINATE:
        out << " | NOMINATE | D: " << qset << " | X: {" << valuesStr(p.nominate().votes) << "} | Y: {"
            << valuesStr(p.nominate().accepted) << "}";
        break;
    }
    out << " }";
    return out.str();
}

json
quorumInfo(Node& node, NodeID const& id, bool summary, bool fullKeys, uint64_t index)
{
    auto const& app = node.app();
    auto const& self = node.overlay().nodeID();
    auto keyText = keyTextOf(node, fullKeys);
    json ret;
    ret["node"] = keyText(id);
    if (index == 0)
    {
        // The newest slot with statements; without any, the tracked ledger.
        auto newest = app.scpStore().newestSlots(1);
        index = newest.empty() ? app.trackingLedgerSeq() : newest.front();
    }
    json q;
    // core: BallotProtocol::getJsonQuorumInfo.
    auto const* latest = app.scpStore().latestBallot(index, id);
    SCPBallot b;
    Hash qsetHash{};
    if (latest)
    {
        q["phase"] = std::string(xdr::enumName(latest->statement.pledges.type())).substr(7); // "SCP_ST_"
        b = workingBallot(latest->statement);
        qsetHash = companionQuorumSetHash(latest->statement);
    }
    else
    {
        q["phase"] = "unknown";
        if (id == self)
            qsetHash = app.quorumSetHash();
    }
    auto qset = app.getQSet(qsetHash);
    if (!qset)
    {
        q["phase"] = "expired";
        ret["qset"] = q;
        return ret;
    }
    NodeIDSet compatible;
    for (auto const& n : allNodes(*qset))
        if (auto const* e = app.scpStore().latestBallot(index, n))
            if (workingBallot(e->statement).value == b.value)
                compatible.insert(n);
    auto failWith = findClosestVBlocking(*qset, compatible, &id);
    q["fail_at"] = failWith.size();
    if (!summary)
    {
        q["fail_with"] = json::array();
        for (auto const& n : failWith)
            q["fail_with"].push_back(keyText(n));
        q["value"] = qsetJson(*qset, keyText);
    }
    q["hash"] = hexAbbrev(qsetHash);

    // core: SCP::getJsonQuorumInfo, the local quorum set's nodes by state.
    std::map<NodeState, json> lists;
    std::map<NodeState, int> counts;
    for (auto s : {NodeState::AGREE, NodeState::DELAYED, NodeState::DISAGREE, NodeState::MISSING})
        lists[s] = json::array();
    for (auto const& n : allNodes(app.tracker().quorumSet()))
    {
        auto s = reportedState(app, self, n, index);
        lists[s].push_back(keyText(n));
        ++counts[s];
    }
    auto put = [&](char const* name, NodeState s) { q[name] = summary ? json(counts[s]) : lists[s]; };
    put("agree", NodeState::AGREE);
    put("delayed", NodeState::DELAYED);
    put("disagree", NodeState::DISAGREE);
    put("missing", NodeState::MISSING);
    q["ledger"] = index;
    ret["qset"] = q;
    return ret;
}

namespace
{
json
txCommand(Node& node, AdminRequest const& r)
{
    auto it = r.params.find("blob");
    if (it == r.params.end() || it->second.empty())
        return exception("Must specify a tx blob: tx?blob=<tx in xdr format>");
    // core's parameter parsing drops every '=' of a value, so the padding
    // never arrives: restore it as core's decode_b64 does without it.
    auto blob = it->second;
    if (blob.size() % 4 != 0)
        blob.append(4 - blob.size() % 4, '=');
    auto decoded = xdr::fromBase64(blob);
    if (decoded.error)
    {
        node.metrics().counter("herder.recv-transaction.malformed").inc();
        return exception("blob is not base64: " + decoded.error->detail + " at character " +
                         std::to_string(decoded.error->position) + " (percent-encode '+' and '/' in a URL)");
    }
    TransactionEnvelope tx;
    try
    {
        xdr::fromBytes(decoded.bytes, tx);
    }
    catch (xdr::XdrError const& e)
    {
        node.metrics().counter("herder.recv-transaction.malformed").inc();
        return exception(std::string("blob is not a TransactionEnvelope: ") + e.what());
    }
    auto result = node.app().submitTransaction(tx);
    switch (result.code)
    {
    case RelayApp::AddResultCode::ADD_STATUS_PENDING: return json{{"status", "PENDING"}};
    case RelayApp::AddResultCode::ADD_STATUS_DUPLICATE: return json{{"status", "DUPLICATE"}};
    case RelayApp::AddResultCode::ADD_STATUS_TRY_AGAIN_LATER: return json{{"status", "TRY_AGAIN_LATER"}};
    case RelayApp::AddResultCode::ADD_STATUS_ERROR: break;
    }
    // core: the TransactionResult of a transaction refused before it ran.
    TransactionResult tr;
    tr.feeCharged = 0;
    tr.result.code(result.error.value_or(txMALFORMED));
    return json{{"status", "ERROR"}, {"error", xdr::toBase64(xdr::toBytes(tr))}};
}

json
quorumCommand(Node& node, AdminRequest const& r)
{
    NodeID id = node.overlay().nodeID();
    auto it = r.params.find("node");
    if (it != r.params.end() && !it->second.empty())
    {
        auto resolved = resolveQuorumNode(node, it->second);
        if (!resolved)
            return exception("unknown name");
        id = *resolved;
    }
    if (flag(r, "transitive"))
        return exception("transitive=true is not supported: this node does not analyse its transitive quorum");
    return quorumInfo(node, id, flag(r, "compact"), flag(r, "fullkeys"), 0);
}

json
scpCommand(Node& node, AdminRequest const& r)
{
    auto const& app = node.app();
    std::size_t limit = 2;
    auto it = r.params.find("limit");
    if (it != r.params.end())
    {
        std::istringstream in(it->second);
        in >> limit;
        if (in.fail() || !in.eof())
            return exception("Failed to parse 'limit' argument");
    }
    auto keyText = keyTextOf(node, flag(r, "fullkeys"));
    json scp = json::object();
    for (auto slot : app.scpStore().newestSlots(limit))
    {
        json s;
        s["statements"] = json::array();
        json qsets = json::object();
        app.scpStore().forEachLatest(slot, [&](SCPEnvelope const& e, uint64_t seenAt) {
            s["statements"].push_back(json::array({seenAt, envToStr(e.statement, keyText), false}));
            auto h = companionQuorumSetHash(e.statement);
            if (auto q = app.getQSet(h))
                qsets[hexAbbrev(h)] = qsetJson(*q, keyText);
            return true;
        });
        s["quorum_sets"] = qsets;
        s["validated"] = false;
        auto agreed = app.tracker().agreedValue(slot);
        s["ballotProtocol"] = {{"phase", agreed ? "EXTERNALIZE" : "PREPARE"},
                               {"ballot", agreed ? ballotStr(SCPBallot{1, *agreed}) : "(<null_ballot>)"}};
        scp[std::to_string(slot)] = s;
    }
    return json{{"you", keyText(node.overlay().nodeID())}, {"scp", scp}};
}
}

void
addHerderCommands(AdminServer& admin, Node& node)
{
    admin.addCommand("tx", "tx?blob=Base64", [&node](AdminRequest const& r) {
        return adminJson(txCommand(node, r).dump(3));
    });
    admin.addCommand("quorum", "quorum?[node=NODE_ID][&compact=true][&fullkeys=true]", [&node](AdminRequest const& r) {
        return adminJson(quorumCommand(node, r).dump(3));
    });
    admin.addCommand("scp", "scp?[limit=n][&fullkeys=true]", [&node](AdminRequest const& r) {
        return adminJson(scpCommand(node, r).dump(3));
    });
}

}
