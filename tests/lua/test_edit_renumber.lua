-- :Gongwen renumber and the numbering plan (gongwen.edit.number).
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')
local number = require('gongwen.edit.number')
local base = require('gongwen.edit.base')

local function lines(buf)
  return api.nvim_buf_get_lines(buf or 0, 0, -1, true)
end

--- A report buffer whose next change starts a new undo block.
local function open(data)
  local buf = h.scratch(type(data) == 'string' and h.read('edit/' .. data) or data)
  vim.o.undolevels = vim.o.undolevels -- undo break
  return buf
end

t.before_each(function()
  h.reset()
  edit.reset()
end)

t.it('fixes the broken numbering of the seed-like report', function()
  local buf = open('broken.txt')
  local before = lines(buf)
  local notes = h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq(5, #changes)
  local after = lines(buf)
  -- (二) → （二） (the list's full-width brackets), the duplicate （二） → （三）,
  -- the lost level-1 heading gets 二、, 五、 → 三、, 四是 → 三是
  t.eq('（二）加强基层组织建设。新建党支部X个。', after[6])
  t.eq('（三）抓好党员教育管理。开展集中培训XX场。', after[7])
  t.eq('二、存在的主要问题及原因', after[8])
  t.eq('五、下一步工作思路和主要措施', before[16])
  t.eq('三、下一步工作思路和主要措施', after[16])
  t.eq('三是锤炼队伍。加强党员日常管理。', after[19])
  -- the 1、 list restarted after the label 存在问题： stays a new list, and keeps 1、
  t.eq(before[13], after[13])
  t.eq(before[10], after[10])
  -- every other line is byte-identical
  local changed = { [6] = true, [7] = true, [8] = true, [16] = true, [19] = true }
  for i = 1, #before do
    if not changed[i] then
      t.eq(before[i], after[i], 'line ' .. i)
    end
  end
  t.matches('已调整 5 处序号（补序号 1，改序号 3，改样式 1）', notes[#notes].msg)
  t.matches('第8行：∅ → 二、', notes[#notes].msg)
  -- the result is what the core calls clean numbering
  local doc = h.fresh(buf)
  for _, d in ipairs(doc:diagnostics()) do
    t.ok(not vim.tbl_contains({ 'GW101', 'GW102', 'GW103', 'GW104', 'GW106', 'GW110', 'GW303' }, d.code), d.code)
  end
end)

t.it('writes 二、 for a 二， typed among 一、 headings (GW306), and nothing else', function()
  local before = { '关于XX的自查报告', '一、基本情况', '正文。', '二，自查发现的问题', '落实不够。', '三、整改措施', '继续加强。' }
  local buf = open(before)
  local codes = function()
    local seen = {}
    for _, d in ipairs(h.fresh(buf):diagnostics()) do
      seen[d.code] = true
    end
    return seen
  end
  t.ok(codes().GW306)
  local notes = h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq(1, #changes)
  local after = lines(buf)
  t.eq('二、自查发现的问题', after[4])
  for i = 1, #before do
    if i ~= 4 then
      t.eq(before[i], after[i], 'line ' .. i)
    end
  end
  t.matches('第4行：二， → 二、', notes[#notes].msg)
  t.ok(not codes().GW306)
end)

t.it('numbers ■ headings in place of their bullets (GW303), one undo step', function()
  local before = {
    '组织生活会发言提纲',
    '■ 学习收获',
    '收获较大。',
    '　■　检视出的问题',
    '（一）理论学习方面',
    '学习不深。',
    '■ 整改措施',
    '1.加强理论学习。',
  }
  local buf = open(before)
  local lost = 0
  for _, d in ipairs(h.fresh(buf):diagnostics()) do
    lost = lost + (d.code == 'GW303' and 1 or 0)
  end
  t.eq(3, lost)
  local notes = h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq(3, #changes)
  local after = lines(buf)
  t.eq('一、学习收获', after[2])
  t.eq('　二、检视出的问题', after[4]) -- the indentation stays
  t.eq('三、整改措施', after[7])
  for _, i in ipairs({ 1, 3, 5, 6, 8 }) do
    t.eq(before[i], after[i], 'line ' .. i)
  end
  t.matches('第2行：■ → 一、', notes[#notes].msg)
  for _, d in ipairs(h.fresh(buf):diagnostics()) do
    t.ok(d.code ~= 'GW303', d.code)
  end
  vim.cmd('silent undo')
  t.eq(before, lines(buf))
end)

t.it('keeps problems numbered on across categories (整改: （一）… 1. 2. （二）… 3.)', function()
  local before = {
    '关于巡察反馈问题整改情况的报告',
    '一、整改落实情况',
    '（一）关于政治建设方面的问题',
    '1.学习贯彻不够深入的问题。',
    '整改措施：完善学习制度。',
    '2.落实决策部署有偏差的问题。',
    '整改措施：开展专项检查。',
    '（二）关于作风建设方面的问题',
    '3.形式主义仍有发生的问题。',
    '整改措施：精简会议文件。',
    '（三）关于组织建设方面的问题',
    '4.年轻干部储备不足的问题。',
    '整改措施：建立人才库。',
    '二、下一步打算',
    '持续抓好整改。',
  }
  local buf = open(before)
  for _, d in ipairs(h.fresh(buf):diagnostics()) do
    t.ok(d.code ~= 'GW104' and d.code ~= 'GW105', d.code .. ' ' .. d.message)
  end
  h.capture_notify()
  t.eq(0, #edit.renumber(buf))
  t.eq(before, lines(buf))
  -- a problem added to the first category: renumbering goes on across them
  api.nvim_buf_set_lines(buf, 5, 5, true, { '2.又一个问题。' })
  edit.renumber(buf)
  local after = lines(buf)
  t.eq('2.又一个问题。', after[6])
  t.eq('3.落实决策部署有偏差的问题。', after[7])
  t.eq('4.形式主义仍有发生的问题。', after[10])
  t.eq('5.年轻干部储备不足的问题。', after[13])
end)

t.it('is one undo step that restores the buffer byte for byte', function()
  local buf = open('broken.txt')
  local before = lines(buf)
  h.capture_notify()
  edit.renumber(buf)
  t.neq(before, lines(buf))
  vim.cmd('silent undo')
  t.eq(before, lines(buf))
  vim.cmd('silent redo')
  vim.cmd('silent undo')
  t.eq(before, lines(buf))
end)

t.it('with a bang writes the GB/T 9704 forms', function()
  local buf = open('broken.txt')
  h.capture_notify()
  edit.renumber(buf, { normalize = true })
  local after = lines(buf)
  t.eq('1.部分支部书记抓党建精力不足', after[10])
  t.eq('2.考核结果运用不够充分', after[11])
  t.eq('1.组织生活不够规范', after[13])
  t.eq('（二）加强基层组织建设。新建党支部X个。', after[6])
  -- and through the command table, like :Gongwen renumber!
  local buf2 = open('broken.txt')
  local cmd
  for _, c in ipairs(edit.commands) do
    if c.name == 'renumber' then
      cmd = c
    end
  end
  cmd.run({ args = {}, bang = true, buf = buf2 })
  t.eq(after, lines(buf2))
end)

t.it('keeps each list\'s own style without a bang', function()
  local buf = open({
    '关于XX工作的报告',
    '一、工作情况',
    '(一)加强学习',
    '(三)改进作风',
    '1、抓好落实',
    '3、强化督导',
  })
  h.capture_notify()
  edit.renumber(buf)
  t.eq({ '关于XX工作的报告', '一、工作情况', '(一)加强学习', '(二)改进作风', '1、抓好落实', '2、强化督导' }, lines(buf))
end)

t.it('fixes the seed cases: lost ordinals of both levels, restarts after transitions', function()
  -- 000: 意识形态工作履职情况 lost 二、, 主要做法及成效 lost （一）
  local buf = open({
    '履行基层党建和意识形态工作责任述职报告',
    '一、基层党建工作履职情况',
    '（一）主要做法及成效',
    '1.加强组织领导。全年召开会议X次。',
    '（二）存在问题及原因',
    '一是重视不够。',
    '（三）下步打算及措施',
    '1.强化学习。持续抓好理论武装。',
    '意识形态工作履职情况',
    '主要做法及成效',
    '1.加强组织领导。全年研究意识形态工作X次。',
    '（二）存在问题及原因',
    '一是形式有待创新。',
    '（三）下步打算及措施',
    '1.进一步做好宣传引导。',
  })
  h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq(2, #changes)
  t.eq('二、意识形态工作履职情况', lines(buf)[9])
  t.eq('（一）主要做法及成效', lines(buf)[10])
  -- 003 篇五: three lists under one parent, each restarting at （一） after a transition
  local buf2 = open({
    '落实意识形态工作责任制情况报告',
    '今年以来，主要做了以下工作：',
    '（一）强化组织领导。成立领导小组。',
    '（二）狠抓学习教育。开展专题学习X次。',
    '存在的问题：',
    '（一）认识有待加强。',
    '（二）机制不够健全。',
    '下一步打算：',
    '（一）强化责任落实。',
    '（二）加强阵地管理。',
  })
  local before = lines(buf2)
  edit.renumber(buf2)
  t.eq(before, lines(buf2))
end)

t.it('a list of one before a restart: renumbered once, then nothing left to do', function()
  local buf = open({
    '关于XX的工作报告',
    '',
    '三、下一步工作思路',
    '现将有关情况报告如下：',
    '一、履行职责情况',
    '二、存在的问题',
  })
  h.capture_notify()
  edit.renumber(buf)
  local once = lines(buf)
  t.eq('一、下一步工作思路', once[3])
  t.eq('一、履行职责情况', once[5])
  edit.renumber(buf)
  t.eq(once, lines(buf), 'a second renumber changes nothing')
  local codes = {}
  for _, d in ipairs(h.fresh(buf):diagnostics()) do
    codes[#codes + 1] = d.code
  end
  t.ok(not vim.tbl_contains(codes, 'GW102'), 'no duplicate: ' .. table.concat(codes, ' '))
end)

t.it('leaves a list alone when renumbering it would move headings to other parents', function()
  -- 二、 numbered 1 below （二） would open a list under it (a heading out of
  -- level order nests when it starts at 1): the outline would change, and a
  -- second renumber would change the text again
  local text = {
    'XX局领导班子民主生活会对照检查材料',
    '',
    '（一）在带头强化政治忠诚方面',
    '（二）在带头干事创业方面',
    '二、典型案例剖析情况',
    '三、原因分析',
    '（一）理想信念有所松懈',
    '四、整改措施',
    '（一）强化理论武装',
    '（二）践行为民宗旨',
  }
  local buf = open(text)
  local notes = h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq({}, changes)
  t.eq(text, lines(buf))
  t.eq('gongwen: ' .. base.t('renumber_kept', 3, '5, 6, 8'), notes[#notes].msg)
  -- the check itself: the planned changes, tried, move headings
  local doc = base.analyze(text)
  local planned = number.changes(number.plan(doc))
  t.eq(3, #planned)
  local kept_changes, kept = number.keep_structure(doc, text, planned)
  doc:close()
  t.eq(0, #kept_changes)
  t.eq(3, #kept)
end)

t.it('with a bang, fifth-level headings stay circled (① is their form, 一是 is an item)', function()
  local text = { '关于XX的报告', '', '一、主要工作', '（一）抓落实', '1.细化分工', '（1）定期调度', '①周调度', '②月通报' }
  local buf = open(text)
  h.capture_notify()
  edit.renumber(buf, { normalize = true })
  t.eq(text, lines(buf))
  local kinds = h.fresh(buf):kinds()
  t.eq(kinds[7], kinds[6], 'still a heading, as the line above')
end)

t.it('the plan follows the core: lists, positions and list styles', function()
  local doc = base.analyze(h.read('edit/broken.txt'))
  local plan = number.plan(doc)
  local m = plan.by_line[6]
  t.eq({ kind = 'heading', rank = 2, pos = 3, ordinal = 2 }, { kind = m.kind, rank = m.rank, pos = m.pos, ordinal = m.ordinal })
  t.eq(0, plan.list_style[m.list])
  -- the two 1、 lists under （一） are different lists
  t.neq(plan.by_line[9].list, plan.by_line[12].list)
  t.eq(4, plan.list_style[plan.by_line[9].list])
  -- the lost heading is at position 2 of the level-1 list
  t.eq(2, plan.by_line[7].pos)
  t.ok(plan.by_line[7].lost)
  doc:close()
end)

t.it('renumbers items written 第N， and 首先， in their own form', function()
  local buf = open({
    '关于XX工作的报告',
    '一、工作情况',
    '第一，加强学习。',
    '第三，改进作风。',
    '二、下一步打算',
    '首先，加强学习。',
    '再次，改进作风。',
  })
  h.capture_notify()
  local changes = edit.renumber(buf)
  t.eq(2, #changes)
  t.eq('第二，改进作风。', vim.api.nvim_buf_get_lines(buf, 3, 4, true)[1])
  t.eq('其次，改进作风。', vim.api.nvim_buf_get_lines(buf, 6, 7, true)[1])
end)

t.it('reports an orderly document as such', function()
  local buf = open('broken.txt')
  h.capture_notify()
  edit.renumber(buf)
  local after = lines(buf)
  local notes = h.capture_notify()
  t.eq({}, edit.renumber(buf))
  t.eq(after, lines(buf))
  t.matches('序号无需调整', notes[#notes].msg)
end)

t.it('refuses a non-modifiable buffer with a clear message (Chinese, English)', function()
  local buf = open('broken.txt')
  local before = lines(buf)
  vim.bo[buf].modifiable = false
  local notes = h.capture_notify()
  t.eq(nil, edit.renumber(buf))
  t.eq(before, lines(buf))
  t.matches('不可修改', notes[#notes].msg)
  t.eq(vim.log.levels.ERROR, notes[#notes].level)
  require('gongwen').setup({ lang = 'en' })
  edit.renumber(buf)
  t.matches('not modifiable', notes[#notes].msg)
end)
