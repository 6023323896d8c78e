---@brief :Gongwen {subcommand} [args]: one user command, subcommands as data.
---
--- A subcommand is a table in M.subcommands; other modules add theirs the same
--- way (or with M.register()), e.g.
---
---   skeleton = { module = 'gongwen.skeleton', fn = 'command', complete = { 'shuzhi' },
---                desc = { zh = '插入报告骨架', en = 'insert a report skeleton' } },
---
--- The handler gets a gongwen.CommandArgs; the module is required on first use.

local util = require('gongwen.util')

local M = {}

---@class gongwen.CommandArgs
---@field args string[] arguments after the subcommand name
---@field bang boolean
---@field range integer number of range items given (0, 1 or 2)
---@field line1 integer
---@field line2 integer
---@field count integer
---@field smods table command modifiers (:h nvim_parse_cmd)
---@field buf integer current buffer

---@class gongwen.Subcommand
---@field run? fun(cmd: gongwen.CommandArgs) handler (or module + fn)
---@field module? string module required lazily
---@field fn? string function of `module` called with the gongwen.CommandArgs
---@field complete? string[]|fun(arglead: string, args: string[]): string[] argument completion
---@field desc table<'zh'|'en', string> one-line description

---@type table<string, gongwen.Subcommand>
M.subcommands = {
  attach = {
    run = function(cmd)
      require('gongwen').attach(cmd.buf)
    end,
    desc = { zh = '对当前缓冲区启用', en = 'attach to the current buffer' },
  },
  detach = {
    run = function(cmd)
      require('gongwen').detach(cmd.buf)
    end,
    desc = { zh = '对当前缓冲区停用', en = 'detach from the current buffer' },
  },
  outline = {
    run = function()
      require('gongwen.outline').toggle()
    end,
    desc = { zh = '打开/关闭大纲窗口', en = 'toggle the outline window' },
  },
  pick = {
    run = function(cmd)
      require('gongwen.outline').pick(cmd.buf)
    end,
    desc = { zh = '选择章节并跳转', en = 'pick a section and jump to it' },
  },
  check = {
    run = function(cmd)
      require('gongwen.diagnostics').check(cmd.buf)
    end,
    desc = { zh = '把检查结果放入 quickfix 列表', en = 'put the findings in the quickfix list' },
  },
}

-- The writing commands (lua/gongwen/edit), as that module describes them.
for _, c in ipairs(require('gongwen.edit').commands) do
  M.subcommands[c.name] = { run = c.run, complete = c.complete, desc = c.desc }
end

--- Adds (or replaces) a subcommand.
---@param name string
---@param spec gongwen.Subcommand
function M.register(name, spec)
  util.check('gongwen.commands.register', 'name', name, 'string')
  util.check('gongwen.commands.register', 'spec', spec, 'table')
  if not name:match('^%l[%w_-]*$') then
    error(('gongwen.commands.register: name must be a lowercase word, got %q'):format(name), 2)
  end
  util.check('gongwen.commands.register', 'spec.run', spec.run, 'function', true)
  util.check('gongwen.commands.register', 'spec.module', spec.module, 'string', true)
  util.check('gongwen.commands.register', 'spec.fn', spec.fn, 'string', true)
  util.check('gongwen.commands.register', 'spec.complete', spec.complete, { 'table', 'function' }, true)
  if not spec.run and not (spec.module and spec.fn) then
    error('gongwen.commands.register: spec needs run, or module and fn', 2)
  end
  M.subcommands[name] = spec
end

--- Subcommand names, sorted.
---@return string[]
function M.names()
  local names = vim.tbl_keys(M.subcommands)
  table.sort(names)
  return names
end

--- "usage: :Gongwen {a|b}" and a line per subcommand with its description.
local function usage()
  local i18n = require('gongwen.i18n')
  local names = M.names()
  local lines = { i18n.t('usage', table.concat(names, '|')) }
  for _, name in ipairs(names) do
    local desc = M.subcommands[name].desc
    lines[#lines + 1] = ('  %-10s %s'):format(name, type(desc) == 'table' and (desc[i18n.lang()] or desc.en) or '')
  end
  return table.concat(lines, '\n')
end

--- Handler of :Gongwen (the table nvim_create_user_command passes).
---@param opts table
function M.run(opts)
  local name = opts.fargs[1]
  local bang = opts.bang or false
  if name and name:sub(-1) == '!' then -- :Gongwen renumber! reads like :Gongwen! renumber
    name, bang = name:sub(1, -2), true
  end
  local sub = name and M.subcommands[name]
  if not sub then
    local i18n = require('gongwen.i18n')
    local msg = name and i18n.t('unknown_sub', name) .. '\n' .. usage() or usage()
    util.notify(msg, vim.log.levels.ERROR)
    return
  end
  ---@type gongwen.CommandArgs
  local cmd = {
    args = vim.list_slice(opts.fargs, 2),
    bang = bang,
    range = opts.range or 0,
    line1 = opts.line1,
    line2 = opts.line2,
    count = opts.count,
    smods = opts.smods or {},
    buf = vim.api.nvim_get_current_buf(),
  }
  if sub.run then
    sub.run(cmd)
  else
    require(sub.module)[sub.fn](cmd)
  end
end

--- Completion of :Gongwen: subcommand names, then the subcommand's own arguments.
---@param arglead string
---@param cmdline string
---@return string[]
function M.complete(arglead, cmdline)
  local rest = cmdline:match('^.-Gongwen!?%s+(.*)$') or ''
  local words = vim.split(rest, '%s+', { trimempty = false })
  local function filter(list)
    return vim.tbl_filter(function(s)
      return vim.startswith(s, arglead)
    end, list)
  end
  if #words <= 1 then
    return filter(M.names())
  end
  local sub = M.subcommands[words[1]]
  if not sub or not sub.complete then
    return {}
  end
  if type(sub.complete) == 'function' then
    return sub.complete(arglead, vim.list_slice(words, 2))
  end
  return filter(sub.complete --[[@as string[] ]])
end

return M
