-- :Gongwen reflow: pasted text from web pages and PDFs (gongwen.edit.reflow).
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')

local function lines(buf)
  return api.nvim_buf_get_lines(buf or 0, 0, -1, true)
end

local function open(data)
  local buf = h.scratch(type(data) == 'string' and h.read('edit/' .. data) or data)
  vim.o.undolevels = vim.o.undolevels
  return buf
end

-- the title and the headings that run into their text after a space get lines of their own
local ONELINE_RESULT = {
  'XX县审计局关于2024年度内部审计工作情况的报告',
  '根据县委要求，现将有关情况报告如下：',
  '一、基本情况',
  '全年完成审计项目X个，查出问题金额XX万元。',
  '二、主要做法',
  '（一）突出重点。',
  '一是聚焦民生资金。',
  '二是聚焦重大项目。',
  '（二）强化整改。建立问题台账，逐项销号。',
  '三、存在的问题',
  '审计力量不足，信息化水平不高。',
  '四、下一步打算',
  '我们将继续加强队伍建设。',
}

local WRAPPED_RESULT = {
  'XX区民政局2024年工作总结',
  '',
  '2024年，我局在区委区政府的正确领导下，坚持以人民为中心的发展思想，扎实推进各项民政工作，全年完成重点任务XX项。现将主要工作情况总结如下：',
  '一、主要工作及成效',
  '（一）兜牢民生底线。全年发放低保金XX万元，惠及困难群众X人，做到应保尽保。',
  '（二）提升养老服务水平。新建社区养老服务站X个，开展助餐服务XX人次。',
  '二、存在的问题和不足',
  '一是基层服务力量薄弱。二是信息化建设滞后。',
  '三、下一步工作打算',
  '继续完善社会救助体系，推动养老服务提质增效。',
}

t.before_each(function()
  h.reset()
  edit.reset()
end)

t.it('splits a one-line paste at heading and item boundaries', function()
  local buf = open('oneline.txt')
  local notes = h.capture_notify()
  local res = edit.reflow(buf)
  t.eq(ONELINE_RESULT, lines(buf))
  t.eq({ splits = 12, joined = 0, removed = 0, residue = 0, changed = true }, res)
  t.matches('拆分 12 处', notes[#notes].msg)
  -- the analyzer now sees the structure
  local kinds = h.fresh(buf):kinds()
  t.eq({ 'title', 'body', 'heading', 'body', 'heading', 'heading' }, { kinds[1], kinds[2], kinds[3], kinds[4], kinds[5], kinds[6] })
  vim.cmd('silent undo')
  t.eq(h.read('edit/oneline.txt'), lines(buf))
end)

t.it('joins hard-wrapped lines and, with a bang, removes template residue', function()
  local orig = h.read('edit/wrapped.txt')
  local buf = open(orig)
  local notes = h.capture_notify()
  local res = edit.reflow(buf)
  t.eq({ splits = 0, joined = 6, removed = 0, residue = 2, changed = true }, res)
  t.matches('可用 :Gongwen reflow! 删除', notes[#notes].msg)
  t.eq(orig[1], lines(buf)[1]) -- the notice stays without the bang
  vim.cmd('silent undo')
  t.eq(orig, lines(buf))
  vim.o.undolevels = vim.o.undolevels
  res = edit.reflow(buf, { residue = true })
  t.eq(WRAPPED_RESULT, lines(buf))
  t.eq({ splits = 0, joined = 6, removed = 3, residue = 0, changed = true }, res)
  vim.cmd('silent undo')
  t.eq(orig, lines(buf))
end)

t.it('never joins after a sentence end, a colon, a heading or a blank line', function()
  local data = {
    '关于XX工作的报告',
    '一、工作情况',
    '全年开展活动X次。',
    '主要做法：',
    '加强学习',
    '',
    '改进作风，提升',
    '效能',
  }
  local buf = open(data)
  h.capture_notify()
  edit.reflow(buf)
  t.eq({ '关于XX工作的报告', '一、工作情况', '全年开展活动X次。', '主要做法：', '加强学习', '', '改进作风，提升效能' }, lines(buf))
end)

t.it('works on a line range only, touching nothing outside it', function()
  local orig = h.read('edit/wrapped.txt')
  local buf = open(orig)
  h.capture_notify()
  local changes = {}
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      changes[#changes + 1] = { first, last_old, last_new }
    end,
  })
  -- :8,9Gongwen reflow!  (the （一） paragraph wrapped over two lines)
  local cmd
  for _, c in ipairs(edit.commands) do
    if c.name == 'reflow' then
      cmd = c
    end
  end
  cmd.run({ args = {}, bang = true, range = 2, line1 = 8, line2 = 9, buf = buf })
  local after = lines(buf)
  t.eq(#orig - 1, #after)
  t.eq(vim.list_slice(orig, 1, 7), vim.list_slice(after, 1, 7))
  t.eq(WRAPPED_RESULT[5], after[8])
  t.eq(vim.list_slice(orig, 10), vim.list_slice(after, 9))
  t.eq({ { 7, 9, 8 } }, changes)
end)

t.it('says when there is nothing to do, and refuses a non-modifiable buffer', function()
  local notes = h.capture_notify()
  local buf = open(WRAPPED_RESULT)
  local res = edit.reflow(buf)
  t.eq(false, res.changed)
  t.matches('没有需要整理的内容', notes[#notes].msg)
  t.eq(WRAPPED_RESULT, lines(buf))
  vim.bo[buf].modifiable = false
  t.eq(nil, edit.reflow(buf))
  t.matches('不可修改', notes[#notes].msg)
end)
