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
local ts_start = vim.treesitter.start
vim.treesitter.start = function(...)
  pcall(ts_start, ...)
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
