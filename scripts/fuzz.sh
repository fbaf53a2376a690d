#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "asan": clang, ASan + UBSan, coverage)
# and runs each for N seconds, as many at once as the machine has cores (each
# libFuzzer run uses one). Each starts from the
# committed seeds (fuzz/corpus/<target>) and past findings
# (fuzz/regressions/<target>), and keeps what it learns in
# build-asan/fuzz/corpus/<target> for the next run. A crash, a hang (over
# FUZZ_TIMEOUT seconds for one input) or a leak fails the run and leaves the
# input as build-asan/fuzz/<target>-crash-* (or -timeout-, -leak-, -oom-):
# replay it with build-asan/fuzz/<target> <that file>, and once fixed keep it
# in fuzz/regressions/<target>/.
#
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]
#   FUZZ_BUILD_DIR=dir   the asan tree somewhere other than build-asan
#   FUZZ_TIMEOUT=s       seconds one input may take (default 30)
#   FUZZ_JOBS=n          targets run at once (default: the number of cores)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_frame fuzz_xdr fuzz_config fuzz_handshake fuzz_node)
build="${FUZZ_BUILD_DIR:-build-asan}"

scripts/setup.sh
cmake --preset asan -B "$build" >/dev/null
cmake --build "$build" --target "${targets[@]}"

# One target's run; its summary line goes to $build/fuzz/<target>.summary.
fuzz_one() {
  local t=$1 work="$build/fuzz/corpus/$1" log="$build/fuzz/$1.log" status=0
  mkdir -p "$work"
  local seeds=() d
  for d in "fuzz/corpus/$t" "fuzz/regressions/$t"; do [ -d "$d" ] && seeds+=("$d"); done
  # The handshake and node targets keep one node across inputs, so most
  # inputs leave more allocated than they found; libFuzzer would then run a
  # full leak scan after each (20 times slower). Leaks are still checked
  # when the run ends.
  local options=()
  case $t in fuzz_handshake|fuzz_node) options+=(-detect_leaks=0) ;; esac
  echo "== $t: ${seconds}s"
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 \
       "${options[@]}" -print_final_stats=1 -artifact_prefix="$build/fuzz/$t-" "$work" "${seeds[@]}" 2> "$log"; then
    status=1
    echo "$t: FAILED (see $log)"
    grep -a -E "ERROR|SUMMARY|Test unit written" "$log" | head -5 || true
  fi
  local execs rate last cov ft units
  execs=$(grep -a -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
  rate=$(grep -a -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}' || true)
  last=$(grep -a -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  units=$(find "$work" -type f | wc -l)
  printf '%-16s %10s %10s %8s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" \
    > "$build/fuzz/$t.summary"
  return $status
}

jobs_max="${FUZZ_JOBS:-$(nproc)}"
status=0
running=0
for t in "${targets[@]}"; do
  if (( running >= jobs_max )); then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
while (( running > 0 )); do
  wait -n || status=1
  running=$((running - 1))
done
printf '%-16s %10s %10s %8s %8s %8s\n' target executions exec/s cov ft corpus
for t in "${targets[@]}"; do cat "$build/fuzz/$t.summary"; done
exit $status
