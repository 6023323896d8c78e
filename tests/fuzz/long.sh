#!/usr/bin/env bash
# tests/fuzz/long.sh - the long fuzz run of issue 7: at least TOTAL executions in
# all across the targets of tests/fuzz/targets.sh, one libFuzzer process at a time
# (FUZZ_LONG_JOBS: more, each on its own target).
#
# Usage: tests/fuzz/long.sh [TOTAL]     run (default TOTAL 100000000); resumes a run
#        tests/fuzz/long.sh --status    the figures so far (executions per target, findings)
#
# Meant to run in the background at the lowest priority, e.g.
#     nohup nice -n 19 tests/fuzz/long.sh >/dev/null 2>&1 &
# and stopped with kill (the turn under way is cut short and counted) to free the
# machine, e.g. for make bench.
# Turns of FUZZ_LONG_CHUNK seconds (default 1800) go to each target in turn, the
# one with the fewest executions so far first, until the executions recorded
# reach TOTAL. Everything is under build/fuzz-long/ (not
# committed): bin/ (ASan+UBSan libFuzzer builds, -O2), corpus/<target>/ (kept
# between turns and runs), crashes/<target>/, logs/<target>-<turn>.log, and
# progress.tsv, one line per turn:
#     date  target  seconds  executions  exit-status  new-findings
# (exit status 72: the turn was cut short by kill; its executions count).
# A finding (crash, invariant violation, leak, timeout) does not stop the run: the
# target goes on in its next turn. Save each reproducer as
# tests/fuzz/regressions/<target>-<short-name> (see tests/fuzz/README.md).
#
# Environment: FUZZ_CC (clang), FUZZ_LONG_JOBS (turns side by side, each of its
# own target; default 1), FUZZ_LONG_CHUNK, FUZZ_LONG_MAX_LEN (default 4096:
# small inputs, many more executions per second; the -max_len of targets.sh
# applies when it is larger than the target's own), FUZZ_TIMEOUT (25), SHARED_DIR,
# FUZZ_LONG_DIR (instead of build/fuzz-long).

set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/fuzz/targets.sh
. tests/fuzz/targets.sh

dir=${FUZZ_LONG_DIR:-build/fuzz-long}
progress=$dir/progress.tsv

status() {
  if [[ ! -s $progress ]]; then
    echo "no long fuzz run recorded in $progress"
    return
  fi
  awk -F'\t' '
    { ex[$2] += $4; s[$2] += $3; f[$2] += $6; n[$2]++; total += $4; found += $6; last = $1 }
    END {
      for (t in ex) printf "%-18s %12d executions in %7.1f h (%d turns, %.0f/s), findings: %d\n", t, ex[t], s[t] / 3600, n[t], s[t] ? ex[t] / s[t] : 0, f[t]
      printf "%-18s %12d executions, findings: %d (last turn ended %s)\n", "total", total, found, last
    }' "$progress"
  if [[ -f $dir/pid ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "running: pid $(cat "$dir/pid") (stop it with: kill $(cat "$dir/pid"); it resumes when started again)"
  else
    echo "not running"
  fi
  local f
  shopt -s nullglob
  for f in "$dir"/crashes/*/*; do echo "finding: $f"; done
}

if [[ ${1:-} == --status ]]; then
  status
  exit 0
fi

total=${1:-100000000}
chunk=${FUZZ_LONG_CHUNK:-1800}
long_max=${FUZZ_LONG_MAX_LEN:-4096}
jobs=${FUZZ_LONG_JOBS:-1}
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
  echo "long fuzz run: FUZZ_LONG_JOBS must be a positive number, not '$jobs'" >&2
  exit 2
fi
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-25}
mapfile -t targets < <(fuzz_names)
mkdir -p "$dir/bin" "$dir/logs"
echo $$ >"$dir/pid"
# kill PID ends the turns under way early (libFuzzer prints its figures on SIGTERM),
# records them and stops
stopping=0
declare -A running=() # target -> pid of its turn (run_turn below)
stop_turns() {
  local p
  stopping=1
  for p in "${running[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap stop_turns TERM INT

# shellcheck disable=SC2054 # the commas belong to -fsanitize=
FLAGS=("${FUZZ_WARN[@]}" -O2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
for t in "${targets[@]}"; do
  mapfile -t inputs < <(fuzz_inputs "$t")
  "$FUZZ_CC" "${FLAGS[@]}" -o "$dir/bin/$t" "${inputs[@]}" >"$dir/logs/$t.build.log" 2>&1 || {
    echo "long fuzz run: build of $t failed, see $dir/logs/$t.build.log" >&2
    exit 1
  }
  mkdir -p "$dir/corpus/$t" "$dir/crashes/$t"
done
fuzz_seeds "$dir/seeds"

done_so_far() {
  if [[ -s $progress ]]; then awk -F'\t' '{ s += $4 } END { printf "%d", s }' "$progress"; else echo 0; fi
}

# the targets, fewest executions so far first, so that a run stopped and
# resumed many times still gives every target its turns
by_executions() {
  local t
  for t in "${targets[@]}"; do
    printf '%s\t%s\n' "$(awk -F'\t' -v t="$t" '$2 == t { s += $4 } END { printf "%d", s }' "$progress" 2>/dev/null || echo 0)" "$t"
  done | sort -n -s -k1,1 | cut -f2
}

# One turn of target $1, numbered $2, run in a subshell of its own: libFuzzer,
# then its line in progress.tsv (appended in one write, so that turns running
# side by side do not mix their lines). TERM cuts the fuzzer short; the turn is
# still recorded.
run_turn() {
  local t=$1 n=$2 max log before start rc secs execs after fz=
  trap 'if [[ -n $fz ]]; then kill "$fz" 2>/dev/null; fi' TERM INT
  max=$(fuzz_max_len "$t")
  ((long_max < max)) && max=$long_max
  log=$dir/logs/$t-$n.log
  before=$(find "$dir/crashes/$t" -type f | wc -l)
  start=$(date +%s)
  set +e
  "$dir/bin/$t" -max_total_time="$chunk" -dict=tests/fuzz/gongwen.dict -max_len="$max" \
    -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/crashes/$t/" "$dir/corpus/$t" "$dir/seeds/$t" >"$log" 2>&1 &
  fz=$!
  wait "$fz"
  rc=$?
  if ((rc > 128)) && kill -0 "$fz" 2>/dev/null; then
    # the wait above was cut short by the signal: now the fuzzer's own end
    wait "$fz"
    rc=$?
  fi
  set -e
  secs=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [[ -z $execs ]]; then
    execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  fi
  after=$(find "$dir/crashes/$t" -type f | wc -l)
  printf '%s\t%s\t%d\t%d\t%d\t%d\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-0}" "$rc" "$((after - before))" >>"$progress"
  # keep the logs of turns that found something, and the last one of each target
  if ((after > before)); then
    mv "$log" "${log%.log}.found.log"
  fi
  find "$dir/logs" -name "$t-*.log" ! -name '*.found.log' ! -name "$t-$n.log" -delete
}

# Up to FUZZ_LONG_JOBS turns side by side, each of a different target: a slot
# that frees up goes to the target with the fewest executions among those not
# running.
turn=$(if [[ -s $progress ]]; then wc -l <"$progress"; else echo 0; fi)
while :; do
  # reap the turns that ended
  for t in "${!running[@]}"; do
    if ! kill -0 "${running[$t]}" 2>/dev/null; then
      wait "${running[$t]}" || true
      unset "running[$t]"
    fi
  done
  if ((stopping)) || (($(done_so_far) >= total)); then
    ((${#running[@]} == 0)) && break
  else
    mapfile -t order < <(by_executions)
    for t in "${order[@]}"; do
      ((${#running[@]} < jobs)) || break
      [[ -n ${running[$t]:-} ]] && continue
      turn=$((turn + 1))
      run_turn "$t" "$turn" &
      running[$t]=$!
    done
  fi
  # until a turn ends (or a signal comes: the trap passes it on to the turns)
  wait -n 2>/dev/null || true
done
if ((stopping)); then
  rm -f "$dir/pid"
  exit 143
fi
rm -f "$dir/pid"
status
