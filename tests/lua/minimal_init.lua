-- Minimal init for the Lua tests: only this plugin (and $VIMRUNTIME) on the
-- runtimepath, no packages, no shada or swap files.
local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
vim.opt.runtimepath = { root, vim.env.VIMRUNTIME }
vim.opt.packpath = {}
vim.o.swapfile = false
vim.o.shada = ''
vim.o.more = false
vim.g.gongwen_test_root = root
-- runtime plugins the tests do not need (netrw also wants packpath in 0.12)
for _, name in ipairs({ 'netrw', 'netrwPlugin', 'gzip', 'tarPlugin', 'zipPlugin', 'tutor_mode_plugin', 'matchit' }) do
  vim.g['loaded_' .. name] = 1
end
package.path = root .. '/tests/lua/?.lua;' .. package.path
vim.o.report = 100000
-- The pinned Neovims come without tree-sitter parsers (Debian ships them apart):
-- let the bundled ftplugins (markdown in 0.12) start tree-sitter when they can.
-- The plugin's own parser is built (parser/gongwen.so), but most tests check the
-- plugin's own highlighting, which steps aside where tree-sitter highlights: the
-- ftplugin's tree-sitter highlighting runs only in tests that set
-- vim.g.gongwen_test_treesitter (tests/lua/test_treesitter.lua).
local ts_start = vim.treesitter.start
vim.treesitter.start = function(buf, lang, ...)
  if lang == 'gongwen' and not vim.g.gongwen_test_treesitter then
    return
  end
  pcall(ts_start, buf, lang, ...)
end
-- The plugin must not create globals.
setmetatable(_G, {
  __newindex = function(t, k, v)
    local src = debug.getinfo(2, 'S').source
    if src:find('/lua/gongwen/', 1, true) or src:find('/plugin/gongwen', 1, true) or src:find('/ftplugin/gongwen', 1, true) then
      error(('gongwen created a global: %s (%s)'):format(tostring(k), src), 2)
    end
    rawset(t, k, v)
  end,
})
