// A length prefix that claims more than the input holds is refused before
// anything is allocated: this binary counts the largest allocation.

#include "xdr/StellarXdr.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace
{
std::atomic<size_t> largestAllocation{0};
}

void*
operator new(size_t n)
{
    size_t seen = largestAllocation.load(std::memory_order_relaxed);
    while (n > seen && !largestAllocation.compare_exchange_weak(seen, n, std::memory_order_relaxed))
    {
    }
    if (void* p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}

// std::stable_sort's buffer comes from the nothrow form: it must reach the
// same malloc, or a sanitizer sees operator new freed by free().
void*
operator new(size_t n, std::nothrow_t const&) noexcept
{
    try
    {
        return operator new(n);
    }
    catch (std::bad_alloc const&)
    {
        return nullptr;
    }
}

// Every replacement uses malloc/free, which GCC cannot see across them.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void
operator delete(void* p) noexcept
{
    std::free(p);
}

void
operator delete(void* p, size_t) noexcept
{
    std::free(p);
}

void
operator delete(void* p, std::nothrow_t const&) noexcept
{
    std::free(p);
}

using namespace stellar;
using namespace stellar::xdr;

TEST(XdrAllocation, LyingLengthsAllocateNothingLarge)
{
    // TX_SET whose transaction list claims 2^31-1 envelopes, in 40 bytes.
    std::vector<uint8_t> txSet(40, 0);
    txSet[3] = TX_SET;
    txSet[36] = 0x7f;
    txSet[37] = txSet[38] = txSet[39] = 0xff;
    // An opaque<> claiming 4 GiB.
    std::vector<uint8_t> value{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};

    largestAllocation = 0;
    EXPECT_THROW(fromBytes<StellarMessage>(txSet), XdrError);
    EXPECT_THROW(fromBytes<Value>(value), XdrError);
    EXPECT_LT(largestAllocation.load(), 4096u);
}
