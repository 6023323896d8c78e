-- Outline window and :Gongwen pick.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local outline = require('gongwen.outline')

t.before_each(h.reset)

local function lines(v)
  return api.nvim_buf_get_lines(v.buf, 0, -1, false)
end

--- Outline rows (1-based) that show entries, with their text.
local function entry_lines(v)
  local out = {}
  for row, l in ipairs(lines(v)) do
    if v.rows[row] then
      out[#out + 1] = l
    end
  end
  return out
end

t.it(':Gongwen outline toggles a side window; the source keeps the focus', function()
  local buf = h.edit('report.txt')
  local src = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  t.ok(v, 'open')
  t.eq(src, api.nvim_get_current_win())
  t.eq(2, #api.nvim_tabpage_list_wins(0))
  t.eq(40, api.nvim_win_get_width(v.win))
  t.eq('gongwenoutline', vim.bo[v.buf].filetype)
  t.eq(false, vim.bo[v.buf].modifiable)
  t.eq(buf, v.src_buf)
  -- on the right by default
  t.eq(api.nvim_win_get_position(v.win)[2] > 0, true)
  vim.cmd('Gongwen outline')
  t.eq(nil, outline.get())
  t.eq(1, #api.nvim_tabpage_list_wins(0))
end)

t.it('options: position, width, focus', function()
  require('gongwen').setup({ outline = { position = 'left', width = 30, focus = true } })
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  t.eq(v.win, api.nvim_get_current_win())
  t.eq(30, api.nvim_win_get_width(v.win))
  t.eq(0, api.nvim_win_get_position(v.win)[2])
end)

t.it('shows the report type, missing parts, sections, roles and counts', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local ls = lines(v)
  t.matches('^述职报告', ls[1])
  t.matches('大纲', ls[2])
  t.matches('占位', ls[2])
  local el = entry_lines(v)
  t.eq(#require('gongwen').get_outline(), #el, 'every entry, items included by default')
  t.matches('^XX县科技局', el[1])
  t.matches('^  一、履职情况%s+成效%s+5%s+%d+$', el[2])
  t.matches('^    （一）抓好理论学习%s+3', el[3])
  t.matches('^  二、存在的问题%s+问题%s*$', el[8])
  t.matches('^    主要原因%s+原因', el[10])
end)

t.it('aligns columns by display width (CJK counts two cells)', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local widths = {}
  for _, l in ipairs(entry_lines(v)) do
    widths[vim.fn.strdisplaywidth(l)] = true
  end
  t.eq({ [39] = true }, widths, 'every entry line is exactly width - 1 cells')
  -- so the two count columns (the last 10 cells, ASCII) line up
  for _, l in ipairs(entry_lines(v)) do
    t.matches('^[%d ]+$', l:sub(-10))
    t.eq(29, vim.fn.strdisplaywidth(l:sub(1, -11)))
  end
  -- long text is cut with an ellipsis
  t.matches('…', entry_lines(v)[1])
end)

t.it('header lists missing parts of each sub-document', function()
  h.edit('missing.txt')
  vim.cmd('Gongwen outline')
  local ls = lines(outline.get())
  t.matches('^1%. ', ls[1])
  t.matches('^2%. ', ls[2])
  t.matches('缺少：', table.concat(ls, '\n'))
  local marks = api.nvim_buf_get_extmarks(outline.get().buf, outline.ns, 0, -1, { details = true })
  local groups = {}
  for _, m in ipairs(marks) do
    groups[m[4].hl_group] = true
  end
  t.ok(groups.GongwenOutlineMissing and groups.GongwenOutlineHeader and groups.GongwenHeading1)
end)

t.it('lang = "en" gives English texts', function()
  require('gongwen').setup({ lang = 'en' })
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local ls = lines(outline.get())
  t.matches('^duty report', ls[1])
  t.matches('^Outline', ls[2])
  t.matches('work', table.concat(ls, '\n'))
end)

t.it('items are optional (option and the i key)', function()
  require('gongwen').setup({ outline = { items = false } })
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local n = #entry_lines(v)
  t.eq(#require('gongwen').get_outline() - 2, n)
  api.nvim_set_current_win(v.win)
  h.normal('i')
  t.eq(n + 2, #entry_lines(v))
end)

t.it('<CR> jumps to the section in the source window', function()
  h.edit('report.txt')
  local src = api.nvim_get_current_win()
  vim.cmd('Gongwen outline')
  local v = outline.get()
  api.nvim_set_current_win(v.win)
  local row = v.entry_rows[5] -- 2.坚持个人自学 (line 8)
  api.nvim_win_set_cursor(v.win, { row, 0 })
  h.normal('<CR>')
  t.eq(src, api.nvim_get_current_win())
  t.eq(8, h.cursor())
  -- p shows the section and stays in the outline
  api.nvim_set_current_win(v.win)
  api.nvim_win_set_cursor(v.win, { v.entry_rows[2], 0 })
  h.normal('p')
  t.eq(v.win, api.nvim_get_current_win())
  t.eq(5, api.nvim_win_get_cursor(src)[1])
  h.normal('q')
  t.eq(nil, outline.get())
end)

t.it('follows the cursor of the source window', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  api.nvim_win_set_cursor(0, { 16, 0 })
  vim.api.nvim_exec_autocmds('CursorMoved', {})
  t.eq(v.entry_rows[12], api.nvim_win_get_cursor(v.win)[1])
  api.nvim_win_set_cursor(0, { 7, 3 })
  vim.api.nvim_exec_autocmds('CursorMoved', {})
  t.eq(v.entry_rows[4], api.nvim_win_get_cursor(v.win)[1])
end)

t.it('follow = false leaves the outline cursor alone', function()
  require('gongwen').setup({ outline = { follow = false } })
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local row = api.nvim_win_get_cursor(v.win)[1]
  api.nvim_win_set_cursor(0, { 16, 0 })
  vim.api.nvim_exec_autocmds('CursorMoved', {})
  t.eq(row, api.nvim_win_get_cursor(v.win)[1])
end)

t.it('<CR> brings the report back when its window shows another buffer', function()
  local buf = h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  h.scratch({ 'other' }, 'conf')
  vim.bo.modified = false
  api.nvim_set_current_win(v.win)
  api.nvim_win_set_cursor(v.win, { v.entry_rows[2], 0 })
  h.normal('<CR>')
  t.eq(buf, api.nvim_get_current_buf())
  t.eq(5, h.cursor())
end)

t.it('updates live while typing', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  local before = #entry_lines(v)
  api.nvim_win_set_cursor(0, { 18, 0 })
  h.normal('o（三）新增一节<Esc>')
  t.wait(function()
    return #entry_lines(v) == before + 1
  end, 'new entry')
  t.matches('（三）新增一节', table.concat(lines(v), '\n'))
  vim.cmd('silent undo')
  t.wait(function()
    return #entry_lines(v) == before
  end, 'entry removed by undo')
end)

t.it('rebinds to another report window and survives its source closing', function()
  h.edit('report.txt')
  vim.cmd('Gongwen outline')
  local v = outline.get()
  vim.cmd('split')
  local other = h.edit('missing.txt')
  t.eq(other, v.src_buf)
  t.matches('^1%. ', lines(v)[1])
  vim.cmd('close')
  vim.wait(0)
  -- remaining report window is the source again
  t.ok(outline.get())
  t.neq(other, v.src_buf)
end)

t.it('refuses buffers that are not attached, with a message', function()
  local notes = h.capture_notify()
  h.scratch({ 'plain text' }, 'conf')
  vim.cmd('Gongwen outline')
  t.eq(nil, outline.get())
  t.eq(1, #notes)
end)

t.it(':Gongwen pick offers the entries through vim.ui.select and jumps', function()
  h.edit('report.txt')
  local seen
  vim.ui.select = function(items, opts, on_choice)
    seen = { items = items, opts = opts }
    on_choice(items[9])
  end
  vim.cmd('Gongwen pick')
  t.eq(#require('gongwen').get_outline(), #seen.items)
  t.eq('gongwen', seen.opts.kind)
  t.eq('跳转到', seen.opts.prompt)
  t.matches('^  二、存在的问题  ‹问题›$', seen.opts.format_item(seen.items[8]))
  t.eq(seen.items[9].line + 1, h.cursor())
  -- cancel: nothing moves
  vim.ui.select = function(_, _, on_choice)
    on_choice(nil)
  end
  api.nvim_win_set_cursor(0, { 1, 0 })
  require('gongwen').pick()
  t.eq(1, h.cursor())
end)

t.it('role names come from the core (core.role_name)', function()
  local core = require('gongwen.core')
  local i18n = require('gongwen.i18n')
  for _, lang in ipairs({ 'zh', 'en' }) do
    require('gongwen').setup({ lang = lang })
    for _, id in ipairs({ 'achievements', 'problems', 'causes', 'plans' }) do
      t.eq(core.role_name(id, lang), i18n.role(id), id .. ' ' .. lang)
    end
  end
  require('gongwen').setup({ lang = 'zh' })
  h.edit('missing.txt')
  vim.cmd('Gongwen outline')
  local ls = lines(outline.get())
  t.matches('缺少：' .. vim.pesc(core.role_name('plans', 'zh')), table.concat(ls, '\n'))
end)
