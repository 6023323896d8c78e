---@brief gongwen.nvim: structure, placeholders and completeness of Chinese work
--- reports (述职报告, 情况报告 …), analyzed by a C core. See :help gongwen.
---
--- Public Lua API. Everything works without setup(); the C module is loaded on
--- first use.

local api = vim.api
local config = require('gongwen.config')
local util = require('gongwen.util')

local M = {}

--- 'winbar' value installed when the `winbar` option is on.
M.WINBAR = "%{%v:lua.require'gongwen'.winbar()%}"

local features_loaded = false

--- Loads the modules that react to attached buffers (once).
local function load_features()
  if features_loaded then
    return
  end
  features_loaded = true
  local state = require('gongwen.state')
  require('gongwen.highlight').setup()
  require('gongwen.diagnostics')
  require('gongwen.fold')
  state.on('attach', function(buf, st, switched)
    M._update_winbar(buf)
    if switched then
      -- the buffer grew past max_filesize or shrank back (state.RESUME): as if
      -- it had been opened so, tree-sitter stops or starts, the breadcrumb goes
      -- or comes
      if package.loaded['gongwen.treesitter'] then
        require('gongwen.treesitter').follow_size(buf, st.large)
      end
      if config.get().winbar then
        vim.cmd('redrawstatus!')
      end
    end
  end)
  state.on('detach', function(buf)
    vim.schedule(function()
      M._update_winbar(buf)
    end)
  end)
  state.on('structure', function()
    -- winbar() keeps the last path while the structure lags: draw the new one
    if config.get().winbar then
      vim.cmd('redrawstatus!')
    end
  end)
  api.nvim_create_autocmd('BufWinEnter', {
    group = util.augroup(),
    desc = 'gongwen: breadcrumb winbar',
    callback = function(a)
      M._update_winbar(a.buf)
    end,
  })
end

--- Sets or clears the breadcrumb winbar in the windows showing `buf`.
---@param buf integer
function M._update_winbar(buf)
  if not api.nvim_buf_is_valid(buf) then
    return
  end
  local on = config.get().winbar and require('gongwen.state').get(buf) ~= nil
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    if api.nvim_win_get_config(win).relative == '' then
      local cur = api.nvim_get_option_value('winbar', { win = win, scope = 'local' })
      if on and cur == '' then
        api.nvim_set_option_value('winbar', M.WINBAR, { win = win, scope = 'local' })
      elseif not on and cur == M.WINBAR then
        api.nvim_set_option_value('winbar', '', { win = win, scope = 'local' })
      end
    end
  end
end

--- Configures the plugin (optional: zero configuration works). May be called again;
--- options apply to attached buffers at once. See |gongwen-options|.
---@param opts? gongwen.Config|table
function M.setup(opts)
  util.check('gongwen.setup', 'opts', opts, 'table', true)
  config.apply(opts or {}, 'gongwen.setup')
  if package.loaded['gongwen.treesitter'] then
    require('gongwen.treesitter').reconfigure()
  end
  if not features_loaded then
    return
  end
  local state = require('gongwen.state')
  state.reconfigure()
  require('gongwen.diagnostics').reconfigure()
  if package.loaded['gongwen.outline'] then
    require('gongwen.outline').refresh_all()
  end
  for _, buf in ipairs(state.buffers()) do
    M._update_winbar(buf)
  end
  require('gongwen.highlight').refresh()
end

--- Attaches to a buffer (default current) whatever its filetype, like
--- :Gongwen attach. Returns whether the buffer is attached.
---@param bufnr? integer
---@return boolean
function M.attach(bufnr)
  local buf = util.buf('gongwen.attach', bufnr)
  load_features()
  local st, reason = require('gongwen.state').attach(buf)
  if not st then
    if reason ~= 'no_module' then
      util.notify(require('gongwen.i18n').t(reason), vim.log.levels.WARN)
    end
    return false
  end
  st.forced = true
  return true
end

--- Detaches from a buffer (default current); it stays detached until
--- attached again explicitly.
---@param bufnr? integer
function M.detach(bufnr)
  local buf = util.buf('gongwen.detach', bufnr)
  require('gongwen.state').detach(buf, true)
  if package.loaded['gongwen.highlight'] then
    require('gongwen.highlight').refresh(buf)
  end
end

--- Whether a buffer (default current) is attached.
---@param bufnr? integer
---@return boolean
function M.is_attached(bufnr)
  local buf = util.buf('gongwen.is_attached', bufnr)
  return package.loaded['gongwen.state'] ~= nil and require('gongwen.state').get(buf) ~= nil
end

--- Automatic attaching on FileType (called by plugin/gongwen.lua).
---@param buf integer
---@param ft string
function M._on_filetype(buf, ft)
  if not api.nvim_buf_is_valid(buf) or util.disabled(buf) then
    return
  end
  local cfg = config.get()
  local eligible = ft == 'gongwen' or vim.tbl_contains(cfg.filetypes, ft)
  local state = package.loaded['gongwen.state']
  local st = state and state.get(buf)
  if st then
    if not eligible and not st.forced then
      state.detach(buf)
      require('gongwen.highlight').refresh(buf)
    end
    return
  end
  if not eligible or (state and state.refused(buf)) then
    return
  end
  if ft ~= 'gongwen' and cfg.detect then
    local lines = api.nvim_buf_get_lines(buf, 0, require('gongwen.detect').LINES, false)
    if not require('gongwen.detect').looks_like_report(lines) then
      return
    end
  end
  load_features()
  require('gongwen.state').attach(buf)
end

--- The section path at the cursor, e.g. "述职报告 › 一、履职情况 › （一）主要做法",
--- for a statusline or winbar. Empty when the buffer is not attached.
---@param opts? gongwen.BreadcrumbOpts
---@return string
function M.breadcrumb(opts)
  return require('gongwen.nav').breadcrumb(opts)
end

--- The breadcrumb formatted for 'winbar' (uses g:statusline_winid). While typing
--- it keeps the last path until the structure pass catches up (a winbar is drawn
--- on every keystroke; the pass is O(lines)).
---@return string
function M.winbar()
  local win = vim.g.statusline_winid
  if type(win) ~= 'number' or not api.nvim_win_is_valid(win) then
    win = 0
  end
  local ok, crumb = pcall(M.breadcrumb, { winid = win, lazy = true })
  return ok and '%<' .. crumb:gsub('%%', '%%%%') or ''
end

--- 'foldexpr' of report buffers: v:lua.require'gongwen'.foldexpr()
---@param lnum? integer default v:lnum
---@return string
function M.foldexpr(lnum)
  util.check('gongwen.foldexpr', 'lnum', lnum, 'number', true)
  return require('gongwen.fold').expr(lnum)
end

--- Toggles the outline window (like :Gongwen outline).
function M.outline()
  require('gongwen.outline').toggle()
end

--- Offers the sections through vim.ui.select and jumps (like :Gongwen pick).
---@param bufnr? integer
function M.pick(bufnr)
  require('gongwen.outline').pick(util.buf('gongwen.pick', bufnr))
end

--- Fills the quickfix list with the findings (like :Gongwen check); works on
--- buffers that are not attached too. Returns the quickfix items.
---@param bufnr? integer
---@return table[]
function M.check(bufnr)
  return require('gongwen.diagnostics').check(util.buf('gongwen.check', bufnr))
end

--- A copy of the outline of an attached buffer (entries as documented in
--- |gongwen-outline-entry|), or nil when the buffer is not attached or too large.
---@param bufnr? integer
---@return table[]?
function M.get_outline(bufnr)
  local buf = util.buf('gongwen.get_outline', bufnr)
  local st = package.loaded['gongwen.state'] and require('gongwen.state').get(buf)
  if not st or not st.doc then
    return nil
  end
  return vim.deepcopy(require('gongwen.state').outline(st))
end

return M
