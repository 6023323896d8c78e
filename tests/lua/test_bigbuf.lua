-- Robustness of the editor layer (issue 7): a report buffer of more than 100 MB
-- stays responsive (the work per event is bounded: asserted on what the plugin
-- reads and analyzes, not on time), read-only and non-modifiable buffers, :edit!
-- reloads, filetype changes, and windows closed while the outline is open.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')

local MB = 1024 * 1024

--- The fixture reports after a report title, as one text.
local function report_text()
  local lines = { 'XX局2024年度工作总结' }
  for _, f in ipairs(vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)) do
    vim.list_extend(lines, vim.fn.readfile(f))
  end
  return table.concat(lines, '\n') .. '\n'
end

--- A report file of at least `mb` MB (fixture text repeated); its path and size.
local function big_file(mb)
  local path = h.tmp .. ('/big-%d.txt'):format(mb)
  local chunk = report_text():rep(64)
  local size = 0
  local fd = assert(io.open(path, 'wb'))
  while size < mb * MB do
    fd:write(chunk)
    size = size + #chunk
  end
  fd:close()
  return path, size
end

-- Records what the plugin asks of Neovim and of the core: the longest line range
-- read from a buffer (nvim_buf_get_lines: all the plugin can hand the core), and
-- every file the core is asked to read itself.
local orig = {}
local seen

local function record()
  seen = { span = {}, loads = {} }
  local core = require('gongwen.native').get()
  orig.get_lines, orig.load = api.nvim_buf_get_lines, core.load
  api.nvim_buf_get_lines = function(buf, first, last, strict)
    local b = buf == 0 and api.nvim_get_current_buf() or buf
    local n = api.nvim_buf_line_count(b)
    local a = first < 0 and n + first + 1 or first
    local z = last < 0 and n + last + 1 or last
    seen.span[b] = math.max(seen.span[b] or 0, z - a)
    return orig.get_lines(buf, first, last, strict)
  end
  if orig.load then
    core.load = function(path, ...)
      seen.loads[#seen.loads + 1] = path
      return orig.load(path, ...)
    end
  end
end

local function unrecord()
  if orig.get_lines then
    local core = require('gongwen.native').get()
    api.nvim_buf_get_lines, core.load = orig.get_lines, orig.load
    orig = {}
  end
end

t.before_each(function()
  h.reset()
  vim.o.columns, vim.o.lines = 100, 30
end)
t.after_each(function()
  unrecord()
  h.reset()
end)

t.it('a report of more than 100 MB: one notice, no analysis of the whole text, bounded work per edit and redraw', function()
  local path, size = big_file(100)
  t.ok(size >= 100 * MB)
  local notes = h.capture_notify()
  record()
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = api.nvim_get_current_buf()
  local n = api.nvim_buf_line_count(buf)
  t.ok(n > 2000000, 'lines: ' .. n)
  t.eq('gongwen', vim.bo[buf].filetype, 'detected from its first lines')
  local st = state.get(buf)
  t.ok(st and st.large, 'attached in the degraded mode')
  t.eq(nil, st.doc, 'no core document of the whole text')
  t.eq(1, #notes, 'one notice')
  t.eq(vim.log.levels.WARN, notes[1].level)
  t.matches('100%.%d MB', notes[1].msg)
  t.ok(vim.wo.foldmethod ~= 'expr', 'no folds (foldexpr would run for every line)')

  -- typing, editing, undo and drawing the screen read only a few lines
  vim.cmd('redraw!')
  api.nvim_win_set_cursor(0, { 1000000, 0 })
  vim.cmd('normal! zz')
  h.normal('O一、新增标题XX<Esc>')
  -- (each change an undo step of its own: without a break, Neovim joins the
  -- API change and the :normal command to the typed one, and the undo below
  -- would take the typed line back too)
  vim.o.undolevels = vim.o.undolevels
  api.nvim_buf_set_lines(buf, 5, 5, false, { '（一）新的一节X。', '正文XX。' })
  vim.o.undolevels = vim.o.undolevels
  vim.cmd('silent normal! Gdd')
  vim.cmd('silent undo')
  local new_row = 1000001 -- 0-based: typed above line 1000000, then two lines added at the top
  t.eq('一、新增标题XX', api.nvim_buf_get_lines(buf, new_row, new_row + 1, false)[1], 'the typed line is still there')
  vim.cmd('redraw!')
  vim.wait(400) -- longer than every debounce: whatever is scheduled runs
  vim.cmd('redraw!')
  t.ok((seen.span[buf] or 0) <= 200, 'at most 200 lines read at once, got ' .. tostring(seen.span[buf]))
  t.eq({}, seen.loads, 'the core never reads the file')
  t.eq({}, vim.diagnostic.get(buf))
  -- placeholders in view are still drawn (the visible rows only)
  local marks = require('gongwen.highlight').marks(buf, new_row, new_row + 1)
  local found = false
  for _, m in ipairs(marks[new_row] or {}) do
    found = found or m[3] == 'GongwenPlaceholder'
  end
  t.ok(found, 'the new line\'s XX is highlighted')

  -- what needs the whole text says so instead of freezing
  vim.cmd('Gongwen outline')
  t.eq(nil, require('gongwen').get_outline(buf))
  local v = require('gongwen.outline').get()
  if v then
    t.eq({ require('gongwen.i18n').t('large_unavailable') }, api.nvim_buf_get_lines(v.buf, 0, -1, false))
  end
  local text = api.nvim_buf_get_lines(buf, 999990, 1000010, true)
  for _, cmd in ipairs({ 'check', 'renumber', 'reflow', 'stats', 'heading', 'promote', 'demote', 'move down' }) do
    local before = #notes
    vim.cmd('Gongwen ' .. cmd)
    t.eq(before + 1, #notes, cmd .. ': one notice')
    t.eq(vim.log.levels.WARN, notes[#notes].level, cmd)
    t.matches('max_filesize', notes[#notes].msg, cmd)
  end
  t.eq(text, api.nvim_buf_get_lines(buf, 999990, 1000010, true), 'nothing changed')
  t.ok((seen.span[buf] or 0) <= 200, 'still at most 200 lines read at once, got ' .. tostring(seen.span[buf]))
  require('gongwen.outline').close()

  -- :edit! reloads: still degraded, still no document
  local before = #notes
  vim.cmd('edit!')
  st = state.get(buf)
  t.ok(st and st.large and st.doc == nil, 'degraded after :edit!')
  t.eq(n, api.nvim_buf_line_count(buf))
  t.ok(#notes <= before + 1)
  t.ok((seen.span[buf] or 0) <= 200, 'after :edit!: at most 200 lines read at once')
  t.eq({}, seen.loads)
  vim.cmd('bwipeout!')
  t.eq(nil, state.get(buf))
  os.remove(path)
end)

t.it('a large limit of its own: max_filesize is the option, a buffer just below it is analyzed', function()
  local path, size = big_file(2)
  local notes = h.capture_notify()
  require('gongwen').setup({ max_filesize = size + 1 })
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = api.nvim_get_current_buf()
  local st = state.get(buf)
  t.ok(st and not st.large and st.doc, 'analyzed')
  t.eq({}, notes)
  vim.cmd('bwipeout!')
  require('gongwen').setup({ max_filesize = size - 1 })
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  st = state.get(api.nvim_get_current_buf())
  t.ok(st and st.large, 'degraded one byte over it')
  t.eq(1, #notes)
  vim.cmd('bwipeout!')
  os.remove(path)
end)

t.describe('read-only and non-modifiable', function()
  t.it(':view of a report: attached; the writing commands work (Vim only warns)', function()
    local notes = h.capture_notify()
    local path = h.tmp .. '/view.txt'
    vim.fn.writefile(h.read('report.txt'), path)
    vim.cmd('view ' .. vim.fn.fnameescape(path))
    local buf = api.nvim_get_current_buf()
    t.ok(vim.bo[buf].readonly)
    t.ok(require('gongwen').is_attached(buf))
    t.ok(#require('gongwen').get_outline(buf) > 5)
    vim.cmd('silent Gongwen renumber')
    t.ok(vim.bo[buf].modified, 'renumbered')
    h.settle(buf)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
    for _, note in ipairs(notes) do
      t.ok(note.level ~= vim.log.levels.ERROR, note.msg)
    end
  end)

  t.it('non-modifiable: every writing command refuses, nothing changes; modifiable again, edits are followed', function()
    local notes = h.capture_notify()
    local buf = h.edit('report.txt')
    local text = api.nvim_buf_get_lines(buf, 0, -1, true)
    vim.bo[buf].modifiable = false
    api.nvim_win_set_cursor(0, { 7, 0 })
    for _, cmd in ipairs({ 'skeleton zongjie', 'heading', 'renumber', 'reflow', 'promote', 'demote', 'move up' }) do
      local before = #notes
      vim.cmd('Gongwen ' .. cmd)
      t.eq(before + 1, #notes, cmd)
      t.matches('modifiable', notes[#notes].msg, cmd)
    end
    t.eq(text, api.nvim_buf_get_lines(buf, 0, -1, true))
    t.ok(#require('gongwen').get_outline(buf) > 5, 'the outline still works')
    vim.bo[buf].modifiable = true
    vim.cmd('silent normal! 5Gdd')
    vim.cmd('silent Gongwen renumber')
    h.settle(buf)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  end)
end)

t.it(':edit! after the file changed on disk: the state is that of the new text', function()
  h.capture_notify()
  local buf = h.edit('report.txt')
  local path = api.nvim_buf_get_name(buf)
  api.nvim_buf_set_lines(buf, 0, 2, false, { '改过的标题' })
  vim.fn.writefile(h.read('missing.txt'), path)
  vim.cmd('edit!')
  t.eq(h.read('missing.txt'), api.nvim_buf_get_lines(buf, 0, -1, true))
  h.settle(buf)
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  vim.cmd('silent undo') -- :edit! can be undone
  h.settle(buf)
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
end)

t.it('filetype changes: leaving detaches and clears everything; edits meanwhile are picked up on return', function()
  local notes = h.capture_notify()
  require('gongwen').setup({ diagnostics = { debounce = 0 } })
  local buf = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local view = require('gongwen.outline').get()
  vim.cmd('wincmd p')
  t.wait(function()
    return #vim.diagnostic.get(buf) > 0
  end, 'diagnostics')
  vim.bo[buf].filetype = 'lua'
  t.ok(not require('gongwen').is_attached(buf))
  vim.wait(20)
  t.eq({}, vim.diagnostic.get(buf), 'diagnostics cleared')
  t.eq({}, require('gongwen.highlight').marks(buf, 0, 30), 'no highlights')
  t.matches('gongwen', api.nvim_buf_get_lines(view.buf, 0, 1, false)[1] or '', 'the outline says there is no report')
  -- edits while detached
  api.nvim_buf_set_lines(buf, 4, 6, false, { '一、新的一节', '（一）XX工作' })
  vim.bo[buf].filetype = 'gongwen'
  t.ok(require('gongwen').is_attached(buf))
  h.settle(buf)
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  t.wait(function()
    return #vim.diagnostic.get(buf) > 0
  end, 'diagnostics again')
  t.eq(require('gongwen').get_outline(buf)[1].text, h.fresh(buf):outline()[1].text)
  -- markdown is one of the filetypes: the buffer stays attached
  vim.bo[buf].filetype = 'markdown'
  t.ok(require('gongwen').is_attached(buf))
  for _, note in ipairs(notes) do
    t.ok(note.level ~= vim.log.levels.ERROR, note.msg)
  end
end)

t.describe('windows closed while the outline is open', function()
  local outline = require('gongwen.outline')

  local function open()
    local buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    t.ok(outline.get(), 'outline open')
    return buf
  end

  t.it(':only in the report closes the outline; it opens again', function()
    open()
    vim.cmd('only')
    vim.wait(0)
    t.eq(nil, outline.get())
    vim.cmd('Gongwen outline')
    t.ok(outline.get())
  end)

  t.it(':close of the outline window, then of the report window with another window left', function()
    local buf = open()
    local v = outline.get()
    api.nvim_win_close(v.win, true)
    vim.wait(0)
    t.eq(nil, outline.get())
    vim.cmd('Gongwen outline')
    v = outline.get()
    vim.cmd('botright new') -- a plain window besides
    local plain = api.nvim_get_current_win()
    api.nvim_win_close(v.src_win, true)
    vim.wait(0)
    -- no report window left in the tab: the outline goes too
    t.eq(nil, outline.get())
    t.ok(api.nvim_win_is_valid(plain))
    t.ok(api.nvim_buf_is_valid(buf))
  end)

  t.it('closing the report window when the outline would be the last window', function()
    open()
    local v = outline.get()
    local src = v.src_win
    vim.cmd('tabnew')
    api.nvim_set_current_tabpage(api.nvim_win_get_tabpage(src))
    api.nvim_win_close(src, true)
    vim.wait(0)
    t.eq(nil, outline.get(), 'the outline of that tab is gone')
  end)

  t.it('wiping the report buffer while the outline shows it', function()
    local buf = open()
    vim.cmd('bwipeout! ' .. buf)
    vim.wait(0)
    local v = outline.get()
    if v then
      -- it may stay open: it then shows no entry of the wiped report
      t.eq({ require('gongwen.i18n').t('outline_nobuf') }, api.nvim_buf_get_lines(v.buf, 0, -1, false))
    end
    vim.cmd('Gongwen outline') -- toggles or refuses, without an error
  end)

  t.it('an outline per tab page; :tabclose of one leaves the other', function()
    open()
    vim.cmd('tabnew')
    h.edit('missing.txt')
    vim.cmd('Gongwen outline')
    local second = outline.get()
    t.ok(second)
    vim.cmd('tabprevious')
    local first = outline.get()
    t.ok(first and first.win ~= second.win)
    vim.cmd('tabnext')
    vim.cmd('tabclose')
    vim.wait(0)
    t.ok(outline.get(), 'the first tab keeps its outline')
    t.ok(api.nvim_win_is_valid(first.win))
  end)
end)
