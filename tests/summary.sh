#!/usr/bin/env bash
# tests/summary.sh - add up the layers' results and print the closing line.
#
# Usage: tests/summary.sh [LAYER...]
#
# Reads build/results/*.counts (RESULTS=<dir> overrides the folder), each holding one
# line "PASSED FAILED SKIPPED", prints one line per file, and as its last line
#
#     N passed, N failed            or    N passed, N failed, N skipped
#
# (skipped only when there are any).  Each LAYER named is expected to have written
# build/results/LAYER.counts or LAYER-<variant>.counts; a layer without one counts
# as one failure.  An unreadable counts file counts as one failure too.
# Exit status: 1 if anything failed, else 0.

set -euo pipefail

results=${RESULTS:-$(dirname "$0")/../build/results}
passed=0 failed=0 skipped=0

# "P passed, F failed[, S skipped]"
line() {
  local text="$1 passed, $2 failed"
  if (($3 > 0)); then text+=", $3 skipped"; fi
  printf '%s\n' "$text"
}

# Files in name order (C collation: "c" before "c-san").
shopt -s nullglob
files=("$results"/*.counts)
mapfile -t names < <(for f in "${files[@]}"; do basename "$f" .counts; done | LC_ALL=C sort)
for name in "${names[@]}"; do
  file=$results/$name.counts
  read -r p f s rest <"$file" || true
  if [[ ! $p =~ ^[0-9]+$ || ! $f =~ ^[0-9]+$ || ! $s =~ ^[0-9]+$ || -n ${rest:-} ]]; then
    printf '%-16s malformed counts file (want "PASSED FAILED SKIPPED"): counted as 1 failed\n' "$name:"
    failed=$((failed + 1))
    continue
  fi
  printf '%-16s %s\n' "$name:" "$(line "$p" "$f" "$s")"
  passed=$((passed + 10#$p)) failed=$((failed + 10#$f)) skipped=$((skipped + 10#$s))
done

for layer in "$@"; do
  if [[ ! -f $results/$layer.counts ]] && ! compgen -G "$results/$layer-*.counts" >/dev/null; then
    printf '%-16s no results (build/results/%s.counts missing): counted as 1 failed\n' \
      "$layer:" "$layer"
    failed=$((failed + 1))
  fi
done

line "$passed" "$failed" "$skipped"
((failed == 0))
