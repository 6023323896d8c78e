-- tests/install/integrations.lua: the integration recipes of doc/gongwen-integrations.txt,
-- run inside Neovim with gongwen.nvim installed and built (tests/install/run.sh uses the
-- native-package install):  GW_PLUGIN=<plugin dir> GW_OUT=<file> nvim --headless -c 'luafile …'
--
-- nvim-lint, lualine and the snippet engines cannot be downloaded in the test
-- environment. What is tested is our side of each contract:
--   nvim-lint  the CLI's SARIF has the fields nvim-lint's for_sarif() parser reads
--              (runs[].tool.driver.name/rules, results[].ruleId/level/message.text/
--              locations[].physicalLocation.artifactLocation.uri/region.startLine/
--              startColumn/endLine/endColumn); the recipe's parser, taken verbatim from
--              the help file and given a stand-in for_sarif() that only records what
--              it is handed, names the buffer and turns character columns into byte
--              columns that match the plugin's own diagnostics
--   snippets   the files LuaSnip / mini.snippets / blink.cmp look up on 'runtimepath'
--   lualine    lua/lualine/components/gongwen.lua on a stand-in of lualine's component
--              base class (lualine.component: extend(), init(), new())
--   breadcrumb require('gongwen').breadcrumb() for a cursor position
--   CLI        build/gongwen --version
-- Writes "ok NAME" / "not ok NAME<tab>DETAIL" lines to GW_OUT, then quits.

local api = vim.api
local plugin = assert(os.getenv('GW_PLUGIN'), 'GW_PLUGIN is not set')
local results = {}

local function check(name, fn)
  local ok, res, detail = xpcall(fn, debug.traceback)
  if ok and res then
    results[#results + 1] = 'ok ' .. name
  else
    local why = ok and (detail or 'failed') or ('error: ' .. tostring(res))
    results[#results + 1] = ('not ok %s\t%s'):format(name, (tostring(why):gsub('\n', ' | ')))
  end
end

local function readfile(p)
  local f = assert(io.open(p, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local sample = plugin .. '/examples/sample-report.txt'
local cli = plugin .. '/build/gongwen'

-- The sample report, attached, with the plugin's own diagnostics published.
vim.cmd.edit(vim.fn.fnameescape(sample))
local buf = api.nvim_get_current_buf()
local ns = api.nvim_get_namespaces().gongwen
vim.wait(5000, function()
  return ns ~= nil and #vim.diagnostic.get(buf, { namespace = ns }) > 0
end, 20)
ns = api.nvim_get_namespaces().gongwen

local function run_cli(args, input)
  local r = vim.system(vim.list_extend({ cli }, args), { stdin = input, text = true }):wait()
  return r
end

local version = (readfile(plugin .. '/core/gw.h')):match('#define GW_VERSION "([^"]+)"')

check('CLI: build/gongwen --version', function()
  local r = run_cli({ '--version' })
  return r.code == 0 and vim.trim(r.stdout) == 'gongwen ' .. tostring(version),
    ('status %d, printed %q, want "gongwen %s"'):format(r.code, r.stdout, tostring(version))
end)

-- What nvim-lint writes to the linter's stdin: each buffer line and "\n".
local function buffer_input(b)
  return table.concat(api.nvim_buf_get_lines(b, 0, -1, false), '\n') .. '\n'
end

local sarif_text
check('nvim-lint: SARIF of `gongwen check --format=sarif -` has what for_sarif reads', function()
  local r = run_cli({ 'check', '--format=sarif', '-' }, buffer_input(buf))
  if r.code ~= 0 and r.code ~= 1 then
    return false, ('status %d: %s'):format(r.code, r.stderr)
  end
  sarif_text = r.stdout
  local ok, s = pcall(vim.json.decode, r.stdout)
  if not ok or type(s) ~= 'table' then
    return false, 'not JSON: ' .. tostring(s)
  end
  local p = {}
  local function need(cond, what)
    if not cond then
      p[#p + 1] = what
    end
  end
  need(s.version == '2.1.0', 'version "2.1.0"')
  need(type(s.runs) == 'table' and #s.runs == 1, 'one run')
  local run = s.runs and s.runs[1] or {}
  local driver = vim.tbl_get(run, 'tool', 'driver') or {}
  need(driver.name == 'gongwen', 'runs[1].tool.driver.name "gongwen" (the diagnostics\' source)')
  need(driver.version == version, 'runs[1].tool.driver.version ' .. tostring(version))
  local rules = {}
  for _, rule in ipairs(driver.rules or {}) do
    rules[rule.id] = rule
  end
  need(next(rules) ~= nil, 'runs[1].tool.driver.rules with ids')
  need(run.columnKind == 'unicodeCodePoints', 'columnKind "unicodeCodePoints"')
  local results_ = run.results or {}
  need(#results_ > 0, 'results for the sample report')
  local nlines = api.nvim_buf_line_count(buf)
  local levels = { error = true, warning = true, note = true }
  for i, res in ipairs(results_) do
    local at = ('results[%d] '):format(i)
    need(type(res.ruleId) == 'string' and res.ruleId:match('^GW%d+$') and rules[res.ruleId], at .. 'ruleId of a rule')
    need(levels[res.level], at .. 'level error|warning|note')
    need(res.kind == nil or res.kind == 'fail', at .. 'kind absent or "fail" (for_sarif drops others)')
    need(res.ruleIndex == nil, at .. 'no ruleIndex (for_sarif would take the message from the rule)')
    need(type(vim.tbl_get(res, 'message', 'text')) == 'string' and res.message.text ~= '', at .. 'message.text')
    need(type(res.locations) == 'table' and #res.locations >= 1, at .. 'locations')
    for _, loc in ipairs(res.locations or {}) do
      local pl = loc.physicalLocation or {}
      local rg = pl.region or {}
      need(vim.tbl_get(pl, 'artifactLocation', 'uri') == '<stdin>', at .. 'artifactLocation.uri "<stdin>"')
      need(type(rg.startLine) == 'number' and rg.startLine >= 1 and rg.startLine <= nlines, at .. 'region.startLine')
      need(type(rg.startColumn) == 'number' and rg.startColumn >= 1, at .. 'region.startColumn')
      need(type(rg.endLine) == 'number' and rg.endLine >= rg.startLine, at .. 'region.endLine')
      need(type(rg.endColumn) == 'number' and rg.endColumn >= 1, at .. 'region.endColumn')
    end
  end
  return #p == 0, table.concat(p, '; ')
end)

-- The recipe: the first ">lua" block after *gongwen-nvim-lint-recipe* in the help file.
local function recipe_code()
  local lines = vim.split(readfile(plugin .. '/doc/gongwen-integrations.txt'), '\n')
  local i = 1
  while i <= #lines and not lines[i]:find('*gongwen-nvim-lint-recipe*', 1, true) do
    i = i + 1
  end
  while i <= #lines and not lines[i]:match('>lua%s*$') do
    i = i + 1
  end
  local code = {}
  for j = i + 1, #lines do
    if lines[j]:match('^<') or lines[j]:match('^%S') then
      break
    end
    code[#code + 1] = lines[j]:gsub('^    ', '')
  end
  assert(#code > 5, 'no recipe found after *gongwen-nvim-lint-recipe*')
  return table.concat(code, '\n')
end

check('nvim-lint: the recipe names the buffer and gives byte columns', function()
  assert(sarif_text, 'no SARIF (previous check failed)')
  -- Stand-ins: require('lint') and require('lint.parser').for_sarif() as the recipe
  -- uses them; for_sarif's parser records its input and returns nothing.
  local handed
  local lint = { linters = {}, linters_by_ft = {}, try_lint = function() end }
  package.loaded['lint'] = lint
  package.loaded['lint.parser'] = {
    for_sarif = function()
      return function(output, bufnr)
        handed = { output = output, bufnr = bufnr }
        return {}
      end
    end,
  }
  assert(loadstring(recipe_code(), '=gongwen-nvim-lint-recipe'))()
  package.loaded['lint'], package.loaded['lint.parser'] = nil, nil
  local def = lint.linters.gongwen
  local p = {}
  if type(def) ~= 'table' then
    return false, 'the recipe defines no lint.linters.gongwen'
  end
  if not vim.tbl_contains(lint.linters_by_ft.gongwen or {}, 'gongwen') then
    p[#p + 1] = 'linters_by_ft.gongwen lacks "gongwen"'
  end
  local cmd = type(def.cmd) == 'function' and def.cmd() or def.cmd
  if vim.fn.resolve(cmd) ~= vim.fn.resolve(cli) then
    p[#p + 1] = ('cmd is %s, want the plugin\'s %s'):format(tostring(cmd), cli)
  end
  if not def.stdin or not def.ignore_exitcode then
    p[#p + 1] = 'stdin and ignore_exitcode must be true'
  end
  -- Run it the way nvim-lint does, and hand the output to the recipe's parser.
  local r = run_cli(vim.list_slice(def.args, 1), buffer_input(buf))
  def.parser(r.stdout, buf, vim.fn.getcwd())
  if not handed then
    return false, 'the parser did not call for_sarif\'s parser'
  end
  local s = vim.json.decode(handed.output)
  local got, want = {}, {}
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  for _, res in ipairs(vim.tbl_get(s, 'runs', 1, 'results') or {}) do
    for _, loc in ipairs(res.locations) do
      local uri = loc.physicalLocation.artifactLocation.uri
      -- nvim-lint keeps a result when its URI names the linted buffer
      if not (uri:match('^file://') and vim.uri_to_bufnr(uri) == buf) then
        p[#p + 1] = 'uri ' .. uri .. ' does not name the buffer'
      end
      local rg = loc.physicalLocation.region
      local line = lines[rg.startLine]
      if rg.startColumn - 1 > #line then
        p[#p + 1] = ('%s: startColumn %d past the end of line %d'):format(res.ruleId, rg.startColumn, rg.startLine)
      end
      got[#got + 1] = ('%s %d:%d'):format(res.ruleId, rg.startLine - 1, rg.startColumn - 1)
    end
  end
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
    want[#want + 1] = ('%s %d:%d'):format(d.code, d.lnum, d.col)
  end
  table.sort(got)
  table.sort(want)
  if #want == 0 then
    p[#p + 1] = 'the plugin published no diagnostics to compare with'
  elseif table.concat(got, ', ') ~= table.concat(want, ', ') then
    p[#p + 1] = ('positions differ: recipe %s; plugin %s'):format(table.concat(got, ', '), table.concat(want, ', '))
  end
  return #p == 0, table.concat(p, '; ')
end)

check('snippets: package.json and snippets/gongwen.json on runtimepath', function()
  -- LuaSnip's from_vscode lazy_load() reads package.json files on 'runtimepath';
  -- mini.snippets' from_lang() reads snippets/<lang>.json there.
  local pkg = api.nvim_get_runtime_file('package.json', true)
  local json = api.nvim_get_runtime_file('snippets/gongwen.json', true)
  local function ours(list)
    for _, f in ipairs(list) do
      if vim.startswith(vim.fn.resolve(f), vim.fn.resolve(plugin)) then
        return true
      end
    end
  end
  return ours(pkg) and ours(json), ('package.json: %s; snippets/gongwen.json: %s'):format(
    table.concat(pkg, ','),
    table.concat(json, ',')
  )
end)

-- The cursor on "2.加强督促指导" (line 8): title › 一、 › （二） › 2.
local function find_line(prefix)
  for i, l in ipairs(api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if vim.startswith(l, prefix) then
      return i
    end
  end
end

check('breadcrumb: the section path at the cursor', function()
  local lnum = assert(find_line('2.加强督促指导'), 'sample report changed: no "2.加强督促指导" line')
  api.nvim_win_set_cursor(0, { lnum, 0 })
  local crumb = require('gongwen').breadcrumb()
  local parts = vim.split(crumb, ' › ', { plain = true })
  local want = { '述职报告', '^一、履行职责情况', '^（二）压实党建主体责任', '^2%.加强督促指导' }
  local ok = #parts == #want
  for i, w in ipairs(want) do
    ok = ok and parts[i] ~= nil and parts[i]:find(w) ~= nil
  end
  local other = require('gongwen').breadcrumb({ sep = ' / ' })
  ok = ok and other == table.concat(parts, ' / ')
  return ok, ('breadcrumb %q'):format(crumb)
end)

check('lualine: component "gongwen" (lua/lualine/components/gongwen.lua)', function()
  -- A stand-in for lualine.component: lualine's class (extend/init/new/__call)
  -- whose init() stores the options, which is what the component relies on.
  local Object = {}
  Object.__index = Object
  function Object:init(options)
    self.options = options or {}
  end
  function Object:extend()
    local cls = {}
    for k, v in pairs(self) do
      if k:find('__') == 1 then
        cls[k] = v
      end
    end
    cls.__index = cls
    cls.super = self
    return setmetatable(cls, self)
  end
  function Object:new(...)
    local obj = setmetatable({}, self)
    obj:init(...)
    return obj
  end
  Object.__call = Object.new
  package.loaded['lualine.component'] = Object
  package.loaded['lualine.components.gongwen'] = nil
  local C = require('lualine.components.gongwen')
  package.loaded['lualine.component'] = nil

  local p = {}
  local c = C({ component_name = 'gongwen' })
  local lnum = find_line('2.加强督促指导')
  api.nvim_set_current_buf(buf)
  api.nvim_win_set_cursor(0, { lnum, 0 })
  local status = c:update_status()
  if status ~= require('gongwen').breadcrumb() or status == '' then
    p[#p + 1] = ('status %q, breadcrumb %q'):format(status, require('gongwen').breadcrumb())
  end
  local c2 = C({ component_name = 'gongwen', sep = ' > ' })
  if c2:update_status() ~= require('gongwen').breadcrumb({ sep = ' > ' }) then
    p[#p + 1] = 'option sep ignored: ' .. c2:update_status()
  end
  -- an unattached buffer: empty, so lualine hides the component
  vim.cmd('enew')
  if c:update_status() ~= '' then
    p[#p + 1] = 'not empty in an unattached buffer: ' .. c:update_status()
  end
  -- a % in a heading is doubled (lualine's result is a statusline string)
  api.nvim_buf_set_lines(0, 0, -1, false, { '关于工作的报告', '', '一、完成率100%的情况', '正文。', '二、其他', '正文。' })
  require('gongwen').attach(0)
  api.nvim_win_set_cursor(0, { 4, 0 })
  local pct = c:update_status()
  if not pct:find('100%%%%', 1) or pct:find('[^%%]%%[^%%]') then
    p[#p + 1] = ('%% not doubled: %q'):format(pct)
  end
  vim.cmd('bwipeout!')
  return #p == 0, table.concat(p, '; ')
end)

local f = assert(io.open(assert(os.getenv('GW_OUT'), 'GW_OUT is not set'), 'w'))
f:write(table.concat(results, '\n'), '\n')
f:close()
vim.cmd('qa!')
