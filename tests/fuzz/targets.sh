# shellcheck shell=bash
# tests/fuzz/targets.sh - the fuzz targets and how to build them; sourced by
# run.sh (make fuzz, make fuzz-ci), regress.sh (make fuzz-regress) and long.sh.
#
# Adding a target is one line in FUZZ_TARGETS: its name (tests/fuzz/<name>.c
# defines LLVMFuzzerTestOneInput), libFuzzer's -max_len for it, then what it is
# linked from besides tests/fuzz/<name>.c: "@core" stands for the core's sources
# (CORE_SRC of the Makefile) and tests/fuzz/check.c; anything else is passed to
# the compiler as is (more sources, -I dirs, flags such as -w for generated code).
# Seeds: tests/fixtures/*.txt and $SHARED_DIR/corpus/*.txt as plain text, unless
# run.sh knows a format of the target's own (fuzz_incremental, fuzz_input).

# The pinned tree-sitter library (tests/provision.sh), for a target that links it:
# make passes TS_LIB and TS_LIB_CFLAGS; otherwise they are read from .deps/env.mk.
for v in TS_LIB TS_LIB_CFLAGS; do
  if [[ -z ${!v:-} && -f .deps/env.mk ]]; then
    printf -v "$v" '%s' "$(sed -n "s/^$v *?*= *//p" .deps/env.mk | tail -1)"
  fi
done

# fuzz_scanner links the grammar (its scanner compiles the core in) and the
# tree-sitter library instead of the core; parser.c is generated code.
FUZZ_TARGETS=(
  "fuzz_analyze      65536  @core"
  "fuzz_incremental  16384  @core"
  "fuzz_input        65536  @core"
  "fuzz_scanner       8192  grammar/src/parser.c grammar/src/scanner.c -Igrammar/src -Wno-unused-but-set-variable ${TS_LIB_CFLAGS:-} ${TS_LIB:-}"
)

# The core's sources: $CORE_SRC (make passes it), else the Makefile's list.
if [[ -z ${CORE_SRC:-} ]]; then
  CORE_SRC=$(awk '/^CORE_SRC *:?=/ { on = 1; sub(/^CORE_SRC *:?= */, "") }
    on { c = sub(/\\$/, ""); printf "%s ", $0; if (!c) exit }' Makefile)
fi
read -r -a FUZZ_CORE_SRC <<<"$CORE_SRC"

# Warnings as the core is built with; sanitizers are added by each script.
# shellcheck disable=SC2034 # used by the scripts that source this file
FUZZ_WARN=(-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
  -g -fno-omit-frame-pointer -Icore -Itests/fuzz)

# fuzz_names: the target names, one per line.
fuzz_names() {
  local line
  for line in "${FUZZ_TARGETS[@]}"; do
    read -r -a f <<<"$line"
    echo "${f[0]}"
  done
}

# fuzz_max_len NAME: the target's -max_len.
fuzz_max_len() {
  local line
  for line in "${FUZZ_TARGETS[@]}"; do
    read -r -a f <<<"$line"
    if [[ ${f[0]} == "$1" ]]; then echo "${f[1]}"; return; fi
  done
}

# fuzz_inputs NAME: what the target is linked from and compiled with (one word a line).
fuzz_inputs() {
  local line w
  for line in "${FUZZ_TARGETS[@]}"; do
    read -r -a f <<<"$line"
    [[ ${f[0]} == "$1" ]] || continue
    echo "tests/fuzz/$1.c"
    for w in "${f[@]:2}"; do
      if [[ $w == @core ]]; then
        printf '%s\n' "${FUZZ_CORE_SRC[@]}" tests/fuzz/check.c
      else
        echo "$w"
      fi
    done
  done
}

# fuzz_seeds DIR: seed corpora DIR/<target>/ (emptied first) from tests/fixtures/*.txt
# and $SHARED_DIR/corpus/*.txt, in each target's input format.
fuzz_seeds() {
  local dir=$1 src i=0 name other t
  local -a sources targets
  mapfile -t targets < <(fuzz_names)
  shopt -s nullglob
  sources=(tests/fixtures/*.txt "${SHARED_DIR:-../shared}"/corpus/*.txt)
  shopt -u nullglob
  for t in "${targets[@]}"; do
    rm -rf "${dir:?}/$t"
    mkdir -p "$dir/$t"
  done
  for src in "${sources[@]}"; do
    i=$((i + 1))
    name=$(printf 's%02d' "$i")
    other=${sources[$((i % ${#sources[@]}))]}
    for t in "${targets[@]}"; do
      case $t in
        fuzz_incremental)
          # options byte, 40 lines, then edits "NUL A B C text" (see fuzz_incremental.c)
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
          } >"$dir/script.tmp"
          head -c "$(fuzz_max_len "$t")" "$dir/script.tmp" >"$dir/$t/$name"
          rm -f "$dir/script.tmp"
          ;;
        fuzz_input)
          # as is, with a UTF-8 BOM, as UTF-16 with BOMs, as GB18030
          head -c "$(fuzz_max_len "$t")" "$src" >"$dir/$t/$name"
          { printf '\xEF\xBB\xBF'; head -n 60 "$src"; } >"$dir/$t/$name-bom"
          if command -v iconv >/dev/null 2>&1; then
            { printf '\xFF\xFE'; head -n 60 "$src" | iconv -f UTF-8 -t UTF-16LE; } >"$dir/$t/$name-u16le" 2>/dev/null || true
            { printf '\xFE\xFF'; head -n 60 "$src" | iconv -f UTF-8 -t UTF-16BE; } >"$dir/$t/$name-u16be" 2>/dev/null || true
            head -n 60 "$src" | iconv -f UTF-8 -t GB18030 >"$dir/$t/$name-gb" 2>/dev/null || true
          fi
          ;;
        *)
          # plain report text: the report, and its first 40 lines
          head -c "$(fuzz_max_len "$t")" "$src" >"$dir/$t/$name"
          head -n 40 "$src" >"$dir/$t/$name-head"
          ;;
      esac
    done
  done
  # binary-looking bytes, a lone marker
  if [[ -d $dir/fuzz_input ]]; then
    printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00' >"$dir/fuzz_input/binary"
  fi
  if [[ -d $dir/fuzz_analyze ]]; then
    printf '%s\n' "一、" >"$dir/fuzz_analyze/tiny"
  fi
}
