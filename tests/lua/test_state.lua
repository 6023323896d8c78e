-- Per-buffer state: attaching, incremental updates, cleanup, large buffers.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')

t.before_each(h.reset)

t.it('attaches to a gongwen buffer and mirrors its lines', function()
  local buf = h.edit('report.txt')
  t.eq('gongwen', vim.bo[buf].filetype)
  t.ok(require('gongwen').is_attached(buf))
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
end)

t.it('updates only the edited lines (doc:set_lines gets the changed range)', function()
  local buf = h.edit('report.txt')
  local st = state.get(buf)
  local real = st.doc
  local calls = {}
  -- a recording proxy in front of the core document
  st.doc = setmetatable({}, {
    __index = function(_, k)
      return function(_, ...)
        if k == 'set_lines' then
          local a = { ... }
          calls[#calls + 1] = { a[1], a[2], #a[3] }
        end
        return real[k](real, ...)
      end
    end,
  })
  api.nvim_win_set_cursor(0, { 7, 0 })
  h.normal('A新增内容<Esc>')
  t.eq(4, #calls) -- one event per typed character, each re-scanning line 7 only
  for _, c in ipairs(calls) do
    t.eq({ 6, 7, 1 }, c)
  end
  calls = {}
  h.normal('o一行<Esc>')
  t.eq({ 7, 7, 1 }, calls[1], 'open a line: insert one line')
  t.eq({ { 7, 8, 1 }, { 7, 8, 1 } }, vim.list_slice(calls, 2), 'then one event per typed character')
  st.doc = real
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(real))
end)

--- Pseudo-random numbers (LCG) so that failures reproduce.
local function rng(seed)
  local s = seed
  return function(n)
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  end
end

local pieces = {
  '一、',
  '二、',
  '三、',
  '（一）',
  '（二）',
  '(三)',
  '1.',
  '2、',
  '一是',
  '二是',
  'X',
  'XX',
  '××',
  '存在问题：',
  '下一步打算',
  '述职报告',
  '主要原因：',
  '工作',
  '，',
  '。',
  ' ',
  'a',
  '\t',
}

local char_starts = h.char_starts

t.it('equals a fresh analysis after 1200 random edits (set_text, set_lines, normal commands, undo/redo)', function()
  local buf = h.edit('report.txt')
  local block = h.read('report.txt')
  local rand = rng(20241124)
  local edits = 0
  local function pos()
    local n = api.nvim_buf_line_count(buf)
    local row = rand(n)
    local line = api.nvim_buf_get_lines(buf, row, row + 1, true)[1]
    local starts = char_starts(line)
    return row, starts[rand(#starts) + 1]
  end
  local ops = {
    function() -- insert a piece (sometimes with a line break)
      local row, col = pos()
      local p = pieces[rand(#pieces) + 1]
      local text = rand(5) == 0 and { p, pieces[rand(#pieces) + 1] } or { p }
      api.nvim_buf_set_text(buf, row, col, row, col, text)
    end,
    function() -- delete some characters on a line
      local row, col = pos()
      local line = api.nvim_buf_get_lines(buf, row, row + 1, true)[1]
      local starts = vim.tbl_filter(function(c)
        return c >= col
      end, char_starts(line))
      local stop = starts[math.min(#starts, rand(4) + 1)]
      api.nvim_buf_set_text(buf, row, col, row, stop, {})
    end,
    function() -- delete across lines
      local n = api.nvim_buf_line_count(buf)
      if n < 3 then
        return
      end
      local row, col = pos()
      local row2 = math.min(row + rand(3), n - 1)
      local l2 = api.nvim_buf_get_lines(buf, row2, row2 + 1, true)[1]
      local c2 = row2 == row and math.max(col, #l2) or #l2
      api.nvim_buf_set_text(buf, row, col, row2, c2, {})
    end,
    function() -- insert or delete whole lines
      local n = api.nvim_buf_line_count(buf)
      local row = rand(n + 1)
      if rand(2) == 0 and n > 2 then
        local last = math.min(row + rand(3) + 1, n)
        api.nvim_buf_set_lines(buf, math.min(row, n - 1), last, false, {})
      else
        api.nvim_buf_set_lines(buf, row, row, false, { pieces[rand(#pieces) + 1] .. '内容' })
      end
    end,
    function() -- paste a block of report lines
      local n = api.nvim_buf_line_count(buf)
      local first = rand(#block) + 1
      local chunk = vim.list_slice(block, first, math.min(first + rand(6), #block))
      local at = rand(n + 1)
      api.nvim_buf_set_lines(buf, at, at, false, chunk)
    end,
    function() -- normal-mode commands
      local n = api.nvim_buf_line_count(buf)
      api.nvim_win_set_cursor(0, { rand(n) + 1, 0 })
      local cmds = { 'dd', 'yyp', 'J', 'x', 'ddp', 'o新的一段X。\27', 'O（三）标题\27', 'u', '\18', 'u', '3x', 'D', 'yy3p' }
      vim.cmd('silent! normal! ' .. cmds[rand(#cmds) + 1])
    end,
  }
  for batch = 1, 60 do
    for _ = 1, 20 do
      ops[rand(#ops) + 1]()
      edits = edits + 1
    end
    local got, want = h.snapshot(h.doc(buf)), h.snapshot(h.fresh(buf))
    if not vim.deep_equal(want, got) then
      for k in pairs(want) do
        t.eq(want[k], got[k], ('batch %d, %s differs'):format(batch, k))
      end
    end
  end
  t.ok(edits >= 1000)
  -- undo everything, then compare once more
  vim.cmd('silent! undo 0')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
end)

t.it('deleting every line leaves the one empty line the buffer keeps, in the document too', function()
  local buf = h.edit('report.txt')
  local st = state.get(buf)
  local seen = {}
  -- nvim_buf_attach reports no line for the empty line Neovim keeps
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      seen[#seen + 1] = { first, last_old, last_new }
    end,
  })
  local n = api.nvim_buf_line_count(buf)
  api.nvim_buf_set_lines(buf, 0, -1, false, {})
  t.eq({ { 0, n, 0 } }, seen)
  t.eq(1, api.nvim_buf_line_count(buf))
  t.eq(1, st.doc:line_count())
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  -- and the next change, which counts that line, applies without a resync
  local doc = st.doc
  api.nvim_buf_set_lines(buf, 0, 1, false, { '一、主要工作', '（一）XX' })
  t.ok(st.doc == doc, 'the same document')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
  -- the same with normal-mode commands
  vim.cmd('silent %delete _')
  t.eq(1, st.doc:line_count())
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(st.doc))
end)

t.it('resyncs on :edit! (reload)', function()
  local buf = h.edit('report.txt')
  api.nvim_buf_set_lines(buf, 0, 3, false, {})
  vim.cmd('edit!')
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
  t.eq(#h.read('report.txt'), h.doc(buf):line_count())
end)

t.it('cleans up on :bwipeout and :bdelete', function()
  local buf = h.edit('report.txt')
  t.ok(state.get(buf))
  vim.cmd('bwipeout! ' .. buf)
  t.eq(nil, state.get(buf))
  local buf2 = h.edit('report.txt', 'second.txt')
  t.ok(state.get(buf2))
  vim.cmd('enew')
  vim.cmd('bdelete! ' .. buf2)
  t.eq(nil, state.get(buf2))
  -- opened again: attached again
  vim.cmd('buffer ' .. buf2)
  t.ok(state.get(buf2))
end)

t.it('detach stops tracking; later edits are not applied', function()
  local buf = h.edit('report.txt')
  local st = state.get(buf)
  require('gongwen').detach(buf)
  t.eq(nil, state.get(buf))
  t.eq(nil, st.doc)
  api.nvim_buf_set_lines(buf, 0, 1, false, { 'changed' }) -- must not error
  -- the FileType autocmd does not re-attach a buffer the user detached
  vim.bo[buf].filetype = 'gongwen'
  t.eq(nil, state.get(buf))
  t.ok(require('gongwen').attach(buf))
  t.eq(h.snapshot(h.fresh(buf)), h.snapshot(h.doc(buf)))
end)

t.it('reads non-modifiable buffers', function()
  local buf = h.scratch(h.read('report.txt'))
  vim.bo[buf].modifiable = false
  vim.bo[buf].readonly = true
  t.ok(require('gongwen').is_attached(buf))
  t.ok(#require('gongwen').get_outline(buf) > 5)
end)

t.it('degrades for buffers above max_filesize with one notice', function()
  local notes = h.capture_notify()
  require('gongwen').setup({ max_filesize = 100 })
  local buf = h.edit('report.txt', 'large.txt')
  local st = state.get(buf)
  t.ok(st and st.large, 'attached in large mode')
  t.eq(nil, st.doc)
  t.eq(1, #notes)
  t.matches('MB', notes[1].msg)
  -- placeholders of visible rows are still highlighted
  local marks = require('gongwen.highlight').marks(buf, 0, 10)
  local groups = {}
  for _, row in pairs(marks) do
    for _, m in ipairs(row) do
      groups[m[3]] = true
    end
  end
  t.eq({ GongwenPlaceholder = true }, groups)
  -- diagnostics off, outline/jumps unavailable without errors
  vim.wait(50)
  t.eq({}, vim.diagnostic.get(buf))
  require('gongwen.nav').heading(1, 1)
  require('gongwen.outline').pick(buf)
  t.eq(nil, require('gongwen').get_outline(buf))
  t.eq(1 + 2, #notes)
end)
