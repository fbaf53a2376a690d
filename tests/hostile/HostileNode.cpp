#include "hostile/HostileNode.h"

#include <fmt/format.h>

#include <iostream>

namespace stellar::test
{

void
HostileNode::startNode(std::string const& extraConfig)
{
    raiseOpenFileLimit();
    dir_ = std::make_unique<TempDir>("so-hostile");
    NodeProcessOptions options;
    options.name = "target";
    options.logLevel = "warn";
    options.extraConfig = extraConfig;
    node_ = std::make_unique<NodeProcess>(dir_->path(), options);
    ASSERT_TRUE(node_->waitReady()) << node_->process().describe();
    honest_ = std::make_unique<HonestExchange>(clock_, network_, node_->peerPort());
    ASSERT_TRUE(honest_->connect()) << node_->process().describe();
    ASSERT_TRUE(honestPeersExchange());
    baselineKiB_ = residentMemory(node_->process().pid()).nowKiB;
}

::testing::AssertionResult
HostileNode::honestPeersExchange(int count, ClockDuration timeout)
{
    if (honest_->exchange(count, timeout))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << fmt::format(
               "the honest peers stopped exchanging: {} envelopes delivered so far, A {}, B {}",
               honest_->delivered(), honest_->a().closed() ? "disconnected" : "connected",
               honest_->b().closed() ? "disconnected" : "connected");
}

::testing::AssertionResult
HostileNode::adminAnswers()
{
    auto info = node_->admin("info");
    if (info && info->contains("info"))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "admin HTTP /info did not answer";
}

::testing::AssertionResult
HostileNode::residentUnder(std::size_t boundKiB)
{
    auto m = residentMemory(node_->process().pid());
    if (m.nowKiB > 0 && m.nowKiB < boundKiB && m.peakKiB < boundKiB)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << fmt::format(
               "resident memory {} KiB (peak {} KiB) is not under the bound {} KiB (baseline {} KiB)", m.nowKiB,
               m.peakKiB, boundKiB, baselineKiB_);
}

void
HostileNode::expectHealthy(std::string const& what, std::size_t boundKiB)
{
    EXPECT_TRUE(honestPeersExchange()) << what;
    EXPECT_TRUE(adminAnswers()) << what;
    EXPECT_TRUE(residentUnder(boundKiB)) << what;
}

void
HostileNode::printFigures(std::string const& what)
{
    auto m = residentMemory(node_->process().pid());
    std::cout << fmt::format("[ figures  ] {}: resident {} KiB at the start, {} KiB now, {} KiB at the peak; "
                             "{} envelopes relayed, the slowest in {} ms\n",
                             what, baselineKiB_, m.nowKiB, m.peakKiB, honest_->delivered(),
                             std::chrono::duration_cast<std::chrono::milliseconds>(honest_->slowestRelay()).count());
}

bool
HostileNode::newcomerGetsIn(ClockDuration timeout)
{
    HonestPeer newcomer(clock_, NodeProcessOptions{}.networkPassphrase, crypto::SecretKey::random());
    return newcomer.connect(network_, "127.0.0.1", node_->peerPort(), timeout);
}

}
