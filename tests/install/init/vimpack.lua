-- The README's vim.pack set-up (Neovim 0.12+), with the repository of the test
-- ($GW_REPO, a local bare git repository) and without the confirmation prompt.
-- Build after install and update; the autocommand must exist before vim.pack.add().
vim.api.nvim_create_autocmd('PackChanged', {
  callback = function(ev)
    local name, kind = ev.data.spec.name, ev.data.kind
    if name == 'gongwen.nvim' and (kind == 'install' or kind == 'update') then
      local r = vim.system({ 'make' }, { cwd = ev.data.path }):wait()
      if r.code ~= 0 then
        vim.notify('gongwen.nvim: make failed:\n' .. r.stdout .. r.stderr, vim.log.levels.ERROR)
      end
    end
  end,
})
vim.pack.add({ os.getenv('GW_REPO') }, { confirm = false })
