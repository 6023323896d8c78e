# gongwen.nvim: build, test and tools.
#
#   make            the Lua module, the tree-sitter parser and build/gongwen
#   make test       every test layer, then one line "N passed, N failed"
#   make demo       Neovim with only this plugin, on a sample report
#   make bench      benchmark figures (key=value lines at the end: core, Neovim layer, tree-sitter)
#   make fuzz       libFuzzer targets (FUZZ_SECONDS=N each; make test runs FUZZ_CI_SECONDS each)
#   make generate   regenerate the tree-sitter parser with the pinned CLI
#
# Only a C compiler, make and the Lua 5.1/LuaJIT headers are needed to build.
# LUA_CFLAGS overrides where the headers are (e.g. LUA_CFLAGS=-I/usr/include/luajit-2.1).

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
BUILD   := build
UNAME_S := $(shell uname -s)

# Pinned tools unpacked by tests/provision.sh (absent for plain users).
-include .deps/env.mk

LUA_CFLAGS ?= $(shell pkg-config --cflags luajit 2>/dev/null || pkg-config --cflags lua5.1 2>/dev/null || \
                      pkg-config --cflags lua-5.1 2>/dev/null || pkg-config --cflags lua51 2>/dev/null)
ifeq ($(UNAME_S),Darwin)
  SHARED := -bundle -undefined dynamic_lookup
else
  SHARED := -shared
endif

CORE_SRC := core/scan.c core/doc.c core/structure.c core/sm.c core/diag.c core/input.c core/load.c
CORE_HDR := core/gw.h core/gw_int.h core/gw_sm.h core/input.h
LUA_MOD  := lua/gongwen/core.so
CLI      := $(BUILD)/gongwen
# The tree-sitter parser: generated parser.c + the external scanner, which
# compiles the core's scan.c and sm.c into the library (see grammar/src/scanner.c).
PARSER   := parser/gongwen.so
PARSER_DEPS := grammar/src/parser.c grammar/src/scanner.c grammar/src/tree_sitter/parser.h \
               core/scan.c core/sm.c $(CORE_HDR)

.PHONY: all cli lua parser generate check-toolchain clean test test-c test-lua test-e2e test-grammar test-install provision demo
all: $(LUA_MOD) $(CLI) $(PARSER)

cli: $(CLI)
lua: $(LUA_MOD)
parser: $(PARSER)

# parser.c is generated code: built without the project's warning flags.
$(PARSER): $(PARSER_DEPS) | check-toolchain $(BUILD)
	@mkdir -p parser
	$(CC) -std=c11 $(CFLAGS) -fPIC -w -Igrammar/src -c -o $(BUILD)/ts-parser.o grammar/src/parser.c
	$(CC) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -Igrammar/src -c -o $(BUILD)/ts-scanner.o grammar/src/scanner.c
	$(CC) $(CFLAGS) $(SHARED) -o $@ $(BUILD)/ts-parser.o $(BUILD)/ts-scanner.o

# Regenerates grammar/src from grammar/grammar.js with the pinned tree-sitter CLI
# (tests/provision.sh; Node.js runs grammar.js). ABI 14: Neovim 0.10 reads <= 14.
generate:
	@test -x "$(TREE_SITTER)" || tests/provision.sh >/dev/null
	cd grammar && "$(or $(TREE_SITTER),$(CURDIR)/.deps/bin/tree-sitter)" generate --abi 14

check-toolchain:
	@command -v $(firstword $(CC)) >/dev/null 2>&1 || { \
	  echo "gongwen: no C compiler ($(CC)). Install one:"; \
	  echo "  Debian/Ubuntu: sudo apt install build-essential libluajit-5.1-dev"; \
	  echo "  Fedora:        sudo dnf install gcc make luajit-devel"; \
	  echo "  Arch:          sudo pacman -S base-devel luajit"; \
	  echo "  macOS:         xcode-select --install && brew install luajit"; exit 1; }

$(CLI): $(CORE_SRC) core/cli.c $(CORE_HDR) | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $(CORE_SRC) core/cli.c

$(LUA_MOD): $(CORE_SRC) core/lua_gongwen.c $(CORE_HDR) | check-toolchain
	@if [ -z "$(strip $(LUA_CFLAGS))" ]; then \
	  echo "gongwen: Lua 5.1/LuaJIT headers not found (pkg-config luajit). Install them, or set LUA_CFLAGS=-I<dir with lua.h>:"; \
	  echo "  Debian/Ubuntu: sudo apt install libluajit-5.1-dev pkg-config"; \
	  echo "  Fedora:        sudo dnf install luajit-devel pkgconf"; \
	  echo "  Arch:          sudo pacman -S luajit pkgconf"; \
	  echo "  macOS:         brew install luajit pkg-config"; exit 1; fi
	$(CC) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden $(LUA_CFLAGS) $(SHARED) -o $@ \
	  $(CORE_SRC) core/lua_gongwen.c

$(BUILD):
	@mkdir -p $(BUILD) $(BUILD)/results

# ---------------------------------------------------------------- tests

TEST_C_SRC := tests/c/test_core.c tests/c/tap.c
SAN        := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

$(BUILD)/test-core: $(CORE_SRC) $(CORE_HDR) $(TEST_C_SRC) tests/c/tap.h | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -Icore -o $@ $(CORE_SRC) $(TEST_C_SRC)

$(BUILD)/test-core-san: $(CORE_SRC) $(CORE_HDR) $(TEST_C_SRC) tests/c/tap.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -Icore -o $@ $(CORE_SRC) $(TEST_C_SRC)

$(BUILD)/corpus-score: tests/c/corpus_score.c | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

SHARED_DIR ?= ../shared

$(BUILD)/gongwen-san: $(CORE_SRC) core/cli.c $(CORE_HDR) | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -o $@ $(CORE_SRC) core/cli.c

test-c: $(BUILD)/test-core $(BUILD)/test-core-san $(BUILD)/corpus-score $(CLI) $(BUILD)/gongwen-san
	@rm -f $(BUILD)/results/c*.counts $(BUILD)/results/corpus.counts $(BUILD)/results/heldout.counts $(BUILD)/results/fixtures*.counts $(BUILD)/results/fuzz-regress.counts
	@echo "== C unit tests"
	@$(BUILD)/test-core --results $(BUILD)/results/c.counts
	@echo "== C unit tests under ASan and UBSan"
	@$(BUILD)/test-core-san --quiet --results $(BUILD)/results/c-san.counts
	@echo "== fixtures (tests/fixtures, exact), with the sanitized CLI"
	@ASAN_OPTIONS=detect_leaks=1 $(BUILD)/corpus-score --exact --cli $(BUILD)/gongwen-san \
	  --results $(BUILD)/results/fixtures.counts tests/fixtures
	@echo "== CLI: statuses, formats, bad input"
	@CLI=$(BUILD)/gongwen-san tests/cli/run.sh
	@echo "== corpus score ($(SHARED_DIR)/corpus)"
	@$(BUILD)/corpus-score --cli $(CLI) --results $(BUILD)/results/corpus.counts $(SHARED_DIR)/corpus
	@echo "== held-out score (tests/heldout: reports written apart from the rules, see its README)"
	@$(BUILD)/corpus-score --cli $(CLI) --results $(BUILD)/results/heldout.counts tests/heldout
	@echo "== fuzz regressions (tests/fuzz/regressions) under ASan and UBSan"
	@CC="$(CC)" tests/fuzz/regress.sh

provision:
	@tests/provision.sh

test-lua: $(LUA_MOD) $(CLI) $(PARSER)
	@tests/lua/run.sh

test-e2e: $(LUA_MOD) $(PARSER)
	@tests/e2e/run.sh

test-grammar: $(PARSER) $(CLI)
	@TREE_SITTER="$(TREE_SITTER)" SHARED_DIR="$(SHARED_DIR)" tests/grammar/run.sh

# every install path (native packages, vim.pack, lazy.nvim/vim-plug/packer/rocks.nvim
# layouts) from a local clone, in both pinned Neovims; integrations and file checks
test-install:
	@tests/install/run.sh

test:
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	@tests/provision.sh >/dev/null 2>$(BUILD)/provision.err || { cat $(BUILD)/provision.err; echo "(pinned tools not provisioned; layers that need them will fail)"; }
	@$(MAKE) --no-print-directory -k test-c test-lua test-e2e test-grammar test-install fuzz-ci; \
	  tests/summary.sh c c-san fixtures cli corpus heldout fuzz-regress lua e2e grammar install fuzz

demo: all
	@tests/demo.sh

# ---------------------------------------------------------------- bench and fuzz

.PHONY: bench fuzz fuzz-ci fuzz-regress
FUZZ_SECONDS ?= 30
FUZZ_CI_SECONDS ?= 20

# Benchmark figures; the last lines are key=value (see tests/bench/run.sh and
# tests/bench/nvim_bench.sh). Speed targets live here, never in timed tests.
bench: all
	@mkdir -p $(BUILD)/bench
	@CC="$(CC)" CFLAGS="$(CFLAGS)" SHARED_DIR="$(SHARED_DIR)" tests/bench/nvim_bench.sh >$(BUILD)/bench/nvim.out 2>&1; \
	  st=$$?; cat $(BUILD)/bench/nvim.out; exit $$st
	@CC="$(CC)" CFLAGS="$(CFLAGS)" LUAJIT="$(LUAJIT)" SHARED_DIR="$(SHARED_DIR)" tests/bench/run.sh >$(BUILD)/bench/core.out 2>&1; \
	  st=$$?; cat $(BUILD)/bench/core.out; exit $$st
	@CC="$(CC)" CFLAGS="$(CFLAGS)" NVIM="$(NVIM_012)" tests/bench/ts_bench.sh >$(BUILD)/bench/ts.out 2>&1; \
	  st=$$?; cat $(BUILD)/bench/ts.out; exit $$st
	@echo "== figures (core, Neovim layer, tree-sitter)"
	@grep -h '^[a-z_]*\.[a-z_0-9]*=' $(BUILD)/bench/core.out $(BUILD)/bench/nvim.out $(BUILD)/bench/ts.out

# libFuzzer targets (tests/fuzz/targets.sh), FUZZ_SECONDS each (needs a libFuzzer
# compiler: FUZZ_CC); build/results/fuzz.counts.
fuzz:
	@SHARED_DIR="$(SHARED_DIR)" CORE_SRC="$(CORE_SRC)" tests/fuzz/run.sh $(FUZZ_SECONDS)

# Part of make test: each target FUZZ_CI_SECONDS from the seeds (skipped without libFuzzer).
fuzz-ci:
	@echo "== fuzzing, $(FUZZ_CI_SECONDS) s per target (tests/fuzz/targets.sh)"
	@SHARED_DIR="$(SHARED_DIR)" CORE_SRC="$(CORE_SRC)" tests/fuzz/run.sh --ci $(FUZZ_CI_SECONDS)

# Saved fuzz inputs replayed under ASan+UBSan; build/results/fuzz-regress.counts.
fuzz-regress: | $(BUILD)
	@CC="$(CC)" CORE_SRC="$(CORE_SRC)" tests/fuzz/regress.sh

clean:
	rm -rf $(BUILD) $(LUA_MOD) parser/*.so
