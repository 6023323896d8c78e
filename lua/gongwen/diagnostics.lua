---@brief The analyzer's diagnostics as vim.diagnostic (namespace "gongwen"),
--- refreshed after `diagnostics.debounce` ms without edits; :Gongwen check.
---
--- Neovim's vim.diagnostic re-reads the extmarks of every published diagnostic
--- on each change of the buffer (a few µs each, per keystroke). So when a buffer
--- has more than `diagnostics.max` findings, only those near the lines its
--- windows show are published, and they follow scrolling; :Gongwen check lists
--- them all.

local api = vim.api
local config = require('gongwen.config')
local state = require('gongwen.state')

local M = {}

M.ns = api.nvim_create_namespace('gongwen')

local uv = vim.uv or vim.loop
---@type table<integer, uv.uv_timer_t>
local timers = {}

--- The document's diagnostics with the configured severities applied
--- (codes set to false are left out).
---@param doc userdata core document
---@return vim.Diagnostic[]
function M.collect(doc)
  local cfg = config.get()
  local overrides = cfg.diagnostics.severity
  local out = {}
  for _, d in ipairs(doc:diagnostics(cfg.lang)) do
    local sev = overrides[d.code]
    if sev ~= nil then
      sev = config.severity(sev)
    end
    if sev ~= false then
      d.severity = sev or d.severity
      d.user_data = { name = d.name }
      d.name = nil
      out[#out + 1] = d
    end
  end
  return out
end

-- Per buffer: every finding of the document version last refreshed, and the
-- row ranges published when only those near the views are.
---@type table<integer, { version: integer, items: vim.Diagnostic[], ranges?: integer[][] }>
local published = {}

--- Row ranges [first, last) around the views of the windows showing `buf`: the
--- view and one view height above and below.
---@param buf integer
---@return integer[][]
local function view_ranges(buf)
  local ranges = {}
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    local view = api.nvim_win_call(win, function()
      return { vim.fn.line('w0') - 1, vim.fn.line('w$') }
    end)
    local h = math.max(view[2] - view[1], 1)
    ranges[#ranges + 1] = { math.max(view[1] - h, 0), view[2] + h }
  end
  return ranges
end

---@param buf integer
local function publish(buf)
  local p = published[buf]
  local items = p.items
  p.ranges = nil
  if #items > config.get().diagnostics.max then
    p.ranges = view_ranges(buf)
    local near = {}
    for _, d in ipairs(items) do
      for _, r in ipairs(p.ranges) do
        if d.end_lnum >= r[1] and d.lnum < r[2] then
          near[#near + 1] = d
          break
        end
      end
    end
    items = near
  end
  vim.diagnostic.set(M.ns, buf, items)
end

--- Publishes the diagnostics of `buf` now (or clears them when off).
---@param buf integer
function M.refresh(buf)
  if not api.nvim_buf_is_valid(buf) then
    return
  end
  local st = state.get(buf)
  if not st or not st.doc or not config.get().diagnostics.enabled then
    published[buf] = nil
    vim.diagnostic.reset(M.ns, buf)
    return
  end
  local items = M.collect(st.doc)
  for _, d in ipairs(items) do
    d.bufnr = buf
  end
  published[buf] = { version = st.version, items = items }
  publish(buf)
end

--- After scrolling: when only the findings near the views are published and a
--- view left them, publish those near the new views (same text: no new analysis).
--- Called on WinScrolled.
---@param buf integer
function M.follow_views(buf)
  local p = published[buf]
  local st = state.get(buf)
  if not p or not p.ranges or not st or st.version ~= p.version then
    return
  end
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    local view = api.nvim_win_call(win, function()
      return { vim.fn.line('w0') - 1, vim.fn.line('w$') }
    end)
    local inside = false
    for _, r in ipairs(p.ranges) do
      inside = inside or (view[1] >= r[1] and view[2] <= r[2])
    end
    if not inside then
      publish(buf)
      return
    end
  end
end

api.nvim_create_autocmd('WinScrolled', {
  group = require('gongwen.util').augroup(),
  desc = 'gongwen: diagnostics near the new view',
  callback = function()
    local seen = {}
    for key in pairs(vim.v.event) do
      local win = tonumber(key)
      if win and api.nvim_win_is_valid(win) then
        local buf = api.nvim_win_get_buf(win)
        if published[buf] and not seen[buf] then
          seen[buf] = true
          M.follow_views(buf)
        end
      end
    end
  end,
})

local function stop(buf)
  local t = timers[buf]
  if t then
    timers[buf] = nil
    t:stop()
    t:close()
  end
end

--- Refreshes `buf` after the debounce delay; each call restarts the delay.
---@param buf integer
function M.schedule(buf)
  local t = timers[buf]
  if not t then
    t = assert(uv.new_timer())
    timers[buf] = t
  end
  t:stop()
  t:start(config.get().diagnostics.debounce, 0, vim.schedule_wrap(function()
    stop(buf)
    M.refresh(buf)
  end))
end

--- Applies option changes to every attached buffer.
function M.reconfigure()
  local cfg = config.get().diagnostics
  if cfg.config then
    vim.diagnostic.config(cfg.config, M.ns)
  end
  for _, buf in ipairs(state.buffers()) do
    M.refresh(buf)
  end
end

--- Fills the quickfix list with the diagnostics of `buf` (attached or not) and
--- opens it when there are any. Returns the quickfix items.
---@param buf integer
---@return table[]
function M.check(buf)
  local i18n = require('gongwen.i18n')
  local util = require('gongwen.util')
  local st = state.get(buf)
  local doc, temp
  if st and st.large then
    util.notify(i18n.t('large_unavailable'), vim.log.levels.WARN)
    return {}
  elseif st then
    doc = st.doc
  else
    local core = require('gongwen.native').get()
    if not core then
      return {}
    end
    temp = core.new(state.core_options())
    temp:set_lines(0, 0, api.nvim_buf_get_lines(buf, 0, -1, false))
    doc = temp
  end
  local letters = { 'E', 'W', 'I', 'N' }
  local items = {}
  for _, d in ipairs(M.collect(doc)) do
    items[#items + 1] = {
      bufnr = buf,
      lnum = d.lnum + 1,
      col = d.col + 1,
      end_lnum = d.end_lnum + 1,
      end_col = d.end_col + 1,
      text = ('%s [%s]'):format(d.message, d.code),
      type = letters[d.severity],
    }
  end
  if temp then
    temp:close()
  end
  vim.fn.setqflist({}, ' ', { title = i18n.t('check_title'), items = items })
  if #items > 0 then
    util.notify(i18n.t('problems', #items))
    vim.cmd('botright cwindow')
  else
    util.notify(i18n.t('no_problems'))
    vim.cmd('cclose')
  end
  return items
end

if config.get().diagnostics.config then
  vim.diagnostic.config(config.get().diagnostics.config, M.ns)
end

state.on('attach', function(buf)
  vim.schedule(function()
    M.refresh(buf)
  end)
end)
state.on('change', function(buf)
  M.schedule(buf)
end)
state.on('detach', function(buf)
  stop(buf)
  published[buf] = nil
  if api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(M.ns, buf)
  end
end)

return M
