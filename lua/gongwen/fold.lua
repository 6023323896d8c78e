---@brief Folding by section: a foldexpr over fold levels computed from the core's
--- outline (a section's level is its outline depth + 1).
---
--- Vim evaluates 'foldexpr' while a change is applied, before the line events
--- reach the document, so the levels seen then are stale. After the change the
--- levels are recomputed and foldexpr is re-evaluated where they moved (as
--- vim.treesitter.foldexpr() does), deferred to InsertLeave in Insert mode.

local api = vim.api
local state = require('gongwen.state')

local M = {}

--- Fold level strings, one per line (1-based), for the current document.
---@param st gongwen.BufState
---@return string[]
function M.levels(st)
  return state.cached(st, 'folds', function(s)
    local n = s.doc:line_count()
    local levels = {}
    for i = 1, n do
      levels[i] = '0'
    end
    for _, e in ipairs(state.sections(s)) do
      local lvl = tostring(e.depth + 1)
      levels[e.line + 1] = '>' .. lvl
      for l = e.line + 2, math.min(e.end_line, n) do
        levels[l] = lvl
      end
    end
    return levels
  end)
end

-- Per buffer: rows (0-based, end-exclusive) edited since the last update, rows
-- Vim evaluated while the document lagged behind, and the levels Vim last saw.
local pending, stale, seen, waiting = {}, {}, {}, {}

--- 'foldexpr' value for line `lnum` (1-based; default v:lnum) of the current buffer.
---@param lnum? integer
---@return string
function M.expr(lnum)
  local buf = api.nvim_get_current_buf()
  local st = state.get(buf)
  if not st or not st.doc then
    return '0'
  end
  lnum = lnum or vim.v.lnum
  if api.nvim_buf_get_changedtick(buf) ~= st.tick then
    -- inside a change, before its line event: remember to evaluate this row again
    local s = stale[buf]
    if s then
      s[1], s[2] = math.min(s[1], lnum - 1), math.max(s[2], lnum)
    else
      stale[buf] = { lnum - 1, lnum }
    end
  end
  return M.levels(st)[lnum] or '='
end

---@param win integer
---@return boolean
local function uses_us(win)
  local wo = vim.wo[win]
  return wo.foldmethod == 'expr' and wo.foldexpr:find('gongwen', 1, true) ~= nil
end

state.on('lines', function(st, first, last_old, last_new)
  local buf = st.buf
  local p = pending[buf]
  if p then
    local delta = last_new - last_old
    if p[1] >= last_old then
      p[1] = p[1] + delta
    end
    if p[2] >= last_old then
      p[2] = p[2] + delta
    end
    p[1], p[2] = math.min(p[1], first), math.max(p[2], last_new)
  else
    p = { first, last_new }
    pending[buf] = p
  end
  local s = stale[buf]
  if s then
    p[1], p[2] = math.min(p[1], s[1]), math.max(p[2], s[2])
    stale[buf] = nil
  end
end)

---@param buf integer
local function update(buf)
  local st = state.get(buf)
  local p = pending[buf]
  pending[buf] = nil
  if not st or not st.doc or not p then
    return
  end
  local wins = vim.tbl_filter(uses_us, vim.fn.win_findbuf(buf))
  if #wins == 0 or not vim._foldupdate then
    -- nobody folds with us: forget what Vim saw (a later update starts from scratch)
    seen[buf] = nil
    return
  end
  local new = M.levels(st)
  local old = seen[buf] or {}
  seen[buf] = new
  -- Widen the edited range to every line whose level moved (common prefix/suffix).
  local lo, n_old, n_new = 1, #old, #new
  while lo <= n_old and lo <= n_new and old[lo] == new[lo] do
    lo = lo + 1
  end
  local k = 0
  while k < n_old - lo + 1 and k < n_new - lo + 1 and old[n_old - k] == new[n_new - k] do
    k = k + 1
  end
  local first = math.max(math.min(p[1], lo - 1), 0)
  local last = math.min(math.max(p[2], n_new - k), n_new)
  if first >= last then
    return
  end
  for _, win in ipairs(wins) do
    vim._foldupdate(win, first, last)
  end
end

state.on('change', function(buf)
  if api.nvim_get_mode().mode:match('^i') then
    -- folds are not updated in Insert mode; catch up when leaving it
    if waiting[buf] then
      return
    end
    waiting[buf] = true
    api.nvim_create_autocmd('InsertLeave', {
      group = require('gongwen.util').augroup(),
      buffer = buf,
      once = true,
      desc = 'gongwen: update folds',
      callback = function()
        waiting[buf] = nil
        update(buf)
      end,
    })
    return
  end
  update(buf)
end)

state.on('attach', function(buf, st)
  if st.doc then
    -- folds may have been computed while detached: evaluate every line once
    pending[buf], seen[buf] = { 0, st.doc:line_count() }, nil
    vim.schedule(function()
      update(buf)
    end)
  end
end)

state.on('detach', function(buf)
  pending[buf], stale[buf], seen[buf], waiting[buf] = nil, nil, nil, nil
end)

return M
