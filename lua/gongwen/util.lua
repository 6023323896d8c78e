---@brief Small helpers shared by the modules: argument checks, notifications,
--- display-width fitting, cursor jumps.

local api = vim.api

local M = {}

--- The plugin's one augroup (created by plugin/gongwen.lua, never cleared here).
---@return integer
function M.augroup()
  return api.nvim_create_augroup('gongwen', { clear = false })
end

---@param msg string
---@param level? integer vim.log.levels
function M.notify(msg, level)
  vim.notify('gongwen: ' .. msg, level or vim.log.levels.INFO)
end

--- Raises "fname: name must be <types>, got <type>" unless `value` has one of `types`.
---@param fname string public function name, e.g. "gongwen.attach"
---@param name string argument name
---@param value any
---@param types string|string[] accepted Lua types
---@param optional? boolean nil is accepted
function M.check(fname, name, value, types, optional)
  if value == nil and optional then
    return
  end
  types = type(types) == 'table' and types or { types }
  local t = type(value)
  for _, want in ipairs(types) do
    if t == want then
      return
    end
  end
  error(('%s: %s must be %s, got %s'):format(fname, name, table.concat(types, ' or '), t), 3)
end

--- Normalizes a buffer argument (nil/0 = current) and checks it.
---@param fname string
---@param buf any
---@return integer
function M.buf(fname, buf)
  M.check(fname, 'bufnr', buf, 'number', true)
  if buf == nil or buf == 0 then
    return api.nvim_get_current_buf()
  end
  if not api.nvim_buf_is_valid(buf) then
    error(('%s: bufnr %d is not a valid buffer'):format(fname, buf), 3)
  end
  return buf
end

--- Normalizes a window argument (nil/0 = current) and checks it.
---@param fname string
---@param win any
---@return integer
function M.win(fname, win)
  M.check(fname, 'winid', win, 'number', true)
  if win == nil or win == 0 then
    return api.nvim_get_current_win()
  end
  if not api.nvim_win_is_valid(win) then
    error(('%s: winid %d is not a valid window'):format(fname, win), 3)
  end
  return win
end

--- True when a Vim-style flag variable is set (1/true; 0/false/nil are off).
---@param v any
---@return boolean
local function flag(v)
  return v ~= nil and v ~= false and v ~= 0
end

--- vim.g.gongwen_disable or vim.b[buf].gongwen_disable is set.
---@param buf integer
---@return boolean
function M.disabled(buf)
  return flag(vim.g.gongwen_disable) or (api.nvim_buf_is_valid(buf) and flag(vim.b[buf].gongwen_disable))
end

--- Cuts `s` to at most `width` display cells (ending in "…" when cut) and pads it
--- with spaces to exactly `width` cells. Wide (CJK) characters count two cells.
---@param s string
---@param width integer
---@return string
function M.fit(s, width)
  local w = api.nvim_strwidth(s)
  if w <= width then
    return s .. (' '):rep(width - w)
  end
  local ell = '…'
  local budget = width - api.nvim_strwidth(ell)
  local out, used = {}, 0
  for ch in s:gmatch('[%z\1-\127\192-\255][\128-\191]*') do
    local cw = api.nvim_strwidth(ch)
    if used + cw > budget then
      break
    end
    out[#out + 1] = ch
    used = used + cw
  end
  if budget < 0 then
    return (' '):rep(width)
  end
  return table.concat(out) .. ell .. (' '):rep(budget - used)
end

--- Moves the cursor of `win` to (row, col) (0-based row, byte col), adding the old
--- position to the jumplist in Normal mode and opening folds at the target.
---@param win integer
---@param row integer
---@param col? integer
function M.jump(win, row, col)
  api.nvim_win_call(win, function()
    if api.nvim_get_mode().mode == 'n' then
      vim.cmd("normal! m'")
    end
    api.nvim_win_set_cursor(win, { row + 1, col or 0 })
    if api.nvim_get_mode().mode == 'n' then
      vim.cmd('normal! zv')
    end
  end)
end

return M
