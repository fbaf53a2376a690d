#pragma once
// The fixture of every adversarial test: a real `stellar-overlay run` process
// on 127.0.0.1, two honest peers exchanging SCP messages through it (see
// HostileSupport.h), and the three things each test checks during and after
// its attack: the honest exchange goes on, the node's resident memory stays
// under the bound the test states, and the admin HTTP answers.

#include "hostile/HostileSupport.h"
#include "net/TcpNetwork.h"
#include "support/NodeProcess.h"
#include "util/Clock.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace stellar::test
{

class HostileNode : public ::testing::Test
{
  protected:
    // Starts the node with `extraConfig` (TOML lines) and connects the honest
    // pair; the test fails at once if either cannot be done.
    void startNode(std::string const& extraConfig = "");

    // A few envelopes from A reach B within `timeout` (an honest exchange).
    ::testing::AssertionResult honestPeersExchange(int count = 5,
                                                   ClockDuration timeout = std::chrono::seconds(10));
    // /info answers within the admin client's timeouts.
    ::testing::AssertionResult adminAnswers();
    // Resident memory now and its peak (VmHWM) are both under `boundKiB`.
    ::testing::AssertionResult residentUnder(std::size_t boundKiB);
    // All three at once, with `what` naming the moment in failures.
    void expectHealthy(std::string const& what, std::size_t boundKiB);

    // A fresh honest peer dials and authenticates within `timeout`.
    bool newcomerGetsIn(ClockDuration timeout);

    std::size_t baselineKiB() const { return baselineKiB_; }
    // Prints the node's resident memory (baseline, now, peak) and the
    // slowest honest relay, with `what` the attack, for the record.
    void printFigures(std::string const& what);

    Clock clock_{Clock::Mode::Real};
    TcpNetwork network_{clock_, "127.0.0.1"};
    std::unique_ptr<TempDir> dir_;
    std::unique_ptr<NodeProcess> node_;
    std::unique_ptr<HonestExchange> honest_;
    std::size_t baselineKiB_ = 0;
};

}
