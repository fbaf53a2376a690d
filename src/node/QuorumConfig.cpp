#include "node/QuorumConfig.h"

#include "node/QuorumSetUtils.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace stellar
{

namespace
{

constexpr std::array<char const*, 4> QUALITY_NAMES{"LOW", "MEDIUM", "HIGH", "CRITICAL"};

// core: ValidationThresholdLevels
enum class ThresholdLevel
{
    SIMPLE_MAJORITY,
    BYZANTINE_FAULT_TOLERANCE,
    ALL_REQUIRED
};

ValidatorQuality
readQuality(std::string const& key, toml::node const& n)
{
    auto text = readString(key, n);
    auto it = std::find(QUALITY_NAMES.begin(), QUALITY_NAMES.end(), text);
    if (it == QUALITY_NAMES.end())
        failConfig(key, fmt::format("\"{}\" is not a quality: expected LOW, MEDIUM, HIGH or CRITICAL", text));
    return static_cast<ValidatorQuality>(it - QUALITY_NAMES.begin());
}

toml::array const&
tableArray(std::string const& name, toml::node const& n)
{
    auto arr = n.as_array();
    if (!arr || !arr->is_array_of_tables())
        failConfig(name, fmt::format("expected [[{}]] tables", name));
    return *arr;
}

// core: computeDefaultThreshold
uint32_t
defaultThreshold(SCPQuorumSet const& qset, ThresholdLevel level)
{
    auto top = static_cast<uint32_t>(qset.validators.size() + qset.innerSets.size());
    if (top == 0)
        return 0;
    if (level == ThresholdLevel::SIMPLE_MAJORITY && qset.innerSets.empty())
        return top - (top - 1) / 2; // n = 2f+1
    if (level == ThresholdLevel::ALL_REQUIRED)
        return top;
    return top - (top - 1) / 3; // n = 3f+1
}

// core: Config::parseDomainsQuality
std::map<std::string, ValidatorQuality>
readHomeDomains(toml::node const& n)
{
    std::map<std::string, ValidatorQuality> out;
    auto const& arr = tableArray("HOME_DOMAINS", n);
    for (std::size_t i = 0; i < arr.size(); ++i)
    {
        auto path = fmt::format("HOME_DOMAINS[{}]", i + 1);
        auto const& t = *arr[i].as_table();
        auto domain = t.contains("HOME_DOMAIN") ? readString(path + ".HOME_DOMAIN", *t.get("HOME_DOMAIN")) : "";
        if (domain.empty())
            failConfig(path, "HOME_DOMAIN is missing: expected HOME_DOMAIN and QUALITY in every [[HOME_DOMAINS]]");
        if (!t.contains("QUALITY"))
            failConfig(path, fmt::format("QUALITY is missing for \"{}\": expected LOW, MEDIUM, HIGH or CRITICAL",
                                         domain));
        if (!out.emplace(domain, readQuality(path + ".QUALITY", *t.get("QUALITY"))).second)
            failConfig(path, fmt::format("\"{}\" is listed twice: expected one [[HOME_DOMAINS]] per home domain",
                                         domain));
    }
    return out;
}

struct ValidatorsRead
{
    std::vector<ValidatorEntry> entries;
    std::vector<std::string> knownPeers, preferredPeers;
};

// core: Config::parseValidators
ValidatorsRead
readValidators(toml::node const& n, QuorumConfigInput const& in, std::map<std::string, ValidatorQuality> const& domains,
               NodeNames& names)
{
    ValidatorsRead out;
    auto archives = in.historyArchives;
    auto const& arr = tableArray("VALIDATORS", n);
    for (std::size_t i = 0; i < arr.size(); ++i)
    {
        auto path = fmt::format("VALIDATORS[{}]", i + 1);
        auto const& t = *arr[i].as_table();
        auto field = [&](char const* name) {
            return t.contains(name) ? readString(path + "." + name, *t.get(name)) : std::string{};
        };
        ValidatorEntry ve;
        ve.name = field("NAME");
        ve.homeDomain = field("HOME_DOMAIN");
        auto pubKey = field("PUBLIC_KEY");
        auto address = field("ADDRESS");
        auto history = field("HISTORY");
        if (ve.name.empty())
            failConfig(path, "NAME is missing: expected NAME, HOME_DOMAIN and PUBLIC_KEY in every [[VALIDATORS]]");
        if (pubKey.empty() || ve.homeDomain.empty())
            failConfig(path, fmt::format("\"{}\" has no {}: expected NAME, HOME_DOMAIN and PUBLIC_KEY in every "
                                         "[[VALIDATORS]]",
                                         ve.name, pubKey.empty() ? "PUBLIC_KEY" : "HOME_DOMAIN"));
        auto domain = domains.find(ve.homeDomain);
        if (t.contains("QUALITY"))
        {
            if (domain != domains.end())
                failConfig(path + ".QUALITY", fmt::format("the quality of home domain \"{}\" is already set in "
                                                          "[[HOME_DOMAINS]]: expected it in one place only",
                                                          ve.homeDomain));
            ve.quality = readQuality(path + ".QUALITY", *t.get("QUALITY"));
        }
        else if (domain != domains.end())
            ve.quality = domain->second;
        else
            failConfig(path, fmt::format("\"{}\" has no QUALITY: expected QUALITY here or a [[HOME_DOMAINS]] entry "
                                         "for \"{}\"",
                                         ve.name, ve.homeDomain));
        auto id = nodeIDFromStrKey(pubKey);
        if (!id)
            failConfig(path + ".PUBLIC_KEY", fmt::format("\"{}\" is not a public key: expected a strkey starting "
                                                         "with 'G' (56 characters)",
                                                         pubKey));
        if (auto refused = names.add(pubKey, ve.name))
            failConfig(path + ".NAME", *refused);
        ve.key = *id;
        ve.hasHistory = !history.empty();
        if (ve.hasHistory && !archives.insert(ve.name).second)
            failConfig(path + ".HISTORY", fmt::format("an archive named \"{}\" is already configured: expected "
                                                      "distinct archive names",
                                                      ve.name));
        if ((ve.quality == ValidatorQuality::HIGH || ve.quality == ValidatorQuality::CRITICAL) && !ve.hasHistory)
            failConfig(path, fmt::format("\"{}\" is {} but has no HISTORY: HIGH and CRITICAL validators need an "
                                         "archive",
                                         ve.name, toString(ve.quality)));
        if (!address.empty())
        {
            readPeerAddress(path + ".ADDRESS", address);
            (in.nodeHomeDomain == ve.homeDomain ? out.preferredPeers : out.knownPeers).push_back(address);
        }
        out.entries.push_back(ve);
    }
    return out;
}

// core: Config::loadQset
SCPQuorumSet
readQuorumSet(std::string const& path, toml::node const& n, NodeNames& names, uint32_t level)
{
    auto table = n.as_table();
    if (!table)
        failConfig(path, "expected a table: [QUORUM_SET] with THRESHOLD_PERCENT, VALIDATORS and inner sets");
    if (level > MAXIMUM_QUORUM_NESTING_LEVEL)
        failConfig(path, fmt::format("too many levels: expected at most {} levels of inner sets",
                                     MAXIMUM_QUORUM_NESTING_LEVEL));
    SCPQuorumSet qset;
    int64_t percent = 67;
    for (auto const& [k, v] : *table)
    {
        auto key = path + "." + std::string(k.str());
        if (k == "THRESHOLD_PERCENT")
            percent = readInt(key, v, 1, 100);
        else if (k == "VALIDATORS")
            for (auto const& s : readStringList(key, v))
                qset.validators.push_back(*nodeIDFromStrKey(readNodeID(key, s, names)));
        else
            qset.innerSets.push_back(readQuorumSet(key, v, names, level + 1));
    }
    auto entries = qset.validators.size() + qset.innerSets.size();
    if (entries == 0)
        failConfig(path, "is empty: expected VALIDATORS or inner sets");
    // round up: n * percent / 100
    qset.threshold = static_cast<uint32_t>(1 + (entries * percent - 1) / 100);
    return qset;
}

// core: Config::generateQuorumSetHelper
SCPQuorumSet
generateLevel(std::vector<ValidatorEntry>::const_iterator begin, std::vector<ValidatorEntry>::const_iterator end,
              ValidatorQuality quality)
{
    SCPQuorumSet ret;
    auto it = begin;
    while (it != end && it->quality == quality)
    {
        SCPQuorumSet domain;
        auto it2 = it;
        for (; it2 != end && it2->homeDomain == it->homeDomain; ++it2)
        {
            if (it2->quality != it->quality)
                failConfig("VALIDATORS", fmt::format("\"{}\" and \"{}\" share home domain \"{}\" but not QUALITY: "
                                                     "expected one quality per home domain",
                                                     it->name, it2->name, it->homeDomain));
            domain.validators.push_back(it2->key);
        }
        if (domain.validators.size() < 3 &&
            (it->quality == ValidatorQuality::HIGH || it->quality == ValidatorQuality::CRITICAL))
            failConfig("VALIDATORS", fmt::format("home domain \"{}\" is {} with {} validator(s): HIGH and CRITICAL "
                                                 "home domains need at least 3",
                                                 it->homeDomain, toString(it->quality), domain.validators.size()));
        domain.threshold = defaultThreshold(domain, ThresholdLevel::SIMPLE_MAJORITY);
        ret.innerSets.push_back(domain);
        it = it2;
    }
    if (it != end)
        ret.innerSets.push_back(generateLevel(it, end, it->quality));
    ret.threshold = defaultThreshold(ret, quality == ValidatorQuality::CRITICAL ? ThresholdLevel::ALL_REQUIRED
                                                                                 : ThresholdLevel::BYZANTINE_FAULT_TOLERANCE);
    return ret;
}

// core: Config::setValidatorWeightConfig's checks (validators only).
void
checkValidatorWeights(std::vector<ValidatorEntry> const& validators)
{
    NodeIDSet seen;
    auto highest = ValidatorQuality::LOW;
    for (auto const& v : validators)
    {
        if (!seen.insert(v.key).second)
            failConfig("VALIDATORS", fmt::format("{} is listed twice: expected each validator once",
                                                 strKeyOf(v.key)));
        highest = std::max(highest, v.quality);
    }
    if (highest == ValidatorQuality::LOW)
        failConfig("VALIDATORS", "every validator is LOW: a validator needs at least one of higher quality");
}

// core: Config::validateConfig
int32_t
validateQuorumSet(SCPQuorumSet const& qset, ThresholdLevel level, QuorumConfigInput const& in)
{
    auto nodes = allNodes(qset);
    auto closest = findClosestVBlocking(qset, nodes);
    auto minSize = defaultThreshold(qset, level);
    auto failureSafety = in.failureSafety;
    if (failureSafety == -1)
        failureSafety = static_cast<int32_t>(qset.validators.size() + qset.innerSets.size() - minSize);
    if (failureSafety >= static_cast<int32_t>(closest.size()))
        failConfig("FAILURE_SAFETY", fmt::format("{} failures cannot be survived: this quorum set breaks with {}; "
                                                 "expected a lower FAILURE_SAFETY or a wider quorum set",
                                                 failureSafety, closest.size()));
    if (!in.unsafeQuorum && failureSafety == 0)
        failConfig("FAILURE_SAFETY", "0 lets one failure halt the node: set UNSAFE_QUORUM = true if that is meant");
    if (!in.unsafeQuorum && qset.threshold < minSize)
        failConfig("QUORUM_SET.THRESHOLD_PERCENT",
                   fmt::format("a threshold of {} of {} is below the safe {}: raise it or set UNSAFE_QUORUM = true",
                               qset.threshold, qset.validators.size() + qset.innerSets.size(), minSize));
    if (auto insane = quorumSetInsanity(qset, !in.unsafeQuorum))
        failConfig("QUORUM_SET", fmt::format("not a valid quorum set: {}{}", *insane,
                                             in.unsafeQuorum ? "" : " (UNSAFE_QUORUM = true relaxes the thresholds)"));
    return failureSafety;
}
}

std::string
toString(ValidatorQuality q)
{
    return QUALITY_NAMES[static_cast<std::size_t>(q)];
}

SCPQuorumSet
generateQuorumSet(std::vector<ValidatorEntry> const& validators)
{
    auto todo = validators;
    // quality descending, then home domain ascending
    std::stable_sort(todo.begin(), todo.end(), [](ValidatorEntry const& l, ValidatorEntry const& r) {
        if (l.quality != r.quality)
            return l.quality > r.quality;
        return l.homeDomain < r.homeDomain;
    });
    auto qset = generateLevel(todo.begin(), todo.end(), ValidatorQuality::CRITICAL);
    normalizeQSet(qset);
    return qset;
}

QuorumConfigResult
readValidatorsConfig(QuorumConfigInput const& in, NodeNames& names)
{
    QuorumConfigResult out;
    std::map<std::string, ValidatorQuality> domains;
    if (in.homeDomains)
        domains = readHomeDomains(*in.homeDomains);
    if (in.validators)
    {
        auto read = readValidators(*in.validators, in, domains, names);
        out.validators = std::move(read.entries);
        out.knownPeers = std::move(read.knownPeers);
        out.preferredPeers = std::move(read.preferredPeers);
    }
    // core: Config::addSelfToValidators, unless only QUORUM_SET is given.
    if (in.nodeIsValidator && !(out.validators.empty() && in.quorumSet))
    {
        if (in.nodeHomeDomain.empty())
            failConfig("NODE_HOME_DOMAIN", "missing: a validator (NODE_IS_VALIDATOR = true) whose quorum comes from "
                                           "[[VALIDATORS]] needs its own home domain");
        auto domain = domains.find(in.nodeHomeDomain);
        if (domain == domains.end())
            failConfig("NODE_HOME_DOMAIN", fmt::format("\"{}\" has no [[HOME_DOMAINS]] entry: expected one with its "
                                                       "QUALITY",
                                                       in.nodeHomeDomain));
        if (!in.self)
            failConfig("NODE_SEED", "missing: a validator (NODE_IS_VALIDATOR = true) needs a fixed identity");
        out.validators.push_back({"self", in.nodeHomeDomain, domain->second, *in.self, false});
    }
    return out;
}

void
readQuorumSetConfig(QuorumConfigInput const& in, NodeNames& names, QuorumConfigResult& out)
{
    auto generated = generateQuorumSet(out.validators);
    ThresholdLevel level;
    if (in.quorumSet)
    {
        out.quorumSet = readQuorumSet("QUORUM_SET", *in.quorumSet, names, 0);
        if (!out.validators.empty() && !(out.quorumSet == generated) && !in.unsafeQuorum)
            failConfig("QUORUM_SET", "differs from the quorum set [[VALIDATORS]] generates: expected only one of "
                                     "them, or UNSAFE_QUORUM = true");
        level = ThresholdLevel::BYZANTINE_FAULT_TOLERANCE; // assume validators of different entities
    }
    else
    {
        out.quorumSet = generated;
        if (out.validators.empty())
            return; // no quorum configured: nothing to validate
        std::vector<NodeID> archives;
        for (auto const& v : out.validators)
            if (v.hasHistory)
                archives.push_back(v.key);
        // core: Config::verifyHistoryValidatorsBlocking
        if (!isVBlocking(out.quorumSet, archives) && !in.unsafeQuorum)
            failConfig("VALIDATORS", "a quorum can form without any validator that has a HISTORY archive: expected "
                                     "them in every quorum, or UNSAFE_QUORUM = true");
        if (in.nodeIsValidator)
            checkValidatorWeights(out.validators);
        std::set<std::string> homeDomains;
        for (auto const& v : out.validators)
            homeDomains.insert(v.homeDomain);
        level = homeDomains.size() > 1 ? ThresholdLevel::BYZANTINE_FAULT_TOLERANCE : ThresholdLevel::SIMPLE_MAJORITY;
    }
    out.failureSafety = validateQuorumSet(out.quorumSet, level, in);
}

}
