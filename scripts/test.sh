#!/usr/bin/env bash
# Runs every test, in up to three stages:
#   default  the preset "default" build of what the tests run (target
#            so_test_programs: no benchmark) and every test not labelled slow;
#   asan     the preset "asan" (clang, ASan + UBSan, libFuzzer's coverage
#            hooks): only the layers' test binaries, the node and the fuzz
#            targets are built; the unit, simulation and adversarial tests
#            and the fuzz targets' committed inputs run;
#   fuzz     each fuzz target for FUZZ_SECONDS (default 60) from the same
#            tree: a crash, a leak or a hang fails the run.
# Installs what is missing, starts a throwaway PostgreSQL for the database
# tests and stops it at the end. All three stages run unless SO_TEST_STAGES
# names some (SO_TEST_STAGES=default for the quick one); CI runs all three.
# Extra arguments go to ctest (for example: scripts/test.sh -R Xdr).
set -euo pipefail
cd "$(dirname "$0")/.."
stages=" ${SO_TEST_STAGES:-default asan fuzz} "
stage() { echo "== stage $1 at $(date -u +%T) (load $(cut -d' ' -f1-3 /proc/loadavg))"; }
scripts/setup.sh
export PG_CONNINFO="$(scripts/pg-ci.sh start)"
trap 'scripts/pg-ci.sh stop' EXIT

# CI (CI set) also builds the default tree without debug information: its
# test reports do not use it, and it is a third to a half of that tree's
# compile time (same -O2 code).
default_flags=()
[[ -n ${CI:-} ]] && default_flags=(-DWARNINGS_AS_ERRORS=ON
                                   "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG"
                                   "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG")
if [[ $stages == *" default "* ]]; then
  stage default
  cmake --preset default "${default_flags[@]}" >/dev/null
  cmake --build --preset default --target so_test_programs
  ctest --preset default --label-exclude slow "$@"
fi

# Under the sanitizers: the unit tests of each layer and of the relay, the
# simulations and the adversarial tests (these run the node binary built
# here). The command-line, interop and other multi-process tests exercise the
# same code through the binary and stay in the default stage.
ASAN_TARGETS=(stellar-overlay test_util test_crypto test_xdr test_net test_store test_peerdb test_overlay test_relay
              test_lifecycle test_simulation test_hostile fuzz_frame fuzz_xdr fuzz_config fuzz_handshake fuzz_node)
if [[ $stages == *" asan "* ]]; then
  stage asan
  cmake --preset asan >/dev/null
  cmake --build --preset asan --target "${ASAN_TARGETS[@]}"
  ctest --preset asan --label-exclude slow "$@"
fi
if [[ $stages == *" fuzz "* ]]; then
  stage fuzz
  scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi
stage end
