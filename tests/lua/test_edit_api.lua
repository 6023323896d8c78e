-- The public surface of the writing layer: subcommands and <Plug> mappings as
-- data, setup() validation, wiring into :Gongwen.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')

local function lines(buf)
  return api.nvim_buf_get_lines(buf or 0, 0, -1, true)
end

t.before_each(function()
  h.reset()
  edit.reset()
end)

t.it('declares the eight subcommands as data', function()
  local names = {}
  for _, c in ipairs(edit.commands) do
    names[#names + 1] = c.name
    t.eq('function', type(c.run), c.name)
    t.ok(vim.tbl_contains({ '0', '?', '1', '*' }, c.nargs), c.name)
    t.eq('boolean', type(c.bang), c.name)
    t.eq('boolean', type(c.range), c.name)
    t.ok(type(c.desc.zh) == 'string' and type(c.desc.en) == 'string', c.name)
    t.ok(c.complete == nil or type(c.complete) == 'function', c.name)
  end
  t.eq({ 'skeleton', 'heading', 'renumber', 'reflow', 'stats', 'move', 'promote', 'demote' }, names)
end)

t.it('declares <Plug> mappings with distinct default keys', function()
  local seen, defaults = {}, {}
  for _, p in ipairs(edit.plugs) do
    t.matches('^<Plug>%(gongwen%-[%w-]+%)$', p.lhs)
    t.ok(vim.tbl_contains({ 'n', 'i', 'x' }, p.mode), p.lhs)
    t.eq('function', type(p.rhs), p.lhs)
    t.eq('string', type(p.desc), p.lhs)
    local key = p.mode .. p.lhs
    t.ok(not seen[key], 'duplicate ' .. key)
    seen[key] = true
    if p.default then
      t.ok(not defaults[p.mode .. p.default], 'duplicate default ' .. p.default)
      defaults[p.mode .. p.default] = true
    end
  end
  t.ok(seen['n<Plug>(gongwen-skeleton)'] and seen['i<Plug>(gongwen-heading)'] and seen['x<Plug>(gongwen-reflow)'])
end)

t.it('the <Plug> mappings work once mapped (counts, Visual ranges)', function()
  for _, p in ipairs(edit.plugs) do
    vim.keymap.set(p.mode, p.lhs, p.rhs)
  end
  h.capture_notify()
  local orig = h.read('edit/sections.txt')
  local buf = h.scratch(orig)
  api.nvim_win_set_cursor(0, { 11, 0 })
  h.normal('2<Plug>(gongwen-move-up)')
  t.eq('（一）改进工作作风', lines(buf)[5])
  h.normal('<Plug>(gongwen-demote)')
  t.eq('（一）改进工作作风', lines(buf)[5]) -- the first of its list: refused
  h.normal('<Plug>(gongwen-promote)')
  t.eq('二、改进工作作风', lines(buf)[5])
  local wrapped = h.read('edit/wrapped.txt')
  buf = h.scratch(wrapped)
  h.normal('8GVj<Plug>(gongwen-reflow)')
  t.eq(#wrapped - 1, #lines(buf))
  t.eq('n', api.nvim_get_mode().mode)
  buf = h.scratch(h.read('edit/broken.txt'))
  h.normal('<Plug>(gongwen-renumber)')
  t.eq('二、存在的主要问题及原因', lines(buf)[8])
  for _, p in ipairs(edit.plugs) do
    pcall(vim.keymap.del, p.mode, p.lhs)
  end
end)

t.it('plugs into :Gongwen through gongwen.commands.register', function()
  local commands = require('gongwen.commands')
  local saved = vim.deepcopy(commands.subcommands)
  local ok, err = pcall(function()
    for _, c in ipairs(edit.commands) do
      commands.register(c.name, { run = c.run, complete = c.complete, desc = c.desc })
    end
    t.eq({ 'dangjian', 'duizhao', 'duizhao-geren' }, commands.complete('d', 'Gongwen skeleton d'))
    t.eq({ 'up' }, commands.complete('u', 'Gongwen move u'))
    h.capture_notify()
    local buf = h.scratch(h.read('edit/broken.txt'))
    vim.cmd('Gongwen! renumber')
    t.eq('1.部分支部书记抓党建精力不足', lines(buf)[10])
    local wrapped = h.read('edit/wrapped.txt')
    buf = h.scratch(wrapped)
    vim.cmd('8,9Gongwen reflow')
    t.eq(#wrapped - 1, #lines(buf))
  end)
  commands.subcommands = saved
  assert(ok, err)
end)

t.it('setup() checks its options', function()
  local notes = h.capture_notify()
  edit.setup({ nonsense = 1 })
  t.matches('unknown option "nonsense"', notes[#notes].msg)
  t.raises('budget must be a number', edit.setup, { budget = '3000' })
  t.raises('snippet must be a boolean', edit.setup, { snippet = 1 })
  t.raises('template id must be a word', edit.setup, { templates = { ['a b'] = {} } })
  t.raises('must be a table or false', edit.setup, { templates = { x = 'y' } })
  edit.setup({ budget = 3000 })
  t.eq(3000, require('gongwen.edit.stats').options.budget)
  edit.setup({ budget = false })
  t.eq(nil, require('gongwen.edit.stats').options.budget)
end)

t.it('speaks English when the plugin is configured so', function()
  require('gongwen').setup({ lang = 'en' })
  local notes = h.capture_notify()
  local buf = h.scratch(h.read('edit/sections.txt'))
  api.nvim_win_set_cursor(0, { 4, 0 })
  edit.promote(buf)
  t.matches('already a top%-level heading', notes[#notes].msg)
  edit.renumber(buf)
  t.matches('numbering is already in order', notes[#notes].msg)
end)
