#!/usr/bin/env bash
# tests/fuzz/run.sh - libFuzzer targets of the gongwen core (`make fuzz`, `make fuzz-ci`).
#
# Usage: tests/fuzz/run.sh [--ci] [SECONDS]   (default: $FUZZ_SECONDS, else 30, per target)
#
# Builds each target of tests/fuzz/targets.sh with clang and
# -fsanitize=fuzzer,address,undefined into build/fuzz/, writes seed corpora into
# build/fuzz/seeds/<target>/ from tests/fixtures/*.txt and $SHARED_DIR/corpus/*.txt
# (default ../shared), then runs each target for SECONDS with the dictionary
# tests/fuzz/gongwen.dict. New inputs accumulate in build/fuzz/corpus/<target>/;
# crashes, invariant violations, leaks and timeouts go to build/fuzz/crashes/<target>/
# and the log to build/fuzz/<target>.log.
#
# --ci (make fuzz-ci, part of make test): starts every run from the seeds alone
# (build/fuzz/ci/<target>/, emptied first) instead of the accumulated corpus, so
# that the whole budget goes to fuzzing rather than to reloading that corpus.
#
# Prints per target the executions and whether anything was found; writes
# build/results/fuzz.counts ("PASSED FAILED SKIPPED", one test per target); exits
# 1 if any target found something. Without clang/libFuzzer it prints
# "SKIP fuzz: ..." and counts every target as skipped.
#
# Environment: FUZZ_CC (default clang), FUZZ_TIMEOUT (seconds per input before
# libFuzzer reports a timeout, default 25), FUZZ_KNOWN_BUGS (check ids not
# enforced, see tests/fuzz/check.c; for going on past a reported bug), SHARED_DIR,
# CORE_SRC (the core's sources; default: the Makefile's list).

set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/fuzz/targets.sh
. tests/fuzz/targets.sh

ci=0
if [[ ${1:-} == --ci ]]; then
  ci=1
  shift
fi
seconds=${1:-${FUZZ_SECONDS:-30}}
if [[ ! $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: tests/fuzz/run.sh [--ci] [SECONDS]" >&2
  exit 2
fi
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-25}
SHARED_DIR=${SHARED_DIR:-../shared}
mapfile -t targets < <(fuzz_names)
out=build/fuzz
results=build/results
mkdir -p "$out" "$results"

# shellcheck disable=SC2054 # the commas belong to -fsanitize=
FLAGS=("${FUZZ_WARN[@]}" -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)

# ---- is libFuzzer there?
probe=$out/probe
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe.c"
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
  echo "SKIP fuzz: $FUZZ_CC not found (install clang, or set FUZZ_CC): ${#targets[@]} targets not fuzzed"
  echo "0 0 ${#targets[@]}" >"$results/fuzz.counts"
  exit 0
fi
if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" >"$probe.log" 2>&1; then
  echo "SKIP fuzz: $FUZZ_CC cannot build libFuzzer targets (-fsanitize=fuzzer): $(head -1 "$probe.log"): ${#targets[@]} targets not fuzzed"
  echo "0 0 ${#targets[@]}" >"$results/fuzz.counts"
  exit 0
fi

# ---- seeds (regenerated each run; not committed)
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus/$t" "$out/crashes/$t"
done
fuzz_seeds "$out/seeds"

# ---- build and run
passed=0 failed=0
for t in "${targets[@]}"; do
  bin=$out/$t
  mapfile -t inputs < <(fuzz_inputs "$t")
  if ! "$FUZZ_CC" "${FLAGS[@]}" -o "$bin" "${inputs[@]}" >"$out/$t.build.log" 2>&1; then
    echo "$t: BUILD FAILED"
    cat "$out/$t.build.log"
    failed=$((failed + 1))
    continue
  fi
  corpus=$out/corpus/$t
  if ((ci)); then
    corpus=$out/ci/$t
    rm -rf "${corpus:?}"
    mkdir -p "$corpus"
  fi
  before=$(find "$out/crashes/$t" -type f | wc -l)
  set +e
  "$bin" -max_total_time="$seconds" -dict=tests/fuzz/gongwen.dict -max_len="$(fuzz_max_len "$t")" \
    -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t/" "$corpus" "$out/seeds/$t" >"$out/$t.log" 2>&1
  rc=$?
  set -e
  after=$(find "$out/crashes/$t" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -1)
  if [[ -z $execs ]]; then
    execs=$(grep -o '^#[0-9]*' "$out/$t.log" | tail -1 | tr -d '#')
  fi
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/$t.log" | tail -1)
  if ((rc == 0 && after == before)); then
    echo "$t: ${execs:-?} executions in ${seconds}s (${rate:-?}/s), nothing found"
    passed=$((passed + 1))
  else
    artifact=$(sed -n 's/.*Test unit written to //p' "$out/$t.log" | tail -1)
    what=$(grep -m1 -E "gongwen fuzz: invariant|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY" "$out/$t.log" || true)
    echo "$t: FOUND after ${execs:-?} executions (exit $rc): ${what:-see log}"
    echo "  reproducer: ${artifact:-$out/crashes/$t/} (log: $out/$t.log)"
    echo "  save it as tests/fuzz/regressions/$t-<short-name> (see tests/fuzz/README.md)"
    failed=$((failed + 1))
  fi
done
echo "$passed $failed 0" >"$results/fuzz.counts"
((failed == 0))
