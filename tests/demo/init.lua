-- `make demo`: Neovim with only this plugin, on the sample report.
-- The repository is the only plugin on 'runtimepath'; the outline opens beside
-- the report, the breadcrumb shows in the winbar, and the diagnostics are
-- shown as virtual text (Neovim 0.11+ hides it by default).
local root = vim.env.GONGWEN_ROOT or vim.fn.getcwd()
vim.opt.runtimepath:prepend(root)
vim.opt.termguicolors = true
vim.opt.signcolumn = 'yes'
vim.opt.number = true
vim.opt.laststatus = 2

require('gongwen').setup({ winbar = true })
vim.diagnostic.config({ virtual_text = true, severity_sort = true }, vim.api.nvim_create_namespace('gongwen'))

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    if vim.bo.filetype == 'gongwen' then
      vim.cmd('Gongwen outline')
      vim.cmd('wincmd p')
    end
    vim.api.nvim_echo({ {
      'gongwen demo: ]] [[ headings, ]x [x placeholders, :Gongwen outline / check / skeleton / renumber, :q to quit',
      'ModeMsg',
    } }, false, {})
  end,
})
