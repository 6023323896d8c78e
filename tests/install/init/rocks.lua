-- What rocks.nvim sets up (rocks.nvim cannot be downloaded in the test environment):
-- its bootstrap puts the luarocks tree on package.path and package.cpath and each
-- installed rock's directory (where copy_directories put plugin/, ftplugin/, doc/,
-- snippets/) on 'runtimepath'; its adapter (rocks/adapter.lua) links the tree's
-- share/lua/5.1 as rocks_rtp/lua and adds rocks_rtp to 'runtimepath', which is how
-- :checkhealth finds lua/gongwen/health.lua.
-- The tree was filled by
--   luarocks --tree <data>/rocks --lua-version 5.1 make rockspec/gongwen.nvim-scm-1.rockspec
-- which is what `:Rocks install gongwen.nvim` does once the rock is published.
local tree = vim.fn.stdpath('data') .. '/rocks'
package.path = package.path .. ';' .. tree .. '/share/lua/5.1/?.lua;' .. tree .. '/share/lua/5.1/?/init.lua'
package.cpath = package.cpath .. ';' .. tree .. '/lib/lua/5.1/?.so;' .. tree .. '/lib64/lua/5.1/?.so'
vim.opt.runtimepath:append(tree .. '/lib/luarocks/rocks-5.1/*/*')

local rtp_link_dir = tree .. '/rocks_rtp'
vim.fn.mkdir(rtp_link_dir, 'p')
if not vim.uv.fs_stat(rtp_link_dir .. '/lua') then
  vim.uv.fs_symlink(tree .. '/share/lua/5.1', rtp_link_dir .. '/lua')
end
vim.opt.runtimepath:append(rtp_link_dir)
