#pragma once
// Which survey messages a node accepts and relays, before it spends a
// signature check on them (spec 11.4; core: SurveyMessageLimiter).
//  - A message's ledger must be within SURVEY_LEDGER_WINDOW of the ledger the
//    node tracks (behind, and ahead by at least one).
//  - Per ledger, at most SURVEY_MAX_REQUEST_LIMIT surveyors and, per
//    surveyor, at most SURVEY_MAX_REQUEST_LIMIT surveyed nodes (one request
//    per pair); the node's own requests are not limited.
//  - A response is accepted only for a request seen, and only once.
// `onSuccessValidation` (the nonce and signature checks) runs only when every
// cheaper check passed (E18); its false refuses the message unrecorded.
// The records are bounded: ledgers outside the window are forgotten by
// clearOldLedgers, and per ledger the limits above hold (util/Limits.h).

#include "overlay/Peer.h"
#include "xdr/StellarXdr.h"

#include <cstdint>
#include <functional>
#include <map>

namespace stellar
{

class SurveyDataManager;

inline constexpr uint32_t SURVEY_LEDGER_WINDOW = 6;       // core: SurveyManager::NUM_LEDGERS_BEFORE_IGNORE
inline constexpr uint32_t SURVEY_MAX_REQUEST_LIMIT = 10;  // core: SurveyManager::MAX_REQUEST_LIMIT_PER_LEDGER

class SurveyMessageLimiter
{
  public:
    explicit SurveyMessageLimiter(NodeID self) : self_(std::move(self)) {}

    bool addAndValidateRequest(SurveyRequestMessage const& request, uint32_t localLedger,
                               std::function<bool()> const& onSuccessValidation);
    bool recordAndValidateResponse(SurveyResponseMessage const& response, uint32_t localLedger,
                                   std::function<bool()> const& onSuccessValidation);
    // START: ignored while any survey is active here (E16).
    bool validateStartSurveyCollecting(TimeSlicedSurveyStartCollectingMessage const& start, uint32_t localLedger,
                                       SurveyDataManager const& data,
                                       std::function<bool()> const& onSuccessValidation) const;
    bool validateStopSurveyCollecting(TimeSlicedSurveyStopCollectingMessage const& stop, uint32_t localLedger,
                                      std::function<bool()> const& onSuccessValidation) const;
    // Forgets the ledgers more than SURVEY_LEDGER_WINDOW behind `ledgerSeq`.
    void clearOldLedgers(uint32_t ledgerSeq);

    static bool surveyLedgerNumValid(uint32_t ledgerNum, uint32_t localLedger);

    // Entries recorded (surveyor-surveyed pairs), for the bound's tests.
    std::size_t size() const;

  private:
    using SurveyedMap = std::map<NodeID, bool /*responseSeen*/, NodeIDLess>;
    using SurveyorMap = std::map<NodeID, SurveyedMap, NodeIDLess>;

    NodeID self_;
    std::map<uint32_t, SurveyorMap> records_;
};

}
