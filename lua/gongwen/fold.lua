---@brief Folding by section: a foldexpr over the fold levels the core gives
--- (doc:section_levels(): a heading's section is a fold, its level is the
--- heading's depth; titles and labels do not fold).
---
--- The levels come from the structure pass, which is O(lines), so they are
--- taken once per pause in typing (the "structure" event), never per keystroke.
--- Vim evaluates 'foldexpr' while a change is applied, before the line events
--- reach the document, and between a change and the next structure pass; the
--- answers it gets then are the last known levels ("=" where lines moved). The
--- rows it evaluated then, the edited rows and every row whose level moved are
--- evaluated again after the structure pass (as vim.treesitter.foldexpr()
--- does), deferred to InsertLeave in Insert mode.

local api = vim.api
local state = require('gongwen.state')

local M = {}

-- Fold level strings, shared: LEVEL[d] = "d", START[d] = ">d".
local LEVEL, START = {}, {}
for d = 0, 32 do
  LEVEL[d], START[d] = tostring(d), '>' .. d
end

---@class gongwen.FoldLevels
---@field version integer document version they were computed for
---@field [integer] string fold level string per line (1-based)

-- Per buffer: the levels of the last structure pass (kept across changes).
---@type table<integer, gongwen.FoldLevels>
local known = {}

--- Fold level strings, one per line (1-based), of the current document. Runs
--- the structure pass when the text changed since it last ran.
---@param st gongwen.BufState
---@return string[]
function M.levels(st)
  local f = known[st.buf]
  if f and f.version == st.version then
    return f
  end
  state.analyze(st)
  local levels, starts = st.doc:section_levels()
  f = { version = st.version }
  for i = 1, #levels do
    local d = levels[i]
    local s = starts[i] and START[d] or LEVEL[d]
    if not s then
      s = (starts[i] and '>' or '') .. d
    end
    f[i] = s
  end
  known[st.buf] = f
  return f
end

-- Per buffer, as ranges of rows (0-based, end-exclusive):
--   pending   rows to evaluate again at the next update (edited, or answered
--             while the levels lagged), in current coordinates
--   stale     rows answered inside a change (before its line event, which merges
--             them into `pending`); `ok` when the answer came from levels of the
--             text before the change, not from a guess
-- and: seen, the levels Vim was last given everywhere (an update re-evaluates
-- where they differ from the new ones); waiting, an InsertLeave update is set
-- up; asked, Vim evaluated the foldexpr before the buffer was attached.
local pending, stale, seen, waiting, asked = {}, {}, {}, {}, {}

---@param t table<integer, integer[]>
---@param buf integer
---@param first integer
---@param last integer
local function extend(t, buf, first, last)
  local p = t[buf]
  if p then
    p[1], p[2] = math.min(p[1], first), math.max(p[2], last)
  else
    t[buf] = { first, last }
  end
end

--- 'foldexpr' value for line `lnum` (1-based; default v:lnum) of the current buffer.
---@param lnum? integer
---@return string
function M.expr(lnum)
  local buf = api.nvim_get_current_buf()
  local st = state.get(buf)
  if not st or not st.doc then
    asked[buf] = true
    return '0'
  end
  lnum = lnum or vim.v.lnum
  local in_change = state.in_change(st)
  local f, guessed
  if state.analyzed(st) then
    f = M.levels(st)
  else
    -- the structure pass has not run since the last change: answer from the
    -- last known levels where lines did not move, else "same as above"
    f = known[buf]
    guessed = true
    if f and #f ~= api.nvim_buf_line_count(buf) then
      f = nil
    end
  end
  if in_change then
    local s = stale[buf]
    if s then
      s[1], s[2], s.ok = math.min(s[1], lnum - 1), math.max(s[2], lnum), s.ok and not guessed
    else
      stale[buf] = { lnum - 1, lnum, ok = not guessed }
    end
  elseif guessed or f ~= seen[buf] then
    extend(pending, buf, lnum - 1, lnum)
  end
  return f and f[lnum] or '='
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
  end
  extend(pending, buf, first, last_new)
  local s = stale[buf]
  if s then
    extend(pending, buf, s[1], s[2])
    stale[buf] = nil
  end
end)

--- Rows answered "inside a change" that no line event followed: b:changedtick
--- moved without a change (see state.in_change). Right answers are kept, guesses
--- are evaluated again.
---@param buf integer
---@param st gongwen.BufState
local function settle(buf, st)
  state.sync_tick(st)
  local s = stale[buf]
  stale[buf] = nil
  if s and not s.ok then
    extend(pending, buf, s[1], s[2])
  end
end

--- Re-evaluates the folds where the levels moved or lagged (structure current).
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

state.on('structure', function(buf, st)
  settle(buf, st)
  if not api.nvim_get_mode().mode:match('^i') then
    update(buf)
    return
  end
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
      local st = state.get(buf)
      -- otherwise the pending structure event does it
      if st and st.doc and state.analyzed(st) then
        update(buf)
      end
    end,
  })
end)

state.on('attach', function(buf, st)
  if not st.doc then
    return
  end
  if asked[buf] then
    -- Vim computed folds while the buffer was not attached (or in the large
    -- mode, see state.RESUME): evaluate every line
    asked[buf], pending[buf], seen[buf] = nil, { 0, st.doc:line_count() }, nil
  else
    -- Vim will ask when it needs folds, and get these levels (the structure is
    -- analyzed at attach): nothing to evaluate twice
    seen[buf] = M.levels(st)
  end
  vim.schedule(function()
    if state.get(buf) == st then
      settle(buf, st)
      update(buf)
    end
  end)
end)

state.on('detach', function(buf)
  pending[buf], stale[buf], seen[buf], waiting[buf], known[buf] = nil, nil, nil, nil, nil
end)

return M
