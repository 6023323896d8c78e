-- Bad input through the Lua API (issue 7): wrong argument types and
-- out-of-range line numbers raise a Lua error whose message names the function
-- and the argument, never a crash; calls on a wiped buffer are harmless.
local t = require('runner')
local h = require('helpers')
local api = vim.api

t.before_each(function()
  h.reset()
  require('gongwen.edit').reset()
end)

t.describe('the core module (gongwen.core)', function()
  local core = require('gongwen.core')

  local function doc2()
    local d = core.new({})
    d:set_lines(0, 0, { '一、做法', '正文XX。' })
    return d
  end

  t.it('wrong types and out-of-range lines name the method and the argument', function()
    local d = doc2()
    local before = h.snapshot(d)
    local cases = {
      { 'Doc:set_lines: bad argument #2 (first): integer expected, got string', d.set_lines, d, 'a', 1, {} },
      { 'Doc:set_lines: bad argument #2 (first): 5 out of range 0..2', d.set_lines, d, 5, 6, {} },
      { 'Doc:set_lines: bad argument #2 (first): -1 out of range 0..2', d.set_lines, d, -1, 0, {} },
      { 'Doc:set_lines: bad argument #3 (last): must not be less than first', d.set_lines, d, 2, 1, {} },
      { 'Doc:set_lines: bad argument #4 (lines): table expected, got string', d.set_lines, d, 0, 1, 'x' },
      { 'Doc:set_lines: bad argument #4 (lines): lines[1] is a number, string expected', d.set_lines, d, 0, 1, { 1 } },
      { 'Doc:line: bad argument #2 (line): 2 out of range 0..1', d.line, d, 2 },
      { 'Doc:line: bad argument #2 (line): -1 out of range 0..1', d.line, d, -1 },
      { 'Doc:line: bad argument #2 (line): integer expected, got string', d.line, d, 'x' },
      { 'Doc:line_local: bad argument #2 (line): 9 out of range 0..1', d.line_local, d, 9 },
      { 'Doc:placeholders: bad argument #2 (first): 5 out of range 0..2', d.placeholders, d, 5, 9 },
      { 'Doc:placeholders: bad argument #3 (last): must not be less than first', d.placeholders, d, 2, 0 },
      { 'Doc:entry_at: bad argument #2 (line): 99 out of range 0..1', d.entry_at, d, 99 },
      { 'Doc:diagnostics: bad argument #2 (lang): "zh" or "en" expected', d.diagnostics, d, 'fr' },
      { 'Doc:line: bad argument #1 (self): gongwen.Doc expected, got table', d.line, {}, 0 },
      { 'core.marker: bad argument #1 (rank): 1..5 expected', core.marker, 9, 1 },
      { 'core.marker: bad argument #2 (ordinal): 1..999 expected', core.marker, 1, -1 },
      { 'core.new: bad argument #1 (opts): table expected, got string', core.new, 'x' },
      { 'core.new: bad argument #1 (opts.lang): "zh" or "en" expected', core.new, { lang = 'fr' } },
      { 'core.new: bad argument #1 (opts.level_skip): boolean expected', core.new, { level_skip = 'yes' } },
      { 'Doc:set_options: bad argument #2 (opts.level_skip): boolean expected', d.set_options, d, { level_skip = 1 } },
      { 'core.count: bad argument #1 (text): string expected, got number', core.count, 1 },
      { 'core.split_points: bad argument #1 (text): string expected, got table', core.split_points, {} },
    }
    for _, c in ipairs(cases) do
      t.raises(c[1], unpack(c, 2))
    end
    -- the document is as it was
    t.eq(before, h.snapshot(d))
  end)

  t.it('a closed document refuses every method; closing twice is harmless', function()
    local d = doc2()
    d:close()
    d:close()
    t.raises('Doc:line_count: bad argument #1 (self): document was closed', d.line_count, d)
    t.raises('document was closed', d.set_lines, d, 0, 0, { 'x' })
    t.raises('document was closed', d.outline, d)
  end)
end)

t.describe('the writing functions (gongwen.edit)', function()
  local edit = require('gongwen.edit')

  t.it('a bad buffer argument names the function', function()
    local calls = {
      skeleton = { 'zongjie' },
      heading = {},
      renumber = {},
      reflow = {},
      stats = { { quiet = true } },
      move = { 'up' },
      promote = {},
      demote = {},
    }
    for name, args in pairs(calls) do
      t.raises(('gongwen.edit.%s: bufnr must be number, got string'):format(name), edit[name], 'x', unpack(args))
      t.raises(('gongwen.edit.%s: bufnr 9999 is not a valid buffer'):format(name), edit[name], 9999, unpack(args))
    end
  end)

  t.it('bad options and out-of-range lines name the function and the option', function()
    h.capture_notify()
    local buf = h.scratch(h.read('report.txt'))
    local text = api.nvim_buf_get_lines(buf, 0, -1, true)
    t.raises('gongwen.edit.reflow: opts.first: -1 out of range 0..21', edit.reflow, buf, { first = -1, last = 3 })
    t.raises('gongwen.edit.reflow: opts.last: 99 out of range 0..21', edit.reflow, buf, { first = 0, last = 99 })
    t.raises('gongwen.edit.reflow: opts.first must be number, got string', edit.reflow, buf, { first = '1' })
    t.raises('gongwen.edit.reflow: opts.last (2) must not be less than opts.first (5)', edit.reflow, buf, { first = 5, last = 2 })
    t.raises('gongwen.edit.reflow: opts must be table, got number', edit.reflow, buf, 3)
    t.raises('gongwen.edit.renumber: opts must be table, got string', edit.renumber, buf, 'normalize')
    t.raises('gongwen.edit.heading: opts must be table, got boolean', edit.heading, buf, true)
    t.raises('gongwen.edit.skeleton: type must be string, got number', edit.skeleton, buf, 3)
    t.raises('gongwen.edit.stats: opts must be table, got string', edit.stats, buf, 'x')
    t.raises('gongwen.edit.move: dir must be "up" or "down", got "left"', edit.move, buf, 'left')
    t.raises('gongwen.edit.move: count must be a positive integer, got 0', edit.move, buf, 'up', 0)
    t.raises('gongwen.edit.move: count must be number, got string', edit.move, buf, 'up', '2')
    t.eq(text, api.nvim_buf_get_lines(buf, 0, -1, true), 'nothing changed')
  end)
end)

t.describe('a wiped buffer', function()
  t.it('the public functions say it is not a valid buffer', function()
    local gw = require('gongwen')
    local buf = h.edit('report.txt')
    vim.cmd('bwipeout! ' .. buf)
    for _, fname in ipairs({ 'attach', 'detach', 'is_attached', 'pick', 'check', 'get_outline' }) do
      t.raises(('gongwen.%s: bufnr %d is not a valid buffer'):format(fname, buf), gw[fname], buf)
    end
    t.raises(('gongwen.edit.renumber: bufnr %d is not a valid buffer'):format(buf), require('gongwen.edit').renumber, buf)
    t.eq(nil, require('gongwen.state').get(buf))
  end)

  t.it('work scheduled for it before the wipe is dropped without an error', function()
    local notes = h.capture_notify()
    require('gongwen').setup({ diagnostics = { debounce = 0 } })
    local buf = h.edit('report.txt')
    vim.cmd('Gongwen outline')
    vim.cmd('wincmd p')
    -- changes schedule the "change" and "structure" events, diagnostics and the outline
    api.nvim_buf_set_lines(buf, 3, 4, false, { '一、新增X' })
    h.normal('GoXX<Esc>')
    vim.cmd('bwipeout! ' .. buf)
    vim.wait(300)
    t.eq(nil, require('gongwen.state').get(buf))
    t.eq('', vim.v.errmsg)
    t.eq({}, notes)
    -- a buffer wiped right after a change, before the plugin's scheduled work
    local buf2 = h.edit('report.txt', 'second.txt')
    api.nvim_buf_attach(buf2, false, {
      on_lines = function()
        vim.schedule(function()
          vim.cmd('bwipeout! ' .. buf2)
        end)
        return true
      end,
    })
    h.normal('ddp')
    vim.wait(300)
    t.ok(not api.nvim_buf_is_valid(buf2))
    t.eq('', vim.v.errmsg)
    t.eq({}, notes)
  end)
end)
