-- tests/install/check.lua: what a new user looks at after installing gongwen.nvim.
--
-- Run by tests/install/run.sh inside a Neovim started with that user's config
-- (isolated HOME and XDG directories, the plugin wherever the install path put it):
--     nvim --headless -c 'luafile tests/install/check.lua'
-- Environment:
--   GW_MODE     "built" (default) or "unbuilt" (a clone where make was never run)
--   GW_SAMPLE   the report to open (examples/sample-report.txt of the installed copy)
--   GW_SOURCE   the checkout the tests run from: nothing may be loaded from it
--   GW_VERSION  the version the C module must report (CHANGELOG.md, core/gw.h)
--   GW_OUT      file to write the results to, one per line:
--                 ok NAME            or    not ok NAME<tab>DETAIL
-- The script quits Neovim when done (exit status 0 whatever the results; the
-- runner reads GW_OUT and treats a missing or short file as a failure).

local api = vim.api
local mode = os.getenv('GW_MODE') or 'built'
local results = {}

-- Notifications from here on (the plugin reports through vim.notify).
local notes = {}
local real_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = { msg = tostring(msg), level = level or vim.log.levels.INFO }
  if (level or 0) >= vim.log.levels.ERROR then
    -- The default vim.notify reports errors with nvim_err_writeln(), which inside
    -- pcall(vim.cmd, …) becomes an exception; show them without that.
    api.nvim_echo({ { tostring(msg), 'ErrorMsg' } }, true, {})
    return
  end
  return real_notify(msg, level, opts)
end

local function check(name, fn)
  local ok, res, detail = xpcall(fn, debug.traceback)
  if ok and res then
    results[#results + 1] = 'ok ' .. name
  else
    local why = ok and (detail or 'failed') or ('error: ' .. tostring(res))
    why = tostring(why):gsub('\n', ' | ')
    results[#results + 1] = ('not ok %s\t%s'):format(name, why)
  end
end

local function realpath(p)
  return p and (vim.uv.fs_realpath(p) or p) or ''
end

local function messages()
  return api.nvim_exec2('messages', { output = true }).output or ''
end

-- Error lines in :messages (errors of scheduled callbacks land there too).
local function error_messages()
  local errs = {}
  for _, line in ipairs(vim.split(messages(), '\n')) do
    if line:match('^E%d+:') or line:match('Error') or line:match('stack traceback') then
      errs[#errs + 1] = line
    end
  end
  return errs
end

-- Closes every window but one and wipes the other buffers, so checks do not see
-- each other's windows.
local function reset()
  pcall(vim.cmd, 'silent! only!')
  pcall(vim.cmd, 'silent! tabonly!')
  vim.cmd('enew!')
end

-- The lines of :checkhealth gongwen.
local function health_lines()
  reset()
  vim.cmd('checkhealth gongwen')
  local lines = api.nvim_buf_get_lines(0, 0, -1, false)
  reset()
  return lines
end

local function help_resolves(tag, file)
  local ok, err = pcall(vim.cmd.help, tag)
  if not ok then
    return false, tostring(err)
  end
  local name = realpath(api.nvim_buf_get_name(0))
  vim.cmd('helpclose')
  if not name:match('/doc/' .. vim.pesc(file) .. '$') then
    return false, ':help ' .. tag .. ' opened ' .. name
  end
  return true
end

local source = os.getenv('GW_SOURCE')
local sample = assert(os.getenv('GW_SAMPLE'), 'GW_SAMPLE is not set')

-- Startup: nothing failed before this script ran.
check('startup without errors', function()
  local errs = error_messages()
  if vim.v.errmsg ~= '' then
    table.insert(errs, 1, 'v:errmsg=' .. vim.v.errmsg)
  end
  return #errs == 0, table.concat(errs, ' / ')
end)

check('one copy of the plugin on runtimepath, not the source checkout', function()
  local src = source and source ~= '' and realpath(source) or nil
  local copies = {}
  for _, dir in ipairs(api.nvim_list_runtime_paths()) do
    if vim.uv.fs_stat(dir .. '/plugin/gongwen.lua') then
      copies[#copies + 1] = dir
      local p = realpath(dir)
      if src and (p == src or vim.startswith(p, src .. '/')) then
        return false, 'the source checkout is on runtimepath: ' .. dir
      end
    end
  end
  return #copies == 1, ('%d copies: %s'):format(#copies, table.concat(copies, ', '))
end)

check(':Gongwen exists', function()
  return vim.fn.exists(':Gongwen') == 2, 'no :Gongwen command (plugin/gongwen.lua not sourced?)'
end)

check(':help gongwen resolves', function()
  for _, t in ipairs({ { 'gongwen', 'gongwen.txt' }, { 'gongwen-writing', 'gongwen-writing.txt' } }) do
    local ok, why = help_resolves(t[1], t[2])
    if not ok then
      return false, why
    end
  end
  -- The integrations file is new; check it when the installed copy has it.
  if #api.nvim_get_runtime_file('doc/gongwen-integrations.txt', false) > 0 then
    return help_resolves('gongwen-integrations', 'gongwen-integrations.txt')
  end
  return true
end)

if mode == 'built' then
  check('C module loads, version ' .. (os.getenv('GW_VERSION') or '?'), function()
    local core = require('gongwen.core')
    local want = os.getenv('GW_VERSION')
    return type(core.new) == 'function' and (not want or core.VERSION == want),
      ('gongwen.core VERSION %s, want %s'):format(tostring(core.VERSION), tostring(want))
  end)

  check('sample report: filetype gongwen, attached', function()
    reset()
    vim.cmd.edit(vim.fn.fnameescape(sample))
    return vim.bo.filetype == 'gongwen' and require('gongwen').is_attached(0),
      ('filetype=%s attached=%s'):format(vim.bo.filetype, tostring(require('gongwen').is_attached(0)))
  end)

  check('sample report: outline has entries', function()
    local outline = require('gongwen').get_outline(0) or {}
    local headings = 0
    for _, e in ipairs(outline) do
      if e.kind == 'heading' then
        headings = headings + 1
      end
    end
    return #outline >= 8 and outline[1].kind == 'title' and headings >= 6,
      ('%d entries, %d headings, first %s'):format(#outline, headings, outline[1] and outline[1].kind or '-')
  end)

  check('sample report: tree-sitter highlighting with the installed parser', function()
    -- the sample is the current buffer (previous check); parser/gongwen.so of
    -- the installed copy, or gongwen.parser on package.cpath for a luarocks build
    local st = require('gongwen.treesitter').register()
    local buf = api.nvim_get_current_buf()
    -- the ftplugin starts it right after itself (vim.schedule)
    vim.wait(2000, function()
      return vim.b[buf].gongwen_ts_pending == nil
    end, 1)
    local active = vim.treesitter.highlighter.active[buf] ~= nil
    local src = source and source ~= '' and realpath(source) or nil
    local from = realpath(st.path)
    if src and (from == src or vim.startswith(from, src .. '/')) then
      return false, 'the parser was loaded from the source checkout: ' .. from
    end
    local caps = {}
    -- Neovim 0.11+ parses for the highlighter on redraw, asynchronously: parse now
    vim.treesitter.get_parser(buf):parse()
    local row = (require('gongwen').get_outline(0) or {})[2]
    for _, c in ipairs(row and vim.treesitter.get_captures_at_pos(buf, row.line, 0) or {}) do
      caps[#caps + 1] = c.capture
    end
    local want = row and ('markup.heading.' .. row.rank)
    return st.ok and active and vim.tbl_contains(caps, want) and (st.source == 'plugin' or st.source == 'cpath'),
      ('registered=%s source=%s path=%s err=%s active=%s captures at the first heading: %s (want %s)'):format(
        tostring(st.ok),
        tostring(st.source),
        tostring(st.path),
        tostring(st.err),
        tostring(active),
        table.concat(caps, ','),
        tostring(want)
      )
  end)

  check(']] goes to the next heading', function()
    local outline = require('gongwen').get_outline(0) or {}
    api.nvim_win_set_cursor(0, { 1, 0 })
    vim.cmd('normal ]]')
    local want = outline[2] and outline[2].line + 1
    local got = api.nvim_win_get_cursor(0)[1]
    return got == want, ('cursor on line %d, want %s'):format(got, tostring(want))
  end)

  check(':Gongwen outline opens the outline window', function()
    local src = api.nvim_get_current_win()
    vim.cmd('Gongwen outline')
    local found
    for _, w in ipairs(api.nvim_tabpage_list_wins(0)) do
      local b = api.nvim_win_get_buf(w)
      if vim.bo[b].filetype == 'gongwenoutline' then
        found = api.nvim_buf_line_count(b)
      end
    end
    if api.nvim_win_is_valid(src) then
      api.nvim_set_current_win(src)
    end
    vim.cmd('Gongwen outline') -- toggles it closed
    return found and found >= 5, 'outline window lines: ' .. tostring(found)
  end)

  check(':checkhealth gongwen has no ERROR', function()
    local lines = health_lines()
    local errors, ok_module = {}, false
    for _, l in ipairs(lines) do
      if l:match('ERROR') then
        errors[#errors + 1] = vim.trim(l)
      end
      if l:match('gongwen%.core .* loaded') then
        ok_module = true
      end
    end
    if #lines < 5 then
      return false, 'checkhealth printed ' .. #lines .. ' lines'
    end
    return #errors == 0 and ok_module, #errors > 0 and table.concat(errors, ' / ') or 'no "gongwen.core … loaded" line'
  end)
else
  -- Unbuilt: the plugin must say once what to run, and break nothing else.
  local before = #notes
  local function make_messages()
    local n = 0
    for i = before + 1, #notes do
      if notes[i].msg:match('make') then
        n = n + 1
      end
    end
    return n
  end
  check('opening a report says to run make', function()
    reset()
    vim.cmd.edit(vim.fn.fnameescape(sample))
    vim.wait(50)
    return make_messages() == 1, ('%d messages mention make (want 1): %s'):format(
      make_messages(),
      table.concat(vim.tbl_map(function(n)
        return n.msg
      end, vim.list_slice(notes, before + 1)), ' / ')
    )
  end)

  check(']], :Gongwen outline, :Gongwen check: no second message, nothing throws', function()
    local throws = {}
    local function try(what, fn)
      local ok, err = pcall(fn)
      if not ok then
        throws[#throws + 1] = what .. ': ' .. tostring(err)
      end
    end
    try(']]', function()
      vim.cmd('normal ]]')
    end)
    try('Gongwen outline', function()
      vim.cmd('Gongwen outline')
    end)
    try('Gongwen check', function()
      vim.cmd('Gongwen check')
    end)
    vim.wait(100)
    local errors = {}
    for i = before + 1, #notes do
      local n = notes[i]
      if n.level >= vim.log.levels.ERROR and not n.msg:match('make') then
        errors[#errors + 1] = n.msg
      end
    end
    if #throws > 0 then
      return false, table.concat(throws, ' / ')
    end
    if make_messages() > 1 then
      return false, ('%d messages mention make (want 1)'):format(make_messages())
    end
    return #errors == 0, 'other errors: ' .. table.concat(errors, ' / ')
  end)

  check(':checkhealth gongwen explains (ERROR with "make")', function()
    local lines = health_lines()
    local text = table.concat(lines, '\n')
    return text:match('ERROR[^\n]*gongwen%.core') ~= nil and text:match('&& make') ~= nil,
      'no ERROR about gongwen.core with the make advice in: ' .. text:sub(1, 400)
  end)

  check('other files still work', function()
    reset()
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    vim.fn.writefile({ 'local x = 1' }, dir .. '/a.lua')
    vim.fn.writefile({ 'just some notes', 'nothing else' }, dir .. '/notes.txt')
    vim.cmd.edit(dir .. '/a.lua')
    local lua_ft = vim.bo.filetype
    vim.cmd.edit(dir .. '/notes.txt')
    local txt_ft = vim.bo.filetype
    return lua_ft == 'lua' and txt_ft == 'text', ('a.lua: %s, notes.txt: %s'):format(lua_ft, txt_ft)
  end)
end

-- Let scheduled callbacks run, then look for errors they raised.
vim.wait(300)
check('no errors while checking', function()
  local errs = {}
  for _, line in ipairs(error_messages()) do
    -- the one expected message of an unbuilt install
    if not (mode == 'unbuilt' and line:match('make')) then
      errs[#errs + 1] = line
    end
  end
  for _, n in ipairs(notes) do
    if n.level >= vim.log.levels.ERROR and not (mode == 'unbuilt' and n.msg:match('make')) then
      errs[#errs + 1] = n.msg
    end
  end
  return #errs == 0, table.concat(errs, ' / ')
end)

local out = assert(os.getenv('GW_OUT'), 'GW_OUT is not set')
local f = assert(io.open(out, 'w'))
f:write(table.concat(results, '\n'), '\n')
f:close()
vim.cmd('qa!')
