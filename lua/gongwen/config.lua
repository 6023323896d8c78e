---@brief Options of gongwen.nvim: defaults, validation, merging.
---
--- The effective configuration is `defaults`, then `vim.g.gongwen` (a table, read
--- once on first use when setup() was never called), then every setup() call.

local M = {}

---@alias gongwen.Severity 'error'|'warn'|'info'|'hint'|integer|false

---@class gongwen.HighlightConfig
---@field placeholders boolean Highlight placeholder spans (GongwenPlaceholder).
---@field headings boolean Highlight titles, headings and labels where tree-sitter highlighting is off.

---@class gongwen.DiagnosticsConfig
---@field enabled boolean Publish the analyzer's diagnostics through vim.diagnostic.
---@field debounce integer Milliseconds of idle time before diagnostics are refreshed.
---@field max integer With more findings, only those near the lines shown are published.
---@field severity table<string, gongwen.Severity> Per-code override ("GW301" = "hint"); false hides a code.
---@field config? vim.diagnostic.Opts Passed to vim.diagnostic.config() for the gongwen namespace.

---@class gongwen.OutlineConfig
---@field width integer Width of the outline window in cells.
---@field position 'left'|'right' Side of the screen.
---@field items boolean Show paragraph items (一是…) in the outline and the picker.
---@field follow boolean Move the outline cursor to the section under the source cursor.
---@field focus boolean Enter the outline window when it opens.

---@class gongwen.TreesitterConfig
---@field enabled boolean Register the tree-sitter parser and highlight gongwen buffers with it.
---@field path string|false Parser library to load; false: parser/gongwen.so of the plugin, else gongwen.parser on package.cpath.
---@field fold boolean The ftplugin folds with vim.treesitter.foldexpr() instead of the analyzer's section levels.
---@field links boolean Link the @capture.gongwen groups to the GongwenXxx groups (same colours as without tree-sitter).
---@field max_filesize integer Bytes; larger buffers are not parsed by tree-sitter (the plugin highlights them itself).

---@class gongwen.Config
---@field lang 'zh'|'en' Language of messages and of the analyzer's diagnostics.
---@field filetypes string[] Filetypes besides "gongwen" the plugin attaches to.
---@field detect boolean Content detection: filetype for .txt/extension-less reports, and in `filetypes` attach only to report-like buffers.
---@field max_filesize integer Bytes; larger buffers degrade to visible-range placeholder highlighting (also one that grows past it while attached, until it is back at 90% of it).
---@field level_skip boolean Report a skipped heading level (一、 directly above 1.) as GW109.
---@field winbar boolean Show the breadcrumb in the winbar of report windows.
---@field foldlevel integer|false 'foldlevel' set by the ftplugin (false leaves it alone).
---@field max_foldlines integer Longer buffers get no section folds ('foldexpr' runs for every line).
---@field highlight gongwen.HighlightConfig
---@field diagnostics gongwen.DiagnosticsConfig
---@field outline gongwen.OutlineConfig
---@field treesitter gongwen.TreesitterConfig

---@type gongwen.Config
M.defaults = {
  lang = 'zh',
  filetypes = { 'text', 'markdown' },
  detect = true,
  max_filesize = 50 * 1024 * 1024,
  level_skip = false,
  winbar = false,
  foldlevel = 99,
  max_foldlines = 20000,
  highlight = { placeholders = true, headings = true },
  diagnostics = { enabled = true, debounce = 300, max = 100, severity = {} },
  outline = { width = 40, position = 'right', items = true, follow = true, focus = false },
  treesitter = { enabled = true, path = false, fold = false, links = true, max_filesize = 4 * 1024 * 1024 },
}

local severities = { error = 1, warn = 2, warning = 2, info = 3, hint = 4 }

--- Severity option value -> vim.diagnostic.severity, false, or nil when invalid.
---@param v any
---@return integer|false|nil
function M.severity(v)
  if v == false then
    return false
  elseif type(v) == 'number' and v >= 1 and v <= 4 and v % 1 == 0 then
    return v
  elseif type(v) == 'string' then
    return severities[v:lower()]
  end
end

local function is_int(min)
  return function(v)
    return type(v) == 'number' and v % 1 == 0 and v >= min, ('an integer >= %d'):format(min)
  end
end
local function is_type(t)
  return function(v)
    return type(v) == t, t
  end
end
local function one_of(...)
  local set, names = {}, {}
  for _, s in ipairs({ ... }) do
    set[s] = true
    names[#names + 1] = ('%q'):format(s)
  end
  return function(v)
    return set[v] == true, table.concat(names, ' or ')
  end
end
local function string_list(v)
  if type(v) ~= 'table' then
    return false, 'a list of strings'
  end
  for k, s in pairs(v) do
    if type(k) ~= 'number' or type(s) ~= 'string' then
      return false, 'a list of strings'
    end
  end
  return true
end
local function severity_map(v)
  if type(v) ~= 'table' then
    return false, 'a table of code = severity'
  end
  for code, sev in pairs(v) do
    if type(code) ~= 'string' or not code:match('^GW%d+$') or M.severity(sev) == nil then
      return false, 'a table like { GW301 = "hint", GW302 = false }'
    end
  end
  return true
end

--- Validators by key; a nested table is a sub-schema.
local schema = {
  lang = one_of('zh', 'en'),
  filetypes = string_list,
  detect = is_type('boolean'),
  max_filesize = is_int(0),
  level_skip = is_type('boolean'),
  winbar = is_type('boolean'),
  max_foldlines = is_int(0),
  foldlevel = function(v)
    return v == false or (type(v) == 'number' and v % 1 == 0 and v >= 0), 'false or an integer >= 0'
  end,
  highlight = { placeholders = is_type('boolean'), headings = is_type('boolean') },
  diagnostics = {
    enabled = is_type('boolean'),
    debounce = is_int(0),
    max = is_int(0),
    severity = severity_map,
    config = is_type('table'),
  },
  treesitter = {
    enabled = is_type('boolean'),
    path = function(v)
      return v == false or (type(v) == 'string' and v ~= ''), 'false or a path'
    end,
    fold = is_type('boolean'),
    links = is_type('boolean'),
    max_filesize = is_int(0),
  },
  outline = {
    width = is_int(10),
    position = one_of('left', 'right'),
    items = is_type('boolean'),
    follow = is_type('boolean'),
    focus = is_type('boolean'),
  },
}

--- Checks opts against the schema; raises an error naming `where` and the key.
---@param opts table
---@param sch table
---@param where string
---@param prefix string
local function validate(opts, sch, where, prefix)
  for k, v in pairs(opts) do
    local rule = sch[k]
    local name = prefix .. tostring(k)
    if rule == nil then
      vim.notify(('gongwen: %s: unknown option %q (ignored)'):format(where, name), vim.log.levels.WARN)
    elseif type(rule) == 'table' then
      if type(v) ~= 'table' then
        error(('%s: %s must be a table, got %s'):format(where, name, type(v)), 0)
      end
      validate(v, rule, where, name .. '.')
    else
      local ok, expected = rule(v)
      if not ok then
        error(('%s: %s must be %s, got %s'):format(where, name, expected, vim.inspect(v)), 0)
      end
    end
  end
end

--- Merges src into dst: nested option tables merge, everything else (lists too) replaces.
local function merge(dst, src, sch)
  for k, v in pairs(src) do
    if type(sch[k]) == 'table' then
      dst[k] = merge(vim.deepcopy(dst[k] or {}), v, sch[k])
    else
      dst[k] = vim.deepcopy(v)
    end
  end
  return dst
end

---@type gongwen.Config?
local current

--- Validates and applies user options on top of the current configuration.
---@param opts table
---@param where string function name for error messages
function M.apply(opts, where)
  validate(opts, schema, where, '')
  current = merge(vim.deepcopy(current or M.defaults), opts, schema)
end

--- The effective configuration (do not modify the returned table).
---@return gongwen.Config
function M.get()
  if not current then
    current = vim.deepcopy(M.defaults)
    local g = vim.g.gongwen
    if type(g) == 'table' then
      local ok, err = pcall(M.apply, g, 'vim.g.gongwen')
      if not ok then
        vim.notify('gongwen: ' .. err, vim.log.levels.ERROR)
      end
    end
  end
  return current
end

--- Forgets every option (tests).
function M.reset()
  current = nil
end

return M
