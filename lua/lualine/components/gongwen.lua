-- lualine.nvim component "gongwen": the section path at the cursor of a report,
--   述职报告 › 一、履职情况 › （一）主要做法
-- empty (so lualine hides it) in buffers gongwen.nvim is not attached to.
--
--   require('lualine').setup({ sections = { lualine_c = { 'filename', 'gongwen' } } })
--   { 'gongwen', sep = ' > ' }          -- another separator (default ' › ')
--
-- Only lualine loads this file (lualine looks components up as
-- lualine.components.<name>); see :help gongwen-lualine.

local M = require('lualine.component'):extend()

local defaults = { sep = ' › ' }

function M:init(options)
  M.super.init(self, options)
  self.options = vim.tbl_extend('keep', self.options or {}, defaults)
end

function M:update_status()
  local ok, gongwen = pcall(require, 'gongwen')
  if not ok then
    return ''
  end
  -- lualine draws in the context of the window whose statusline it renders.
  local ok2, crumb = pcall(gongwen.breadcrumb, { winid = vim.api.nvim_get_current_win(), sep = self.options.sep })
  if not ok2 or type(crumb) ~= 'string' then
    return ''
  end
  -- The result is a statusline string: a literal % must be doubled.
  return (crumb:gsub('%%', '%%%%'))
end

return M
