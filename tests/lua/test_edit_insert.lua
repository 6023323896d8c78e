-- :Gongwen skeleton and :Gongwen heading (gongwen.edit.insert, gongwen.templates).
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')
local insert = require('gongwen.edit.insert')
local templates = require('gongwen.templates')

local SECTIONS = h.read('edit/sections.txt')

local function lines(buf)
  return api.nvim_buf_get_lines(buf or 0, 0, -1, true)
end

local function open(data, row)
  local buf = h.scratch(data)
  api.nvim_win_set_cursor(0, { row or 1, 0 })
  vim.o.undolevels = vim.o.undolevels
  return buf
end

--- Processes pending keys (vim.snippet selects tabstops through feedkeys).
local function settle()
  api.nvim_feedkeys('', 'x', false)
end

--- Runs fn() with vim.fn.complete() recorded (vim.snippet offers a choice
--- tabstop's values through a deferred complete()); returns the words offered.
local function offered_by(fn)
  local offered
  vim.fn.complete = function(_, items)
    offered = items
  end
  local ok, err = pcall(function()
    fn()
    t.wait(function()
      return offered ~= nil
    end, 'choices offered')
  end)
  vim.fn.complete = nil
  assert(ok, err)
  return vim.tbl_map(function(it)
    return it.word
  end, offered)
end

--- Leaves the snippet session and Insert/Select mode.
local function leave()
  if vim.snippet.active() then
    vim.snippet.stop()
  end
  api.nvim_feedkeys(vim.keycode('<Esc>'), 'nx', false)
end

local showmode = vim.o.showmode

t.before_each(function()
  h.reset()
  edit.reset()
  h.capture_notify()
  vim.o.showmode = false -- no -- SELECT -- in the test output
end)
t.after_each(function()
  leave()
  vim.o.showmode = showmode
end)

t.describe('skeleton', function()
  t.it('every report type expands through vim.snippet into a complete report of that type', function()
    local vars = insert.vars()
    t.ok(#templates.list() >= 9)
    for _, tpl in ipairs(templates.list()) do
      local buf = open({ '' })
      t.ok(edit.skeleton(buf, tpl.id), tpl.id)
      settle()
      t.ok(vim.snippet.active(), tpl.id .. ': snippet active')
      t.eq('s', api.nvim_get_mode().mode, tpl.id .. ': first tabstop selected')
      local text = lines(buf)
      t.eq(insert.skeleton_text(tpl.id), text, tpl.id)
      if tpl.title:find('{=year}', 1, true) then
        t.matches(vars.year, text[1], tpl.id)
      end
      if tpl.signature then
        t.eq(vars.date, text[#text], tpl.id)
      end
      -- the analyzer sees the intended report type with every required part
      local doc = h.fresh(buf)
      local sd = doc:subdocs()
      t.eq(1, #sd, tpl.id)
      t.eq({ tpl.type, {} }, { sd[1].type, sd[1].missing }, tpl.id)
      for _, d in ipairs(doc:diagnostics()) do
        t.ok(d.code == 'GW301', tpl.id .. ': ' .. d.code .. ' ' .. d.message)
      end
      leave()
    end
  end)

  t.it('no two tabstops touch (vim.snippet mishandles adjacent tabstops)', function()
    for _, id in ipairs(templates.ids()) do
      local body = insert.skeleton_snippet(id)
      t.ok(not body:find('}%${'), id)
    end
  end)

  t.it('tabstops walk the places to fill; the year is one mirrored tabstop', function()
    local year = insert.vars().year
    local body = insert.skeleton_snippet('dangjian')
    t.eq(1, select(2, body:gsub('%${2:' .. year .. '}', '')))
    t.eq(1, select(2, body:gsub('%${2}', '')))
    local buf = open({ '' })
    edit.skeleton(buf, 'dangjian')
    settle()
    -- tabstop 1: the organisation in the title; tabstop 2: the year after it
    t.eq({ 1, 0 }, { h.cursor() })
    vim.snippet.jump(1)
    settle()
    local row, col = h.cursor()
    t.eq({ 1, #'XXX党组织书记' }, { row, col })
    vim.snippet.jump(1)
    settle()
    t.eq(3, h.cursor()) -- tabstop 3: in the opening
    t.eq(insert.skeleton_text('dangjian'), lines(buf))
  end)

  t.it('goes below a non-empty cursor line; one undo step restores the buffer', function()
    local data = { '前一行', '已有的文字', '后一行' }
    local buf = open(data, 2)
    edit.skeleton(buf, 'qingkuang')
    settle()
    leave()
    local text = lines(buf)
    t.eq(data[1], text[1])
    t.eq(data[2], text[2])
    t.eq(insert.skeleton_text('qingkuang'), vim.list_slice(text, 3, #text - 1))
    t.eq(data[3], text[#text])
    vim.cmd('silent undo')
    t.eq(data, lines(buf))
  end)

  t.it('without a type offers the types through vim.ui.select', function()
    local buf = open({ '' })
    local offered
    vim.ui.select = function(items, opts, on_choice)
      offered = vim.tbl_map(opts.format_item, items)
      on_choice(templates.get('zhenggai'))
    end
    t.eq(false, edit.skeleton(buf))
    t.eq(#templates.list(), #offered)
    t.matches('整改情况报告 %(zhenggai%)', offered[8])
    settle()
    t.eq(insert.skeleton_text('zhenggai'), lines(buf))
  end)

  t.it('refuses unknown types and non-modifiable buffers', function()
    local notes = h.capture_notify()
    local buf = open({ '' })
    t.eq(false, edit.skeleton(buf, 'nonesuch'))
    t.matches('未知的报告类型：nonesuch', notes[#notes].msg)
    t.matches('dangjian', notes[#notes].msg)
    vim.bo[buf].modifiable = false
    t.eq(false, edit.skeleton(buf, 'dangjian'))
    t.matches('不可修改', notes[#notes].msg)
    t.eq({ '' }, lines(buf))
  end)

  t.it('setup() overrides, adds and removes types; aspects come from a per-year table', function()
    edit.setup({
      templates = {
        qingkuang = { title = '{XXX}关于{XX}的情况汇报' },
        shuzhi = false,
        mine = {
          type = 'qingkuang',
          name = '自定义报告',
          title = '关于{XX}的报告',
          opening = '现将有关情况报告如下：',
          sections = { '基本情况', { '存在的问题', body = { '{XXX}' } }, '下一步打算' },
        },
      },
      aspects = { [2000] = { '在甲方面', '在乙方面' } },
    })
    t.eq(nil, templates.get('shuzhi'))
    t.eq('mine', templates.ids()[#templates.ids()])
    t.eq('XXX关于XX的情况汇报', insert.skeleton_text('qingkuang')[1])
    t.eq('根据XX的要求，现将XXX有关情况报告如下：', insert.skeleton_text('qingkuang')[4]) -- not overridden
    t.eq({ '关于XX的报告', '', '现将有关情况报告如下：', '一、基本情况', '二、存在的问题', 'XXX', '三、下一步打算' }, insert.skeleton_text('mine'))
    t.eq({ '在甲方面', '在乙方面' }, templates.aspects(templates.get('duizhao'), 2001))
    t.eq(5, #templates.aspects(templates.get('duizhao'), 2025))
    t.eq(4, #templates.aspects(templates.get('duizhao'), 1999))
    t.raises('needs the field', edit.setup, { templates = { other = { name = 'x' } } })
    t.raises('budget', edit.setup, { budget = -3 })
    edit.reset()
    t.ok(templates.get('shuzhi') ~= nil)
  end)

  t.it('Neovim 0.10 gets buffer-local <Tab>/<S-Tab> jumps during the session only', function()
    local buf = open({ '' })
    vim.keymap.set('i', '<Tab>', '<C-t>', { buffer = buf, desc = 'mine' })
    edit.skeleton(buf, 'shuzhi')
    settle()
    local map = vim.fn.maparg('<Tab>', 's', false, true)
    if vim.fn.has('nvim-0.11') == 1 then
      t.ok(vim.tbl_isempty(map) or map.buffer ~= 1 or map.desc ~= 'gongwen: jump in the snippet')
      return
    end
    t.eq(1, map.buffer)
    api.nvim_feedkeys(vim.keycode('<Tab>'), 'x', false)
    settle()
    t.eq({ 1, #'XXX同志' }, { h.cursor() }) -- tabstop 2: the year
    api.nvim_feedkeys(vim.keycode('<Tab>'), 'x', false)
    settle()
    t.eq(3, h.cursor()) -- tabstop 3: the opening's XX
    api.nvim_feedkeys(vim.keycode('<S-Tab>'), 'x', false)
    settle()
    t.eq(1, h.cursor())
    leave()
    t.wait(function()
      return vim.tbl_isempty(vim.fn.maparg('<Tab>', 's', false, true))
    end, 'jump maps removed')
    t.eq('mine', vim.fn.maparg('<Tab>', 'i', false, true).desc) -- the buffer's own map is back
  end)
end)

t.describe('heading', function()
  t.it('inserts the next sibling after the section, renumbering the later ones', function()
    local buf = open(SECTIONS, 9) -- inside （二）
    t.eq(9, edit.heading(buf))
    settle()
    t.ok(vim.snippet.active())
    local after = lines(buf)
    t.eq('（三）XXX', after[10])
    t.eq('', after[11])
    t.eq('（四）改进工作作风', after[12])
    t.eq(vim.list_slice(SECTIONS, 1, 9), vim.list_slice(after, 1, 9))
    t.eq(vim.list_slice(SECTIONS, 12), vim.list_slice(after, 13))
    leave()
    vim.cmd('silent undo')
    t.eq(SECTIONS, lines(buf))
  end)

  t.it('after 二、… inserts 三、, in Insert mode too', function()
    local buf = open(SECTIONS, 14)
    vim.keymap.set('i', '<F2>', function()
      edit.heading()
    end, { buffer = buf })
    local words = offered_by(function()
      api.nvim_feedkeys('A' .. vim.keycode('<F2>'), 'tx', false)
      settle()
    end)
    t.eq({ '主要经验体会' }, words) -- the zongjie heading not yet in the report
    local after = lines(buf)
    t.eq('三、', after[15])
    t.eq('四、下一步工作打算', after[16])
  end)

  t.it('with a bang inserts the first child one level down', function()
    local buf = open(SECTIONS, 5)
    edit.heading(buf, { child = true })
    settle()
    local after = lines(buf)
    t.eq('1.XXX', after[6])
    t.eq('2.推进重点项目。全年推进项目X个。', after[7])
    t.eq('3.优化营商环境。办结事项XX件。', after[8])
    leave()
    vim.cmd('silent undo')
    t.eq(SECTIONS, lines(buf))
    -- a section without children gets its first child at its end
    api.nvim_win_set_cursor(0, { 8, 0 })
    edit.heading(buf, { child = true })
    settle()
    t.eq('1.XXX', lines(buf)[10])
    t.eq('', lines(buf)[11])
  end)

  t.it('on an empty line puts the heading there, in the style of its list', function()
    local data = { '关于XX工作的情况报告', '一、工作情况', '(一)加强学习', '开展学习X次。', '', '二、存在问题' }
    local buf = open(data, 5)
    edit.heading(buf)
    settle()
    t.eq('(二)XXX', lines(buf)[5])
    t.eq(#data, #lines(buf))
  end)

  t.it('offers the standard headings of the report type that fit', function()
    local data = { 'XX党委书记2024年度抓基层党建工作述职报告', '根据安排，现将有关情况报告如下：', '一、履行职责情况', '全年召开会议X次。' }
    local buf = open(data, 4)
    local words = offered_by(function()
      edit.heading(buf)
    end)
    t.eq({ '存在的主要问题及原因', '下一步工作思路和主要措施' }, words)
    t.eq('二、', lines(buf)[5])
    leave()
    -- without snippets the first choice is written out
    vim.cmd('silent undo')
    edit.setup({ snippet = false })
    api.nvim_win_set_cursor(0, { 4, 0 })
    edit.heading(buf)
    t.eq('二、存在的主要问题及原因', lines(buf)[5])
  end)

  t.it('refuses below （1） and on a non-modifiable buffer', function()
    local notes = h.capture_notify()
    local data = { '关于XX的报告', '一、情况', '（一）做法', '1.措施', '（1）甲' }
    local buf = open(data, 5)
    t.eq(nil, edit.heading(buf, { child = true }))
    t.matches('最低层级', notes[#notes].msg)
    vim.bo[buf].modifiable = false
    t.eq(nil, edit.heading(buf))
    t.matches('不可修改', notes[#notes].msg)
    t.eq(data, lines(buf))
  end)
end)
