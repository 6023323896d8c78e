---@brief Loads the C core (lua/gongwen/core.so) on first use.
---
--- A missing module, or one built for another Lua ABI, is reported once with what
--- to run; callers get nil and carry on without the feature.

local M = {}

--- Plugin root: the directory holding lua/, plugin/, core/ and the Makefile.
M.root = (vim.fs.normalize(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')):gsub('/lua/gongwen/native%.lua$', ''))

---@type table?
local core
---@type string?
local failure
local notified = false

--- The core module, or nil and the reason it cannot be loaded. Never notifies.
---@return table? core
---@return string? err
function M.load()
  if core then
    return core
  end
  if failure then
    return nil, failure
  end
  local ok, mod = pcall(require, 'gongwen.core')
  if ok and type(mod) == 'table' and type(mod.new) == 'function' then
    core = mod
    return core
  end
  failure = ok and 'gongwen.core is not the gongwen C module' or tostring(mod):gsub('\n.*', '')
  return nil, failure
end

--- The core module; on failure notifies once (what to run) and returns nil.
---@return table?
function M.get()
  local mod, err = M.load()
  if not mod and not notified then
    notified = true
    require('gongwen.util').notify(require('gongwen.i18n').t('no_module', err, M.root), vim.log.levels.ERROR)
  end
  return mod
end

--- Forgets the loaded module and the failure (tests).
function M.reset()
  core, failure, notified = nil, nil, false
end

return M
