-- Highlight groups, the decoration provider, ColorScheme.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local hl = require('gongwen.highlight')

t.before_each(function()
  h.reset()
  vim.o.columns, vim.o.lines = 120, 40
end)

local function groups_of(marks, row)
  local out = {}
  for _, m in ipairs(marks[row] or {}) do
    out[#out + 1] = m[3]
  end
  table.sort(out)
  return out
end

--- Attributes drawn on the screen at buffer (lnum, byte col) of the current window.
local function cell(lnum, col)
  vim.cmd('redraw!')
  local pos = vim.fn.screenpos(api.nvim_get_current_win(), lnum, col + 1)
  return api.nvim__inspect_cell(1, pos.row - 1, pos.col - 1)[2]
end

t.it('defines every group as a default link', function()
  h.edit('report.txt')
  for name, link in pairs(hl.groups) do
    local got = api.nvim_get_hl(0, { name = name })
    t.eq(link, got.link, name)
    t.eq(true, got.default, name)
  end
  for i = 1, 5 do
    t.ok(hl.groups['GongwenHeading' .. i])
  end
end)

t.it('uses on_range where Neovim has it (0.12), on_line before', function()
  h.edit('report.txt')
  t.eq(vim.fn.has('nvim-0.12') == 1 and 'on_range' or 'on_line', hl.provider)
end)

t.it('a user definition wins over the defaults', function()
  api.nvim_set_hl(0, 'GongwenPlaceholder', { bg = '#112233' })
  h.edit('report.txt')
  t.eq(0x112233, api.nvim_get_hl(0, { name = 'GongwenPlaceholder' }).bg)
end)

t.it('ColorScheme re-applies the groups', function()
  h.edit('report.txt')
  local define, calls = hl.define, 0
  hl.define = function()
    calls = calls + 1
    define()
  end
  vim.cmd('colorscheme default')
  hl.define = define
  t.eq(1, calls)
  for name, link in pairs(hl.groups) do
    t.eq(link, api.nvim_get_hl(0, { name = name }).link, name)
  end
end)

t.it('marks placeholders and titles/headings/labels by rank', function()
  local buf = h.edit('report.txt')
  local marks = hl.marks(buf, 0, api.nvim_buf_line_count(buf))
  t.eq({ 'GongwenPlaceholder', 'GongwenTitle' }, groups_of(marks, 1))
  t.eq({ 'GongwenHeading1' }, groups_of(marks, 4))
  t.eq({ 'GongwenHeading2' }, groups_of(marks, 5))
  t.eq({ 'GongwenHeading3', 'GongwenPlaceholder', 'GongwenPlaceholder' }, groups_of(marks, 6))
  t.eq({ 'GongwenHeading5', 'GongwenPlaceholder', 'GongwenPlaceholder' }, groups_of(marks, 9))
  t.eq({ 'GongwenLabel' }, groups_of(marks, 12))
  t.eq({}, groups_of(marks, 3), 'body line')
  -- the heading mark covers marker and heading text only (run-in body excluded)
  local line = api.nvim_buf_get_lines(buf, 6, 7, true)[1]
  for _, m in ipairs(marks[6]) do
    if m[3] == 'GongwenHeading3' then
      t.eq('1.坚持集中学习', line:sub(m[1] + 1, m[2]))
    end
  end
  -- placeholder spans are the core's byte ranges
  local ph = {}
  for _, m in ipairs(marks[6]) do
    if m[3] == 'GongwenPlaceholder' then
      ph[#ph + 1] = line:sub(m[1] + 1, m[2])
    end
  end
  t.eq({ 'X', 'XX' }, ph)
end)

t.it('options highlight.headings / highlight.placeholders turn parts off', function()
  local buf = h.edit('report.txt')
  require('gongwen').setup({ highlight = { headings = false } })
  t.eq({ 'GongwenPlaceholder' }, groups_of(hl.marks(buf, 0, 10), 1))
  require('gongwen').setup({ highlight = { headings = true, placeholders = false } })
  t.eq({ 'GongwenTitle' }, groups_of(hl.marks(buf, 0, 10), 1))
end)

t.it('headings are left to tree-sitter where its highlighting is active', function()
  local buf = h.edit('report.txt')
  local ts = require('vim.treesitter.highlighter')
  ts.active[buf] = ts.active[buf] or true
  local ok, marks = pcall(hl.marks, buf, 0, 10)
  ts.active[buf] = nil
  t.ok(ok, marks)
  t.eq({ 'GongwenPlaceholder' }, groups_of(marks, 1))
end)

t.it('the decoration provider draws the groups on screen', function()
  api.nvim_set_hl(0, 'GongwenPlaceholder', { bg = '#123456' })
  api.nvim_set_hl(0, 'GongwenHeading1', { fg = '#654321' })
  local buf = h.edit('report.txt')
  vim.o.termguicolors = true
  t.eq(0x123456, cell(2, 0).background, 'XX in the title')
  t.eq(nil, cell(2, 7).background, 'text after it')
  t.eq(0x654321, cell(5, 0).foreground, '一、')
  -- drawn lazily for rows scrolled into view too
  api.nvim_buf_set_lines(buf, 0, 0, false, vim.fn['repeat']({ '正文。' }, 100))
  api.nvim_win_set_cursor(0, { 102, 0 })
  vim.cmd('normal! zt')
  t.eq(0x123456, cell(102, 0).background, 'after scrolling')
  -- nothing once detached
  vim.cmd('Gongwen detach')
  t.eq(nil, cell(102, 0).background, 'detached')
end)

t.it('large buffers: placeholders of the visible rows only', function()
  api.nvim_set_hl(0, 'GongwenPlaceholder', { bg = '#123456' })
  h.capture_notify()
  require('gongwen').setup({ max_filesize = 10 })
  h.edit('report.txt', 'big.txt')
  vim.o.termguicolors = true
  t.eq(0x123456, cell(2, 0).background)
  t.eq(nil, cell(5, 0).foreground, 'no heading highlight')
end)
