#!/usr/bin/env bash
# make demo: opens examples/sample-report.txt in Neovim with only this plugin.
# Neovim: $NVIM if set, else an nvim >= 0.10 on PATH, else the pinned 0.12
# unpacked by tests/provision.sh. Without a terminal it prints what the plugin
# sees (outline and findings) instead of opening the editor.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

nvim_ok() { # prints the version when $1 is Neovim >= 0.10
  local v
  v=$("$1" --version 2>/dev/null | head -n 1) || return 1
  [[ $v =~ NVIM\ v0\.([0-9]+) ]] && (( BASH_REMATCH[1] >= 10 )) && echo "$v"
}

nvim=${NVIM:-}
if [[ -z $nvim ]] && command -v nvim >/dev/null && nvim_ok nvim >/dev/null; then nvim=$(command -v nvim); fi
if [[ -z $nvim ]]; then
  tests/provision.sh nvim >&2
  nvim=.deps/bin/nvim-0.12
fi
nvim_ok "$nvim" >/dev/null || { echo "demo: $nvim is not Neovim >= 0.10; set NVIM=/path/to/nvim" >&2; exit 1; }

state=$root/build/demo
mkdir -p "$state"
export XDG_CONFIG_HOME=$state/config XDG_DATA_HOME=$state/data XDG_STATE_HOME=$state/state XDG_CACHE_HOME=$state/cache
export GONGWEN_ROOT=$root
report=examples/sample-report.txt

if [[ -t 0 && -t 1 ]]; then
  exec "$nvim" --clean -u tests/demo/init.lua "$report"
fi

echo "demo: no terminal; what $(nvim_ok "$nvim") with gongwen.nvim sees in $report:"
"$nvim" --clean --headless -u tests/demo/init.lua "$report" \
  -c 'lua local g = require("gongwen"); for _, e in ipairs(g.get_outline(0) or {}) do print(("%5d %s%s%s"):format(e.line + 1, ("  "):rep(e.depth), e.marker, e.text)) end' \
  -c 'lua vim.wait(3000, function() return #vim.diagnostic.get(0) > 0 end); for _, d in ipairs(vim.diagnostic.get(0)) do print(("%5d:%d %s"):format(d.lnum + 1, d.col + 1, d.message)) end' \
  -c 'qa!' 2>&1
