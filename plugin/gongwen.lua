-- gongwen.nvim: commands, <Plug> mappings, filetype detection and autocommands.
-- Nothing is loaded here: modules (and the C core) are required on first use.

if vim.g.loaded_gongwen then
  return
end
vim.g.loaded_gongwen = 1

if vim.fn.has('nvim-0.10') == 0 then
  vim.api.nvim_echo({ { 'gongwen.nvim needs Neovim 0.10 or later', 'WarningMsg' } }, true, {})
  return
end

vim.api.nvim_create_user_command('Gongwen', function(opts)
  require('gongwen.commands').run(opts)
end, {
  nargs = '*',
  bang = true,
  range = true,
  desc = 'gongwen: :Gongwen {attach|detach|outline|pick|check|…}',
  complete = function(arglead, cmdline)
    return require('gongwen.commands').complete(arglead, cmdline)
  end,
})

-- Content detection for *.txt and extension-less files: "gongwen" when the first
-- lines hold a report title or headings (asked of the core).
vim.filetype.add({
  extension = {
    txt = function(path, bufnr)
      return require('gongwen.detect').txt(path, bufnr)
    end,
  },
})

---@param name string
---@param modes string|string[]
---@param desc string
---@param fn function
---@param expr? boolean an expression mapping: fn returns the keys
local function plug(name, modes, desc, fn, expr)
  local opts = { silent = true, desc = 'gongwen: ' .. desc, callback = fn, expr = expr, replace_keycodes = expr }
  for _, mode in ipairs(type(modes) == 'table' and modes or { modes }) do
    vim.api.nvim_set_keymap(mode, '<Plug>(gongwen-' .. name .. ')', '', opts)
  end
end

-- the motions: one mapping for Normal, Visual, Select and Operator-pending mode
-- (as :map makes it) instead of one per mode; a <Plug> name cannot be typed, so
-- Select mode gains nothing by it, and start-up makes 14 mappings fewer
local nxo = ''
local function nav(fname, ...)
  local args = { ... }
  return function()
    require('gongwen.nav')[fname](unpack(args))
  end
end
plug('next-heading', nxo, 'next heading', nav('heading', 1))
plug('prev-heading', nxo, 'previous heading', nav('heading', -1))
plug('next-sibling', nxo, 'next heading of the same or a higher level', nav('sibling', 1))
plug('prev-sibling', nxo, 'previous heading of the same or a higher level', nav('sibling', -1))
plug('parent', nxo, 'parent heading', nav('parent'))
plug('next-placeholder', nxo, 'next placeholder', nav('placeholder', 1))
plug('prev-placeholder', nxo, 'previous placeholder', nav('placeholder', -1))
plug('a-section', { 'x', 'o' }, 'a section', nav('textobject', false))
plug('i-section', { 'x', 'o' }, 'inner section', nav('textobject', true))
-- expression mappings: with no placeholder they give <Esc>, which cancels the operator
plug('a-placeholder', { 'x', 'o' }, 'a placeholder', function()
  return require('gongwen.nav').placeholder_object_keys(true)
end, true)
plug('i-placeholder', { 'x', 'o' }, 'inner placeholder', function()
  return require('gongwen.nav').placeholder_object_keys(false)
end, true)
plug('outline', 'n', 'toggle the outline', function()
  require('gongwen.outline').toggle()
end)
plug('pick', 'n', 'pick a section', function()
  require('gongwen.outline').pick(vim.api.nvim_get_current_buf())
end)

-- Writing (lua/gongwen/edit): the module is required when a map is used.
local function edit(lhs_name, mode)
  return function()
    require('gongwen.edit').run_plug('<Plug>(gongwen-' .. lhs_name .. ')', mode)
  end
end
for _, p in ipairs({
  { 'skeleton', { 'n' }, 'insert a report skeleton' },
  { 'heading', { 'n', 'i' }, 'insert the next heading' },
  { 'heading-child', { 'n', 'i' }, 'insert the first heading one level down' },
  { 'move-up', { 'n' }, 'move the section up' },
  { 'move-down', { 'n' }, 'move the section down' },
  { 'promote', { 'n' }, 'promote the section one level' },
  { 'demote', { 'n' }, 'demote the section one level' },
  { 'renumber', { 'n' }, 'renumber the document' },
  { 'reflow', { 'n', 'x' }, 'tidy pasted text' },
  { 'stats', { 'n' }, 'count characters per section' },
}) do
  for _, mode in ipairs(p[2]) do
    plug(p[1], mode, p[3], edit(p[1], mode))
  end
end

local group = vim.api.nvim_create_augroup('gongwen', { clear = true })

vim.api.nvim_create_autocmd('FileType', {
  group = group,
  desc = 'gongwen: attach to reports',
  callback = function(a)
    require('gongwen')._on_filetype(a.buf, a.match)
  end,
})

-- Extension-less files whose filetype nothing else detected (what a lowest-priority
-- vim.filetype pattern would do; adding a pattern re-sorts all of Neovim's
-- patterns, which alone would cost more at start-up than the rest of this file).
vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
  group = group,
  desc = 'gongwen: detect extension-less reports',
  callback = function(a)
    if vim.bo[a.buf].filetype == '' and a.file ~= '' and not vim.fs.basename(a.file):find('.', 1, true) then
      local ft = require('gongwen.detect').plain(a.file, a.buf)
      if ft then
        vim.bo[a.buf].filetype = ft
      end
    end
  end,
})

-- A large report file (1 MiB or more) starts being read and analyzed by the core
-- in background threads while Neovim reads it too (:help gongwen-load); the
-- attach that follows takes the result over, else it is dropped at once.
vim.api.nvim_create_autocmd('BufReadPre', {
  group = group,
  desc = 'gongwen: start reading large reports early',
  callback = function(a)
    local ext = a.file:match('%.([^./]+)$')
    if a.file ~= '' and (ext == nil or ext == 'txt' or ext == 'md' or ext == 'markdown') then
      local stat = (vim.uv or vim.loop).fs_stat(a.file)
      if stat and stat.size >= 1048576 then
        require('gongwen.state').prefetch(a.buf, a.file)
      end
    end
  end,
})

vim.api.nvim_create_autocmd('ColorScheme', {
  group = group,
  desc = 'gongwen: re-apply default highlights',
  callback = function()
    if package.loaded['gongwen.highlight'] then
      require('gongwen.highlight').define()
    end
    if package.loaded['gongwen.treesitter'] then
      require('gongwen.treesitter').define()
    end
  end,
})
