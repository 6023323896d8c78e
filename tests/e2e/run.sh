#!/usr/bin/env bash
# tests/e2e/run.sh - the end-to-end TUI tests in each pinned Neovim.
#
# Builds build/e2e-harness from tests/e2e/harness.c when it is missing or older than
# the source (libvterm flags: $VTERM_CFLAGS/$VTERM_LIBS, else those tests/provision.sh
# wrote to .deps/env.mk, else pkg-config's), then runs tests/e2e/scenarios in every
# Neovim of $NVIMS (default: the pinned 0.10 and 0.12) or in $NVIM alone, writing
# build/results/e2e-<major.minor>.counts ("PASSED FAILED SKIPPED") per Neovim.
# E2E_SCENARIOS="tests/e2e/scenarios/00_smoke.scn ..." runs only those scenarios;
# UPDATE_SCREENS=1 re-records the reference screens (see tests/e2e/README.md).
# Exit status: non-zero when a scenario failed or a Neovim could not run.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
mkdir -p build/results

# A make variable from .deps/env.mk ("NAME ?= value").
env_mk() {
  [[ -f .deps/env.mk ]] && sed -n "s/^$1 ?= //p" .deps/env.mk
}

# Counts for a layer that could not run at all: one failure.
fail_all() {
  echo "not ok - $1" >&2
  echo "0 1 0" >build/results/e2e.counts
  exit 1
}

harness=build/e2e-harness
if [[ ! -x $harness || tests/e2e/harness.c -nt $harness ]]; then
  cflags=${VTERM_CFLAGS-$(env_mk VTERM_CFLAGS)}
  libs=${VTERM_LIBS-$(env_mk VTERM_LIBS)}
  if [[ -z $libs ]] && pkg-config --atleast-version=0.2 vterm 2>/dev/null; then
    cflags=$(pkg-config --cflags vterm) libs=$(pkg-config --libs vterm)
  fi
  [[ -n $libs ]] || fail_all "no libvterm >= 0.2: run tests/provision.sh (or set VTERM_CFLAGS/VTERM_LIBS)"
  # shellcheck disable=SC2086 # the flags are word lists
  ${CC:-cc} -std=c11 -O2 -g -Wall -Wextra -Werror $cflags tests/e2e/harness.c -o "$harness" $libs ||
    fail_all "build of $harness failed"
fi

if [[ -n "${NVIM:-}" ]]; then
  nvims=("$NVIM")
else
  read -r -a nvims <<<"${NVIMS:-.deps/bin/nvim-0.10 .deps/bin/nvim-0.12}"
fi
read -r -a scenarios <<<"${E2E_SCENARIOS:-tests/e2e/scenarios}"

status=0
for nvim in "${nvims[@]}"; do
  if ! command -v "$nvim" >/dev/null 2>&1; then
    echo "not ok - $nvim not found (run tests/provision.sh or set NVIM=)" >&2
    status=1
    continue
  fi
  version=$("$nvim" --version | head -n1 | sed -E 's/^NVIM v([0-9]+\.[0-9]+).*/\1/')
  echo "== end-to-end TUI tests in $("$nvim" --version | head -n1) ($nvim)"
  results=build/results/e2e-$version.counts
  rm -f "$results"
  "$harness" --nvim "$nvim" --results "$results" "${scenarios[@]}"
  rc=$?
  if [[ $rc -ne 0 ]]; then
    status=1
    [[ -s $results ]] || echo "0 1 0" >"$results"
  fi
done
exit $status
