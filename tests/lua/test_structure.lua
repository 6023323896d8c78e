-- The structure pass: once per pause, never per keystroke; what each module does
-- while it lags (line-local highlights with the overlay, folds, breadcrumb,
-- outline), and the entry queries that replace whole outlines.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')
local hl = require('gongwen.highlight')

-- The pause in typing is made explicit (state.flush): nothing here depends on
-- how fast the machine runs a test.
t.before_each(function()
  h.reset()
  vim.o.columns, vim.o.lines = 120, 40
  state.DEBOUNCE = 60000
end)

t.after_each(function()
  state.DEBOUNCE = 100
end)

--- The pause in typing: the pending "structure" event runs now.
local function pause(buf)
  state.flush(state.get(buf))
  h.settle(buf)
end

-- Document methods that need the structure pass (O(lines)).
local STRUCTURE = {
  is_report = true,
  outline = true,
  entry = true,
  entry_at = true,
  line = true,
  kinds = true,
  section_levels = true,
  subdocs = true,
  diagnostics = true,
}

--- Puts a counting proxy in front of the document of `buf`; returns the counts
--- (structure calls by method) and a function that removes the proxy.
---@return table<string, integer> counts, fun() restore
local function count_structure(buf)
  local st = state.get(buf)
  local real = st.doc
  local counts = {}
  st.doc = setmetatable({}, {
    __index = function(_, k)
      local f = real[k]
      if type(f) ~= 'function' then
        return f
      end
      return function(_, ...)
        if STRUCTURE[k] then
          counts[k] = (counts[k] or 0) + 1
        end
        return f(real, ...)
      end
    end,
  })
  return counts, function()
    st.doc = real
  end
end

--- Groups of the marks of `row` (0-based).
local function groups(buf, row)
  local out = {}
  for _, m in ipairs(hl.marks(buf, row, row + 1)[row] or {}) do
    out[#out + 1] = m[3]
  end
  table.sort(out)
  return out
end

local events = {}
state.on('structure', function(buf)
  events[buf] = (events[buf] or 0) + 1
end)

t.describe('structure pass', function()
  t.it('runs at attach, so the first screen reads the whole structure', function()
    local buf = h.edit('report.txt')
    local st = state.get(buf)
    t.ok(state.analyzed(st))
    t.eq({ 'GongwenPlaceholder', 'GongwenTitle' }, groups(buf, 1))
  end)

  t.it('is not run by typing: highlights, folds, winbar and outline follow wait for the pause', function()
    require('gongwen').setup({ winbar = true })
    local buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    local st = state.get(buf)
    -- what attaching scheduled (diagnostics, the outline) is done
    t.wait(function()
      local v = require('gongwen.outline').get()
      return #vim.diagnostic.get(buf) > 0 and api.nvim_buf_line_count(v.buf) > 5
    end, 'attached')
    require('gongwen').winbar() -- as drawn on the first screen
    local before = events[buf] or 0
    local counts, restore = count_structure(buf)
    local row = 15 -- 继续深化理论武装…
    for i = 1, 30 do
      api.nvim_buf_set_text(buf, row, 0, row, 0, { i % 3 == 0 and 'XX' or '字' })
      api.nvim_win_set_cursor(0, { row + 1, 0 })
      vim.api.nvim_exec_autocmds('CursorMoved', {})
      hl.marks(buf, 0, api.nvim_buf_line_count(buf))
      require('gongwen').foldexpr(row + 1)
      require('gongwen').winbar()
      vim.wait(0)
    end
    t.eq({}, counts, 'no structure call while typing')
    t.eq(false, state.analyzed(st))
    restore()
    pause(buf)
    t.eq(before + 1, events[buf], 'one "structure" event for the burst')
    t.ok(state.analyzed(st))
  end)

  t.it('state.analyze() runs it at once; commands that need it use it', function()
    local buf = h.edit('report.txt')
    local st = state.get(buf)
    api.nvim_buf_set_lines(buf, 3, 3, false, { '新增一段正文。' })
    t.eq(false, state.analyzed(st))
    api.nvim_win_set_cursor(0, { 1, 0 })
    h.normal(']]')
    t.eq(2, h.cursor())
    t.ok(state.analyzed(st), 'the motion ran the pass')
    api.nvim_buf_set_lines(buf, 3, 4, false, {})
    state.analyze(st)
    t.ok(state.analyzed(st))
  end)
end)

t.describe('highlights while the structure lags', function()
  local lines = {
    '关于2024年度工作情况的报告',
    '',
    '一、工作完成情况',
    '他在会上说：“',
    '二、这一行在引号里',
    '”',
    '三、存在的问题',
    '一是学习不够。',
  }

  t.it('come from each line alone, corrected by the overlay of the last pass', function()
    local buf = h.scratch(lines)
    local st = state.get(buf)
    -- what the structure says: a title, and line 5 is quoted text, not a heading
    t.eq({ 'GongwenTitle' }, groups(buf, 0))
    t.eq({}, groups(buf, 4))
    hl.update_overlay(buf)
    -- now type elsewhere: the structure lags
    api.nvim_buf_set_lines(buf, 8, 8, false, { '四、新增工作' })
    t.eq(false, state.analyzed(st))
    t.eq({ 'GongwenHeading1' }, groups(buf, 8), 'a new heading is drawn at once')
    t.eq({ 'GongwenTitle' }, groups(buf, 0), 'the title keeps its colour (overlay)')
    t.eq({}, groups(buf, 4), 'the quoted line stays plain (overlay)')
    t.eq({ 'GongwenHeading1' }, groups(buf, 2))
    -- lines inserted above move the overlay with the text
    api.nvim_buf_set_lines(buf, 1, 1, false, { '', '' })
    t.eq({ 'GongwenTitle' }, groups(buf, 0))
    t.eq({}, groups(buf, 6))
    t.eq({ 'GongwenHeading1' }, groups(buf, 4))
    -- a deleted line takes its overlay mark along
    api.nvim_buf_set_lines(buf, 6, 7, false, {})
    t.eq({}, groups(buf, 6), '” is plain')
    pause(buf)
    t.eq({ 'GongwenHeading1' }, groups(buf, 9))
  end)

  t.it('the overlay covers the view and a margin, whatever the buffer size', function()
    local big = {}
    for _ = 1, 60 do
      vim.list_extend(big, lines)
    end
    local buf = h.scratch(big)
    hl.update_overlay(buf)
    local marks = api.nvim_buf_get_extmarks(buf, hl.ns_struct, 0, -1, {})
    local bottom = vim.fn.line('w$')
    t.ok(#marks > 0)
    for _, m in ipairs(marks) do
      t.ok(m[2] < bottom + hl.OVERLAY_MARGIN, 'mark at row ' .. m[2])
    end
    -- per 8-line block: the title and the quoted line differ from their own shape
    t.ok(#marks <= math.ceil((bottom + hl.OVERLAY_MARGIN) / 8) * 2 + 2)
  end)
end)

t.describe('entries', function()
  for _, name in ipairs({ 'report.txt', 'missing.txt' }) do
    t.it('entry, last_entry_before and section_at agree with the whole outline (' .. name .. ')', function()
      local buf = h.edit(name)
      local st = state.get(buf)
      local outline = h.doc(buf):outline()
      for i, e in ipairs(outline) do
        local got = state.entry(st, i)
        t.eq(e.line, got.line)
        t.eq(i, got.index)
      end
      t.eq(nil, state.entry(st, #outline + 1))
      for row = -1, h.doc(buf):line_count() do
        local want = 0
        for i, e in ipairs(outline) do
          if e.line <= row then
            want = i
          end
        end
        t.eq(want, state.last_entry_before(st, row), 'row ' .. row)
      end
      for row = 0, h.doc(buf):line_count() - 1 do
        local idx = h.doc(buf):entry_at(row)
        while idx and outline[idx].kind == 'item' do
          idx = outline[idx].parent
        end
        local got = state.section_at(st, row)
        t.eq(idx, got and got.index, 'row ' .. row)
      end
    end)
  end

  t.it('motions read a few entries, not the whole outline', function()
    local buf = h.edit('report.txt')
    local counts, restore = count_structure(buf)
    api.nvim_win_set_cursor(0, { 1, 0 })
    h.normal('3]]')
    h.normal('[[')
    h.normal('][')
    restore()
    t.eq(nil, counts.outline)
    t.eq(11, h.cursor(), '2 5 6, back to 5, then the next of its level: 11')
  end)

  t.it('[[ on the signature goes to the last heading (sections end before it)', function()
    h.edit('report.txt')
    api.nvim_win_set_cursor(0, { 20, 0 }) -- XXX
    h.normal('[[')
    t.eq(17, h.cursor())
    h.normal(']]')
    t.eq(17, h.cursor(), 'no section after it')
  end)
end)

t.describe('breadcrumb while the structure lags', function()
  t.it('lazy = true keeps the last path until the pause; the default is exact', function()
    local buf = h.edit('report.txt')
    api.nvim_win_set_cursor(0, { 8, 0 })
    local before = require('gongwen').breadcrumb({ lazy = true })
    t.matches('2%.坚持个人自学$', before)
    api.nvim_buf_set_lines(buf, 7, 7, false, { '3.新增一条' })
    api.nvim_win_set_cursor(0, { 8, 0 })
    local counts, restore = count_structure(buf)
    t.eq(before, require('gongwen').breadcrumb({ lazy = true }))
    t.eq({}, counts)
    restore()
    t.matches('3%.新增一条$', require('gongwen').breadcrumb())
    api.nvim_buf_set_lines(buf, 7, 8, false, {})
    pause(buf)
    t.eq(before, require('gongwen').breadcrumb({ lazy = true }))
  end)
end)

t.describe('outline while the structure lags', function()
  t.it('follow waits for the next render', function()
    local buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    local v = require('gongwen.outline').get()
    api.nvim_win_set_cursor(0, { 16, 0 })
    api.nvim_exec_autocmds('CursorMoved', {})
    t.eq(v.entry_rows[12], api.nvim_win_get_cursor(v.win)[1])
    api.nvim_buf_set_lines(buf, 4, 4, false, { '新增一段正文。' })
    api.nvim_win_set_cursor(0, { 8, 0 })
    local counts, restore = count_structure(buf)
    api.nvim_exec_autocmds('CursorMoved', {})
    restore()
    t.eq({}, counts)
    t.eq(v.entry_rows[12], api.nvim_win_get_cursor(v.win)[1], 'not moved yet')
    pause(buf)
    -- rendered again for the new text, and followed the cursor (line 8: 1.坚持集中学习)
    t.eq(v.entry_rows[4], api.nvim_win_get_cursor(v.win)[1])
  end)
end)
