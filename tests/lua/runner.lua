-- A tiny test runner for headless Neovim: describe/it/before_each/after_each,
-- assertions, TAP-like output ("ok N - name" / "not ok N - name" + the error),
-- and the counts file of tests/README.md ("PASSED FAILED SKIPPED").
--
-- Test files (tests/lua/test_*.lua) do:  local t = require('runner')

local M = {}

local tests = {}
local scopes = { { name = nil, before = {}, after = {} } }

local function out(s)
  io.stdout:write(s, '\n')
  io.stdout:flush()
end

---@param name string
---@param fn fun()
function M.describe(name, fn)
  table.insert(scopes, { name = name, before = {}, after = {} })
  fn()
  table.remove(scopes)
end

---@param fn fun()
function M.before_each(fn)
  table.insert(scopes[#scopes].before, fn)
end

---@param fn fun()
function M.after_each(fn)
  table.insert(scopes[#scopes].after, fn)
end

---@param name string
---@param fn fun()
function M.it(name, fn)
  local names, before, after = {}, {}, {}
  for _, s in ipairs(scopes) do
    if s.name then
      names[#names + 1] = s.name
    end
    vim.list_extend(before, s.before)
  end
  for i = #scopes, 1, -1 do
    vim.list_extend(after, scopes[i].after)
  end
  names[#names + 1] = name
  tests[#tests + 1] = { name = table.concat(names, ' › '), fn = fn, before = before, after = after }
end

local SKIP = {}

--- Skips the running test.
---@param reason string
function M.skip(reason)
  error({ [SKIP] = reason }, 0)
end

local function fail(msg, level)
  error(msg, (level or 1) + 2)
end

--- Deep equality.
function M.eq(expected, actual, msg)
  if not vim.deep_equal(expected, actual) then
    fail(('%sexpected: %s\n     got: %s'):format(msg and msg .. '\n' or '', vim.inspect(expected), vim.inspect(actual)))
  end
end

function M.neq(unexpected, actual, msg)
  if vim.deep_equal(unexpected, actual) then
    fail(('%sdid not expect: %s'):format(msg and msg .. '\n' or '', vim.inspect(actual)))
  end
end

function M.ok(v, msg)
  if not v then
    fail(msg or ('expected a true value, got ' .. vim.inspect(v)))
  end
end

--- `s` matches the Lua pattern.
function M.matches(pattern, s, msg)
  if type(s) ~= 'string' or not s:find(pattern) then
    fail(('%s%s does not match %q'):format(msg and msg .. ': ' or '', vim.inspect(s), pattern))
  end
end

--- fn() raises an error whose message matches `pattern` (plain text).
function M.raises(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then
    fail(('expected an error matching %q'):format(pattern))
  end
  if not tostring(err):find(pattern, 1, true) then
    fail(('error %q does not contain %q'):format(tostring(err), pattern))
  end
end

--- Waits (processing events) until cond() is true; fails after `timeout` ms.
function M.wait(cond, msg, timeout)
  if not vim.wait(timeout or 3000, cond, 5) then
    fail('timed out waiting: ' .. (msg or '?'))
  end
end

local function run_hooks(list)
  for _, fn in ipairs(list) do
    fn()
  end
end

--- Loads the test files and runs every test. Returns passed, failed, skipped.
---@param files string[]
---@return integer, integer, integer
function M.run(files)
  for _, f in ipairs(files) do
    local chunk, err = loadfile(f)
    if not chunk then
      M.it(vim.fn.fnamemodify(f, ':t') .. ' (load)', function()
        error(err, 0)
      end)
    else
      M.describe(vim.fn.fnamemodify(f, ':t:r'):gsub('^test_', ''), chunk)
    end
  end
  local passed, failed, skipped = 0, 0, 0
  for i, t in ipairs(tests) do
    vim.v.errmsg = ''
    local ok, err = xpcall(function()
      run_hooks(t.before)
      t.fn()
      -- let scheduled callbacks run; an error message they left fails the test
      vim.wait(0)
      if vim.v.errmsg ~= '' then
        error('error message: ' .. vim.v.errmsg, 0)
      end
    end, function(e)
      if type(e) == 'table' and e[SKIP] then
        return e
      end
      return debug.traceback(tostring(e), 2)
    end)
    local ok_after, err_after = pcall(run_hooks, t.after)
    if ok and not ok_after then
      ok, err = false, 'after_each: ' .. tostring(err_after)
    end
    if ok then
      passed = passed + 1
      out(('ok %d - %s'):format(i, t.name))
    elseif type(err) == 'table' and err[SKIP] then
      skipped = skipped + 1
      out(('ok %d - %s # SKIP %s'):format(i, t.name, err[SKIP]))
      out(('SKIP %s: %s'):format(t.name, err[SKIP]))
    else
      failed = failed + 1
      out(('not ok %d - %s'):format(i, t.name))
      -- keep the traceback short: drop the runner's own frames
      local lines = vim.split(tostring(err), '\n')
      for _, l in ipairs(lines) do
        if not l:find('runner.lua', 1, true) and not l:find('[C]: in function', 1, true) then
          out('#   ' .. l)
        end
      end
    end
  end
  return passed, failed, skipped
end

--- Entry point: runs tests/lua/test_*.lua (or $GONGWEN_TESTS, space separated),
--- writes $GONGWEN_RESULTS and quits with the status.
function M.main()
  local root = vim.g.gongwen_test_root
  local files
  if vim.env.GONGWEN_TESTS and vim.env.GONGWEN_TESTS ~= '' then
    files = vim.split(vim.env.GONGWEN_TESTS, '%s+', { trimempty = true })
  else
    files = vim.fn.glob(root .. '/tests/lua/test_*.lua', false, true)
    table.sort(files)
  end
  local v = vim.version()
  out(('# Neovim %d.%d.%d'):format(v.major, v.minor, v.patch))
  local start = vim.uv.hrtime()
  local ok, p, f, s = pcall(M.run, files)
  if not ok then
    out('not ok - runner: ' .. tostring(p))
    p, f, s = 0, 1, 0
  end
  out(('# Neovim %d.%d.%d: %d passed, %d failed, %d skipped (%.1f s)'):format(
    v.major,
    v.minor,
    v.patch,
    p,
    f,
    s,
    (vim.uv.hrtime() - start) / 1e9
  ))
  local results = vim.env.GONGWEN_RESULTS
  if results and results ~= '' then
    vim.fn.mkdir(vim.fn.fnamemodify(results, ':h'), 'p')
    vim.fn.writefile({ ('%d %d %d'):format(p, f, s) }, results)
  end
  vim.cmd(f > 0 and 'cquit 1' or 'qall!')
end

return M
