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
  local parser = native.root .. '/parser/gongwen.so'
  if vim.uv.fs_stat(parser) then
    health.ok('parser found: ' .. parser)
  else
    health.info('parser/gongwen.so not built (optional; highlighting works without it)')
  end

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
