-- The outline window follows the report the user works on, or gets out of the
-- way: the report wiped or deleted, its window closed, another report in its
-- window, the outline left as the only window of a tab page, other tab pages.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local outline = require('gongwen.outline')
local state = require('gongwen.state')

local notes

t.before_each(h.reset)
t.before_each(function()
  notes = h.capture_notify()
end)

--- Lets the scheduled work run; then no error message and no warning were given.
local function settled()
  vim.wait(50)
  t.eq('', vim.v.errmsg, 'no error message')
  for _, n in ipairs(notes) do
    t.ok((n.level or vim.log.levels.INFO) < vim.log.levels.WARN, 'no warning: ' .. n.msg)
  end
end

---@return integer[]
local function wins(tab)
  return api.nvim_tabpage_list_wins(tab or 0)
end

--- A buffer that is not a report, in the current window.
local function plain(name)
  return h.edit_lines({ '-- notes' }, name or 'notes.lua')
end

--- The outline of the tab page (default current) shows the report `buf` of
--- window `win`: its source, and the lines drawn from that report.
local function shows(win, buf, tab)
  local v = outline.get(tab)
  t.ok(v, 'an outline is open')
  t.eq(win, v.src_win, 'source window')
  t.eq(buf, v.src_buf, 'source buffer')
  t.eq(buf, api.nvim_win_get_buf(win), 'the source window shows the report')
  local want = outline.build(state.get(buf), api.nvim_win_get_width(v.win), v.items)
  t.eq(want, api.nvim_buf_get_lines(v.buf, 0, -1, false), 'the outline is drawn from that report')
  t.ok(#wins(tab) >= 2, 'the outline is not alone in its tab page')
  return v
end

--- The outline still shows the report `buf` while its window `win` shows another buffer.
local function keeps(win, buf)
  local v = outline.get()
  t.ok(v, 'an outline is open')
  t.eq(win, v.src_win, 'source window')
  t.eq(buf, v.src_buf, 'source buffer')
  t.neq(buf, api.nvim_win_get_buf(win), 'the source window shows another buffer')
  local want = outline.build(state.get(buf), api.nvim_win_get_width(v.win), v.items)
  t.eq(want, api.nvim_buf_get_lines(v.buf, 0, -1, false), 'the outline is drawn from the report')
end

--- Three report windows above each other (c, b, a from the top) and a plain
--- one above a; the outline open, each window entered in turn: c, b, a, then
--- the plain one (the current window).
local function three_reports()
  local r = {}
  r.a = h.edit('report.txt')
  r.wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  vim.cmd('split')
  r.b = h.edit('missing.txt')
  r.wb = api.nvim_get_current_win()
  vim.cmd('split')
  r.c = h.edit('report.txt', 'third.txt')
  r.wc = api.nvim_get_current_win()
  api.nvim_set_current_win(r.wb)
  api.nvim_set_current_win(r.wa)
  vim.cmd('split')
  r.n = plain()
  r.wn = api.nvim_get_current_win()
  local order = wins()
  t.ok(vim.fn.index(order, r.wc) < vim.fn.index(order, r.wb), 'c comes first in layout order')
  shows(r.wa, r.a) -- the plain window is no report: the outline keeps a
  return r
end

t.it(':bwipeout of the report: the report window used last is shown', function()
  local r = three_reports()
  vim.cmd('bwipeout ' .. r.a)
  settled()
  t.eq(false, api.nvim_win_is_valid(r.wa))
  t.eq(r.wn, api.nvim_get_current_win())
  shows(r.wb, r.b) -- b was used after c
end)

t.it('closing the report window: the report window used last is shown', function()
  local r = three_reports()
  api.nvim_win_close(r.wa, false)
  settled()
  shows(r.wb, r.b)
  -- and :close in it, with a report window entered last
  api.nvim_set_current_win(r.wc)
  api.nvim_set_current_win(r.wn)
  api.nvim_set_current_win(r.wb)
  vim.cmd('close')
  settled()
  shows(r.wc, r.c)
end)

t.it(':bdelete and :bwipeout of the only report: the outline closes', function()
  for _, cmd in ipairs({ 'bdelete', 'bwipeout' }) do
    h.reset()
    notes = h.capture_notify()
    local buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    t.ok(outline.get())
    vim.cmd(cmd)
    settled()
    t.eq(nil, outline.get(), cmd)
    t.eq(1, #wins(), cmd .. ': one window left')
    t.neq(buf, api.nvim_get_current_buf())
    -- from the outline window
    h.reset()
    notes = h.capture_notify()
    buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    api.nvim_set_current_win(outline.get().win)
    vim.cmd(cmd .. ' ' .. buf)
    settled()
    t.eq(nil, outline.get(), cmd .. ' from the outline')
    t.eq(1, #wins(), cmd .. ' from the outline: one window left')
    t.eq(false, vim.wo.winfixwidth, 'an ordinary window again')
    t.eq(false, vim.wo.winfixbuf, 'an ordinary window again')
  end
end)

t.it('the report wiped while its window shows another buffer: no report left, the outline closes', function()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local n = plain()
  settled()
  keeps(wa, a)
  vim.cmd('bwipeout ' .. a)
  settled()
  t.eq(nil, outline.get())
  t.eq({ wa }, wins())
  t.eq(n, api.nvim_get_current_buf())
end)

t.it('going on in another buffer keeps the report; the next report entered is shown', function()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  plain()
  settled()
  keeps(wa, a)
  -- <CR> still brings the report back (tested in test_outline.lua); a report
  -- opened in another window is followed
  vim.cmd('split')
  local ws = api.nvim_get_current_win()
  plain('other.lua')
  settled()
  t.eq(a, outline.get().src_buf)
  local b = h.edit('missing.txt')
  settled()
  shows(ws, b)
end)

t.it('another report in the source window is followed: :edit, :bnext, nvim_win_set_buf', function()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local b = h.edit('missing.txt')
  settled()
  shows(wa, b)
  vim.cmd('bnext')
  settled()
  shows(wa, a)
  -- a plugin puts a report into the source window from the outline window
  api.nvim_set_current_win(v.win)
  api.nvim_win_set_buf(wa, b)
  settled()
  shows(wa, b)
  t.eq(v.win, api.nvim_get_current_win())
  t.eq(v, outline.get(), 'the same outline window')
end)

t.it('the outline window keeps its buffer: :bnext refused (E1513), a quickfix jump goes to the report window', function()
  local other = plain()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  t.eq(true, vim.wo[v.win].winfixbuf)
  api.nvim_set_current_win(v.win)
  for _, cmd in ipairs({ 'bnext', 'buffer ' .. other, 'edit ' .. vim.fn.fnameescape(api.nvim_buf_get_name(other)) }) do
    local ok, err = pcall(vim.cmd, cmd)
    t.eq(false, ok, cmd .. ' is refused')
    t.ok(tostring(err):find('E1513', 1, true), cmd .. ': ' .. tostring(err))
    t.eq(v.buf, api.nvim_win_get_buf(v.win), cmd .. ': the outline keeps its window')
  end
  vim.v.errmsg = ''
  vim.fn.setqflist({ { bufnr = other, lnum = 1 } })
  vim.cmd('cfirst')
  settled()
  t.eq(wa, api.nvim_get_current_win(), 'the jump went to the report window')
  t.eq(other, api.nvim_win_get_buf(wa))
  t.eq(v.buf, api.nvim_win_get_buf(v.win))
  keeps(wa, a)
end)

t.it('a report detached where it is shown: a hint, then the report again when attached', function()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  h.settle(a) -- nothing pending that would draw the outline again
  vim.wait(20)
  vim.cmd('Gongwen detach')
  settled()
  t.eq(v, outline.get())
  t.eq({ require('gongwen.i18n').t('outline_nobuf') }, api.nvim_buf_get_lines(v.buf, 0, -1, false))
  vim.cmd('Gongwen attach')
  settled()
  shows(wa, a)
end)

t.it('a detached report wiped where it is shown: the outline closes', function()
  local a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  h.settle(a)
  vim.wait(20)
  vim.cmd('Gongwen detach')
  settled()
  t.ok(outline.get())
  vim.cmd('bwipeout ' .. a)
  settled()
  t.eq(nil, outline.get())
  t.eq(1, #wins())
end)

t.it(':Gongwen attach in the window the user works in: the outline shows that buffer', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  vim.cmd('split')
  local w = api.nvim_get_current_win()
  local n = h.edit_lines({ '一、总体情况', '（一）工作开展', '二、存在问题' }, 'notes.conf')
  settled()
  t.eq(false, require('gongwen').is_attached(n))
  vim.cmd('Gongwen attach')
  settled()
  shows(w, n)
end)

t.it(':only in the outline window: the report comes back beside it, no E444', function()
  local a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  api.nvim_set_current_win(v.win)
  vim.cmd('only')
  settled()
  t.eq(2, #wins())
  -- the outline window became the report window, a new outline is beside it
  local nv = shows(v.win, a)
  t.neq(v.win, nv.win)
  t.eq(false, vim.wo[v.win].winfixwidth)
  t.eq(false, vim.wo[v.win].winfixbuf, 'the report can be replaced in its window again')
  t.eq(true, vim.wo[nv.win].winfixbuf)
  t.eq(40, api.nvim_win_get_width(nv.win))
end)

t.it('q in an outline left alone (before it gave way): it closes, the report takes the window', function()
  local a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  api.nvim_set_current_win(v.win)
  vim.cmd('only')
  outline.close() -- what q does, before the scheduled work ran
  t.eq(nil, outline.get())
  settled()
  t.eq(nil, outline.get())
  t.eq({ v.win }, wins())
  t.eq(a, api.nvim_get_current_buf())
  t.eq(false, vim.wo.winfixwidth)
end)

t.it(':close of the last report window in the last tab page: no E444, the outline never alone', function()
  local a = h.edit('report.txt')
  local wa = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  vim.cmd('close')
  settled()
  t.eq(false, api.nvim_win_is_valid(wa))
  t.eq(2, #wins())
  shows(v.win, a)
end)

t.it(':bdelete, other buffers listed: the buffer Vim shows takes the window, with an outline if a report', function()
  local b = h.edit('missing.txt')
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  vim.cmd('bdelete')
  settled()
  t.eq(2, #wins())
  shows(v.win, b)
  -- not a report: no outline, one ordinary window
  h.reset()
  notes = h.capture_notify()
  local n = plain()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  vim.cmd('bdelete')
  settled()
  t.eq(nil, outline.get())
  t.eq(1, #wins())
  t.eq(n, api.nvim_get_current_buf())
  t.eq(false, vim.wo.cursorline, 'the window options of an ordinary window')
  t.eq(false, vim.wo.winfixwidth)
end)

t.it(':bunload of the report: it is not loaded again for the last window', function()
  local n = plain()
  local a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  vim.cmd('bunload')
  settled()
  t.eq(false, api.nvim_buf_is_loaded(a))
  t.eq(nil, outline.get())
  t.eq(1, #wins())
  t.eq(n, api.nvim_get_current_buf())
end)

t.it('the outline alone in a tab page that is not the last: the tab page closes', function()
  vim.cmd('tabnew')
  plain('one.lua')
  local first = api.nvim_get_current_tabpage()
  vim.cmd('tabnew')
  local second = api.nvim_get_current_tabpage()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  t.eq(3, #wins(first) + #wins(second))
  vim.cmd('bdelete') -- another buffer is listed: Vim closes the window
  settled()
  t.eq(false, api.nvim_tabpage_is_valid(second))
  t.eq(2, #api.nvim_list_tabpages())
  t.eq(nil, outline.get())
  -- :close of the report window
  vim.cmd('tabnew')
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local third = api.nvim_get_current_tabpage()
  vim.cmd('close')
  settled()
  t.eq(false, api.nvim_tabpage_is_valid(third))
  t.eq(2, #api.nvim_list_tabpages())
end)

t.it('the report wiped while its outline is in another tab page', function()
  -- the outline would be alone there: that tab page closes
  local a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local first = api.nvim_get_current_tabpage()
  vim.cmd('tabnew')
  plain()
  local second = api.nvim_get_current_tabpage()
  vim.cmd('bwipeout ' .. a)
  settled()
  t.eq(false, api.nvim_tabpage_is_valid(first))
  t.eq({ second }, api.nvim_list_tabpages())
  t.eq(nil, outline.get())
  -- another report window there: the outline shows it
  h.reset()
  notes = h.capture_notify()
  a = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  first = api.nvim_get_current_tabpage()
  vim.cmd('split')
  local b = h.edit('missing.txt')
  local wb = api.nvim_get_current_win()
  vim.cmd('split')
  plain()
  vim.cmd('tabnew')
  h.edit('report.txt', 'second.txt')
  vim.cmd('Gongwen outline')
  second = api.nvim_get_current_tabpage()
  vim.cmd('bwipeout ' .. a)
  settled()
  shows(wb, b, first)
  t.ok(outline.get(second))
  t.eq(second, api.nvim_get_current_tabpage())
end)

--- Runs a headless Neovim with the plugin and this test setup on `path`, then
--- the Ex commands `cmds`; its exit code, stdout and stderr.
---@param path string
---@param cmds string[]
---@return vim.SystemCompleted
local function child(path, cmds)
  local args = { vim.v.progpath, '--headless', '-i', 'NONE', '-n', '-u', h.root .. '/tests/lua/minimal_init.lua', path }
  for _, c in ipairs(cmds) do
    vim.list_extend(args, { '-c', c })
  end
  return vim.system(args, { text = true }):wait(10000)
end

t.it(':quit in the last report window quits Neovim (the outline closes first)', function()
  local path = h.tmp .. '/quit.txt'
  vim.fn.writefile(h.read('report.txt'), path)
  local r = child(path, {
    'Gongwen outline',
    'lua if not require("gongwen.outline").get() then io.stdout:write("no outline") end',
    'quit',
  })
  t.eq(0, r.code, 'Neovim quit (124: it was still running)\n' .. r.stdout .. r.stderr)
  t.eq('', r.stdout .. r.stderr)
end)

t.it(':quit refused (the report is modified): the outline comes back', function()
  local path = h.tmp .. '/refused.txt'
  vim.fn.writefile(h.read('report.txt'), path)
  local r = child(path, {
    'Gongwen outline',
    'let g:src = win_getid()',
    'lua vim.api.nvim_buf_set_lines(0, 0, 0, false, { "" })',
    'silent! quit',
    'lua vim.wait(100)',
    'lua local v = require("gongwen.outline").get()'
      .. ' io.stdout:write(vim.json.encode({ open = v ~= nil, src = v and v.src_win == vim.g.src,'
      .. ' report = v and v.src_buf == vim.fn.bufnr(vim.fn.argv(0)), wins = #vim.api.nvim_tabpage_list_wins(0) }))',
    'qall!',
  })
  t.eq(0, r.code, r.stdout .. r.stderr)
  t.eq('', r.stderr)
  t.eq({ open = true, src = true, report = true, wins = 2 }, vim.json.decode(r.stdout))
end)
