# gongwen.nvim — build, test and tools. `make` builds the Lua module, the
# tree-sitter parser and the CLI; `make test` runs every test layer.

CC      ?= cc
CFLAGS  ?= -O2
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PIC     := -fPIC
BUILD   := build

-include .deps/env.mk

CORE_SRC := core/scan.c core/doc.c core/diag.c core/input.c
CORE_HDR := core/gw.h core/gw_int.h core/input.h

.PHONY: all cli clean
all: cli

cli: $(BUILD)/gongwen

$(BUILD)/gongwen: $(CORE_SRC) core/cli.c $(CORE_HDR) | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $(CORE_SRC) core/cli.c

$(BUILD):
	@mkdir -p $(BUILD) $(BUILD)/results

clean:
	rm -rf $(BUILD) lua/gongwen/*.so parser/*.so
