#!/usr/bin/env bash
# CLI tests: exit statuses, messages, formats and bad input of build/gongwen.
# Writes build/results/cli.counts ("PASSED FAILED SKIPPED").
set -uo pipefail
cd "$(dirname "$0")/../.."
CLI=${CLI:-build/gongwen}
tmp=$(mktemp -d)
trap 'chmod -R u+rw "$tmp"; rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }

# expect NAME STATUS PATTERN -- ARGS...: exit status and a pattern in stdout+stderr
expect() {
  local name=$1 want=$2 pat=$3
  shift 4
  local out st
  out=$("$CLI" "$@" 2>&1)
  st=$?
  if [[ $st -eq $want ]] && grep -qE -- "$pat" <<<"$out"; then ok "$name"
  else fail "$name" "exit $st (want $want), output:" "$(head -c 600 <<<"$out")"; fi
}

fx=tests/fixtures
printf '一、做法\n正文。\n' >"$tmp/clean.txt"
: >"$tmp/empty.txt"
printf '\xd2\xbb\xa1\xa2\xd7\xf6\xb7\xa8\n\xd5\xfd\xce\xc4X\xb4\xce\xa1\xa3\n' >"$tmp/gb.txt"     # 一、做法 / 正文X次。 in GB18030
head -c 4096 /dev/urandom >"$tmp/binary.bin"
printf '\xef\xbb\xbf一、做法\r\n正文X次。\r\n' >"$tmp/bom-crlf.txt"
printf '一、做法\x00正文X次\n' >"$tmp/nul.txt"
mkdir "$tmp/dir"
printf '一、做法\n' >"$tmp/unreadable.txt"; chmod 000 "$tmp/unreadable.txt"

expect "usage without arguments"           2 "usage:"                     -- 
expect "unknown command"                   2 "unknown command"            -- frobnicate x
expect "unknown option"                    2 "unknown option"             -- outline --bogus "$tmp/clean.txt"
expect "unknown format"                    2 "does not know --format"     -- outline --format=xml "$tmp/clean.txt"
expect "version"                           0 "^gongwen [0-9]+\.[0-9]+"    -- --version
expect "missing file"                      2 "No such file"               -- check "$tmp/nope.txt"
expect "a directory"                       2 "is a directory"             -- outline "$tmp/dir"
if [[ $EUID -ne 0 ]]; then
  expect "an unreadable file"              2 "Permission denied"          -- outline "$tmp/unreadable.txt"
else
  skip "an unreadable file" "running as root, permissions do not apply"
fi
expect "binary data is refused"            2 "refused: binary"            -- check "$tmp/binary.bin"
expect "GB18030 is converted"              0 "1	heading	1	一、	做法"       -- outline --format=tsv "$tmp/gb.txt"
expect "GB18030 is named on stderr"        0 "read as GB18030"            -- placeholders "$tmp/gb.txt"
expect "GB18030 placeholder column"        0 "^2	3	X$"                   -- placeholders "$tmp/gb.txt"
expect "BOM and CRLF"                      0 "^2	3	X$"                   -- placeholders "$tmp/bom-crlf.txt"
expect "NUL byte inside a line"            0 "	X$"                       -- placeholders "$tmp/nul.txt"
expect "empty file: header only"           0 "^line	kind	rank	marker	text	roles$" -- outline --format=tsv "$tmp/empty.txt"
expect "clean report exits 0"              0 ""                           -- check "$tmp/clean.txt"
expect "findings exit 1"                   1 "\[GW101\]"                  -- check "$fx/numbering.txt"
expect "stdin"                             1 "<stdin>:6:1: warning: .*\[GW101\]" -- check - <"$fx/numbering.txt"
expect "English messages"                  1 "numbering gap"              -- check --lang=en "$fx/numbering.txt"
expect "several files, one status"         2 "No such file"               -- check "$fx/numbering.txt" "$tmp/nope.txt"
expect "outline text tree"                 0 "一、履行职责情况"              -- outline "$fx/numbering.txt"
expect "placeholders json"                 0 '"text":"X"'                 -- placeholders --format=json "$fx/numbering.txt"

# the JSON and SARIF documents parse (node is on every machine this runs on)
if command -v node >/dev/null; then
  for f in json sarif; do
    if "$CLI" check --format=$f "$fx/numbering.txt" >"$tmp/out.$f"; [[ $? -le 1 ]] &&
       node -e '
         const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
         if (process.argv[2] === "sarif") {
           if (d.version !== "2.1.0" || !d.runs[0].results.length) throw new Error("empty SARIF");
           const r = d.runs[0].results[0];
           if (!r.ruleId || !r.locations[0].physicalLocation.region.startLine) throw new Error("bad result");
         } else if (!d.length || !d[0].code) throw new Error("empty JSON");' "$tmp/out.$f" $f 2>"$tmp/err"; then
      ok "check --format=$f is valid"
    else fail "check --format=$f is valid" "$(cat "$tmp/err")"; fi
  done
  if "$CLI" outline --format=json "$fx/multi.txt" >"$tmp/o.json" &&
     node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if (d.subdocs.length<3||!d.entries.length) throw 1' "$tmp/o.json"; then
    ok "outline --format=json is valid"
  else fail "outline --format=json is valid"; fi
else
  skip "JSON and SARIF validity" "node is not installed"
fi

# a 10 MB line and a million short lines: bounded time (no timing asserted) and a clear result
{ head -c 10000000 /dev/zero | tr '\0' 'a'; printf '\nX次\n'; } >"$tmp/long.txt"
expect "a 10 MB line"                      0 "^2	1	X$"                   -- placeholders "$tmp/long.txt"
yes '一是加强学习，召开会议X次。' | head -n 1000000 >"$tmp/many.txt"
if out=$("$CLI" placeholders "$tmp/many.txt" | tail -n 1) && [[ $out == "1000000	12	X" ]]; then ok "a million lines"
else fail "a million lines" "last row: $out"; fi

# more encodings and line endings (issue 7)
printf '一、做法\r正文X次。\r二、问题\r' >"$tmp/cr.txt"
expect "lone CR line endings"              0 "^2	3	X$"                   -- placeholders "$tmp/cr.txt"
expect "lone CR: the headings"             0 "3	heading	1	二、	问题"       -- outline --format=tsv "$tmp/cr.txt"
if command -v iconv >/dev/null 2>&1; then
  { printf '\xff\xfe'; printf '一、做法\n正文X次。\n' | iconv -f UTF-8 -t UTF-16LE; } >"$tmp/u16le.txt"
  { printf '\xfe\xff'; printf '一、做法\n正文X次。\n' | iconv -f UTF-8 -t UTF-16BE; } >"$tmp/u16be.txt"
  printf '一、做法\n正文X次。\n' | iconv -f UTF-8 -t GBK >"$tmp/gbk.txt"
  expect "UTF-16LE with a BOM"             0 "^2	3	X$"                   -- placeholders "$tmp/u16le.txt"
  expect "UTF-16LE is named on stderr"     0 "read as UTF-16LE"           -- placeholders "$tmp/u16le.txt"
  expect "UTF-16BE with a BOM"             0 "^2	3	X$"                   -- placeholders "$tmp/u16be.txt"
  expect "GBK (read as GB18030)"           0 "^2	3	X$"                   -- placeholders "$tmp/gbk.txt"
else
  skip "UTF-16 and GBK files" "iconv is not installed"
fi
printf '一、做法\n\xff\xfe\x80正文X次。\n' >"$tmp/badbytes.txt"
expect "neither UTF-8 nor GB18030: refused" 2 "not valid UTF-8 .*convert it with iconv" -- placeholders "$tmp/badbytes.txt"

# bounded memory: the peak resident size stays within 20 times the input (+64 MB)
# for the 10 MB line and the million lines (ASan included)
if [[ -x /usr/bin/time ]]; then
  for f in long many; do
    size=$(wc -c <"$tmp/$f.txt")
    if /usr/bin/time -f '%M' -o "$tmp/rss" "$CLI" placeholders "$tmp/$f.txt" >/dev/null 2>&1 &&
       kb=$(tail -n 1 "$tmp/rss") && ((kb * 1024 <= 20 * size + 64 * 1024 * 1024)); then
      ok "memory for $f.txt ($((size / 1048576)) MB): $((kb / 1024)) MB"
    else
      fail "memory for $f.txt" "peak $(tail -n 1 "$tmp/rss" 2>/dev/null) KB for $size bytes"
    fi
  done
else
  skip "bounded memory" "/usr/bin/time is not installed"
fi

mkdir -p build/results
echo "$passed $failed $skipped" >build/results/cli.counts
echo "$passed passed, $failed failed$([[ $skipped -gt 0 ]] && echo ", $skipped skipped")"
[[ $failed -eq 0 ]]
