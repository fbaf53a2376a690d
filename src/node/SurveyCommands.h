#pragma once
// The admin commands of a time-sliced survey, with stellar-core's names,
// answers and result JSON (core: CommandHandler::startSurveyCollecting,
// ::stopSurveyCollecting, ::surveyTopologyTimeSliced, ::getSurveyResult,
// ::stopSurvey; SurveyManager::getJsonResults). Bad parameters get core's
// {"exception": "'nonce' argument is required!"} form.
//
//  startsurveycollecting?nonce=N
//      "Requested network to start survey collecting." |
//      "Failed to start survey collecting. Another survey is active on the network."
//  stopsurveycollecting
//      "Requested network to stop survey collecting." |
//      "Failed to stop survey collecting. No survey is active on the network."
//  surveytopologytimesliced?node=G...&inboundpeerindex=I&outboundpeerindex=O
//      "Adding node.Survey started " | "Adding node.Survey already running!"
//  getsurveyresult
//      {"backlog", "badResponseNodes", "surveyInProgress", "topology": {"G...":
//       {node data, "inboundPeers": [...], "outboundPeers": [...]} | null}}
//      (empty lists are null, as core's Json::Value leaves them)
//  stopsurvey
//      "survey stopped"

#include "overlay/SurveyManager.h"

#include <nlohmann/json.hpp>

namespace stellar
{

class AdminServer;
class Node;

void addSurveyCommands(AdminServer& admin, Node& node);

// core: SurveyManager::getJsonResults.
nlohmann::json surveyResultsJson(SurveyResults const& results);

}
