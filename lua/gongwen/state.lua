---@brief Per-buffer state: one core document per attached buffer, kept equal to the
--- buffer by nvim_buf_attach line events (doc:set_lines re-scans only the changed
--- lines), plus derived data cached per change.
---
--- Two costs are kept apart. Keeping the document equal to the buffer is
--- line-local and runs on every change. The structure pass (titles, outline,
--- section levels, report type) is O(lines) and runs at most once per pause:
--- M.DEBOUNCE ms after the last change, or when a command needs it now
--- (M.analyze). Code that runs per keystroke or per redraw asks M.analyzed()
--- and falls back to line-local answers (doc:line_local, doc:placeholders)
--- while it is false.
---
--- Events for the other modules:
---   "attach"    (buf, st)   after a buffer was attached (its structure is analyzed)
---   "detach"    (buf, st)   after it was detached (explicitly, unloaded or wiped)
---   "lines"     (st, first, last_old, last_new)  synchronously inside on_lines (no API calls!)
---   "change"    (buf, st)   once per batch of changes, scheduled (outside textlock)
---   "structure" (buf, st)   after the structure pass ran for the current text, at most
---                           once per pause in typing (scheduled)

local api = vim.api
local util = require('gongwen.util')

local M = {}

---@class gongwen.BufState
---@field buf integer
---@field doc? userdata core document (nil for a large buffer)
---@field large boolean the buffer exceeded max_filesize when attached
---@field version integer bumped on every change
---@field tick integer b:changedtick when the document last matched the buffer (see M.in_change)
---@field cache table derived data for `version`
---@field analyzed integer the `version` the structure pass last ran for (-1: never)
---@field structured integer the `version` of the last "structure" event ("attach" counts as the first)
---@field scheduled? boolean a "change" event is pending
---@field timer? uv.uv_timer_t debounce timer of the "structure" event

---@type table<integer, gongwen.BufState>
local states = {}
---@type table<integer, true> buffers detached by the user (no auto-attach)
local refused = {}

local listeners = { attach = {}, detach = {}, lines = {}, change = {}, structure = {} }

---@param event 'attach'|'detach'|'lines'|'change'|'structure'
---@param fn function
function M.on(event, fn)
  table.insert(listeners[event], fn)
end

local function emit(event, ...)
  for _, fn in ipairs(listeners[event]) do
    local ok, err = pcall(fn, ...)
    if not ok then
      vim.schedule(function()
        util.notify(('%s handler failed: %s'):format(event, err), vim.log.levels.ERROR)
      end)
    end
  end
end

---@param buf integer
---@return gongwen.BufState?
function M.get(buf)
  return states[buf]
end

--- Attached buffer numbers.
---@return integer[]
function M.buffers()
  return vim.tbl_keys(states)
end

--- Options for core.new()/doc:set_options() from the configuration.
---@return table
function M.core_options()
  local cfg = require('gongwen.config').get()
  return { lang = cfg.lang, level_skip = cfg.level_skip }
end

--- Milliseconds without changes before the structure pass runs and "structure"
--- is emitted.
M.DEBOUNCE = 100

local uv = vim.uv or vim.loop

--- Whether the structure pass ran for the current text: structure queries
--- (doc:line, outline, entry_at, section_levels …) are then free.
---@param st gongwen.BufState
---@return boolean
function M.analyzed(st)
  return st.doc ~= nil and st.analyzed == st.version
end

--- Runs the structure pass now if the text changed since it last ran (O(lines)
--- then; free otherwise). The pending "structure" event still comes.
---@param st gongwen.BufState
function M.analyze(st)
  if st.doc and st.analyzed ~= st.version then
    st.doc:is_report() -- any structure query runs the pass
    st.analyzed = st.version
  end
end

---@param st gongwen.BufState
local function stop_timer(st)
  if st.timer then
    st.timer:stop()
    st.timer:close()
    st.timer = nil
  end
end

--- Whether a change is being applied whose line event has not reached the
--- document yet (Vim evaluates 'foldexpr' then). Neovim increments b:changedtick
--- without a buffer event on :write and when reading a file, so `tick` is
--- resynced where no change can be in progress (scheduled callbacks,
--- BufWritePost); a true answer right after those is harmless.
---@param st gongwen.BufState
---@return boolean
function M.in_change(st)
  return api.nvim_buf_get_changedtick(st.buf) ~= st.tick
end

--- Resyncs `tick`: to be called where no change can be in progress.
---@param st gongwen.BufState
function M.sync_tick(st)
  if api.nvim_buf_is_valid(st.buf) then
    st.tick = api.nvim_buf_get_changedtick(st.buf)
  end
end

---@param st gongwen.BufState
local function structure_event(st)
  if states[st.buf] ~= st or not st.doc then
    return
  end
  M.sync_tick(st)
  M.analyze(st)
  st.structured = st.version
  emit('structure', st.buf, st)
end

--- (Re)starts the debounce of the "structure" event.
---@param st gongwen.BufState
local function schedule_structure(st)
  st.timer = st.timer or assert(uv.new_timer())
  st.timer:stop()
  st.timer:start(M.DEBOUNCE, 0, vim.schedule_wrap(function()
    structure_event(st)
  end))
end

--- Emits the pending "structure" event now instead of after the pause (outside
--- textlock). Does nothing when none is pending.
---@param st gongwen.BufState
function M.flush(st)
  if st.timer and st.timer:is_active() then
    st.timer:stop()
    structure_event(st)
  end
end

---@param st gongwen.BufState
local function changed(st)
  st.version = st.version + 1
  st.cache = {}
  schedule_structure(st)
  if not st.scheduled then
    st.scheduled = true
    vim.schedule(function()
      st.scheduled = false
      if states[st.buf] == st then
        M.sync_tick(st)
        emit('change', st.buf, st)
      end
    end)
  end
end

--- Reloads the whole buffer into the document (initial load, :edit!, recovery).
---@param st gongwen.BufState
function M.resync(st)
  st.doc:set_lines(0, st.doc:line_count(), api.nvim_buf_get_lines(st.buf, 0, -1, false))
  changed(st)
end

---@param buf integer
---@param st gongwen.BufState
local function drop(buf, st)
  if states[buf] ~= st then
    return
  end
  states[buf] = nil
  stop_timer(st)
  pcall(api.nvim_clear_autocmds, { group = util.augroup(), buffer = buf })
  emit('detach', buf, st)
  if st.doc then
    st.doc:close()
    st.doc = nil
  end
end

---@param st gongwen.BufState
---@return boolean attached
local function track(st)
  local buf = st.buf
  return api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, tick, first, last_old, last_new)
      if states[buf] ~= st then
        return true -- detached (or re-attached with a new state)
      end
      st.tick = tick
      local ok = pcall(st.doc.set_lines, st.doc, first, last_old, api.nvim_buf_get_lines(buf, first, last_new, false))
      if not ok then
        M.resync(st)
        emit('lines', st, 0, st.doc:line_count(), st.doc:line_count())
        return
      end
      changed(st)
      emit('lines', st, first, last_old, last_new)
    end,
    on_changedtick = function(_, _, tick)
      if states[buf] ~= st then
        return true
      end
      st.tick = tick
    end,
    on_reload = function()
      if states[buf] == st then
        st.tick = api.nvim_buf_get_changedtick(buf)
        M.resync(st)
        emit('lines', st, 0, st.doc:line_count(), st.doc:line_count())
      end
    end,
    on_detach = function()
      drop(buf, st)
    end,
  })
end

--- Attaches to a buffer. Returns the state, or nil and a reason:
--- "disabled", "not_loaded", "no_module".
---@param buf integer
---@return gongwen.BufState?
---@return string? reason
function M.attach(buf)
  if states[buf] then
    return states[buf]
  end
  if util.disabled(buf) then
    return nil, 'disabled'
  end
  if not api.nvim_buf_is_loaded(buf) then
    return nil, 'not_loaded'
  end
  local core = require('gongwen.native').get()
  if not core then
    return nil, 'no_module'
  end
  refused[buf] = nil
  local cfg = require('gongwen.config').get()
  local size = api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf))
  ---@type gongwen.BufState
  local st = {
    buf = buf,
    version = 0,
    analyzed = -1,
    structured = 0,
    tick = api.nvim_buf_get_changedtick(buf),
    cache = {},
    large = size > cfg.max_filesize,
  }
  states[buf] = st
  if st.large then
    local mb = 1024 * 1024
    util.notify(require('gongwen.i18n').t('too_large', size / mb, cfg.max_filesize / mb), vim.log.levels.WARN)
  else
    st.doc = core.new(M.core_options())
    st.doc:set_lines(0, 0, api.nvim_buf_get_lines(buf, 0, -1, false))
    if not track(st) then
      states[buf] = nil
      st.doc:close()
      return nil, 'not_loaded'
    end
    M.analyze(st) -- the first screen is drawn from the whole structure
  end
  api.nvim_create_autocmd({ 'BufWipeout', 'BufDelete' }, {
    group = util.augroup(),
    buffer = buf,
    desc = 'gongwen: forget buffer state',
    callback = function()
      drop(buf, st)
    end,
  })
  api.nvim_create_autocmd('BufWritePost', {
    group = util.augroup(),
    buffer = buf,
    desc = 'gongwen: :write changed b:changedtick',
    callback = function()
      M.sync_tick(st)
    end,
  })
  api.nvim_create_autocmd('BufEnter', {
    group = util.augroup(),
    buffer = buf,
    once = true,
    desc = 'gongwen: reading the file changed b:changedtick',
    callback = function()
      M.sync_tick(st)
    end,
  })
  emit('attach', buf, st)
  return st
end

--- Detaches from a buffer; `by_user` keeps it detached from automatic attaching.
---@param buf integer
---@param by_user? boolean
function M.detach(buf, by_user)
  local st = states[buf]
  if st then
    drop(buf, st)
  end
  if by_user and not refused[buf] then
    refused[buf] = true
    api.nvim_create_autocmd('BufWipeout', {
      group = util.augroup(),
      buffer = buf,
      once = true,
      desc = 'gongwen: forget a detached buffer',
      callback = function()
        refused[buf] = nil
      end,
    })
  end
end

--- The user detached this buffer (automatic attaching skips it).
---@param buf integer
---@return boolean
function M.refused(buf)
  return refused[buf] == true
end

--- Applies the current configuration to every attached document.
function M.reconfigure()
  local opts = M.core_options()
  for _, st in pairs(states) do
    if st.doc then
      st.doc:set_options(opts)
      changed(st)
      M.analyze(st) -- a rare event: everything is current again at once
    end
  end
end

--- Derived data cached until the next change: `fn(st)` runs once per version.
---@param st gongwen.BufState
---@param key string
---@param fn fun(st: gongwen.BufState): any
---@return any
function M.cached(st, key, fn)
  local v = st.cache[key]
  if v == nil then
    v = fn(st)
    st.cache[key] = v
  end
  return v
end

--- The document's whole outline (see doc:outline()), cached per change; each
--- entry also has its `index`. Builds a Lua table per entry: for the outline
--- window, the picker and get_outline(). Code that needs a few entries uses
--- M.entry() and M.section_at().
---@param st gongwen.BufState
---@return table[]
function M.outline(st)
  return M.cached(st, 'outline', function(s)
    M.analyze(s)
    local outline = s.doc:outline()
    for i, e in ipairs(outline) do
      e.index = i
    end
    return outline
  end)
end

--- Outline entry `i` (1-based; as doc:entry(), plus its `index`), or nil past
--- the end. Cached per change; runs the structure pass if needed.
---@param st gongwen.BufState
---@param i integer
---@return table?
function M.entry(st, i)
  if i < 1 then
    return nil
  end
  local all = st.cache.outline
  if all then
    return all[i]
  end
  local entries = st.cache.entries
  if not entries then
    entries = {}
    st.cache.entries = entries
  end
  local e = entries[i]
  if e == nil then
    M.analyze(st)
    e = st.doc:entry(i) or false
    if e then
      e.index = i
    end
    entries[i] = e
  end
  return e or nil
end

--- Index of the last outline entry that starts at or before 0-based `row`
--- (0 when none does). O(log entries) core calls.
---@param st gongwen.BufState
---@param row integer
---@return integer
function M.last_entry_before(st, row)
  local n = st.doc:line_count()
  if n == 0 or row < 0 then
    return 0
  end
  M.analyze(st)
  -- the innermost section at the row starts at or before it; entries after it
  -- that also start before the row are closed sections (e.g. before a signature)
  local lo = st.doc:entry_at(math.min(row, n - 1))
  if not lo then
    local first = M.entry(st, 1)
    if not first or first.line > row then
      return 0
    end
    lo = 1
  end
  local step, hi = 1, nil
  while true do
    local e = M.entry(st, lo + step)
    if not e or e.line > row then
      hi = lo + step
      break
    end
    lo = lo + step
    step = step * 2
  end
  -- entry lo starts at or before row, entry hi does not (or does not exist)
  while hi - lo > 1 do
    local mid = math.floor((lo + hi) / 2)
    local e = M.entry(st, mid)
    if e and e.line <= row then
      lo = mid
    else
      hi = mid
    end
  end
  return lo
end

--- Innermost section entry (a title, heading or label; items are paragraphs)
--- holding 0-based `row`, or nil. Runs the structure pass if needed.
---@param st gongwen.BufState
---@param row integer
---@return table?
function M.section_at(st, row)
  local n = st.doc:line_count()
  if n == 0 then
    return nil
  end
  M.analyze(st)
  local e = M.entry(st, st.doc:entry_at(math.min(math.max(row, 0), n - 1)) or 0)
  while e and e.kind == 'item' do
    e = e.parent and M.entry(st, e.parent)
  end
  return e or nil
end

return M
