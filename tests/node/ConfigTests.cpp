// The config parser on stellar-core's own config forms: which keys are read,
// ignored or refused, the quorum set core's rules give for [QUORUM_SET] and
// for [[HOME_DOMAINS]] + [[VALIDATORS]], and the one sentence each mistake gets.

#include "crypto/SecretKey.h"
#include "node/Config.h"
#include "node/ConfigKeys.h"
#include "node/QuorumConfig.h"
#include "node/QuorumSetUtils.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

using namespace stellar;

namespace
{

// SDF's three testnet validators (docs/stellar-core_testnet.cfg).
std::string const SDF1 = "GDKXE2OZMJIPOSLNA6N6F2BVCI3O777I2OOC4BV7VOYUEHYX7RTRYA7Y";
std::string const SDF2 = "GCUCJTIYXSOXKBSNFGNFWW5MUQ54HKRPGJUTQFJ5RQXZXNOLNXYDHRAP";
std::string const SDF3 = "GC2V2EFSXN6SQTWVYA5EPJPBWWIMSD2XQNKUOHGEKB535AQE2I6IXV2Z";

std::string const BASE = "NETWORK_PASSPHRASE = \"Test SDF Network ; September 2015\"\n";

std::string
key(char const* name)
{
    return crypto::SecretKey::fromNetworkSeed(name).strKeyPublic();
}

NodeID
id(std::string const& strKey)
{
    return *nodeIDFromStrKey(strKey);
}

SCPQuorumSet
qset(uint32_t threshold, std::vector<std::string> const& validators, std::vector<SCPQuorumSet> inner = {})
{
    SCPQuorumSet q;
    q.threshold = threshold;
    for (auto const& v : validators)
        q.validators.push_back(id(v));
    q.innerSets = std::move(inner);
    return q;
}

std::string
refusal(std::string const& text)
{
    try
    {
        parseConfig(text, "test.cfg");
    }
    catch (ConfigError const& e)
    {
        return e.what();
    }
    return "(accepted)";
}

std::string
validator(std::string const& name, std::string const& domain, std::string const& pub, std::string const& extra = "")
{
    return fmt::format("[[VALIDATORS]]\nNAME = \"{}\"\nHOME_DOMAIN = \"{}\"\nPUBLIC_KEY = \"{}\"\n{}", name, domain,
                       pub, extra);
}

std::string const TESTNET_VALIDATORS =
    "[[HOME_DOMAINS]]\nHOME_DOMAIN = \"testnet.stellar.org\"\nQUALITY = \"HIGH\"\n" +
    validator("sdftest1", "testnet.stellar.org", SDF1,
              "ADDRESS = \"core-testnet1.stellar.org\"\nHISTORY = \"curl -sf http://h/1/{0} -o {1}\"\n") +
    validator("sdftest2", "testnet.stellar.org", SDF2,
              "ADDRESS = \"core-testnet2.stellar.org\"\nHISTORY = \"curl -sf http://h/2/{0} -o {1}\"\n") +
    validator("sdftest3", "testnet.stellar.org", SDF3,
              "ADDRESS = \"core-testnet3.stellar.org\"\nHISTORY = \"curl -sf http://h/3/{0} -o {1}\"\n");
}

TEST(Config, HomeDomainsAndValidatorsGiveCoresGeneratedQuorumSetAndKnownPeers)
{
    auto c = parseConfig(BASE + "KNOWN_PEERS = [\"peer.example.org:11625\"]\nSURVEYOR_KEYS = [\"$sdftest1\"]\n" +
                             TESTNET_VALIDATORS,
                         "test.cfg");
    // One HIGH home domain of three: a simple majority of them (core: generateQuorumSet, normalized).
    auto expected = qset(2, {SDF1, SDF2, SDF3});
    normalizeQSet(expected);
    EXPECT_EQ(c.QUORUM_SET, expected);
    EXPECT_EQ(c.quorumSet(), expected);
    // Configured peers first, then the validators' addresses (core: parseValidators).
    EXPECT_EQ(c.overlay.KNOWN_PEERS, (std::vector<std::string>{"peer.example.org:11625", "core-testnet1.stellar.org",
                                                                "core-testnet2.stellar.org",
                                                                "core-testnet3.stellar.org"}));
    EXPECT_TRUE(c.overlay.PREFERRED_PEERS.empty());
    EXPECT_EQ(c.FAILURE_SAFETY, 1); // computed: 3 entries, 2 needed
    EXPECT_EQ(c.NODE_NAMES.shortName(id(SDF2)), "sdftest2");
    EXPECT_EQ(c.NODE_NAMES.resolve("$sdftest3"), id(SDF3));
    EXPECT_EQ(c.NODE_NAMES.resolve("@GCUCJ"), id(SDF2));
    // A validator's NAME is known to the keys read after [[VALIDATORS]], as in core.
    EXPECT_EQ(c.overlay.SURVEYOR_KEYS, (std::vector<std::string>{SDF1}));
}

TEST(Config, ValidatorAddsItselfAndItsOwnDomainBecomesPreferredPeers)
{
    // docs/stellar-core_testnet_validator.cfg with two more organisations.
    auto self = crypto::SecretKey::fromNetworkSeed("self");
    auto text = BASE + fmt::format("NODE_SEED = \"{} self\"\nNODE_IS_VALIDATOR = true\nNODE_HOME_DOMAIN = "
                                   "\"example.com\"\nUNSAFE_QUORUM = true\n",
                                   self.strKeySeed()) +
                "[[HOME_DOMAINS]]\nHOME_DOMAIN = \"example.com\"\nQUALITY = \"MEDIUM\"\n" +
                validator("buddy", "example.com", key("buddy"), "ADDRESS = \"buddy.example.com:11625\"\n") +
                TESTNET_VALIDATORS;
    auto c = parseConfig(text, "test.cfg");
    EXPECT_TRUE(c.NODE_IS_VALIDATOR);
    EXPECT_EQ(c.overlay.PREFERRED_PEERS, (std::vector<std::string>{"buddy.example.com:11625"}));
    EXPECT_EQ(c.overlay.KNOWN_PEERS.size(), 3u);
    // HIGH: 2 of the testnet three; MEDIUM (us and buddy, simple majority 2 of 2)
    // as one entry of the HIGH level: byzantine 2 of 2 at the top.
    auto expected = qset(2, {}, {qset(2, {SDF1, SDF2, SDF3}), qset(2, {self.strKeyPublic(), key("buddy")})});
    normalizeQSet(expected);
    EXPECT_EQ(c.QUORUM_SET, expected);
    EXPECT_EQ(c.NODE_NAMES.resolve("$self"), id(self.strKeyPublic()));
}

TEST(Config, NestedQuorumSetWithThresholdPercent)
{
    auto c = parseConfig(BASE + fmt::format("UNSAFE_QUORUM = true\n[QUORUM_SET]\nTHRESHOLD_PERCENT = 51\nVALIDATORS = [\"{}\", \"{} "
                                            "second\"]\n[QUORUM_SET.inner]\nVALIDATORS = [\"{}\", \"{}\", "
                                            "\"{}\"]\n",
                                            key("a"), key("b"), key("c"), key("d"), key("e")),
                         "test.cfg");
    // core: threshold = 1 + (entries * percent - 1) / 100: 3 * 51% -> 2; inner 3 * 67% -> 3.
    EXPECT_EQ(c.QUORUM_SET, qset(2, {key("a"), key("b")}, {qset(3, {key("c"), key("d"), key("e")})}));
    EXPECT_EQ(c.NODE_NAMES.resolve("$second"), id(key("b"))); // "G... name" names the key
    EXPECT_TRUE(c.ignoredCoreKeys.empty());
}

TEST(Config, DollarNamesResolveWhereCoreAcceptsThem)
{
    auto self = crypto::SecretKey::fromNetworkSeed("me");
    auto c = parseConfig(BASE + fmt::format("NODE_SEED = \"{} self\"\nNODE_NAMES = [\"{} alice\"]\n"
                                            "SURVEYOR_KEYS = [\"$self\", \"$alice\"]\nPREFERRED_PEER_KEYS = "
                                            "[\"$alice\"]\nUNSAFE_QUORUM = true\n[QUORUM_SET]\nTHRESHOLD_PERCENT = "
                                            "100\nVALIDATORS = [\"$alice\", \"$self\"]\n",
                                            self.strKeySeed(), key("alice")),
                         "test.cfg");
    EXPECT_EQ(c.overlay.SURVEYOR_KEYS, (std::vector<std::string>{self.strKeyPublic(), key("alice")}));
    EXPECT_EQ(c.overlay.PREFERRED_PEER_KEYS, (std::vector<std::string>{key("alice")}));
    EXPECT_EQ(c.QUORUM_SET, qset(2, {key("alice"), self.strKeyPublic()}));
}

TEST(Config, UnusedCoreKeysAreAcceptedAndListed)
{
    auto c = parseConfig(BASE + "BUCKET_DIR_PATH = \"buckets\"\nCATCHUP_RECENT = 1024\nKNOWN_CURSORS = [\"HORIZON\"]\n"
                                "COMMANDS = [\"ll?level=info\"]\n[HISTORY.sdf]\nget = \"curl {0} -o {1}\"\n",
                         "test.cfg");
    EXPECT_EQ(c.ignoredCoreKeys, (std::vector<std::string>{"BUCKET_DIR_PATH", "CATCHUP_RECENT", "HISTORY",
                                                           "KNOWN_CURSORS (retired from stellar-core)"}));
    EXPECT_EQ(c.COMMANDS, (std::vector<std::string>{"ll?level=info"}));
}

TEST(Config, EveryUnknownKeyIsNamedOnceWithItsNearestKnownKey)
{
    EXPECT_EQ(refusal(BASE + "PEER_PROT = 11625\nTARGET_PEER_CONECTIONS = 8\n[QUORUM_SETT]\nVALIDATORS = []\n"),
              "unknown keys: PEER_PROT (did you mean PEER_PORT?), [QUORUM_SETT] (did you mean QUORUM_SET?), "
              "TARGET_PEER_CONECTIONS (did you mean TARGET_PEER_CONNECTIONS?): see \"Coming from stellar-core\" in "
              "README.md for the keys this node reads");
    // Inside tables too, named by their path.
    EXPECT_EQ(refusal(BASE + TESTNET_VALIDATORS + "PUBKEY = \"x\"\n[QUORUM_SET]\nTHRESHOLD_PERCNT = 60\n"),
              "unknown keys: QUORUM_SET.THRESHOLD_PERCNT (did you mean THRESHOLD_PERCENT?), VALIDATORS[3].PUBKEY "
              "(did you mean PUBLIC_KEY?): see \"Coming from stellar-core\" in README.md for the keys this node "
              "reads");
}

// Any refusal that quotes a value back stays on one line too: ConfigError
// itself shows control characters as \xNN, whichever check threw it.
TEST(Config, AValueQuotedBackStaysOnOneLine)
{
    EXPECT_EQ(refusal(BASE + "DATABASE = \"mysql://a\\nb\"\n"),
              "DATABASE: \"mysql://a\\x0ab\" is not supported: expected \"sqlite3://<file>\" or "
              "\"postgresql://<connection string>\"");
}

TEST(Config, QuorumValidatorsSaysHowToMove)
{
    EXPECT_EQ(refusal(BASE + "QUORUM_VALIDATORS = [\"" + SDF1 + "\"]\n"),
              "unknown key: QUORUM_VALIDATORS (no longer read: list the validators as [QUORUM_SET] VALIDATORS = "
              "[\"G...\", ...] or as [[VALIDATORS]] entries, as stellar-core does): see \"Coming from stellar-core\" "
              "in README.md for the keys this node reads");
}

TEST(Config, CoresQuorumRulesRefuseWithOneSentence)
{
    // HIGH needs three validators of the home domain (core: generateQuorumSetHelper).
    auto twoHigh = "[[HOME_DOMAINS]]\nHOME_DOMAIN = \"x.org\"\nQUALITY = \"HIGH\"\n" +
                   validator("x1", "x.org", key("x1"), "HISTORY = \"h1\"\n") +
                   validator("x2", "x.org", key("x2"), "HISTORY = \"h2\"\n");
    EXPECT_EQ(refusal(BASE + twoHigh),
              "VALIDATORS: home domain \"x.org\" is HIGH with 2 validator(s): HIGH and CRITICAL home domains need at "
              "least 3");
    // HIGH needs an archive (core: parseValidators).
    EXPECT_EQ(refusal(BASE + "[[HOME_DOMAINS]]\nHOME_DOMAIN = \"x.org\"\nQUALITY = \"HIGH\"\n" +
                      validator("x1", "x.org", key("x1"))),
              "VALIDATORS[1]: \"x1\" is HIGH but has no HISTORY: HIGH and CRITICAL validators need an archive");
    EXPECT_EQ(refusal(BASE + validator("x1", "x.org", key("x1"), "QUALITY = \"SUPER\"\n")),
              "VALIDATORS[1].QUALITY: \"SUPER\" is not a quality: expected LOW, MEDIUM, HIGH or CRITICAL");
    EXPECT_EQ(refusal(BASE + validator("x1", "x.org", key("x1"))),
              "VALIDATORS[1]: \"x1\" has no QUALITY: expected QUALITY here or a [[HOME_DOMAINS]] entry for \"x.org\"");
    // A single validator: one failure halts the node (core: validateConfig).
    EXPECT_EQ(refusal(BASE + validator("x1", "x.org", key("x1"), "QUALITY = \"MEDIUM\"\n")),
              "VALIDATORS: a quorum can form without any validator that has a HISTORY archive: expected them in every "
              "quorum, or UNSAFE_QUORUM = true");
    EXPECT_EQ(refusal(BASE + fmt::format("[QUORUM_SET]\nVALIDATORS = [\"{}\"]\n", key("a"))),
              "FAILURE_SAFETY: 0 lets one failure halt the node: set UNSAFE_QUORUM = true if that is meant");
    EXPECT_EQ(refusal(BASE + fmt::format("FAILURE_SAFETY = 1\n[QUORUM_SET]\nTHRESHOLD_PERCENT = 34\nVALIDATORS = [\"{}\", \"{}\", "
                                         "\"{}\"]\n",
                                         key("a"), key("b"), key("c"))),
              "QUORUM_SET.THRESHOLD_PERCENT: a threshold of 2 of 3 is below the safe 3: raise it or set "
              "UNSAFE_QUORUM = true");
    EXPECT_EQ(refusal(BASE + "SURVEYOR_KEYS = [\"$nobody\"]\n"),
              "SURVEYOR_KEYS: \"$nobody\" is not a known name: expected \"G...\" or \"$name\" where name was given by "
              "NODE_SEED, NODE_NAMES, a [[VALIDATORS]] NAME or a \"G... name\" entry");
    EXPECT_EQ(refusal(BASE + fmt::format("NODE_NAMES = [\"{} a\", \"{} a\"]\n", key("a"), key("b"))),
              fmt::format("NODE_NAMES: \"{} a\": name already used: a", key("b")));
}

TEST(Config, LogFilePathTakesCoresDatetimePattern)
{
    auto c = parseConfig(BASE + "LOG_FILE_PATH = \"node-{datetime:%Y-%m-%d_%H-%M-%S}.log\"\nLOG_COLOR = true\n",
                         "test.cfg");
    EXPECT_TRUE(c.LOG_COLOR);
    std::tm when{};
    when.tm_year = 126, when.tm_mon = 0, when.tm_mday = 2, when.tm_hour = 3, when.tm_min = 4, when.tm_sec = 5;
    when.tm_isdst = -1;
    EXPECT_EQ(logFileName(c.LOG_FILE_PATH, std::mktime(&when)), "node-2026-01-02_03-04-05.log");
    EXPECT_EQ(refusal(BASE + "LOG_FILE_PATH = \"node-{datetime:%Y\"\n").rfind("LOG_FILE_PATH: \"node-{datetime:%Y\" "
                                                                             "is not a file name pattern",
                                                                             0),
              0u);
}

TEST(Config, LogLevelTakesCoresNamesInAnyCase)
{
    for (auto level : {"DEBUG", "Warning", "fatal", "trace", "INFO", "error", "warn", "off"})
        EXPECT_EQ(parseConfig(BASE + fmt::format("LOG_LEVEL = \"{}\"\n", level), "test.cfg").LOG_LEVEL, level);
    EXPECT_EQ(refusal(BASE + "LOG_LEVEL = \"verbose\"\n"),
              "LOG_LEVEL: \"verbose\" is not a level: expected fatal, error, warning, info, debug, trace or off");
}

TEST(Config, TypedFieldsForTheLedgerClock)
{
    auto c = parseConfig(BASE + "NODE_IS_VALIDATOR = false\nARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\n",
                         "test.cfg");
    EXPECT_FALSE(c.NODE_IS_VALIDATOR);
    EXPECT_TRUE(c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING);
    EXPECT_FALSE(c.hasQuorumSet());
    EXPECT_EQ(c.quorumSet(), std::nullopt);
}

// The TOML parser's description can quote the offending text with its line
// break, and a quoted key can hold one: the sentence stays on one line.
TEST(Config, ErrorsQuotingTheFileStayOnOneLine)
{
    EXPECT_EQ(refusal(BASE + "PUBLIC_HTTP_PORT = fal\nse\n"),
              "test.cfg:2:23: not valid TOML: Error while parsing boolean: expected 'false', saw 'fal\\x0a'");
    EXPECT_EQ(refusal(BASE + "\"PEER\\nPORT\" = 1\n"),
              "unknown key: PEER\\x0aPORT (did you mean PEER_PORT?): see \"Coming from stellar-core\" in README.md "
              "for the keys this node reads");
}

TEST(Config, NearestKeyByEditDistance)
{
    EXPECT_EQ(nearestKey("PEER_PROT", coreKeys()), "PEER_PORT");
    EXPECT_EQ(nearestKey("HTTPPORT", coreKeys()), "HTTP_PORT");
    // Ties go to the first candidate.
    EXPECT_EQ(nearestKey("AB", {"AC", "XB"}), "AC");
}

// The work the suggestion costs is bounded whatever the key: a typo costs at
// most candidates x (longest + margin) x longest cells of the distance table
// (far fewer: candidates that cannot beat the best are cut short), and a key
// too long to be a typo of any costs none. The operator still gets one
// sentence, naming the key by its start and length.
TEST(Config, TheSuggestionsWorkIsBoundedAndAHundredKiBKeyGetsOneSentence)
{
    std::size_t longest = 0;
    for (auto k : coreKeys())
        longest = std::max(longest, k.size());
    auto bound = coreKeys().size() * (longest + NEAREST_KEY_MARGIN) * longest;
    std::size_t cells = 0;
    EXPECT_EQ(nearestKey("TARGET_PEER_CONECTIONS", coreKeys(), &cells), "TARGET_PEER_CONNECTIONS");
    EXPECT_GT(cells, 0u);
    EXPECT_LT(cells, bound / 4);
    std::string almost(longest + NEAREST_KEY_MARGIN, 'Q');
    nearestKey(almost, coreKeys(), &cells);
    EXPECT_LE(cells, bound);

    std::string huge(100 * 1024, 'K');
    cells = 1;
    EXPECT_EQ(nearestKey(huge, coreKeys(), &cells), "");
    EXPECT_EQ(cells, 0u);
    EXPECT_EQ(refusal(BASE + huge + " = 1\n"),
              "unknown key: " + std::string(40, 'K') +
                  "... (102400 bytes) (no known key is near it): see \"Coming from stellar-core\" in README.md for "
                  "the keys this node reads");
}

TEST(Config, RenderedQuorumSetReadsBackTheSame)
{
    Config c;
    c.overlay.NETWORK_PASSPHRASE = "x";
    c.UNSAFE_QUORUM = true;
    c.QUORUM_SET = qset(2, {key("a"), key("b"), key("c")});
    auto back = parseConfig(renderConfig(c), "rendered");
    EXPECT_EQ(back.QUORUM_SET, c.QUORUM_SET);
}

TEST(Config, TheTestnetExampleIsCoresTestnetConfig)
{
    char const* dir = std::getenv("SO_SOURCE_DIR");
    auto c = loadConfigFile(std::filesystem::path(dir ? dir : ".") / "examples/testnet.toml");
    auto expected = qset(2, {SDF1, SDF2, SDF3});
    normalizeQSet(expected);
    EXPECT_EQ(c.QUORUM_SET, expected);
    EXPECT_EQ(c.overlay.KNOWN_PEERS, (std::vector<std::string>{"core-testnet1.stellar.org", "core-testnet2.stellar.org",
                                                                "core-testnet3.stellar.org"}));
    EXPECT_TRUE(c.ignoredCoreKeys.empty());
}
