-- The help files (doc/*.txt) have a tag for every command, mapping, option and
-- highlight group.
local t = require('runner')
local h = require('helpers')

local tags = {}
for _, file in ipairs(vim.fn.glob(h.root .. '/doc/*.txt', false, true)) do
  local text = table.concat(vim.fn.readfile(file), '\n')
  for tag in text:gmatch('%*([^%s*|]+)%*') do
    tags[tag] = (tags[tag] or 0) + 1
  end
end

local function has(tag)
  t.ok(tags[tag], 'missing tag *' .. tag .. '*')
end

t.it('tags every :Gongwen subcommand', function()
  has(':Gongwen')
  for _, name in ipairs(require('gongwen.commands').names()) do
    has(':Gongwen-' .. name)
  end
end)

t.it('tags every <Plug> mapping and default key', function()
  local maps = vim.api.nvim_get_keymap('n')
  vim.list_extend(maps, vim.api.nvim_get_keymap('o'))
  local n = 0
  for _, m in ipairs(maps) do
    local plug = m.lhs:match('^<Plug>%(gongwen%-.*%)$')
    if plug then
      has(plug)
      n = n + 1
    end
  end
  t.ok(n >= 11)
  for _, key in ipairs({ ']]', '[[', '][', '[]', ']u', ']x', '[x', 'as', 'is' }) do
    has('gongwen-' .. key)
  end
  has('g:no_gongwen_maps')
end)

t.it('tags every option', function()
  local function walk(tbl, prefix)
    for k, v in pairs(tbl) do
      if type(v) == 'table' and not vim.islist(v) and k ~= 'severity' then
        walk(v, prefix .. k .. '.')
      else
        has('gongwen-' .. prefix .. k)
      end
    end
  end
  walk(require('gongwen.config').defaults, '')
  has('gongwen-diagnostics.config')
  has('g:gongwen')
  has('g:gongwen_disable')
  has('b:gongwen_disable')
end)

t.it('tags every highlight group', function()
  for name in pairs(require('gongwen.highlight').groups) do
    has('hl-' .. name)
  end
end)

t.it('has no duplicate tags and :helptags accepts it', function()
  for tag, count in pairs(tags) do
    t.eq(1, count, 'tag defined twice: ' .. tag)
  end
  local dir = h.tmp .. '/doc'
  vim.fn.mkdir(dir, 'p')
  vim.fn.writefile(vim.fn.readfile(h.root .. '/doc/gongwen.txt'), dir .. '/gongwen.txt')
  vim.v.errmsg = ''
  vim.cmd('helptags ' .. vim.fn.fnameescape(dir))
  t.eq('', vim.v.errmsg)
  t.eq(1, vim.fn.filereadable(dir .. '/tags'))
end)
