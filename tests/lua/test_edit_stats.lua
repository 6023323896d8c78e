-- :Gongwen stats: characters per section and in total, placeholders, budget.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')
local core = require('gongwen.core')

local echo = api.nvim_echo
local echoed ---@type string[]

t.before_each(function()
  h.reset()
  edit.reset()
  -- record what :Gongwen stats shows instead of printing it
  echoed = {}
  api.nvim_echo = function(chunks)
    echoed[#echoed + 1] = table.concat(vim.tbl_map(function(c)
      return c[1]
    end, chunks))
  end
end)
t.after_each(function()
  api.nvim_echo = echo
end)

t.it('counts every section and the whole text as the core counts characters', function()
  local data = h.read('edit/sections.txt')
  local buf = h.scratch(data)
  local s = edit.stats(buf, { quiet = true })
  local total = 0
  for _, l in ipairs(data) do
    total = total + core.count(l)
  end
  t.eq(total, s.chars)
  t.eq(7, s.placeholders)
  -- the title's section is the whole report; 一、 holds its three subsections
  t.eq('title', s.sections[1].kind)
  t.eq(total, s.sections[1].chars)
  local one = s.sections[2]
  t.eq({ '一、', '主要工作及成效' }, { one.marker, one.text })
  local sum = core.count(data[4])
  for _, sec in ipairs(s.sections) do
    if sec.depth == 2 and sec.line < one.end_line then
      sum = sum + sec.chars
    end
  end
  t.eq(one.chars, sum)
  t.eq(core.count('（一）抓好项目建设') + core.count('1.推进重点项目。全年推进项目X个。') + core.count('2.优化营商环境。办结事项XX件。'), s.sections[3].chars)
  t.eq(2, s.sections[3].placeholders)
end)

t.it('leaves template residue out of the count', function()
  local data = h.read('edit/wrapped.txt')
  local buf = h.scratch(data)
  local s = edit.stats(buf, { quiet = true })
  local noise = core.count(data[1]) + core.count(data[#data])
  local all = 0
  for _, l in ipairs(data) do
    all = all + core.count(l)
  end
  t.ok(noise > 0)
  t.eq(all - core.count(data[1]) - core.count(data[#data]), s.chars)
end)

t.it('shows the counts and warns when the length budget is exceeded', function()
  local buf = h.scratch(h.read('edit/sections.txt'))
  local notes = h.capture_notify()
  local s = edit.stats(buf, { budget = 100 })
  t.eq(100, s.budget)
  t.eq(s.chars - 100, s.over)
  t.eq(vim.log.levels.WARN, notes[#notes].level)
  t.matches('超出篇幅上限 %d+ 字（上限 100 字', notes[#notes].msg)
  local history = table.concat(echoed, '\n')
  t.matches('字数统计', history)
  t.matches('一、主要工作及成效  %d+字', history)
  t.matches('全文 %d+ 字，待填占位符 7 处', history)
  -- within the budget set by setup(): no warning
  edit.setup({ budget = 5000 })
  notes = h.capture_notify()
  s = edit.stats(buf)
  t.eq(0, s.over)
  t.eq(0, #notes)
end)

t.it(':Gongwen stats takes the budget as its argument and checks it', function()
  local buf = h.scratch(h.read('edit/sections.txt'))
  local notes = h.capture_notify()
  local cmd
  for _, c in ipairs(edit.commands) do
    if c.name == 'stats' then
      cmd = c
    end
  end
  cmd.run({ args = { 'abc' }, bang = false, buf = buf })
  t.matches('篇幅上限应为正整数', notes[#notes].msg)
  cmd.run({ args = { '10' }, bang = false, buf = buf })
  t.matches('超出篇幅上限', notes[#notes].msg)
end)

t.it('works on a non-modifiable buffer (it changes nothing)', function()
  local buf = h.scratch(h.read('edit/sections.txt'))
  vim.bo[buf].modifiable = false
  t.ok(edit.stats(buf, { quiet = true }).chars > 0)
end)
