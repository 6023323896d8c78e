-- Motions, counts, jumplist, Visual/Operator-pending, text objects, default maps.
local t = require('runner')
local h = require('helpers')
local api = vim.api

-- report.txt: section lines (title, headings, labels) are
--   2 title, 5 一、, 6 （一）, 7 1., 8 2., 9 （二）, 11 二、, 13 主要原因：, 14 四、, 15 （一）, 17 （二）
-- and line 10 / 12 are items (一是…), which motions skip.

t.before_each(function()
  h.reset()
  h.edit('report.txt')
end)

local function at(row, col)
  api.nvim_win_set_cursor(0, { row, col or 0 })
end

t.describe('headings', function()
  t.it(']] and [[ move to the next/previous section heading', function()
    at(1)
    h.normal(']]')
    t.eq(2, h.cursor())
    h.normal(']]')
    t.eq(5, h.cursor())
    at(10)
    h.normal(']]')
    t.eq(11, h.cursor(), 'items are skipped')
    h.normal('[[')
    t.eq(9, h.cursor())
  end)

  t.it('take a count (3]] and 2[[) and stop at the last heading', function()
    at(2)
    h.normal('3]]')
    t.eq(7, h.cursor())
    h.normal('2[[')
    t.eq(5, h.cursor())
    h.normal('99]]')
    t.eq(17, h.cursor())
  end)

  t.it('set the jumplist', function()
    at(1)
    h.normal(']]')
    h.normal('3]]')
    t.eq(7, h.cursor())
    h.normal('<C-o>')
    t.eq(2, h.cursor())
    h.normal('<C-o>')
    t.eq(1, h.cursor())
  end)

  t.it('][ and [] move to headings of the same or a higher level', function()
    at(7) -- 1. (level 3)
    h.normal('][')
    t.eq(8, h.cursor())
    h.normal('][')
    t.eq(9, h.cursor(), 'up to （二）')
    h.normal('][')
    t.eq(11, h.cursor(), '（二）→ 二、 (13 is a deeper label)')
    h.normal('][')
    t.eq(14, h.cursor())
    h.normal('[]')
    t.eq(11, h.cursor())
    at(15)
    h.normal('2][')
    t.eq(17, h.cursor(), 'stops at the last one')
  end)

  t.it(']u goes to the parent heading, with a count', function()
    at(8)
    h.normal(']u')
    t.eq(6, h.cursor())
    at(8)
    h.normal('2]u')
    t.eq(5, h.cursor())
    at(16) -- body of （一）加强学习
    h.normal(']u')
    t.eq(14, h.cursor())
  end)

  t.it('extend a Visual selection and work as operator motions', function()
    at(6)
    h.normal('V]]<Esc>')
    t.eq({ 6, 7 }, { vim.fn.line("'<"), vim.fn.line("'>") })
    local n = api.nvim_buf_line_count(0)
    at(15)
    h.normal('d]]')
    t.eq(n - 2, api.nvim_buf_line_count(0), 'd]] deletes up to the next heading')
    t.matches('^（二）改进作风', api.nvim_get_current_line())
  end)
end)

t.describe('placeholders', function()
  local function all()
    local out = {}
    for _, p in ipairs(h.doc():placeholders()) do
      out[#out + 1] = { p.line + 1, p.start }
    end
    return out
  end

  t.it(']x and [x visit every placeholder in order', function()
    local ps = all()
    t.ok(#ps >= 6)
    at(1)
    for i = 1, #ps do
      h.normal(']x')
      t.eq(ps[i], { h.cursor() }, 'placeholder ' .. i)
    end
    for i = #ps - 1, 1, -1 do
      h.normal('[x')
      t.eq(ps[i], { h.cursor() })
    end
  end)

  t.it('take a count and wrap around with wrapscan', function()
    local ps = all()
    at(1)
    h.normal('3]x')
    t.eq(ps[3], { h.cursor() })
    at(#h.read('report.txt'))
    vim.api.nvim_win_set_cursor(0, { ps[#ps][1], ps[#ps][2] })
    h.normal(']x')
    t.eq(ps[1], { h.cursor() }, 'wrapped to the first')
    vim.o.wrapscan = false
    h.normal('[x')
    t.eq(ps[1], { h.cursor() }, 'no wrap without wrapscan')
  end)
end)

t.describe('text objects', function()
  local function entry(row)
    for _, e in ipairs(require('gongwen').get_outline()) do
      if e.line == row - 1 then
        return e
      end
    end
  end

  t.it('vas selects the section, vis its body (linewise)', function()
    at(16)
    h.normal('vas<Esc>')
    t.eq('V', vim.fn.visualmode())
    t.eq({ 15, entry(15).end_line }, { vim.fn.line("'<"), vim.fn.line("'>") })
    at(16)
    h.normal('vis<Esc>')
    t.eq({ 16, 16 }, { vim.fn.line("'<"), vim.fn.line("'>") })
  end)

  t.it('a count selects an enclosing section', function()
    at(16)
    h.normal('v2as<Esc>')
    t.eq({ 14, entry(14).end_line }, { vim.fn.line("'<"), vim.fn.line("'>") })
  end)

  t.it('work with operators (das, yis)', function()
    at(16)
    h.normal('yis')
    t.eq('继续深化理论武装，全年安排学习不少于X次。\n', vim.fn.getreg('"'))
    t.eq('V', vim.fn.getregtype('"'))
    local n = api.nvim_buf_line_count(0)
    at(15)
    h.normal('das')
    t.eq(n - 2, api.nvim_buf_line_count(0))
    t.matches('^（二）改进作风', api.nvim_get_current_line())
  end)
end)

t.describe('placeholder text objects', function()
  local LINES = {
    '某县2024年工作总结',
    '',
    '一、主要工作',
    '组织开展“XX”活动，参加人数XX人，覆盖××个村。',
    '今年　XXX　项任务完成。',
    '二、下一步打算',
  }
  t.before_each(function()
    h.reset()
    h.edit_lines(LINES, 'placeholders.txt')
    t.ok(require('gongwen.state').get(api.nvim_get_current_buf()), 'attached')
  end)

  local function line(row)
    return api.nvim_buf_get_lines(0, row - 1, row, false)[1]
  end

  t.it('cix changes the placeholder under the cursor, or the next one on the line', function()
    at(4, 0)
    h.normal('cix甲<Esc>')
    t.eq('组织开展“甲”活动，参加人数XX人，覆盖××个村。', line(4))
    -- the cursor inside a placeholder (on its second X)
    local col = line(4):find('XX', 1, true) -- 1-based byte of the first X
    at(4, col)
    h.normal('cix二十<Esc>')
    t.eq('组织开展“甲”活动，参加人数二十人，覆盖××个村。', line(4))
    at(4, 0)
    h.normal('cix三<Esc>')
    t.eq('组织开展“甲”活动，参加人数二十人，覆盖三个村。', line(4))
    t.eq(LINES[5], line(5), 'the other lines are untouched')
    t.eq(LINES[3], line(3))
  end)

  t.it('vix selects the placeholder charwise, ending on its last character', function()
    at(4, 0)
    h.normal('vix<Esc>')
    t.eq('v', vim.fn.visualmode())
    local s = line(4):find('XX', 1, true) - 1
    t.eq({ 4, s + 1 }, { vim.fn.line("'<"), vim.fn.col("'<") })
    t.eq({ 4, s + 2 }, { vim.fn.line("'>"), vim.fn.col("'>") })
    -- with 'selection' exclusive the end is past it, and d takes the same text
    vim.o.selection = 'exclusive'
    at(4, 0)
    h.normal('dix')
    vim.o.selection = 'inclusive'
    t.eq('组织开展“”活动，参加人数XX人，覆盖××个村。', line(4))
  end)

  t.it('cax takes the quotes around it, or else the white space after it; a count takes more', function()
    at(4, 0)
    h.normal('cax《纲要》<Esc>')
    t.eq('组织开展《纲要》活动，参加人数XX人，覆盖××个村。', line(4))
    at(5, 0)
    h.normal('dax')
    t.eq('今年　项任务完成。', line(5), 'the placeholder and the U+3000 after it')
    at(4, 0)
    h.normal('d2ix')
    t.eq('组织开展《纲要》活动，参加人数个村。', line(4), 'from the first placeholder to the end of the second')
  end)

  t.it('with no placeholder from the cursor on, the operator is cancelled', function()
    at(3, 0)
    h.normal('cix')
    t.eq('n', api.nvim_get_mode().mode, 'not in Insert mode')
    t.eq(LINES[3], line(3))
    local tick = api.nvim_buf_get_changedtick(0)
    at(4, #line(4) - 6) -- after the last placeholder of the line, on 村
    -- the operator ends with ix: the l typed next is a motion of its own, not dl
    h.normal('dixl')
    t.eq(tick, api.nvim_buf_get_changedtick(0), 'nothing changed')
    t.eq({ 4, #line(4) - 3 }, { h.cursor() }, 'l moved the cursor')
    local _, col = h.cursor()
    h.normal('vix<Esc>')
    t.eq({ 4, col + 1, 4, col + 1 }, { vim.fn.line("'<"), vim.fn.col("'<"), vim.fn.line("'>"), vim.fn.col("'>") },
      'Visual mode keeps its selection')
  end)

  t.it('. repeats the change on the next placeholder; each change is one undo step', function()
    at(1, 0)
    h.normal(']xcix十<Esc>]x.')
    t.eq('组织开展“十”活动，参加人数十人，覆盖××个村。', line(4))
    h.normal('u')
    t.eq('组织开展“十”活动，参加人数XX人，覆盖××个村。', line(4))
    h.normal('u')
    t.eq(LINES[4], line(4))
  end)

  t.it('the Lua function checks its arguments', function()
    local nav = require('gongwen.nav')
    local ok, err = pcall(nav.placeholder_object, 'x')
    t.eq(false, ok)
    t.matches('gongwen%.nav%.placeholder_object: around must be boolean', err)
    ok, err = pcall(nav.placeholder_object, true, 'two')
    t.eq(false, ok)
    t.matches('count must be number', err)
    at(3, 0)
    t.eq(false, nav.placeholder_object(false), 'no placeholder on the line')
  end)
end)

t.describe('default mappings', function()
  t.it('are buffer-local in gongwen buffers only', function()
    for _, lhs in ipairs({ ']]', '[[', '][', '[]', ']u', ']x', '[x' }) do
      local m = vim.fn.maparg(lhs, 'n', false, true)
      t.eq(1, m.buffer, lhs)
      t.matches('<Plug>%(gongwen%-', m.rhs, lhs)
    end
    t.eq(1, vim.fn.maparg('as', 'o', false, true).buffer)
    t.eq(1, vim.fn.maparg('is', 'x', false, true).buffer)
    t.eq(1, vim.fn.maparg('ix', 'o', false, true).buffer)
    t.eq(1, vim.fn.maparg('ax', 'x', false, true).buffer)
    h.scratch({ 'plain' }, 'conf')
    t.eq('', vim.fn.maparg(']]', 'n'))
  end)

  t.it('are removed by b:undo_ftplugin when the filetype changes', function()
    vim.bo.filetype = 'text'
    t.eq('', vim.fn.maparg(']]', 'n'))
    t.eq('', vim.fn.maparg('as', 'o'))
  end)

  t.it('respect g:no_plugin_maps and g:no_gongwen_maps', function()
    for _, var in ipairs({ 'no_plugin_maps', 'no_gongwen_maps' }) do
      h.reset()
      vim.g[var] = 1
      h.edit('report.txt', var .. '.txt')
      t.eq('', vim.fn.maparg(']]', 'n'), var)
      t.eq('', vim.fn.maparg('as', 'o'), var)
      -- the <Plug> mappings stay usable
      at(1)
      h.normal('<Plug>(gongwen-next-heading)')
      t.eq(2, h.cursor())
    end
  end)

  t.it('leave keys alone when the user mapped the <Plug> name', function()
    h.reset()
    vim.keymap.set('n', 'gj', '<Plug>(gongwen-next-heading)')
    h.edit('report.txt', 'usermap.txt')
    t.eq('', vim.fn.maparg(']]', 'n'))
    t.neq('', vim.fn.maparg('[[', 'n'))
    -- only the mode the user mapped it in
    t.neq('', vim.fn.maparg(']]', 'x'))
    t.neq('', vim.fn.maparg(']]', 'o'))
    vim.keymap.del('n', 'gj')
  end)

  t.it('all <Plug> mappings exist in their modes', function()
    local plugs = {
      ['next-heading'] = 'nxo',
      ['prev-heading'] = 'nxo',
      ['next-sibling'] = 'nxo',
      ['prev-sibling'] = 'nxo',
      ['parent'] = 'nxo',
      ['next-placeholder'] = 'nxo',
      ['prev-placeholder'] = 'nxo',
      ['a-section'] = 'xo',
      ['i-section'] = 'xo',
      ['a-placeholder'] = 'xo',
      ['i-placeholder'] = 'xo',
      ['outline'] = 'n',
      ['pick'] = 'n',
    }
    for name, modes in pairs(plugs) do
      for mode in modes:gmatch('.') do
        t.neq('', vim.fn.maparg('<Plug>(gongwen-' .. name .. ')', mode), name .. ' ' .. mode)
      end
    end
  end)

  t.it('in a buffer that is not attached, motions only notify', function()
    local notes = h.capture_notify()
    h.scratch({ '一、甲', '二、乙' }, 'conf')
    at(1)
    h.normal('<Plug>(gongwen-next-heading)')
    t.eq(1, h.cursor())
    t.eq(1, #notes)
  end)
end)

t.describe('breadcrumb', function()
  t.it('returns the section path at the cursor', function()
    at(8)
    t.eq('XX县科技局2024年度述职报告 › 一、履职情况 › （一）抓好理论学习 › 2.坚持个人自学', require('gongwen').breadcrumb())
    at(12) -- item under 二、: items are not sections
    t.eq('XX县科技局2024年度述职报告 › 二、存在的问题', require('gongwen').breadcrumb({ sep = '/' }):gsub('/', ' › '))
    at(1)
    t.eq('', require('gongwen').breadcrumb())
  end)

  t.it('uses the cursor of the given window', function()
    local win = api.nvim_get_current_win()
    at(6)
    vim.cmd('split')
    at(14)
    t.eq('XX县科技局2024年度述职报告 › 一、履职情况 › （一）抓好理论学习', require('gongwen').breadcrumb({ winid = win }))
  end)

  t.it('is empty for buffers that are not attached', function()
    h.scratch({ '一、甲' }, 'conf')
    t.eq('', require('gongwen').breadcrumb())
  end)
end)
