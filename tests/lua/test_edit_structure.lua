-- Moving, promoting and demoting sections (gongwen.edit.structure).
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')

local ORIG = h.read('edit/sections.txt')

local function lines(buf)
  return api.nvim_buf_get_lines(buf or 0, 0, -1, true)
end

--- The sample report in a buffer, cursor on `row` (1-based), next change undoable alone.
local function open(row, data)
  local buf = h.scratch(data or ORIG)
  api.nvim_win_set_cursor(0, { row, 0 })
  vim.o.undolevels = vim.o.undolevels
  return buf
end

--- Records the line ranges of every change of `buf`.
local function record(buf)
  local events = {}
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      events[#events + 1] = { first, last_old, last_new }
    end,
  })
  return events
end

--- Lines [1, first] and [last + 1, #] (1-based, inclusive) are unchanged.
local function same_outside(before, after, first, last)
  for i = 1, first do
    t.eq(before[i], after[i], 'line ' .. i)
  end
  for i = 0, #before - last - 1 do
    t.eq(before[#before - i], after[#after - i], 'line from the end ' .. i)
  end
end

local function undo_restores(buf, before)
  vim.cmd('silent undo')
  t.eq(before, lines(buf))
end

t.before_each(function()
  h.reset()
  edit.reset()
  h.capture_notify()
end)

t.describe('move', function()
  t.it('moving a section down and back up restores the text, labels with run-in text inside it', function()
  local text = {
    '关于XX问题整改情况的报告',
    '',
    '一、反馈问题整改落实情况',
    '（一）关于“理论学习不够深入”的问题',
    '整改措施：制定学习计划，每月集中学习。',
    '整改情况：已完成。',
    '（二）关于“制度执行不严格”的问题',
    '整改措施：修订制度XX项。',
    '整改情况：正在整改。',
    '二、下一步工作打算',
  }
  local buf = h.scratch(text)
  h.capture_notify()
  api.nvim_win_set_cursor(0, { 4, 0 })
  t.ok(edit.move(buf, 'down'))
  local moved = api.nvim_buf_get_lines(buf, 0, -1, true)
  t.eq('（一）关于“制度执行不严格”的问题', moved[4])
  t.eq('（二）关于“理论学习不够深入”的问题', moved[7])
  t.ok(edit.move(buf, 'up'))
  t.eq(text, api.nvim_buf_get_lines(buf, 0, -1, true))
end)

t.it('moves a section with its subtree above its previous sibling, renumbering both', function()
    local buf = open(9) -- body line of （二）
    local events = record(buf)
    t.ok(edit.move(buf, 'up'))
    local after = lines(buf)
    t.eq({
      '（一）加强队伍建设',
      '全年开展培训X次。',
      '（二）抓好项目建设',
      '1.推进重点项目。全年推进项目X个。',
      '2.优化营商环境。办结事项XX件。',
      '',
    }, vim.list_slice(after, 5, 10))
    t.eq(5, h.cursor())
    same_outside(ORIG, after, 4, 10)
    t.eq(1, #events)
    t.ok(events[1][1] >= 4 and events[1][2] <= 10, vim.inspect(events))
    undo_restores(buf, ORIG)
  end)

  t.it('moves down, keeping blank separators in place, and with a count', function()
    local buf = open(8)
    edit.move(buf, 'down')
    t.eq({
      '（二）改进工作作风',
      '深入基层调研X次。',
      '',
      '（三）加强队伍建设',
      '全年开展培训X次。',
    }, vim.list_slice(lines(buf), 8, 12))
    undo_restores(buf, ORIG)
    api.nvim_win_set_cursor(0, { 11, 0 })
    edit.move(buf, 'up', 2)
    local after = lines(buf)
    t.eq('（一）改进工作作风', after[5])
    t.eq('（二）抓好项目建设', after[7])
    t.eq('（三）加强队伍建设', after[11])
    t.eq(5, h.cursor())
    undo_restores(buf, ORIG)
  end)

  t.it('moves a level-1 section with all its subsections', function()
    local buf = open(4)
    edit.move(buf, 'down')
    local after = lines(buf)
    t.eq('一、存在的问题和不足', after[4])
    t.eq('二、主要工作及成效', after[6])
    t.eq(vim.list_slice(ORIG, 5, 12), vim.list_slice(after, 7, 14))
    same_outside(ORIG, after, 3, 14)
    undo_restores(buf, ORIG)
  end)

  t.it('refuses without a sibling, on the title and outside sections', function()
    local notes = h.capture_notify()
    local buf = open(5)
    t.eq(false, edit.move(buf, 'up'))
    t.matches('上方没有同级章节', notes[#notes].msg)
    api.nvim_win_set_cursor(0, { 15, 0 })
    t.eq(false, edit.move(buf, 'down'))
    t.matches('下方没有同级章节', notes[#notes].msg)
    api.nvim_win_set_cursor(0, { 1, 0 })
    t.eq(false, edit.move(buf, 'down'))
    t.matches('标题不能移动', notes[#notes].msg)
    t.eq(ORIG, lines(buf))
  end)

  t.it('renumbers a broken list as it moves (seed 004: ∅ ∅ 三、)', function()
    local data = {
      '基层党建工作述职报告（建设局）',
      '根据安排，现将履职情况报告如下：',
      '履行职责情况',
      '（一）坚持以上率下。',
      '存在的主要问题及原因',
      '（一）工作开展不够实。',
      '三、下一步工作思路和主要措施',
      '（一）强化责任落实。',
    }
    local buf = open(7, data)
    edit.move(buf, 'up')
    local after = lines(buf)
    t.eq('二、下一步工作思路和主要措施', after[5])
    t.eq('三、存在的主要问题及原因', after[7])
    t.eq('履行职责情况', after[3]) -- outside the moved pair: untouched
    undo_restores(buf, data)
  end)
end)

t.describe('promote and demote', function()
  t.it('demotes a section under its previous sibling and renumbers the list it left', function()
    local buf = open(8)
    local events = record(buf)
    t.ok(edit.demote(buf))
    local after = lines(buf)
    t.eq('3.加强队伍建设', after[8])
    t.eq('（二）改进工作作风', after[11])
    same_outside(ORIG, after, 7, 11)
    t.eq(1, #events)
    undo_restores(buf, ORIG)
  end)

  t.it('demotes a section with its subtree: every level follows', function()
    local buf = open(15)
    edit.demote(buf)
    local after = lines(buf)
    t.eq('（一）下一步工作打算', after[15])
    t.eq('1.巩固成效', after[16])
    t.eq('2.补齐短板', after[18])
    same_outside(ORIG, after, 14, 18)
    undo_restores(buf, ORIG)
  end)

  t.it('promotes a section: later siblings become its children, later parents renumber', function()
    local buf = open(8)
    t.ok(edit.promote(buf))
    local after = lines(buf)
    t.eq('二、加强队伍建设', after[8])
    t.eq('（一）改进工作作风', after[11])
    t.eq('三、存在的问题和不足', after[13])
    t.eq('四、下一步工作打算', after[15])
    t.eq('（一）巩固成效', after[16]) -- another list: untouched
    same_outside(ORIG, after, 7, 15)
    undo_restores(buf, ORIG)
  end)

  t.it('uses the marker style the document uses for the new level', function()
    local data = {
      '关于XX工作的情况报告',
      '一、工作情况',
      '(一)加强学习',
      '1、抓好理论学习',
      '2、抓好业务学习',
      '(二)改进作风',
    }
    local buf = open(6, data)
    edit.demote(buf)
    t.eq('3、改进作风', lines(buf)[6])
    undo_restores(buf, data)
    api.nvim_win_set_cursor(0, { 5, 0 })
    edit.promote(buf)
    t.eq('(二)抓好业务学习', lines(buf)[5])
    t.eq('(三)改进作风', lines(buf)[6])
    undo_restores(buf, data)
  end)

  t.it('refuses at the top and bottom levels and without a previous sibling', function()
    local notes = h.capture_notify()
    local buf = open(4)
    t.eq(false, edit.promote(buf))
    t.matches('已是一级标题', notes[#notes].msg)
    api.nvim_win_set_cursor(0, { 5, 0 })
    t.eq(false, edit.demote(buf))
    t.matches('前面没有同级章节', notes[#notes].msg)
    api.nvim_win_set_cursor(0, { 1, 0 })
    t.eq(false, edit.demote(buf))
    t.matches('标题', notes[#notes].msg)
    t.eq(ORIG, lines(buf))
    local deep = { '关于XX的报告', '一、情况', '（一）做法', '1.措施', '（1）甲', '（2）乙' }
    local buf2 = open(6, deep)
    t.eq(false, edit.demote(buf2))
    t.matches('最低层级', notes[#notes].msg)
    api.nvim_win_set_cursor(0, { 4, 0 })
    t.eq(false, edit.demote(buf2)) -- its subtree holds （1）
    t.eq(deep, lines(buf2))
  end)
end)

t.it('every structural command refuses a non-modifiable buffer', function()
  local notes = h.capture_notify()
  local buf = open(8)
  vim.bo[buf].modifiable = false
  for _, f in ipairs({ 'promote', 'demote' }) do
    t.eq(false, edit[f](buf))
    t.matches('不可修改', notes[#notes].msg)
  end
  t.eq(false, edit.move(buf, 'up'))
  t.eq(false, edit.move(buf, 'down'))
  t.matches('不可修改', notes[#notes].msg)
  t.eq(ORIG, lines(buf))
end)

t.it(':Gongwen move checks its argument', function()
  local notes = h.capture_notify()
  local buf = open(8)
  local cmd
  for _, c in ipairs(edit.commands) do
    if c.name == 'move' then
      cmd = c
    end
  end
  cmd.run({ args = { 'sideways' }, bang = false, buf = buf })
  t.matches('用法', notes[#notes].msg)
  cmd.run({ args = { 'up' }, bang = false, buf = buf })
  t.eq('（一）加强队伍建设', lines(buf)[5])
  t.eq({ 'up', 'down' }, cmd.complete(''))
end)
