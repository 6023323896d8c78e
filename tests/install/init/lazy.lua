-- What lazy.nvim does at startup for the README's spec
--   { '<repo-url>', build = 'make' }
-- (installed in stdpath('data')/lazy/gongwen.nvim, `make` run there, :helptags on its
-- doc/). lazy.nvim cannot be downloaded in the test environment, so this file does
-- the loader's steps (lazy/core/loader.lua, performance.rtp.reset = true, the
-- default): reset 'runtimepath' and 'packpath', switch off Neovim's own plugin
-- loading, source the plugin/ files of the runtimepath, then add the plugin after
-- lazy.nvim's own entry and source its plugin/ and ftdetect/ files.
local data = vim.fn.stdpath('data')
local config = vim.fn.stdpath('config')
local dir = data .. '/lazy/gongwen.nvim'

vim.go.loadplugins = false
vim.opt.packpath = { vim.env.VIMRUNTIME }
vim.opt.runtimepath = {
  config,
  data .. '/site',
  data .. '/lazy/lazy.nvim', -- "me": plugins go right after it
  vim.env.VIMRUNTIME,
  vim.fn.fnamemodify(vim.v.progpath, ':p:h:h') .. '/lib/nvim',
  config .. '/after',
}

-- lazy sources plugin files alphabetically per directory, recursively.
local function source_runtime(root, sub)
  local files = vim.fn.globpath(root, sub .. '/**/*.{vim,lua}', false, true)
  table.sort(files)
  for _, f in ipairs(files) do
    vim.cmd('silent source ' .. vim.fn.fnameescape(f))
  end
end

-- 1. the plugins of the (reset) runtimepath, i.e. Neovim's own
for _, path in ipairs(vim.api.nvim_get_runtime_file('', true)) do
  if not path:find('after/?$') then
    source_runtime(path, 'plugin')
  end
end

-- 2. start plugins: add to 'runtimepath' after lazy.nvim's entry, then source
local rtp = vim.opt.runtimepath:get()
for i, p in ipairs(rtp) do
  if p == data .. '/lazy/lazy.nvim' then
    table.insert(rtp, i + 1, dir)
    break
  end
end
vim.opt.runtimepath = rtp
vim.cmd('augroup filetypedetect')
source_runtime(dir, 'ftdetect')
vim.cmd('augroup END')
source_runtime(dir, 'plugin')
