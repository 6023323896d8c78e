-- tests/install/static.lua: checks of files a user or a plugin manager reads, no
-- plugin loaded:  GW_ROOT=<checkout> GW_OUT=<file> nvim -l tests/install/static.lua
--   rockspec   loads (Lua syntax), required fields, lists every Lua file and C
--              source (the tree-sitter parser's too), copies queries/, is not at
--              the root (where lazy.nvim would act on it)
--   snippets   snippets/gongwen.json in the VS Code snippet format, package.json
--              contributes it, bodies parse as LSP snippets
--   docs       help files: one encoding per directory (else :helptags fails with
--              E670 in Neovim 0.10), gongwen- tag prefixes, no duplicate tags;
--              README names every option and every install path
--   versions   CHANGELOG.md, core/gw.h, package.json agree; CHANGELOG form
-- Writes one line per check to GW_OUT: "ok NAME", "not ok NAME<tab>DETAIL", "skip NAME<tab>WHY".

local root = assert(os.getenv('GW_ROOT'), 'GW_ROOT is not set')
local out = {}

local function check(name, fn)
  local ok, res, detail = xpcall(fn, debug.traceback)
  if ok and res == 'skip' then
    out[#out + 1] = ('skip %s\t%s'):format(name, detail)
  elseif ok and res then
    out[#out + 1] = 'ok ' .. name
  else
    local why = ok and (detail or 'failed') or ('error: ' .. tostring(res))
    out[#out + 1] = ('not ok %s\t%s'):format(name, (tostring(why):gsub('\n', ' | ')))
  end
end

local function read(rel)
  local f = io.open(root .. '/' .. rel, 'rb')
  if not f then
    return nil
  end
  local s = f:read('*a')
  f:close()
  return s
end

local function exists(rel)
  return vim.uv.fs_stat(root .. '/' .. rel) ~= nil
end

--- Files under dir (relative to root) whose name matches pattern, recursively.
local function files(dir, pattern)
  local list = {}
  for name, type in vim.fs.dir(root .. '/' .. dir, { depth = 10 }) do
    if type == 'file' and name:match(pattern) then
      list[#list + 1] = dir .. '/' .. name
    end
  end
  table.sort(list)
  return list
end

local function fail_list(problems)
  return #problems == 0, table.concat(problems, '; ')
end

-- ------------------------------------------------------------------ rockspec

local rockspec_path = 'rockspec/gongwen.nvim-scm-1.rockspec'
local spec ---@type table?

check('rockspec: Lua syntax and required fields', function()
  local src = read(rockspec_path)
  if not src then
    return false, rockspec_path .. ' is missing'
  end
  -- luarocks loads a rockspec as a chunk whose globals are the fields.
  local env = {}
  local chunk, err = load(src, '@' .. rockspec_path, 't', env)
  if not chunk then
    return false, err
  end
  local ok, rerr = pcall(chunk)
  if not ok then
    return false, rerr
  end
  spec = env
  local p = {}
  local function need(cond, what)
    if not cond then
      p[#p + 1] = what
    end
  end
  need(env.rockspec_format == '3.0', 'rockspec_format "3.0"')
  need(env.package == 'gongwen.nvim', 'package "gongwen.nvim"')
  need(type(env.version) == 'string' and env.version:match('^[%w.]+%-%d+$'), 'version like scm-1 or 0.1.0-1')
  need(rockspec_path:match('/' .. vim.pesc(env.package .. '-' .. tostring(env.version)) .. '%.rockspec$'),
    'file name <package>-<version>.rockspec')
  need(type(env.source) == 'table' and type(env.source.url) == 'string', 'source.url')
  need(type(env.description) == 'table' and type(env.description.summary) == 'string', 'description.summary')
  need(type(env.dependencies) == 'table' and vim.tbl_contains(env.dependencies, 'lua == 5.1'), 'dependency lua == 5.1')
  need(type(env.build) == 'table' and env.build.type == 'builtin', 'build.type "builtin"')
  need(type(env.build) == 'table' and type(env.build.modules) == 'table', 'build.modules')
  return fail_list(vim.tbl_map(function(w)
    return 'needs ' .. w
  end, p))
end)

check('rockspec: every Lua file and C source listed, copied directories exist', function()
  if not spec then
    return false, 'rockspec did not load'
  end
  local p = {}
  local modules = spec.build.modules
  local listed = {}
  for name, m in pairs(modules) do
    if type(m) == 'string' then
      listed[m] = name
      if not exists(m) then
        p[#p + 1] = ('%s: %s does not exist'):format(name, m)
      end
    else
      for _, s in ipairs(m.sources or {}) do
        if not exists(s) then
          p[#p + 1] = ('%s: %s does not exist'):format(name, s)
        end
      end
    end
  end
  for _, f in ipairs(files('lua', '%.lua$')) do
    local mod = f:gsub('^lua/', ''):gsub('%.lua$', ''):gsub('/init$', ''):gsub('/', '.')
    if listed[f] ~= mod then
      p[#p + 1] = ('%s is not listed as [%q] in build.modules'):format(f, mod)
    end
  end
  -- The C sources the Makefile compiles into the module are the ones listed.
  local mk = read('Makefile') or ''
  local core_src = mk:match('CORE_SRC%s*:=%s*([^\n]+)') or ''
  local want = vim.split(vim.trim(core_src), '%s+')
  table.insert(want, 'core/lua_gongwen.c')
  local have = modules['gongwen.core'] and modules['gongwen.core'].sources or {}
  table.sort(want)
  local sorted = vim.deepcopy(have)
  table.sort(sorted)
  if table.concat(want, ' ') ~= table.concat(sorted, ' ') then
    p[#p + 1] = ('gongwen.core sources %s, the Makefile compiles %s'):format(table.concat(sorted, ' '), table.concat(want, ' '))
  end
  -- The tree-sitter parser: the sources the Makefile links into parser/gongwen.so.
  local parser = modules['gongwen.parser']
  if type(parser) ~= 'table' then
    p[#p + 1] = 'no gongwen.parser module (the tree-sitter parser)'
  else
    local rule = mk:match('\n%$%(PARSER%):[^\n]*\n(.-)\n\n') or ''
    local mk_src = {}
    for src in rule:gmatch('%-c %-o %S+ (grammar/src/%S+%.c)') do
      mk_src[#mk_src + 1] = src
    end
    table.sort(mk_src)
    local ps = vim.deepcopy(parser.sources or {})
    table.sort(ps)
    if #mk_src == 0 or table.concat(mk_src, ' ') ~= table.concat(ps, ' ') then
      p[#p + 1] = ('gongwen.parser sources %s, the Makefile compiles %s into parser/gongwen.so'):format(
        table.concat(ps, ' '),
        table.concat(mk_src, ' ')
      )
    end
    if not vim.tbl_contains(parser.incdirs or {}, 'grammar/src') then
      p[#p + 1] = 'gongwen.parser needs incdirs grammar/src (tree_sitter/parser.h)'
    end
  end
  for _, d in ipairs(spec.build.copy_directories or {}) do
    if not exists(d) then
      p[#p + 1] = 'copy_directories: ' .. d .. ' does not exist'
    end
  end
  for _, d in ipairs({ 'plugin', 'ftplugin', 'doc', 'queries' }) do
    if not vim.tbl_contains(spec.build.copy_directories or {}, d) then
      p[#p + 1] = 'copy_directories lacks ' .. d
    end
  end
  return fail_list(p)
end)

check('rockspec: none at the repository root (lazy.nvim would run luarocks)', function()
  local p = {}
  for name, type in vim.fs.dir(root) do
    if type == 'file' and (name:match('%.rockspec$') or name == 'pkg.json') then
      p[#p + 1] = name
    end
  end
  return #p == 0,
    'at the root: ' .. table.concat(p, ', ') .. ' (lazy.nvim reads *-scm-1/-git-1/-dev-1.rockspec and pkg.json there)'
end)

-- ------------------------------------------------------------------ snippets

local function is_string_list(v)
  if type(v) ~= 'table' or #v == 0 then
    return false
  end
  for k, s in pairs(v) do
    if type(k) ~= 'number' or type(s) ~= 'string' then
      return false
    end
  end
  return true
end

local snippets ---@type table?

check('snippets: snippets/gongwen.json in the VS Code snippet format', function()
  local src = read('snippets/gongwen.json')
  if not src then
    return false, 'snippets/gongwen.json is missing'
  end
  local ok, data = pcall(vim.json.decode, src)
  if not ok or type(data) ~= 'table' or vim.islist(data) then
    return false, 'not a JSON object: ' .. tostring(data)
  end
  snippets = data
  local p, prefixes, n = {}, {}, 0
  local allowed = { prefix = true, body = true, description = true, scope = true, isFileTemplate = true }
  for name, s in pairs(data) do
    n = n + 1
    if type(s) ~= 'table' then
      p[#p + 1] = name .. ': not an object'
    else
      for k in pairs(s) do
        if not allowed[k] then
          p[#p + 1] = ('%s: unknown key %q'):format(name, k)
        end
      end
      local pre = type(s.prefix) == 'string' and { s.prefix } or s.prefix
      if not (type(s.prefix) == 'string' and s.prefix ~= '' or is_string_list(s.prefix)) then
        p[#p + 1] = name .. ': prefix must be a string or a list of strings'
      else
        for _, x in ipairs(pre) do
          if prefixes[x] then
            p[#p + 1] = ('prefix %q in %s and %s'):format(x, prefixes[x], name)
          end
          prefixes[x] = name
        end
      end
      if not (type(s.body) == 'string' or is_string_list(s.body)) then
        p[#p + 1] = name .. ': body must be a string or a list of strings'
      end
      if s.description ~= nil and type(s.description) ~= 'string' then
        p[#p + 1] = name .. ': description must be a string'
      end
    end
  end
  if n == 0 then
    p[#p + 1] = 'no snippets'
  end
  return fail_list(p)
end)

check('snippets: package.json contributes snippets/gongwen.json for gongwen', function()
  local src = read('package.json')
  if not src then
    return false, 'package.json is missing'
  end
  local ok, pkg = pcall(vim.json.decode, src)
  if not ok or type(pkg) ~= 'table' then
    return false, 'package.json: ' .. tostring(pkg)
  end
  local list = vim.tbl_get(pkg, 'contributes', 'snippets')
  if not is_string_list(vim.tbl_map(function()
    return ''
  end, type(list) == 'table' and list or {})) then
    return false, 'contributes.snippets must be a non-empty list'
  end
  local p, gongwen = {}, false
  for i, c in ipairs(list) do
    local langs = type(c.language) == 'string' and { c.language } or c.language
    if not is_string_list(langs) then
      p[#p + 1] = ('contributes.snippets[%d].language must be a string or a list'):format(i)
    elseif vim.tbl_contains(langs, 'gongwen') then
      gongwen = true
    end
    if type(c.path) ~= 'string' or not exists((c.path:gsub('^%./', ''))) then
      p[#p + 1] = ('contributes.snippets[%d].path %s does not exist'):format(i, tostring(c.path))
    end
  end
  if not gongwen then
    p[#p + 1] = 'no entry for the language gongwen'
  end
  -- mini.snippets' gen_loader.from_lang() reads snippets/<lang>.json from 'runtimepath'
  if not exists('snippets/gongwen.json') then
    p[#p + 1] = 'snippets/gongwen.json (mini.snippets from_lang) missing'
  end
  return fail_list(p)
end)

check('snippets: bodies parse as LSP snippets (LuaSnip, blink.cmp, vim.snippet)', function()
  if not snippets then
    return false, 'no snippets loaded'
  end
  local ok_g, grammar = pcall(require, 'vim.lsp._snippet_grammar')
  if not ok_g or type(grammar.parse) ~= 'function' then
    return 'skip', "this Neovim has no vim.lsp._snippet_grammar"
  end
  local p = {}
  for name, s in pairs(snippets) do
    local body = type(s.body) == 'table' and table.concat(s.body, '\n') or s.body
    local ok, err = pcall(grammar.parse, body)
    if not ok then
      p[#p + 1] = name .. ': ' .. tostring(err):sub(1, 120)
    end
  end
  return fail_list(p)
end)

-- ------------------------------------------------------------------ docs

check('docs: help files of doc/ share one encoding (:helptags, E670 in Neovim 0.10)', function()
  -- :helptags takes a help file for UTF-8 when its first line has a non-ASCII
  -- character, and refuses (Neovim 0.10: E670, empty tags file) a directory that
  -- mixes both kinds.
  local kinds, p = {}, {}
  for _, f in ipairs(files('doc', '%.txt$')) do
    local first = (read(f) or ''):match('^[^\n]*')
    kinds[#kinds + 1] = { f, first:find('[\128-\255]') ~= nil }
  end
  for _, k in ipairs(kinds) do
    if k[2] ~= kinds[1][2] then
      p[#p + 1] = ('%s first line is %s, %s first line is %s'):format(
        kinds[1][1],
        kinds[1][2] and 'UTF-8 (non-ASCII)' or 'ASCII',
        k[1],
        k[2] and 'UTF-8 (non-ASCII)' or 'ASCII only: add a Chinese word to it'
      )
    end
  end
  return fail_list(p)
end)

check('docs: help tags unique, gongwen-integrations.txt tags prefixed gongwen-', function()
  local seen, p = {}, {}
  for _, f in ipairs(files('doc', '%.txt$')) do
    local text = read(f) or ''
    for line in text:gmatch('[^\n]+') do
      -- tags outside examples: *tag* preceded by a blank or the line start
      for tag in line:gmatch('%f[^%s%z]%*([^%s*|]+)%*%f[%s%z]') do
        if seen[tag] and seen[tag] ~= f then
          p[#p + 1] = ('*%s* in %s and %s'):format(tag, seen[tag], f)
        elseif seen[tag] == f then
          p[#p + 1] = ('*%s* twice in %s'):format(tag, f)
        end
        seen[tag] = f
        if f == 'doc/gongwen-integrations.txt' and not tag:match('^gongwen%-') then
          p[#p + 1] = ('*%s* in %s: tags there start with gongwen-'):format(tag, f)
        end
      end
    end
  end
  if not seen['gongwen-integrations'] then
    p[#p + 1] = 'no *gongwen-integrations* tag'
  end
  return fail_list(p)
end)

check('docs: README names every option, install path and integration', function()
  local readme = read('README.md') or ''
  package.path = root .. '/lua/?.lua;' .. root .. '/lua/?/init.lua;' .. package.path
  local ok, config = pcall(require, 'gongwen.config')
  if not ok then
    return false, 'cannot load lua/gongwen/config.lua: ' .. tostring(config)
  end
  local p = {}
  local function walk(t, prefix)
    for k, v in pairs(t) do
      local key = prefix .. k
      if not readme:find(k, 1, true) then
        p[#p + 1] = 'option ' .. key
      end
      if type(v) == 'table' and not vim.islist(v) and next(v) then
        walk(v, key .. '.')
      end
    end
  end
  walk(config.defaults, '')
  for _, word in ipairs({
    'lazy.nvim',
    'build = "make"',
    'vim-plug',
    "'do': 'make'",
    'packer',
    "run = 'make'",
    'vim.pack',
    'PackChanged',
    'rocks.nvim',
    'pack/plugins/start',
    ':checkhealth gongwen',
    'nvim-lint',
    'LuaSnip',
    'mini.snippets',
    'blink.cmp',
    'lualine',
    'breadcrumb',
    'aerial',
    '给写材料的同志',
    '<LocalLeader>gs',
    ':Gongwen outline',
    ':Gongwen check',
  }) do
    if not readme:find(word, 1, true) then
      p[#p + 1] = word
    end
  end
  return #p == 0, 'README.md does not mention: ' .. table.concat(p, ', ')
end)

-- ------------------------------------------------------------------ versions

check('versions: CHANGELOG.md, core/gw.h, package.json agree (SemVer)', function()
  local gw = (read('core/gw.h') or ''):match('#define GW_VERSION "([^"]+)"')
  local changelog = read('CHANGELOG.md')
  if not changelog then
    return false, 'CHANGELOG.md is missing'
  end
  local cl = changelog:match('\n## %[(%d+%.%d+%.%d+[%w.-]*)%]')
  local ok, pkg = pcall(vim.json.decode, read('package.json') or '')
  local pj = ok and type(pkg) == 'table' and pkg.version or nil
  local semver = '^%d+%.%d+%.%d+$'
  local p = {}
  if not (gw and gw:match(semver)) then
    p[#p + 1] = 'core/gw.h GW_VERSION ' .. tostring(gw)
  end
  if cl ~= gw then
    p[#p + 1] = ('CHANGELOG.md latest version %s, core/gw.h %s'):format(tostring(cl), tostring(gw))
  end
  if pj ~= gw then
    p[#p + 1] = ('package.json version %s, core/gw.h %s'):format(tostring(pj), tostring(gw))
  end
  if not (read('README.md') or ''):find(gw or '?', 1, true) then
    p[#p + 1] = 'README.md does not state the version ' .. tostring(gw)
  end
  return fail_list(p)
end)

check('CHANGELOG.md: Keep a Changelog form', function()
  local text = read('CHANGELOG.md') or ''
  local p = {}
  if not text:match('^# Changelog\n') then
    p[#p + 1] = 'first line "# Changelog"'
  end
  if not text:find('keepachangelog.com', 1, true) or not text:find('semver.org', 1, true) then
    p[#p + 1] = 'links to Keep a Changelog and Semantic Versioning'
  end
  if not text:match('\n## %[Unreleased%]') then
    p[#p + 1] = 'an "## [Unreleased]" section'
  end
  local kinds = { Added = true, Changed = true, Deprecated = true, Removed = true, Fixed = true, Security = true }
  for kind in text:gmatch('\n### (%w+)') do
    if not kinds[kind] then
      p[#p + 1] = 'unknown change type ### ' .. kind
    end
  end
  for v, rest in text:gmatch('\n## %[(%d[^%]]*)%] %- ([^\n]*)') do
    if not (rest:match('^%d%d%d%d%-%d%d%-%d%d$') or rest:match('^Unreleased')) then
      p[#p + 1] = ('## [%s] - %s: want a date YYYY-MM-DD (or "Unreleased" before the tag)'):format(v, rest)
    end
  end
  return fail_list(p)
end)

local f = assert(io.open(assert(os.getenv('GW_OUT'), 'GW_OUT is not set'), 'w'))
f:write(table.concat(out, '\n'), '\n')
f:close()
