#!/usr/bin/env bash
# tests/bench/run.sh - benchmark figures of the gongwen core (`make bench`).
#
# Builds the core with the benchmark driver into build/bench/, generates a
# corpus of at least BENCH_BYTES bytes (default 32 MiB) of report text by
# repeating and varying tests/fixtures/*.txt and $SHARED_DIR/corpus/*.txt
# (build/bench/corpus.txt, and build/bench/corpus.md with the structure as
# Markdown headings), then measures on that same text:
#   core.mb_per_s         set_text + analyze + reading outline/diagnostics, best of BENCH_RUNS
#   core.ratio_vs_scan    ... divided by a 256-entry byte-table scan of the same buffer
#   core.ratio_vs_luajit  ... divided by a per-line Lua-pattern pass in LuaJIT (tests/bench/baseline.lua)
#   core.peak_rss_mb      peak RSS of the process holding the text and the analyzed document (MiB)
#   core.edit_ms          one-line gw_doc_replace in the middle + gw_doc_analyze, median of BENCH_EDITS
# Information lines come first; the five key=value lines above are printed last,
# in that order. Nothing is asserted: the figures are for reading.
#
# Environment: CC, CFLAGS (as the Makefile's), LUAJIT (interpreter; default the
# pinned .deps/bin/luajit, else luajit on PATH), SHARED_DIR (default ../shared),
# BENCH_BYTES, BENCH_RUNS (5), BENCH_EDITS (31), BENCH_LUA_RUNS (3).

set -euo pipefail
cd "$(dirname "$0")/../.."

CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
WARN=(-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter)
SHARED_DIR=${SHARED_DIR:-../shared}
BENCH_BYTES=${BENCH_BYTES:-33554432}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_EDITS=${BENCH_EDITS:-31}
BENCH_LUA_RUNS=${BENCH_LUA_RUNS:-3}
CORE_SRC=(core/scan.c core/doc.c core/structure.c core/sm.c core/diag.c core/input.c core/load.c)
out=build/bench
mkdir -p "$out"

# shellcheck disable=SC2086 # CFLAGS is a list of flags
build() { # OUTPUT SOURCE...
  local dst=$1
  shift
  "$CC" "${WARN[@]}" $CFLAGS -Icore -Itests/bench -o "$dst" "$@"
}
echo "info: building with $CC $CFLAGS"
build "$out/gencorpus" tests/bench/gencorpus.c "${CORE_SRC[@]}"
build "$out/bench" tests/bench/bench.c "${CORE_SRC[@]}"

# Source reports: ours, then the shared labeled corpus when it is there.
shopt -s nullglob
sources=(tests/fixtures/*.txt)
shared=("$SHARED_DIR"/corpus/*.txt)
if ((${#shared[@]} == 0)); then
  echo "info: no $SHARED_DIR/corpus/*.txt: the corpus repeats tests/fixtures only"
fi
sources+=("${shared[@]}")
if ((${#sources[@]} == 0)); then
  echo "bench: no source reports found" >&2
  exit 1
fi
"$out/gencorpus" "$out/corpus.txt" "$out/corpus.md" "$BENCH_BYTES" "${sources[@]}" | sed 's/^/info: /'

# (c) the LuaJIT baseline, timed inside luajit
luajit=${LUAJIT:-}
if [[ -z $luajit ]]; then
  if [[ -x .deps/bin/luajit ]]; then luajit=.deps/bin/luajit
  else luajit=$(command -v luajit || true); fi
fi
lua_mbps=
if [[ -n $luajit ]] && command -v "$luajit" >/dev/null 2>&1; then
  lua_out=$("$luajit" tests/bench/baseline.lua "$out/corpus.txt" "$BENCH_LUA_RUNS")
  printf '%s\n' "$lua_out" | grep -v '^luajit\.mb_per_s=' || true
  lua_mbps=$(printf '%s\n' "$lua_out" | sed -n 's/^luajit\.mb_per_s=//p')
else
  echo "info: no luajit found (set LUAJIT=...): no LuaJIT baseline"
fi

# (a), (b), (d) and the edit figure; its last five lines are the key=value figures.
args=("$out/corpus.txt" --md "$out/corpus.md" --runs "$BENCH_RUNS" --edits "$BENCH_EDITS")
if [[ -n $lua_mbps ]]; then args+=(--luajit-mbps "$lua_mbps"); fi
"$out/bench" "${args[@]}"
