#!/usr/bin/env bash
# tests/install/run.sh - the install paths of the README, each in a fresh config.
#
# A new user installs gongwen.nvim with a plugin manager or as a native package,
# runs `make` (or lets the manager run it), and sees the plugin work. Each path
# here starts a pinned Neovim with a HOME and XDG directories of its own and a
# config doing what the manager does, then runs tests/install/check.lua in it:
# :Gongwen exists, :help gongwen resolves, examples/sample-report.txt gets the
# filetype gongwen and an outline, ]] moves, :checkhealth gongwen has no ERROR.
#
#   native     git clone into ~/.local/share/nvim/site/pack/plugins/start, make,
#              :helptags ALL                                (README "Native packages")
#   lazy.nvim  ~/.local/share/nvim/lazy/gongwen.nvim, `build = "make"`; its loader
#              reproduced (rtp reset, plugin/ files sourced by hand), helptags;
#              and no root rockspec that would make lazy.nvim run luarocks
#   vim-plug   ~/.local/share/nvim/plugged/gongwen.nvim, `do: 'make'`; rtp^= / rtp+=after
#   packer     ~/.local/share/nvim/site/pack/packer/start/gongwen.nvim, `run = 'make'`
#   vim.pack   (Neovim >= 0.12) the real vim.pack.add() from a local bare git repo,
#              a PackChanged autocommand running make; first start and restart
#   unbuilt    a native clone without make: one message saying to run make,
#              :checkhealth explains, other files unaffected
#   luarocks   rockspec/gongwen.nvim-scm-1.rockspec built by `luarocks make` into a
#              tree laid out like rocks.nvim's (SKIP when luarocks is not installed)
# lazy.nvim, vim-plug, packer and rocks.nvim cannot be downloaded here, so their
# steps are reproduced (see tests/install/init/); vim.pack is the real one.
# Also: make's messages for a missing compiler or missing Lua headers, the
# rockspec, the snippet JSON, the docs and versions (static.lua), and the
# nvim-lint, lualine and breadcrumb recipes (integrations.lua).
#
# The source is a bare git repository made from this checkout's files (tracked and
# untracked, not ignored: what `git add -A` would commit), so nothing is fetched.
# GONGWEN_INSTALL_SOURCE=HEAD uses the last commit plus untracked files instead.
# NVIMS="nvim-a nvim-b" (default: the pinned 0.10 and 0.12) chooses the Neovims.
# KEEP=1 keeps the scratch directory (its path is printed).
#
# Prints `ok - NAME` / `not ok - NAME` (details on `#` lines) / `SKIP NAME: why`,
# writes build/results/install.counts ("PASSED FAILED SKIPPED") and exits non-zero
# when a test failed. Needs git, make, a C compiler and the Lua 5.1/LuaJIT headers
# (pkg-config, or LUA_CFLAGS; the pinned ones of tests/provision.sh are used when
# the system has none). No network.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

results_dir=$root/build/results
mkdir -p "$results_dir"
counts=$results_dir/install.counts
rm -f "$counts"

passed=0 failed=0 skipped=0
ok() { printf 'ok - %s\n' "$1"; passed=$((passed + 1)); }
notok() {
  printf 'not ok - %s\n' "$1"
  if [[ -n ${2:-} ]]; then printf '%s\n' "$2" | head -n 40 | sed 's/^/#   /'; fi
  failed=$((failed + 1))
}
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; skipped=$((skipped + 1)); }
finish() {
  echo "$passed $failed $skipped" >"$counts"
  echo "install: $passed passed, $failed failed, $skipped skipped"
  ((failed == 0))
  exit
}

started=$SECONDS

# ------------------------------------------------------------------ Neovims

read -r -a nvim_list <<<"${NVIMS:-.deps/bin/nvim-0.10 .deps/bin/nvim-0.12}"
nvims=() versions=()
for n in "${nvim_list[@]}"; do
  [[ $n == /* || $n != */* ]] || n=$root/$n
  if ! command -v "$n" >/dev/null 2>&1; then
    notok "Neovim $n" "not found: run tests/provision.sh (or set NVIMS)"
    continue
  fi
  v=$("$n" --version 2>/dev/null | head -n 1 | sed -nE 's/^NVIM v([0-9]+\.[0-9]+).*/\1/p')
  if [[ -z $v ]]; then
    notok "Neovim $n" "does not run: $("$n" --version 2>&1 | head -n 3)"
    continue
  fi
  nvims+=("$(command -v "$n")") versions+=("$v")
done
((${#nvims[@]})) || finish
echo "== install paths in Neovim ${versions[*]}"

# Neovim >= 0.12 (vim.pack)?
at_least_012() { local minor=${1#*.}; [[ ${1%%.*} -gt 0 || $minor -ge 12 ]]; }

# ------------------------------------------------------------------ scratch space

work=$(mktemp -d "${TMPDIR:-/tmp}/gongwen-install.XXXXXX") || exit 1
if [[ ${KEEP:-} == 1 ]]; then
  echo "# scratch directory kept: $work"
else
  trap 'rm -rf "$work"' EXIT
fi
# git must not read the developer's or the system's configuration (hooks, signing).
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0

version=$(sed -nE 's/^#define GW_VERSION "([^"]+)".*/\1/p' core/gw.h)

# The headers the Makefile would find; else the pinned ones (tests/provision.sh).
if [[ -z ${LUA_CFLAGS:-} ]]; then
  have_headers=
  for pc in luajit lua5.1 lua-5.1 lua51; do
    if pkg-config --cflags "$pc" >/dev/null 2>&1; then have_headers=$pc; break; fi
  done
  if [[ -z $have_headers && -f .deps/env.mk ]]; then
    LUA_CFLAGS=$(sed -nE 's/^LUA_CFLAGS \?= (.*)/\1/p' .deps/env.mk)
    [[ -n $LUA_CFLAGS ]] && echo "# no Lua headers known to pkg-config: using LUA_CFLAGS=$LUA_CFLAGS (.deps, tests/provision.sh)"
  fi
fi

# ------------------------------------------------------------------ the source repository

snap=$work/snapshot
mkdir -p "$snap"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if [[ ${GONGWEN_INSTALL_SOURCE:-worktree} == HEAD ]]; then
    git archive HEAD | tar -x -C "$snap"
    git ls-files -z -o --exclude-standard | xargs -0 -r cp -P --parents -t "$snap"
  else
    git ls-files -z -c -o --exclude-standard |
      while IFS= read -r -d '' f; do [[ -e $f || -L $f ]] && printf '%s\0' "$f"; done |
      xargs -0 -r cp -P --parents -t "$snap"
  fi
else
  tar -c --exclude=./build --exclude=./.deps --exclude=./.git --exclude='*.so' --exclude='*.o' . |
    tar -x -C "$snap"
fi
rm -f "$snap"/lua/gongwen/*.so "$snap"/doc/tags
{
  git -C "$snap" init -q &&
    git -C "$snap" add -A &&
    git -C "$snap" -c user.name=install-test -c user.email=install-test@example.invalid \
      commit -q --no-verify --no-gpg-sign -m "gongwen.nvim $version (snapshot)" &&
    git clone -q --bare "$snap" "$work/gongwen.nvim.git"
} >"$work/snapshot.log" 2>&1 || { notok "source repository" "$(cat "$work/snapshot.log")"; finish; }
repo=file://$work/gongwen.nvim.git

# ------------------------------------------------------------------ helpers

# user_env HOME: `env -i ...` for a process of a user whose home is HOME, with the
# default XDG layout below it and nothing from this environment but PATH.
user_env() {
  local h=$1
  mkdir -p "$h/.config/nvim" "$h/.local/share" "$h/.local/state" "$h/.cache" "$h/.tmp" "$h/.run"
  chmod 700 "$h/.run"
  env_cmd=(env -i "PATH=$PATH" "HOME=$h" "LANG=C.UTF-8" "TERM=dumb" "TMPDIR=$h/.tmp"
    "XDG_CONFIG_HOME=$h/.config" "XDG_DATA_HOME=$h/.local/share" "XDG_STATE_HOME=$h/.local/state"
    "XDG_CACHE_HOME=$h/.cache" "XDG_CONFIG_DIRS=$h/.no-xdg" "XDG_DATA_DIRS=$h/.no-xdg"
    "XDG_RUNTIME_DIR=$h/.run" "GIT_CONFIG_NOSYSTEM=1" "GIT_CONFIG_GLOBAL=/dev/null")
  if [[ -n ${LUA_CFLAGS:-} ]]; then env_cmd+=("LUA_CFLAGS=$LUA_CFLAGS"); fi
}

# as_user HOME CMD...: runs CMD as that user.
as_user() {
  local h=$1
  shift
  user_env "$h"
  "${env_cmd[@]}" "$@"
}

# install NAME DIR: clones the repository into DIR (in $work/NAME/home) and runs make
# there, as the README says; status in $work/NAME/install.rc, output in install.log.
install() {
  local name=$1 dir=$2 h=$work/$1/home
  mkdir -p "$h" "$(dirname "$dir")"
  {
    as_user "$h" git clone -q "$repo" "$dir" && (cd "$dir" && as_user "$h" timeout 300 make)
    echo $? >"$work/$name/install.rc"
  } >"$work/$name/install.log" 2>&1
}

# Runs at most $jobs background jobs at a time.
jobs_max=$(($(nproc 2>/dev/null || echo 2) + 1))
throttle() { while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n 2>/dev/null || true; done; }

# check RUN HOME NVIM MODE SAMPLE [EXTRA-ARGS...]: copies HOME (a fresh config for each
# Neovim), generates the help tags the way the path does (HELPTAGS=cmd), runs check.lua.
# Results in $work/RUN/{out,stdout,stderr,rc}.
check() {
  local run=$1 home=$2 nvim=$3 mode=$4 sample=$5
  shift 5
  local d=$work/$run h=$work/$run/home
  mkdir -p "$d"
  if [[ $home != "$h" ]]; then cp -a "$home" "$h"; fi
  sample=${sample/"$home"/"$h"}
  if [[ -n ${HELPTAGS:-} ]]; then
    # `:helptags ALL` rewrites the shared $VIMRUNTIME/doc/tags: exclusive lock for
    # writers, shared lock for the checks that read it (E431 otherwise)
    (
      flock -x 9
      as_user "$h" timeout 60 "$nvim" --headless -c "${HELPTAGS/"$home"/"$h"}" -c 'qa!' </dev/null >"$d/helptags.log" 2>&1
    ) 9>>"$work/tags.lock"
  fi
  (
    flock -s 9
    as_user "$h" GW_MODE="$mode" GW_SAMPLE="$sample" GW_SOURCE="$root" GW_VERSION="$version" \
      GW_OUT="$d/out" GW_REPO="$repo" timeout 120 "$nvim" --headless "$@" -c "luafile $here/check.lua" \
      </dev/null >"$d/stdout" 2>"$d/stderr"
    echo $? >"$d/rc"
  ) 9>>"$work/tags.lock"
}

# judge NAME RUN [MODE]: one test from a check run.
judge() {
  local name=$1 d=$work/$2 mode=${3:-built} detail=
  local rc
  rc=$(cat "$d/rc" 2>/dev/null || echo '?')
  if [[ ! -s $d/out ]]; then
    detail="no results from check.lua (nvim exit status $rc)"
  else
    detail=$(grep '^not ok' "$d/out" | sed 's/\t/: /')
  fi
  [[ $rc == 0 ]] || detail+=$'\n'"nvim exit status $rc"
  # what the user saw when generating the help tags (E670 in Neovim 0.10, ...)
  if grep -q 'E[0-9][0-9]*:' "$d/helptags.log" 2>/dev/null; then
    detail+=$'\n'"helptags: $(grep -o 'E[0-9][0-9]*:.*' "$d/helptags.log" | head -n 3)"
  fi
  # Errors printed by nvim (headless: messages go to stderr). An unbuilt install
  # prints exactly one, the message saying to run make.
  local errs
  errs=$(grep -E 'E[0-9]+:|Error|rror executing|traceback' "$d/stderr" 2>/dev/null)
  if [[ $mode == unbuilt ]]; then errs=$(printf '%s\n' "$errs" | grep -v 'make' | grep -v '^$'); fi
  [[ -z $errs ]] || detail+=$'\n'"stderr: $errs"
  detail=$(printf '%s' "$detail" | sed '/^$/d')
  if [[ -z $detail ]]; then ok "$name"; else notok "$name" "$detail"$'\n'"(logs: $d)"; fi
}

# install_ok NAME: whether the install step of NAME worked (else one failed test).
install_ok() {
  local rc
  rc=$(cat "$work/$1/install.rc" 2>/dev/null || echo '?')
  [[ $rc == 0 ]] && return 0
  notok "$2" "install step failed (status $rc):"$'\n'"$(tail -n 20 "$work/$1/install.log")"
  return 1
}

# ------------------------------------------------------------------ installs (in parallel)

lazy_dir=.local/share/nvim/lazy/gongwen.nvim
plug_dir=.local/share/nvim/plugged/gongwen.nvim
packer_dir=.local/share/nvim/site/pack/packer/start/gongwen.nvim
native_dir=.local/share/nvim/site/pack/plugins/start/gongwen.nvim
pack_dir=.local/share/nvim/site/pack/core/opt/gongwen.nvim

# The configs: what each manager leaves in the user's config (tests/install/init/).
setup_config() { mkdir -p "$work/$1/home/.config/nvim" && cp "$here/init/$2" "$work/$1/home/.config/nvim/$3"; }
setup_config lazy lazy.lua init.lua
setup_config plug plug.vim init.vim
setup_config packer packer.lua init.lua

install native "$work/native/home/$native_dir" &
install lazy "$work/lazy/home/$lazy_dir" &
throttle
install plug "$work/plug/home/$plug_dir" &
throttle
install packer "$work/packer/home/$packer_dir" &
throttle

# unbuilt: a clone, no make
mkdir -p "$work/unbuilt/home"
as_user "$work/unbuilt/home" git clone -q "$repo" "$work/unbuilt/home/$native_dir" >"$work/unbuilt/install.log" 2>&1
echo $? >"$work/unbuilt/install.rc"

# make's messages: a clone for make to fail in
as_user "$work" git clone -q "$repo" "$work/msgs" >/dev/null 2>&1

# vim.pack, Neovim >= 0.12: the first start installs (PackChanged runs make) and checks.
for i in "${!nvims[@]}"; do
  at_least_012 "${versions[$i]}" || continue
  v=${versions[$i]}
  mkdir -p "$work/vimpack-$v/home/.config/nvim"
  cp "$here/init/vimpack.lua" "$work/vimpack-$v/home/.config/nvim/init.lua"
  throttle
  check "vimpack-$v" "$work/vimpack-$v/home" "${nvims[$i]}" built \
    "$work/vimpack-$v/home/$pack_dir/examples/sample-report.txt" &
done

# luarocks: the rockspec built into a tree laid out like rocks.nvim's
if command -v luarocks >/dev/null 2>&1; then
  mkdir -p "$work/rocks/home"
  (
    h=$work/rocks/home
    as_user "$h" git clone -q "$repo" "$work/rocks/src" &&
      (cd "$work/rocks/src" && as_user "$h" timeout 300 luarocks --tree "$h/.local/share/nvim/rocks" \
        --lua-version 5.1 make --deps-mode none rockspec/gongwen.nvim-scm-1.rockspec)
    echo $? >"$work/rocks/install.rc"
  ) >"$work/rocks/install.log" 2>&1 &
fi
wait

# ------------------------------------------------------------------ checks (in parallel)

for i in "${!nvims[@]}"; do
  n=${nvims[$i]} v=${versions[$i]}
  for path in native lazy plug packer; do
    [[ $(cat "$work/$path/install.rc" 2>/dev/null) == 0 ]] || continue
    # help tags: the README's `:helptags ALL` for a native package; the managers
    # run :helptags on the plugin's doc/ after installing
    case $path in
      native) dir=$native_dir tags='helptags ALL' ;;
      lazy) dir=$lazy_dir tags="helptags $work/lazy/home/$lazy_dir/doc" ;;
      plug) dir=$plug_dir tags="helptags $work/plug/home/$plug_dir/doc" ;;
      packer) dir=$packer_dir tags="helptags $work/packer/home/$packer_dir/doc" ;;
    esac
    throttle
    HELPTAGS=$tags check "$path-$v" "$work/$path/home" "$n" built "$work/$path/home/$dir/examples/sample-report.txt" &
  done
  if [[ $(cat "$work/unbuilt/install.rc" 2>/dev/null) == 0 ]]; then
    throttle
    HELPTAGS='helptags ALL' check "unbuilt-$v" "$work/unbuilt/home" "$n" unbuilt \
      "$work/unbuilt/home/$native_dir/examples/sample-report.txt" &
  fi
  if [[ $(cat "$work/rocks/install.rc" 2>/dev/null) == 0 ]]; then
    mkdir -p "$work/rocks/home/.config/nvim"
    cp "$here/init/rocks.lua" "$work/rocks/home/.config/nvim/init.lua"
    throttle
    HELPTAGS='helptags ALL' check "rocks-$v" "$work/rocks/home" "$n" built "$work/rocks/src/examples/sample-report.txt" &
  fi
  if at_least_012 "$v" && [[ -s $work/vimpack-$v/out ]]; then
    # restart: already installed, nothing to build
    throttle
    check "vimpack-$v-restart" "$work/vimpack-$v/home" "$n" built \
      "$work/vimpack-$v/home/$pack_dir/examples/sample-report.txt" &
  fi
done

# Integrations, in the native install (the plugin on 'runtimepath', build/gongwen built).
for i in "${!nvims[@]}"; do
  [[ $(cat "$work/native/install.rc" 2>/dev/null) == 0 ]] || break
  n=${nvims[$i]} v=${versions[$i]}
  mkdir -p "$work/integrations-$v"
  cp -a "$work/native/home" "$work/integrations-$v/home"
  throttle
  (
    as_user "$work/integrations-$v/home" GW_PLUGIN="$work/integrations-$v/home/$native_dir" \
      GW_OUT="$work/integrations-$v/out" timeout 120 "$n" --headless -c "luafile $here/integrations.lua" \
      </dev/null >"$work/integrations-$v/stdout" 2>"$work/integrations-$v/stderr"
    echo $? >"$work/integrations-$v/rc"
  ) &
done

# Static checks (rockspec, snippets, docs, versions): files only, the first Neovim.
(
  GW_ROOT=$snap GW_OUT=$work/static.out timeout 120 "${nvims[0]}" -l "$here/static.lua" \
    >"$work/static.stdout" 2>&1
  echo $? >"$work/static.rc"
) &

# make's messages when the compiler or the headers are missing
(
  cd "$work/msgs" || exit 1
  LUA_CFLAGS= # as on a machine without the headers
  h=$work/msgs-home
  mkdir -p "$h"
  as_user "$h" make lua CC=/nonexistent/cc >"$work/make-cc.log" 2>&1
  echo $? >"$work/make-cc.rc"
  as_user "$h" make lua LUA_CFLAGS= >"$work/make-h1.log" 2>&1
  echo $? >"$work/make-h1.rc"
  # no LUA_CFLAGS at all, and pkg-config finds nothing
  as_user "$h" PKG_CONFIG_LIBDIR=/nonexistent PKG_CONFIG_PATH=/nonexistent make lua >"$work/make-h2.log" 2>&1
  echo $? >"$work/make-h2.rc"
  [[ -e lua/gongwen/core.so ]] && echo "lua/gongwen/core.so was built" >"$work/make-built"
) &
wait

# ------------------------------------------------------------------ results, in order

for i in "${!nvims[@]}"; do
  v=${versions[$i]}
  echo "== Neovim $v"
  install_ok native "native package (pack/plugins/start + make), nvim $v" &&
    judge "native package (pack/plugins/start + make), nvim $v" "native-$v"
  if install_ok lazy "lazy.nvim layout (build = \"make\"), nvim $v"; then
    # lazy.nvim runs luarocks for a root rockspec with a compiled build (lazy/pkg/rockspec.lua)
    root_rockspecs=$(cd "$work/lazy/home/$lazy_dir" && ls -- *scm-1.rockspec *git-1.rockspec *dev-1.rockspec 2>/dev/null)
    if [[ -n $root_rockspecs ]]; then
      notok "lazy.nvim layout (build = \"make\"), nvim $v" \
        "a rockspec at the plugin root makes lazy.nvim run luarocks instead of make: $root_rockspecs"
    else
      judge "lazy.nvim layout (build = \"make\"), nvim $v" "lazy-$v"
    fi
  fi
  install_ok plug "vim-plug layout (do: 'make'), nvim $v" && judge "vim-plug layout (do: 'make'), nvim $v" "plug-$v"
  install_ok packer "packer layout (run = 'make'), nvim $v" && judge "packer layout (run = 'make'), nvim $v" "packer-$v"
  if at_least_012 "$v"; then
    judge "vim.pack.add + PackChanged make, first start, nvim $v" "vimpack-$v"
    if [[ -d $work/vimpack-$v-restart ]]; then
      judge "vim.pack, restart, nvim $v" "vimpack-$v-restart"
    else
      notok "vim.pack, restart, nvim $v" "not run: the first start did not finish"
    fi
  else
    skip "vim.pack, nvim $v" "vim.pack is Neovim 0.12+"
  fi
  install_ok unbuilt "unbuilt clone (no make), nvim $v" && judge "unbuilt clone (no make), nvim $v" "unbuilt-$v" unbuilt
  if ! command -v luarocks >/dev/null 2>&1; then
    skip "luarocks build of the rockspec, nvim $v" "luarocks is not installed (Debian: apt install luarocks)"
  elif install_ok rocks "luarocks build of the rockspec (rocks.nvim layout), nvim $v"; then
    judge "luarocks build of the rockspec (rocks.nvim layout), nvim $v" "rocks-$v"
  fi
  # integrations: one test per line of integrations.lua
  d=$work/integrations-$v
  if [[ -s $d/out ]]; then
    while IFS= read -r line; do
      case $line in
        'ok '*) ok "${line#ok } (nvim $v)" ;;
        'not ok '*) rest=${line#not ok }; notok "${rest%%$'\t'*} (nvim $v)" "${rest#*$'\t'}" ;;
        'skip '*) rest=${line#skip }; skip "${rest%%$'\t'*} (nvim $v)" "${rest#*$'\t'}" ;;
      esac
    done <"$d/out"
    errs=$(grep -E 'E[0-9]+:|Error|traceback' "$d/stderr" 2>/dev/null)
    [[ -z $errs ]] || notok "integrations: no errors (nvim $v)" "$errs"
  elif [[ -d $d ]]; then
    notok "integrations (nvim $v)" "no results (status $(cat "$d/rc" 2>/dev/null)): $(tail -n 20 "$d/stderr" "$d/stdout" 2>/dev/null)"
  fi
done

echo "== make without a compiler or without Lua headers"
platforms_in() { # LOG: prints the platforms the log does not name
  local p
  for p in Debian/Ubuntu Fedora Arch macOS; do grep -q "$p" "$1" || printf '%s ' "$p"; done
}
if [[ $(cat "$work/make-cc.rc" 2>/dev/null) != 0 ]] && grep -q 'no C compiler' "$work/make-cc.log" &&
  [[ -z $(platforms_in "$work/make-cc.log") ]]; then
  ok "make lua CC=/nonexistent/cc says what to install (4 platforms)"
else
  notok "make lua CC=/nonexistent/cc says what to install (4 platforms)" \
    "status $(cat "$work/make-cc.rc" 2>/dev/null), missing: $(platforms_in "$work/make-cc.log")"$'\n'"$(cat "$work/make-cc.log")"
fi
hdr_ok=1 hdr_detail=
for k in h1 h2; do
  if [[ $(cat "$work/make-$k.rc" 2>/dev/null) == 0 ]] || ! grep -q 'headers not found' "$work/make-$k.log" ||
    [[ -n $(platforms_in "$work/make-$k.log") ]]; then
    hdr_ok=0
    hdr_detail+="$([[ $k == h1 ]] && echo 'make lua LUA_CFLAGS=' || echo 'PKG_CONFIG_LIBDIR=/nonexistent make lua'):"$'\n'"$(cat "$work/make-$k.log")"$'\n'
  fi
done
[[ -f $work/make-built ]] && hdr_ok=0 hdr_detail+="$(cat "$work/make-built")"
if ((hdr_ok)); then
  ok "make lua without Lua headers says what to install (LUA_CFLAGS= and no pkg-config match)"
else
  notok "make lua without Lua headers says what to install (LUA_CFLAGS= and no pkg-config match)" "$hdr_detail"
fi

echo "== files: rockspec, snippets, docs, versions (nvim ${versions[0]} -l)"
if [[ -s $work/static.out ]]; then
  while IFS= read -r line; do
    case $line in
      'ok '*) ok "${line#ok }" ;;
      'not ok '*) rest=${line#not ok }; notok "${rest%%$'\t'*}" "${rest#*$'\t'}" ;;
      'skip '*) rest=${line#skip }; skip "${rest%%$'\t'*}" "${rest#*$'\t'}" ;;
    esac
  done <"$work/static.out"
else
  notok "static checks" "no results (status $(cat "$work/static.rc" 2>/dev/null)): $(tail -n 20 "$work/static.stdout")"
fi

echo "# $((SECONDS - started)) s"
finish
