-- gongwen.nvim for luarocks and rocks.nvim (`:Rocks install gongwen.nvim` once published).
--
-- This file lives in rockspec/, not at the repository root, on purpose. lazy.nvim looks
-- for a `*-scm-1.rockspec` (or -git-1, -dev-1) at a plugin's root; when its build compiles
-- C modules ("builtin" with `modules`, as here) lazy.nvim counts it as a complex build and
-- runs luarocks (or installs hererocks) for every user, even with `build = "make"`.
-- lazy.nvim, vim-plug, packer, vim.pack and native packages build with the Makefile;
-- this rockspec is for luarocks-based installs only. Publishing copies or templates it
-- (e.g. rockspec/gongwen.nvim-0.1.0-1.rockspec for the v0.1.0 tag, with source.tag).
--
-- Build from a checkout:  luarocks --lua-version 5.1 make rockspec/gongwen.nvim-scm-1.rockspec
-- tests/install/run.sh checks this file (fields, every Lua file listed) and, when luarocks
-- is installed, builds it into a private tree and runs the plugin from there.

rockspec_format = '3.0'
package = 'gongwen.nvim'
version = 'scm-1'

source = {
  -- Set to the public repository when the plugin is published (see CHANGELOG.md).
  url = 'git+https://example.invalid/gongwen.nvim.git',
}

description = {
  summary = 'Chinese work reports (公文) in Neovim: outline, numbering and completeness checks, placeholders, skeletons',
  detailed = [[
gongwen.nvim reads Chinese official work reports (述职报告, 情况报告, 对照检查材料,
工作总结 ...) the way a reviewer does: GB/T 9704 heading levels and their variants,
inline enumerations, role labels, placeholders and the parts each report type
requires. A C analyzer builds the outline, diagnostics, folds and motions; the
plugin adds skeletons, structural editing and renumbering.]],
  labels = { 'neovim', 'neovim-plugin', 'chinese', 'writing' },
}

dependencies = {
  'lua == 5.1',
}

build = {
  type = 'builtin',
  modules = {
    -- The analyzer, a Lua C module (lua/gongwen/core.so in a `make` build).
    ['gongwen.core'] = {
      sources = {
        'core/scan.c',
        'core/doc.c',
        'core/structure.c',
        'core/sm.c',
        'core/diag.c',
        'core/input.c',
        'core/load.c',
        'core/lua_gongwen.c',
      },
      incdirs = { 'core' },
    },
    -- The tree-sitter parser (parser/gongwen.so in a `make` build): the generated
    -- parser and the external scanner, which compiles core/scan.c and core/sm.c in.
    -- Not a Lua module: lua/gongwen/treesitter.lua finds the library through
    -- package.searchpath('gongwen.parser', package.cpath) and hands its path to
    -- vim.treesitter.language.add().
    ['gongwen.parser'] = {
      sources = { 'grammar/src/parser.c', 'grammar/src/scanner.c' },
      incdirs = { 'grammar/src' },
    },
    -- Every file under lua/ (tests/install/rockspec.lua fails when one is missing).
    ['gongwen'] = 'lua/gongwen/init.lua',
    ['gongwen.commands'] = 'lua/gongwen/commands.lua',
    ['gongwen.config'] = 'lua/gongwen/config.lua',
    ['gongwen.detect'] = 'lua/gongwen/detect.lua',
    ['gongwen.diagnostics'] = 'lua/gongwen/diagnostics.lua',
    ['gongwen.edit'] = 'lua/gongwen/edit/init.lua',
    ['gongwen.edit.base'] = 'lua/gongwen/edit/base.lua',
    ['gongwen.edit.insert'] = 'lua/gongwen/edit/insert.lua',
    ['gongwen.edit.keys'] = 'lua/gongwen/edit/keys.lua',
    ['gongwen.edit.number'] = 'lua/gongwen/edit/number.lua',
    ['gongwen.edit.reflow'] = 'lua/gongwen/edit/reflow.lua',
    ['gongwen.edit.snippets'] = 'lua/gongwen/edit/snippets.lua',
    ['gongwen.edit.stats'] = 'lua/gongwen/edit/stats.lua',
    ['gongwen.edit.structure'] = 'lua/gongwen/edit/structure.lua',
    ['gongwen.fold'] = 'lua/gongwen/fold.lua',
    ['gongwen.health'] = 'lua/gongwen/health.lua',
    ['gongwen.highlight'] = 'lua/gongwen/highlight.lua',
    ['gongwen.i18n'] = 'lua/gongwen/i18n.lua',
    ['gongwen.native'] = 'lua/gongwen/native.lua',
    ['gongwen.nav'] = 'lua/gongwen/nav.lua',
    ['gongwen.outline'] = 'lua/gongwen/outline.lua',
    ['gongwen.state'] = 'lua/gongwen/state.lua',
    ['gongwen.templates'] = 'lua/gongwen/templates.lua',
    ['gongwen.treesitter'] = 'lua/gongwen/treesitter.lua',
    ['gongwen.util'] = 'lua/gongwen/util.lua',
    ['lualine.components.gongwen'] = 'lua/lualine/components/gongwen.lua',
  },
  -- rocks.nvim puts each installed rock's directory on 'runtimepath'.
  copy_directories = { 'doc', 'ftplugin', 'plugin', 'queries', 'snippets' },
  platforms = {
    macosx = {
      modules = {
        -- iconv is a library of its own on macOS (part of libc on glibc systems).
        ['gongwen.core'] = { libraries = { 'iconv' } },
      },
    },
  },
}
