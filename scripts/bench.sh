#!/usr/bin/env bash
# Runs the benchmark suite and prints one table of its figures beside their
# targets; writes build/bench/results.json (docs/performance.md says how to
# read both). Builds what it needs itself (preset "default", RelWithDebInfo:
# -O2 like a release build, with symbols for profiles). Nothing here asserts
# a figure. On the 2-core reference machine it takes about 10 minutes.
#
#   scripts/bench.sh                      every benchmark
#   BENCH_ONLY="msgpath pull" scripts/bench.sh   some of them (msgpath,
#                                         connection, pull, network, memory)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset default >/dev/null
targets=(stellar-overlay bench_msgpath bench_connection bench_pull bench_network bench_memory bench_report)
cmake --build --preset default --target "${targets[@]}"

out=build/bench
parts=$out/parts
rm -rf "$parts"
mkdir -p "$parts"
load() { cut -d' ' -f1-3 /proc/loadavg; }
loadStart=$(load)
started=$(date +%s)

only=${BENCH_ONLY:-msgpath connection pull network memory}
for bench in $only; do
  echo "=== bench_$bench"
  case $bench in
    network) "$out/bench_network" --program build/stellar-overlay --json "$parts/$bench.json" ;;
    *) "$out/bench_$bench" --json "$parts/$bench.json" ;;
  esac | tee "$out/$bench.txt"
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
sha=$(grep -qw sha_ni /proc/cpuinfo && echo ", SHA extensions (sha_ni)" || echo ", no SHA extensions")
machine="$cpu, $(nproc) cores$sha; load average (1, 5, 15 min) $loadStart at start, $(load) at the end"
buildType=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' build/CMakeCache.txt)
compiler=$(c++ --version | head -1)
crypto="libsodium $(pkg-config --modversion libsodium), OpenSSL $(pkg-config --modversion libcrypto 2>/dev/null || echo '?')"
build="$buildType, $compiler; $crypto; suite took $(( $(date +%s) - started )) s"
"$out/bench_report" --out "$out/results.json" --machine "$machine" --build "$build" "$parts"/*.json \
  | tee "$out/report.txt"
