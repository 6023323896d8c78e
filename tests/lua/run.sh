#!/usr/bin/env bash
# tests/lua/run.sh - the Lua tests inside each pinned Neovim, headless.
#
# Runs tests/lua/test_*.lua in every Neovim of $NVIMS (default: the pinned 0.10
# and 0.12 from tests/provision.sh) or in $NVIM alone, with only this plugin on
# the runtimepath and private XDG directories. Writes
# build/results/lua-<major.minor>.counts ("PASSED FAILED SKIPPED") per Neovim.
# GONGWEN_TESTS="tests/lua/test_nav.lua ..." runs only those files.
# Exit status: non-zero when a test failed or a Neovim could not run.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

# $NVIM names a Neovim to use; inside a Neovim :terminal it is the parent's
# server socket instead, which is ignored.
if [[ -n "${NVIM:-}" && ! -S "$NVIM" ]]; then
  nvims=("$NVIM")
else
  read -r -a nvims <<<"${NVIMS:-.deps/bin/nvim-0.10 .deps/bin/nvim-0.12}"
fi

if [[ ! -f lua/gongwen/core.so ]]; then
  echo "lua/gongwen/core.so is missing: run make lua first" >&2
  exit 1
fi

status=0
mkdir -p build/results
for nvim in "${nvims[@]}"; do
  if ! command -v "$nvim" >/dev/null 2>&1; then
    echo "not ok - $nvim not found (run tests/provision.sh or set NVIM=)" >&2
    status=1
    continue
  fi
  version=$("$nvim" --version | head -n1 | sed -E 's/^NVIM v([0-9]+\.[0-9]+).*/\1/')
  echo "== Lua tests in $("$nvim" --version | head -n1) ($nvim)"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/run" && chmod 700 "$tmp/run"
  results="$root/build/results/lua-$version.counts"
  rm -f "$results"
  XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
    XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run" NVIM_APPNAME=gongwen-test \
    GONGWEN_RESULTS="$results" GONGWEN_TMP="$tmp" \
    timeout 300 "$nvim" --headless -i NONE -n -u "$here/minimal_init.lua" \
    -c "lua require('runner').main()" </dev/null
  rc=$?
  rm -rf "$tmp"
  if [[ $rc -ne 0 ]]; then
    status=1
    if [[ ! -s "$results" ]]; then
      echo "not ok - Neovim $version exited with status $rc before writing its counts" >&2
      echo "0 1 0" >"$results"
    fi
  fi
done
exit $status
