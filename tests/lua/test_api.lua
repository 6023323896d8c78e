-- :Gongwen, the public Lua API, setup() validation, winbar, a missing C module, health.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local gw = require('gongwen')

t.before_each(h.reset)

t.describe(':Gongwen', function()
  t.it('completes subcommands', function()
    local all = vim.fn.getcompletion('Gongwen ', 'cmdline')
    for _, name in ipairs({ 'attach', 'check', 'detach', 'outline', 'pick' }) do
      t.ok(vim.tbl_contains(all, name), name)
    end
    local sorted = vim.deepcopy(all)
    table.sort(sorted)
    t.eq(sorted, all)
    t.eq({ 'outline' }, vim.fn.getcompletion('Gongwen ou', 'cmdline'))
    t.eq({}, vim.fn.getcompletion('Gongwen outline ', 'cmdline'))
  end)

  t.it('attach and detach force the plugin for one buffer', function()
    local buf = h.scratch(h.read('report.txt'), 'conf')
    t.ok(not gw.is_attached(buf))
    vim.cmd('Gongwen attach')
    t.ok(gw.is_attached(buf))
    vim.cmd('Gongwen detach')
    t.ok(not gw.is_attached(buf))
  end)

  t.it('reports a missing or unknown subcommand without an error', function()
    local notes = h.capture_notify()
    vim.cmd('Gongwen')
    vim.cmd('Gongwen bogus')
    t.eq(2, #notes)
    t.matches(':Gongwen {attach|check|demote|detach|heading|', notes[1].msg)
    t.matches('|outline|pick', notes[1].msg)
    t.matches('\n  outline +打开/关闭大纲窗口', notes[1].msg)
    t.matches('bogus', notes[2].msg)
    t.eq(vim.log.levels.ERROR, notes[2].level)
  end)

  t.it('takes new subcommands as data (run or module + fn), with completion', function()
    local commands = require('gongwen.commands')
    local got
    commands.register('hello', {
      run = function(cmd)
        got = cmd
      end,
      complete = { 'alpha', 'beta' },
      desc = { zh = '测试', en = 'test' },
    })
    package.preload['gongwen_test_sub'] = function()
      return {
        command = function(cmd)
          got = cmd
        end,
      }
    end
    commands.subcommands.later = { module = 'gongwen_test_sub', fn = 'command', desc = { zh = '', en = '' } }
    h.scratch({ 'a', 'b', 'c', 'd' }, 'conf')
    t.eq({ 'alpha' }, vim.fn.getcompletion('Gongwen hello a', 'cmdline'))
    vim.cmd('Gongwen hello beta gamma')
    t.eq({ 'beta', 'gamma' }, got.args)
    t.eq(false, got.bang)
    vim.cmd('2,3Gongwen! later x')
    t.eq({ 'x' }, got.args)
    t.eq(true, got.bang)
    t.eq({ 2, 3, 2 }, { got.line1, got.line2, got.range })
    commands.subcommands.hello, commands.subcommands.later = nil, nil
    t.raises('gongwen.commands.register: spec must be table', commands.register, 'x', 1)
    t.raises('needs run, or module and fn', commands.register, 'x', {})
    t.raises('lowercase word', commands.register, 'Bad Name', { run = print })
  end)
end)

t.describe('argument checks name the function and the argument', function()
  t.it('buffer and window arguments', function()
    for _, fname in ipairs({ 'attach', 'detach', 'is_attached', 'pick', 'check', 'get_outline' }) do
      t.raises(('gongwen.%s: bufnr must be number, got string'):format(fname), gw[fname], 'x')
      t.raises(('gongwen.%s: bufnr 9999 is not a valid buffer'):format(fname), gw[fname], 9999)
    end
    t.raises('gongwen.breadcrumb: opts must be table, got number', gw.breadcrumb, 5)
    t.raises('gongwen.breadcrumb: opts.sep must be string', gw.breadcrumb, { sep = 1 })
    t.raises('gongwen.breadcrumb: winid 9999 is not a valid window', gw.breadcrumb, { winid = 9999 })
    t.raises('gongwen.foldexpr: lnum must be number', gw.foldexpr, 'x')
  end)

  t.it('navigation functions', function()
    local nav = require('gongwen.nav')
    t.raises('gongwen.nav.heading: dir must be 1 or -1', nav.heading, 2)
    t.raises('gongwen.nav.sibling: count must be number', nav.sibling, 1, 'x')
    t.raises('gongwen.nav.placeholder: dir must be 1 or -1', nav.placeholder)
    t.raises('gongwen.nav.textobject: inner must be boolean', nav.textobject, 'yes')
  end)

  t.it('setup()', function()
    t.raises('gongwen.setup: opts must be table, got string', gw.setup, 'x')
    t.raises('gongwen.setup: lang must be "zh" or "en"', gw.setup, { lang = 'fr' })
    t.raises('gongwen.setup: outline.width must be an integer >= 10', gw.setup, { outline = { width = 'x' } })
    t.raises('gongwen.setup: outline must be a table', gw.setup, { outline = 3 })
    t.raises('gongwen.setup: filetypes must be a list of strings', gw.setup, { filetypes = 'text' })
    t.raises('gongwen.setup: diagnostics.severity must be', gw.setup, { diagnostics = { severity = { GW301 = 'loud' } } })
    t.raises('gongwen.setup: max_filesize must be an integer >= 0', gw.setup, { max_filesize = -1 })
    local notes = h.capture_notify()
    gw.setup({ bogus = true })
    t.matches('unknown option "bogus"', notes[1].msg)
    -- nothing was applied by the failed calls
    t.eq('zh', require('gongwen.config').get().lang)
  end)

  t.it('vim.g.gongwen is read when setup() is not called; errors are reported', function()
    vim.g.gongwen = { lang = 'en', outline = { width = 33 } }
    t.eq('en', require('gongwen.config').get().lang)
    t.eq(33, require('gongwen.config').get().outline.width)
    t.eq(true, require('gongwen.config').get().outline.follow, 'nested defaults kept')
    h.reset()
    local notes = h.capture_notify()
    vim.g.gongwen = { lang = 1 }
    t.eq('zh', require('gongwen.config').get().lang)
    t.matches('vim.g.gongwen: lang', notes[1].msg)
  end)
end)

t.describe('winbar option', function()
  t.it('puts the breadcrumb in the winbar of report windows', function()
    gw.setup({ winbar = true })
    h.edit('report.txt')
    local win = api.nvim_get_current_win()
    t.eq(gw.WINBAR, vim.wo[win].winbar)
    api.nvim_win_set_cursor(win, { 6, 0 })
    local bar = api.nvim_eval_statusline(vim.wo[win].winbar, { winid = win, use_winbar = true }).str
    t.eq('XX县科技局2024年度述职报告 › 一、履职情况 › （一）抓好理论学习', bar)
    -- another buffer in the window: no winbar
    h.scratch({ 'x' }, 'conf')
    t.eq('', vim.wo[win].winbar)
    -- off by default
    h.reset()
    h.edit('report.txt')
    t.eq('', vim.wo.winbar)
  end)

  t.it('escapes % in the breadcrumb', function()
    gw.setup({ winbar = true })
    h.edit_lines({ '关于完成100%任务的报告', '一、甲', '二、乙' }, 'pct.txt')
    api.nvim_win_set_cursor(0, { 2, 0 })
    t.eq('%<关于完成100%%任务的报告 › 一、甲', gw.winbar())
  end)
end)

t.describe('get_outline', function()
  t.it('returns a copy of the outline entries', function()
    local buf = h.edit('report.txt')
    local o = gw.get_outline(buf)
    t.eq(h.fresh(buf):outline()[5].text, o[5].text)
    o[1].text = 'changed'
    t.neq('changed', gw.get_outline(buf)[1].text)
    t.eq(nil, gw.get_outline(h.scratch({ 'x' }, 'conf')))
  end)

  t.it('an item that is only its marker and a colon (第三：) has empty text', function()
    local buf = h.scratch({ '一、基本情况', '第三：', '第四:' })
    local o = gw.get_outline(buf)
    t.eq({ '第三：', '' }, { o[2].marker, o[2].text })
    t.eq({ '第四:', '' }, { o[3].marker, o[3].text })
  end)
end)

t.describe('a C module that cannot be loaded', function()
  local native = require('gongwen.native')
  local saved

  t.before_each(function()
    saved = package.loaded['gongwen.core']
    package.loaded['gongwen.core'] = nil
    package.preload['gongwen.core'] = function()
      error('lua/gongwen/core.so: undefined symbol: lua_newuserdatauv')
    end
    native.reset()
  end)

  t.after_each(function()
    package.preload['gongwen.core'] = nil
    package.loaded['gongwen.core'] = saved
    native.reset()
  end)

  t.it('gives one clear message and nothing else breaks', function()
    local notes = h.capture_notify()
    local buf = h.edit('report.txt')
    t.eq('text', vim.bo[buf].filetype, 'no detection without the core')
    t.eq(1, #notes, 'the first file that needs the core says what to run')
    t.matches('make', notes[1].msg)
    vim.cmd('Gongwen attach')
    t.eq(1, #notes)
    t.matches('checkhealth gongwen', notes[1].msg)
    t.eq(vim.log.levels.ERROR, notes[1].level)
    vim.cmd('Gongwen attach')
    vim.cmd('Gongwen check')
    vim.cmd('Gongwen outline')
    vim.cmd('Gongwen pick')
    h.normal(']]')
    t.eq(1, #vim.tbl_filter(function(n)
      return n.msg:find('make', 1, true) ~= nil
    end, notes), 'the module message is given once')
    t.eq('', gw.breadcrumb())
  end)

  t.it(':checkhealth gongwen explains', function()
    vim.cmd('checkhealth gongwen')
    local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    t.matches('ERROR', text)
    t.matches('undefined symbol', text)
    t.matches('make', text)
  end)
end)

t.it(':checkhealth gongwen runs and reports OK', function()
  vim.cmd('checkhealth gongwen')
  local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  t.matches('OK', text)
  t.matches('analyzes a known report', text)
  t.matches('tree%-sitter parser', text)
  t.ok(not text:find('ERROR', 1, true), text)
end)
