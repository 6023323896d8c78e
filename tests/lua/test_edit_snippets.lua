-- The VS Code snippet file: generated from the templates, never stale, and every
-- body expands with vim.snippet.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local snippets = require('gongwen.edit.snippets')

local function read(path)
  local f = assert(io.open(h.root .. '/' .. path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

t.before_each(h.reset)

t.it('snippets/gongwen.json is what the templates generate (run make snippets)', function()
  local committed = read(snippets.PATH)
  if committed ~= snippets.json() then
    error('snippets/gongwen.json is stale: run make snippets', 0)
  end
end)

t.it('scripts/gen_snippets.lua writes the same file', function()
  local out = h.tmp .. '/gongwen.json'
  local res = vim
    .system({ vim.v.progpath, '--clean', '--headless', '-l', h.root .. '/scripts/gen_snippets.lua', out }, { text = true })
    :wait(20000)
  t.eq(0, res.code, res.stderr)
  local f = assert(io.open(out, 'rb'))
  local s = f:read('*a')
  f:close()
  t.ok(s == read(snippets.PATH), 'the script wrote another text than the committed file')
end)

t.it('is valid VS Code snippet JSON, contributed by package.json for the gongwen filetype', function()
  local data = vim.json.decode(read(snippets.PATH))
  local n = 0
  for name, s in pairs(data) do
    n = n + 1
    t.ok(type(s.prefix) == 'string' or type(s.prefix) == 'table', name)
    t.eq('table', type(s.body), name)
    t.eq('string', type(s.description), name)
  end
  t.eq(#snippets.list(), n)
  local pkg = vim.json.decode(read('package.json'))
  t.eq({ { language = 'gongwen', path = './' .. snippets.PATH } }, pkg.contributes.snippets)
end)

t.it('every snippet body expands with vim.snippet', function()
  vim.o.showmode = false
  local complete = vim.fn.complete
  vim.fn.complete = function() end -- choice tabstops offer their values through complete()
  local ok, err = pcall(function()
    for _, it in ipairs(snippets.list()) do
      local name, s = it[1], it[2]
      local buf = h.scratch({ '' })
      vim.snippet.expand(table.concat(s.body, '\n'))
      api.nvim_feedkeys('', 'x', false)
      t.ok(vim.snippet.active(), name)
      local text = table.concat(api.nvim_buf_get_lines(buf, 0, -1, true), '\n')
      t.ok(text ~= '' or s.body[1]:match('^%${1|'), name) -- a lone choice inserts nothing
      t.ok(not text:find('$', 1, true), name .. ': ' .. text)
      t.eq(#s.body, api.nvim_buf_line_count(buf), name)
      vim.snippet.stop()
      api.nvim_feedkeys(vim.keycode('<Esc>'), 'nx', false)
    end
    vim.wait(150) -- let deferred complete() calls run into the stub
  end)
  vim.fn.complete = complete
  vim.o.showmode = true
  assert(ok, err)
end)

t.it('the skeleton snippets match the :Gongwen skeleton text but for the date', function()
  local insert = require('gongwen.edit.insert')
  local templates = require('gongwen.templates')
  local json = vim.json.decode(read(snippets.PATH))
  for _, tpl in ipairs(templates.builtin()) do
    local body = json['骨架：' .. tpl.name].body
    local plain = table.concat(body, '\n'):gsub('%${%d+:([^}]*)}', '%1'):gsub('%${%d+}', 'XXXX')
    local year = insert.vars().year
    local ours = table.concat(insert.skeleton_text(tpl.id), '\n')
    ours = ours:gsub(vim.pesc(insert.vars().date), 'XXXX年XX月XX日'):gsub(year, 'XXXX')
    t.eq(ours, plain, tpl.id)
  end
end)
