---@brief The tree-sitter parser `gongwen` (grammar/, built as parser/gongwen.so):
--- registration, highlighting in `gongwen` buffers, and what :checkhealth reports.
---
--- Nothing here runs at start-up: the ftplugin calls M.start() for each `gongwen`
--- buffer. The parser is found, in this order, at the configured path
--- (`treesitter.path`), as the plugin's own parser/gongwen.so (a `make` build), as
--- the C module `gongwen.parser` on package.cpath (a luarocks/rocks.nvim build),
--- and last wherever Neovim finds a parser named gongwen on 'runtimepath'. When it
--- cannot be loaded, one message says why (once per session) and the plugin's own
--- highlighting (highlight.lua) goes on as before. No dependency on nvim-treesitter.

local api = vim.api

local M = {}

--- Language name (and filetype) of the parser.
M.LANG = 'gongwen'

--- Query files shipped in queries/gongwen/ (checked by :checkhealth and the tests).
M.QUERIES = { 'highlights', 'folds', 'textobjects', 'locals', 'aerial', 'context' }

--- Capture groups of highlights.scm linked to the plugin's groups (option
--- `treesitter.links`), so that tree-sitter highlighting looks like the plugin's own.
M.links = {
  ['@markup.heading.gongwen'] = 'GongwenTitle',
  ['@markup.heading.1.gongwen'] = 'GongwenHeading1',
  ['@markup.heading.2.gongwen'] = 'GongwenHeading2',
  ['@markup.heading.3.gongwen'] = 'GongwenHeading3',
  ['@markup.heading.4.gongwen'] = 'GongwenHeading4',
  ['@markup.heading.5.gongwen'] = 'GongwenHeading5',
  ['@markup.list.gongwen'] = 'GongwenHeading5',
  ['@label.gongwen'] = 'GongwenLabel',
  ['@comment.warning.gongwen'] = 'GongwenPlaceholder',
}

local messages = {
  zh = '无法加载 tree-sitter 解析器 gongwen（%s）；高亮改由插件自己完成。构建：cd %s && make parser；详情见 :checkhealth gongwen',
  en = 'cannot load the tree-sitter parser gongwen (%s); the plugin highlights by itself instead. Build it: cd %s && make parser; see :checkhealth gongwen',
}

---@class gongwen.TsStatus
---@field ok boolean the parser is registered
---@field path? string the library it was loaded from (nil: found by Neovim on 'runtimepath', or registered by someone else)
---@field source? 'option'|'plugin'|'cpath'|'runtimepath'|'preloaded'
---@field err? string why it could not be loaded
---@field tried string[] the paths tried

---@type gongwen.TsStatus?
local status
local notified = false
--- Buffers where M.start() started highlighting (so that M.stop() stops only those).
---@type table<integer, true>
local started = {}

--- Whether Neovim has loaded the language (from an earlier add, or a user's).
--- Not language.inspect(): that loads a parser from 'runtimepath' as a side effect.
---@return boolean
local function known()
  local has = rawget(vim, '_ts_has_language')
  if type(has) == 'function' then
    return has(M.LANG) == true
  end
  return (pcall(vim.treesitter.language.inspect, M.LANG))
end

--- vim.treesitter.language.add() as one call for 0.10 (raises on failure) and
--- 0.11+ (returns nil and the error).
---@param path? string
---@return boolean ok
---@return string? err
local function add(path)
  local ok, res, err = pcall(vim.treesitter.language.add, M.LANG, { path = path, filetype = M.LANG })
  if not ok then
    return false, tostring(res)
  elseif res == nil and err then
    return false, tostring(err)
  end
  if not known() then
    return false, 'not loaded'
  end
  return true
end

--- Candidate parser libraries, most specific first: { path, source }.
---@return { [1]: string, [2]: string }[]
local function candidates()
  local cfg = require('gongwen.config').get().treesitter
  if cfg.path then
    return { { vim.fs.normalize(cfg.path), 'option' } }
  end
  local list = {}
  local own = require('gongwen.native').root .. '/parser/gongwen.so'
  if vim.uv.fs_stat(own) then
    list[#list + 1] = { own, 'plugin' }
  end
  local rock = package.searchpath('gongwen.parser', package.cpath)
  if rock then
    list[#list + 1] = { rock, 'cpath' }
  end
  return list
end

--- Registers the parser with Neovim (once; later calls return the first result).
---@return gongwen.TsStatus
function M.register()
  if status then
    return status
  end
  local tried = {}
  if known() then
    status = { ok = true, source = 'preloaded', tried = tried }
    return status
  end
  local errs = {}
  local list = candidates()
  for _, c in ipairs(list) do
    tried[#tried + 1] = c[1]
    local ok, err = add(c[1])
    if ok then
      status = { ok = true, path = c[1], source = c[2], tried = tried }
      return status
    end
    errs[#errs + 1] = ('%s: %s'):format(c[1], err)
  end
  -- a parser/gongwen.* elsewhere on 'runtimepath' (e.g. installed by hand)
  if not (list[1] and list[1][2] == 'option') then
    local ok = add(nil)
    if ok then
      status = { ok = true, source = 'runtimepath', tried = tried }
      return status
    end
  end
  if #errs == 0 then
    errs[1] = 'parser/gongwen.so not built'
  end
  status = { ok = false, err = table.concat(errs, '; '), tried = tried }
  return status
end

--- Whether the parser is registered (registering it if needed).
---@return boolean
function M.available()
  return M.register().ok
end

--- What M.define() last linked each group to, to tell it from the user's.
---@type table<string, string>
local ours = {}

--- Defines the `@capture.gongwen` groups (option `treesitter.links`): links to
--- the GongwenXxx groups, or to the generic capture groups of the colour scheme
--- (@markup.heading.1 …). A group the user or a colour scheme defined is left alone.
function M.define()
  local on = require('gongwen.config').get().treesitter.links
  -- (the GongwenXxx groups themselves are defined by highlight.lua on attach)
  for name, group in pairs(M.links) do
    local cur = api.nvim_get_hl(0, { name = name, link = true })
    local mine = vim.tbl_isempty(cur) or (ours[name] ~= nil and cur.link == ours[name])
    if mine then
      -- links = false: to the generic capture group (@markup.heading.1), from
      -- which Neovim falls back as usual (@markup.heading); a cleared group
      -- would not fall back. force: replaces our own earlier definition.
      local target = on and group or name:gsub('%.gongwen$', '')
      api.nvim_set_hl(0, name, { link = target, default = true, force = true })
      ours[name] = target
    end
  end
end

local defined = false

--- Notifies once per session why the parser cannot be used.
---@param err string
local function notify(err)
  if notified then
    return
  end
  notified = true
  local native = require('gongwen.native')
  local lang = require('gongwen.config').get().lang
  require('gongwen.util').notify((messages[lang] or messages.en):format(err, native.root), vim.log.levels.WARN)
end

--- Whether the buffer is too large for a whole-buffer parse: `treesitter.max_filesize`
--- (a first parse runs at about 20 MB/s and, on Neovim 0.10, blocks), or the
--- plugin's own `max_filesize`.
---@param buf integer
---@return boolean
local function too_large(buf)
  local size = api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf))
  local cfg = require('gongwen.config').get()
  return size > math.min(cfg.treesitter.max_filesize, cfg.max_filesize)
end

--- Starts tree-sitter highlighting in a `gongwen` buffer (called by the
--- ftplugin). Does nothing when `treesitter.enabled` is false, the plugin is
--- disabled for the buffer, or the buffer is larger than `max_filesize`. When the
--- parser cannot be loaded, notifies once (unless the C module is missing too:
--- its own message covers both) and returns false.
---@param bufnr? integer default current
---@return boolean started
function M.start(bufnr)
  local util = require('gongwen.util')
  local buf = util.buf('gongwen.treesitter.start', bufnr)
  local cfg = require('gongwen.config').get()
  if not cfg.treesitter.enabled or util.disabled(buf) or too_large(buf) then
    return false
  end
  local st = M.register()
  if not st.ok then
    if cfg.treesitter.path or require('gongwen.native').load() then
      notify(st.err)
    end
    return false
  end
  -- every time: setup() may have changed `treesitter.links` since
  defined = true
  M.define()
  local ok, err = pcall(vim.treesitter.start, buf, M.LANG)
  if not ok then
    notify(tostring(err))
    return false
  end
  for b in pairs(started) do
    if not api.nvim_buf_is_valid(b) then
      started[b] = nil
    end
  end
  -- started if Neovim's highlighter runs for the buffer now
  local hl = package.loaded['vim.treesitter.highlighter']
  started[buf] = (hl and hl.active[buf] ~= nil) or nil
  if started[buf] and package.loaded['gongwen.highlight'] then
    require('gongwen.highlight').refresh(buf)
  end
  return started[buf] == true
end

--- Stops the tree-sitter highlighting M.start() started (b:undo_ftplugin).
---@param bufnr? integer default current
function M.stop(bufnr)
  local buf = require('gongwen.util').buf('gongwen.treesitter.stop', bufnr)
  if started[buf] then
    started[buf] = nil
    pcall(vim.treesitter.stop, buf)
    if package.loaded['gongwen.highlight'] then
      require('gongwen.highlight').refresh(buf)
    end
  end
end

--- Buffers whose highlighting M.follow_size() stopped (they may get it back).
---@type table<integer, true>
local paused = {}

--- Follows a buffer that switched to or from the large mode of the plugin
--- (|gongwen-large|): highlighting M.start() started stops when it became
--- large, and starts again when it is analyzed again (unless it is still above
--- `treesitter.max_filesize`), as if the buffer had been opened at that size.
---@param bufnr integer
---@param large boolean
function M.follow_size(bufnr, large)
  local buf = require('gongwen.util').buf('gongwen.treesitter.follow_size', bufnr)
  for b in pairs(paused) do
    if not api.nvim_buf_is_valid(b) then
      paused[b] = nil
    end
  end
  if large then
    local hl = package.loaded['vim.treesitter.highlighter']
    if started[buf] and hl and hl.active[buf] then
      M.stop(buf)
      paused[buf] = true
    end
  elseif paused[buf] then
    paused[buf] = nil
    if vim.bo[buf].filetype == M.LANG then
      M.start(buf)
    end
  end
end

--- Applies changed options to the buffers M.start() handled: links, and
--- highlighting off when `treesitter.enabled` became false.
function M.reconfigure()
  if defined then
    M.define()
  end
  if not require('gongwen.config').get().treesitter.enabled then
    for buf in pairs(started) do
      if api.nvim_buf_is_valid(buf) then
        M.stop(buf)
      else
        started[buf] = nil
      end
    end
  end
end

--- The 'foldexpr' value for `treesitter.fold`.
M.FOLDEXPR = 'v:lua.vim.treesitter.foldexpr()'

---@class gongwen.TsInfo
---@field status gongwen.TsStatus
---@field abi? integer ABI version of the loaded parser
---@field queries table<string, string|true> per query file: true, or why it does not load
---@field missing string[] query files not found on 'runtimepath'

--- What :checkhealth gongwen reports: registration, ABI, and every query file.
---@return gongwen.TsInfo
function M.info()
  local info = { status = M.register(), queries = {}, missing = {} }
  if info.status.ok then
    local lang = vim.treesitter.language.inspect(M.LANG)
    info.abi = lang.abi_version or lang._abi_version
    for _, name in ipairs(M.QUERIES) do
      if #vim.treesitter.query.get_files(M.LANG, name) == 0 then
        info.missing[#info.missing + 1] = name
      else
        local ok, q = pcall(vim.treesitter.query.get, M.LANG, name)
        info.queries[name] = ok and q ~= nil or tostring(q)
      end
    end
  end
  return info
end

--- Forgets the registration result and the notification (tests).
function M.reset()
  status, notified = nil, false
end

return M
