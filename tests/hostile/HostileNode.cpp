#include "hostile/HostileNode.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#if defined(__SANITIZE_ADDRESS__)
#define SO_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SO_UNDER_ASAN 1
#endif
#endif

namespace stellar::test
{

namespace
{
// Under AddressSanitizer (the asan preset) the node is not what users run:
// shadow memory and the quarantine of freed blocks come on top of its own.
// There the quarantine is kept to 16 MiB and the stated bounds are four
// times larger; the figures that matter are the default build's.
#ifdef SO_UNDER_ASAN
constexpr std::size_t BOUND_FACTOR = 4;
#else
constexpr std::size_t BOUND_FACTOR = 1;
#endif
}

void
HostileNode::startNode(std::string const& extraConfig)
{
    raiseOpenFileLimit();
#ifdef SO_UNDER_ASAN
    std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
    if (asan.find("quarantine_size_mb") == std::string::npos)
        setenv("ASAN_OPTIONS", (asan + (asan.empty() ? "" : ":") + "quarantine_size_mb=16").c_str(), 1);
#endif
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
    boundKiB *= BOUND_FACTOR;
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
