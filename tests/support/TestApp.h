#pragma once
// The scripted application lives in src/simulation (library so_simulation),
// where simulations and benchmarks use it too; tests know it as TestApp.

#include "simulation/ScriptedApp.h"

namespace stellar::test
{
using TestApp = simulation::ScriptedApp;
}
