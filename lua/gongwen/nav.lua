---@brief Motions over sections and placeholders, section text objects, breadcrumbs.
---
--- "Sections" are the outline's titles, headings and labels (items such as 一是…
--- are paragraphs and are skipped). Motions take a count, add to the jumplist in
--- Normal mode and work in Visual and Operator-pending mode.

local api = vim.api
local state = require('gongwen.state')
local util = require('gongwen.util')

local M = {}

--- State of the current buffer when it can be navigated; notifies otherwise.
---@return gongwen.BufState?
local function current()
  local st = state.get(api.nvim_get_current_buf())
  local i18n = require('gongwen.i18n')
  if not st then
    util.notify(i18n.t('not_attached'), vim.log.levels.WARN)
  elseif st.large then
    util.notify(i18n.t('large_unavailable'), vim.log.levels.WARN)
    return nil
  end
  return st
end

local function count_arg(fname, count)
  util.check(fname, 'count', count, 'number', true)
  return math.max(count or vim.v.count1, 1)
end

local function dir_arg(fname, dir)
  if dir ~= 1 and dir ~= -1 then
    error(('%s: dir must be 1 or -1, got %s'):format(fname, vim.inspect(dir)), 3)
  end
end

--- The first section entry (not an item) after (dir 1) or before (dir -1) 0-based
--- `row` accepted by `accept(entry)`, or nil. Reads entries one by one from the
--- core, starting next to the row (no whole outline is built).
---@param st gongwen.BufState
---@param row integer
---@param dir 1|-1
---@param accept? fun(e: table): boolean
---@return table?
local function next_section(st, row, dir, accept)
  local i
  if dir > 0 then
    i = state.last_entry_before(st, row) + 1
  else
    i = state.last_entry_before(st, row - 1)
  end
  local e = state.entry(st, i)
  while e do
    if e.kind ~= 'item' and (dir > 0 and e.line > row or dir < 0 and e.line < row) and (not accept or accept(e)) then
      return e
    end
    i = i + dir
    e = state.entry(st, i)
  end
end

--- Row of the `count`-th section start after (dir 1) or before (dir -1) the cursor,
--- among sections accepted by `accept(entry, from_entry)`.
---@param st gongwen.BufState
---@param row integer 0-based cursor row
---@param dir 1|-1
---@param count integer
---@param accept? fun(e: table, cur: table?): boolean
---@return integer? row
local function find_section(st, row, dir, count, accept)
  local target
  for _ = 1, count do
    local cur = accept and state.section_at(st, row)
    local found = next_section(st, row, dir, accept and function(e)
      return accept(e, cur)
    end)
    if not found then
      break
    end
    target, row = found.line, found.line
  end
  return target
end

--- Goes to the next (dir 1) or previous (dir -1) section heading, `count` times.
---@param dir 1|-1
---@param count? integer default v:count1
function M.heading(dir, count)
  dir_arg('gongwen.nav.heading', dir)
  count = count_arg('gongwen.nav.heading', count)
  local st = current()
  if not st then
    return
  end
  local row = find_section(st, api.nvim_win_get_cursor(0)[1] - 1, dir, count)
  if row then
    util.jump(0, row, 0)
  end
end

--- Goes to the next/previous heading of the same or a higher level than the section
--- under the cursor (a sibling or an ancestor's sibling), `count` times.
---@param dir 1|-1
---@param count? integer
function M.sibling(dir, count)
  dir_arg('gongwen.nav.sibling', dir)
  count = count_arg('gongwen.nav.sibling', count)
  local st = current()
  if not st then
    return
  end
  local row = find_section(st, api.nvim_win_get_cursor(0)[1] - 1, dir, count, function(e, cur)
    return not cur or e.depth <= cur.depth
  end)
  if row then
    util.jump(0, row, 0)
  end
end

--- Goes to the heading of the section that contains the current section, `count` levels up.
---@param count? integer
function M.parent(count)
  count = count_arg('gongwen.nav.parent', count)
  local st = current()
  if not st then
    return
  end
  local e = state.section_at(st, api.nvim_win_get_cursor(0)[1] - 1)
  for _ = 1, count do
    local p = e and e.parent and state.entry(st, e.parent)
    if not p then
      break
    end
    e = p
    while e.kind == 'item' and e.parent do
      e = state.entry(st, e.parent)
    end
  end
  local start = state.section_at(st, api.nvim_win_get_cursor(0)[1] - 1)
  if e and e ~= start then
    util.jump(0, e.line, 0)
  end
end

--- Placeholder at or after (dir 1) / before (dir -1) a position, scanning in chunks.
---@param doc userdata
---@param row integer
---@param col integer byte column; strictly after/before it
---@param dir 1|-1
---@return table? placeholder
local function find_placeholder(doc, row, col, dir)
  local n, chunk = doc:line_count(), 256
  if dir > 0 then
    local first = row
    while first < n do
      local last = math.min(first + chunk, n)
      for _, p in ipairs(doc:placeholders(first, last)) do
        if p.line > row or p.start > col then
          return p
        end
      end
      first = last
    end
  else
    local last = row + 1
    while last > 0 do
      local first = math.max(last - chunk, 0)
      local ps = doc:placeholders(first, last)
      for i = #ps, 1, -1 do
        local p = ps[i]
        if p.line < row or p.start < col then
          return p
        end
      end
      last = first
    end
  end
end

--- Goes to the next/previous placeholder, `count` times; wraps around the buffer
--- end when 'wrapscan' is set.
---@param dir 1|-1
---@param count? integer
function M.placeholder(dir, count)
  dir_arg('gongwen.nav.placeholder', dir)
  count = count_arg('gongwen.nav.placeholder', count)
  local st = current()
  if not st then
    return
  end
  local doc = st.doc
  local cur = api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  local target
  for _ = 1, count do
    local p = find_placeholder(doc, row, col, dir)
    if not p and vim.o.wrapscan and doc:line_count() > 0 then
      if dir > 0 then
        p = find_placeholder(doc, 0, -1, 1)
      else
        local last = doc:line_count() - 1
        p = find_placeholder(doc, last, math.huge, -1)
      end
    end
    if not p then
      break
    end
    target, row, col = p, p.line, p.start
  end
  if target then
    util.jump(0, target.line, target.start)
  end
end

--- Selects the section under the cursor linewise ("as"), or its body without the
--- heading line and trailing blank lines ("is"). A count selects the count-th
--- enclosing section. For Visual and Operator-pending mode.
---@param inner boolean
---@param count? integer
function M.textobject(inner, count)
  util.check('gongwen.nav.textobject', 'inner', inner, 'boolean')
  count = count_arg('gongwen.nav.textobject', count)
  local st = state.get(api.nvim_get_current_buf())
  if not st or not st.doc then
    return
  end
  local e = state.section_at(st, api.nvim_win_get_cursor(0)[1] - 1)
  for _ = 2, count do
    local p = e and e.parent and state.entry(st, e.parent)
    if not p then
      break
    end
    e = p
  end
  if not e then
    return
  end
  local first, last = e.line, math.min(e.end_line, st.doc:line_count()) - 1
  if inner then
    first = first + 1
    local lines = api.nvim_buf_get_lines(0, first, last + 1, false)
    while last >= first and lines[last - first + 1]:match('^%s*$') do
      last = last - 1
    end
    if last < first then
      return
    end
  end
  if api.nvim_get_mode().mode:match('^[vV\22]') then
    vim.cmd('normal! \27')
  end
  api.nvim_win_set_cursor(0, { first + 1, 0 })
  vim.cmd('normal! V')
  api.nvim_win_set_cursor(0, { last + 1, 0 })
end

-- Brackets and quotes a placeholder may stand in ("a placeholder" takes them in).
local PAIRS = {
  ['【'] = '】',
  ['〔'] = '〕',
  ['［'] = '］',
  ['（'] = '）',
  ['('] = ')',
  ['“'] = '”',
  ['‘'] = '’',
  ['《'] = '》',
  ['「'] = '」',
  ['『'] = '』',
  ['"'] = '"',
  ["'"] = "'",
}

--- Start byte of the character that ends just before byte `at` (0-based) of `s`.
---@param s string
---@param at integer
---@return integer
local function char_before(s, at)
  local i = at - 1
  while i > 0 do
    local b = s:byte(i + 1)
    if b < 0x80 or b >= 0xC0 then
      break
    end
    i = i - 1
  end
  return i
end

local IDEOGRAPHIC_SPACE = '\227\128\128' -- U+3000

--- End of the run of white space (space, tab, U+3000) from byte `at` of `s`.
---@param s string
---@param at integer
---@return integer
local function white_after(s, at)
  while true do
    local c = s:sub(at + 1, at + 1)
    if c == ' ' or c == '\t' then
      at = at + 1
    elseif s:sub(at + 1, at + 3) == IDEOGRAPHIC_SPACE then
      at = at + 3
    else
      return at
    end
  end
end

--- Start of the run of white space that ends at byte `at` of `s`.
---@param s string
---@param at integer
---@return integer
local function white_before(s, at)
  while at > 0 do
    local c = s:sub(at, at)
    if c == ' ' or c == '\t' then
      at = at - 1
    elseif at >= 3 and s:sub(at - 2, at) == IDEOGRAPHIC_SPACE then
      at = at - 3
    else
      break
    end
  end
  return at
end

--- Bytes [s, e) of the cursor's line that "ix" / "ax" select, or nil: see
--- M.placeholder_object.
---@param around boolean
---@param count integer
---@return integer? row 0-based
---@return integer? s
---@return integer? e
---@return string? line the text of the row
local function placeholder_span(around, count)
  local st = state.get(api.nvim_get_current_buf())
  if not st or not st.doc or st.large then
    return
  end
  local cur = api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  if row >= st.doc:line_count() then
    return
  end
  local ps = st.doc:placeholders(row, row + 1)
  local first
  for i, p in ipairs(ps) do
    if p.end_ > col then
      first = i
      break
    end
  end
  if not first then
    return
  end
  local s, e = ps[first].start, ps[math.min(first + count - 1, #ps)].end_
  local line = api.nvim_buf_get_lines(0, row, row + 1, false)[1] or ''
  if around then
    local b = s > 0 and char_before(line, s)
    local open = b and line:sub(b + 1, s)
    local close = open and PAIRS[open]
    if close and line:sub(e + 1, e + #close) == close then
      s, e = b, e + #close
    else
      -- else the white space after it, or before it (as "aw" does)
      local e0 = e
      e = white_after(line, e)
      if e == e0 then
        s = white_before(line, s)
      end
    end
  end
  return row, s, e, line
end

--- Selects the placeholder under the cursor, or else the next one on the
--- cursor's line, charwise ("ix"); "ax" (`around`) also takes in the brackets or
--- quotes right around it (【…】 “…” 《…》 （…） …), or else the white space after
--- (or before) it. A count takes in that many placeholders of the line from
--- there. For Visual and Operator-pending mode. Returns whether there was one.
---@param around boolean
---@param count? integer default v:count1
---@return boolean
function M.placeholder_object(around, count)
  util.check('gongwen.nav.placeholder_object', 'around', around, 'boolean')
  count = count_arg('gongwen.nav.placeholder_object', count)
  local row, s, e, line = placeholder_span(around, count)
  if not row then
    return false
  end
  if api.nvim_get_mode().mode:match('^[vV\22]') then
    vim.cmd('normal! \27')
  end
  api.nvim_win_set_cursor(0, { row + 1, s })
  vim.cmd('normal! v')
  api.nvim_win_set_cursor(0, { row + 1, vim.o.selection == 'exclusive' and e or char_before(line, e) })
  return true
end

--- Keys for the <Plug> mappings of "ix" / "ax" (expression mappings): the
--- selection, or, when the line has no placeholder from the cursor on, <Esc>,
--- which cancels a pending operator (`cix` does not start Insert mode then).
---@param around boolean
---@return string
function M.placeholder_object_keys(around)
  local count = math.max(vim.v.count1, 1)
  if placeholder_span(around, count) then
    -- (the <Cmd> finds the placeholder again where it runs: `.` repeats it at
    -- the cursor of the repeat, not at the place of the first change)
    return ('<Cmd>lua require("gongwen.nav").placeholder_object(%s, %d)<CR>'):format(tostring(around), count)
  end
  return api.nvim_get_mode().mode:match('^no') and '<Esc>' or ''
end

--- Display text of an outline entry: marker and text.
---@param e table
---@return string
function M.label(e)
  return ((e.marker .. e.text):gsub('%c', ' '))
end

---@class gongwen.BreadcrumbOpts
---@field winid? integer window whose cursor is used (default current)
---@field sep? string separator (default " › ")
---@field lazy? boolean while the structure lags behind the text (typing), return
---  the path last computed for that window instead of running the structure pass

-- Per window: the last path computed, for `lazy` (the buffer it was for and its text).
---@type table<integer, { buf: integer, sep: string, text: string }>
local last_crumb = {}

--- The section path at the cursor, outermost first, e.g.
--- "述职报告 › 一、履职情况 › （一）主要做法". Empty when the buffer is not attached.
---@param opts? gongwen.BreadcrumbOpts
---@return string
function M.breadcrumb(opts)
  util.check('gongwen.breadcrumb', 'opts', opts, 'table', true)
  opts = opts or {}
  util.check('gongwen.breadcrumb', 'opts.sep', opts.sep, 'string', true)
  util.check('gongwen.breadcrumb', 'opts.lazy', opts.lazy, 'boolean', true)
  local win = util.win('gongwen.breadcrumb', opts.winid)
  local buf = api.nvim_win_get_buf(win)
  local st = state.get(buf)
  if not st or not st.doc then
    return ''
  end
  local sep = opts.sep or ' › '
  local last = last_crumb[win]
  if opts.lazy and not state.analyzed(st) and last and last.buf == buf and last.sep == sep then
    return last.text
  end
  local e = state.section_at(st, api.nvim_win_get_cursor(win)[1] - 1)
  local parts = {}
  while e do
    if e.kind ~= 'item' then
      table.insert(parts, 1, M.label(e))
    end
    e = e.parent and state.entry(st, e.parent)
  end
  local text = table.concat(parts, sep)
  last_crumb[win] = { buf = buf, sep = sep, text = text }
  return text
end

api.nvim_create_autocmd('WinClosed', {
  group = util.augroup(),
  desc = 'gongwen: forget the breadcrumb of a closed window',
  callback = function(a)
    last_crumb[tonumber(a.match) or -1] = nil
  end,
})

return M
