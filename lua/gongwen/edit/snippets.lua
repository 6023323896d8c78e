---@brief The VS Code snippet file (snippets/gongwen.json) generated from the
--- templates (lua/gongwen/templates.lua), for LuaSnip, blink.cmp, mini.snippets,
--- nvim-snippets and friends. scripts/gen_snippets.lua writes it; a test fails
--- when the committed file differs from M.json().
---
--- The static file cannot know today's date: the year and date variables become
--- XXXX / XXXX年XX月XX日 tabstops (the :Gongwen skeleton command fills them in).

local templates = require('gongwen.templates')

local M = {}

M.PATH = 'snippets/gongwen.json'

local STATIC = { year = 'XXXX', date = 'XXXX年XX月XX日' }

--- Escapes a choice element of the snippet grammar.
local function choice(s)
  return (s:gsub('[\\$}|,]', '\\%0'))
end

--- A marker of `rank` whose ordinal is tabstop 1: ${1:一}、 / （${1:一}） / ${1:1}.
---@param core table
---@param rank integer
---@return string
local function marker_stop(core, rank)
  local m = core.marker(rank, 1)
  local one = rank <= 2 and '一' or '1'
  local s, e = m:find(one, 1, true)
  return templates.escape(m:sub(1, s - 1)) .. '${1:' .. one .. '}' .. templates.escape(m:sub(e + 1))
end

--- The snippets as an ordered list of { name, { prefix, body, description } }.
---@return table[]
function M.list()
  local core = require('gongwen.core')
  local out = {}
  local function add(name, prefix, body, desc)
    out[#out + 1] = { name, { prefix = prefix, body = body, description = desc } }
  end
  local level = { '一级标题', '二级标题', '三级标题', '四级标题' }
  for _, t in ipairs(templates.builtin()) do
    local lines = templates.lines(t, function(rank, ordinal)
      return core.marker(rank, ordinal)
    end, 9999)
    local compact = t.id:gsub('%-', '')
    add('骨架：' .. t.name, { 'gw' .. compact, 'gw-' .. t.id }, templates.to_snippet(lines, STATIC), t.name .. '（' .. t.name_en .. '）')
  end
  for rank = 1, 4 do
    add(
      level[rank],
      'gwh' .. rank,
      { marker_stop(core, rank) .. '${2:XXX}' },
      ('%s（%s）'):format(level[rank], core.marker(rank, 1))
    )
  end
  for _, t in ipairs(templates.builtin()) do
    local texts = {}
    for _, s in ipairs(t.sections) do
      s = type(s) == 'string' and { s } or s
      texts[#texts + 1] = choice(s[1])
      for _, a in ipairs(s.alt or {}) do
        texts[#texts + 1] = choice(a)
      end
    end
    add(
      '标准标题：' .. t.name,
      'gwh-' .. t.id,
      { marker_stop(core, 1) .. ('${2|%s|}'):format(table.concat(texts, ',')) },
      t.name .. '的一级标题'
    )
  end
  add('开头语', 'gwopen', templates.to_snippet({ templates.extras.opening[1] }, STATIC), '根据…，现将…情况报告如下：')
  add('结束语', 'gwclose', { ('${1|%s|}'):format(table.concat(vim.tbl_map(choice, templates.extras.closing), ',')) }, '特此报告。等')
  add('落款', 'gwsign', templates.to_snippet({ '{XXX}', '{XXXX}年{XX}月{XX}日' }, STATIC), '署名和成文日期')
  return out
end

--- A JSON string literal (UTF-8 kept as is).
---@param s string
---@return string
local function str(s)
  return '"'
    .. s:gsub('[%c"\\]', function(c)
      local named = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t', ['\r'] = '\\r' }
      return named[c] or ('\\u%04x'):format(c:byte())
    end)
    .. '"'
end

---@param v string|string[]
---@param indent string
---@return string
local function value(v, indent)
  if type(v) == 'string' then
    return str(v)
  end
  local items = {}
  for i, s in ipairs(v) do
    items[i] = indent .. '  ' .. str(s)
  end
  return '[\n' .. table.concat(items, ',\n') .. '\n' .. indent .. ']'
end

--- The file's text: stable order, two-space indentation, final newline.
---@return string
function M.json()
  local parts = {}
  for _, it in ipairs(M.list()) do
    local name, s = it[1], it[2]
    local fields = {}
    for _, k in ipairs({ 'prefix', 'body', 'description' }) do
      fields[#fields + 1] = ('    %s: %s'):format(str(k), value(s[k], '    '))
    end
    parts[#parts + 1] = ('  %s: {\n%s\n  }'):format(str(name), table.concat(fields, ',\n'))
  end
  return '{\n' .. table.concat(parts, ',\n') .. '\n}\n'
end

return M
