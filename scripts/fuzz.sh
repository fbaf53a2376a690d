#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, coverage, ASan+UBSan)
# and runs each for N seconds, keeping its corpus between runs. Not part of
# the test run. A crash leaves its input as <build>/fuzz/<target>-crash-*;
# replay it with: <build>/fuzz/<target> <that file>.
#
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]
#   FUZZ_BUILD_DIR=dir   build somewhere other than build-fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_frame fuzz_xdr fuzz_handshake)
build="${FUZZ_BUILD_DIR:-build-fuzz}"

scripts/setup.sh
cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" --target "${targets[@]}"

# Small valid seeds, so that the first minute is not spent finding the framing.
seed() { # target name bytes(printf format)
  local dir="$build/fuzz/corpus/$1"
  mkdir -p "$dir"
  [ -e "$dir/$2" ] || printf "$3" > "$dir/$2"
}
zeros32='\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
# AuthenticatedMessage v0 { sequence 1, GET_SCP_STATE 7, zero MAC }
seed fuzz_xdr get-scp-state "\0\0\0\0\0\0\0\0\0\0\0\1\0\0\0\x0c\0\0\0\x07$zeros32"
# piece size 5, limit raised after 1 frame; a frame of 4 bytes then one of 8
seed fuzz_frame two-frames '\x04\x02\x80\0\0\x04abcd\x80\0\0\x08abcdefgh'
# handshake, then a MACed GET_SCP_STATE and a MACed SEND_MORE_EXTENDED
seed fuzz_handshake get-scp-state '\x03\0\x08\0\0\0\x0c\0\0\0\x01\0\x0c\0\0\0\x14\0\0\0\xc8\0\x04\x93\xe0'
# no handshake: a frame that is not a HELLO
seed fuzz_handshake raw-frame '\x00\0\x04\0\0\0\x00'

status=0
for t in "${targets[@]}"; do
  echo "== $t: ${seconds}s"
  mkdir -p "$build/fuzz/corpus/$t"
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
       -artifact_prefix="$build/fuzz/$t-" "$build/fuzz/corpus/$t" 2> "$build/fuzz/$t.log"; then
    status=1
    echo "$t: FAILED (see $build/fuzz/$t.log)"
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$build/fuzz/$t.log" || true
  grep -a -E '^#[0-9]+[[:space:]]+DONE' "$build/fuzz/$t.log" | tail -1 || true
done
exit $status
