---@brief Per-buffer state: one core document per attached buffer, kept equal to the
--- buffer by nvim_buf_attach line events (doc:set_lines re-scans only the changed
--- lines), plus derived data cached per change.
---
--- Events for the other modules:
---   "attach" (buf, st)   after a buffer was attached
---   "detach" (buf, st)   after it was detached (explicitly, unloaded or wiped)
---   "lines"  (st, first, last_old, last_new)  synchronously inside on_lines (no API calls!)
---   "change" (buf, st)   once per batch of changes, scheduled (outside textlock)

local api = vim.api
local util = require('gongwen.util')

local M = {}

---@class gongwen.BufState
---@field buf integer
---@field doc? userdata core document (nil for a large buffer)
---@field large boolean the buffer exceeded max_filesize when attached
---@field version integer bumped on every change
---@field tick integer b:changedtick of the last line event (the document matches it)
---@field cache table derived data for `version`
---@field scheduled? boolean a "change" event is pending

---@type table<integer, gongwen.BufState>
local states = {}
---@type table<integer, true> buffers detached by the user (no auto-attach)
local refused = {}

local listeners = { attach = {}, detach = {}, lines = {}, change = {} }

---@param event 'attach'|'detach'|'lines'|'change'
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

---@param st gongwen.BufState
local function changed(st)
  st.version = st.version + 1
  st.cache = {}
  if not st.scheduled then
    st.scheduled = true
    vim.schedule(function()
      st.scheduled = false
      if states[st.buf] == st then
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
  end
  api.nvim_create_autocmd({ 'BufWipeout', 'BufDelete' }, {
    group = util.augroup(),
    buffer = buf,
    desc = 'gongwen: forget buffer state',
    callback = function()
      drop(buf, st)
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

--- The document's outline (see doc:outline()), cached per change.
---@param st gongwen.BufState
---@return table[]
function M.outline(st)
  return M.cached(st, 'outline', function(s)
    local outline = s.doc:outline()
    for i, e in ipairs(outline) do
      e.index = i
    end
    return outline
  end)
end

--- Section entries: outline entries that are titles, headings or labels (items are
--- paragraphs, not sections). Each is the outline entry itself; `index` is its
--- position in the outline.
---@param st gongwen.BufState
---@return table[]
function M.sections(st)
  return M.cached(st, 'sections', function(s)
    local out = {}
    for _, e in ipairs(M.outline(s)) do
      if e.kind ~= 'item' then
        out[#out + 1] = e
      end
    end
    return out
  end)
end

--- Innermost section entry (not an item) holding 0-based `row`, or nil.
---@param st gongwen.BufState
---@param row integer
---@return table?
function M.section_at(st, row)
  local n = st.doc:line_count()
  if n == 0 then
    return nil
  end
  local outline = M.outline(st)
  local idx = st.doc:entry_at(math.min(math.max(row, 0), n - 1))
  while idx and outline[idx].kind == 'item' do
    idx = outline[idx].parent
  end
  return idx and outline[idx] or nil
end

return M
