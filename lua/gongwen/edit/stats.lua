---@brief :Gongwen stats: characters (字数, counted by the core as writers count
--- them) per section and in total, placeholders left, and an optional length budget.

local api = vim.api
local base = require('gongwen.edit.base')

local M = {}

--- Options set by gongwen.edit.setup().
M.options = {
  budget = nil, ---@type integer? length budget in characters (nil: none)
}

---@class gongwen.edit.SectionStats
---@field line integer 0-based heading line
---@field end_line integer
---@field kind string title|heading|label
---@field depth integer
---@field marker string
---@field text string
---@field chars integer characters in the section (heading and subsections included)
---@field placeholders integer

---@class gongwen.edit.Stats
---@field chars integer characters of the whole buffer (template residue left out)
---@field placeholders integer placeholders left
---@field sections gongwen.edit.SectionStats[]
---@field budget? integer
---@field over? integer characters over the budget (0 when within)

--- Counts a buffer. Lines the core takes for template residue (noise) are not
--- counted.
---@param bufnr? integer
---@param opts? { budget?: integer }
---@return gongwen.edit.Stats?
function M.compute(bufnr, opts)
  local buf = base.buf(bufnr, 'gongwen.edit.stats')
  base.check('gongwen.edit.stats', 'opts', opts, 'table', true)
  opts = opts or {}
  if not base.small_enough(buf) then
    return nil
  end
  local core = base.core()
  if not core then
    return nil
  end
  local lines = api.nvim_buf_get_lines(buf, 0, -1, true)
  local doc = base.analyze(lines)
  local kinds = doc:kinds()
  local prefix = { [0] = 0 }
  for i, l in ipairs(lines) do
    prefix[i] = prefix[i - 1] + (kinds[i] == 'noise' and 0 or core.count(l))
  end
  local sections = {}
  for _, e in ipairs(doc:outline()) do
    if e.kind ~= 'item' then
      sections[#sections + 1] = {
        line = e.line,
        end_line = e.end_line,
        kind = e.kind,
        depth = e.depth,
        marker = e.marker,
        text = e.text,
        chars = prefix[e.end_line] - prefix[e.line],
        placeholders = e.placeholders,
      }
    end
  end
  local ph = 0
  for _, p in ipairs(doc:placeholders()) do
    if kinds[p.line + 1] ~= 'noise' then
      ph = ph + 1
    end
  end
  doc:close()
  local budget = opts.budget or M.options.budget
  local total = prefix[#lines]
  return {
    chars = total,
    placeholders = ph,
    sections = sections,
    budget = budget,
    over = budget and math.max(0, total - budget) or nil,
  }
end

--- Shows the counts (message history) and warns when the budget is exceeded.
---@param bufnr? integer
---@param opts? { budget?: integer, quiet?: boolean }
---@return gongwen.edit.Stats?
function M.show(bufnr, opts)
  opts = opts or {}
  local s = M.compute(bufnr, opts)
  if not s or opts.quiet then
    return s
  end
  local chunks = { { base.t('stats_title') .. '\n', 'Title' } }
  for _, sec in ipairs(s.sections) do
    local indent = ('  '):rep(math.max(sec.depth, 0))
    chunks[#chunks + 1] = { base.t('stats_section', indent, sec.marker .. sec.text, sec.chars) }
    if sec.placeholders > 0 then
      chunks[#chunks + 1] = { base.t('stats_placeholders', sec.placeholders), 'WarningMsg' }
    end
    chunks[#chunks + 1] = { '\n' }
  end
  chunks[#chunks + 1] = { base.t('stats_total', s.chars, s.placeholders) }
  if s.budget then
    chunks[#chunks + 1] = { '\n' }
    if s.over > 0 then
      chunks[#chunks + 1] = { base.t('stats_budget_over', s.over, s.budget, s.chars), 'WarningMsg' }
    else
      chunks[#chunks + 1] = { base.t('stats_budget_ok', s.budget, s.budget - s.chars) }
    end
  end
  api.nvim_echo(chunks, true, {})
  if s.budget and s.over > 0 then
    base.notify(base.t('stats_budget_over', s.over, s.budget, s.chars), vim.log.levels.WARN)
  end
  return s
end

return M
