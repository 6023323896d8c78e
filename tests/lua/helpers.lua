-- Helpers shared by the Lua test files.
local api = vim.api

local M = {}

M.root = vim.g.gongwen_test_root
M.data = M.root .. '/tests/lua/data'
M.tmp = vim.env.GONGWEN_TMP or vim.fn.tempname()
vim.fn.mkdir(M.tmp, 'p')

local orig = { notify = vim.notify, select = vim.ui.select }

--- Lines of a data file.
---@param name string
---@return string[]
function M.read(name)
  return vim.fn.readfile(M.data .. '/' .. name)
end

--- The fixture reports (tests/fixtures/*.txt), each a list of lines, in a fixed order.
---@return string[][]
function M.fixtures()
  local out = {}
  for _, f in ipairs(vim.fn.glob(M.root .. '/tests/fixtures/*.txt', false, true)) do
    out[#out + 1] = vim.fn.readfile(f)
  end
  table.sort(out, function(a, b)
    return a[1] < b[1]
  end)
  return out
end

--- Writes lines to a temporary file named `name` and edits it.
---@param lines string[]
---@param name string
---@return integer buf
function M.edit_lines(lines, name)
  local path = M.tmp .. '/' .. name
  vim.fn.writefile(lines, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return api.nvim_get_current_buf()
end

--- Copies data file `name` to a temporary file (named `as`) and edits it.
---@param name string
---@param as? string
---@return integer buf
function M.edit(name, as)
  return M.edit_lines(M.read(name), as or name)
end

--- A new unnamed buffer in the current window with `lines` and filetype `ft`.
---@param lines string[]
---@param ft? string default "gongwen"
---@return integer buf
function M.scratch(lines, ft)
  vim.cmd('enew!')
  local buf = api.nvim_get_current_buf()
  vim.bo[buf].bufhidden = 'wipe'
  api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = ft or 'gongwen'
  M.ts_started(buf)
  return buf
end

--- Byte offsets where characters start in `s` (UTF-8), and #s: where a random
--- edit may cut a line.
---@param s string
---@return integer[]
function M.char_starts(s)
  local out = {}
  for i = 1, #s + 1 do
    local b = s:byte(i)
    if not b or b < 0x80 or b >= 0xC0 then
      out[#out + 1] = i - 1
    end
  end
  return out
end

--- A small seeded generator (the same sequence for the same seed on every
--- Neovim): rand(n) in 0..n-1, pick(list) one element.
---@param seed integer
---@return fun(n: integer): integer rand
---@return fun(list: any[]): any pick
function M.rng(seed)
  local function rand(n)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return math.floor(seed / 65536) % n
  end
  local function pick(list)
    return list[rand(#list) + 1]
  end
  return rand, pick
end

--- Waits for the ftplugin's deferred tree-sitter start (b:gongwen_ts_pending).
---@param buf integer
function M.ts_started(buf)
  vim.wait(2000, function()
    return not api.nvim_buf_is_valid(buf) or vim.b[buf].gongwen_ts_pending == nil
  end, 1)
end

--- Replaces vim.notify; returns the list that collects { msg, level }.
---@return table[]
function M.capture_notify()
  local notes = {}
  vim.notify = function(msg, level)
    notes[#notes + 1] = { msg = msg, level = level }
  end
  return notes
end

--- Back to a clean editor: one window, no buffers, default options.
function M.reset()
  vim.notify = orig.notify
  vim.ui.select = orig.select
  -- an outline window left by a test refuses other buffers ('winfixbuf')
  for _, w in ipairs(api.nvim_list_wins()) do
    vim.wo[w].winfixbuf = false
  end
  vim.cmd('silent! tabonly!')
  vim.cmd('silent! only!')
  vim.cmd('silent! %bwipeout!')
  -- window options set with :set (vim.wo) by a test are inherited by the next buffer
  vim.cmd('set foldmethod& foldexpr& foldlevel& winbar&')
  vim.g.gongwen = nil
  vim.g.gongwen_disable = nil
  vim.g.no_plugin_maps = nil
  vim.g.no_gongwen_maps = nil
  require('gongwen.config').reset()
  vim.fn.setqflist({}, 'r')
  vim.o.wrapscan = true
end

--- A fresh core document holding the lines of `buf`.
---@param buf integer
function M.fresh(buf)
  local doc = require('gongwen.core').new(require('gongwen.state').core_options())
  doc:set_lines(0, 0, api.nvim_buf_get_lines(buf, 0, -1, false))
  return doc
end

--- Everything the plugin derives from a document, for comparisons.
function M.snapshot(doc)
  return {
    lines = doc:line_count(),
    kinds = doc:kinds(),
    outline = doc:outline(),
    placeholders = doc:placeholders(),
    diagnostics = doc:diagnostics(),
    subdocs = doc:subdocs(),
  }
end

--- With the runner `t`: the state `st` of `buf`, flushed and past its
--- structure pass, holds what a fresh document of the buffer's text gives
--- (`where` names the place in failure messages). Returns that fresh document.
---@param t table the runner
---@param st table the buffer's state
---@param buf integer
---@param where string
---@return userdata
function M.check_fresh(t, st, buf, where)
  require('gongwen.state').flush(st)
  M.settle(buf)
  local fresh = M.fresh(buf)
  local got, want = M.snapshot(st.doc), M.snapshot(fresh)
  for _, k in ipairs({ 'lines', 'kinds', 'outline', 'placeholders', 'diagnostics', 'subdocs' }) do
    t.eq(want[k], got[k], ('%s: document %s'):format(where, k))
  end
  return fresh
end

--- The document of an attached buffer.
function M.doc(buf)
  local st = require('gongwen.state').get(buf or api.nvim_get_current_buf())
  return st and st.doc
end

--- Waits until the "structure" event ran for the current text of `buf` (the
--- structure pass runs once per pause in typing; folds, the overlay of the
--- heading highlights and the outline follow it).
---@param buf? integer
function M.settle(buf)
  local st = require('gongwen.state').get(buf or api.nvim_get_current_buf())
  if not st or not st.doc then
    return
  end
  if not vim.wait(3000, function()
    return st.structured == st.version
  end, 5) then
    error('timed out waiting for the structure event', 2)
  end
end

---@return integer row 1-based
---@return integer col 0-based bytes
function M.cursor()
  local c = api.nvim_win_get_cursor(0)
  return c[1], c[2]
end

--- Types keys in Normal mode, with mappings, and runs them to the end.
---@param keys string with <Esc>-style notation
function M.normal(keys)
  api.nvim_feedkeys(api.nvim_replace_termcodes(keys, true, false, true), 'mtx', false)
end

--- Row (1-based) of the first line matching a plain string.
---@param s string
---@param buf? integer
---@return integer
function M.find(s, buf)
  for i, l in ipairs(api.nvim_buf_get_lines(buf or 0, 0, -1, false)) do
    if l:find(s, 1, true) then
      return i
    end
  end
  error('line not found: ' .. s)
end

return M
