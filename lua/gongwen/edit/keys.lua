---@brief Default keys of the writing <Plug> maps, buffer-local in gongwen buffers
--- (ftplugin/gongwen.lua). Data only, so that opening a report loads nothing more.

local M = {}

---@type { [1]: string, [2]: string, [3]: string }[] <Plug> name, mode, default key
M.list = {
  { '<Plug>(gongwen-skeleton)', 'n', '<LocalLeader>gs' },
  { '<Plug>(gongwen-heading)', 'n', '<LocalLeader>gh' },
  { '<Plug>(gongwen-heading)', 'i', '<C-g>h' },
  { '<Plug>(gongwen-heading-child)', 'n', '<LocalLeader>gH' },
  { '<Plug>(gongwen-heading-child)', 'i', '<C-g>H' },
  { '<Plug>(gongwen-move-up)', 'n', '<LocalLeader>gk' },
  { '<Plug>(gongwen-move-down)', 'n', '<LocalLeader>gj' },
  { '<Plug>(gongwen-promote)', 'n', '<LocalLeader>g<' },
  { '<Plug>(gongwen-demote)', 'n', '<LocalLeader>g>' },
  { '<Plug>(gongwen-renumber)', 'n', '<LocalLeader>gn' },
  { '<Plug>(gongwen-reflow)', 'n', '<LocalLeader>gq' },
  { '<Plug>(gongwen-reflow)', 'x', '<LocalLeader>gq' },
  { '<Plug>(gongwen-stats)', 'n', '<LocalLeader>gc' },
}

--- The default key of a <Plug> map in a mode, or nil.
---@param lhs string
---@param mode string
---@return string?
function M.default(lhs, mode)
  for _, k in ipairs(M.list) do
    if k[1] == lhs and k[2] == mode then
      return k[3]
    end
  end
end

return M
