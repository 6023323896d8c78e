-- 10,000 random edits of a report buffer (issue 7): after every batch the
-- plugin's state — the attached document, the outline (API and window), the
-- placeholders and heading marks it draws, the published diagnostics and the
-- folds — equals a fresh analysis of the buffer text, and no error appeared.
--
-- The edits: characters and lines inserted and deleted through the API,
-- Normal-mode commands, Insert-mode typing, pasted blocks of fixture text
-- (tests/fixtures/*.txt), undo/redo/:earlier/:later, :s and :g over many lines,
-- :move/:copy/:sort, :write. The seed is printed; GONGWEN_SEED=N replays a run.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')

local EDITS = 10000
local BATCH = 100
local SEED = tonumber(vim.env.GONGWEN_SEED or '') or 20261124

local char_starts = h.char_starts

local PIECES = {
  '一、', '二、', '三、', '四、', '（一）', '（二）', '（三）', '(四)', '1.', '2.', '3、', '（1）', '（2）',
  '一是', '二是', '三是', '第一，', 'X', 'XX', 'xxx', '××', '***', '某某', '__', '【待补充】', 'APP', '1+X',
  '存在问题：', '主要原因：', '下一步打算', '述职报告', '整改情况报告', '工作总结', '抓基层党建工作述职报告',
  '，', '。', '；', '：', ' ', '\t', '　', 'a', '1', '年', '情况', '\r', '㈠', '⑴', '\239\187\191',
}

--- Everything the plugin shows for `buf` must equal what a fresh document of
--- the buffer's text gives. `where` names the batch in failure messages.
local function check(buf, where, notes)
  local st = state.get(buf)
  t.ok(st and st.doc, where .. ': the buffer is still attached')
  local fresh = h.check_fresh(t, st, buf, where)
  local n = api.nvim_buf_line_count(buf)

  -- the outline as the API gives it
  local outline = fresh:outline()
  for i, e in ipairs(outline) do
    e.index = i
  end
  t.eq(outline, require('gongwen').get_outline(buf), where .. ': get_outline()')

  -- the outline window: what outline.build() makes of a fresh analysis
  local ol = require('gongwen.outline')
  local view = ol.get()
  if view then
    local fake = { buf = buf, doc = fresh, version = -1, analyzed = -2, structured = -1, cache = {} }
    local lines = ol.build(fake, api.nvim_win_get_width(view.win), view.items)
    t.eq(lines, api.nvim_buf_get_lines(view.buf, 0, -1, false), where .. ': outline window')
  end

  -- what the decoration provider draws: placeholders and heading groups
  local marks = require('gongwen.highlight').marks(buf, 0, n)
  local hl = require('gongwen.highlight')
  for row = 0, n - 1 do
    local want_row = {}
    local li = fresh:line(row)
    local group = hl.group_for(li.kind, li.rank)
    local s = li.marker_end > li.marker_start and li.marker_start or li.text_start
    if group and li.text_end > s then
      want_row[#want_row + 1] = ('%s %d-%d'):format(group, s, li.text_end)
    end
    for _, p in ipairs(fresh:placeholders(row, row + 1)) do
      want_row[#want_row + 1] = ('%d-%d'):format(p.start, p.end_)
    end
    local got_row = {}
    for _, m in ipairs(marks[row] or {}) do
      got_row[#got_row + 1] = m[3] == 'GongwenPlaceholder' and ('%d-%d'):format(m[1], m[2]) or ('%s %d-%d'):format(m[3], m[1], m[2])
    end
    table.sort(want_row)
    table.sort(got_row)
    t.eq(want_row, got_row, ('%s: marks of row %d'):format(where, row))
  end

  -- the published diagnostics (debounce 0: they come at the next event loop turn)
  local diag = require('gongwen.diagnostics')
  local function norm(list)
    local out = {}
    for _, d in ipairs(list) do
      out[#out + 1] = ('%d:%d-%d:%d %s %d %s'):format(d.lnum, d.col, d.end_lnum, d.end_col, d.code, d.severity, d.message)
    end
    table.sort(out)
    return out
  end
  local want_diags = norm(diag.collect(fresh))
  local ok = vim.wait(2000, function()
    return vim.deep_equal(want_diags, norm(vim.diagnostic.get(buf, { namespace = diag.ns })))
  end, 2)
  if not ok then
    t.eq(want_diags, norm(vim.diagnostic.get(buf, { namespace = diag.ns })), where .. ': published diagnostics')
  end

  -- folds: Vim's fold levels are the core's section levels
  if vim.wo.foldmethod == 'expr' and api.nvim_get_current_buf() == buf then
    local levels = fresh:section_levels()
    local folds = {}
    for l = 1, n do
      folds[l] = vim.fn.foldlevel(l)
    end
    t.eq(levels, folds, where .. ': fold levels')
  end
  fresh:close()

  t.eq('', vim.v.errmsg, where .. ': v:errmsg')
  t.eq({}, notes, where .. ': messages')
end

t.before_each(function()
  h.reset()
end)
t.after_each(function()
  state.DEBOUNCE = 100
  h.reset()
end)

t.it(('%d random edits (seed %d, GONGWEN_SEED=N to replay): state equals a fresh analysis after every %d'):format(EDITS, SEED, BATCH), function()
  io.stdout:write(('# random edits: seed %d (GONGWEN_SEED=%d replays it)\n'):format(SEED, SEED))
  local notes = h.capture_notify()
  require('gongwen').setup({ diagnostics = { debounce = 0, max = 100000 } })
  -- structure events at every pause of the loop below (the default waits 100 ms)
  state.DEBOUNCE = 1
  local reports = h.fixtures()
  local all = {}
  for _, r in ipairs(reports) do
    vim.list_extend(all, r)
    all[#all + 1] = ''
  end
  local buf = h.edit_lines(all, 'random-edits.txt')
  vim.fn.setreg('"', { '（二）粘贴的一节XX。' }, 'l') -- p and P before any yank
  t.eq('gongwen', vim.bo[buf].filetype)
  vim.cmd('Gongwen outline')
  t.ok(require('gongwen.outline').get(), 'the outline window is open')
  vim.cmd('wincmd p')
  t.eq(buf, api.nvim_get_current_buf())

  local rand, pick = h.rng(SEED)
  local function line(row)
    return api.nvim_buf_get_lines(buf, row, row + 1, true)[1]
  end
  --- A random row and the byte column of a character start on it.
  local function pos()
    local row = rand(api.nvim_buf_line_count(buf))
    local starts = char_starts(line(row))
    return row, starts[rand(#starts) + 1]
  end
  local function block()
    local r = pick(reports)
    local first = rand(#r) + 1
    return vim.list_slice(r, first, math.min(#r, first + rand(12)))
  end
  local function range()
    local n = api.nvim_buf_line_count(buf)
    local a = rand(n) + 1
    local b = math.min(n, a + rand(rand(4) == 0 and n or 40))
    return a, b
  end
  local function cursor()
    local row, col = pos()
    api.nvim_win_set_cursor(0, { row + 1, col })
  end

  local SUBST = {
    [[s/X/XX/ge]],
    [[s/XX/X/ge]],
    [[s/。/。\r/ge]],
    [[s/，\n/，/e]],
    [[s/\n\n/\r/e]],
    [[s/（\([一二三四五六七八九十]\)）/(\1)/ge]],
    [[s/^\([一二三四五六七八九十]\)、/\1./e]],
    [[s/^\(\d\+\)\./\1、/e]],
    [[s/一是/首先/ge]],
    [[s/$/X/e]],
    [[s/^/　　/e]],
    [[s/^\s\+//e]],
    [[s/^/一、/e]],
    [[s/^.//e]],
    [[s/情况/情况报告/ge]],
  }
  local NORMAL = {
    'x', '3x', 'dd', '2dd', 'yyp', 'yy3p', 'J', '3J', 'gJ', 'ddp', 'D', 'dw', '>>', '<<', '~', 'r一',
    'o新的一段X。', 'O（三）新增标题', 'A，补充XX项', 'I一是', 'cc二、改写的标题', 'dG', 'd}', 'xp', 'P', 'p',
  }
  local ops = {
    { 10, 'insert characters', function()
      local row, col = pos()
      local text = rand(6) == 0 and { pick(PIECES), pick(PIECES) } or { pick(PIECES) .. pick(PIECES) }
      api.nvim_buf_set_text(buf, row, col, row, col, text)
    end },
    { 8, 'delete characters', function()
      local row, col = pos()
      local starts = vim.tbl_filter(function(c)
        return c >= col
      end, char_starts(line(row)))
      api.nvim_buf_set_text(buf, row, col, row, starts[math.min(#starts, rand(5) + 1)], {})
    end },
    { 3, 'delete across lines', function()
      local n = api.nvim_buf_line_count(buf)
      local row, col = pos()
      local row2 = math.min(row + rand(4), n - 1)
      local c2 = row2 == row and math.max(col, #line(row2)) or rand(#line(row2) + 1)
      c2 = char_starts(line(row2))[#vim.tbl_filter(function(c)
        return c <= c2
      end, char_starts(line(row2)))]
      api.nvim_buf_set_text(buf, row, col, row2, c2, {})
    end },
    { 6, 'insert or delete lines', function()
      local n = api.nvim_buf_line_count(buf)
      if rand(2) == 0 and n > 2 then
        local first = rand(n)
        api.nvim_buf_set_lines(buf, first, math.min(n, first + rand(4) + 1), false, {})
      else
        local at = rand(n + 1)
        api.nvim_buf_set_lines(buf, at, at, false, rand(3) == 0 and { '' } or { pick(PIECES) .. '工作情况' .. pick(PIECES) })
      end
    end },
    { 6, 'paste a block of report text', function()
      local lines = block()
      cursor()
      local how = rand(4)
      if how == 0 then
        api.nvim_put(lines, 'l', rand(2) == 0, false)
      elseif how == 1 then
        api.nvim_put(lines, 'c', true, false)
      elseif how == 2 then
        vim.fn.setreg('a', lines, 'l')
        vim.cmd('normal! "aP')
      else
        vim.paste(lines, -1)
      end
    end },
    { 12, 'Normal-mode command', function()
      cursor()
      vim.cmd('silent normal! ' .. pick(NORMAL))
    end },
    { 2, 'typed in Insert mode', function()
      cursor()
      h.normal(pick({ 'a', 'i', 'o', 'O' }) .. pick(PIECES) .. '加强XX建设' .. (rand(2) == 0 and '<CR>' or '') .. pick(PIECES) .. '<Esc>')
    end },
    { 8, 'undo and redo', function()
      local c = rand(10)
      if c < 4 then
        vim.cmd('silent undo')
      elseif c < 7 then
        vim.cmd('silent redo')
      elseif c == 7 then
        vim.cmd('silent normal! ' .. pick({ 'u', '\18', 'U' }))
      elseif c == 8 then
        vim.cmd('silent earlier ' .. (rand(5) + 1))
      else
        vim.cmd('silent later ' .. (rand(5) + 1))
      end
    end },
    { 6, ':s over many lines', function()
      local a, b = range()
      vim.cmd(('silent keeppatterns %d,%d%s'):format(a, b, pick(SUBST)))
    end },
    { 1, ':g over many lines', function()
      local a, b = range()
      vim.cmd(('silent keeppatterns %d,%dg/%s/%s'):format(a, b, pick({ '^$', 'XX', '^（', '。$' }), pick({ 'd', 'normal! A。', 's/$/X/', 't.' })))
    end },
    { 2, ':move, :copy, :sort', function()
      local a, b = range()
      local n = api.nvim_buf_line_count(buf)
      local c = rand(3)
      if c == 0 then
        local to = rand(n + 1)
        if to >= a - 1 and to <= b then
          to = a > 1 and 0 or n
        end
        vim.cmd(('silent %d,%dmove %d'):format(a, b, to))
      elseif c == 1 then
        vim.cmd(('silent %d,%dcopy %d'):format(a, math.min(b, a + 20), rand(n + 1)))
      else
        vim.cmd(('silent %d,%dsort'):format(a, math.min(b, a + 30)))
      end
    end },
    { 1, 'new undo block, :write, event loop', function()
      local c = rand(3)
      if c == 0 then
        vim.o.undolevels = vim.o.undolevels
      elseif c == 1 then
        vim.cmd('silent write')
      else
        vim.wait(rand(3))
      end
    end },
  }
  local weights = 0
  for _, op in ipairs(ops) do
    weights = weights + op[1]
  end
  local function choose()
    local r = rand(weights)
    for _, op in ipairs(ops) do
      if r < op[1] then
        return op
      end
      r = r - op[1]
    end
  end

  local recent = {}
  local counts = {}
  for batch = 1, EDITS / BATCH do
    for i = 1, BATCH do
      local n = api.nvim_buf_line_count(buf)
      local op
      if n > 1200 then
        op = ops[4] -- keep the buffer a few fixtures long
        local first = rand(n - 100)
        api.nvim_buf_set_lines(buf, first, first + 100, false, {})
      elseif n < 30 then
        op = ops[5]
        op[3]()
      else
        op = choose()
        op[3]()
      end
      counts[op[2]] = (counts[op[2]] or 0) + 1
      recent[#recent + 1] = ('%d: %s'):format((batch - 1) * BATCH + i, op[2])
      if #recent > 8 then
        table.remove(recent, 1)
      end
      -- scheduled work (change events, structure events, diagnostics) runs
      -- between some edits, as it would between keystrokes
      if rand(16) == 0 then
        vim.wait(0)
      end
    end
    check(buf, ('seed %d, batch %d (last edits: %s)'):format(SEED, batch, table.concat(recent, ', ')), notes)
  end
  local summary = {}
  for k, v in pairs(counts) do
    summary[#summary + 1] = ('%s %d'):format(k, v)
  end
  table.sort(summary)
  io.stdout:write('# random edits: ' .. table.concat(summary, ', ') .. '\n')
  for _, op in ipairs(ops) do
    t.ok((counts[op[2]] or 0) > 0, 'every kind of edit ran: ' .. op[2])
  end
  -- back to the start, and once more
  vim.cmd('silent undo 0')
  check(buf, 'after :undo 0', notes)
end)
