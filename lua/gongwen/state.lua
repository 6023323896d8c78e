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
--- A buffer larger than max_filesize is in the large mode (st.large): no
--- document, only line-local work (see :help gongwen-large). The size is checked
--- on every change (nvim_buf_get_offset: no scan of the text), before the
--- changed lines are read, so a buffer that grows past the limit switches to
--- the large mode without the change being read, and one in the large mode
--- that shrinks to M.RESUME of the limit is read again and analyzed in full.
---
--- Events for the other modules:
---   "attach"    (buf, st, switched)  after a buffer was attached (its structure is
---                           analyzed); for a large file read by the core (see
---                           M.LOAD_BYTES) when the load is over. Also after the
---                           buffer switched mode (st.large changed, `switched`
---                           true; scheduled), following a "detach" of the old
---                           mode: listeners start over as for a new buffer
---   "detach"    (buf, st, switched)  after it was detached (explicitly, unloaded or
---                           wiped), or, `switched` true, it left its mode
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
---@field large boolean the large mode: the buffer exceeded max_filesize when attached or grew past it since (no `doc`; see M.RESUME)
---@field told_large? boolean the mode the user was last told about (a notice on every switch)
---@field announced? boolean an "attach" event was emitted for this state
---@field announcing? boolean the announcement of a mode switch is scheduled
---@field version integer bumped on every change
---@field tick integer b:changedtick when the document last matched the buffer (see M.in_change)
---@field cache table derived data for `version`
---@field analyzed integer the `version` the structure pass last ran for (-1: never)
---@field structured integer the `version` of the last "structure" event ("attach" counts as the first)
---@field scheduled? boolean a "change" event is pending
---@field timer? uv.uv_timer_t debounce timer of the "structure" event
---@field loader? userdata core load reading the buffer's file (doc is nil meanwhile)
---@field queue? table[] changes made while loading: { first, last_old, lines }
---@field expect? table what the buffer held when the load started (lines, bytes, samples)
---@field load_opts? table core options the load started with
---@field poll? uv.uv_timer_t polls the load
---@field verify? integer next line the background comparison with the buffer checks
---@field verifier? uv.uv_timer_t runs that comparison
---@field changed_at? integer uv.now() of the last change
---@field loaded? boolean the document came from a load (core.load)

---@type table<integer, gongwen.BufState>
local states = {}
---@type table<integer, gongwen.BufState> buffers whose file the core is reading (see M.get)
local loading = {}
---@type table<integer, { ld: userdata, path: string }> loads started by M.prefetch
local prefetched = {}
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

local finish, apply

--- The state of an attached buffer, or nil. A buffer whose file the core is
--- still reading (see M.LOAD_BYTES) is waited for here, unless `nowait` (nil
--- then): the state returned is always complete (its "attach" event follows,
--- scheduled).
---@param buf integer
---@param nowait? boolean
---@return gongwen.BufState?
function M.get(buf, nowait)
  local st = states[buf]
  if st == nil and loading[buf] and not nowait then
    finish(loading[buf], true)
    st = states[buf]
  end
  return st
end

--- Whether the core is still reading the file of `buf` (M.get would wait for it).
---@param buf integer
---@return boolean
function M.loading(buf)
  return loading[buf] ~= nil
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
  st.changed_at = uv.now()
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
  st.verify = nil
  st.doc:set_lines(0, st.doc:line_count(), api.nvim_buf_get_lines(st.buf, 0, -1, false))
  changed(st)
end

---@param t? uv.uv_timer_t
local function close_timer(t)
  if t and not t:is_closing() then
    t:stop()
    t:close()
  end
end

--- Stops a load in progress (without waiting for its threads).
---@param st gongwen.BufState
local function cancel_load(st)
  if loading[st.buf] == st then
    loading[st.buf] = nil
  end
  close_timer(st.poll)
  st.poll = nil
  if st.loader then
    st.loader:cancel()
    st.loader = nil
  end
  st.queue, st.expect = nil, nil
end

--- A buffer in the large mode goes back to full analysis once its size is at
--- most this fraction of max_filesize (not as soon as it is within the limit:
--- a buffer around the limit would switch on every keystroke).
M.RESUME = 0.9

--- Bytes of the buffer, as compared with max_filesize (each line and its
--- newline). Neovim keeps per-chunk byte counts: no scan of the text.
---@param buf integer
---@return integer
function M.size(buf)
  return api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf))
end

--- The size above which a buffer is in the large mode: max_filesize for one
--- being analyzed, M.RESUME of it for one already in the large mode.
---@param large boolean
---@return integer bytes
function M.limit(large)
  local max = require('gongwen.config').get().max_filesize
  return large and math.floor(max * M.RESUME) or max
end

---@param key 'too_large'|'large_resumed'
---@param buf integer
local function size_notice(key, buf)
  local mb = 1024 * 1024
  local size = api.nvim_buf_is_valid(buf) and M.size(buf) or 0
  local max = require('gongwen.config').get().max_filesize
  local level = key == 'too_large' and vim.log.levels.WARN or vim.log.levels.INFO
  util.notify(require('gongwen.i18n').t(key, size / mb, max / mb), level)
end

--- Tells the user and the other modules that the buffer switched mode, outside
--- the textlock (scheduled): one notice when the mode differs from the one the
--- user was last told about, then "detach" (when an "attach" was emitted
--- before) and "attach" with `switched` true. Switches before it runs make one
--- announcement of the mode the buffer ended in.
---@param st gongwen.BufState
local function announce(st)
  if st.announcing then
    return
  end
  st.announcing = true
  vim.schedule(function()
    st.announcing = nil
    local buf = st.buf
    if states[buf] ~= st then
      return
    end
    if st.told_large ~= st.large then
      st.told_large = st.large
      size_notice(st.large and 'too_large' or 'large_resumed', buf)
    end
    M.sync_tick(st)
    if st.announced then
      emit('detach', buf, st, true)
    end
    M.analyze(st) -- nothing for the large mode
    st.announced = true
    emit('attach', buf, st, true)
  end)
end

--- Switches a buffer being analyzed (or loaded) to the large mode: the load is
--- cancelled, the document dropped. May run inside on_lines: the rest is
--- announced (see announce).
---@param st gongwen.BufState
local function go_large(st)
  local buf = st.buf
  if loading[buf] == st then
    cancel_load(st)
  end
  close_timer(st.verifier)
  st.verifier, st.verify = nil, nil
  stop_timer(st)
  if st.doc then
    st.doc:close()
    st.doc = nil
  end
  st.large = true
  st.version = st.version + 1
  st.cache = {}
  states[buf] = st
  announce(st)
end

--- Leaves the large mode: the document is read from the buffer in one step.
--- May run inside on_lines.
---@param st gongwen.BufState
local function resume(st)
  local core = require('gongwen.native').load()
  if not core then
    return
  end
  st.doc = core.new(M.core_options())
  st.doc:set_lines(0, 0, api.nvim_buf_get_lines(st.buf, 0, -1, false))
  st.large = false
  changed(st)
  announce(st)
end

--- After a change (or a reload, or a new max_filesize): switches the mode when
--- the size crossed the limit of the current one. Returns true when the
--- document must not follow the change: the buffer is (now) in the large mode,
--- or was just read whole.
---@param st gongwen.BufState
---@return boolean
local function follow_size(st)
  local large = M.size(st.buf) > M.limit(st.large)
  if large == st.large then
    return large
  end
  if large then
    go_large(st)
  else
    resume(st)
  end
  return true
end

---@param buf integer
---@param st gongwen.BufState
local function drop(buf, st)
  if loading[buf] == st then
    cancel_load(st)
    pcall(api.nvim_clear_autocmds, { group = util.augroup(), buffer = buf })
    return
  end
  if states[buf] ~= st then
    return
  end
  close_timer(st.verifier)
  st.verifier, st.verify = nil, nil
  states[buf] = nil
  stop_timer(st)
  pcall(api.nvim_clear_autocmds, { group = util.augroup(), buffer = buf })
  emit('detach', buf, st)
  if st.doc then
    st.doc:close()
    st.doc = nil
  end
end

--- Applies a change the buffer reported (lines [first, last_old) replaced by
--- `lines`) to `doc`. Deleting every line leaves a buffer with one empty line,
--- which the change does not report: the document gets it too. Returns the
--- lines added beyond the report (0 or 1).
---@param doc userdata
---@param first integer
---@param last_old integer
---@param lines string[]
---@return integer
function apply(doc, first, last_old, lines)
  doc:set_lines(first, last_old, lines)
  if doc:line_count() == 0 then
    doc:set_lines(0, 0, { '' })
    return 1
  end
  return 0
end

---@param st gongwen.BufState
---@return boolean attached
local function track(st)
  local buf = st.buf
  return api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, tick, first, last_old, last_new)
      if states[buf] ~= st and loading[buf] ~= st then
        return true -- detached (or re-attached with a new state)
      end
      st.tick = tick
      if follow_size(st) then
        return -- large, or switched mode: the lines are not read
      end
      if st.loader then
        -- the document comes from the load: replayed on it when it is over
        st.queue[#st.queue + 1] = { first, last_old, api.nvim_buf_get_lines(buf, first, last_new, false) }
        return
      end
      local v = st.verify
      if v and first < v then
        -- lines [0, v) were compared; changed lines come from the buffer
        st.verify = last_old <= v and v + last_new - last_old or last_new
      end
      local ok, added = pcall(apply, st.doc, first, last_old, api.nvim_buf_get_lines(buf, first, last_new, false))
      if not ok then
        M.resync(st)
        emit('lines', st, 0, st.doc:line_count(), st.doc:line_count())
        return
      end
      changed(st)
      emit('lines', st, first, last_old, last_new + added)
    end,
    on_changedtick = function(_, _, tick)
      if states[buf] ~= st and loading[buf] ~= st then
        return true
      end
      st.tick = tick
    end,
    on_reload = function()
      if loading[buf] == st then
        -- the file was read again: the document is taken from the buffer
        st.tick = api.nvim_buf_get_changedtick(buf)
        if not follow_size(st) then
          finish(st, true, true)
        end
      elseif states[buf] == st then
        st.tick = api.nvim_buf_get_changedtick(buf)
        if follow_size(st) then
          return
        end
        M.resync(st)
        emit('lines', st, 0, st.doc:line_count(), st.doc:line_count())
      end
    end,
    on_detach = function()
      drop(buf, st)
    end,
  })
end

--- Buffers of at least this many bytes that hold a file just as it was read
--- (unmodified, 'fileformat' unix, 'fileencoding' utf-8 or empty) are loaded by
--- the core from the file, in background threads (core.load), instead of through
--- nvim_buf_get_lines(): no Lua string per line, the lines scanned on every
--- processor. The result is checked against the buffer before it is used (line
--- count, bytes, sample lines), then compared with the whole buffer in the
--- background (M.VERIFY_LINES lines at a time); a difference means the document
--- is read from the buffer again. Changes made while loading are replayed.
M.LOAD_BYTES = 1024 * 1024
--- Threads of a load (0: one per processor).
M.LOAD_THREADS = 0
--- Lines compared per step of the background comparison: one step every
--- M.VERIFY_MS ms, none within M.DEBOUNCE ms of a change (typing never waits
--- for it).
M.VERIFY_LINES = 1000
M.VERIFY_MS = 2
--- Sample lines compared before a load is used.
local SAMPLES = 16

--- Where the core can read what `buf` holds: its file and the bytes to skip
--- (a byte order mark Neovim took away), or nil when the buffer may not be
--- the file's bytes split at \n.
---@param buf integer
---@return string? path
---@return integer? skip
local function file_source(buf)
  local bo = vim.bo[buf]
  if bo.modified or bo.buftype ~= '' or bo.fileformat ~= 'unix' then
    return nil
  end
  if bo.fileencoding ~= '' and bo.fileencoding ~= 'utf-8' then
    return nil
  end
  local path = api.nvim_buf_get_name(buf)
  local stat = path ~= '' and uv.fs_stat(path)
  if not stat or stat.type ~= 'file' then
    return nil
  end
  return path, (bo.bomb and not bo.binary) and 3 or 0
end

--- Compares the next M.VERIFY_LINES lines of the document with the buffer; on
--- a difference the document is read from the buffer.
---@param st gongwen.BufState
local function verify_step(st)
  if states[st.buf] ~= st or not st.verify or not st.doc then
    close_timer(st.verifier)
    st.verifier, st.verify = nil, nil
    return
  end
  if st.changed_at and uv.now() - st.changed_at < M.DEBOUNCE then
    return -- typing: later
  end
  local n = st.doc:line_count()
  local first = math.min(st.verify, n)
  local last = math.min(first + M.VERIFY_LINES, n)
  local bad = st.doc:compare(first, api.nvim_buf_get_lines(st.buf, first, last, false))
  if bad or (last == n and api.nvim_buf_line_count(st.buf) ~= n) then
    M.resync(st)
    emit('lines', st, 0, st.doc:line_count(), st.doc:line_count())
  elseif last < n then
    st.verify = last
    return
  end
  close_timer(st.verifier)
  st.verifier, st.verify = nil, nil
end

--- Autocommands of an attached (or loading) buffer.
---@param buf integer
---@param st gongwen.BufState
local function buffer_autocmds(buf, st)
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
end

--- Ends the load of `st`: waits for it if it still runs, checks it against what
--- the buffer held when it started, replays the changes made since, and makes
--- the buffer attached. `sync`: called from M.get, where the "attach" event is
--- scheduled (the caller may be in a textlock); `reload`: the buffer was read
--- again, the load is dropped.
---@param st gongwen.BufState
---@param sync boolean
---@param reload? boolean
function finish(st, sync, reload)
  local buf = st.buf
  local ld, queue, expect = st.loader, st.queue or {}, st.expect
  st.loader = nil
  cancel_load(st) -- the poll timer and loading[buf]; the loader was taken
  local core = require('gongwen.native').load()
  local doc, lines, bytes
  if ld and not reload then
    doc, lines, bytes = ld:finish()
  elseif ld then
    ld:cancel()
  end
  local ok = doc ~= nil and expect ~= nil and lines == expect.lines and bytes == expect.bytes
  if ok then
    for row, text in pairs(expect.samples) do
      if doc:compare(row, { text }) then
        ok = false
        break
      end
    end
  end
  if ok then
    if not vim.deep_equal(st.load_opts, M.core_options()) then
      doc:set_options(M.core_options())
    end
    for _, e in ipairs(queue) do
      if not pcall(apply, doc, e[1], e[2], e[3]) then
        ok = false
        break
      end
    end
  end
  if not ok then
    -- not the buffer's text (or changes that do not fit): read the buffer
    if doc then
      doc:close()
    end
    doc = core.new(M.core_options())
    doc:set_lines(0, 0, api.nvim_buf_get_lines(buf, 0, -1, false))
  end
  st.doc, st.load_opts, st.loaded = doc, nil, true
  states[buf] = st
  M.sync_tick(st)
  M.analyze(st) -- free unless changes were replayed
  if ok then
    st.verify = 0
    st.verifier = assert(uv.new_timer())
    st.verifier:start(M.VERIFY_MS, M.VERIFY_MS, vim.schedule_wrap(function()
      verify_step(st)
    end))
  end
  if sync then
    vim.schedule(function()
      if states[buf] == st then
        st.announced = true
        emit('attach', buf, st)
      end
    end)
  else
    st.announced = true
    emit('attach', buf, st)
  end
end

--- Starts the core reading the file of `buf` (see M.LOAD_BYTES); the buffer is
--- attached when the load is over. Returns false when it cannot.
---@param st gongwen.BufState
---@param core table
---@param size integer
---@return boolean
local function start_load(st, core, size)
  local buf = st.buf
  local path, skip = file_source(buf)
  if not path then
    return false
  end
  local opts = M.core_options()
  local ld
  local pre = prefetched[buf]
  prefetched[buf] = nil
  if pre and pre.path == vim.fs.normalize(path) and skip == 0 then
    ld = pre.ld
  else
    if pre then
      pre.ld:cancel()
    end
    ld = core.load(path, opts, skip, M.LOAD_THREADS)
    if not ld then
      return false
    end
  end
  local n = api.nvim_buf_line_count(buf)
  local samples = {}
  for i = 0, SAMPLES - 1 do
    local row = math.floor(i * (n - 1) / (SAMPLES - 1))
    samples[row] = samples[row] or api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
  end
  st.loader, st.queue, st.load_opts = ld, {}, opts
  st.expect = { lines = n, bytes = size - n, samples = samples }
  loading[buf] = st
  if not track(st) then
    cancel_load(st)
    return false
  end
  st.poll = assert(uv.new_timer())
  st.poll:start(1, 1, function()
    if st.loader and st.loader:done() then
      st.poll:stop()
      vim.schedule(function()
        if loading[buf] == st then
          finish(st, false)
        end
      end)
    end
  end)
  return true
end

--- Starts reading a file that is about to be read into `buf` (from a BufReadPre
--- autocommand), so that the core's work overlaps Neovim's: M.attach takes the
--- load over when the buffer is attached; otherwise it is dropped once the
--- reading of the buffer is over. Only files of at least M.LOAD_BYTES bytes.
---@param buf integer
---@param path string
function M.prefetch(buf, path)
  if states[buf] or loading[buf] or prefetched[buf] or util.disabled(buf) then
    return
  end
  local stat = uv.fs_stat(path)
  if not stat or stat.type ~= 'file' or stat.size < M.LOAD_BYTES then
    return
  end
  if stat.size > require('gongwen.config').get().max_filesize then
    return -- a large buffer: not analyzed as a whole
  end
  local core = require('gongwen.native').load()
  local ld = core and core.load(path, M.core_options(), 0, M.LOAD_THREADS)
  if not ld then
    return
  end
  local pre = { ld = ld, path = vim.fs.normalize(vim.fn.fnamemodify(path, ':p')) }
  prefetched[buf] = pre
  vim.schedule(function()
    if prefetched[buf] == pre then
      prefetched[buf] = nil
      ld:cancel()
    end
  end)
end

--- Attaches to a buffer. Returns the state, or nil and a reason:
--- "disabled", "not_loaded", "no_module". A large file just read is loaded by
--- the core in the background (M.LOAD_BYTES): the state is returned at once,
--- its document comes with the "attach" event (M.get waits for it).
---@param buf integer
---@return gongwen.BufState?
---@return string? reason
function M.attach(buf)
  if states[buf] or loading[buf] then
    return states[buf] or loading[buf]
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
  st.told_large = st.large
  if st.large then
    -- followed all the same: a change that shrinks it resumes the analysis
    states[buf] = st
    if not track(st) then
      states[buf] = nil
      return nil, 'not_loaded'
    end
    size_notice('too_large', buf)
  elseif size >= M.LOAD_BYTES and start_load(st, core, size) then
    buffer_autocmds(buf, st)
    return st
  else
    states[buf] = st
    st.doc = core.new(M.core_options())
    st.doc:set_lines(0, 0, api.nvim_buf_get_lines(buf, 0, -1, false))
    if not track(st) then
      states[buf] = nil
      st.doc:close()
      return nil, 'not_loaded'
    end
    M.analyze(st) -- the first screen is drawn from the whole structure
  end
  buffer_autocmds(buf, st)
  st.announced = true
  emit('attach', buf, st)
  return st
end

--- Detaches from a buffer; `by_user` keeps it detached from automatic attaching.
---@param buf integer
---@param by_user? boolean
function M.detach(buf, by_user)
  local st = states[buf] or loading[buf]
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

--- Applies the current configuration to every attached document; a buffer
--- whose size is now past the limit of its mode (a new max_filesize) switches
--- mode (see M.RESUME).
function M.reconfigure()
  local opts = M.core_options()
  local function large(st)
    return api.nvim_buf_is_valid(st.buf) and follow_size(st)
  end
  for _, st in pairs(loading) do
    large(st)
  end
  for _, st in pairs(states) do
    if not large(st) and st.doc then
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
