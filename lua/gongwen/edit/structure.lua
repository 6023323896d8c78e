---@brief Structural editing: move the section under the cursor (with its whole
--- subtree) past a sibling, promote or demote it one level. Sections, siblings and
--- levels are the core's outline; the affected sibling lists are renumbered with
--- the numbering plan (gongwen.edit.number). Each command writes one contiguous
--- range of lines with one nvim_buf_set_lines call: one undo step, and nothing
--- outside that range changes.

local api = vim.api
local base = require('gongwen.edit.base')
local number = require('gongwen.edit.number')

local M = {}

--- Outline index of the section holding `row`: the innermost entry that is not an
--- item paragraph. Returns nil and a message key when there is none or it is a title.
---@param doc table
---@param outline table[]
---@param row integer
---@return integer? idx
---@return string? err message key
local function section_at(doc, outline, row)
  if doc:line_count() == 0 then
    return nil, 'no_section'
  end
  local idx = doc:entry_at(math.min(row, doc:line_count() - 1))
  while idx and outline[idx].kind == 'item' do
    idx = outline[idx].parent
  end
  if not idx then
    return nil, 'no_section'
  end
  if outline[idx].kind == 'title' then
    return nil, 'title_fixed'
  end
  return idx
end

--- Sections sharing the parent of entry `idx` (items and titles left out), in order.
---@param outline table[]
---@param idx integer
---@return integer[]
local function siblings(outline, idx)
  local e = outline[idx]
  local out = {}
  for i, o in ipairs(outline) do
    if o.parent == e.parent and o.kind ~= 'item' and o.kind ~= 'title' and (e.parent or o.subdoc == e.subdoc) then
      out[#out + 1] = i
    end
  end
  return out
end

local content_end = base.section_end

---@param list string[]
---@param first integer 0-based
---@param last integer 0-based, exclusive
---@return string[]
local function slice(list, first, last)
  return vim.list_slice(list, first + 1, last)
end

--- One step of a move in memory. Returns the new lines and the new line of the
--- moved section's heading, or nil and a message key.
---@param lines string[]
---@param row integer a line inside the section
---@param dir integer -1 up, 1 down
---@return string[]? lines
---@return integer|string row or message key
---@return table? entry the moved section
local function move_once(lines, row, dir)
  local doc = base.analyze(lines)
  local outline = doc:outline()
  local idx, err = section_at(doc, outline, row)
  if not idx then
    doc:close()
    return nil, err --[[@as string]]
  end
  local sibs = siblings(outline, idx)
  local k
  for i, s in ipairs(sibs) do
    if s == idx then
      k = i
    end
  end
  local other = sibs[k + dir]
  if not other then
    doc:close()
    return nil, dir < 0 and 'no_sibling_up' or 'no_sibling_down'
  end
  local a, b = outline[math.min(idx, other)], outline[math.max(idx, other)]
  local a_end, b_end = content_end(doc, a), content_end(doc, b)
  doc:close()
  -- B's content, A's trailing blanks, whatever lies between, A's content, B's blanks
  local seg = slice(lines, b.line, b_end)
  vim.list_extend(seg, slice(lines, a_end, a.end_line))
  vim.list_extend(seg, slice(lines, a.end_line, b.line))
  local a_new = a.line + #seg
  vim.list_extend(seg, slice(lines, a.line, a_end))
  vim.list_extend(seg, slice(lines, b_end, b.end_line))
  local new = slice(lines, 0, a.line)
  vim.list_extend(new, seg)
  vim.list_extend(new, slice(lines, b.end_line, #lines))

  -- the two headings trade places in their list: renumber them
  local doc2 = base.analyze(new)
  local plan = number.plan(doc2)
  local changes = number.changes(plan, { lines = { [a.line] = true, [a_new] = true } })
  doc2:close()
  base.edit_lines(new, changes)
  local moved = outline[idx]
  return new, moved == a and a_new or a.line, moved
end

--- Moves the section under the cursor (with its subsections) up or down past
--- `count` sibling sections, renumbering the moved headings. One undo step.
--- Returns true when the buffer changed.
---@param bufnr? integer
---@param dir 'up'|'down'|integer
---@param count? integer
---@return boolean
function M.move(bufnr, dir, count)
  local buf = base.buf(bufnr, 'gongwen.edit.move')
  if dir ~= 'up' and dir ~= 'down' and dir ~= -1 and dir ~= 1 then
    error(('gongwen.edit.move: dir must be "up" or "down", got %s'):format(vim.inspect(dir)), 0)
  end
  base.check('gongwen.edit.move', 'count', count, 'number', true)
  if count and (count % 1 ~= 0 or count < 1) then
    error(('gongwen.edit.move: count must be a positive integer, got %s'):format(tostring(count)), 0)
  end
  if not base.writable(buf) or not base.small_enough(buf) or not base.core() then
    return false
  end
  local d = (dir == 'up' or dir == -1) and -1 or 1
  local orig = api.nvim_buf_get_lines(buf, 0, -1, true)
  local lines, row, moved = orig, base.cursor(buf), nil
  for i = 1, math.max(count or 1, 1) do
    local new, r, e = move_once(lines, row, d)
    if not new then
      if i == 1 then
        base.notify(base.t(r --[[@as string]]), vim.log.levels.WARN)
        return false
      end
      break
    end
    lines, row, moved = new, r --[[@as integer]], moved or e
  end
  -- swapping sections of the same text changes nothing (and makes no undo step)
  local changed = base.write_diff(buf, orig, lines) ~= nil
  base.set_cursor(buf, row, 0)
  if moved then
    base.notify(base.t('moved', base.label(moved), moved.end_line - moved.line))
  end
  return changed
end

--- Promotes (delta -1) or demotes (delta 1) the section under the cursor with its
--- subtree; returns true when the buffer changed.
---@param buf integer
---@param delta integer
---@return boolean
local function shift(buf, delta)
  if not base.writable(buf) or not base.small_enough(buf) or not base.core() then
    return false
  end
  local core = assert(base.core())
  local lines = api.nvim_buf_get_lines(buf, 0, -1, true)
  local row = base.cursor(buf)
  local doc = base.analyze(lines)
  local plan = number.plan(doc)
  local outline = plan.outline
  local idx, err = section_at(doc, outline, row)
  local e = idx and outline[idx]
  local function refuse(key)
    doc:close()
    base.notify(base.t(key), vim.log.levels.WARN)
    return false
  end
  if not e then
    return refuse(err --[[@as string]])
  end
  if e.kind ~= 'heading' or not plan.by_line[e.line] then
    return refuse('no_heading')
  end
  local subtree = {}
  for _, o in ipairs(outline) do
    if o.line >= e.line and o.line < e.end_line and o.kind == 'heading' and plan.by_line[o.line] then
      subtree[#subtree + 1] = o
    end
  end
  if delta < 0 then
    -- the subtree may hold headings of a higher level than the section's own
    -- (an outline the core built from irregular numbering): none goes above 一、
    for _, o in ipairs(subtree) do
      if o.rank <= 1 then
        return refuse('top_level')
      end
    end
  end
  if delta > 0 then
    for _, o in ipairs(subtree) do
      if o.rank + 1 > 4 then
        return refuse('bottom_level')
      end
    end
    if plan.by_line[e.line].pos <= 1 then
      return refuse('no_prev_sibling')
    end
  end

  -- new markers for the subtree, in the style each level has outside of it
  local styles = {}
  local trial = vim.list_extend({}, lines)
  local edits = {}
  for _, o in ipairs(subtree) do
    local m = plan.by_line[o.line]
    local r = o.rank + delta
    styles[r] = styles[r] or number.style_for_rank(plan, r, e.subdoc, e.line, e.end_line)
    edits[#edits + 1] = { line = o.line, s = m.ms, e = m.me, text = core.marker(r, math.max(1, math.min(m.pos, 999)), styles[r]) }
  end
  base.edit_lines(trial, edits)
  local old_list = plan.lists[plan.by_line[e.line].list]
  local old_marker = plan.by_line[e.line].marker
  doc:close()

  -- renumber the lists the subtree's headings are in now, and the list it left
  local doc2 = base.analyze(trial)
  local plan2 = number.plan(doc2)
  local lists = {}
  for _, o in ipairs(subtree) do
    local m = plan2.by_line[o.line]
    if m then
      lists[m.list] = true
    end
  end
  for _, m in ipairs(old_list) do
    local m2 = plan2.by_line[m.line]
    if m2 then
      lists[m2.list] = true
    end
  end
  -- members above the section keep their ordinals whatever moves below them:
  -- their markers stay as they are (restyling them is :Gongwen renumber's job)
  local renumbered = vim.tbl_filter(function(c)
    return c.line >= e.line
  end, number.changes(plan2, { lists = lists }))
  base.edit_lines(trial, renumbered)
  local new_marker = edits[1].text
  for _, c in ipairs(renumbered) do
    if c.line == e.line then
      new_marker = c.text
    end
  end
  doc2:close()
  base.write_diff(buf, lines, trial)
  base.notify(base.t(delta < 0 and 'promoted' or 'demoted', base.label(e), ('%s → %s'):format(old_marker ~= '' and old_marker or '∅', new_marker)))
  return true
end

--- Promotes the section under the cursor one level (一、 is the top); its
--- subsections follow and the affected sibling lists are renumbered.
---@param bufnr? integer
---@return boolean
function M.promote(bufnr)
  return shift(base.buf(bufnr, 'gongwen.edit.promote'), -1)
end

--- Demotes the section under the cursor one level, under its previous sibling
--- ((1) is the bottom); its subsections follow and the affected lists are renumbered.
---@param bufnr? integer
---@return boolean
function M.demote(bufnr)
  return shift(base.buf(bufnr, 'gongwen.edit.demote'), 1)
end

return M
