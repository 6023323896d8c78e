---@brief Numbering plans: which ordinal every heading and item paragraph should
--- carry, computed from the core's outline and diagnostics, and :Gongwen renumber.
---
--- Sibling lists are the core's: headings of one rank under one parent heading
--- (or, below a title, in one sub-document). A heading numbered 1 after other
--- siblings starts a new list exactly when the core accepted the restart, i.e.
--- reported neither GW102 (duplicate) nor GW103 (order) for it. Item paragraphs
--- (一是 …) form sequences under one parent, broken by any heading or label and
--- restarted by 一是, as the core's enumeration check reads them.
--- Markers are written by core.marker() only.

local base = require('gongwen.edit.base')

local M = {}

-- Style bits that are never kept: stray punctuation after a bracket, Kangxi
-- radicals, a comma typed for 、 (二，).
local DROP = 16 + 64 + 2048
-- The circled style (㈠ ⑴ ①: GW_STYLE_CIRCLED).
local CIRCLED = 32

---@class gongwen.edit.Member
---@field line integer 0-based line
---@field kind 'heading'|'item'
---@field rank integer
---@field list integer list id
---@field pos integer expected ordinal (position in its list)
---@field ordinal integer ordinal in the text (0 when lost)
---@field lost boolean
---@field bullet boolean a lost heading marked by a bullet (■ 学习收获), which its number replaces
---@field marker string marker in the text
---@field ms integer marker start byte
---@field me integer marker end byte
---@field style integer style bits of the marker
---@field entry integer 1-based outline index

---@class gongwen.edit.Plan
---@field outline table[] the core's outline
---@field members gongwen.edit.Member[] in document order
---@field by_line table<integer, gongwen.edit.Member>
---@field lists table<integer, gongwen.edit.Member[]>
---@field list_style table<integer, integer> style bits kept for each list

--- Diagnostic codes per line.
---@param doc table
---@return table<integer, table<string, boolean>>
local function codes_by_line(doc)
  local out = {}
  for _, d in ipairs(doc:diagnostics('en')) do
    local t = out[d.lnum] or {}
    t[d.code] = true
    out[d.lnum] = t
  end
  return out
end

--- The numbering plan of a document.
---@param doc table core document
---@return gongwen.edit.Plan
function M.plan(doc)
  local outline = doc:outline()
  local codes = codes_by_line(doc)
  local plan = { outline = outline, members = {}, by_line = {}, lists = {}, list_style = {} }
  local next_id = 0
  local heading_lists = {} ---@type table<string, integer>
  -- the core's list of each heading list (e.list): a list the core numbers on
  -- from a cousin section's (整改: （一）… 1. 2. （二）… 3.) joins that one
  local by_core = {} ---@type table<integer, integer>
  local item_list, item_parent, item_last ---@type integer?, integer?, integer?

  local function add(e, idx, list)
    local info = doc:line(e.line)
    local members = plan.lists[list]
    ---@type gongwen.edit.Member
    local m = {
      line = e.line,
      kind = e.kind,
      rank = e.rank,
      list = list,
      pos = #members + 1,
      ordinal = e.ordinal,
      lost = e.lost,
      bullet = info.bullet,
      marker = info.marker,
      ms = info.marker_start,
      me = info.marker_end,
      style = info.style,
      entry = idx,
    }
    if m.lost or m.ms == m.me then
      m.ms, m.me = info.text_start, info.text_start
    end
    members[#members + 1] = m
    plan.members[#plan.members + 1] = m
    plan.by_line[m.line] = m
  end

  local function new_list()
    next_id = next_id + 1
    plan.lists[next_id] = {}
    return next_id
  end

  for idx, e in ipairs(outline) do
    if e.kind == 'heading' and e.rank >= 1 then
      local p = e.parent
      local key = ((p and outline[p].kind ~= 'title') and ('e' .. p) or ('s' .. e.subdoc)) .. ':' .. e.rank
      local list = heading_lists[key]
      local c = codes[e.line] or {}
      if not list or (not e.lost and e.ordinal == 1 and not c.GW102 and not c.GW103) then
        list = (not list and e.list and by_core[e.list]) or new_list()
        heading_lists[key] = list
      end
      if e.list then
        by_core[e.list] = list
      end
      add(e, idx, list)
      item_list = nil
    elseif e.kind == 'item' and e.rank == 5 and e.ordinal >= 1 then
      if not item_list or item_parent ~= e.parent or item_last ~= idx - 1 or e.ordinal == 1 then
        item_list = new_list()
        item_parent = e.parent
      end
      item_last = idx
      add(e, idx, item_list)
    else
      item_list = nil
    end
  end

  -- The style each list keeps: that of its first member the core found no style
  -- fault with (GW106 brackets, GW107 separators, GW305 stray punctuation,
  -- GW306 a comma for 、).
  for id, members in pairs(plan.lists) do
    local style
    for _, m in ipairs(members) do
      local c = codes[m.line] or {}
      if not m.lost and not c.GW106 and not c.GW107 and not c.GW305 and not c.GW306 then
        style = m.style
        break
      end
    end
    if not style then
      for _, m in ipairs(members) do
        if not m.lost then
          style = m.style
          break
        end
      end
    end
    plan.list_style[id] = style and bit.band(style, bit.bnot(DROP)) or nil
  end
  return plan
end

--- Style bits for a new marker of `rank` in sub-document `subdoc`: those of the
--- first list of that rank (outside the lines [skip_first, skip_end)), else 0.
---@param plan gongwen.edit.Plan
---@param rank integer
---@param subdoc? integer
---@param skip_first? integer
---@param skip_end? integer
---@return integer
function M.style_for_rank(plan, rank, subdoc, skip_first, skip_end)
  local fallback
  for _, m in ipairs(plan.members) do
    local outside = not skip_first or m.line < skip_first or m.line >= skip_end
    if m.kind == 'heading' and m.rank == rank and outside and plan.list_style[m.list] then
      if subdoc == nil or plan.outline[m.entry].subdoc == subdoc then
        return plan.list_style[m.list]
      end
      fallback = fallback or plan.list_style[m.list]
    end
  end
  return fallback or 0
end

---@class gongwen.edit.Change: gongwen.edit.TextEdit
---@field old string marker before ('' when lost)
---@field reason 'lost'|'ordinal'|'style'
---@field member gongwen.edit.Member

--- The marker changes that bring members to their planned ordinals.
---@param plan gongwen.edit.Plan
---@param opts? { normalize?: boolean, lists?: table<integer, boolean>, lines?: table<integer, boolean> }
---  normalize: GB/T 9704 forms (style 0); lists/lines: only members of these lists / on these lines
---@return gongwen.edit.Change[] changes
---@return integer skipped item paragraphs whose marker the core cannot write
function M.changes(plan, opts)
  opts = opts or {}
  local core = assert(base.core())
  local out, skipped = {}, 0
  for _, m in ipairs(plan.members) do
    if (not opts.lists or opts.lists[m.list]) and (not opts.lines or opts.lines[m.line]) then
      -- GB/T 9704 forms: a fifth-level heading stays circled (① is its only
      -- form; style 0 at rank 5 is the item form 一是)
      local style = opts.normalize and (m.kind == 'heading' and m.rank == 5 and CIRCLED or 0) or plan.list_style[m.list]
      if style == nil then
        style = M.style_for_rank(plan, m.rank, plan.outline[m.entry].subdoc)
      end
      local ok, want = pcall(core.marker, m.rank, math.min(m.pos, 999), style)
      if m.kind == 'item' then
        -- 第一，/ 首先， have no form in core.marker: only "N是"-type markers change
        local ok2, cur = pcall(core.marker, m.rank, math.max(1, math.min(m.ordinal, 999)), m.style)
        if not ok2 or cur ~= m.marker then
          if m.ordinal ~= m.pos then
            skipped = skipped + 1
          end
          ok = false
        end
      end
      if ok and want ~= m.marker then
        local reason = m.lost and 'lost' or (m.ordinal ~= m.pos and 'ordinal' or 'style')
        out[#out + 1] = { line = m.line, s = m.ms, e = m.me, text = want, old = m.marker, reason = reason, member = m }
      end
    end
  end
  return out, skipped
end

--- The end of a line's indentation (spaces, tabs, U+3000): where the number
--- of a heading marked by a bullet goes, over the bullet (info.bullet: the core
--- found one between the indentation and the heading's text).
---@param line string
---@return integer 0-based byte
local function indent_end(line)
  local k = 0
  while true do
    local c = line:sub(k + 1, k + 1)
    if c == ' ' or c == '\t' then
      k = k + 1
    elseif line:sub(k + 1, k + 3) == '\227\128\128' then
      k = k + 3
    else
      return k
    end
  end
end

--- Fixes every numbering sequence of a buffer (:Gongwen renumber[!]).
---@param bufnr? integer
---@param opts? { normalize?: boolean, quiet?: boolean }
---@return gongwen.edit.Change[]? changes nil when refused
function M.renumber(bufnr, opts)
  local buf = base.buf(bufnr, 'gongwen.edit.renumber')
  base.check('gongwen.edit.renumber', 'opts', opts, 'table', true)
  opts = opts or {}
  if not base.writable(buf) or not base.small_enough(buf) or not base.core() then
    return nil
  end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  local doc = base.analyze(lines)
  local plan = M.plan(doc)
  local changes, skipped = M.changes(plan, { normalize = opts.normalize })
  for _, c in ipairs(changes) do
    if c.reason == 'lost' and c.member.bullet and c.s == c.e then
      local from = indent_end(lines[c.line + 1])
      if from < c.s then
        c.s = from
        c.old = (lines[c.line + 1]:sub(c.s + 1, c.e):gsub('\227\128\128', ''):gsub('%s+$', '')) -- the bullet
      end
    end
  end
  local kept
  changes, kept = M.keep_structure(doc, lines, changes)
  doc:close()
  if #changes > 0 then
    base.apply_edits(buf, vim.deepcopy(changes))
  end
  if not opts.quiet then
    M.report(changes, skipped, kept)
  end
  return changes
end

--- Where each heading and item sits in the outline: line -> the line of its
--- parent entry (-1 at the top) and its depth.
---@param outline table[]
---@return table<integer, string>
local function places(outline)
  local out = {}
  for _, e in ipairs(outline) do
    if e.kind == 'heading' or e.kind == 'item' then
      local parent = e.parent and outline[e.parent]
      out[e.line] = (parent and parent.line or -1) .. ':' .. e.depth
    end
  end
  return out
end

--- The changes that leave the outline as it is: every heading under the
--- parent it had, and no line becoming a heading. Ordinals take part in how
--- the analyzer reads some lines (a 一、 numbered 1 below a （一） opens a list
--- under it; a 2、 glued to a sentence is a heading when a 1. stands near it),
--- so a renumbering could change the outline, and a second renumbering would
--- then change the text again. The changes are tried on a copy; the lists of
--- those that would change it are left out, until nothing changes.
---@param doc table core document of `lines`
---@param lines string[]
---@param changes gongwen.edit.Change[]
---@return gongwen.edit.Change[] changes the ones to make
---@return gongwen.edit.Change[] kept the ones left out
function M.keep_structure(doc, lines, changes)
  local before = places(doc:outline())
  local kept = {}
  for _ = 1, 8 do
    if #changes == 0 then
      break
    end
    local trial = vim.deepcopy(lines)
    for _, c in ipairs(changes) do
      local l = trial[c.line + 1]
      trial[c.line + 1] = l:sub(1, c.s) .. c.text .. l:sub(c.e + 1)
    end
    local tdoc = base.analyze(trial)
    local after = places(tdoc:outline())
    tdoc:close()
    local moved = {}
    for line, place in pairs(before) do
      if after[line] ~= place then
        moved[line] = true
      end
    end
    -- a line that becomes a heading (a 2、 glued to a sentence reads as one
    -- once a 1. stands near it) changes the outline too
    for line in pairs(after) do
      if not before[line] then
        moved[line] = true
      end
    end
    if next(moved) == nil then
      break
    end
    -- a heading that moves without a change of its own was moved by the
    -- nearest change before it (its nesting depends on the headings above)
    local at = {} ---@type table<integer, boolean>
    for _, c in ipairs(changes) do
      at[c.line] = true
    end
    local drop = {} ---@type table<integer, boolean>
    for line in pairs(moved) do
      if at[line] then
        drop[line] = true
      else
        local cause
        for _, c in ipairs(changes) do
          if c.line < line and (not cause or c.line > cause) then
            cause = c.line
          end
        end
        if cause then
          drop[cause] = true
        end
      end
    end
    -- a list is renumbered whole or not at all (half of it would make
    -- duplicates)
    local lists = {} ---@type table<integer, boolean>
    for _, c in ipairs(changes) do
      if drop[c.line] then
        lists[c.member.list] = true
      end
    end
    local rest = {}
    for _, c in ipairs(changes) do
      if drop[c.line] or lists[c.member.list] then
        kept[#kept + 1] = c
      else
        rest[#rest + 1] = c
      end
    end
    if #rest == #changes then
      -- no change left explains the move: the rest are made as planned (so
      -- they are after 8 rounds; each round leaves out at least one list)
      break
    end
    changes = rest
  end
  return changes, kept
end

--- The lines (1-based) of changes left out, for a message.
---@param kept gongwen.edit.Change[]
---@return string
local function kept_lines(kept)
  local rows = {}
  for _, c in ipairs(kept) do
    rows[#rows + 1] = c.line + 1
  end
  table.sort(rows)
  return table.concat(rows, ', ', 1, math.min(#rows, 10)) .. (#rows > 10 and ' …' or '')
end

--- Notifies what a renumbering changed.
---@param changes gongwen.edit.Change[]
---@param skipped integer
---@param kept? gongwen.edit.Change[] changes left out (see M.keep_structure)
function M.report(changes, skipped, kept)
  kept = kept or {}
  if #changes == 0 then
    local msg = #kept > 0 and base.t('renumber_kept', #kept, kept_lines(kept)) or base.t('renumber_none')
    if skipped > 0 then
      msg = msg .. '; ' .. base.t('renumber_skipped', skipped)
    end
    base.notify(msg)
    return
  end
  local n = { lost = 0, ordinal = 0, style = 0 }
  for _, c in ipairs(changes) do
    n[c.reason] = n[c.reason] + 1
  end
  local msg = { base.t('renumber_done', #changes, n.lost, n.ordinal, n.style) }
  local sorted = vim.list_extend({}, changes)
  table.sort(sorted, function(a, b)
    return a.line < b.line
  end)
  for i, c in ipairs(sorted) do
    if i > 10 then
      msg[#msg + 1] = base.t('renumber_more', #sorted - 10)
      break
    end
    msg[#msg + 1] = base.t('renumber_line', c.line + 1, c.old ~= '' and c.old or '∅', c.text)
  end
  if skipped > 0 then
    msg[#msg + 1] = base.t('renumber_skipped', skipped)
  end
  if #kept > 0 then
    msg[#msg + 1] = base.t('renumber_kept', #kept, kept_lines(kept))
  end
  base.notify(table.concat(msg, '\n'))
end

return M
