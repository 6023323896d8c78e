#!/usr/bin/env bash
# tests/fuzz/regress.sh - replay saved fuzz inputs through their targets (part of `make test-c`).
#
# Builds each fuzz target of tests/fuzz/targets.sh as a plain program (tests/fuzz/replay.c as main, no
# libFuzzer) under ASan and UBSan with $CC (default cc) into build/fuzz/replay/,
# then runs, each as one test:
#   - every file tests/fuzz/regressions/<target>-<name> through <target>, with
#     every invariant of tests/fuzz/check.c enforced (FUZZ_KNOWN_BUGS is ignored);
#   - a smoke run of tests/fixtures/*.txt through each target.
# A test fails when the program aborts, a sanitizer reports, or it runs longer
# than REGRESS_TIMEOUT seconds (default 10: the slow-* inputs take a fraction of a
# second on a linear-time core and minutes on the quadratic one they reproduce).
#
# Writes build/results/fuzz-regress.counts ("PASSED FAILED SKIPPED"), prints
# "SKIP fuzz-regress: ..." when no compiler can build with the sanitizers, and
# exits 1 if any test failed.

set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/fuzz/targets.sh
. tests/fuzz/targets.sh

CC=${CC:-cc}
REGRESS_TIMEOUT=${REGRESS_TIMEOUT:-10}
mapfile -t targets < <(fuzz_names)
out=build/fuzz/replay
results=build/results
mkdir -p "$out" "$results"
unset FUZZ_KNOWN_BUGS

# shellcheck disable=SC2054 # the commas belong to -fsanitize=
FLAGS=("${FUZZ_WARN[@]}" -O1 -fsanitize=address,undefined -fno-sanitize-recover=all)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

shopt -s nullglob
regressions=(tests/fuzz/regressions/*)
if ! printf 'int main(void) { return 0; }\n' | "$CC" -fsanitize=address,undefined -x c -o "$out/probe" - >/dev/null 2>&1; then
  echo "SKIP fuzz-regress: $CC cannot build with -fsanitize=address,undefined"
  echo "0 0 $((${#regressions[@]} + ${#targets[@]}))" >"$results/fuzz-regress.counts"
  exit 0
fi

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then timeout_cmd=(timeout "$REGRESS_TIMEOUT"); fi

passed=0 failed=0
# run NAME LOG PROGRAM FILE...: one test (a subshell, so that the shell's own
# "Aborted" notice goes to the log too)
run() {
  local name=$1 log=$2
  shift 2
  if ("${timeout_cmd[@]}" "$@"; exit $?) >"$log" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    local rc=$?
    local why
    why=$(grep -m1 -E "gongwen fuzz: invariant|ERROR: (AddressSanitizer|LeakSanitizer)|runtime error" "$log" || true)
    if ((rc == 124)); then why="timed out after ${REGRESS_TIMEOUT}s"; fi
    echo "FAIL $name: ${why:-exit $rc} (log: $log)"
    failed=$((failed + 1))
  fi
}

for t in "${targets[@]}"; do
  bin=$out/$t
  mapfile -t inputs < <(fuzz_inputs "$t")
  if ! "$CC" "${FLAGS[@]}" -o "$bin" tests/fuzz/replay.c "${inputs[@]}" >"$out/$t.build.log" 2>&1; then
    echo "FAIL build of $t:"
    cat "$out/$t.build.log"
    failed=$((failed + 1))
    continue
  fi
  run "$t smoke (tests/fixtures)" "$out/$t-smoke.log" "$bin" tests/fixtures/*.txt
  for f in "${regressions[@]}"; do
    base=${f##*/}
    if [[ $base == "$t"-* ]]; then run "$base" "$out/$base.log" "$bin" "$f"; fi
  done
done
for f in "${regressions[@]}"; do
  base=${f##*/}
  known=0
  for t in "${targets[@]}"; do [[ $base == "$t"-* ]] && known=1; done
  if ((known == 0)); then
    echo "FAIL $base: no target named fuzz_*-… matches (name files <target>-<short-name>)"
    failed=$((failed + 1))
  fi
done

echo "$passed $failed 0" >"$results/fuzz-regress.counts"
echo "fuzz-regress: $passed passed, $failed failed"
((failed == 0))
