#pragma once
// A PeerResolver that needs no DNS: numeric addresses resolve to themselves,
// host names to what `names` maps them to, and anything else fails (the round
// then reports errors, as a failed lookup does). Answers come on the next turn
// of the event loop; every round's time is kept, for tests of the G7 schedule.

#include "overlay/PeerResolver.h"
#include "util/Clock.h"

#include <map>
#include <string>
#include <vector>

namespace stellar::simulation
{

class ScriptedResolver : public PeerResolver
{
  public:
    // `timeZero`: what roundTimes count from.
    ScriptedResolver(Clock& clock, ClockTime timeZero) : clock_(clock), timeZero_(timeZero) {}

    std::map<std::string, std::string> names; // host -> ip
    int rounds = 0;
    std::vector<ClockDuration> roundTimes;

    void resolve(std::vector<std::string> known, std::vector<std::string> preferred,
                 std::function<void(Result)> done) override;

  private:
    Clock& clock_;
    ClockTime timeZero_;
};

}
