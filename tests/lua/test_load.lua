-- Loading large files through the core (core.load, state.LOAD_BYTES): the file
-- read in background threads, checked against the buffer, changes made while
-- loading replayed, the whole buffer compared afterwards.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')
local core = require('gongwen.core')

local saved = { bytes = state.LOAD_BYTES, ms = state.VERIFY_MS, lines = state.VERIFY_LINES, debounce = state.DEBOUNCE }

t.before_each(function()
  h.reset()
  state.LOAD_BYTES = 1 -- every file-backed buffer goes through core.load
  -- no section folds: 'foldexpr' asks for the state (and waits for the load)
  -- as soon as the window shows the buffer
  require('gongwen').setup({ max_foldlines = 0 })
end)
t.after_each(function()
  state.LOAD_BYTES, state.VERIFY_MS, state.VERIFY_LINES = saved.bytes, saved.ms, saved.lines
  state.DEBOUNCE = saved.debounce
end)

--- Writes raw bytes to a temporary file; returns its path.
---@param name string
---@param bytes string
---@return string
local function write(name, bytes)
  local path = h.tmp .. '/' .. name
  local f = assert(io.open(path, 'wb'))
  f:write(bytes)
  f:close()
  return path
end

--- A document of the lines as given.
---@param lines string[]
local function doc_of(lines)
  local doc = core.new(state.core_options())
  doc:set_lines(0, 0, lines)
  return doc
end

--- The lines of a document (doc:compare() against the expected ones).
---@param doc userdata
---@param lines string[]
local function same_lines(doc, lines)
  t.eq(#lines, doc:line_count(), 'line count')
  t.eq(nil, doc:compare(0, lines), 'first differing line')
end

--- A report of about `n` lines (headings, placeholders, body text).
---@param n integer
---@return string[]
local function report(n)
  local lines = { 'XX局2024年度工作总结', '' }
  local i = 0
  while #lines < n do
    i = i + 1
    lines[#lines + 1] = ('%s、第%d部分工作情况'):format(({ '一', '二', '三', '四' })[i % 4 + 1], i)
    for k = 1, 8 do
      lines[#lines + 1] = ('（%d）全年完成项目XX个，第%d段正文，投资X亿元。'):format(k, k)
    end
  end
  return lines
end

local function finish(ld)
  t.wait(function()
    return ld:done()
  end, 'load done', 10000)
  return ld:finish()
end

t.describe('core.load', function()
  t.it('splits at \\n only, like a buffer read with fileformat=unix', function()
    local cases = {
      { 'a\nb\n', { 'a', 'b' } },
      { 'a\nb', { 'a', 'b' } },
      { 'a\r\nb\rc\n', { 'a\r', 'b\rc' } },
      { '\n', { '' } },
      { '', { '' } },
      { '\n\nx', { '', '', 'x' } },
      { 'a\0b\n', { 'a\0b' } },
    }
    for i, c in ipairs(cases) do
      local doc, lines, bytes = finish(assert(core.load(write('split' .. i .. '.txt', c[1]))))
      t.ok(doc, 'case ' .. i)
      same_lines(doc, c[2])
      t.eq(#c[2], lines)
      t.eq(#table.concat(c[2]), bytes)
    end
  end)

  t.it('skips a byte order mark when told', function()
    local path = write('bom.txt', '\239\187\191一、标题\n正文\n')
    local doc = finish(core.load(path, nil, 3))
    same_lines(doc, { '一、标题', '正文' })
  end)

  t.it('equals a document of the same lines, whatever the number of threads', function()
    local lines = report(40000) -- about 2.5 MB: split between threads
    local path = h.tmp .. '/big.txt'
    vim.fn.writefile(lines, path)
    local want = h.snapshot(doc_of(lines))
    for _, threads in ipairs({ 1, 2, 3, 8 }) do
      local doc, n = finish(core.load(path, state.core_options(), 0, threads))
      t.eq(#lines, n, threads .. ' threads')
      same_lines(doc, lines)
      t.eq(want, h.snapshot(doc), threads .. ' threads')
    end
  end)

  t.it('keeps lines longer than its read buffer whole', function()
    local long = ('字'):rep(800000) -- 2.4 MB in one line
    local doc = finish(core.load(write('long.txt', 'a\n' .. long .. '\nb')))
    same_lines(doc, { 'a', long, 'b' })
  end)

  t.it('reports what failed, and errors name the function and argument', function()
    local doc, err = finish(core.load(h.tmp .. '/no-such-file.txt'))
    t.eq(nil, doc)
    t.matches('^open: ', err)
    doc, err = finish(core.load(h.tmp))
    t.eq(nil, doc)
    t.matches('not a regular file', err)
    local ld = core.load(write('x.txt', 'x\n'))
    finish(ld)
    t.raises('Load:finish: bad argument #1 (self): load already finished or cancelled', ld.finish, ld)
    t.raises('core.load: bad argument #1 (path): string expected, got no value', core.load)
    t.raises('core.load: bad argument #3 (skip): 0..16 expected', core.load, 'x', nil, 99)
    t.raises('core.load: bad argument #4 (threads)', core.load, 'x', nil, 0, -1)
    t.raises('Load:done: bad argument #1 (self): gongwen.Load expected', ld.done, {})
  end)

  t.it('can be cancelled or dropped while it runs', function()
    local path = h.tmp .. '/big.txt'
    vim.fn.writefile(report(40000), path)
    local ld = core.load(path)
    ld:cancel()
    ld:cancel()
    t.raises('load already finished or cancelled', ld.finish, ld)
    core.load(path) ---@diagnostic disable-line: discarded-value
    collectgarbage('collect') -- the collector cancels it
    t.ok(true)
  end)
end)

t.describe('Doc:compare', function()
  t.it('finds the first line that differs', function()
    local doc = doc_of({ 'a', 'b', 'c' })
    t.eq(nil, doc:compare(0, { 'a', 'b', 'c' }))
    t.eq(nil, doc:compare(1, { 'b' }))
    t.eq(1, doc:compare(0, { 'a', 'x' }))
    t.eq(2, doc:compare(2, { 'cc' }))
    t.eq(3, doc:compare(2, { 'c', 'd' }), 'a line past the end differs')
    t.eq(nil, doc:compare(3, {}))
    t.raises('Doc:compare: bad argument #2 (first): 4 out of range 0..3', doc.compare, doc, 4, {})
    t.raises('Doc:compare: bad argument #3 (lines): lines[1] is a number, string expected', doc.compare, doc, 0, { 1 })
  end)
end)

t.describe('attaching through a load', function()
  t.it('attaches a report just read, equal to a fresh analysis, with one attach event', function()
    local events = 0
    state.on('attach', function()
      events = events + 1
    end)
    local buf = h.edit('report.txt')
    t.ok(state.loading(buf) or state.get(buf), 'attached or loading')
    local st = state.get(buf) -- waits for the load
    t.ok(st and st.doc, 'attached')
    t.ok(not state.loading(buf))
    t.ok(state.analyzed(st), 'structure analyzed')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
    t.wait(function()
      return events >= 1
    end, 'attach event')
    vim.wait(20)
    t.eq(1, events)
    t.wait(function()
      return st.verify == nil
    end, 'background comparison over')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  end)

  t.it('ends the load on the event loop when nobody asks', function()
    local buf = h.edit('report.txt')
    t.wait(function()
      return not state.loading(buf)
    end, 'load over')
    t.ok(state.get(buf).doc)
  end)

  t.it('replays changes made while loading', function()
    local buf = h.edit_lines(report(3000), 'replay.txt')
    t.ok(state.loading(buf), 'still loading (nothing ran the event loop)')
    api.nvim_buf_set_lines(buf, 5, 7, false, { '二、新的标题', 'XX新增', '正文' })
    api.nvim_buf_set_text(buf, 0, 0, 0, 0, { '前' })
    api.nvim_buf_set_lines(buf, -3, -1, false, {})
    t.ok(state.loading(buf))
    local st = state.get(buf)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
    -- and it keeps following
    api.nvim_buf_set_lines(buf, 10, 10, false, { '（九）补充' })
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  end)

  t.it('replays random changes made while loading, deleting every line among them', function()
    for seed = 1, 30 do
      local rand = h.rng(seed)
      local buf = h.edit_lines(report(200 + rand(400)), ('replay%d.txt'):format(seed))
      t.ok(state.loading(buf), 'still loading')
      for _ = 1, 1 + rand(12) do
        local n = api.nvim_buf_line_count(buf)
        local r = rand(6)
        if r == 0 then
          api.nvim_buf_set_lines(buf, 0, -1, false, {}) -- every line: one empty line is left
        elseif r == 1 then
          local a = rand(n)
          api.nvim_buf_set_lines(buf, a, math.min(n, a + 1 + rand(20)), false, {})
        elseif r == 2 then
          local a = rand(n + 1)
          api.nvim_buf_set_lines(buf, a, a, false, { '（一）XX', '一是加强学习', '' })
        elseif r == 3 then
          local row = rand(n)
          api.nvim_buf_set_text(buf, row, 0, row, 0, { '某某' })
        else
          pcall(vim.cmd, 'silent undo')
        end
      end
      local st = state.get(buf)
      t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc), ('seed %d'):format(seed))
      api.nvim_buf_delete(buf, { force = true })
    end
  end)

  --- A buffer showing `path` whose text is `lines` although the file holds
  --- other bytes, yet not 'modified' (as when the file changed on disk after it
  --- was read): attached anew through a load.
  local function stale(lines, name, change)
    local buf = h.edit_lines(lines, name)
    require('gongwen').detach(buf)
    local other = vim.deepcopy(lines)
    change(other)
    vim.fn.writefile(other, api.nvim_buf_get_name(buf))
    vim.bo[buf].modified = false
    require('gongwen').attach(buf)
    t.ok(state.loading(buf), 'loading from the file')
    return buf
  end

  t.it('draws placeholders without waiting for the load, headings after it', function()
    local hl = require('gongwen.highlight')
    -- the plugin's own heading colours, not tree-sitter's
    require('gongwen').setup({ treesitter = { enabled = false } })
    local buf = h.edit_lines(report(2000), 'drawn.txt')
    t.ok(state.loading(buf))
    local function groups(marks)
      local g = {}
      for _, m in ipairs(marks or {}) do
        g[#g + 1] = m[3]
      end
      return g
    end
    local early = hl.marks(buf, 0, 4)
    t.ok(state.loading(buf), 'marks() did not wait')
    t.eq({ 'GongwenPlaceholder' }, groups(early[0]), 'title line: its placeholder only')
    t.eq({ 'GongwenPlaceholder', 'GongwenPlaceholder' }, groups(early[3]))
    state.get(buf)
    local late = hl.marks(buf, 0, 4)
    t.eq({ 'GongwenTitle', 'GongwenPlaceholder' }, groups(late[0]))
    t.eq({ 'GongwenHeading4', 'GongwenPlaceholder', 'GongwenPlaceholder' }, groups(late[3]), '（1） heading')
  end)

  t.it('reads the buffer instead when the file is not what it holds', function()
    local lines = report(400)
    -- a sample line (the first) differs: noticed before the load is used
    local buf = stale(lines, 'changed1.txt', function(other)
      other[1] = other[1]:gsub('XX', 'YY')
    end)
    local st = state.get(buf)
    same_lines(st.doc, lines)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
    -- another line count
    buf = stale(lines, 'changed2.txt', function(other)
      table.insert(other, 100, '多出的一行')
    end)
    same_lines(state.get(buf).doc, lines)
  end)

  t.it('notices a difference outside the samples in the background comparison', function()
    state.VERIFY_LINES = 50
    state.VERIFY_MS = 1
    local lines = report(400)
    local buf = stale(lines, 'changed3.txt', function(other)
      other[201] = other[201]:gsub('第', '弟') -- same bytes, not a sample line
    end)
    local st = state.get(buf)
    t.eq(200, st.doc:compare(0, lines), 'the load read the file')
    t.wait(function()
      return st.verify == nil
    end, 'background comparison over')
    same_lines(st.doc, lines)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  end)

  t.it('follows edits during the background comparison', function()
    state.VERIFY_LINES = 20
    state.VERIFY_MS = 1
    state.DEBOUNCE = 0 -- compare between the edits too
    local buf = h.edit_lines(report(600), 'verify_edits.txt')
    local st = state.get(buf)
    for i = 1, 30 do
      vim.wait(2)
      local n = api.nvim_buf_line_count(buf)
      local row = (i * 37) % n
      if i % 3 == 0 then
        api.nvim_buf_set_lines(buf, row, row + 2, false, {})
      else
        api.nvim_buf_set_lines(buf, row, row, false, { '（十）新增XX' .. i, '正文' })
      end
    end
    t.wait(function()
      return st.verify == nil
    end, 'background comparison over')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  end)

  t.it('uses the buffer when it may not be the file bytes', function()
    local lines = report(100)
    -- modified
    local buf = h.edit_lines(lines, 'mod.txt')
    require('gongwen').detach(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { 'XX局2025年度工作总结' })
    require('gongwen').attach(buf)
    t.ok(not state.loading(buf) and state.get(buf).doc, 'attached at once')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(state.get(buf).doc))
    -- CRLF file: fileformat=dos
    h.reset()
    state.LOAD_BYTES = 1
    require('gongwen').setup({ max_foldlines = 0 })
    local path = write('dos.txt', table.concat(lines, '\r\n') .. '\r\n')
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    buf = api.nvim_get_current_buf()
    t.eq('dos', vim.bo[buf].fileformat)
    t.ok(not state.loading(buf))
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
    -- GB18030 file: converted by Neovim
    h.reset()
    state.LOAD_BYTES = 1
    require('gongwen').setup({ max_foldlines = 0 })
    path = write('latin.txt', 'caf\233\n' .. table.concat(lines, '\n') .. '\n')
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    buf = api.nvim_get_current_buf()
    t.neq('utf-8', vim.bo[buf].fileencoding)
    require('gongwen').attach(buf)
    t.ok(not state.loading(buf))
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  end)

  t.it('reads a file with a byte order mark without it', function()
    local path = write('bom_report.txt', '\239\187\191' .. table.concat(report(200), '\n') .. '\n')
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = api.nvim_get_current_buf()
    t.ok(vim.bo[buf].bomb)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  end)

  t.it('forgets a load when the buffer goes, is detached or read again', function()
    local buf = h.edit_lines(report(2000), 'gone.txt')
    t.ok(state.loading(buf))
    vim.cmd('bwipeout! ' .. buf)
    t.ok(not state.loading(buf))
    t.eq(nil, state.get(buf))

    buf = h.edit_lines(report(2000), 'detached.txt')
    t.ok(state.loading(buf))
    require('gongwen').detach(buf)
    t.ok(not state.loading(buf))
    t.eq(nil, state.get(buf))
    vim.wait(20)
    t.eq(nil, state.get(buf))

    buf = h.edit_lines(report(2000), 'reloaded.txt')
    t.ok(state.loading(buf))
    local lines = report(2000)
    lines[#lines] = '（八）改过的最后一行'
    vim.fn.writefile(lines, api.nvim_buf_get_name(buf))
    vim.cmd('edit!')
    local st = state.get(buf)
    t.ok(st and st.doc)
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
    same_lines(st.doc, lines)
  end)

  t.it('takes over a load started by prefetch() before the file was read', function()
    local path = h.tmp .. '/pre.txt'
    vim.fn.writefile(report(2000), path)
    local calls = 0
    local load = core.load
    core.load = function(...)
      calls = calls + 1
      return load(...)
    end
    local ok, err = pcall(function()
      api.nvim_create_autocmd('BufReadPre', {
        once = true,
        pattern = '*pre.txt',
        callback = function(a)
          state.prefetch(a.buf, a.file)
        end,
      })
      vim.cmd('edit ' .. vim.fn.fnameescape(path))
    end)
    core.load = load
    assert(ok, err)
    local buf = api.nvim_get_current_buf()
    t.eq(1, calls, 'one load')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  end)

  t.it('the plugin starts the load of a report of 1 MiB or more before Neovim reads it (BufReadPre)', function()
    local path = h.tmp .. '/big-report.txt'
    local lines = report(24000) -- about 1.4 MiB
    vim.fn.writefile(lines, path)
    t.ok(vim.fn.getfsize(path) >= 1048576, 'the file is large enough')
    local prefetches, loads = 0, 0
    local prefetch, load = state.prefetch, core.load
    state.prefetch = function(...)
      prefetches = prefetches + 1
      return prefetch(...)
    end
    core.load = function(...)
      loads = loads + 1
      return load(...)
    end
    local ok, err = pcall(vim.cmd, 'edit ' .. vim.fn.fnameescape(path))
    state.prefetch, core.load = prefetch, load
    assert(ok, err)
    local buf = api.nvim_get_current_buf()
    t.eq(1, prefetches, 'prefetched by the plugin\'s BufReadPre autocommand')
    t.eq(1, loads, 'the attach took that load over')
    t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
    vim.cmd('bwipeout!')
  end)

  t.it('drops a prefetched load the buffer does not use', function()
    local path = h.tmp .. '/notreport.txt'
    vim.fn.writefile({ 'just some text', 'nothing else' }, path)
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = api.nvim_get_current_buf()
    state.prefetch(buf, path) -- as if before the read: nothing attaches it
    vim.wait(20)
    t.eq(nil, state.get(buf))
    t.ok(not state.loading(buf))
  end)
end)
