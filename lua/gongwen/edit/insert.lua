---@brief Inserting text: report skeletons (:Gongwen skeleton) and the next heading
--- (:Gongwen heading), both expanded through vim.snippet with tabstops on the
--- places to fill.

local api = vim.api
local base = require('gongwen.edit.base')
local number = require('gongwen.edit.number')
local templates = require('gongwen.templates')

local M = {}

--- Options set by gongwen.edit.setup().
M.options = {
  snippet = true, -- expand through vim.snippet (false: insert plain text)
  jump_maps = true, -- Neovim 0.10: buffer-local <Tab>/<S-Tab> while a snippet is active
}

--- Variables of the skeletons: this year, today's date (GB/T 9704 form).
---@param time? integer os.time() value (default now)
---@return { year: string, date: string }
function M.vars(time)
  local d = os.date('*t', time) --[[@as osdate]]
  return { year = tostring(d.year), date = ('%d年%d月%d日'):format(d.year, d.month, d.day) }
end

--- The skeleton of a template as markup lines (headings numbered, GB/T forms).
---@param t gongwen.Template
---@param year integer
---@return string[]
function M.skeleton_lines(t, year)
  local core = assert(base.core())
  return templates.lines(t, function(rank, ordinal)
    return core.marker(rank, ordinal)
  end, year)
end

--- The snippet body (LSP snippet syntax, lines joined by "\n") of a skeleton.
---@param id string template id
---@param time? integer os.time() value for the date variables
---@return string?
function M.skeleton_snippet(id, time)
  local t = templates.get(id)
  if not t then
    return nil
  end
  local vars = M.vars(time)
  return table.concat(templates.to_snippet(M.skeleton_lines(t, tonumber(vars.year) --[[@as integer]]), vars), '\n')
end

--- The skeleton as plain text (every place keeps its default text).
---@param id string
---@param time? integer
---@return string[]?
function M.skeleton_text(id, time)
  local t = templates.get(id)
  if not t then
    return nil
  end
  local vars = M.vars(time)
  return templates.plain(M.skeleton_lines(t, tonumber(vars.year) --[[@as integer]]), vars)
end

-- {{{ <Tab>/<S-Tab> jumps on Neovim 0.10 (0.11+ maps them itself)

local function restore_maps(buf, saved)
  if not api.nvim_buf_is_valid(buf) then
    return
  end
  for _, s in ipairs(saved) do
    pcall(vim.keymap.del, s.mode, s.lhs, { buffer = buf })
    if s.map then
      api.nvim_buf_call(buf, function()
        vim.fn.mapset(s.mode, false, s.map)
      end)
    end
  end
end

--- Maps <Tab>/<S-Tab> in Insert and Select mode of `buf` to vim.snippet.jump()
--- while a snippet is active (Neovim 0.10 only), restoring the buffer's own
--- mappings when the session ends.
---@param buf integer
function M.jump_maps(buf)
  if vim.fn.has('nvim-0.11') == 1 or not M.options.jump_maps or vim.b[buf].gongwen_snippet_maps then
    return
  end
  local saved = {}
  for _, mode in ipairs({ 'i', 's' }) do
    for lhs, dir in pairs({ ['<Tab>'] = 1, ['<S-Tab>'] = -1 }) do
      local map = api.nvim_buf_call(buf, function()
        return vim.fn.maparg(lhs, mode, false, true)
      end)
      saved[#saved + 1] = { mode = mode, lhs = lhs, map = (map.buffer == 1) and map or nil }
      vim.keymap.set(mode, lhs, function()
        if vim.snippet.active({ direction = dir }) then
          return ('<Cmd>lua vim.snippet.jump(%d)<CR>'):format(dir)
        end
        return lhs
      end, { buffer = buf, expr = true, desc = 'gongwen: jump in the snippet' })
    end
  end
  vim.b[buf].gongwen_snippet_maps = true
  local group = api.nvim_create_augroup('gongwen.snippet.' .. buf, { clear = true })
  local done = false
  api.nvim_create_autocmd({ 'ModeChanged', 'BufLeave' }, {
    group = group,
    buffer = buf,
    desc = 'gongwen: drop the snippet jump mappings after the session',
    callback = function()
      vim.schedule(function()
        local valid = api.nvim_buf_is_valid(buf)
        if done or (valid and api.nvim_get_current_buf() == buf and vim.snippet.active()) then
          return
        end
        done = true
        pcall(api.nvim_del_augroup_by_id, group)
        restore_maps(buf, saved)
        if valid then
          vim.b[buf].gongwen_snippet_maps = nil
        end
      end)
    end,
  })
end

-- }}}

--- Expands `body` at the cursor of the current window (snippet or plain text).
---@param buf integer
---@param body string snippet body
---@param plain string[] the text when snippets are off
local function expand(buf, body, plain)
  if M.options.snippet and vim.snippet then
    vim.snippet.expand(body)
    M.jump_maps(buf)
  else
    local row, col = base.cursor(buf)
    api.nvim_buf_set_text(buf, row, col, row, col, plain)
  end
end

--- Inserts the skeleton `id` at the cursor: on the cursor line when it is empty,
--- else on a new line below it. Without `id` offers the types (vim.ui.select).
--- Returns true when a skeleton was inserted (synchronously).
---@param bufnr? integer
---@param id? string template id
---@return boolean
function M.skeleton(bufnr, id)
  local buf = base.buf(bufnr, 'gongwen.edit.skeleton')
  base.check('gongwen.edit.skeleton', 'type', id, 'string', true)
  if not base.writable(buf) or not base.core() then
    return false
  end
  if id == nil or id == '' then
    vim.ui.select(templates.list(), {
      prompt = base.t('pick_type'),
      format_item = function(t)
        return ('%s (%s)'):format(base.lang() == 'en' and t.name_en or t.name, t.id)
      end,
      kind = 'gongwen.skeleton',
    }, function(t)
      if t then
        M.skeleton(buf, t.id)
      end
    end)
    return false
  end
  local t = templates.get(id)
  if not t then
    base.notify(base.t('unknown_type', id, table.concat(templates.ids(), ', ')), vim.log.levels.ERROR)
    return false
  end
  if api.nvim_get_current_buf() ~= buf then
    api.nvim_set_current_buf(buf)
  end
  local row = base.cursor(buf)
  local line = api.nvim_buf_get_lines(buf, row, row + 1, true)[1]
  if not line:match('^%s*$') then
    api.nvim_buf_set_lines(buf, row + 1, row + 1, true, { '' })
    base.undojoin()
    row = row + 1
  elseif line ~= '' then
    api.nvim_buf_set_lines(buf, row, row + 1, true, { '' })
    base.undojoin()
  end
  base.set_cursor(buf, row, 0)
  expand(buf, M.skeleton_snippet(id) --[[@as string]], M.skeleton_text(id) --[[@as string[] ]])
  return true
end

--- Completion of :Gongwen skeleton.
---@param arglead string
---@return string[]
function M.complete_types(arglead)
  return vim.tbl_filter(function(id)
    return vim.startswith(id, arglead or '')
  end, templates.ids())
end

---@param doc table
---@param outline table[]
---@param row integer
---@return table? entry innermost heading whose section holds `row`
local function heading_at(doc, outline, row)
  if doc:line_count() == 0 then
    return nil
  end
  local idx = doc:entry_at(math.min(row, doc:line_count() - 1))
  while idx and outline[idx].kind ~= 'heading' do
    idx = outline[idx].parent
  end
  return idx and outline[idx] or nil
end

local section_end = base.section_end

--- Heading choices that fit: the standard headings of the report type at this
--- level not yet among the siblings, those after the last one present first.
---@param doc table analysis with the new line
---@param plan gongwen.edit.Plan
---@param m gongwen.edit.Member the new heading
---@param parent_text? string
---@return string[]
local function choices_for(doc, plan, m, parent_text)
  local sd = doc:subdocs()[doc:line(m.line).subdoc]
  if not sd then
    return {}
  end
  local year = tonumber(os.date('%Y')) --[[@as integer]]
  local std = templates.headings(sd.type, m.rank, parent_text, year)
  if #std == 0 then
    return {}
  end
  local present = {}
  for _, s in ipairs(plan.lists[m.list]) do
    if s.line ~= m.line then
      present[plan.outline[s.entry].text] = true
    end
  end
  local last, fits = 0, {}
  for i, h in ipairs(std) do
    local here = present[h[1]]
    for _, a in ipairs(h.alt) do
      here = here or present[a]
    end
    if here then
      last = i
    else
      fits[#fits + 1] = { i, h[1] }
    end
  end
  table.sort(fits, function(a, b)
    local ka, kb = a[1] > last and a[1] - last or a[1] + #std, b[1] > last and b[1] - last or b[1] + #std
    return ka < kb
  end)
  return vim.tbl_map(function(f)
    return f[2]
  end, fits)
end

--- Inserts the next heading at the cursor's level (or, with `child`, the first
--- heading one level below the cursor's section): numbered from the analysis, in
--- the marker style of its list, with the later siblings renumbered. On an empty
--- line it goes there; otherwise after the end of the cursor's section. The
--- heading text is a snippet tabstop offering the report type's standard headings
--- that fit. Returns the 0-based line of the new heading, or nil when refused.
---@param bufnr? integer
---@param opts? { child?: boolean }
---@return integer?
function M.heading(bufnr, opts)
  local buf = base.buf(bufnr, 'gongwen.edit.heading')
  base.check('gongwen.edit.heading', 'opts', opts, 'table', true)
  opts = opts or {}
  if not base.writable(buf) or not base.small_enough(buf) or not base.core() then
    return nil
  end
  if api.nvim_get_current_buf() ~= buf then
    api.nvim_set_current_buf(buf)
  end
  local core = assert(base.core())
  local lines = api.nvim_buf_get_lines(buf, 0, -1, true)
  local doc = base.analyze(lines)
  local plan = number.plan(doc)
  local outline = plan.outline
  local row = base.cursor(buf)
  local h = heading_at(doc, outline, row)
  local rank = h and h.rank + (opts.child and 1 or 0) or 1
  -- （1） is the last GB/T level; a list of ① headings may still grow
  if rank > (opts.child and 4 or 5) then
    base.notify(base.t('heading_level'), vim.log.levels.WARN)
    return nil
  end

  -- where the new line goes
  local at, replace
  if lines[row + 1]:match('^%s*$') then
    at, replace = row, true
  elseif h and opts.child then
    at = section_end(doc, h)
    for _, e in ipairs(outline) do
      if e.parent and outline[e.parent] == h and e.kind == 'heading' and e.rank == rank then
        at = e.line
        break
      end
    end
  elseif h then
    at = section_end(doc, h)
  else
    at = row + 1
  end

  -- its style: that of its future siblings, else of the level elsewhere
  local style
  local sib = h and not opts.child and plan.by_line[h.line]
  if sib then
    style = plan.list_style[sib.list]
  end
  style = style or number.style_for_rank(plan, rank, doc:line(math.min(row, #lines - 1)).subdoc)
  local parent_text = h and (opts.child and h.text or (h.parent and outline[h.parent].kind == 'heading' and outline[h.parent].text))
    or nil
  doc:close()

  -- ask the core what the document looks like with the heading in place
  local trial = vim.list_extend({}, lines)
  local marker = core.marker(rank, 1, style)
  if replace then
    trial[at + 1] = marker .. 'XXX'
  else
    table.insert(trial, at + 1, marker .. 'XXX')
  end
  local doc2 = base.analyze(trial)
  local plan2 = number.plan(doc2)
  local m = plan2.by_line[at]
  local edits, choices = {}, {}
  if m and m.kind == 'heading' and m.rank == rank then
    for _, c in ipairs(number.changes(plan2, { lists = { [m.list] = true } })) do
      if c.line == at then
        marker = c.text
      elseif c.line > at then
        -- only the later siblings: the earlier ones keep their markers, even
        -- in a style the list does not keep (that is :Gongwen renumber's job);
        -- and only lines that were headings of that level before: a line the
        -- new heading makes a heading (a table of contents before the first
        -- title once the title moves out of reach) is not renumbered
        local was = plan.by_line[replace and c.line or c.line - 1]
        local now = plan2.by_line[c.line]
        if was and now and was.kind == now.kind and was.rank == now.rank then
          edits[#edits + 1] = c
        end
      end
    end
    choices = choices_for(doc2, plan2, m, parent_text)
  end
  doc2:close()

  -- one undo step: the renumbered siblings, the new line, the snippet text
  -- (edits are in the coordinates of the trial text: map them back)
  for _, e in ipairs(edits) do
    if not replace and e.line > at then
      e.line = e.line - 1
    end
  end
  base.apply_edits(buf, edits)
  local body
  if #choices > 0 then
    body = '${1|' .. table.concat(vim.tbl_map(function(c)
      return (c:gsub('[\\$}|,]', '\\%0'))
    end, choices), ',') .. '|}'
  else
    body = '${1:XXX}'
  end
  if M.options.snippet and vim.snippet then
    -- the marker is part of the snippet: expanding on an empty line works the
    -- same from Normal and Insert mode
    if #edits > 0 then
      base.undojoin()
    end
    api.nvim_buf_set_lines(buf, at, replace and at + 1 or at, true, { '' })
    base.set_cursor(buf, at, 0)
    base.undojoin()
    vim.snippet.expand(templates.escape(marker) .. body)
    M.jump_maps(buf)
  else
    if #edits > 0 then
      base.undojoin()
    end
    api.nvim_buf_set_lines(buf, at, replace and at + 1 or at, true, { marker .. (choices[1] or 'XXX') })
    base.set_cursor(buf, at, #marker)
  end
  return at
end

return M
