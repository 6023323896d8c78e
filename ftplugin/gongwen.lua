-- Filetype plugin for Chinese work reports: section folding and default mappings.

if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

local undo = {}

vim.opt_local.foldmethod = 'expr'
vim.opt_local.foldexpr = "v:lua.require'gongwen'.foldexpr()"
undo[#undo + 1] = 'setlocal foldmethod< foldexpr<'
local foldlevel = require('gongwen.config').get().foldlevel
if foldlevel then
  vim.opt_local.foldlevel = foldlevel
  undo[#undo + 1] = 'setlocal foldlevel<'
end

local function flag(v)
  return v ~= nil and v ~= false and v ~= 0
end

if not (flag(vim.g.no_plugin_maps) or flag(vim.g.no_gongwen_maps)) then
  local maps = {
    { { 'n', 'x', 'o' }, ']]', 'next-heading' },
    { { 'n', 'x', 'o' }, '[[', 'prev-heading' },
    { { 'n', 'x', 'o' }, '][', 'next-sibling' },
    { { 'n', 'x', 'o' }, '[]', 'prev-sibling' },
    { { 'n', 'x', 'o' }, ']u', 'parent' },
    { { 'n', 'x', 'o' }, ']x', 'next-placeholder' },
    { { 'n', 'x', 'o' }, '[x', 'prev-placeholder' },
    { { 'x', 'o' }, 'as', 'a-section' },
    { { 'x', 'o' }, 'is', 'i-section' },
  }
  for _, m in ipairs(maps) do
    local plug = '<Plug>(gongwen-' .. m[3] .. ')'
    for _, mode in ipairs(m[1]) do
      -- leave keys alone when the user mapped the <Plug> name elsewhere
      if vim.fn.hasmapto(plug, mode) == 0 then
        vim.keymap.set(mode, m[2], plug, { buffer = true })
        undo[#undo + 1] = ('silent! %sunmap <buffer> %s'):format(mode, m[2])
      end
    end
  end
end

-- no spaces around "|": they would become part of an :unmap {lhs}
local prev = vim.b.undo_ftplugin
vim.b.undo_ftplugin = (prev and prev ~= '' and prev .. '|' or '') .. table.concat(undo, '|')
