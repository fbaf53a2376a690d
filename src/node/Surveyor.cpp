#include "node/Surveyor.h"

#include "crypto/SecretKey.h"
#include "node/Config.h"
#include "node/SurveyReport.h"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <deque>
#include <ostream>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace stellar
{

namespace
{
using json = nlohmann::json;

// A failure that ends the run with its sentence.
struct SurveyFailure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Admin
{
  public:
    explicit Admin(uint16_t port) : port_(port), client_("127.0.0.1", port)
    {
        client_.set_connection_timeout(std::chrono::seconds(5));
        client_.set_read_timeout(std::chrono::seconds(30));
    }

    std::string
    get(std::string const& target)
    {
        auto res = client_.Get(target);
        if (!res)
            throw SurveyFailure(fmt::format("no node answers on 127.0.0.1:{} ({}): expected the running node of "
                                            "this config",
                                            port_, httplib::to_string(res.error())));
        if (res->status != 200)
            throw SurveyFailure(fmt::format("the node on 127.0.0.1:{} answered {} with HTTP {}", port_, target,
                                            res->status));
        return res->body;
    }

    json
    getJson(std::string const& target)
    {
        return json::parse(get(target));
    }

  private:
    uint16_t port_;
    httplib::Client client_;
};

// A node as the pages of its answers add up (the script's merged_results).
void
mergePage(json& node, json const& page)
{
    for (auto const& [k, v] : page.items())
        if (k != "inboundPeers" && k != "outboundPeers")
            node[k] = v;
    for (auto const* dir : {"inboundPeers", "outboundPeers"})
    {
        if (!node.contains(dir))
            node[dir] = json::object();
        if (page.contains(dir) && page.at(dir).is_array())
            for (auto const& p : page.at(dir))
                node[dir][p.at("nodeId").get<std::string>()] = p;
    }
}

bool
complete(json const& node)
{
    return node.at("inboundPeers").size() >= node.value("numTotalInboundPeers", 0u) &&
           node.at("outboundPeers").size() >= node.value("numTotalOutboundPeers", 0u);
}

class Walk
{
  public:
    Walk(Admin& admin, SurveyOptions const& options, std::ostream& out) : admin_(admin), options_(options), out_(out) {}

    // Asks every node known, round by round, until a round brings nothing new.
    void
    run(std::string const& self, NetworkSurvey& survey)
    {
        std::deque<std::pair<std::string, std::pair<size_t, size_t>>> toAsk;
        auto peers = admin_.getJson("/peers?fullkeys=true").at("authenticated_peers");
        known_.insert(self);
        for (auto const* dir : {"inbound", "outbound"})
            if (peers.at(dir).is_array())
                for (auto const& p : peers.at(dir))
                    if (known_.insert(p.at("id").get<std::string>()).second)
                        toAsk.push_back({p.at("id").get<std::string>(), {0, 0}});
        while (!toAsk.empty())
        {
            std::vector<std::string> round;
            for (auto const& [id, index] : toAsk)
            {
                auto answer = admin_.get(fmt::format("/surveytopologytimesliced?node={}&inboundpeerindex={}&"
                                                     "outboundpeerindex={}",
                                                     id, index.first, index.second));
                if (answer.rfind("Adding node.", 0) != 0)
                    throw SurveyFailure(fmt::format("the node refused to survey {}: {}", id, answer));
                round.push_back(id);
            }
            toAsk.clear();
            out_ << fmt::format("asked {} node{}; waiting for answers\n", round.size(), round.size() == 1 ? "" : "s");
            auto results = waitForRound(round);
            absorb(results, round, survey, toAsk);
        }
        for (auto const& id : known_)
            if (id != self && !survey.nodes.contains(id))
                survey.notAnswering.push_back(id);
    }

  private:
    json
    waitForRound(std::vector<std::string> const& round)
    {
        auto lastProgress = std::chrono::steady_clock::now();
        std::size_t answered = 0;
        while (true)
        {
            auto results = admin_.getJson("/getsurveyresult");
            std::size_t now = 0;
            for (auto const& id : round)
                if ((results.contains("topology") && results["topology"].contains(id) &&
                     !results["topology"][id].is_null()) ||
                    (results["badResponseNodes"].is_array() &&
                     std::find(results["badResponseNodes"].begin(), results["badResponseNodes"].end(), id) !=
                         results["badResponseNodes"].end()))
                    ++now;
            if (now > answered)
                lastProgress = std::chrono::steady_clock::now();
            answered = now;
            if (answered == round.size() || std::chrono::steady_clock::now() - lastProgress > options_.quietRound)
                return results;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }

    void
    absorb(json const& results, std::vector<std::string> const& round, NetworkSurvey& survey,
           std::deque<std::pair<std::string, std::pair<size_t, size_t>>>& toAsk)
    {
        if (!results.contains("topology"))
            return;
        auto const& topology = results.at("topology");
        if (topology.contains(self(survey)) && !topology.at(self(survey)).is_null() && !survey.nodes.contains(self(survey)))
            mergePage(survey.nodes[self(survey)], topology.at(self(survey)));
        for (auto const& id : round)
        {
            if (!topology.contains(id) || topology.at(id).is_null())
                continue;
            auto& node = survey.nodes[id];
            mergePage(node, topology.at(id));
            for (auto const* dir : {"inboundPeers", "outboundPeers"})
                for (auto const& [peer, p] : node.at(dir).items())
                    if (known_.insert(peer).second)
                        toAsk.push_back({peer, {0, 0}});
            if (!complete(node))
                toAsk.push_back({id, {node.at("inboundPeers").size(), node.at("outboundPeers").size()}});
        }
    }

    static std::string const&
    self(NetworkSurvey const& survey)
    {
        return survey.surveyor;
    }

    Admin& admin_;
    SurveyOptions const& options_;
    std::ostream& out_;
    std::set<std::string> known_;
};

uint32_t
randomNonce()
{
    std::random_device rd;
    return std::uniform_int_distribution<uint32_t>()(rd);
}

void
expectAnswer(std::string const& answer, std::string const& wanted, std::string const& step)
{
    if (answer != wanted)
        throw SurveyFailure(fmt::format("{}: the node answered \"{}\"", step, answer));
}

}

int
runSurvey(SurveyOptions const& options, std::ostream& out, std::ostream& err)
{
    try
    {
        auto config = loadConfigFile(options.confPath.string());
        if (config.HTTP_PORT == 0)
            throw SurveyFailure(fmt::format("{} has HTTP_PORT = 0: that node has no admin HTTP server to survey through",
                                            options.confPath.string()));
        std::filesystem::create_directories(options.outDir);
        Admin admin(config.HTTP_PORT);
        NetworkSurvey survey;
        survey.surveyor = admin.getJson("/scp?limit=0&fullkeys=true").at("you").get<std::string>();
        survey.nonce = randomNonce();
        survey.collected = options.collect;
        expectAnswer(admin.get(fmt::format("/startsurveycollecting?nonce={}", survey.nonce)),
                     "Requested network to start survey collecting.", "startsurveycollecting");
        out << fmt::format("collecting for {} s (nonce {})\n", options.collect.count(), survey.nonce) << std::flush;
        std::this_thread::sleep_for(options.collect);
        expectAnswer(admin.get("/stopsurveycollecting"), "Requested network to stop survey collecting.",
                     "stopsurveycollecting");
        std::this_thread::sleep_for(std::chrono::seconds(2)); // STOP reaches every node
        Walk(admin, options, out).run(survey.surveyor, survey);
        admin.get("/stopsurvey"); // the surveyor's key pair is wiped

        auto names = config.NODE_NAMES.byKey();
        auto label = [&](std::string const& id) {
            auto it = names.find(id);
            return it != names.end() ? it->second : id.substr(0, 5);
        };
        writeSurveyJson(survey, options.outDir / "survey.json");
        writeSurveyGraphml(survey, options.outDir / "survey.graphml");
        writeSurveyDot(survey, options.outDir / "survey.dot", label);
        if (auto failed = renderSvg(options.outDir / "survey.dot", options.outDir / "survey.svg"))
            throw SurveyFailure(*failed);
        out << surveyHealthSummary(survey, label);
        out << fmt::format("wrote {0}/survey.json, {0}/survey.graphml and {0}/survey.svg\n", options.outDir.string());
        return 0;
    }
    catch (ConfigError const& e)
    {
        err << "configuration error: " << e.what() << "\n";
    }
    catch (json::exception const& e)
    {
        err << "survey: the node's answer is not what a survey expects: " << e.what() << "\n";
    }
    catch (std::exception const& e)
    {
        err << "survey: " << e.what() << "\n";
    }
    return 1;
}

}
