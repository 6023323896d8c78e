#!/usr/bin/env bash
# tests/bench/nvim_bench.sh - benchmark figures of the Neovim layer (the Neovim part
# of `make bench`).
#
# On a report of at least BENCH_BYTES bytes (default 32 MiB, ~130k lines): the
# corpus of tests/bench/run.sh (build/bench/corpus.txt, reused when it is there
# and large enough, else generated the same way by tests/bench/gencorpus.c from
# tests/fixtures/*.txt and $SHARED_DIR/corpus/*.txt). With one Neovim ($NVIM,
# default the pinned .deps/bin/nvim-0.12), headless, in one run:
#
#   nvim.open_ratio     time from nvim's start to an attached buffer with its
#                       structure (outline) analyzed (a file the core reads itself,
#                       :help gongwen-load, counts once that read and its checks
#                       against the buffer are over), the marks of the visible rows
#                       computed and the folds computed (none at this size: see
#                       max_foldlines in doc/gongwen.txt), divided by bare
#                       `nvim --clean` opening the same file (--startuptime clock
#                       at "executing command arguments", median of BENCH_OPEN_RUNS
#                       runs of each, interleaved)
#   nvim.key_p50_ms     per-keystroke cost of typing into the middle of the buffer
#   nvim.key_p99_ms     with the plugin attached minus without: one nvim, the buffer
#                       attached and detached in turn for BENCH_KEY_BLOCKS blocks of
#                       BENCH_KEYS one-character inserts, each followed by the
#                       scheduled callbacks and a :redraw; percentiles of all the
#                       attached keys minus those of all the detached ones
#   nvim.ratio_vs_lua_patterns
#                       placeholder highlighting of BENCH_RANGES visible ranges of
#                       50 rows: a Lua-pattern highlighter in the style of
#                       mini.hipatterns (X+, x+, ×+ per line, an extmark per match;
#                       tests/bench/nvim_bench.lua) divided by the plugin's
#   nvim.startup_ms     start-up cost from --startuptime: plugin/gongwen.lua and
#                       ftplugin/gongwen.lua (self and sourced, less the require of
#                       Neovim's own vim.filetype, which Neovim loads anyway when it
#                       opens the first file), median of BENCH_OPEN_RUNS runs
#
# Information lines ("info: ...") come first, then the five key=value lines in that
# order. Nothing is asserted: the figures are for reading; the targets are
# open_ratio <= 1.3, key_p50_ms <= 0.2, key_p99_ms <= 1, startup_ms <= 1.
#
# Environment: NVIM, CC, CFLAGS, SHARED_DIR (default ../shared), BENCH_BYTES,
# BENCH_OPEN_RUNS (5), BENCH_KEYS (200), BENCH_KEY_BLOCKS (10), BENCH_RANGES (200),
# BENCH_HL_RUNS (5).

set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

NVIM=${NVIM:-.deps/bin/nvim-0.12}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
SHARED_DIR=${SHARED_DIR:-../shared}
BENCH_BYTES=${BENCH_BYTES:-33554432}
BENCH_OPEN_RUNS=${BENCH_OPEN_RUNS:-5}
BENCH_KEYS=${BENCH_KEYS:-200}
BENCH_KEY_BLOCKS=${BENCH_KEY_BLOCKS:-10}
BENCH_RANGES=${BENCH_RANGES:-200}
BENCH_HL_RUNS=${BENCH_HL_RUNS:-5}
out=build/bench
mkdir -p "$out"

if ! command -v "$NVIM" >/dev/null 2>&1; then
  echo "nvim_bench: no Neovim at $NVIM (run tests/provision.sh or set NVIM=)" >&2
  exit 1
fi
if [[ ! -f lua/gongwen/core.so ]]; then
  echo "nvim_bench: lua/gongwen/core.so is missing: run make lua first" >&2
  exit 1
fi
echo "info: $("$NVIM" --version | head -n1) ($NVIM)"

# The corpus: reuse the core benchmark's when it is large enough.
corpus=$out/corpus.txt
if [[ ! -f $corpus ]] || (($(stat -c %s "$corpus") < BENCH_BYTES)); then
  # shellcheck disable=SC2086 # CFLAGS is a list of flags
  "$CC" -std=c11 -Wall -Wextra -Werror $CFLAGS -Icore -Itests/bench -o "$out/gencorpus" \
    tests/bench/gencorpus.c core/scan.c core/doc.c core/structure.c core/sm.c core/diag.c core/input.c core/load.c
  shopt -s nullglob
  sources=(tests/fixtures/*.txt "$SHARED_DIR"/corpus/*.txt)
  shopt -u nullglob
  "$out/gencorpus" "$corpus" "$out/corpus.md" "$BENCH_BYTES" "${sources[@]}" | sed 's/^/info: /'
fi
echo "info: report: $corpus, $(wc -l <"$corpus") lines, $(stat -c %s "$corpus") bytes"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/run" && chmod 700 "$tmp/run"
# Private XDG directories: nothing of the user's setup takes part.
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
  XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run
lua_helper="dofile('$root/tests/bench/nvim_bench.lua')"

# nv plugin|bare ARGS...: headless nvim with or without this plugin on 'runtimepath'.
nv() {
  local mode=$1
  shift
  local rtp=()
  if [[ $mode == plugin ]]; then rtp=(--cmd "set rtp^=$root"); fi
  timeout 300 "$NVIM" --clean --headless -n -i NONE "${rtp[@]}" "$@" </dev/null
}

# value KEY FILE: the value of KEY=... in FILE (fails on an error line).
value() {
  if grep -q '^error=' "$2"; then
    echo "nvim_bench: $(sed -n 's/^error=//p' "$2")" >&2
    exit 1
  fi
  sed -n "s/^$1=//p" "$2"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# clock of a --startuptime line matching a fixed string (first column, ms since start)
clock_at() { grep -F "$1" "$2" | tail -n1 | awk '{print $1}'; }

# {{{ open and startup
: >"$tmp/open.plugin" && : >"$tmp/open.bare" && : >"$tmp/startup"
for ((i = 1; i <= BENCH_OPEN_RUNS; i++)); do
  for mode in bare plugin; do
    rm -f "$tmp/st.log"
    nv "$mode" --startuptime "$tmp/st.log" "$corpus" -c "lua $lua_helper.open_done('$tmp/open.out')"
    if [[ $mode == plugin ]]; then
      [[ $(value attached "$tmp/open.out") == true ]] || { echo "nvim_bench: the report was not attached" >&2; exit 1; }
      marks=$(value visible_marks "$tmp/open.out")
    fi
    clock_at 'executing command arguments' "$tmp/st.log" >>"$tmp/open.$mode"
  done
  # start-up: a small report, so that nothing but the plugin's own files count
  rm -f "$tmp/st.log"
  nv plugin --startuptime "$tmp/st.log" tests/lua/data/report.txt -c 'qall!'
  # lines are "clock self+sourced self: what"; a nested line comes before its parent
  awk -v root="$root" '
    /require\(.vim\.filetype.\)$/ { ft_end = $1; ft = $2 }
    index($0, "sourcing " root "/plugin/gongwen.lua") {
      t += $2
      if (ft_end > $1 - $2 && ft_end <= $1) t -= ft # vim.filetype, required inside it
    }
    index($0, "sourcing " root "/ftplugin/gongwen.lua") { t += $2 }
    END { printf "%.3f\n", t }' "$tmp/st.log" >>"$tmp/startup"
done
open_plugin=$(median <"$tmp/open.plugin")
open_bare=$(median <"$tmp/open.bare")
startup=$(median <"$tmp/startup")
echo "info: open: plugin $open_plugin ms, bare $open_bare ms (medians of $BENCH_OPEN_RUNS);" \
  "$marks marks in the first screen"
# }}}

# {{{ keys
nv plugin "$corpus" -c "lua $lua_helper.keys('$tmp/keys', $BENCH_KEYS, $BENCH_KEY_BLOCKS)"
kp_p50=$(value on_p50 "$tmp/keys") kp_p99=$(value on_p99 "$tmp/keys") kp_mean=$(value on_mean "$tmp/keys")
kb_p50=$(value off_p50 "$tmp/keys") kb_p99=$(value off_p99 "$tmp/keys") kb_mean=$(value off_mean "$tmp/keys")
echo "info: keys ($(value on_n "$tmp/keys") and $(value off_n "$tmp/keys")):" \
  "attached p50 $kp_p50 p99 $kp_p99 mean $kp_mean ms; detached p50 $kb_p50 p99 $kb_p99 mean $kb_mean ms"
# }}}

# {{{ placeholder highlighting vs Lua patterns; the structure pass
nv plugin "$corpus" -c "lua $lua_helper.hl('$tmp/hl', $BENCH_RANGES, $BENCH_HL_RUNS)"
ours=$(value ours_ms "$tmp/hl")
theirs=$(value theirs_ms "$tmp/hl")
echo "info: placeholders of $BENCH_RANGES ranges: plugin $ours ms ($(value ours_marks "$tmp/hl") marks)," \
  "Lua patterns $theirs ms ($(value theirs_marks "$tmp/hl") marks)"
nv plugin "$corpus" -c "lua $lua_helper.parts('$tmp/parts')"
p() { value "$1" "$tmp/parts"; }
echo "info: attach $(p attach_ms) ms (through core.load: $(p attach_loads)); core.load of the file" \
  "$(p core_load_ms) ms (one thread: $(p core_load_1_ms) ms), both with the structure pass;" \
  "the way through Lua: nvim_buf_get_lines $(p get_lines_ms), core set_lines $(p core_set_lines_ms)," \
  "core structure pass $(p core_analyze_ms) ms"
echo "info: once per pause in typing: structure pass $(p pause_analyze_ms) ms, its handlers $(p pause_handlers_ms) ms," \
  "diagnostics $(p pause_diagnostics_ms) ms ($(p diagnostics_published) published;" \
  "doc:diagnostics() tables $(p core_diagnostics_tables_ms) ms, doc:outline() tables $(p core_outline_tables_ms) ms)"
# }}}

awk -v op="$open_plugin" -v ob="$open_bare" -v kp50="$kp_p50" -v kb50="$kb_p50" -v kp99="$kp_p99" \
  -v kb99="$kb_p99" -v ours="$ours" -v theirs="$theirs" -v st="$startup" 'BEGIN {
  printf "nvim.open_ratio=%.2f\n", op / ob
  printf "nvim.key_p50_ms=%.3f\n", kp50 - kb50
  printf "nvim.key_p99_ms=%.3f\n", kp99 - kb99
  printf "nvim.ratio_vs_lua_patterns=%.2f\n", theirs / ours
  printf "nvim.startup_ms=%.3f\n", st
}'
