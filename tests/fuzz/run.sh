#!/usr/bin/env bash
# tests/fuzz/run.sh - libFuzzer targets of the gongwen core (`make fuzz`).
#
# Usage: tests/fuzz/run.sh [SECONDS]     (default: $FUZZ_SECONDS, else 30, per target)
#
# Builds each target (tests/fuzz/fuzz_*.c + check.c + the core) with clang and
# -fsanitize=fuzzer,address,undefined into build/fuzz/, writes seed corpora into
# build/fuzz/seeds/<target>/ from tests/fixtures/*.txt and $SHARED_DIR/corpus/*.txt
# (default ../shared), then runs each target for SECONDS with the dictionary
# tests/fuzz/gongwen.dict. New inputs accumulate in build/fuzz/corpus/<target>/;
# crashes, invariant violations, leaks and timeouts go to build/fuzz/crashes/<target>/
# and the log to build/fuzz/<target>.log.
#
# Prints per target the executions and whether anything was found; writes
# build/results/fuzz.counts ("PASSED FAILED SKIPPED", one test per target); exits
# 1 if any target found something. Without clang/libFuzzer it prints
# "SKIP fuzz: ..." and counts every target as skipped.
#
# Environment: FUZZ_CC (default clang), FUZZ_TIMEOUT (seconds per input before
# libFuzzer reports a timeout, default 25), FUZZ_KNOWN_BUGS (check ids not
# enforced, see tests/fuzz/check.c; for going on past a reported bug), SHARED_DIR.

set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-${FUZZ_SECONDS:-30}}
if [[ ! $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: tests/fuzz/run.sh [SECONDS]" >&2
  exit 2
fi
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-25}
SHARED_DIR=${SHARED_DIR:-../shared}
targets=(fuzz_analyze fuzz_incremental fuzz_input)
declare -A max_len=([fuzz_analyze]=65536 [fuzz_incremental]=16384 [fuzz_input]=65536)
out=build/fuzz
results=build/results
mkdir -p "$out" "$results"

CORE_SRC=(core/scan.c core/doc.c core/structure.c core/sm.c core/diag.c core/input.c)
# shellcheck disable=SC2054 # the commas belong to -fsanitize=
FLAGS=(-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
  -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -Icore -Itests/fuzz)

# ---- is libFuzzer there?
probe=$out/probe
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe.c"
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
  echo "SKIP fuzz: $FUZZ_CC not found (install clang, or set FUZZ_CC)"
  echo "0 0 ${#targets[@]}" >"$results/fuzz.counts"
  exit 0
fi
if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" >"$probe.log" 2>&1; then
  echo "SKIP fuzz: $FUZZ_CC cannot build libFuzzer targets (-fsanitize=fuzzer): $(head -1 "$probe.log")"
  echo "0 0 ${#targets[@]}" >"$results/fuzz.counts"
  exit 0
fi

# ---- seeds (regenerated each run; not committed)
shopt -s nullglob
sources=(tests/fixtures/*.txt "$SHARED_DIR"/corpus/*.txt)
for t in "${targets[@]}"; do
  rm -rf "${out:?}/seeds/$t"
  mkdir -p "$out/seeds/$t" "$out/corpus/$t" "$out/crashes/$t"
done
i=0
for src in "${sources[@]}"; do
  i=$((i + 1))
  name=$(printf 's%02d' "$i")
  other=${sources[$(((i) % ${#sources[@]}))]}
  # analyze: the report, and its first 40 lines
  head -c 65536 "$src" >"$out/seeds/fuzz_analyze/$name"
  head -n 40 "$src" >"$out/seeds/fuzz_analyze/$name-head"
  # incremental: options byte, 40 lines, then edits "NUL A B C text" (see fuzz_incremental.c)
  {
    printf '\x00'
    head -n 40 "$src"
    printf '\0\x05\x01\x08'
    sed -n 5,8p "$other"
    printf '\0\x0a\x00\x18'
    head -n 3 "$src"
    printf '\0\x02\x03\x0d'
    printf '\0\x01\x00\x0a'
    sed -n 12,13p "$other"
  } >"$out/seeds/script.tmp"
  head -c 16384 "$out/seeds/script.tmp" >"$out/seeds/fuzz_incremental/$name"
  # input: as is, with a UTF-8 BOM, as UTF-16 with BOMs, as GB18030
  head -c 65536 "$src" >"$out/seeds/fuzz_input/$name"
  { printf '\xEF\xBB\xBF'; head -n 60 "$src"; } >"$out/seeds/fuzz_input/$name-bom"
  if command -v iconv >/dev/null 2>&1; then
    { printf '\xFF\xFE'; head -n 60 "$src" | iconv -f UTF-8 -t UTF-16LE; } >"$out/seeds/fuzz_input/$name-u16le" 2>/dev/null || true
    { printf '\xFE\xFF'; head -n 60 "$src" | iconv -f UTF-8 -t UTF-16BE; } >"$out/seeds/fuzz_input/$name-u16be" 2>/dev/null || true
    head -n 60 "$src" | iconv -f UTF-8 -t GB18030 >"$out/seeds/fuzz_input/$name-gb" 2>/dev/null || true
  fi
done
# binary-looking bytes
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00' >"$out/seeds/fuzz_input/binary"
printf '%s\n' "一、" >"$out/seeds/fuzz_analyze/tiny"
rm -f "$out/seeds/script.tmp"

# ---- build and run
passed=0 failed=0
for t in "${targets[@]}"; do
  bin=$out/$t
  if ! "$FUZZ_CC" "${FLAGS[@]}" -o "$bin" "tests/fuzz/$t.c" tests/fuzz/check.c "${CORE_SRC[@]}" >"$out/$t.build.log" 2>&1; then
    echo "$t: BUILD FAILED"
    cat "$out/$t.build.log"
    failed=$((failed + 1))
    continue
  fi
  before=$(find "$out/crashes/$t" -type f | wc -l)
  set +e
  "$bin" -max_total_time="$seconds" -dict=tests/fuzz/gongwen.dict -max_len="${max_len[$t]}" \
    -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t/" "$out/corpus/$t" "$out/seeds/$t" >"$out/$t.log" 2>&1
  rc=$?
  set -e
  after=$(find "$out/crashes/$t" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -1)
  if [[ -z $execs ]]; then
    execs=$(grep -o '^#[0-9]*' "$out/$t.log" | tail -1 | tr -d '#')
  fi
  if ((rc == 0 && after == before)); then
    echo "$t: ${execs:-?} executions in ${seconds}s, nothing found"
    passed=$((passed + 1))
  else
    artifact=$(sed -n 's/.*Test unit written to //p' "$out/$t.log" | tail -1)
    what=$(grep -m1 -E "gongwen fuzz: invariant|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY" "$out/$t.log" || true)
    echo "$t: FOUND after ${execs:-?} executions (exit $rc): ${what:-see log}"
    echo "  reproducer: ${artifact:-$out/crashes/$t/} (log: $out/$t.log)"
    failed=$((failed + 1))
  fi
done
echo "$passed $failed 0" >"$results/fuzz.counts"
((failed == 0))
