-- A buffer that crosses max_filesize while attached (:help gongwen-large): pasting
-- enough text into a report switches it to the large mode, as if it had been
-- opened at that size (one notice, no document, diagnostics cleared, the outline
-- and the commands say it is unavailable, placeholders in view still drawn),
-- without the pasted lines being read; undoing the paste resumes the full
-- analysis in one step (one notice), equal to a fresh one. A buffer in the large
-- mode goes back only at state.RESUME of the limit (hysteresis). Also: growth
-- while the core still loads the file, a buffer large when opened that shrinks,
-- files read again (:edit!, 'autoread'), a new max_filesize, messages in
-- English, tree-sitter.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')
local i18n = require('gongwen.i18n')

local MB = 1024 * 1024
local load_bytes = state.LOAD_BYTES

t.before_each(function()
  h.reset()
  vim.o.columns, vim.o.lines = 120, 50
end)
t.after_each(function()
  state.LOAD_BYTES = load_bytes
  vim.o.termguicolors = false
  -- the plugin's groups as defined at first use (GongwenPlaceholder is set
  -- below, and nvim__inspect_cell() drops the `default` flag of the groups it
  -- looks at)
  for name, link in pairs(require('gongwen.highlight').groups) do
    api.nvim_set_hl(0, name, { link = link, default = true, force = true })
  end
  h.reset()
end)

--- `n` log lines of 31 bytes each with their newline, each with a placeholder (XX).
---@param n integer
---@param from? integer number of the first line
---@return string[]
local function filler(n, from)
  local lines = {}
  for i = 1, n do
    lines[i] = ('日志XX%04d'):format((from or 0) + i) .. ('。'):rep(6)
  end
  return lines
end

--- The notice `key` as the plugin gives it, for the current size of `buf`.
---@param key string
---@param buf integer
---@return string
local function notice(key, buf)
  local max = require('gongwen.config').get().max_filesize
  return 'gongwen: ' .. i18n.t(key, state.size(buf) / MB, max / MB)
end

--- Records the longest range of lines read from a buffer with
--- nvim_buf_get_lines (all the plugin can hand the core); returns the record
--- and a function that stops recording.
---@return table<integer, integer> span
---@return fun() stop
local function record_reads()
  local span, orig = {}, api.nvim_buf_get_lines
  api.nvim_buf_get_lines = function(buf, first, last, strict)
    local b = buf == 0 and api.nvim_get_current_buf() or buf
    local n = api.nvim_buf_line_count(b)
    local a = first < 0 and n + first + 1 or first
    local z = last < 0 and n + last + 1 or last
    span[b] = math.max(span[b] or 0, z - a)
    return orig(buf, first, last, strict)
  end
  return span, function()
    api.nvim_buf_get_lines = orig
  end
end

--- Runs fn with nvim_buf_get_lines recorded; returns the longest range read from `buf`.
---@param buf integer
---@param fn fun()
---@return integer
local function reads(buf, fn)
  local span, stop = record_reads()
  local ok, err = pcall(fn)
  stop()
  assert(ok, err)
  return span[buf] or 0
end

--- Diagnostics of the gongwen namespace as plain data, sorted.
---@param list vim.Diagnostic[]
---@return table[]
local function plain(list)
  local out = {}
  for _, d in ipairs(list) do
    out[#out + 1] = { d.lnum, d.col, d.end_lnum, d.end_col, d.code, d.severity, d.message }
  end
  table.sort(out, function(a, b)
    return vim.inspect(a) < vim.inspect(b)
  end)
  return out
end

local function published(buf)
  return plain(vim.diagnostic.get(buf, { namespace = require('gongwen.diagnostics').ns }))
end

--- What a fresh analysis of the buffer's text would publish.
local function fresh_diagnostics(buf)
  local doc = h.fresh(buf)
  local items = require('gongwen.diagnostics').collect(doc)
  doc:close()
  return plain(items)
end

--- The buffer `buf` is analyzed again: its document equals a fresh analysis,
--- the `nth` notice says so and, with `diagnostics`, those of a fresh analysis
--- are published.
---@param buf integer
---@param st table its state
---@param notes table[] the captured notices
---@param nth integer
---@param diagnostics boolean
local function resumed(buf, st, notes, nth, diagnostics)
  t.ok(not st.large and st.doc, 'analyzed')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  t.wait(function()
    return #notes == nth
  end, 'the notice of the resumption')
  t.eq(notice('large_resumed', buf), notes[nth].msg)
  if diagnostics then
    t.wait(function()
      return #published(buf) > 0
    end, 'diagnostics')
    t.eq(fresh_diagnostics(buf), published(buf))
  end
end

--- Highlight attributes drawn on screen at buffer (lnum, byte col) of the
--- current window; `full` redraws everything first, else only what Neovim
--- knows to be out of date.
local function cell(lnum, col, full)
  vim.cmd(full and 'redraw!' or 'redraw')
  local pos = vim.fn.screenpos(api.nvim_get_current_win(), lnum, col + 1)
  return api.nvim__inspect_cell(1, pos.row - 1, pos.col - 1)[2]
end

--- Groups of the marks the decoration provider draws in row `row` (0-based).
local function groups(buf, row)
  local out = {}
  for _, m in ipairs(require('gongwen.highlight').marks(buf, row, row + 1)[row] or {}) do
    out[#out + 1] = m[3]
  end
  table.sort(out)
  return out
end

--- The report of tests/lua/data/report.txt, attached, its diagnostics
--- published, with max_filesize `extra` bytes above its size.
---@param extra integer
---@param opts? table more options for setup()
---@return integer buf
local function report(extra, opts)
  local size = vim.fn.getfsize(h.data .. '/report.txt')
  require('gongwen').setup(vim.tbl_deep_extend('force', {
    max_filesize = size + extra,
    diagnostics = { debounce = 0 },
  }, opts or {}))
  local buf = h.edit('report.txt')
  t.eq(size, state.size(buf), 'the buffer holds the file')
  t.wait(function()
    return #published(buf) > 0
  end, 'diagnostics')
  return buf
end

local function no_errors(notes)
  for _, n in ipairs(notes) do
    t.ok(n.level ~= vim.log.levels.ERROR, n.msg)
  end
end

t.it('a paste past max_filesize: the large mode without reading the paste, as if opened so; undo resumes', function()
  local notes = h.capture_notify()
  local buf = report(1000)
  local st = state.get(buf)
  api.nvim_set_hl(0, 'GongwenPlaceholder', { bg = '#123456' })
  vim.o.termguicolors = true
  vim.cmd('Gongwen outline')
  vim.cmd('wincmd p')
  local view = require('gongwen.outline').get()
  t.ok(view, 'outline open')
  local before = {
    outline = api.nvim_buf_get_lines(view.buf, 0, -1, true),
    diagnostics = published(buf),
    api = require('gongwen').get_outline(buf),
  }
  t.ok(#before.api > 5)
  local function folds()
    local out = {}
    for l = 1, api.nvim_buf_line_count(buf) do
      out[l] = vim.fn.foldlevel(l)
    end
    return out
  end
  t.eq('expr', vim.wo.foldmethod)
  before.folds = folds()
  t.ok(vim.tbl_contains(before.folds, 2), 'section folds')
  t.ok(cell(5, 0, true).foreground ~= nil, 'the heading 一、 is drawn')
  t.eq({}, notes)
  local hl = require('gongwen.highlight')
  t.wait(function()
    return #api.nvim_buf_get_extmarks(buf, hl.ns_struct, 0, -1, {}) > 0
  end, 'the overlay of the structure')

  -- paste 60 lines (1860 bytes) below line 6
  vim.fn.setreg('a', filler(60), 'l')
  api.nvim_win_set_cursor(0, { 6, 0 })
  local span = reads(buf, function()
    vim.cmd('normal! "ap')
  end)
  t.ok(span < 60, 'the pasted lines were not read, got a range of ' .. span)
  t.ok(st.large, 'large at once')
  t.eq(nil, st.doc, 'no document')
  t.eq(st, state.get(buf), 'the same buffer state: still attached')
  t.ok(state.size(buf) > require('gongwen.config').get().max_filesize)

  -- the announcement: one notice, as when a large file is opened
  t.wait(function()
    return #notes > 0
  end, 'the notice')
  vim.wait(50)
  t.eq(1, #notes, 'one notice')
  t.eq(notice('too_large', buf), notes[1].msg)
  t.eq(vim.log.levels.WARN, notes[1].level)
  t.eq({}, published(buf), 'diagnostics cleared')
  t.eq({}, vim.diagnostic.get(buf))
  t.eq({ i18n.t('large_unavailable') }, api.nvim_buf_get_lines(view.buf, 0, -1, true), 'the outline says so')
  t.eq(nil, require('gongwen').get_outline(buf))
  t.eq('', require('gongwen').breadcrumb())
  t.eq({}, api.nvim_buf_get_extmarks(buf, hl.ns_struct, 0, -1, {}), 'the overlay is gone')
  t.ok(require('gongwen').is_attached(buf))

  -- placeholders in view are drawn, headings are not (the first screen after
  -- the switch, without a full redraw: the plugin asked for it)
  t.eq({ 'GongwenPlaceholder' }, groups(buf, 6), 'a pasted line')
  t.eq({}, groups(buf, 4), 'the heading 一、 is not drawn')
  t.eq(0x123456, cell(7, 6).background, 'the pasted XX on screen')
  t.eq(nil, cell(5, 0).foreground, 'no heading colour left on screen')

  -- motions, the outline picker and every command that needs the whole text:
  -- one warning each, no error, nothing changed
  local text = api.nvim_buf_get_lines(buf, 0, -1, true)
  local nav = require('gongwen.nav')
  local calls = {
    { nav.heading, 1 },
    { nav.heading, -1 },
    { nav.sibling, 1 },
    { nav.parent },
    { nav.placeholder, 1 },
    { h.normal, ']]' },
    { h.normal, '[x' },
    { require('gongwen').pick, buf },
  }
  for _, cmd in ipairs({ 'check', 'pick', 'renumber', 'reflow', 'stats', 'heading', 'promote', 'demote', 'move down' }) do
    calls[#calls + 1] = { vim.cmd, 'Gongwen ' .. cmd }
  end
  for i, c in ipairs(calls) do
    local n = #notes
    local ok, err = pcall(c[1], c[2])
    t.ok(ok, err)
    t.eq(n + 1, #notes, 'one notice: call ' .. i)
    t.eq(vim.log.levels.WARN, notes[#notes].level, notes[#notes].msg)
    t.ok(notes[#notes].msg:find('max_filesize', 1, true), notes[#notes].msg)
  end
  t.eq(text, api.nvim_buf_get_lines(buf, 0, -1, true), 'nothing changed')
  t.eq({ 7, 0 }, api.nvim_win_get_cursor(0), 'the cursor did not move')
  vim.wait(50)
  t.eq({}, published(buf), 'still no diagnostics')

  -- undo: read again in one step, a notice, the same analysis as before
  local n = #notes
  vim.cmd('silent undo')
  t.ok(not st.large, 'analyzed at once')
  t.ok(st.doc, 'a document again')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc), 'equal to a fresh analysis')
  t.wait(function()
    return #notes > n
  end, 'the notice of the resumption')
  t.eq(n + 1, #notes)
  t.eq(notice('large_resumed', buf), notes[#notes].msg)
  t.eq(vim.log.levels.INFO, notes[#notes].level)
  h.settle(buf)
  t.wait(function()
    return #published(buf) > 0
  end, 'diagnostics again')
  t.eq(before.diagnostics, published(buf), 'the diagnostics of before')
  t.eq(fresh_diagnostics(buf), published(buf), 'those of a fresh analysis')
  t.eq(before.api, require('gongwen').get_outline(buf))
  t.wait(function()
    return vim.deep_equal(before.outline, api.nvim_buf_get_lines(view.buf, 0, -1, true))
  end, 'the outline window as before')
  t.ok(cell(5, 0).foreground ~= nil, 'the heading is drawn again')
  t.wait(function()
    return vim.deep_equal(before.folds, folds())
  end, 'the folds of before')
  api.nvim_win_set_cursor(0, { 7, 0 })
  require('gongwen.nav').heading(1)
  t.eq(8, api.nvim_win_get_cursor(0)[1], 'motions work again')
  vim.wait(50)
  t.eq(n + 1, #notes, 'no other notice')
  no_errors(notes)
end)

--- The text of screen row `row` (1-based).
local function screen_row(row)
  local out = {}
  for col = 1, vim.o.columns do
    out[#out + 1] = vim.fn.screenstring(row, col)
  end
  return table.concat(out)
end

t.it('the screen follows the switch without a full redraw: headings and breadcrumb go and come back', function()
  h.capture_notify()
  local size = vim.fn.getfsize(h.data .. '/report.txt')
  require('gongwen').setup({ max_filesize = size + 1000, diagnostics = { enabled = false }, winbar = true })
  local buf = h.edit('report.txt')
  vim.o.termguicolors = true
  api.nvim_win_set_cursor(0, { 6, 0 })
  t.ok(cell(5, 0, true).foreground ~= nil, 'the heading 一、 is drawn')
  t.matches('一、履职情况 › （一）抓好理论学习', screen_row(1), 'the breadcrumb in the winbar')
  -- below the lines in view: Neovim redraws only the new lines
  api.nvim_buf_set_lines(buf, -1, -1, false, filler(60))
  t.ok(state.get(buf).large)
  vim.wait(20)
  t.eq(nil, cell(5, 0).foreground, 'no heading colour left on screen')
  t.ok(not screen_row(1):find('履职情况', 1, true), 'no breadcrumb: ' .. screen_row(1))
  vim.cmd('silent undo')
  vim.wait(20)
  t.ok(cell(5, 0).foreground ~= nil, 'the heading is drawn again')
  api.nvim_win_set_cursor(0, { 6, 0 })
  vim.cmd('redraw')
  t.matches('一、履职情况 › （一）抓好理论学习', screen_row(1), 'the breadcrumb again')
end)

t.it('hysteresis: back to full analysis only at state.RESUME of the limit, one notice per switch', function()
  local notes = h.capture_notify()
  local buf = report(1000)
  local st = state.get(buf)
  local max = require('gongwen.config').get().max_filesize
  t.eq(math.floor(max * state.RESUME), state.limit(true))
  t.eq(max, state.limit(false))
  -- grow a line at a time: analyzed up to the limit, large past it
  local k = 0
  while not st.large do
    k = k + 1
    local size = state.size(buf)
    t.ok(size <= max, 'analyzed at ' .. size)
    api.nvim_buf_set_lines(buf, -1, -1, false, filler(1, k))
  end
  t.ok(state.size(buf) > max)
  t.ok(state.size(buf) - 31 <= max, 'large as soon as it is past the limit')
  t.wait(function()
    return #notes == 1
  end, 'one notice')
  t.eq(notice('too_large', buf), notes[1].msg)
  local first = notes[1].msg
  -- shrink a line at a time: large down to RESUME of the limit
  local band = 0
  while st.large do
    local size = state.size(buf)
    t.ok(size > state.limit(true), 'large at ' .. size)
    if size <= max then
      band = band + 1
      -- typing around there keeps the mode: no switch, no notice
      api.nvim_buf_set_text(buf, 0, 0, 0, 0, { 'X' })
      api.nvim_buf_set_text(buf, 0, 0, 0, 1, { '' })
      t.ok(st.large)
      local ok, err = pcall(vim.cmd, 'Gongwen stats')
      t.ok(ok, err)
      t.eq(notes[#notes].msg, 'gongwen: ' .. require('gongwen.edit.base').t('still_large', size / MB, max / MB, state.limit(true) / MB))
    end
    api.nvim_buf_set_lines(buf, -2, -1, false, {})
  end
  t.ok(band >= 4, 'the band between RESUME and the limit was crossed line by line: ' .. band)
  t.ok(state.size(buf) <= state.limit(true))
  t.ok(st.doc)
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  vim.wait(50)
  local switches = vim.tbl_map(function(n)
    return n.msg
  end, vim.tbl_filter(function(n)
    return not n.msg:find('max_filesize', 1, true)
  end, notes))
  t.eq({ first, notice('large_resumed', buf) }, switches, 'two notices: large, then analyzed again')
  -- analyzed again up to the limit itself
  while state.size(buf) + 31 <= max do
    k = k + 1
    api.nvim_buf_set_lines(buf, -1, -1, false, filler(1, k))
  end
  t.ok(not st.large)
  no_errors(notes)
end)

t.it('grown and shrunk back before Neovim waits for input: no notice, analyzed', function()
  local notes = h.capture_notify()
  local buf = report(1000)
  local st = state.get(buf)
  local before = published(buf)
  api.nvim_buf_set_lines(buf, 3, 3, false, filler(60))
  t.ok(st.large)
  api.nvim_buf_set_lines(buf, 3, 63, false, {})
  t.ok(not st.large and st.doc)
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  vim.wait(100)
  t.eq({}, notes, 'the user never saw it large')
  t.wait(function()
    return #published(buf) > 0
  end, 'diagnostics')
  t.eq(before, published(buf))
  t.ok(#require('gongwen').get_outline(buf) > 5)
end)

t.it('messages in English with lang = "en"', function()
  local notes = h.capture_notify()
  local buf = report(500, { lang = 'en' })
  api.nvim_buf_set_lines(buf, 3, 3, false, filler(40))
  t.wait(function()
    return #notes == 1
  end, 'the notice')
  t.matches('^gongwen: buffer is 0%.0 MB, above the 0%.0 MB limit: only placeholders in view are highlighted', notes[1].msg)
  require('gongwen.nav').heading(1)
  t.eq('gongwen: not available in a buffer this large (see max_filesize)', notes[2].msg)
  vim.cmd('silent undo')
  t.wait(function()
    return #notes == 3
  end, 'the notice of the resumption')
  t.eq('gongwen: buffer is down to 0.0 MB (limit 0.0 MB): full analysis resumed', notes[3].msg)
end)

t.it('growth while the core still loads the file: the load is dropped, large mode; undo resumes', function()
  state.LOAD_BYTES = 1 -- the file is read by the core in background threads
  local notes = h.capture_notify()
  local lines = vim.list_extend(h.read('report.txt'), filler(300))
  local size = #table.concat(lines, '\n') + 1
  -- no section folds: 'foldexpr' would wait for the load (see test_load.lua)
  require('gongwen').setup({ max_filesize = size + 2000, max_foldlines = 0, diagnostics = { debounce = 0 } })
  local buf
  local attached = {}
  state.on('attach', function(b, s, switched)
    if b == buf then
      attached[#attached + 1] = { s.large, switched or false }
    end
  end)
  buf = h.edit_lines(lines, 'loading.txt')
  t.ok(state.loading(buf), 'loading (nothing ran the event loop)')
  t.eq(size, state.size(buf))
  local span = reads(buf, function()
    api.nvim_buf_set_lines(buf, 10, 10, false, filler(80, 1000))
  end)
  t.ok(span < 80, 'the added lines were not read')
  t.ok(not state.loading(buf), 'the load was dropped')
  local st = state.get(buf)
  t.ok(st and st.large and st.doc == nil, 'large')
  t.wait(function()
    return #notes == 1
  end, 'the notice')
  t.eq(notice('too_large', buf), notes[1].msg)
  vim.wait(50)
  t.eq({ { true, true } }, attached, 'one "attach" event, in the large mode')
  t.eq({}, vim.diagnostic.get(buf))
  t.eq(nil, require('gongwen').get_outline(buf))
  t.eq({ 'GongwenPlaceholder' }, groups(buf, 12), 'an added line')
  -- undo: analyzed, equal to a fresh analysis
  vim.cmd('silent undo')
  resumed(buf, st, notes, 2, true)
  local outline = require('gongwen').get_outline(buf)
  for _, e in ipairs(outline) do
    e.index = nil
  end
  t.eq(h.fresh(buf):outline(), outline)
  no_errors(notes)
end)

t.it('opened large, then shrunk: analyzed from then on; a grown or shrunk file read again switches it', function()
  local notes = h.capture_notify()
  local lines = vim.list_extend(h.read('report.txt'), filler(100))
  local size = #table.concat(lines, '\n') + 1
  require('gongwen').setup({ max_filesize = size - 100, diagnostics = { debounce = 0 } })
  local buf = h.edit_lines(lines, 'opened_large.txt')
  local st = state.get(buf)
  t.ok(st.large and not st.doc, 'large when opened')
  t.eq(1, #notes)
  -- a small edit does not read the buffer
  t.ok(reads(buf, function()
    api.nvim_buf_set_lines(buf, -2, -1, false, {})
  end) <= 1)
  t.ok(st.large, 'still above RESUME of the limit')
  vim.cmd('silent 30,$delete')
  resumed(buf, st, notes, 2, true) -- once small enough
  -- the file on disk is larger than the limit: :edit! reads it, large again
  vim.cmd('silent write')
  vim.fn.writefile(lines, api.nvim_buf_get_name(buf))
  vim.cmd('silent edit!')
  st = state.get(buf)
  t.ok(st and st.large and not st.doc, 'large after :edit!')
  t.wait(function()
    return #notes == 3
  end, 'the notice')
  t.eq(notice('too_large', buf), notes[3].msg)
  t.eq({}, published(buf))
  -- read again by 'autoread' (the same buffer state): smaller, then larger
  local path = api.nvim_buf_get_name(buf)
  local function changed_on_disk(text, secs)
    vim.fn.writefile(text, path)
    vim.uv.fs_utime(path, os.time() + secs, os.time() + secs)
    vim.cmd('checktime ' .. buf)
  end
  vim.o.autoread = true
  local ok, err = pcall(function()
    changed_on_disk(vim.list_slice(lines, 1, 30), 10)
    t.eq(st, state.get(buf), 'the same state')
    resumed(buf, st, notes, 4, false) -- after the reload
    changed_on_disk(lines, 20)
    t.ok(st.large and not st.doc, 'large after the reload')
    t.wait(function()
      return #notes == 5
    end, 'the notices')
    t.eq(notice('too_large', buf), notes[5].msg)
  end)
  vim.o.autoread = false
  assert(ok, err)
  no_errors(notes)
end)

t.it('a new max_filesize switches attached buffers at once, either way', function()
  local notes = h.capture_notify()
  local buf = report(1000)
  local st = state.get(buf)
  local size = state.size(buf)
  require('gongwen').setup({ max_filesize = size - 1 })
  t.ok(st.large and not st.doc, 'large under the lower limit')
  t.wait(function()
    return #notes == 1 and #published(buf) == 0
  end, 'the notice, diagnostics cleared')
  t.eq(notice('too_large', buf), notes[1].msg)
  -- just below the old size: still large (RESUME of the limit)
  require('gongwen').setup({ max_filesize = size })
  t.ok(st.large)
  require('gongwen').setup({ max_filesize = math.ceil(size / state.RESUME) })
  t.ok(not st.large and st.doc, 'analyzed under a higher one')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  t.wait(function()
    return #notes == 2 and #published(buf) > 0
  end, 'the notice, diagnostics again')
  t.eq(notice('large_resumed', buf), notes[2].msg)
  t.eq(fresh_diagnostics(buf), published(buf))
  no_errors(notes)
end)

t.it('tree-sitter highlighting stops with the large mode and starts again after it', function()
  if not vim.uv.fs_stat(h.root .. '/parser/gongwen.so') or not require('gongwen.treesitter').available() then
    t.skip('parser/gongwen.so not built: run make parser')
  end
  vim.g.gongwen_test_treesitter = true -- see minimal_init.lua
  local ok, err = pcall(function()
    local notes = h.capture_notify()
    local buf = report(1000)
    h.ts_started(buf)
    local active = require('vim.treesitter.highlighter').active
    t.ok(active[buf], 'tree-sitter highlights the report')
    api.nvim_buf_set_lines(buf, 3, 3, false, filler(60))
    t.wait(function()
      return active[buf] == nil
    end, 'tree-sitter stopped')
    vim.cmd('silent undo')
    t.wait(function()
      return active[buf] ~= nil
    end, 'tree-sitter started again')
    t.eq(2, #notes)
  end)
  vim.g.gongwen_test_treesitter = nil
  assert(ok, err)
end)
