#include "util/Random.h"

#include <algorithm>

namespace stellar
{

std::mt19937_64&
randomEngine()
{
    static std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

void
reseedRandom(uint64_t seed)
{
    randomEngine().seed(seed);
}

uint64_t
randomUniform(uint64_t lo, uint64_t hi)
{
    return std::uniform_int_distribution<uint64_t>(lo, hi)(randomEngine());
}

}
