#!/usr/bin/env bash
# tests/bench/ts_bench.sh - the tree-sitter part of `make bench`.
#
# Parses the benchmark report (build/bench/corpus.txt, >= 30 MiB, made by
# tests/bench/run.sh's generator) with parser/gongwen.so, and the same text
# written as Markdown (build/bench/corpus.md: headings as #, ##, …) with
# tree-sitter-markdown, both inside one headless Neovim (its tree-sitter
# runtime, the one users run), best of BENCH_TS_RUNS each:
#   ts.parse_ms            our parse
#   ts.mb_per_s            our throughput
#   ts.ratio_vs_markdown   markdown parse time / ours (target >= 1)
# tree-sitter-markdown comes from its npm package (which ships src/parser.c and
# src/scanner.c) and is built here, for the benchmark only, into build/bench/.
# Information lines first, key=value lines last.
#
# Environment: NVIM (default the pinned .deps/bin/nvim-0.12), CC, CFLAGS,
# BENCH_TS_RUNS (5), MARKDOWN_NPM (package@version).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=build/bench
NVIM=${NVIM:-$root/.deps/bin/nvim-0.12}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
RUNS=${BENCH_TS_RUNS:-5}
PKG=${MARKDOWN_NPM:-@tree-sitter-grammars/tree-sitter-markdown@0.3.2}
mkdir -p "$out"

if [ ! -f parser/gongwen.so ]; then
  echo "ts_bench: parser/gongwen.so missing (make parser)" >&2
  exit 1
fi
if [ ! -s "$out/corpus.txt" ] || [ ! -s "$out/corpus.md" ]; then
  echo "ts_bench: $out/corpus.txt/.md missing (tests/bench/run.sh generates them)" >&2
  exit 1
fi

md_so=$out/markdown.so
if [ ! -f "$md_so" ]; then
  rm -rf "$out/npm" && mkdir -p "$out/npm"
  echo "info: fetching $PKG with npm (for the benchmark only)"
  if ! (cd "$out/npm" && npm pack --silent "$PKG" >pack.log 2>&1); then
    echo "info: npm pack failed; no markdown comparison"
    sed 's/^/info:   /' "$out/npm/pack.log" | head -5
    echo "ts.ratio_vs_markdown=NA"
    exit 0
  fi
  tar -xzf "$out"/npm/*.tgz -C "$out/npm"
  src=$(dirname "$(find "$out/npm/package" -path '*tree-sitter-markdown/src/parser.c' | head -1)")
  if [ -z "$src" ] || [ ! -f "$src/parser.c" ]; then
    echo "info: no tree-sitter-markdown/src/parser.c in the npm package"
    echo "ts.ratio_vs_markdown=NA"
    exit 0
  fi
  # shellcheck disable=SC2086 # CFLAGS is a list of flags
  "$CC" $CFLAGS -w -fPIC -shared -I"$src" -o "$md_so" "$src/parser.c" "$src/scanner.c"
fi
echo "info: parsing with $("$NVIM" --version | head -1)"
"$NVIM" --clean --headless -l tests/bench/ts_bench.lua \
  "$root/parser/gongwen.so" "$root/$md_so" "$root/$out/corpus.txt" "$root/$out/corpus.md" "$RUNS"
