-- Every writing command on random documents built from fixture pieces (issue 7):
-- one undo step restores the buffer byte for byte (and redo brings the command's
-- result back), and the lines outside the command's range are untouched:
--   skeleton    lines other than the cursor line and the inserted ones
--   heading     the inserted line aside, only markers change, none above it
--   move        lines outside the sibling sections it passes
--   promote/demote  only markers change, none above the section
--   renumber    only markers change (the bytes of the marker inside its line)
--   reflow      lines outside the range it was given
-- The seed is printed; GONGWEN_SEED=N replays a run.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')

local SEED = tonumber(vim.env.GONGWEN_SEED or '') or 72026
local DOCS = 150
local PER_DOC = 8

local function lines(buf)
  return api.nvim_buf_get_lines(buf, 0, -1, true)
end

--- Leaves a snippet session and Insert/Select mode.
local function leave()
  api.nvim_feedkeys('', 'x', false) -- pending keys of vim.snippet
  if vim.snippet.active() then
    vim.snippet.stop()
  end
  api.nvim_feedkeys(vim.keycode('<Esc>'), 'nx', false)
end

--- Pieces to build documents of: the fixture reports and the writing test data,
--- each a list of lines.
local function sources()
  local out = {}
  local files = vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)
  vim.list_extend(files, vim.fn.glob(h.data .. '/edit/*.txt', false, true))
  vim.list_extend(files, vim.fn.glob(h.data .. '/*.txt', false, true))
  table.sort(files)
  for _, f in ipairs(files) do
    out[#out + 1] = vim.fn.readfile(f)
  end
  return out
end

--- Byte range of the marker of line `l` as the numbering plan reads it (where a
--- lost marker would go), or nil when the line carries no numbered marker.
local function marker_range(doc, l)
  local li = doc:line(l)
  if li.kind ~= 'heading' and li.kind ~= 'item' then
    return nil
  end
  if li.lost or li.marker_start == li.marker_end then
    return li.text_start, li.text_start
  end
  return li.marker_start, li.marker_end
end

--- `after` differs from `before` (same number of lines) only inside the marker
--- of numbered lines of `before` (analyzed as `doc`); returns a message or nil.
local function only_markers(doc, before, after, skip_before)
  if #before ~= #after then
    return ('line count %d -> %d'):format(#before, #after)
  end
  for i = 1, #before do
    local a, b = before[i], after[i]
    if a ~= b then
      local ms, me = marker_range(doc, i - 1)
      if not ms then
        return ('line %d changed but has no marker: %q -> %q'):format(i, a, b)
      end
      if skip_before and i - 1 < skip_before then
        return ('line %d above the section changed: %q -> %q'):format(i, a, b)
      end
      local tail = a:sub(me + 1)
      if b:sub(1, ms) ~= a:sub(1, ms) or #b < ms + #tail or b:sub(#b - #tail + 1) ~= tail then
        return ('line %d changed outside its marker [%d, %d): %q -> %q'):format(i, ms, me, a, b)
      end
    end
  end
end

--- Lines [0, first) and the last #before - last lines are the same in both.
local function same_outside(before, after, first, last)
  for i = 1, first do
    if before[i] ~= after[i] then
      return ('line %d (before the range) changed: %q -> %q'):format(i, before[i], tostring(after[i]))
    end
  end
  for k = 0, #before - last - 1 do
    if before[#before - k] ~= after[#after - k] then
      return ('line %d from the end (after the range) changed: %q -> %q'):format(k + 1, before[#before - k], tostring(after[#after - k]))
    end
  end
end

--- Fails with the first differing line when two texts differ.
local function same(want, got, msg)
  if vim.deep_equal(want, got) then
    return
  end
  local i = 1
  while want[i] == got[i] do
    i = i + 1
  end
  error(('%s: line %d differs (%d lines, want %d):\n  want %q\n   got %q'):format(msg, i, #got, #want, tostring(want[i]), tostring(got[i])), 0)
end

t.before_each(function()
  h.reset()
  edit.reset()
  vim.o.showmode = false
  -- vim.snippet offers a choice tabstop's values through a deferred complete(),
  -- which would run after leave() took us out of Insert mode (E785)
  vim.fn.complete = function() end
end)
t.after_each(function()
  leave()
  vim.wait(150) -- deferred complete() calls run into the stub, not into the next test
  vim.fn.complete = nil
  edit.reset()
  vim.o.showmode = true
end)

t.it(('every writing command on %d random documents (seed %d): one undo restores the buffer, nothing outside its range changes'):format(DOCS, SEED), function()
  io.stdout:write(('# undo: seed %d (GONGWEN_SEED=%d replays it)\n'):format(SEED, SEED))
  local notes = h.capture_notify()
  local rand, pick = h.rng(SEED)
  local src = sources()
  local types = require('gongwen.templates').ids()

  --- A document: maybe a title, then slices of the sources, with some markers
  --- lost or restyled and blank lines added or removed.
  local function document()
    local out = {}
    if rand(4) > 0 then
      out[1] = pick(src)[1]
    end
    for _ = 1, rand(10) + 3 do
      local s = pick(src)
      local first = rand(#s) + 1
      for i = first, math.min(#s, first + rand(8) + 1) do
        local l = s[i]
        local r = rand(20)
        if r == 0 then
          l = l:gsub('^[一二三四五六七八九十]+、', '', 1)
        elseif r == 1 then
          l = l:gsub('^（([一二三四五六七八九十]+)）', '(%1)', 1)
        elseif r == 2 then
          l = l:gsub('^(%d+)%.', '%1、', 1)
        elseif r == 3 then
          out[#out + 1] = ''
        end
        if not (r == 4 and l == '') then
          out[#out + 1] = l
        end
      end
    end
    return out
  end

  -- The commands: each runs on the buffer (cursor set) and returns what to
  -- check about the lines before and after it, given a fresh analysis of before.
  --- promote/demote: only markers change, in the section under the cursor.
  local function shift(name)
    return function(buf, row, doc, before)
      local changed = edit[name](buf)
      local after = lines(buf)
      if not changed then
        return 'refused', after
      end
      local sec = require('gongwen.state').section_at({ doc = doc, cache = {}, version = 0, analyzed = 0 }, row)
      return only_markers(doc, before, after, sec and sec.line), after, before
    end
  end

  local commands = {
    skeleton = function(buf, row, doc, before)
      if rand(3) == 0 then
        api.nvim_buf_set_lines(buf, row, row + 1, true, { pick({ '', '  ' }) })
        before = lines(buf)
        vim.o.undolevels = vim.o.undolevels
      end
      local id = pick(types)
      local skel = require('gongwen.edit.insert').skeleton_text(id)
      edit.setup({ snippet = rand(3) > 0 })
      local ok = edit.skeleton(buf, id)
      leave()
      local after = lines(buf)
      if not ok then
        return 'refused', after
      end
      local blank = before[row + 1]:match('^%s*$') ~= nil
      local at = blank and row or row + 1
      local err = same_outside(before, after, blank and row or row + 1, blank and row + 1 or row + 1)
        or (not vim.deep_equal(skel, vim.list_slice(after, at + 1, at + #skel)) and 'the skeleton text differs')
        or (#after ~= #before + #skel - (blank and 1 or 0) and 'line count')
      return err, after, before
    end,
    heading = function(buf, row, doc, before)
      edit.setup({ snippet = rand(3) > 0 })
      local at = edit.heading(buf, { child = rand(3) == 0 })
      leave()
      local after = lines(buf)
      if not at then
        return 'refused', after
      end
      local rest = vim.list_extend({}, after)
      if #after == #before + 1 then
        table.remove(rest, at + 1)
      elseif not before[at + 1]:match('^%s*$') then
        return ('heading at %d replaced a line that is not blank'):format(at), after, before
      else
        rest[at + 1] = before[at + 1]
      end
      return only_markers(doc, before, rest, at), after, before
    end,
    move = function(buf, row, doc, before)
      local dir, count = pick({ 'up', 'down' }), rand(3) + 1
      -- the range: the section at the cursor and the siblings it may pass
      local outline = doc:outline()
      local idx = doc:line_count() > 0 and doc:entry_at(math.min(row, doc:line_count() - 1))
      while idx and outline[idx].kind == 'item' do
        idx = outline[idx].parent
      end
      local changed = edit.move(buf, dir, count)
      local after = lines(buf)
      if not changed then
        return 'refused', after
      end
      local e = outline[idx]
      local sibs = {}
      for i, o in ipairs(outline) do
        if o.parent == e.parent and o.kind ~= 'item' and o.kind ~= 'title' and (e.parent or o.subdoc == e.subdoc) then
          sibs[#sibs + 1] = i
        end
      end
      local k = 1
      while sibs[k] ~= idx do
        k = k + 1
      end
      local lo, hi = k, k
      if dir == 'up' then
        lo = math.max(1, k - count)
      else
        hi = math.min(#sibs, k + count)
      end
      local first, last = outline[sibs[lo]].line, outline[sibs[hi]].end_line
      if count > 1 then
        -- each step is analyzed again: a heading that lost its number may be a
        -- sibling after the first step; the range grows with what it passes
        first, last = math.min(first, e.line), #before
        if dir == 'up' then
          first, last = 0, e.end_line
        end
      end
      local err = same_outside(before, after, first, last) or (#after ~= #before and 'line count')
      if not err then
        -- the section's own text (its heading line aside) moved as a whole
        local body = table.concat(vim.list_slice(before, e.line + 2, require('gongwen.edit.base').section_end(doc, e)), '\n')
        if body ~= '' and not table.concat(after, '\n'):find(body, 1, true) then
          err = 'the moved section\'s text is not in the result'
        end
      end
      return err, after, before
    end,
    promote = shift('promote'),
    demote = shift('demote'),
    renumber = function(buf, _, doc, before)
      local changes = edit.renumber(buf, { normalize = rand(3) == 0 })
      local after = lines(buf)
      if #changes == 0 then
        return 'refused', after
      end
      return only_markers(doc, before, after), after, before
    end,
    reflow = function(buf, _, _, before)
      local n = #before
      local opts = { residue = rand(2) == 0 }
      if rand(3) > 0 then
        opts.first = rand(n)
        opts.last = math.min(n, opts.first + rand(15) + 1)
      end
      local res = edit.reflow(buf, opts)
      local after = lines(buf)
      if not res.changed then
        return 'refused', after
      end
      return same_outside(before, after, opts.first or 0, opts.last or n), after, before
    end,
  }
  local names = vim.tbl_keys(commands)
  table.sort(names)

  local ran, refused = {}, {}
  for d = 1, DOCS do
    local text = document()
    local buf = h.scratch(text)
    for c = 1, PER_DOC do
      local name = pick(names)
      local where = ('seed %d, document %d, command %d (%s)'):format(SEED, d, c, name)
      local n = api.nvim_buf_line_count(buf)
      local row = rand(n)
      api.nvim_win_set_cursor(0, { row + 1, 0 })
      local before = lines(buf)
      local doc = h.fresh(buf)
      vim.o.undolevels = vim.o.undolevels -- a new command: a new undo block
      vim.v.errmsg = ''
      local err, after, before2 = commands[name](buf, row, doc, before)
      doc:close()
      if err == 'refused' then
        refused[name] = (refused[name] or 0) + 1
        t.eq(before, after, where .. ': refused but changed the buffer')
      else
        ran[name] = (ran[name] or 0) + 1
        if err then
          error(('%s: %s\nbefore:\n%s'):format(where, err, table.concat(before2, '\n')), 0)
        end
        if vim.deep_equal(before2, after) then
          error(where .. ': said it changed the buffer, but the text is the same:\n' .. table.concat(before2, '\n'), 0)
        end
        -- one undo step back, byte for byte; redo brings the result back
        vim.cmd('silent undo')
        same(before2, lines(buf), where .. ': one undo restores the buffer')
        vim.cmd('silent redo')
        same(after, lines(buf), where .. ': redo')
        if rand(2) == 0 then
          vim.cmd('silent undo') -- go on from the text before the command
        end
      end
      t.eq('', vim.v.errmsg, where .. ': v:errmsg')
      for _, note in ipairs(notes) do
        t.ok(note.level == nil or note.level < vim.log.levels.ERROR, where .. ': error message ' .. note.msg)
      end
    end
    vim.cmd('bwipeout!')
  end
  local summary = {}
  for _, name in ipairs(names) do
    summary[#summary + 1] = ('%s %d (refused %d)'):format(name, ran[name] or 0, refused[name] or 0)
  end
  io.stdout:write('# undo: ' .. table.concat(summary, ', ') .. '\n')
  for _, name in ipairs(names) do
    t.ok((ran[name] or 0) >= 5, ('%s changed a buffer at least 5 times (%d)'):format(name, ran[name] or 0))
  end
end)

-- Cases the random documents found (fixed in gongwen.edit.insert/structure).
t.describe('found by random documents', function()
  local function open(text, row)
    local buf = h.scratch(text)
    api.nvim_win_set_cursor(0, { row, 0 })
    vim.o.undolevels = vim.o.undolevels
    return buf
  end

  t.it('a new heading leaves the markers of earlier siblings alone, even in another style', function()
    h.capture_notify()
    edit.setup({ snippet = false })
    local text = { '关于XX工作的情况报告', '一、工作情况', '（一）加强学习', '开展学习X次。', '(二)改进作风', '深入调研X次。', '（二）狠抓落实', '二、存在问题' }
    local buf = open(text, 6)
    t.eq(6, edit.heading(buf))
    local after = lines(buf)
    t.eq(vim.list_slice(text, 1, 6), vim.list_slice(after, 1, 6))
    t.eq('（三）XXX', after[7])
    t.eq('（四）狠抓落实', after[8])
    vim.cmd('silent undo')
    same(text, lines(buf), 'undo')
  end)

  t.it('promote and demote leave the markers above the section alone', function()
    h.capture_notify()
    local text = { '关于XX工作的情况报告', '一、工作情况', '（一）加强学习', '(二)改进作风', '（三）狠抓落实', '二、存在问题' }
    local buf = open(text, 5)
    t.ok(edit.promote(buf))
    t.eq({ '(二)改进作风', '二、狠抓落实', '三、存在问题' }, vim.list_slice(lines(buf), 4, 6))
    vim.cmd('silent undo')
    same(text, lines(buf), 'undo')
    t.ok(edit.demote(buf))
    t.eq({ '(二)改进作风', '1.狠抓落实', '二、存在问题' }, vim.list_slice(lines(buf), 4, 6))
  end)

  t.it('promote refuses when the section holds a heading already at the top level (GW108)', function()
    local notes = h.capture_notify()
    local text = { 'XX公司2024年度工作总结', '（一）聚焦中心任务', '（二）加强演练培训。', '一、下一步工作打算' }
    local buf = open(text, 3)
    t.eq(false, edit.promote(buf))
    t.matches('一级标题', notes[#notes].msg)
    t.eq(text, lines(buf))
  end)

  t.it('moving a section past one of the same text reports no change (there is no undo step)', function()
    h.capture_notify()
    local text = { '关于XX的报告', '一、工作', '二、工作' }
    local buf = open(text, 2)
    t.eq(false, edit.move(buf, 'down'))
    t.eq(text, lines(buf))
  end)
end)
