---@brief Highlight groups and the decoration provider that draws placeholders and
--- headings for the rows being redrawn only (ephemeral extmarks: nothing is stored,
--- nothing runs for lines off screen, typing never waits for it).

local api = vim.api
local state = require('gongwen.state')

local M = {}

M.ns = api.nvim_create_namespace('gongwen.highlight')

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

--- Scratch document for large buffers (visible lines only).
local scratch

--- Marks for rows [first, last) of a buffer: { [row] = { {col, end_col, group, priority}, ... } }.
--- This is what the decoration provider draws (exposed for tests).
---@param buf integer
---@param first integer
---@param last integer
---@return table<integer, table[]>
function M.marks(buf, first, last)
  local st = state.get(buf)
  local out = {}
  if not st then
    return out
  end
  local cfg = require('gongwen.config').get().highlight
  local doc, offset = st.doc, 0
  if st.large then
    local core = require('gongwen.native').load()
    if not core or not cfg.placeholders then
      return out
    end
    scratch = scratch or core.new()
    scratch:set_lines(0, scratch:line_count(), api.nvim_buf_get_lines(buf, first, last, false))
    doc, offset, last, first = scratch, first, last - first, 0
  end
  last = math.min(last, doc:line_count())
  if first >= last then
    return out
  end
  local function add(row, mark)
    local t = out[row + offset]
    if not t then
      t = {}
      out[row + offset] = t
    end
    t[#t + 1] = mark
  end
  local ts = package.loaded['vim.treesitter.highlighter']
  if cfg.headings and not st.large and not (ts and ts.active[buf]) then
    for i, kind in ipairs(doc:kinds(first, last)) do
      if structural[kind] then
        local row = first + i - 1
        local li = doc:line(row)
        local s = li.marker_end > li.marker_start and li.marker_start or li.text_start
        if li.text_end > s then
          add(row, { s, li.text_end, M.group_for(kind, li.rank), 110 })
        end
      end
    end
  end
  if cfg.placeholders then
    for _, p in ipairs(doc:placeholders(first, last)) do
      add(p.line, { p.start, p.end_, 'GongwenPlaceholder', 120 })
    end
  end
  return out
end

-- Per-window marks of the current redraw: { [win] = { first, last, rows, drawn } }.
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
  if not state.get(buf) then
    return false
  end
  local last = math.min(bot + 1, api.nvim_buf_line_count(buf))
  redraw[win] = { first = top, last = last, rows = M.marks(buf, top, last), drawn = {} }
end

local function on_row(win, buf, row)
  local r = redraw[win]
  if not r or r.drawn[row] then
    return
  end
  r.drawn[row] = true
  local marks
  if row >= r.first and row < r.last then
    marks = r.rows[row]
  else -- outside the range announced in on_win (scrolling): fetch this row alone
    marks = M.marks(buf, row, row + 1)[row]
  end
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
