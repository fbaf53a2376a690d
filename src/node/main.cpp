// stellar-overlay: the command-line program. CLI11 is slow to compile, so it
// stays in this one file; every command's work lives in the library. Bad input
// of any kind ends the program with exit code 1 and one sentence.

#include "crypto/SecretKey.h"
#include "node/Config.h"
#include "node/HttpCommand.h"
#include "node/KeyCommands.h"
#include "node/LoadGenerator.h"
#include "node/LocalNetwork.h"
#include "node/Node.h"
#include "node/Surveyor.h"
#include "node/XdrCommand.h"
#include "store/Database.h"
#include "util/Log.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

using namespace stellar;

namespace
{
constexpr char const* VERSION = "stellar-overlay 0.1.0";

int
runCommand(std::string const& confPath, std::string const& logLevel)
{
    try
    {
        if (!logLevel.empty() && !parseLogLevel(logLevel))
        {
            std::cerr << "--ll: \"" << logLevel << "\" is not a level: expected " << LOG_LEVELS_EXPECTED << "\n";
            return 1;
        }
        auto config = loadConfigFile(confPath);
        if (!logLevel.empty())
            config.LOG_LEVEL = logLevel;
        return runNode(config);
    }
    catch (ConfigError const& e)
    {
        std::cerr << "configuration error: " << e.what() << "\n";
    }
    catch (DatabaseError const& e)
    {
        std::cerr << "database error: " << e.what() << "\n";
    }
    catch (std::exception const& e)
    {
        std::cerr << "error: " << e.what() << "\n";
    }
    return 1;
}

// core: http-command takes HTTP_PORT from the config file.
int
httpCommand(std::string const& command, std::string const& confPath)
{
    uint16_t port = Config{}.HTTP_PORT;
    if (!confPath.empty())
    {
        try
        {
            port = loadConfigFile(confPath).HTTP_PORT;
        }
        catch (ConfigError const& e)
        {
            std::cerr << "configuration error: " << e.what() << "\n";
            return 1;
        }
        if (port == 0)
        {
            std::cerr << "http-command: " << confPath << " has HTTP_PORT = 0: that node has no admin HTTP server\n";
            return 1;
        }
    }
    return runHttpCommand(command, port, std::cout, std::cerr);
}
}

int
main(int argc, char** argv)
{
    CLI::App app{"stellar-overlay: a Stellar overlay node (the peer-to-peer layer of stellar-core)"};
    // At most one command; none is reported after parsing, so that an unknown
    // word is named as such rather than as a missing command.
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", VERSION);

    std::string confPath, logLevel;
    auto* run = app.add_subcommand("run", "Run a node until SIGINT/SIGTERM");
    run->add_option("--conf", confPath, "Configuration file (a stellar-core config)")->required();
    run->add_option("--ll", logLevel, "Log level for every partition (fatal, error, warning, info, debug, trace, off)");

    auto* genSeed = app.add_subcommand("gen-seed", "Print a new random node secret seed and its public key");
    auto* secToPub =
        app.add_subcommand("sec-to-pub", "Read a secret seed on stdin (as NODE_SEED takes it), print its public key");
    std::string id;
    auto* convertId = app.add_subcommand("convert-id", "Print a key (StrKey or hex) in every form");
    convertId->add_option("ID", id, "G..., S..., other StrKeys, or 64 hex digits")->required();
    std::string command;
    auto* http = app.add_subcommand("http-command", "Send an admin command to the node on 127.0.0.1, print its answer");
    http->add_option("COMMAND", command, "e.g. info, peers, 'll?level=debug&partition=Overlay'")->required();
    http->add_option("--conf", confPath, "Config file whose HTTP_PORT to use (default: 11626)");
    auto* version = app.add_subcommand("version", "Print the version");

    XdrCommandOptions xdrOptions;
    std::string typesOutput;
    auto* xdrCmd = app.add_subcommand("xdr", "Decode, encode or guess any Stellar XDR type (SEP-51 JSON, as stellar-cli)");
    xdrCmd->require_subcommand(1);
    auto* decode = xdrCmd->add_subcommand("decode", "XDR (arguments, files or stdin) -> JSON, one value a line");
    auto* encode = xdrCmd->add_subcommand("encode", "JSON (arguments, files or stdin) -> XDR");
    for (auto* sub : {decode, encode})
    {
        sub->add_option("--type", xdrOptions.type, "XDR type, e.g. TransactionEnvelope (`xdr types` lists them)")
            ->required();
        sub->add_option("INPUT", xdrOptions.inputs, "XDR or JSON text, or files holding it (default: stdin)");
    }
    decode->add_option("--input", xdrOptions.input,
                       "single, single-base64, single-hex, stream, stream-base64 (default), stream-hex, stream-framed");
    decode->add_option("--output", xdrOptions.output, "json (default) or json-formatted");
    encode->add_option("--input", xdrOptions.input, "json (the only one)");
    encode->add_option("--output", xdrOptions.output,
                       "single, single-base64 (default), single-hex, stream, stream-base64, stream-framed");
    auto* guess = xdrCmd->add_subcommand("guess", "Print every XDR type the input decodes as");
    guess->add_option("INPUT", xdrOptions.inputs, "XDR text or a file holding it (default: stdin)");
    guess->add_option("--input", xdrOptions.input, "as decode's; default single-base64");
    guess->add_option("--certainty", xdrOptions.certainty, "values of a stream that must decode")->capture_default_str();
    auto* types = xdrCmd->add_subcommand("types", "Print every XDR type name");
    types->add_option("--output", typesOutput, "plain (default), json or json-formatted");
    // stellar-cli spells it `types list`.
    types->add_subcommand("list", "Print every XDR type name")->add_option("--output", typesOutput, "plain, json or json-formatted");

    LocalNetworkOptions local;
    int localSeconds = 0;
    auto* localNet = app.add_subcommand("local-network", "The demonstration network: N nodes on 127.0.0.1, one test "
                                                         "ledger clock, a load generator, a live status table");
    localNet->add_option("--nodes", local.nodes, "How many nodes (1-50)")->capture_default_str();
    localNet->add_option("--dir", local.directory, "Where configs, databases and logs go")->capture_default_str();
    localNet->add_option("--duration", localSeconds, "Seconds until it ends with a summary (0: until Ctrl-C)")
        ->capture_default_str();
    localNet->add_option("--tps", local.tps, "Payments a second from the load generator (0: none)")
        ->capture_default_str();
    localNet->add_option("--base-port", local.basePeerPort, "Peer port of node 0; node i uses base + 2i, admin base + 2i + 1")
        ->capture_default_str();

    SurveyOptions surveyOptions;
    int collectSeconds = 60;
    std::string surveyConf, surveyOut = ".";
    auto* survey = app.add_subcommand("survey", "Run a time-sliced network survey from the node of a config; write "
                                                "survey.json, survey.graphml and survey.svg; print a health summary");
    survey->add_option("--conf", surveyConf, "Config file of the running node that surveys (its HTTP_PORT)")
        ->required();
    survey->add_option("--collect", collectSeconds, "Seconds of collecting")->capture_default_str();
    survey->add_option("--out", surveyOut, "Directory for the files")->capture_default_str();

    LoadGenOptions load;
    int loadSeconds = 60;
    auto* loadgen = app.add_subcommand("loadgen", "Offer a node signed payments through the protocol (pull mode)");
    loadgen->add_option("--peer", load.peer, "The node, IPv4:PORT")->required();
    loadgen->add_option("--tps", load.tps, "Transactions per second")->required();
    loadgen->add_option("--duration", loadSeconds, "Seconds, from the first authenticated connection")
        ->capture_default_str();
    loadgen->add_option("--accounts", load.accounts, "Test accounts paying each other")->capture_default_str();
    loadgen->add_option("--connections", load.connections, "Peer connections, each its own node identity")
        ->capture_default_str();
    loadgen->add_option("--network", load.networkPassphrase, "The node's NETWORK_PASSPHRASE")->capture_default_str();

    try
    {
        app.parse(argc, argv);
    }
    catch (CLI::ParseError const& e)
    {
        // --help and --version end here too, with 0; anything else is bad input.
        return app.exit(e) == 0 ? 0 : 1;
    }
    if (app.get_subcommands().empty())
    {
        std::cerr << "a command is required: run, local-network, loadgen, survey, gen-seed, sec-to-pub, convert-id, "
                     "http-command, version or xdr (see --help)\n";
        return 1;
    }

    if (*run)
        return runCommand(confPath, logLevel);
    if (*genSeed)
    {
        auto key = crypto::SecretKey::random();
        std::cout << "Secret seed: " << key.strKeySeed() << "\nPublic: " << key.strKeyPublic() << "\n";
        return 0;
    }
    if (*secToPub)
        return runSecToPub(std::cin, std::cout, std::cerr);
    if (*convertId)
        return runConvertId(id, std::cout, std::cerr);
    if (*http)
        return httpCommand(command, confPath);
    if (*version)
    {
        std::cout << VERSION << "\n";
        return 0;
    }
    if (*localNet)
    {
        local.duration = std::chrono::seconds(localSeconds);
        return runLocalNetwork(local, std::filesystem::read_symlink("/proc/self/exe"));
    }
    if (*loadgen)
    {
        load.duration = std::chrono::seconds(loadSeconds);
        return runLoadGenerator(load, std::cout, std::cerr);
    }
    if (*survey)
    {
        if (collectSeconds < 1)
        {
            std::cerr << "--collect: " << collectSeconds << " is not a duration: expected whole seconds, at least 1\n";
            return 1;
        }
        surveyOptions.confPath = surveyConf;
        surveyOptions.collect = std::chrono::seconds(collectSeconds);
        surveyOptions.outDir = surveyOut;
        return runSurvey(surveyOptions, std::cout, std::cerr);
    }
    if (*decode)
        return runXdrDecode(xdrOptions, std::cin, std::cout, std::cerr);
    if (*encode)
        return runXdrEncode(xdrOptions, std::cin, std::cout, std::cerr);
    if (*guess)
        return runXdrGuess(xdrOptions, std::cin, std::cout, std::cerr);
    if (*types)
        return runXdrTypes(typesOutput, std::cout, std::cerr);
    return 1;
}
