#include "overlay/TxAdverts.h"

#include <algorithm>
#include <stdexcept>

namespace stellar
{

int64_t
opsToFloodPerLedger(std::size_t maxOps, double rate)
{
    double ops = rate * static_cast<double>(maxOps);
    return ops > 0 ? static_cast<int64_t>(ops) : 0;
}

std::size_t
floodBatchSize(int64_t opsPerLedger, std::chrono::milliseconds period, std::chrono::milliseconds ledgerCloseTime,
               std::size_t maxSize)
{
    using u128 = unsigned __int128;
    auto close = static_cast<u128>(std::max<int64_t>(ledgerCloseTime.count(), 1));
    u128 product = static_cast<u128>(std::max<int64_t>(opsPerLedger, 0)) *
                   static_cast<u128>(std::max<int64_t>(period.count(), 0));
    u128 res = (product + close - 1) / close;
    return static_cast<std::size_t>(std::clamp<u128>(res, 1, maxSize));
}

std::size_t
maxAdvertSize(FloodRates const& rates, uint32_t maxTxSetSizeOps, uint32_t sorobanLedgerMaxTxCount,
              std::chrono::milliseconds advertPeriod)
{
    auto ops = opsToFloodPerLedger(maxTxSetSizeOps, rates.opRatePerLedger);
    if (rates.ledgerProtocolVersion >= SOROBAN_PROTOCOL_VERSION)
        ops += opsToFloodPerLedger(sorobanLedgerMaxTxCount, rates.sorobanRatePerLedger);
    return floodBatchSize(ops, advertPeriod, rates.expectedLedgerCloseTime, TX_ADVERT_VECTOR_MAX_SIZE);
}

TxAdverts::TxAdverts(Clock& clock, std::chrono::milliseconds advertPeriod, SendAdvert send)
    : advertPeriod_(advertPeriod), send_(std::move(send)), advertTimer_(clock)
{
}

void
TxAdverts::queueOutgoingAdvert(Hash const& txHash, std::size_t maxAdvertSize)
{
    // The first hash of a batch starts its clock (E11).
    if (outgoing_.empty())
        advertTimer_.expiresAfter(advertPeriod_, [this] { flushAdvert(); });
    outgoing_.push_back(txHash);
    if (outgoing_.size() >= maxAdvertSize)
        flushAdvert();
}

void
TxAdverts::flushAdvert()
{
    advertTimer_.cancel();
    if (outgoing_.empty())
        return;
    TxAdvertVector batch;
    batch.swap(outgoing_);
    send_(std::move(batch));
}

std::size_t
TxAdverts::queueIncomingAdvert(TxAdvertVector const& hashes, uint32_t ledgerSeq, std::size_t limit)
{
    std::size_t repeats = 0;
    for (auto const& h : hashes)
        if (!history_.put(h, ledgerSeq))
            ++repeats;
    // Hashes that the limit would evict at once are not queued at all.
    auto first = hashes.begin();
    if (hashes.size() > limit)
        first += static_cast<std::ptrdiff_t>(hashes.size() - limit);
    incoming_.insert(incoming_.end(), first, hashes.end());
    while (size() > limit)
        popIncomingAdvert();
    return repeats;
}

void
TxAdverts::retryIncomingAdvert(std::list<Hash>& hashes, std::size_t limit)
{
    retry_.splice(retry_.end(), hashes);
    while (size() > limit)
        popIncomingAdvert();
}

Hash
TxAdverts::popIncomingAdvert()
{
    if (!retry_.empty())
    {
        auto h = retry_.front();
        retry_.pop_front();
        return h;
    }
    if (incoming_.empty())
        throw std::logic_error("TxAdverts::popIncomingAdvert: no advert to pop");
    auto h = incoming_.front();
    incoming_.pop_front();
    return h;
}

void
TxAdverts::clearBelow(uint32_t ledgerSeq)
{
    history_.erase_if([&](uint32_t const& seq) { return seq < ledgerSeq; });
}

void
TxAdverts::shutdown()
{
    advertTimer_.cancel();
}

}
