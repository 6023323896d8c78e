---@brief :checkhealth gongwen

local M = {}

--- A small report the analyzer must understand: a title, three headings, two placeholders.
local SAMPLE = {
  '关于2024年度工作情况的报告',
  '',
  '一、工作完成情况',
  '今年共完成X项任务，覆盖XX个单位。',
  '二、存在的问题',
  '一是学习不够深入。二是调研不够扎实。',
  '三、下一步工作打算',
  '继续加强学习。',
}

---@param core table
---@return boolean ok
---@return string detail
local function analyze_sample(core)
  local ok, res = pcall(function()
    local doc = core.new()
    doc:set_lines(0, 0, SAMPLE)
    local kinds = doc:kinds()
    local n_ph = #doc:placeholders()
    local n_outline = #doc:outline()
    local diags = doc:diagnostics()
    doc:close()
    return { title = kinds[1], heading = kinds[3], ph = n_ph, outline = n_outline, diags = #diags }
  end)
  if not ok then
    return false, tostring(res)
  end
  local detail = ('line 1: %s, line 3: %s, %d placeholders, %d outline entries, %d diagnostics'):format(
    res.title,
    res.heading,
    res.ph,
    res.outline,
    res.diags
  )
  return res.title == 'title' and res.heading == 'heading' and res.ph == 2 and res.outline >= 4, detail
end

--- The tree-sitter parser: where it was loaded from, its ABI, every query file.
---@param health table vim.health
---@param native table gongwen.native
local function check_treesitter(health, native)
  local cfg = require('gongwen.config').get().treesitter
  if not cfg.enabled then
    health.info('treesitter.enabled = false: the parser is not loaded, the plugin highlights by itself')
    return
  end
  local ts = require('gongwen.treesitter')
  local info = ts.info()
  local st = info.status
  if not st.ok then
    health.warn('cannot load the parser: ' .. tostring(st.err), {
      cfg.path and ('check treesitter.path (%s)'):format(cfg.path)
        or ('build it: cd %s && make parser (a C compiler is all it needs)'):format(native.root),
      'without it the plugin highlights by itself; aerial.nvim, nvim-treesitter-textobjects, '
        .. 'the tree-sitter pickers and vim.treesitter.foldexpr() need it',
    })
    return
  end
  local from = ({
    option = 'treesitter.path ',
    plugin = 'the plugin: ',
    cpath = 'package.cpath (luarocks build): ',
    runtimepath = "'runtimepath'",
    preloaded = 'an earlier vim.treesitter.language.add()',
  })[st.source] or ''
  -- Neovim 0.10 reads ABI 13 and 14; the parser is generated for 14
  local abi = info.abi
  local abi_ok = abi and abi >= vim.treesitter.minimum_language_version and abi <= vim.treesitter.language_version
  local msg = ('parser gongwen loaded from %s%s, ABI %s (Neovim reads %d to %d)'):format(
    from,
    st.path or '',
    tostring(abi),
    vim.treesitter.minimum_language_version,
    vim.treesitter.language_version
  )
  if abi_ok then
    health.ok(msg)
  else
    health.error(msg, { ('rebuild it: cd %s && make parser'):format(native.root) })
  end
  local good, problems = {}, {}
  for _, name in ipairs(ts.QUERIES) do
    local q = info.queries[name]
    if q == true then
      good[#good + 1] = name
    elseif q ~= nil then
      problems[#problems + 1] = ('%s.scm: %s'):format(name, q)
    end
  end
  if #good > 0 then
    health.ok('queries load: ' .. table.concat(good, ', '))
  end
  for _, p in ipairs(problems) do
    health.error('query does not load: ' .. p, {
      'reinstall the plugin, or remove other queries/gongwen/ files on runtimepath',
    })
  end
  if #info.missing > 0 then
    health.error('queries not on runtimepath: ' .. table.concat(info.missing, ', '), {
      'the plugin directory (with queries/) must be on runtimepath',
    })
  end
  local bufs = {}
  local hl = package.loaded['vim.treesitter.highlighter']
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.bo[buf].filetype == 'gongwen' and hl and hl.active[buf] then
      bufs[#bufs + 1] = buf
    end
  end
  health.info(('tree-sitter highlighting in %d gongwen buffer(s); folds by %s'):format(
    #bufs,
    cfg.fold and 'vim.treesitter.foldexpr() (treesitter.fold)' or "the analyzer's sections"
  ))
end

function M.check()
  local health = vim.health
  local native = require('gongwen.native')

  health.start('gongwen: Neovim')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim ' .. version)
  else
    health.error('Neovim ' .. version .. ' is too old', { 'gongwen.nvim needs Neovim 0.10 or later' })
  end

  health.start('gongwen: C module (lua/gongwen/core.so)')
  local core, err = native.load()
  if not core then
    health.error('cannot load gongwen.core: ' .. tostring(err), {
      ('build it: cd %s && make'):format(native.root),
      'it needs a C compiler and the LuaJIT/Lua 5.1 headers (see the Makefile for packages)',
      'a module built for another Lua (5.2+) or another architecture cannot be loaded: rebuild it',
    })
  else
    local files = vim.api.nvim_get_runtime_file('lua/gongwen/core.so', true)
    health.ok(('gongwen.core %s loaded%s'):format(core.VERSION or '?', files[1] and ' from ' .. files[1] or ''))
    local ok, detail = analyze_sample(core)
    if ok then
      health.ok('analyzes a known report: ' .. detail)
    else
      health.error('the analyzer gives unexpected results on a known report: ' .. detail, {
        ('rebuild the module: cd %s && make'):format(native.root),
      })
    end
  end

  health.start('gongwen: command-line tool (build/gongwen)')
  local cli = native.root .. '/build/gongwen'
  if vim.fn.executable(cli) == 1 then
    local out = vim.fn.system({ cli, '--version' })
    local version = out:match('gongwen (%S+)')
    if vim.v.shell_error == 0 and version then
      if core and core.VERSION and version ~= core.VERSION then
        health.warn(('build/gongwen is %s but the module is %s'):format(version, core.VERSION), {
          ('rebuild both: cd %s && make'):format(native.root),
        })
      else
        health.ok('build/gongwen ' .. version .. ' (for batch checks and nvim-lint)')
      end
    else
      health.warn('build/gongwen does not run: ' .. vim.trim(out), { ('cd %s && make'):format(native.root) })
    end
  else
    health.info('build/gongwen not built (optional: batch checks, nvim-lint); make builds it')
  end

  health.start('gongwen: snippets')
  local snippets = vim.api.nvim_get_runtime_file('snippets/gongwen.json', false)
  if snippets[1] then
    health.ok('snippets/gongwen.json on runtimepath (LuaSnip, blink.cmp, mini.snippets load it)')
  else
    health.info('snippets/gongwen.json not on runtimepath; :Gongwen skeleton works without it')
  end

  health.start('gongwen: tree-sitter parser')
  check_treesitter(health, native)

  health.start('gongwen: configuration')
  local cfg = require('gongwen.config').get()
  health.info(('lang = %s, filetypes = %s, detect = %s, max_filesize = %d'):format(
    cfg.lang,
    table.concat(cfg.filetypes, ','),
    tostring(cfg.detect),
    cfg.max_filesize
  ))
  if vim.g.gongwen_disable and vim.g.gongwen_disable ~= 0 then
    health.warn('vim.g.gongwen_disable is set: the plugin is off')
  end
  local state = package.loaded['gongwen.state']
  local n = state and #state.buffers() or 0
  health.info(('%d attached buffer(s)'):format(n))
end

return M
