#pragma once
// Seeded randomness for protocol decisions (backoff, peer choice, demand
// order). One engine for the one event loop; tests and simulations reseed it
// so that runs repeat. Key material never comes from here: crypto/ uses
// libsodium's generator.

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace stellar
{

std::mt19937_64& randomEngine();
void reseedRandom(uint64_t seed);

// Uniform in [lo, hi], both inclusive.
uint64_t randomUniform(uint64_t lo, uint64_t hi);

template <typename T>
void
shuffleRandomly(std::vector<T>& v)
{
    std::shuffle(v.begin(), v.end(), randomEngine());
}

}
