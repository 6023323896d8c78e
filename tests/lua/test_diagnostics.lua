-- vim.diagnostic integration, debounce, severities, :Gongwen check.
local t = require('runner')
local h = require('helpers')
local api = vim.api

t.before_each(h.reset)

local function ns()
  return api.nvim_get_namespaces().gongwen
end

local function codes(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns() })) do
    out[d.code] = (out[d.code] or 0) + 1
  end
  return out
end

local function wait_diags(buf)
  t.wait(function()
    return #vim.diagnostic.get(buf, { namespace = ns() }) > 0
  end, 'diagnostics')
end

t.it('publishes the analyzer diagnostics in namespace "gongwen"', function()
  local buf = h.edit('report.txt')
  wait_diags(buf)
  local ds = vim.diagnostic.get(buf, { namespace = ns() })
  local want = h.fresh(buf):diagnostics()
  t.eq(#want, #ds)
  t.eq('gongwen', ds[1].source)
  t.matches('^GW%d%d%d$', ds[1].code)
  local c = codes(buf)
  t.eq(1, c.GW101, 'numbering gap 二、→四、')
  t.eq(1, c.GW302, 'residue line')
end)

t.it('refreshes after the debounce delay, not on every change', function()
  require('gongwen').setup({ diagnostics = { debounce = 150 } })
  local buf = h.edit('report.txt')
  wait_diags(buf)
  t.eq(1, codes(buf).GW101)
  local row = h.find('四、下一步打算')
  api.nvim_buf_set_text(buf, row - 1, 0, row - 1, #'四', { '三' })
  vim.wait(0) -- scheduled work runs, the timer has not fired yet
  t.eq(1, codes(buf).GW101, 'still the old diagnostics')
  local start = vim.uv.hrtime()
  t.wait(function()
    return codes(buf).GW101 == nil
  end, 'refresh after the edit')
  t.ok((vim.uv.hrtime() - start) / 1e6 >= 100, 'waited for the debounce delay')
end)

t.it('severity overrides per code; false hides a code', function()
  require('gongwen').setup({
    diagnostics = { severity = { GW301 = 'hint', GW101 = vim.diagnostic.severity.ERROR, GW302 = false } },
  })
  local buf = h.edit('report.txt')
  wait_diags(buf)
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns() })) do
    if d.code == 'GW301' then
      t.eq(vim.diagnostic.severity.HINT, d.severity)
    elseif d.code == 'GW101' then
      t.eq(vim.diagnostic.severity.ERROR, d.severity)
    end
  end
  t.eq(nil, codes(buf).GW302)
end)

t.it('diagnostics.enabled = false clears them; setup() applies at once', function()
  local buf = h.edit('report.txt')
  wait_diags(buf)
  require('gongwen').setup({ diagnostics = { enabled = false } })
  t.eq({}, vim.diagnostic.get(buf, { namespace = ns() }))
  require('gongwen').setup({ diagnostics = { enabled = true } })
  t.ok(#vim.diagnostic.get(buf, { namespace = ns() }) > 0)
end)

t.it('diagnostics.config goes to vim.diagnostic.config() for the namespace', function()
  require('gongwen').setup({ diagnostics = { config = { virtual_text = { prefix = 'GW' } } } })
  h.edit('report.txt')
  t.eq({ prefix = 'GW' }, vim.diagnostic.config(nil, ns()).virtual_text)
  require('gongwen').setup({ diagnostics = { config = { virtual_text = false } } })
  t.eq(false, vim.diagnostic.config(nil, ns()).virtual_text)
end)

t.it('lang = "en" gives English messages', function()
  require('gongwen').setup({ lang = 'en' })
  local buf = h.edit('report.txt')
  wait_diags(buf)
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns() })) do
    t.matches('%a%a%a%a', d.message) -- English words (markers like 三、 may be quoted)
    t.ok(not d.message:find('本节', 1, true), d.message)
  end
end)

t.it('level_skip reports a skipped heading level (GW109)', function()
  local lines = { '关于工作情况的报告', '一、总体情况', '1.第一项', '2.第二项', '二、存在问题', '1.问题一', '2.问题二' }
  local buf = h.edit_lines(lines, 'skip.txt')
  wait_diags(buf)
  t.eq(nil, codes(buf).GW109)
  require('gongwen').setup({ level_skip = true })
  t.ok(codes(buf).GW109, 'GW109 with level_skip')
end)

t.it('detach removes the diagnostics', function()
  local buf = h.edit('report.txt')
  wait_diags(buf)
  vim.cmd('Gongwen detach')
  t.eq({}, vim.diagnostic.get(buf, { namespace = ns() }))
end)

t.describe(':Gongwen check', function()
  t.it('fills and opens the quickfix list', function()
    local buf = h.edit('report.txt')
    local notes = h.capture_notify()
    vim.cmd('Gongwen check')
    local qf = vim.fn.getqflist({ title = 1, items = 1 })
    t.eq('Gongwen 检查', qf.title)
    t.eq(#h.fresh(buf):diagnostics(), #qf.items)
    local gap
    for _, it in ipairs(qf.items) do
      t.eq(buf, it.bufnr)
      if it.text:find('GW101', 1, true) then
        gap = it
      end
    end
    t.eq(h.find('四、下一步打算', buf), gap.lnum)
    t.eq('W', gap.type)
    t.eq('quickfix', vim.bo[api.nvim_get_current_buf()].buftype, 'quickfix window opened')
    t.matches('%d', notes[1].msg)
  end)

  t.it('works on a buffer that is not attached', function()
    local buf = h.scratch(h.read('report.txt'), 'conf')
    h.capture_notify()
    t.ok(not require('gongwen').is_attached(buf))
    local items = require('gongwen').check(buf)
    t.ok(#items > 0)
    t.eq(#items, #vim.fn.getqflist())
  end)

  t.it('says so when there is nothing to report', function()
    local notes = h.capture_notify()
    h.scratch({ '今天天气很好。' }, 'conf')
    vim.cmd('Gongwen check')
    t.eq(0, #vim.fn.getqflist())
    t.eq('gongwen: 没有发现问题', notes[1].msg)
  end)

  t.it('applies severity overrides', function()
    require('gongwen').setup({ diagnostics = { severity = { GW101 = 'error', GW301 = false } } })
    h.edit('report.txt')
    h.capture_notify()
    local items = require('gongwen').check()
    for _, it in ipairs(items) do
      t.ok(not it.text:find('GW301', 1, true))
      if it.text:find('GW101', 1, true) then
        t.eq('E', it.type)
      end
    end
  end)
end)

t.describe('diagnostics.max', function()
  --- report.txt 30 times: far more findings than a screen shows.
  local function long_report()
    local lines = {}
    for _ = 1, 30 do
      vim.list_extend(lines, h.read('report.txt'))
    end
    return h.edit_lines(lines, 'long.txt')
  end

  local function rows(buf)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns() })) do
      out[#out + 1] = d.lnum
    end
    return out
  end

  t.it('above it, only the findings near the view are published; they follow scrolling', function()
    require('gongwen').setup({ diagnostics = { max = 20 } })
    vim.o.lines = 30
    local buf = long_report()
    local all = #h.fresh(buf):diagnostics()
    t.ok(all > 20, 'the buffer has ' .. all .. ' findings')
    wait_diags(buf)
    local height = vim.fn.line('w$') - vim.fn.line('w0') + 1
    local published = rows(buf)
    t.ok(#published > 0 and #published < all)
    for _, lnum in ipairs(published) do
      t.ok(lnum < vim.fn.line('w$') + height, 'row ' .. lnum .. ' is near the view')
    end
    -- scroll to the end: what is published follows (WinScrolled)
    vim.cmd('normal! G')
    require('gongwen.diagnostics').follow_views(buf)
    local top = vim.fn.line('w0') - 1
    published = rows(buf)
    t.ok(#published > 0)
    for _, lnum in ipairs(published) do
      t.ok(lnum >= top - height, 'row ' .. lnum .. ' is near the new view')
    end
    -- :Gongwen check still lists every finding
    t.eq(all, #require('gongwen').check(buf))
  end)

  t.it('at or below it, every finding is published', function()
    local buf = long_report()
    require('gongwen').setup({ diagnostics = { max = 100000 } })
    wait_diags(buf)
    t.eq(#h.fresh(buf):diagnostics(), #rows(buf))
  end)
end)
