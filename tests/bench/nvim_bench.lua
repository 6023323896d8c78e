-- tests/bench/nvim_bench.lua: the Neovim side of the benchmark, run inside the
-- nvim processes that tests/bench/nvim_bench.sh starts (headless):
--
--   nvim ... FILE -c "lua dofile('tests/bench/nvim_bench.lua').open_done(OUT)"
--   nvim ... FILE -c "lua dofile('tests/bench/nvim_bench.lua').keys(OUT, N)"
--   nvim ... FILE -c "lua dofile('tests/bench/nvim_bench.lua').hl(OUT, RANGES, RUNS)"
--
-- Each writes `key=value` lines to OUT and quits. Times come from vim.uv.hrtime().

local api = vim.api
local uv = vim.uv or vim.loop

local M = {}

---@param path string
---@param values table<string, any>
local function write(path, values)
  local keys = vim.tbl_keys(values)
  table.sort(keys)
  local lines = {}
  for _, k in ipairs(keys) do
    lines[#lines + 1] = ('%s=%s'):format(k, tostring(values[k]))
  end
  vim.fn.writefile(lines, path)
end

--- Runs fn, writes what it returns (or the error) to `out`, quits nvim once
--- start-up is over.
---@param out string
---@param fn fun(): table<string, any>
local function run(out, fn)
  local ok, res = xpcall(fn, debug.traceback)
  if not ok then
    write(out, { error = (tostring(res):gsub('\n', ' | ')) })
  else
    write(out, res)
  end
  -- quit after start-up ends, so that --startuptime logs the -c command's end
  if vim.v.vim_did_enter == 1 then
    vim.cmd('qall!')
  else
    api.nvim_create_autocmd('VimEnter', {
      once = true,
      callback = function()
        vim.schedule(function()
          vim.cmd('qall!')
        end)
      end,
    })
  end
end

---@param xs number[]
---@param q number 0..1
---@return number
local function quantile(xs, q)
  local s = vim.deepcopy(xs)
  table.sort(s)
  local i = math.max(1, math.min(#s, math.ceil(q * #s)))
  return s[i]
end

---@return boolean, table?
local function plugin_state()
  local st = package.loaded['gongwen.state'] and require('gongwen.state').get(api.nvim_get_current_buf())
  return st ~= nil and st.doc ~= nil, st
end

--- End of the "open" measurement, run as the -c command: what the first screen
--- needs beyond reading the file. The caller reads the time from --startuptime
--- ("executing command arguments"). With the plugin: the buffer is attached,
--- its structure analyzed (the outline exists in the core; a large file the
--- core reads in background threads is waited for here: state.get() returns a
--- state only once its load is over and checked), the marks of the
--- visible rows computed as the decoration provider does, and the folds
--- computed as the first redraw would (foldlevel() makes Vim compute them).
--- Without it the same calls are made (they cost nothing there).
---@param out string
function M.open_done(out)
  local attached, st = plugin_state()
  local marks, placeholders = 0, 0
  local top, bot = vim.fn.line('w0') - 1, vim.fn.line('w$')
  if attached then
    local state = require('gongwen.state')
    assert(state.analyzed(st), 'structure not analyzed at attach')
    for _, row in pairs(require('gongwen.highlight').marks(st.buf, top, bot)) do
      for _, m in ipairs(row) do
        marks = marks + 1
        placeholders = placeholders + (m[3] == 'GongwenPlaceholder' and 1 or 0)
      end
    end
  end
  vim.fn.foldlevel(1)
  run(out, function()
    return {
      attached = attached,
      filetype = vim.bo.filetype,
      lines = api.nvim_buf_line_count(0),
      visible_marks = marks,
      visible_placeholders = placeholders,
      foldmethod = vim.wo.foldmethod,
    }
  end)
end

--- Per-keystroke cost of typing into the middle of the buffer, with the plugin
--- attached and without it, in the same process: `blocks` blocks of `n` keys
--- (after 20 unrecorded ones), attached and detached in turn, so that drift of
--- the machine's speed hits both alike. A key is a one-character insert (CJK) at
--- the cursor of a line in the middle, then what the event loop does between
--- keys (scheduled callbacks) and a :redraw. Writes p50/p99/mean in ms of both.
--- The structure pass never gets its pause here (keys come faster than its
--- debounce), as when someone types.
---@param out string
---@param n integer keys per block
---@param blocks integer
function M.keys(out, n, blocks)
  local attached = plugin_state()
  assert(attached, 'the buffer is not attached')
  local gongwen = require('gongwen')
  local buf = api.nvim_get_current_buf()
  local mid = math.floor(api.nvim_buf_line_count(buf) / 2)
  local chars = { '字', '工', '作', 'X', '。', '的' }
  local row, col
  local samples = { on = {}, off = {} }
  local function type_keys(count, into)
    for i = 1, count do
      local ch = chars[(i - 1) % #chars + 1]
      local t0 = uv.hrtime()
      api.nvim_buf_set_text(buf, row, col, row, col, { ch })
      col = col + #ch
      api.nvim_win_set_cursor(0, { row + 1, col })
      vim.wait(0) -- what runs between two keys: scheduled callbacks
      vim.cmd('redraw')
      if into then
        into[#into + 1] = (uv.hrtime() - t0) / 1e6
      end
    end
  end
  for b = 1, blocks do
    local on = b % 2 == 1
    if on then
      gongwen.attach(buf)
    else
      gongwen.detach(buf)
    end
    -- each block types into the start of a line of its own, so that no line
    -- grows from block to block
    row, col = mid + b, 0
    api.nvim_win_set_cursor(0, { row + 1, 0 })
    vim.cmd('normal! zz')
    vim.wait(50) -- the work attaching schedules (diagnostics, folds, overlay)
    vim.cmd('redraw')
    type_keys(20)
    type_keys(n, samples[on and 'on' or 'off'])
  end
  local res = {}
  for name, xs in pairs(samples) do
    local sum = 0
    for _, x in ipairs(xs) do
      sum = sum + x
    end
    res[name .. '_n'] = #xs
    res[name .. '_p50'] = quantile(xs, 0.5)
    res[name .. '_p99'] = quantile(xs, 0.99)
    res[name .. '_mean'] = sum / #xs
  end
  run(out, function()
    return res
  end)
end

-- {{{ the comparator: a Lua-pattern placeholder highlighter in the style of
-- mini.hipatterns (patterns tried on every visible line, an extmark per match)

local comparator_ns = api.nvim_create_namespace('bench.lua_patterns')

-- Frontier-guarded runs of X, of x (so that "APP" or "Excel" are not hit), and of
-- the multiplication sign (two bytes in UTF-8: a Lua pattern cannot repeat it,
-- so its runs are found by repeating the plain search, as a hipatterns
-- highlighter with a function pattern would).
local patterns = { '%f[%w]X+%f[%W]', '%f[%w]x+%f[%W]' }
local TIMES = '×'

---@param buf integer
---@param first integer
---@param last integer
---@return integer matches
local function lua_patterns(buf, first, last)
  local n = 0
  local lines = api.nvim_buf_get_lines(buf, first, last, false)
  for i, line in ipairs(lines) do
    local row = first + i - 1
    for _, pat in ipairs(patterns) do
      local init = 1
      while true do
        local s, e = line:find(pat, init)
        if not s then
          break
        end
        api.nvim_buf_set_extmark(buf, comparator_ns, row, s - 1, { end_col = e, hl_group = 'DiffText' })
        n = n + 1
        init = e + 1
      end
    end
    local init = 1
    while true do
      local s, e = line:find(TIMES, init, true)
      if not s then
        break
      end
      while line:sub(e + 1, e + #TIMES) == TIMES do
        e = e + #TIMES
      end
      api.nvim_buf_set_extmark(buf, comparator_ns, row, s - 1, { end_col = e, hl_group = 'DiffText' })
      n = n + 1
      init = e + 1
    end
  end
  return n
end
-- }}}

local ours_ns = api.nvim_create_namespace('bench.gongwen')

--- Placeholder highlighting of visible ranges: the plugin's (the marks its
--- decoration provider computes, placed as extmarks) against the comparator's,
--- on `ranges` windows of 50 rows spread over the buffer, best of `runs`.
---@param out string
---@param ranges integer
---@param runs integer
function M.hl(out, ranges, runs)
  local attached = plugin_state()
  assert(attached, 'the buffer is not attached')
  require('gongwen').setup({ highlight = { headings = false, placeholders = true } })
  local hl = require('gongwen.highlight')
  local buf = api.nvim_get_current_buf()
  local n = api.nvim_buf_line_count(buf)
  local height = 50
  local tops = {}
  for i = 0, ranges - 1 do
    tops[#tops + 1] = math.floor(i * (n - height) / math.max(ranges - 1, 1))
  end
  local function ours()
    local count = 0
    for _, top in ipairs(tops) do
      for row, marks in pairs(hl.marks(buf, top, top + height)) do
        for _, m in ipairs(marks) do
          api.nvim_buf_set_extmark(buf, ours_ns, row, m[1], { end_col = m[2], hl_group = m[3] })
          count = count + 1
        end
      end
    end
    return count
  end
  local function theirs()
    local count = 0
    for _, top in ipairs(tops) do
      count = count + lua_patterns(buf, top, top + height)
    end
    return count
  end
  local best = { ours = math.huge, theirs = math.huge }
  local counts = {}
  for _ = 1, runs do
    for name, fn in pairs({ ours = ours, theirs = theirs }) do
      api.nvim_buf_clear_namespace(buf, ours_ns, 0, -1)
      api.nvim_buf_clear_namespace(buf, comparator_ns, 0, -1)
      local t0 = uv.hrtime()
      counts[name] = fn()
      best[name] = math.min(best[name], (uv.hrtime() - t0) / 1e6)
    end
  end
  run(out, function()
    return {
      ours_ms = best.ours,
      theirs_ms = best.theirs,
      ours_marks = counts.ours,
      theirs_marks = counts.theirs,
      ranges = ranges,
    }
  end)
end

--- Where the time of attaching goes, and what runs once per pause in typing:
--- the buffer is detached and attached again, its parts timed one by one.
---@param out string
function M.parts(out)
  local attached, st = plugin_state()
  assert(attached, 'the buffer is not attached')
  local state = require('gongwen.state')
  local buf = st.buf
  local res = {}
  local function time(name, fn)
    local t0 = uv.hrtime()
    local r = fn()
    res[name] = (uv.hrtime() - t0) / 1e6
    return r
  end
  local lines = time('get_lines_ms', function()
    return api.nvim_buf_get_lines(buf, 0, -1, false)
  end)
  local doc = require('gongwen.core').new()
  time('core_set_lines_ms', function()
    doc:set_lines(0, 0, lines)
  end)
  time('core_analyze_ms', function()
    return doc:is_report()
  end)
  time('core_outline_tables_ms', function()
    return doc:outline()
  end)
  time('core_diagnostics_tables_ms', function()
    return doc:diagnostics()
  end)
  doc:close()
  lines = nil
  collectgarbage('collect') -- the tables above are not the plugin's to pay for
  -- the file read by the core (what attaching a large file just read does), in
  -- one thread and in as many as it takes
  local core, path = require('gongwen.core'), api.nvim_buf_get_name(buf)
  for name, threads in pairs({ core_load_1_ms = 1, core_load_ms = 0 }) do
    time(name, function()
      local ld = assert(core.load(path, state.core_options(), 0, threads))
      while not ld:done() do
        uv.sleep(1)
      end
      assert(ld:finish()):close()
    end)
  end
  require('gongwen').detach(buf)
  vim.wait(50)
  -- attaching returns before a load is over: until the state is complete
  res.attach_loads = false
  time('attach_ms', function()
    require('gongwen').attach(buf)
    res.attach_loads = state.loading(buf)
    state.get(buf)
  end)
  st = state.get(buf)
  vim.wait(100) -- what attaching scheduled (diagnostics: timed below)
  collectgarbage('collect')
  -- once per pause: an edit, the structure pass, the "structure" handlers
  -- (medians of 5 pauses: a garbage collection step may fall into any of them)
  local row = math.floor(api.nvim_buf_line_count(buf) / 2)
  api.nvim_win_set_cursor(0, { row + 1, 0 })
  vim.cmd('redraw')
  state.DEBOUNCE = 0 -- the handlers are timed, not the pause before them
  local analyze, handlers = {}, {}
  for i = 1, 5 do
    api.nvim_buf_set_text(buf, row, 0, row, 0, { '字' })
    local t0 = uv.hrtime()
    state.analyze(st)
    local t1 = uv.hrtime()
    vim.wait(5000, function()
      return st.structured == st.version
    end, 1)
    analyze[i], handlers[i] = (t1 - t0) / 1e6, (uv.hrtime() - t1) / 1e6
  end
  res.pause_analyze_ms, res.pause_handlers_ms = quantile(analyze, 0.5), quantile(handlers, 0.5)
  local diag = require('gongwen.diagnostics')
  time('pause_diagnostics_ms', function()
    diag.refresh(buf)
  end)
  res.diagnostics_published = #vim.diagnostic.get(buf, { namespace = diag.ns })
  run(out, function()
    return res
  end)
end

return M
