#!/usr/bin/env bash
# tests/grammar/run.sh - the tree-sitter grammar's tests (`make test-grammar`).
#
#   1. generated files are current: grammar/grammar.js regenerated with the pinned
#      CLI (`tree-sitter generate --abi 14`, needs Node.js) into build/ must equal
#      the committed grammar/src files byte for byte;
#   2. `tree-sitter test` on grammar/test/corpus (one case per construct the core
#      knows), with the parser rebuilt from the current sources;
#   3. `tree-sitter fuzz`: random edits of the corpus cases, incremental
#      re-parses compared with parses from scratch (the scanner's state);
#   4. every report of $SHARED_DIR/corpus and tests/fixtures, and inputs the core
#      must survive (CRLF, lone CR, invalid UTF-8, NUL bytes, an empty file, a
#      long line), parse with parser/gongwen.so without an ERROR or MISSING node;
#   5. the scanner's serialized state round-trips (tests/grammar/state_test.c).
#
# Results go to build/results/grammar.counts ("passed failed skipped").
# Environment: TREE_SITTER (the pinned CLI; default .deps/bin/tree-sitter),
# SHARED_DIR (default ../shared).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
mkdir -p build/results
TS=${TREE_SITTER:-$root/.deps/bin/tree-sitter}
SHARED_DIR=${SHARED_DIR:-../shared}
PARSER=$root/parser/gongwen.so
export XDG_CACHE_HOME=$root/build/ts-cache # the CLI compiles grammars there
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
sk() { skip=$((skip + 1)); echo "SKIP $*"; }
finish() {
  echo "$pass $fail $skip" >build/results/grammar.counts
  echo "grammar: $pass passed, $fail failed, $skip skipped"
  [ "$fail" -eq 0 ]
  exit
}

if [ ! -x "$TS" ]; then
  sk "tree-sitter CLI not found ($TS): run tests/provision.sh"
  finish
fi
if [ ! -f "$PARSER" ]; then
  ko "parser/gongwen.so not built (make parser)"
  finish
fi

# ---- 1. generated files are current
regen=build/grammar-regen
if command -v node >/dev/null 2>&1; then
  rm -rf "$regen" && mkdir -p "$regen"
  cp grammar/grammar.js grammar/tree-sitter.json "$regen"/
  if (cd "$regen" && "$TS" generate --abi 14 >generate.log 2>&1); then
    for f in parser.c grammar.json node-types.json tree_sitter/parser.h tree_sitter/alloc.h tree_sitter/array.h; do
      if cmp -s "$regen/src/$f" "grammar/src/$f"; then
        ok "generated grammar/src/$f is current"
      else
        ko "grammar/src/$f differs from what grammar.js generates: run make generate and commit"
      fi
    done
  else
    ko "tree-sitter generate failed:"
    sed 's/^/    /' "$regen/generate.log"
  fi
else
  sk "regeneration check: no node (Node.js runs grammar.js)"
fi

# ---- 2. tree-sitter test on the corpus cases
log=build/grammar-test.log
(cd grammar && "$TS" test --rebuild) >"$log" 2>&1
status=$?
# one line per case: "  N. ✓ name" or "  N. ✗ name"
n_ok=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -cE '^ +[0-9]+\. +✓')
n_ko=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -cE '^ +[0-9]+\. +✗')
if [ "$n_ok" -eq 0 ] && [ "$n_ko" -eq 0 ]; then
  ko "tree-sitter test ran no case (status $status):"
  sed 's/^/    /' "$log" | tail -20
else
  pass=$((pass + n_ok))
  fail=$((fail + n_ko))
  echo "ok   tree-sitter test: $n_ok corpus cases passed, $n_ko failed"
  if [ "$n_ko" -gt 0 ] || [ "$status" -ne 0 ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" | sed 's/^/    /' | tail -60
    [ "$n_ko" -gt 0 ] || ko "tree-sitter test exited with $status"
  fi
fi

# ---- 3. incremental re-parses: `tree-sitter fuzz` edits the corpus cases at
# random, re-parses incrementally (the scanner's state serialized and restored at
# every token) and checks the trees against parses from scratch
log=build/grammar-fuzz.log
(cd grammar && "$TS" fuzz --edits "${GRAMMAR_FUZZ_EDITS:-5}" --iterations "${GRAMMAR_FUZZ_ITERATIONS:-30}") >"$log" 2>&1
status=$?
seed=$(sed -n 's/^Seed: //p' "$log" | head -1)
if [ $status -eq 0 ] && ! grep -vE '^ *[0-9]+\. gongwen' "$log" | grep -qiE 'incorrect|mismatch|panicked|failed'; then
  ok "tree-sitter fuzz: incremental re-parses after random edits (seed $seed)"
else
  ko "tree-sitter fuzz (seed $seed, status $status):"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^ *[0-9]*\. gongwen' | sed 's/^/    /' | head -40
fi

# ---- 4. real reports and hostile inputs parse cleanly
parse_clean() { # FILE LABEL
  local out
  out=$("$TS" parse --lib-path "$PARSER" --lang-name gongwen "$1" 2>&1)
  local st=$?
  if [ $st -ne 0 ] || grep -qE '\((ERROR|MISSING)' <<<"$out"; then
    ko "$2: ERROR/MISSING node or failure (status $st)"
    grep -nE 'ERROR|MISSING' <<<"$out" | head -5 | sed 's/^/    /'
  elif ! grep -q '(document' <<<"$out"; then
    ko "$2: no tree printed"
  else
    ok "$2"
  fi
}
shopt -s nullglob
reports=("$SHARED_DIR"/corpus/*.txt)
if [ ${#reports[@]} -eq 0 ]; then
  sk "no $SHARED_DIR/corpus/*.txt: shared corpus not parsed"
fi
for f in "${reports[@]}" tests/fixtures/*.txt; do
  parse_clean "$f" "parses ${f#"$SHARED_DIR"/}"
done
hostile=build/grammar-hostile
rm -rf "$hostile" && mkdir -p "$hostile"
printf '工作总结\r\n\r\n一、主要工作\r\n全年完成XX项任务。\r\n' >"$hostile/crlf.txt"
printf '工作总结\r一、主要工作\r全年完成XX项任务。\r' >"$hostile/lone-cr.txt"
printf '工作总结\n一、主要\xff\xfe工作\n全年\xe4\xb8完成XX项\x80任务。\n' >"$hostile/invalid-utf8.txt"
printf '工作总结\n一、主要\000工作\n\000\000\n全年完成XX项任务。\n' >"$hostile/nul.txt"
: >"$hostile/empty.txt"
printf '\n\n\n' >"$hostile/blank.txt"
{
  printf '一、主要工作\n'
  for _ in $(seq 1 20000); do printf '全年完成XX项任务，'; done
  printf '\n二、存在问题\n'
} >"$hostile/long-line.txt"
for f in "$hostile"/*.txt; do
  parse_clean "$f" "survives $(basename "$f" .txt)"
done

# ---- 5. the scanner's serialized state (tests/grammar/state_test.c), under
# ASan and UBSan where the compiler has them
CC=${CC:-cc}
state_flags=(-std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-unused-function -g -O1 -Igrammar/src)
if echo 'int main(void){return 0;}' | "$CC" -x c -fsanitize=address,undefined -o build/state_probe - >/dev/null 2>&1; then
  state_flags+=(-fsanitize=address,undefined -fno-sanitize-recover=all)
fi
rm -f build/state_probe
if "$CC" "${state_flags[@]}" -o build/state_test tests/grammar/state_test.c >build/state_test.log 2>&1; then
  if out=$(./build/state_test 2>&1); then
    ok "scanner state: $(tail -1 <<<"$out")"
  else
    ko "scanner state:"
    sed 's/^/    /' <<<"$out" | tail -20
  fi
else
  ko "scanner state test does not build:"
  sed 's/^/    /' build/state_test.log | head -20
fi

finish
