#include "overlay/SurveyMessageLimiter.h"

#include "overlay/SurveyDataManager.h"

#include <algorithm>

namespace stellar
{

bool
SurveyMessageLimiter::surveyLedgerNumValid(uint32_t ledgerNum, uint32_t localLedger)
{
    // core: surveyLedgerNumValid, in 64 bits so that no sum wraps.
    uint64_t msg = ledgerNum, local = localLedger;
    return msg + SURVEY_LEDGER_WINDOW >= local && msg <= local + std::max<uint32_t>(SURVEY_LEDGER_WINDOW, 1);
}

bool
SurveyMessageLimiter::addAndValidateRequest(SurveyRequestMessage const& request, uint32_t localLedger,
                                            std::function<bool()> const& onSuccessValidation)
{
    if (request.commandType != TIME_SLICED_SURVEY_TOPOLOGY || !surveyLedgerNumValid(request.ledgerNum, localLedger))
        return false;
    bool surveyorIsSelf = request.surveyorPeerID == self_;
    auto ledgerIt = records_.find(request.ledgerNum);
    if (ledgerIt != records_.end())
    {
        auto& surveyors = ledgerIt->second;
        auto surveyorIt = surveyors.find(request.surveyorPeerID);
        if (surveyorIt == surveyors.end())
        {
            if (!surveyorIsSelf && surveyors.size() >= SURVEY_MAX_REQUEST_LIMIT)
                return false; // too many surveyors this ledger
        }
        else
        {
            auto const& surveyed = surveyorIt->second;
            if (!surveyorIsSelf && surveyed.size() >= SURVEY_MAX_REQUEST_LIMIT)
                return false; // too many requests from this surveyor this ledger
            if (surveyed.count(request.surveyedPeerID))
                return false; // seen
        }
    }
    if (!onSuccessValidation())
        return false;
    records_[request.ledgerNum][request.surveyorPeerID].emplace(request.surveyedPeerID, false);
    return true;
}

bool
SurveyMessageLimiter::recordAndValidateResponse(SurveyResponseMessage const& response, uint32_t localLedger,
                                                std::function<bool()> const& onSuccessValidation)
{
    if (!surveyLedgerNumValid(response.ledgerNum, localLedger))
        return false;
    auto ledgerIt = records_.find(response.ledgerNum);
    if (ledgerIt == records_.end())
        return false;
    auto surveyorIt = ledgerIt->second.find(response.surveyorPeerID);
    if (surveyorIt == ledgerIt->second.end())
        return false;
    auto surveyedIt = surveyorIt->second.find(response.surveyedPeerID);
    if (surveyedIt == surveyorIt->second.end() || surveyedIt->second)
        return false; // no request seen, or its response already was
    if (!onSuccessValidation())
        return false;
    surveyedIt->second = true;
    return true;
}

bool
SurveyMessageLimiter::validateStartSurveyCollecting(TimeSlicedSurveyStartCollectingMessage const& start,
                                                    uint32_t localLedger, SurveyDataManager const& data,
                                                    std::function<bool()> const& onSuccessValidation) const
{
    if (!surveyLedgerNumValid(start.ledgerNum, localLedger) || data.surveyIsActive())
        return false;
    return onSuccessValidation();
}

bool
SurveyMessageLimiter::validateStopSurveyCollecting(TimeSlicedSurveyStopCollectingMessage const& stop,
                                                   uint32_t localLedger,
                                                   std::function<bool()> const& onSuccessValidation) const
{
    if (!surveyLedgerNumValid(stop.ledgerNum, localLedger))
        return false;
    return onSuccessValidation();
}

void
SurveyMessageLimiter::clearOldLedgers(uint32_t ledgerSeq)
{
    // core clears only below; a ledger far ahead (the tracked ledger went
    // back) is forgotten too, so that the records stay within the window.
    std::erase_if(records_, [&](auto const& r) { return !surveyLedgerNumValid(r.first, ledgerSeq); });
}

std::size_t
SurveyMessageLimiter::size() const
{
    std::size_t n = 0;
    for (auto const& [ledger, surveyors] : records_)
        for (auto const& [surveyor, surveyed] : surveyors)
            n += surveyed.size();
    return n;
}

}
