-- Filetype detection, attaching by filetype, disabling, start-up laziness.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local detect = require('gongwen.detect')

t.before_each(h.reset)

local prose = { 'Shopping list', '', 'Milk, eggs and bread.', 'Call the plumber.' }

t.it('plugin/ loads no module (and no C core) at start-up', function()
  local init = h.root .. '/tests/lua/minimal_init.lua'
  local probe = table.concat({
    'local loaded = {}',
    "for k in pairs(package.loaded) do if k:find('^gongwen') then loaded[#loaded + 1] = k end end",
    'io.stdout:write(vim.json.encode({ loaded = loaded, cmd = vim.fn.exists(":Gongwen"),',
    " plug = vim.fn.maparg('<Plug>(gongwen-next-heading)', 'n') ~= '' }))",
  }, ' ')
  local res = vim
    .system({ vim.v.progpath, '--headless', '-i', 'NONE', '-n', '-u', init, '-c', 'lua ' .. probe, '-c', 'qa!' }, { text = true })
    :wait(10000)
  local got = vim.json.decode(res.stdout)
  t.eq({}, got.loaded)
  t.eq(2, got.cmd)
  t.eq(true, got.plug)
end)

t.it('a .txt report gets filetype gongwen; other .txt files stay text', function()
  local buf = h.edit('report.txt')
  t.eq('gongwen', vim.bo[buf].filetype)
  local plain = h.edit_lines(prose, 'notes.txt')
  t.eq('text', vim.bo[plain].filetype)
  t.ok(not require('gongwen').is_attached(plain))
end)

t.it('two headings near the top are enough; one, or a "1." list, is not', function()
  local buf = h.edit_lines({ '一、基本情况', '今年完成了任务。', '二、存在问题', '还有不足。' }, 'headings.txt')
  t.eq('gongwen', vim.bo[buf].filetype)
  local one = h.edit_lines({ '一、基本情况', '今年完成了任务。' }, 'one.txt')
  t.eq('text', vim.bo[one].filetype)
  local todo = h.edit_lines({ 'Todo', '', '1. Buy milk', '2. Call the plumber' }, 'todo.txt')
  t.eq('text', vim.bo[todo].filetype)
end)

t.it('extension-less report files are detected; others keep their detection', function()
  local buf = h.edit('report.txt', 'REPORT')
  t.eq('gongwen', vim.bo[buf].filetype)
  local py = h.edit_lines({ '#!/usr/bin/env python3', 'print(1)' }, 'script')
  t.eq('python', vim.bo[py].filetype)
  local plain = h.edit_lines(prose, 'NOTES')
  t.eq('', vim.bo[plain].filetype)
end)

t.it('the detection functions accept a list of lines; help files keep Neovim’s answer', function()
  t.eq('gongwen', detect.txt('a.txt', h.read('report.txt')))
  t.eq('text', detect.txt('a.txt', prose))
  t.eq('gongwen', detect.plain('A', h.read('report.txt')))
  t.eq(nil, detect.plain('A', prose))
  local help = h.edit_lines({ '*x.txt*  help', '', '一、甲', '二、乙', 'vim:tw=78:ft=help:norl:' }, 'x.txt')
  t.neq('gongwen', vim.bo[help].filetype, "left to the help modeline")
end)

t.it('an extension the user maps to gongwen is attached', function()
  vim.filetype.add({ extension = { gw = 'gongwen' } })
  local buf = h.edit_lines(prose, 'note.gw')
  t.eq('gongwen', vim.bo[buf].filetype)
  t.ok(require('gongwen').is_attached(buf))
end)

t.describe('filetypes option', function()
  t.it('attaches to report-like markdown and text buffers', function()
    local md = h.edit('report.txt', 'report.md')
    t.eq('markdown', vim.bo[md].filetype)
    t.ok(require('gongwen').is_attached(md))
    local other = h.edit_lines(prose, 'README.md')
    t.ok(not require('gongwen').is_attached(other))
    local txt = h.scratch(h.read('report.txt'), 'text')
    t.ok(require('gongwen').is_attached(txt))
  end)

  t.it('detect = false attaches to every buffer of those filetypes', function()
    require('gongwen').setup({ detect = false })
    local md = h.edit_lines(prose, 'README.md')
    t.ok(require('gongwen').is_attached(md))
    -- and no content detection for .txt
    local txt = h.edit('report.txt', 'nodetect.txt')
    t.eq('text', vim.bo[txt].filetype)
  end)

  t.it('an empty list attaches to gongwen buffers only', function()
    require('gongwen').setup({ filetypes = {} })
    local md = h.edit('report.txt', 'only.md')
    t.ok(not require('gongwen').is_attached(md))
  end)

  t.it('leaving an eligible filetype detaches, unless attached by hand', function()
    local buf = h.edit('report.txt')
    vim.bo[buf].filetype = 'conf'
    t.ok(not require('gongwen').is_attached(buf))
    vim.cmd('Gongwen attach')
    vim.bo[buf].filetype = 'dosini'
    t.ok(require('gongwen').is_attached(buf))
  end)
end)

t.describe('disabling', function()
  t.it('vim.g.gongwen_disable turns detection and attaching off', function()
    vim.g.gongwen_disable = 1
    local buf = h.edit('report.txt')
    t.eq('text', vim.bo[buf].filetype)
    vim.bo[buf].filetype = 'gongwen'
    t.ok(not require('gongwen').is_attached(buf))
    vim.g.gongwen_disable = 0 -- 0 means off, as in Vim script
    vim.bo[buf].filetype = 'gongwen'
    t.ok(require('gongwen').is_attached(buf))
  end)

  t.it('vim.b.gongwen_disable keeps one buffer out, also for :Gongwen attach', function()
    local notes = h.capture_notify()
    local buf = h.scratch(h.read('report.txt'), 'conf')
    vim.b[buf].gongwen_disable = true
    vim.bo[buf].filetype = 'gongwen'
    t.ok(not require('gongwen').is_attached(buf))
    vim.cmd('Gongwen attach')
    t.ok(not require('gongwen').is_attached(buf))
    t.matches('gongwen_disable', notes[#notes].msg)
  end)
end)

t.it('the answer is the core\'s doc:is_report(), nothing decided in Lua', function()
  local core = require('gongwen.core')
  local samples = {
    h.read('report.txt'),
    h.read('missing.txt'),
    prose,
    { '一、基本情况', '今年完成了任务。', '二、存在问题', '还有不足。' },
    { '一、基本情况', '今年完成了任务。' },
    { 'Todo', '', '1. Buy milk', '2. Call the plumber' },
    { '关于2024年度安全生产工作情况的报告', '', '今年以来，我们做了三件事。' },
    { '（一）甲', '（二）乙' },
  }
  for i, lines in ipairs(samples) do
    local doc = core.new()
    doc:set_lines(0, 0, lines)
    t.eq(doc:is_report(), detect.looks_like_report(lines), 'sample ' .. i)
    doc:close()
  end
end)
