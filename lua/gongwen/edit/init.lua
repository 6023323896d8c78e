---@brief gongwen.nvim writing layer: skeletons, headings, structural editing,
--- renumbering, reflowing pasted text, character counts. See :help gongwen-writing.
---
--- The public surface is data for plugin/gongwen.lua and :Gongwen to wire:
---   require('gongwen.edit').commands  subcommands of :Gongwen
---   require('gongwen.edit').plugs     <Plug> mappings with their default keys
---   require('gongwen.edit').setup()   options of this layer
--- and the functions below. Every edit is one undo step, changes only the lines it
--- is about, and is refused on a buffer whose 'modifiable' is off.

local base = require('gongwen.edit.base')

local M = {}

-- {{{ functions

--- Inserts the skeleton of a report type at the cursor through vim.snippet
--- (:Gongwen skeleton [type]); without `type`, offers the types through vim.ui.select.
---@param bufnr? integer
---@param type? string template id (see require('gongwen.templates').ids())
---@return boolean inserted synchronously
function M.skeleton(bufnr, type)
  return require('gongwen.edit.insert').skeleton(bufnr, type)
end

--- Inserts the next heading at the cursor's level, or with `opts.child` the first
--- heading one level down (:Gongwen heading[!]). Returns the new heading's line.
---@param bufnr? integer
---@param opts? { child?: boolean }
---@return integer?
function M.heading(bufnr, opts)
  return require('gongwen.edit.insert').heading(bufnr, opts)
end

--- Fixes every numbering sequence (:Gongwen renumber[!]); `opts.normalize` writes
--- the GB/T 9704 forms. Returns the changes made.
---@param bufnr? integer
---@param opts? { normalize?: boolean, quiet?: boolean }
---@return gongwen.edit.Change[]?
function M.renumber(bufnr, opts)
  return require('gongwen.edit.number').renumber(bufnr, opts)
end

--- Tidies pasted text (:[range]Gongwen reflow[!]); `opts.residue` also removes
--- template residue. `opts.first`/`opts.last`: 0-based, end-exclusive line range.
---@param bufnr? integer
---@param opts? { first?: integer, last?: integer, residue?: boolean, quiet?: boolean }
---@return gongwen.edit.ReflowResult?
function M.reflow(bufnr, opts)
  return require('gongwen.edit.reflow').reflow(bufnr, opts)
end

--- Character counts per section and in total, placeholders left, length budget
--- (:Gongwen stats [budget]). With `opts.quiet` only returns them.
---@param bufnr? integer
---@param opts? { budget?: integer, quiet?: boolean }
---@return gongwen.edit.Stats?
function M.stats(bufnr, opts)
  return require('gongwen.edit.stats').show(bufnr, opts)
end

--- Moves the section under the cursor with its subsections past `count` sibling
--- sections (:Gongwen move up|down [count]).
---@param bufnr? integer
---@param dir 'up'|'down'
---@param count? integer
---@return boolean changed
function M.move(bufnr, dir, count)
  return require('gongwen.edit.structure').move(bufnr, dir, count)
end

--- Promotes the section under the cursor one level (:Gongwen promote).
---@param bufnr? integer
---@return boolean changed
function M.promote(bufnr)
  return require('gongwen.edit.structure').promote(bufnr)
end

--- Demotes the section under the cursor one level (:Gongwen demote).
---@param bufnr? integer
---@return boolean changed
function M.demote(bufnr)
  return require('gongwen.edit.structure').demote(bufnr)
end

-- }}}

-- {{{ setup

---@class gongwen.edit.Options
---@field templates? table<string, table|false> add, override (fields merged onto a built-in) or remove (false) report types
---@field aspects? table<integer, string[]> year → aspect headings of the 对照检查材料 types
---@field budget? integer|false length budget of :Gongwen stats in characters (false: none)
---@field snippet? boolean expand skeletons and headings through vim.snippet (default true)
---@field jump_maps? boolean Neovim 0.10: map <Tab>/<S-Tab> in the buffer while a snippet is active (default true)

--- Configures the writing layer; may be called again (options accumulate).
---@param opts? gongwen.edit.Options
function M.setup(opts)
  opts = opts or {}
  if type(opts) ~= 'table' then
    error('gongwen.edit.setup: opts must be a table', 2)
  end
  local known = { templates = 'table', aspects = 'table', budget = 'number', snippet = 'boolean', jump_maps = 'boolean' }
  for k, v in pairs(opts) do
    local want = known[k]
    if not want then
      base.notify(('gongwen.edit.setup: unknown option %q (ignored)'):format(tostring(k)), vim.log.levels.WARN)
    elseif type(v) ~= want and not (k == 'budget' and v == false) then
      error(('gongwen.edit.setup: %s must be a %s, got %s'):format(k, want, type(v)), 2)
    end
  end
  if opts.budget ~= nil and opts.budget ~= false and (opts.budget < 1 or opts.budget % 1 ~= 0) then
    error('gongwen.edit.setup: budget must be a positive integer or false', 2)
  end
  if opts.templates or opts.aspects then
    require('gongwen.templates').setup({ templates = opts.templates, aspects = opts.aspects })
  end
  if opts.budget ~= nil then
    require('gongwen.edit.stats').options.budget = opts.budget or nil
  end
  local insert = require('gongwen.edit.insert')
  if opts.snippet ~= nil then
    insert.options.snippet = opts.snippet
  end
  if opts.jump_maps ~= nil then
    insert.options.jump_maps = opts.jump_maps
  end
end

--- Back to the defaults (tests).
function M.reset()
  require('gongwen.templates').reset()
  require('gongwen.edit.stats').options.budget = nil
  local insert = require('gongwen.edit.insert')
  insert.options.snippet = true
  insert.options.jump_maps = true
end

-- }}}

-- {{{ :Gongwen subcommands

---@class gongwen.edit.Command
---@field name string subcommand name
---@field nargs '0'|'?'|'1'|'*'
---@field bang boolean the command uses !
---@field range boolean the command uses a line range
---@field complete? fun(arglead: string, args: string[]): string[]
---@field desc table<'zh'|'en', string>
---@field run fun(cmd: table) gets gongwen.CommandArgs ({args, bang, range, line1, line2, buf}; fargs also accepted)

---@param cmd table
---@return string[]
local function args_of(cmd)
  if cmd.args and type(cmd.args) == 'table' then
    return cmd.args
  end
  return vim.list_slice(cmd.fargs or {}, 2)
end

---@param list string[]
---@return fun(arglead: string): string[]
local function words(list)
  return function(arglead)
    return vim.tbl_filter(function(s)
      return vim.startswith(s, arglead or '')
    end, list)
  end
end

---@type gongwen.edit.Command[]
M.commands = {
  {
    name = 'skeleton',
    nargs = '?',
    bang = false,
    range = false,
    complete = function(arglead)
      return require('gongwen.edit.insert').complete_types(arglead)
    end,
    desc = { zh = '在光标处插入报告骨架', en = 'insert a report skeleton at the cursor' },
    run = function(cmd)
      M.skeleton(cmd.buf, args_of(cmd)[1])
    end,
  },
  {
    name = 'heading',
    nargs = '0',
    bang = true,
    range = false,
    desc = { zh = '插入下一个同级标题（!：下一级的第一个标题）', en = 'insert the next heading (!: the first one a level down)' },
    run = function(cmd)
      M.heading(cmd.buf, { child = cmd.bang })
    end,
  },
  {
    name = 'renumber',
    nargs = '0',
    bang = true,
    range = false,
    desc = { zh = '修正全文序号（!：统一为 GB/T 9704 样式）', en = 'fix all numbering (!: GB/T 9704 forms)' },
    run = function(cmd)
      M.renumber(cmd.buf, { normalize = cmd.bang })
    end,
  },
  {
    name = 'reflow',
    nargs = '0',
    bang = true,
    range = true,
    desc = { zh = '整理粘贴的文本：拆分、合并断行（!：并删除模板残留）', en = 'tidy pasted text: split, join wrapped lines (!: remove residue)' },
    run = function(cmd)
      local opts = { residue = cmd.bang }
      if (cmd.range or 0) > 0 then
        opts.first, opts.last = cmd.line1 - 1, cmd.line2
      end
      M.reflow(cmd.buf, opts)
    end,
  },
  {
    name = 'stats',
    nargs = '?',
    bang = false,
    range = false,
    desc = { zh = '字数统计（可给篇幅上限）', en = 'character counts (optional length budget)' },
    run = function(cmd)
      local a = args_of(cmd)[1]
      local budget
      if a then
        budget = tonumber(a)
        if not budget or budget < 1 or budget % 1 ~= 0 then
          base.notify(base.t('bad_budget', a), vim.log.levels.ERROR)
          return
        end
      end
      M.stats(cmd.buf, { budget = budget })
    end,
  },
  {
    name = 'move',
    nargs = '*',
    bang = false,
    range = false,
    complete = words({ 'up', 'down' }),
    desc = { zh = '上移/下移当前章节（连同下级）', en = 'move the section with its subsections up or down' },
    run = function(cmd)
      local a = args_of(cmd)
      local count = tonumber(a[2] or '1')
      if (a[1] ~= 'up' and a[1] ~= 'down') or not count then
        base.notify(base.t('bad_move_arg'), vim.log.levels.ERROR)
        return
      end
      M.move(cmd.buf, a[1], count)
    end,
  },
  {
    name = 'promote',
    nargs = '0',
    bang = false,
    range = false,
    desc = { zh = '当前章节升一级（下级随之调整）', en = 'promote the section one level (subsections follow)' },
    run = function(cmd)
      M.promote(cmd.buf)
    end,
  },
  {
    name = 'demote',
    nargs = '0',
    bang = false,
    range = false,
    desc = { zh = '当前章节降一级（下级随之调整）', en = 'demote the section one level (subsections follow)' },
    run = function(cmd)
      M.demote(cmd.buf)
    end,
  },
}

-- }}}

-- {{{ <Plug> mappings

---@class gongwen.edit.Plug
---@field lhs string the <Plug> name
---@field mode 'n'|'i'|'x'
---@field rhs function
---@field default? string buffer-local default key in report buffers (nil: none)
---@field desc string

local function cur()
  return vim.api.nvim_get_current_buf()
end

--- Line range of the Visual selection, leaving Visual mode (0-based, end-exclusive).
---@return integer, integer
local function visual_range()
  local a, b = vim.fn.line('v'), vim.fn.line('.')
  vim.cmd('normal! ' .. vim.keycode('<Esc>'))
  return math.min(a, b) - 1, math.max(a, b)
end

---@type gongwen.edit.Plug[]
M.plugs = {
  {
    lhs = '<Plug>(gongwen-skeleton)',
    mode = 'n',
    desc = 'insert a report skeleton',
    rhs = function()
      M.skeleton(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-heading)',
    mode = 'n',
    desc = 'insert the next heading',
    rhs = function()
      M.heading(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-heading)',
    mode = 'i',
    desc = 'insert the next heading',
    rhs = function()
      M.heading(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-heading-child)',
    mode = 'n',
    desc = 'insert the first heading one level down',
    rhs = function()
      M.heading(cur(), { child = true })
    end,
  },
  {
    lhs = '<Plug>(gongwen-heading-child)',
    mode = 'i',
    desc = 'insert the first heading one level down',
    rhs = function()
      M.heading(cur(), { child = true })
    end,
  },
  {
    lhs = '<Plug>(gongwen-move-up)',
    mode = 'n',
    desc = 'move the section up ([count] siblings)',
    rhs = function()
      M.move(cur(), 'up', vim.v.count1)
    end,
  },
  {
    lhs = '<Plug>(gongwen-move-down)',
    mode = 'n',
    desc = 'move the section down ([count] siblings)',
    rhs = function()
      M.move(cur(), 'down', vim.v.count1)
    end,
  },
  {
    lhs = '<Plug>(gongwen-promote)',
    mode = 'n',
    desc = 'promote the section one level',
    rhs = function()
      M.promote(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-demote)',
    mode = 'n',
    desc = 'demote the section one level',
    rhs = function()
      M.demote(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-renumber)',
    mode = 'n',
    desc = 'fix the numbering',
    rhs = function()
      M.renumber(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-reflow)',
    mode = 'n',
    desc = 'tidy pasted text (whole buffer)',
    rhs = function()
      M.reflow(cur())
    end,
  },
  {
    lhs = '<Plug>(gongwen-reflow)',
    mode = 'x',
    desc = 'tidy pasted text (selected lines)',
    rhs = function()
      local first, last = visual_range()
      M.reflow(cur(), { first = first, last = last })
    end,
  },
  {
    lhs = '<Plug>(gongwen-stats)',
    mode = 'n',
    desc = 'character counts',
    rhs = function()
      M.stats(cur())
    end,
  },
}

-- }}}

-- default keys: data in gongwen.edit.keys (the ftplugin reads it without loading this module)
for _, p in ipairs(M.plugs) do
  p.default = require('gongwen.edit.keys').default(p.lhs, p.mode)
end

--- Runs the <Plug> map `lhs` in `mode` (plugin/gongwen.lua defines the maps
--- without loading this module).
---@param lhs string e.g. '<Plug>(gongwen-heading)'
---@param mode string
function M.run_plug(lhs, mode)
  for _, p in ipairs(M.plugs) do
    if p.lhs == lhs and p.mode == mode then
      return p.rhs()
    end
  end
  error(('gongwen.edit.run_plug: no map %s in mode %s'):format(lhs, mode), 2)
end

return M
