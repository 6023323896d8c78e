#!/usr/bin/env bash
# tests/provision.sh - provide the pinned tools the test suite needs, inside .deps/
# (gitignored), without touching the system.
#
# Usage: tests/provision.sh [all|nvim|tree-sitter|vterm|lua]...      (default: all)
#
#   nvim         Neovim 0.10.x from Debian trixie  -> .deps/bin/nvim-0.10
#                Neovim 0.12.x from Debian forky   -> .deps/bin/nvim-0.12
#   tree-sitter  tree-sitter CLI 0.26 from forky   -> .deps/bin/tree-sitter
#   vterm        libvterm >= 0.3 headers + library: the system's if new enough, else
#                trixie's libvterm-dev/libvterm0 in .deps/sysroot (bookworm only has 0.1)
#   lua          LuaJIT headers (the system's, else the host suite's libluajit-5.1-dev in
#                .deps/sysroot) and a luajit interpreter (the system's, else the host
#                suite's luajit in .deps/sysroot, runnable as .deps/bin/luajit)
#
# Every run (re)writes .deps/env.mk, make variables for the Makefile to -include:
#   NVIM_010 NVIM_012 NVIMS TREE_SITTER VTERM_CFLAGS VTERM_LIBS LUA_CFLAGS LUAJIT
#
# How: packages are fetched with apt-get through a private apt configuration
# (.deps/apt/<suite>/: own sources list, lists, cache and empty dpkg status; of the
# system's apt configuration only the mirror URL and the network settings are used)
# into .deps/debs/<suite>/, and unpacked with dpkg-deb -x.  Neovim and tree-sitter
# need a newer glibc than the host's, so each is unpacked together with its suite's
# libc6 and shared libraries and patched with patchelf to use that suite's dynamic
# loader and library directory (a loader wrapper would not do: the Neovim TUI
# re-executes its own binary).  The mirror is read at run time from the system's apt
# sources; DEBIAN_MIRROR=<url> overrides it.
#
# Overrides: NVIM=/path/to/nvim (>= 0.10) skips the Neovim download and is used for
# the tests instead; TREE_SITTER=/path and LUAJIT=/path likewise.
#
# A second run is a fast no-op: each unpacked tree carries a stamp, and a component
# whose stamp is current needs neither the network nor apt.  Downloaded .debs stay in
# .deps/debs/, so deleting an unpacked tree re-creates it without downloading again.
# Where something cannot be provided, one line says what to install by hand, and the
# script exits non-zero.

set -Eeuo pipefail

# ---------------------------------------------------------------- settings
NVIM010_SUITE=trixie NVIM010_SERIES=0.10
NVIM012_SUITE=forky  NVIM012_SERIES=0.12
TS_SUITE=forky       TS_SERIES=0.26
VTERM_SUITE=trixie   # libvterm 0.3.3; needs only glibc >= 2.14, so it runs on the host
RECIPE=1             # bump to force every unpacked tree to be rebuilt

DEPS=$(mkdir -p "$(dirname "$0")/../.deps" && cd "$(dirname "$0")/../.deps" && pwd)
SYSROOT=$DEPS/sysroot
BIN=$DEPS/bin
LOG=$DEPS/provision.log

# What is being provided, and what to do by hand if that fails (used by die).
WHAT="the test tools"
HINT="see tests/README.md"

say() { printf 'provision: %s\n' "$*" >&2; }

# One clear message, then exit non-zero.
die() {
  printf 'provision.sh: cannot provide %s: %s.\n  Install by hand: %s\n' \
    "$WHAT" "$1" "$HINT" >&2
  exit 1
}
trap 'die "unexpected failure at line $LINENO (details in ${LOG#"$PWD"/})"' ERR

usage() {
  sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
  exit "${1:-0}"
}

# ---------------------------------------------------------------- apt, privately
HOST_ARCH=
HOST_SUITE=
MIRROR=
UPDATED=" "

# The Debian mirror of the host's own suite, read from the system's apt sources.
detect_mirror() {
  [[ -n ${DEBIAN_MIRROR:-} ]] && { printf '%s\n' "$DEBIAN_MIRROR"; return; }
  local f
  # deb822 stanzas: Types/URIs/Suites/Enabled fields, stanzas separated by blank lines.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v want="$HOST_SUITE" '
      function flush() {
        if (deb && on && uri != "" && (" " suites " ") ~ (" " want " ")) { print uri; found = 1; exit }
        deb = 0; on = 1; uri = ""; suites = ""
      }
      BEGIN { on = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      tolower($1) == "uris:"    { uri = $2 }
      tolower($1) == "suites:"  { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" { on = (tolower($2) != "no") }
      END { if (!found) flush() }
    ' "$f"
  done | head -n1 | grep . && return
  # One-line format: deb [options] URI SUITE COMPONENT...
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' |
    awk -v want="$HOST_SUITE" '$1 == "deb" && $3 == want { print $2; exit }'
}

init_apt() {
  [[ -n $MIRROR ]] && return
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    die "apt-get and dpkg-deb are needed to fetch Debian packages"
  fi
  HOST_ARCH=$(dpkg --print-architecture)
  HOST_SUITE=$(sed -n 's/^VERSION_CODENAME=["'\'']\{0,1\}\([a-z]*\).*/\1/p' /etc/os-release 2>/dev/null) || true
  [[ -n $HOST_SUITE ]] || die "cannot tell the Debian suite from /etc/os-release"
  MIRROR=$(detect_mirror) || true
  [[ -n $MIRROR ]] ||
    die "no Debian mirror for '$HOST_SUITE' in the apt sources (set DEBIAN_MIRROR=<url>)"
}

# Write the private apt configuration of SUITE (given trust options for its source).
write_apt_conf() {
  local suite=$1 trust=$2 d=$DEPS/apt/$1
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/apt.conf.d"
  : >"$d/status"
  printf 'deb [%s] %s %s main\n' "$trust" "$MIRROR" "$suite" >"$d/sources.list"
  {
    printf 'Dir::Etc::Parts "%s/apt.conf.d";\nDir::Etc::Main "/dev/null";\n' "$d"
    printf 'Dir::Etc::SourceList "%s/sources.list";\nDir::Etc::SourceParts "/dev/null";\n' "$d"
    printf 'Dir::Etc::Preferences "/dev/null";\nDir::Etc::PreferencesParts "/dev/null";\n'
    printf 'Dir::State "%s";\nDir::State::Lists "%s/lists";\nDir::State::status "%s/status";\n' "$d" "$d" "$d"
    printf 'Dir::Cache "%s/cache";\nDebug::NoLocking "true";\n' "$d"
    printf 'APT::Architectures { "%s"; };\nAcquire::Languages "none";\n' "$HOST_ARCH"
    # Keep the indexes compressed, and no source cache: a few MB instead of ~130.
    printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order { "gz"; };\n'
    printf 'Dir::Cache::srcpkgcache "";\n'
    # As root, apt would drop to _apt, which may not write into this tree.
    if [[ $EUID -eq 0 ]]; then printf 'APT::Sandbox::User "root";\n'; fi
    # The Release files of testing (forky) expire within a week; a mirror or cache
    # that serves a snapshot would make them fail.  Signatures are still checked.
    printf 'Acquire::Check-Valid-Until "false";\n'
    # The system's apt.conf.d is not read (it may hold hooks that act on the system),
    # but its network settings are kept: proxies, timeouts, retries.
    apt-config dump 2>/dev/null |
      grep -E '^Acquire::(https?|ftp|Retries|Check-Date|ForceIPv[46])[: ]' || true
  } >"$d/apt.conf"
}

papt() { local s=$1; shift; APT_CONFIG=$DEPS/apt/$s/apt.conf "$@"; }

# apt-get update for SUITE, once per run.  Signed by the system's Debian archive
# keyring where it knows the suite's key; otherwise the private source is trusted
# as is (it is only used to unpack test tools into .deps/).
update_suite() {
  local suite=$1 keyring=/usr/share/keyrings/debian-archive-keyring.gpg trust out
  [[ $UPDATED == *" $suite "* ]] && return
  init_apt
  printf '=== %s: apt-get update of %s\n' "$(date '+%F %T')" "$suite" >>"$LOG"
  say "apt-get update (Debian $suite, private lists in .deps/apt/$suite)"
  for trust in "signed-by=$keyring" "trusted=yes"; do
    [[ $trust == signed-by=* && ! -r $keyring ]] && continue
    write_apt_conf "$suite" "$trust"
    rm -f "$DEPS/apt/$suite/lists/"*Packages* 2>/dev/null || true
    out=$(papt "$suite" apt-get -q update 2>&1) || true
    printf '%s\n' "$out" >>"$LOG"
    if compgen -G "$DEPS/apt/$suite/lists/*_Packages*" >/dev/null; then
      UPDATED+="$suite "
      return
    fi
    # Retry without the keyring only if the signature was the problem.
    if ! grep -qE 'NO_PUBKEY|not signed|EXPKEYSIG|KEYEXPIRED|signatures? (was|were) invalid' <<<"$out"; then
      break
    fi
    say "the Debian archive keyring cannot verify $suite; trusting the private source"
  done
  die "apt-get update of Debian $suite from $MIRROR failed (network? details in ${LOG#"$PWD"/})"
}

# fetch SUITE NAME [--exact] PKG...: download PKG and everything it needs from SUITE
# (what "apt-get install --no-install-recommends PKG" would install on an empty
# system; with --exact, only the PKGs named) into .deps/debs/SUITE/; the .deb paths
# go to FETCHED.
# The list is remembered in NAME.manifest: once all its files are there, neither
# the network nor apt is needed again.
FETCHED=()
fetch() {
  local suite=$1 name=$2; shift 2
  local dir=$DEPS/debs/$suite manifest=$DEPS/debs/$suite/$name.manifest f ok=1
  local -a closure files missing=()
  local exact=0
  if [[ $1 == --exact ]]; then exact=1; shift; fi
  mkdir -p "$dir"
  # The manifest's first line is the request, the others the .deb files.
  if [[ -s $manifest ]]; then
    mapfile -t files <"$manifest"
    if [[ ${files[0]} != "# $exact $*" ]]; then ok=0; fi
    files=("${files[@]:1}")
    for f in "${files[@]}"; do [[ -f $dir/$f ]] || ok=0; done
    if ((ok)); then FETCHED=("${files[@]/#/$dir/}"); return; fi
  fi
  update_suite "$suite"
  if ((exact)); then
    closure=("$@")
  else
    # Simulated install against the private, empty dpkg status: "Inst PKG (VERSION ...)".
    mapfile -t closure < <(papt "$suite" apt-get -q -s install --no-install-recommends "$@" \
      2>>"$LOG" | awk '$1 == "Inst" {print $2}')
    ((${#closure[@]})) || die "cannot resolve $* in Debian $suite (details in ${LOG#"$PWD"/})"
  fi
  # --print-uris: "'URL' FILE SIZE HASH" per package not yet in the current directory
  # (hence an empty one); nothing is downloaded.
  mkdir -p "$DEPS/apt/$suite/empty"
  mapfile -t files < <(cd "$DEPS/apt/$suite/empty" && papt "$suite" apt-get -q --print-uris \
    download "${closure[@]}" 2>>"$LOG" | awk '{print $2}')
  ((${#files[@]} == ${#closure[@]})) || die "cannot resolve $* in Debian $suite"
  for f in "${files[@]}"; do [[ -f $dir/$f ]] || missing+=("${f%%_*}"); done
  if ((${#missing[@]})); then
    say "downloading ${#missing[@]} package(s) from Debian $suite"
    (cd "$dir" && papt "$suite" apt-get -q download "${missing[@]}") >>"$LOG" 2>&1 ||
      die "download from Debian $suite failed (details in ${LOG#"$PWD"/})"
  fi
  for f in "${files[@]}"; do [[ -f $dir/$f ]] || die "$f missing after download"; done
  printf '%s\n' "# $exact $*" "${files[@]}" >"$manifest"
  FETCHED=("${files[@]/#/$dir/}")
}

# unpack ROOT DEB...: extract the packages into ROOT (a fresh tree).
unpack() {
  local root=$1 deb; shift
  rm -rf "$root"
  mkdir -p "$root"
  for deb in "$@"; do dpkg-deb -x "$deb" "$root"; done
}

# Stamps: a tree (or a sysroot component) is current when its stamp file holds
# this recipe, this location and the same description.
stamp_text() { printf 'recipe=%s deps=%s what=%s\n' "$RECIPE" "$DEPS" "$1"; }
stamp_ok() { [[ -f $1 && $(<"$1") == "$(stamp_text "$2")" ]]; }
stamp_write() { stamp_text "$2" >"$1"; }

# ---------------------------------------------------------------- patchelf
PATCHELF=
need_patchelf() {
  if [[ -n $PATCHELF ]]; then return; fi
  if command -v patchelf >/dev/null; then
    PATCHELF=$(command -v patchelf)
    return
  fi
  local root=$DEPS/tools
  if ! stamp_ok "$root/.provisioned" patchelf || [[ ! -x $root/usr/bin/patchelf ]]; then
    WHAT="patchelf" HINT="patchelf (apt-get install patchelf)"
    init_apt
    fetch "$HOST_SUITE" patchelf --exact patchelf
    say "unpacking patchelf of Debian $HOST_SUITE into .deps/tools"
    # Its libraries (libstdc++6, ...) are the host's.
    unpack "$root" "${FETCHED[@]}"
    stamp_write "$root/.provisioned" patchelf
  fi
  PATCHELF=$root/usr/bin/patchelf
  "$PATCHELF" --version >/dev/null 2>&1 || die "the unpacked patchelf does not run"
}

# relocate ROOT BINARY...: make each BINARY (inside ROOT) use ROOT's dynamic loader
# and library directory.  DT_RPATH rather than RUNPATH, so that it also applies to
# the dependencies of the libraries.
relocate() {
  local root=$1 ld libdir b
  shift
  ld=$(find "$root/usr/lib" "$root/lib" -maxdepth 2 -type f -name 'ld-linux*.so*' \
    -path '*-linux-gnu*' 2>/dev/null | head -n1) || true
  [[ -n $ld ]] || die "no dynamic loader (libc6) unpacked in ${root#"$DEPS"/}"
  libdir=${ld%/*}
  need_patchelf
  for b in "$@"; do
    "$PATCHELF" --set-interpreter "$ld" --force-rpath --set-rpath "$libdir" "$b" >>"$LOG" 2>&1 ||
      die "patchelf failed on ${b#"$DEPS"/}"
  done
}

# ---------------------------------------------------------------- checks
# Version "X.Y.Z" of an nvim binary (empty if it does not run).
nvim_version() {
  "$1" --version 2>/dev/null | sed -n '1s/^NVIM v\([0-9][0-9.]*[0-9]\).*/\1/p' || true
}
version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }

# LuaJIT include flags: those chosen by provide_lua, else whatever is there.
LUA_CFLAGS_VAL=
lua_cflags_now() {
  if [[ -n $LUA_CFLAGS_VAL ]]; then
    printf '%s\n' "$LUA_CFLAGS_VAL"
  elif command -v pkg-config >/dev/null && pkg-config --exists luajit; then
    pkg-config --cflags luajit
  elif [[ -f $SYSROOT/usr/include/luajit-2.1/lua.h ]]; then
    printf -- '-I%s\n' "$SYSROOT/usr/include/luajit-2.1"
  fi
}

# check_nvim NVIM: NVIM runs LuaJIT and can require a Lua C module built here with
# the host's C compiler and the LuaJIT headers, as the plugin's core will be.
check_nvim() {
  local nvim=$1 out cflags chk=$DEPS/check
  out=$("$nvim" --headless --clean -c 'lua io.stdout:write(jit and jit.version or "no-jit")' \
    -c 'qa!' </dev/null 2>&1) || true
  [[ $out == LuaJIT* ]] || die "$nvim does not run LuaJIT (got: ${out:0:200})"
  cflags=$(lua_cflags_now)
  if ! command -v cc >/dev/null || [[ -z $cflags ]]; then
    say "note: no C compiler or LuaJIT headers yet; skipped the Lua C module check"
    return
  fi
  mkdir -p "$chk"
  cat >"$chk/gwprobe.c" <<'EOF'
#include <lua.h>
#include <lauxlib.h>
static int answer(lua_State *L) { lua_pushinteger(L, 42); return 1; }
int luaopen_gwprobe(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, answer);
  lua_setfield(L, -2, "answer");
  return 1;
}
EOF
  # shellcheck disable=SC2086  # cflags is a list of flags
  cc -shared -fPIC -O2 $cflags -o "$chk/gwprobe.so" "$chk/gwprobe.c" >>"$LOG" 2>&1 ||
    die "cannot build a Lua C module with LUA_CFLAGS=$cflags"
  out=$("$nvim" --headless --clean \
    -c "lua package.cpath = '$chk/?.so;' .. package.cpath" \
    -c "lua io.stdout:write(tostring(require('gwprobe').answer()))" -c 'qa!' </dev/null 2>&1) || true
  [[ $out == 42 ]] || die "$nvim cannot require a Lua C module (got: ${out:0:200})"
}

# ---------------------------------------------------------------- components
# Each component writes its make variables to .deps/env.d/<component>.mk.
FRAG=$DEPS/env.d
frag() {
  mkdir -p "$FRAG"
  cat >"$FRAG/$1.mk"
}

# nvim_series SERIES SUITE: Neovim SERIES.x of Debian SUITE -> .deps/bin/nvim-SERIES
nvim_series() {
  local series=$1 suite=$2 root=$DEPS/nvim-$1 wrapper=$BIN/nvim-$1 ver
  WHAT="Neovim $series (from Debian $suite)"
  if stamp_ok "$root/.provisioned" "nvim $series" && [[ -x $wrapper ]]; then return; fi
  init_apt
  fetch "$suite" "nvim-$series" neovim
  say "unpacking Neovim of Debian $suite into .deps/nvim-$series"
  unpack "$root" "${FETCHED[@]}"
  [[ -x $root/usr/bin/nvim && -d $root/usr/share/nvim/runtime ]] ||
    die "the neovim packages of $suite have no usr/bin/nvim or runtime"
  relocate "$root" "$root/usr/bin/nvim"
  mkdir -p "$BIN"
  cat >"$wrapper" <<EOF
#!/bin/sh
# Generated by tests/provision.sh: Neovim $series of Debian $suite, unpacked in .deps/.
VIMRUNTIME='$root/usr/share/nvim/runtime'
export VIMRUNTIME
exec '$root/usr/bin/nvim' "\$@"
EOF
  chmod +x "$wrapper"
  ver=$(nvim_version "$wrapper")
  [[ $ver == "$series".* ]] ||
    die "Debian $suite ships Neovim '${ver:-?}', not $series.x (or it does not run)"
  check_nvim "$wrapper"
  stamp_write "$root/.provisioned" "nvim $series"
  say "Neovim v$ver ready: .deps/bin/nvim-$series"
}

provide_nvim() {
  HINT="Neovim >= 0.10, then run NVIM=/path/to/nvim make test"
  if [[ -n ${NVIM:-} ]]; then
    local nv ver
    WHAT="Neovim (NVIM=$NVIM)"
    nv=$(command -v "$NVIM") || die "NVIM=$NVIM is not an executable"
    if [[ $nv != /* ]]; then nv=$(cd "${nv%/*}" && pwd)/${nv##*/}; fi
    ver=$(nvim_version "$nv")
    if [[ -z $ver ]] || ! version_ge "$ver" 0.10; then
      die "NVIM=$NVIM is not Neovim >= 0.10 (${ver:-it does not run})"
    fi
    frag nvim <<EOF
# NVIM=$nv (v$ver) was given: it replaces the pinned Neovims.
NVIM_010 ?=
NVIM_012 ?=
NVIMS ?= $nv
EOF
    return
  fi
  nvim_series "$NVIM010_SERIES" "$NVIM010_SUITE"
  nvim_series "$NVIM012_SERIES" "$NVIM012_SUITE"
  frag nvim <<EOF
NVIM_010 ?= $BIN/nvim-$NVIM010_SERIES
NVIM_012 ?= $BIN/nvim-$NVIM012_SERIES
NVIMS ?= \$(NVIM_010) \$(NVIM_012)
EOF
}

provide_tree_sitter() {
  local root=$DEPS/tree-sitter-$TS_SERIES ts=$BIN/tree-sitter ver
  WHAT="tree-sitter CLI $TS_SERIES (from Debian $TS_SUITE)"
  HINT="tree-sitter CLI $TS_SERIES (e.g. npm install -g tree-sitter-cli@$TS_SERIES), then run TREE_SITTER=/path/to/tree-sitter make test"
  if [[ -n ${TREE_SITTER:-} ]]; then
    ts=$(command -v "$TREE_SITTER") || die "TREE_SITTER=$TREE_SITTER is not an executable"
    ver=$("$ts" --version 2>/dev/null) || die "TREE_SITTER=$TREE_SITTER does not run"
    if [[ $ver != "tree-sitter $TS_SERIES".* ]]; then
      say "warning: TREE_SITTER is '$ver'; the tests expect $TS_SERIES.x"
    fi
  elif ! stamp_ok "$root/.provisioned" "tree-sitter $TS_SERIES +lib" || [[ ! -x $ts ]]; then
    init_apt
    # the CLI, and the C library with its header (the scanner's fuzz target links it)
    fetch "$TS_SUITE" "tree-sitter-$TS_SERIES" tree-sitter-cli libtree-sitter-dev
    say "unpacking tree-sitter CLI of Debian $TS_SUITE into .deps/tree-sitter-$TS_SERIES"
    unpack "$root" "${FETCHED[@]}"
    [[ -x $root/usr/bin/tree-sitter ]] || die "tree-sitter-cli of $TS_SUITE has no usr/bin/tree-sitter"
    relocate "$root" "$root/usr/bin/tree-sitter"
    mkdir -p "$BIN"
    ln -sfn "../tree-sitter-$TS_SERIES/usr/bin/tree-sitter" "$ts"
    ver=$("$ts" --version 2>&1) || die "the unpacked tree-sitter does not run ($ver)"
    [[ $ver == "tree-sitter $TS_SERIES".* ]] || die "Debian $TS_SUITE ships '$ver', not $TS_SERIES.x"
    stamp_write "$root/.provisioned" "tree-sitter $TS_SERIES +lib"
    say "$ver ready: .deps/bin/tree-sitter"
  fi
  local lib
  lib=$(find "$root/usr/lib" -name 'libtree-sitter.a' 2>/dev/null | head -1)
  frag tree-sitter <<EOF
TREE_SITTER ?= $ts
TS_LIB_CFLAGS ?= ${lib:+-I$root/usr/include}
TS_LIB ?= $lib
EOF
}

# Version of a vterm.h as MAJOR*1000+MINOR.
vterm_h_version() {
  awk '/#define VTERM_VERSION_MAJOR/ {ma = $3} /#define VTERM_VERSION_MINOR/ {mi = $3}
       END {print ma * 1000 + mi}' "$1"
}

# check_vterm CFLAGS LIBS: a program using libvterm compiles, links and runs.
check_vterm() {
  local chk=$DEPS/check
  if ! command -v cc >/dev/null; then return; fi
  mkdir -p "$chk"
  printf '%s\n' '#include <vterm.h>' \
    'int main(void) { VTerm *vt = vterm_new(24, 80); vterm_free(vt); return 0; }' >"$chk/vtprobe.c"
  # shellcheck disable=SC2086  # flag lists
  if ! cc $1 -o "$chk/vtprobe" "$chk/vtprobe.c" $2 >>"$LOG" 2>&1 || ! "$chk/vtprobe"; then
    die "a test program does not build or run with VTERM_CFLAGS='$1' VTERM_LIBS='$2'"
  fi
}

provide_vterm() {
  local cflags libs libdir deb stamp=$SYSROOT/.provisioned-vterm
  WHAT="libvterm >= 0.3 (headers and library)"
  HINT="libvterm-dev >= 0.3 (Debian 13 or later), or set VTERM_CFLAGS and VTERM_LIBS"
  if [[ -f /usr/include/vterm.h && $(vterm_h_version /usr/include/vterm.h) -ge 3 ]]; then
    cflags=$(pkg-config --cflags vterm 2>/dev/null) || cflags=
    libs=$(pkg-config --libs vterm 2>/dev/null) || libs=-lvterm
    cflags=${cflags%"${cflags##*[![:space:]]}"} libs=${libs%"${libs##*[![:space:]]}"}
  else
    cflags="-I$SYSROOT/usr/include"
    if ! stamp_ok "$stamp" "vterm $VTERM_SUITE" || [[ ! -f $SYSROOT/usr/include/vterm.h ]]; then
      init_apt
      fetch "$VTERM_SUITE" libvterm --exact libvterm-dev libvterm0
      say "unpacking libvterm of Debian $VTERM_SUITE into .deps/sysroot"
      mkdir -p "$SYSROOT"
      # Its one dependency, libc6 >= 2.14, is the host's.
      for deb in "${FETCHED[@]}"; do dpkg-deb -x "$deb" "$SYSROOT"; done
      [[ $(vterm_h_version "$SYSROOT/usr/include/vterm.h") -ge 3 ]] ||
        die "libvterm-dev of $VTERM_SUITE is older than 0.3"
    fi
    libdir=$(find "$SYSROOT/usr/lib" -name 'libvterm.so' -printf '%h\n' | head -n1) || true
    [[ -n $libdir ]] || die "no libvterm.so in .deps/sysroot"
    # The rpath lets the test programs find libvterm.so.0 without LD_LIBRARY_PATH.
    libs="-L$libdir -Wl,-rpath,$libdir -lvterm"
    if ! stamp_ok "$stamp" "vterm $VTERM_SUITE"; then
      check_vterm "$cflags" "$libs"
      stamp_write "$stamp" "vterm $VTERM_SUITE"
    fi
  fi
  frag vterm <<EOF
VTERM_CFLAGS ?= $cflags
VTERM_LIBS ?= $libs
EOF
}

provide_lua() {
  local luajit real deb
  WHAT="LuaJIT headers and interpreter"
  HINT="libluajit-5.1-dev and luajit (apt-get install libluajit-5.1-dev luajit)"
  # Headers.
  if command -v pkg-config >/dev/null && pkg-config --exists luajit; then
    LUA_CFLAGS_VAL=$(pkg-config --cflags luajit)
    LUA_CFLAGS_VAL=${LUA_CFLAGS_VAL%"${LUA_CFLAGS_VAL##*[![:space:]]}"}
  else
    if ! stamp_ok "$SYSROOT/.provisioned-luajit-dev" luajit-dev ||
      [[ ! -f $SYSROOT/usr/include/luajit-2.1/lua.h ]]; then
      init_apt
      fetch "$HOST_SUITE" luajit-dev --exact libluajit-5.1-dev
      say "unpacking LuaJIT headers of Debian $HOST_SUITE into .deps/sysroot"
      mkdir -p "$SYSROOT"
      dpkg-deb -x "${FETCHED[0]}" "$SYSROOT"
      [[ -f $SYSROOT/usr/include/luajit-2.1/lua.h ]] || die "libluajit-5.1-dev has no luajit-2.1/lua.h"
      stamp_write "$SYSROOT/.provisioned-luajit-dev" luajit-dev
    fi
    LUA_CFLAGS_VAL="-I$SYSROOT/usr/include/luajit-2.1"
  fi
  # Interpreter (a baseline for benchmarks).
  if [[ -n ${LUAJIT:-} ]]; then
    luajit=$(command -v "$LUAJIT") || die "LUAJIT=$LUAJIT is not an executable"
  elif command -v luajit >/dev/null; then
    luajit=$(command -v luajit)
  else
    luajit=$BIN/luajit
    if ! stamp_ok "$SYSROOT/.provisioned-luajit" luajit || [[ ! -x $luajit ]]; then
      init_apt
      fetch "$HOST_SUITE" luajit --exact luajit libluajit-5.1-2 libluajit-5.1-common
      say "unpacking luajit of Debian $HOST_SUITE into .deps/sysroot"
      mkdir -p "$SYSROOT" "$BIN"
      for deb in "${FETCHED[@]}"; do dpkg-deb -x "$deb" "$SYSROOT"; done
      real=$(readlink -f "$SYSROOT/usr/bin/luajit")
      [[ -x $real ]] || die "the luajit package has no usr/bin/luajit"
      # The host's glibc will do; only point it at the unpacked libluajit.
      need_patchelf
      "$PATCHELF" --force-rpath --set-rpath \
        "$(find "$SYSROOT/usr/lib" -name 'libluajit-5.1.so.2' -printf '%h\n' | head -n1)" "$real" \
        >>"$LOG" 2>&1 || die "patchelf failed on luajit"
      ln -sfn "../${real#"$DEPS"/}" "$luajit"
      "$luajit" -v >/dev/null 2>&1 || die "the unpacked luajit does not run"
      stamp_write "$SYSROOT/.provisioned-luajit" luajit
      say "$("$luajit" -v | cut -d' ' -f1-2) ready: .deps/bin/luajit"
    fi
  fi
  frag lua <<EOF
LUA_CFLAGS ?= $LUA_CFLAGS_VAL
LUAJIT ?= $luajit
EOF
}

write_env_mk() {
  local c
  {
    printf '# Generated by tests/provision.sh; do not edit (re-run the script).\n'
    printf '# ?= lets the environment or the make command line override any value.\n'
    for c in lua vterm nvim tree-sitter; do
      if [[ -f $FRAG/$c.mk ]]; then cat "$FRAG/$c.mk"; fi
    done
  } >"$DEPS/env.mk.tmp"
  mv -f "$DEPS/env.mk.tmp" "$DEPS/env.mk"
}

# ---------------------------------------------------------------- main
main() {
  local -a want=()
  local arg
  for arg in "${@:-all}"; do
    case $arg in
      all) want+=(lua vterm nvim tree-sitter) ;;
      nvim | tree-sitter | vterm | lua) want+=("$arg") ;;
      -h | --help) usage 0 ;;
      *)
        printf 'provision.sh: unknown component "%s"\n' "$arg" >&2
        printf 'usage: tests/provision.sh [all|nvim|tree-sitter|vterm|lua]... (--help)\n' >&2
        exit 2
        ;;
    esac
  done
  # Serialise concurrent runs (make -j): they share .deps/.
  if command -v flock >/dev/null; then
    exec 9>"$DEPS/.lock"
    flock 9
  fi
  # Fixed order: the Neovim check builds a Lua C module with the LuaJIT headers.
  for arg in lua vterm nvim tree-sitter; do
    if [[ " ${want[*]} " != *" $arg "* ]]; then continue; fi
    case $arg in
      lua) provide_lua ;;
      vterm) provide_vterm ;;
      nvim) provide_nvim ;;
      tree-sitter) provide_tree_sitter ;;
    esac
  done
  write_env_mk
  # The package indexes are only needed while fetching (the manifests in .deps/debs/
  # say what to unpack later): drop them, they are the bulk of .deps/.
  for arg in $UPDATED; do rm -rf "$DEPS/apt/$arg/lists" "$DEPS/apt/$arg/cache"; done
}

main "$@"
