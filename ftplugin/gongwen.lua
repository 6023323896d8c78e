-- Filetype plugin for Chinese work reports: tree-sitter highlighting, section
-- folding and default mappings.

if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

local undo = {}

-- Section folds, unless the buffer is so long that evaluating 'foldexpr' for every
-- line (as Neovim does) would make opening it slow. 'foldlevel' first and
-- 'foldmethod' last: a new 'foldlevel' makes Vim compute the folds at once,
-- which with our 'foldexpr' would happen before the plugin attached (and be done
-- again after it); a new 'foldmethod' only marks them for the next redraw.
local api = vim.api
local cfg = require('gongwen.config').get()

-- Tree-sitter highlighting with the plugin's parser (:help gongwen-treesitter);
-- without the parser, one message and the plugin's own highlighting. Started
-- right after this file: loading vim.treesitter takes a few milliseconds that
-- need not delay the buffer's first screen (b:gongwen_ts_pending until then).
if cfg.treesitter.enabled then
  local buf = api.nvim_get_current_buf()
  vim.b[buf].gongwen_ts_pending = true
  vim.schedule(function()
    if not api.nvim_buf_is_valid(buf) then
      return
    end
    vim.b[buf].gongwen_ts_pending = nil
    if vim.bo[buf].filetype == 'gongwen' then
      require('gongwen.treesitter').start(buf)
    end
  end)
  undo[#undo + 1] = "call v:lua.require'gongwen.treesitter'.stop()"
end

if api.nvim_buf_line_count(0) <= cfg.max_foldlines then
  local loc = { scope = 'local' }
  if cfg.foldlevel then
    api.nvim_set_option_value('foldlevel', cfg.foldlevel, loc)
    undo[#undo + 1] = 'setlocal foldlevel<'
  end
  local expr = "v:lua.require'gongwen'.foldexpr()"
  if cfg.treesitter.fold and cfg.treesitter.enabled then
    local ts = require('gongwen.treesitter')
    if ts.available() then
      expr = ts.FOLDEXPR
    end
  end
  api.nvim_set_option_value('foldexpr', expr, loc)
  api.nvim_set_option_value('foldmethod', 'expr', loc)
  undo[#undo + 1] = 'setlocal foldmethod< foldexpr<'
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
    { { 'x', 'o' }, 'ax', 'a-placeholder' },
    { { 'x', 'o' }, 'ix', 'i-placeholder' },
  }
  -- the writing maps' defaults (<LocalLeader>gs …) come from their data
  for _, k in ipairs(require('gongwen.edit.keys').list) do
    maps[#maps + 1] = { { k[2] }, k[3], k[1]:match('^<Plug>%(gongwen%-(.+)%)$') }
  end
  -- leave keys alone when the user mapped the <Plug> name elsewhere; first one
  -- hasmapto() for all the modes (it matches part of a right-hand side), then
  -- one per mode, so that the usual case, no mapping to any of ours, costs one
  -- call instead of one per key
  local mapped, modes = {}, ''
  for _, m in ipairs(maps) do
    for _, mode in ipairs(m[1]) do
      if mapped[mode] == nil then
        mapped[mode] = false
        modes = modes .. mode
      end
    end
  end
  if vim.fn.hasmapto('<Plug>(gongwen-', modes) == 1 then
    for mode in pairs(mapped) do
      mapped[mode] = vim.fn.hasmapto('<Plug>(gongwen-', mode) == 1
    end
  end
  for _, m in ipairs(maps) do
    local plug = '<Plug>(gongwen-' .. m[3] .. ')'
    for _, mode in ipairs(m[1]) do
      if not mapped[mode] or vim.fn.hasmapto(plug, mode) == 0 then
        api.nvim_buf_set_keymap(0, mode, m[2], plug, {})
        undo[#undo + 1] = ('silent! %sunmap <buffer> %s'):format(mode, m[2])
      end
    end
  end
end

-- no spaces around "|": they would become part of an :unmap {lhs}
local prev = vim.b.undo_ftplugin
vim.b.undo_ftplugin = (prev and prev ~= '' and prev .. '|' or '') .. table.concat(undo, '|')
