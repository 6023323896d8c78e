---@brief :Gongwen reflow: tidies text pasted from web pages and PDFs. Removes
--- template residue (on request), splits one-line text at heading boundaries and
--- joins lines that a PDF copy hard-wrapped. Every decision is the core's: residue
--- is what it reports as noise (GW302), split points come from core.split_points(),
--- and line kinds and sentence ends from doc:line().

local api = vim.api
local base = require('gongwen.edit.base')

local M = {}

-- white space at the ends of pieces: ASCII blanks and U+3000
local function trim_right(s)
  local prev
  repeat
    prev = s
    s = s:gsub('[ \t]+$', ''):gsub('\227\128\128$', '')
  until s == prev
  return s
end
local function trim_left(s)
  local prev
  repeat
    prev = s
    s = s:gsub('^[ \t]+', ''):gsub('^\227\128\128', '')
  until s == prev
  return s
end

--- Joins two wrapped pieces: no space between CJK text, one between Latin words.
---@param a string
---@param b string
---@return string
local function join(a, b)
  a, b = trim_right(a), trim_left(b)
  if a:match('%w$') and b:match('^%w') then
    return a .. ' ' .. b
  end
  return a .. b
end

---@param before string[]
---@param seg string[]
---@param after string[]
---@return table doc of the whole text with `seg` in the middle
local function analyze(before, seg, after)
  local all = vim.list_extend(vim.list_extend(vim.list_extend({}, before), seg), after)
  return base.analyze(all)
end

-- Kinds after which a wrapped line continues the same paragraph.
local CONTINUED = { body = true, item = true }

---@class gongwen.edit.ReflowResult
---@field splits integer split points applied
---@field joined integer lines joined to the previous one
---@field removed integer residue lines removed (and inline residue marks)
---@field residue integer residue lines left (when not removing)
---@field changed boolean

--- Reflows lines [first, last) of a buffer (default: all of it).
---@param bufnr? integer
---@param opts? { first?: integer, last?: integer, residue?: boolean, quiet?: boolean }
---@return gongwen.edit.ReflowResult?
function M.reflow(bufnr, opts)
  local fname = 'gongwen.edit.reflow'
  local buf = base.buf(bufnr, fname)
  base.check(fname, 'opts', opts, 'table', true)
  opts = opts or {}
  local n = api.nvim_buf_line_count(buf)
  for _, k in ipairs({ 'first', 'last' }) do
    local v = opts[k]
    base.check(fname, 'opts.' .. k, v, 'number', true)
    if v and (v % 1 ~= 0 or v < 0 or v > n) then
      error(('%s: opts.%s: %s out of range 0..%d'):format(fname, k, tostring(v), n), 0)
    end
  end
  if opts.first and opts.last and opts.last < opts.first then
    error(('%s: opts.last (%d) must not be less than opts.first (%d)'):format(fname, opts.last, opts.first), 0)
  end
  if not base.writable(buf) or not base.small_enough(buf) or not base.core() then
    return nil
  end
  local core = assert(base.core())
  local lines = api.nvim_buf_get_lines(buf, 0, -1, true)
  local first = math.max(0, opts.first or 0)
  local last = math.min(#lines, opts.last or #lines)
  local before, after = vim.list_slice(lines, 1, first), vim.list_slice(lines, last + 1, #lines)
  local seg = vim.list_slice(lines, first + 1, last)
  ---@type gongwen.edit.ReflowResult
  local res = { splits = 0, joined = 0, removed = 0, residue = 0, changed = false }

  -- 1. template residue: noise lines, residue marks inside lines
  local doc = analyze(before, seg, after)
  local drop, cut = {}, {}
  for _, d in ipairs(doc:diagnostics('en')) do
    if d.code == 'GW302' then
      for l = d.lnum, d.end_lnum do
        if l >= first and l < last then
          if doc:line(l).kind == 'noise' then
            drop[l] = true
          elseif d.end_lnum == d.lnum and d.end_col > d.col then
            cut[l] = cut[l] or {}
            table.insert(cut[l], 1, { d.col, d.end_col })
          end
        end
      end
    end
  end
  doc:close()
  local kept = {}
  for i, l in ipairs(seg) do
    local ln = first + i - 1
    if drop[ln] then
      if opts.residue then
        res.removed = res.removed + 1
      else
        res.residue = res.residue + 1
        kept[#kept + 1] = l
      end
    else
      if opts.residue and cut[ln] then
        table.sort(cut[ln], function(a, b)
          return a[1] > b[1]
        end)
        for _, c in ipairs(cut[ln]) do
          l = l:sub(1, c[1]) .. l:sub(c[2] + 1)
        end
        res.removed = res.removed + 1
      end
      kept[#kept + 1] = l
    end
  end
  seg = kept

  -- 2. split lines that hold several headings (a one-line paste); a line whose
  --    split points all open item paragraphs (一是…二是… in one paragraph) stays
  local trial, pieces_of = {}, {}
  for i, l in ipairs(seg) do
    local pts = core.split_points(l)
    local pieces = { l }
    if #pts > 0 then
      local pos = 0
      pieces = {}
      for _, p in ipairs(pts) do
        pieces[#pieces + 1] = l:sub(pos + 1, p.offset)
        pos = p.offset
      end
      pieces[#pieces + 1] = l:sub(pos + 1)
      for k = 1, #pieces do
        pieces[k] = trim_left(trim_right(pieces[k]))
      end
      -- keep the first piece's indentation
      pieces[1] = l:match('^[ \t]*') .. trim_left(pieces[1])
    end
    pieces_of[i] = { start = #trial, pieces = pieces, n = #pts }
    vim.list_extend(trial, pieces)
  end
  doc = analyze(before, trial, after)
  local split = {}
  for i, l in ipairs(seg) do
    local p = pieces_of[i]
    local heads = false
    for k = 2, #p.pieces do
      local kind = doc:line(first + p.start + k - 1).kind
      heads = heads or kind == 'heading' or kind == 'title' or kind == 'label'
    end
    if heads then
      vim.list_extend(split, p.pieces)
      res.splits = res.splits + p.n
    else
      split[#split + 1] = l
    end
  end
  doc:close()
  seg = split

  -- 3. join hard-wrapped lines: a body line continues the previous line unless
  --    that one ends a sentence or a colon, or is not paragraph text
  doc = analyze(before, seg, after)
  local joined = {}
  for i, l in ipairs(seg) do
    local ln = first + i - 1
    local cur = doc:line(ln)
    local prev = i > 1 and doc:line(ln - 1) or nil
    local cont = prev
      and cur.kind == 'body'
      and (CONTINUED[prev.kind] or (prev.kind == 'heading' and prev.runin))
      and not prev.ends_sentence
      and not prev.ends_colon
    if cont then
      joined[#joined] = join(joined[#joined], l)
      res.joined = res.joined + 1
    else
      joined[#joined + 1] = l
    end
  end
  doc:close()
  seg = joined

  local new = vim.list_extend(vim.list_extend(vim.list_extend({}, before), seg), after)
  res.changed = base.write_diff(buf, lines, new) ~= nil
  if not opts.quiet then
    local msg
    if res.changed then
      msg = base.t('reflow_done', res.splits, res.joined, res.removed)
    else
      msg = base.t('reflow_none')
    end
    if res.residue > 0 then
      msg = msg .. base.t('reflow_residue_hint', res.residue)
    end
    base.notify(msg)
  end
  return res
end

return M
