---@brief Highlight groups and the decoration provider that draws placeholders and
--- headings for the rows being redrawn only (ephemeral extmarks: nothing runs for
--- lines off screen, typing never waits for it).
---
--- Placeholders are line-local: always current (also while the core still
--- reads a large file: see state.LOAD_BYTES). Heading colours depend on the
--- structure pass (titles, headings that lost their number, lines that look
--- like headings but are not). The provider never runs that pass (O(lines)):
--- when the structure is current it reads it; while typing it reads what each
--- line says by itself (doc:line_local) and corrects it with an overlay taken
--- from the last structure pass for the lines around the view: persistent marks
--- in M.ns_struct that move with the text, holding where the structure's answer
--- differs from the line's own. The overlay is refreshed on the "structure"
--- event (a pause in typing) and when a window scrolls.

local api = vim.api
local state = require('gongwen.state')

local M = {}

M.ns = api.nvim_create_namespace('gongwen.highlight')
--- Namespace of the overlay marks (no highlight of their own; see the module brief).
M.ns_struct = api.nvim_create_namespace('gongwen.structure')

--- Highlight groups and their default links.
M.groups = {
  GongwenPlaceholder = 'DiffText',
  GongwenTitle = 'Title',
  GongwenHeading1 = 'Title',
  GongwenHeading2 = 'Function',
  GongwenHeading3 = 'Identifier',
  GongwenHeading4 = 'Constant',
  GongwenHeading5 = 'Statement',
  GongwenLabel = 'Label',
  GongwenOutlineHeader = 'Title',
  GongwenOutlineMissing = 'DiagnosticWarn',
  GongwenOutlineRole = 'Type',
  GongwenOutlineCount = 'Number',
}

--- (Re)defines the groups with `default = true` (a colorscheme or the user wins).
function M.define()
  for name, link in pairs(M.groups) do
    api.nvim_set_hl(0, name, { link = link, default = true })
  end
end

--- Group for an outline entry or a classified line: title, heading by rank, label, item.
---@param kind string
---@param rank integer
---@return string?
function M.group_for(kind, rank)
  if kind == 'title' then
    return 'GongwenTitle'
  elseif kind == 'label' then
    return 'GongwenLabel'
  elseif kind == 'heading' or kind == 'item' then
    return 'GongwenHeading' .. math.min(math.max(rank, 1), 5)
  end
end

local structural = { title = true, heading = true, label = true, item = true }

--- The heading mark of a classified line (doc:line or doc:line_local info), or nil.
---@param li table
---@return table? mark { col, end_col, group, priority }
local function heading_mark(li)
  if not structural[li.kind] then
    return nil
  end
  local s = li.marker_end > li.marker_start and li.marker_start or li.text_start
  if li.text_end > s then
    return { s, li.text_end, M.group_for(li.kind, li.rank), 110 }
  end
end

local function same_mark(a, b)
  if a == nil or b == nil then
    return a == b
  end
  return a[1] == b[1] and a[2] == b[2] and a[3] == b[3]
end

--- Overlay data per buffer: extmark id -> heading mark from the structure, or
--- false where the structure has none (the line only looks like a heading).
---@type table<integer, table<integer, table|false>>
local overlay = {}
--- Per window: the rows and the document version its overlay was taken for.
---@type table<integer, { buf: integer, version: integer, first: integer, last: integer }>
local covered = {}
---@type table<integer, true> buffers with an overlay update scheduled
local pending = {}

--- Lines kept in the overlay above and below a window's view.
M.OVERLAY_MARGIN = 100

--- Re-takes the overlay of `buf` from the current structure, for the view of
--- every window showing it plus M.OVERLAY_MARGIN lines: two core calls per row,
--- whatever the size of the buffer. Does nothing unless the structure is current.
---@param buf integer
function M.update_overlay(buf)
  local st = state.get(buf)
  if not st or not st.doc or not state.analyzed(st) or not api.nvim_buf_is_valid(buf) then
    return
  end
  local doc, n = st.doc, st.doc:line_count()
  local data = {}
  overlay[buf] = data
  api.nvim_buf_clear_namespace(buf, M.ns_struct, 0, -1)
  for w in pairs(covered) do
    if not api.nvim_win_is_valid(w) then
      covered[w] = nil
    end
  end
  local done = {}
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    local view = api.nvim_win_call(win, function()
      return { vim.fn.line('w0') - 1, vim.fn.line('w$') }
    end)
    local top, bot = view[1], view[2]
    local first, last = math.max(top - M.OVERLAY_MARGIN, 0), math.min(bot + M.OVERLAY_MARGIN, n)
    covered[win] = { buf = buf, version = st.version, first = first, last = last }
    for row = first, last - 1 do
      if not done[row] then
        done[row] = true
        local full = heading_mark(doc:line(row))
        if not same_mark(full, heading_mark(doc:line_local(row))) then
          -- covers the whole line: deleting the line invalidates the mark
          local id = api.nvim_buf_set_extmark(buf, M.ns_struct, row, 0, {
            end_row = row + 1,
            end_col = 0,
            right_gravity = false,
            end_right_gravity = false,
            invalidate = true,
            undo_restore = false,
            strict = false,
          })
          data[id] = full or false
        end
      end
    end
  end
end

--- Forgets the overlay of a buffer.
---@param buf integer
function M.clear_overlay(buf)
  overlay[buf], pending[buf] = nil, nil
  for win, c in pairs(covered) do
    if c.buf == buf then
      covered[win] = nil
    end
  end
  if api.nvim_buf_is_valid(buf) then
    api.nvim_buf_clear_namespace(buf, M.ns_struct, 0, -1)
  end
end

--- From on_win: when the structure is current but the window's view is not
--- covered by the overlay (first draw, scrolling), take it after the redraw.
---@param win integer
---@param buf integer
---@param st gongwen.BufState
---@param top integer
---@param bot integer
local function check_coverage(win, buf, st, top, bot)
  if pending[buf] or not st.doc or not state.analyzed(st) then
    return
  end
  local c = covered[win]
  if c and c.buf == buf and c.version == st.version and top >= c.first and bot <= c.last then
    return
  end
  pending[buf] = true
  vim.schedule(function()
    pending[buf] = nil
    M.update_overlay(buf)
  end)
end

--- Scratch document for large buffers (one line at a time).
local scratch

---@class gongwen.HlContext what one redraw of a buffer needs, computed once
---@field buf integer
---@field doc? userdata the document (nil for a large buffer)
---@field headings boolean heading colours are drawn
---@field placeholders boolean placeholders are drawn
---@field analyzed boolean the structure is current: read it, else line_local + overlay
---@field fixed table<integer, table|false> overlay corrections by row, for [first, last)
---@field first integer
---@field last integer

--- Overlay corrections for rows [first, last): row -> heading mark or false.
---@param buf integer
---@param first integer
---@param last integer
---@return table<integer, table|false>
local function overlay_rows(buf, first, last)
  local fixed, data = {}, overlay[buf]
  if not data or first >= last then
    return fixed
  end
  local ext = api.nvim_buf_get_extmarks(buf, M.ns_struct, { first, 0 }, { last - 1, -1 }, { details = true })
  for _, m in ipairs(ext) do
    local v = data[m[1]]
    if v ~= nil and not m[4].invalid then
      fixed[m[2]] = v
    end
  end
  return fixed
end

--- The context of a redraw of rows [first, last) of an attached buffer, or nil.
---@param buf integer
---@param first integer
---@param last integer
---@return gongwen.HlContext?
local function context(buf, first, last)
  -- never waits for a load (state.get would): while the core reads the file,
  -- placeholders are drawn line by line as for a large buffer
  local st = state.get(buf, true)
  if not st and not state.loading(buf) then
    return nil
  end
  local doc = st and st.doc
  local cfg = require('gongwen.config').get().highlight
  local ts = package.loaded['vim.treesitter.highlighter']
  local ctx = {
    buf = buf,
    doc = doc,
    placeholders = cfg.placeholders,
    headings = cfg.headings and doc ~= nil and not (ts and ts.active[buf]),
    analyzed = st ~= nil and state.analyzed(st),
    first = first,
    last = last,
  }
  ctx.fixed = ctx.headings and not ctx.analyzed and overlay_rows(buf, first, last) or {}
  return ctx
end

--- Marks of one row: { {col, end_col, group, priority}, ... } or nil. Line-local
--- work only (the structure is read when current, never computed).
---@param ctx gongwen.HlContext
---@param row integer
---@return table[]?
local function row_marks(ctx, row)
  local doc, drow = ctx.doc, row
  if not doc then -- large buffer: this line alone in the scratch document
    local core = ctx.placeholders and require('gongwen.native').load()
    local line = core and api.nvim_buf_get_lines(ctx.buf, row, row + 1, false)[1]
    if not line then
      return nil
    end
    scratch = scratch or core.new()
    scratch:set_lines(0, scratch:line_count(), { line })
    doc, drow = scratch, 0
  elseif row >= doc:line_count() then
    return nil
  end
  local out
  if ctx.headings then
    local mark
    if ctx.analyzed then
      mark = heading_mark(doc:line(row))
    else
      if row >= ctx.first and row < ctx.last then
        mark = ctx.fixed[row]
      else
        mark = overlay_rows(ctx.buf, row, row + 1)[row]
      end
      if mark == nil then
        mark = heading_mark(doc:line_local(row))
      elseif mark then
        -- the line may have been edited since the overlay was taken: stay inside it
        local len = #(api.nvim_buf_get_lines(ctx.buf, row, row + 1, false)[1] or '')
        mark = mark[1] < len and { mark[1], math.min(mark[2], len), mark[3], mark[4] } or false
      end
    end
    if mark then
      out = { mark }
    end
  end
  if ctx.placeholders then
    for _, p in ipairs(doc:placeholders(drow, drow + 1)) do
      out = out or {}
      out[#out + 1] = { p.start, p.end_, 'GongwenPlaceholder', 120 }
    end
  end
  return out
end

--- Marks for rows [first, last) of a buffer: { [row] = { {col, end_col, group, priority}, ... } }.
--- What the decoration provider draws, row by row (exposed for tests). Never
--- runs the structure pass: see the module brief.
---@param buf integer
---@param first integer
---@param last integer
---@return table<integer, table[]>
function M.marks(buf, first, last)
  local out = {}
  last = math.min(last, api.nvim_buf_line_count(buf))
  local ctx = context(buf, first, last)
  if not ctx then
    return out
  end
  for row = first, last - 1 do
    out[row] = row_marks(ctx, row)
  end
  return out
end

-- Per-window context of the current redraw, and the rows drawn in it.
---@type table<integer, { ctx: gongwen.HlContext, drawn: table<integer, true> }>
local redraw = {}

---@param buf integer
---@param row integer
---@param marks table[]
local function draw(buf, row, marks)
  for _, m in ipairs(marks) do
    api.nvim_buf_set_extmark(buf, M.ns, row, m[1], {
      end_col = m[2],
      hl_group = m[3],
      priority = m[4],
      ephemeral = true,
      strict = false,
    })
  end
end

local function on_win(_, win, buf, top, bot)
  local st = state.get(buf, true)
  if st then
    check_coverage(win, buf, st, top, bot)
  elseif not state.loading(buf) then
    return false
  end
  local ctx = context(buf, top, bot + 1)
  if not ctx or not (ctx.headings or ctx.placeholders) then
    return false
  end
  redraw[win] = { ctx = ctx, drawn = {} }
end

local function on_row(win, buf, row)
  local r = redraw[win]
  if not r or r.drawn[row] then
    return
  end
  r.drawn[row] = true
  local marks = row_marks(r.ctx, row)
  if marks then
    draw(buf, row, marks)
  end
end

local function on_line(_, win, buf, row)
  on_row(win, buf, row)
end

local function on_range(_, win, buf, srow, _, erow, ecol)
  local last = ecol > 0 and erow or erow - 1
  for row = srow, math.max(srow, last) do
    on_row(win, buf, row)
  end
end

local function on_end()
  redraw = {}
end

--- The decoration provider callback in use: "on_range" or "on_line" (nil before setup).
---@type 'on_range'|'on_line'|nil
M.provider = nil

--- Defines the groups and installs the decoration provider (once).
--- Uses on_range where Neovim has it (0.12+; on_line is deprecated there).
function M.setup()
  M.define()
  if M.provider then
    return
  end
  M.provider = 'on_range'
  local ok = pcall(api.nvim_set_decoration_provider, M.ns, { on_win = on_win, on_range = on_range, on_end = on_end })
  if not ok then
    M.provider = 'on_line'
    api.nvim_set_decoration_provider(M.ns, { on_win = on_win, on_line = on_line, on_end = on_end })
  end
end

state.on('structure', function(buf)
  M.update_overlay(buf)
  M.refresh(buf)
end)
state.on('detach', function(buf)
  M.clear_overlay(buf)
end)
state.on('attach', function(buf, st, switched)
  if st.loaded or switched then
    -- drawn line by line while loading: now with the structure; or the buffer
    -- switched between the large mode and full analysis: headings go or come
    M.refresh(buf)
  end
end)

--- Redraws the windows showing `buf` (after attach/detach or an option change).
---@param buf? integer all windows when nil
function M.refresh(buf)
  if api.nvim__redraw then
    pcall(api.nvim__redraw, { buf = buf, valid = false })
  else
    vim.cmd('redraw!')
  end
end

return M
