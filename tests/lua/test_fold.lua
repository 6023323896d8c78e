-- Folding by section: foldexpr levels, and folds kept right while editing.
local t = require('runner')
local h = require('helpers')
local api = vim.api

t.before_each(h.reset)

--- foldlevel() of every line.
local function levels()
  local out = {}
  for l = 1, api.nvim_buf_line_count(0) do
    out[l] = vim.fn.foldlevel(l)
  end
  return out
end

--- Levels computed from scratch (re-setting foldmethod re-evaluates every line).
local function fresh_levels()
  vim.wo.foldmethod = 'manual'
  vim.wo.foldmethod = 'expr'
  return levels()
end

t.it('the ftplugin sets foldmethod=expr with our foldexpr and foldlevel', function()
  h.edit('report.txt')
  t.eq('expr', vim.wo.foldmethod)
  t.eq("v:lua.require'gongwen'.foldexpr()", vim.wo.foldexpr)
  t.eq(99, vim.wo.foldlevel)
end)

t.it('foldlevel option: false leaves the user value', function()
  vim.g.gongwen = { foldlevel = false }
  vim.o.foldlevel = 3
  h.edit('report.txt')
  t.eq(3, vim.wo.foldlevel)
  vim.o.foldlevel = 0
end)

t.it('fold levels are the depths of heading sections (the core\'s section_levels)', function()
  local buf = h.edit('report.txt')
  -- title, preamble and signature are outside any heading section; the label
  -- 主要原因 (13) does not fold, it stays in 二、
  --            1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21
  t.eq({ 0, 0, 0, 0, 1, 2, 3, 3, 2, 2, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0 }, levels())
  t.eq('>1', require('gongwen').foldexpr(5))
  t.eq('1', require('gongwen').foldexpr(12))
  local lv, starts = h.doc(buf):section_levels()
  for i = 1, #lv do
    t.eq((starts[i] and '>' or '') .. lv[i], require('gongwen').foldexpr(i), 'line ' .. i)
  end
end)

t.it('folds close by section', function()
  h.edit('report.txt')
  vim.wo.foldlevel = 0
  t.eq(5, vim.fn.foldclosed(5))
  t.eq(10, vim.fn.foldclosedend(5))
  t.eq(-1, vim.fn.foldclosed(2))
  vim.wo.foldlevel = 1
  t.eq(-1, vim.fn.foldclosed(5))
  t.eq(6, vim.fn.foldclosed(7))
  t.eq(8, vim.fn.foldclosedend(7))
end)

t.it('levels stay right after normal-mode edits', function()
  h.edit('report.txt')
  local cmds = { '5Gdd', '2Gyy8Gp', '11GO（三）新增一节\27', 'u', '\18', '14GJ', 'ggdG', 'u' }
  for _, c in ipairs(cmds) do
    vim.cmd('silent normal! ' .. c)
    h.settle()
    local got = levels()
    t.eq(fresh_levels(), got, 'after ' .. vim.inspect(c))
  end
end)

t.it('levels catch up after Insert mode (InsertLeave)', function()
  h.edit('report.txt')
  api.nvim_win_set_cursor(0, { 16, 0 })
  h.normal('O五、新的一级标题<CR>正文<Esc>')
  h.settle()
  local got = levels()
  t.eq(fresh_levels(), got)
  t.eq(1, vim.fn.foldlevel(16))
end)

t.it('foldexpr is 0 in buffers that are not attached', function()
  h.edit('report.txt')
  require('gongwen').detach()
  t.eq('0', require('gongwen').foldexpr(5))
end)

t.it('folds are right again after detach, edits and attach', function()
  h.edit('report.txt')
  vim.cmd('Gongwen detach')
  vim.cmd('silent normal! 5Gdd')
  t.eq('0', require('gongwen').foldexpr(5))
  vim.cmd('Gongwen attach')
  vim.wait(0)
  local got = levels()
  t.eq(fresh_levels(), got)
  t.eq(1, got[5], '（一） is a top heading now')
end)

t.it('buffers longer than max_foldlines get no folds', function()
  require('gongwen').setup({ max_foldlines = 10 })
  h.edit('report.txt')
  t.ok(require('gongwen').is_attached())
  t.neq('expr', vim.wo.foldmethod)
  require('gongwen').setup({ max_foldlines = 21 })
  h.edit('report.txt', 'short.txt')
  t.eq('expr', vim.wo.foldmethod)
end)
