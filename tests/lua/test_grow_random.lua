-- Random edits of a report buffer that cross max_filesize again and again
-- (issue 7 with :help gongwen-large): pasted blocks of fixture text, deleted
-- line ranges, undo and redo. After every batch the buffer is in the mode its
-- size calls for (large above max_filesize, analyzed at or below
-- state.RESUME of it, either in between, as it was), an analyzed buffer's
-- document and outline equal a fresh analysis of its text, a large one has no
-- document, no diagnostics and an outline the API gives as empty, and no error
-- was shown. The seed is printed; GONGWEN_SEED=N replays a run, GONGWEN_DEBUG=1
-- prints the size and the mode after each batch.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local state = require('gongwen.state')

local EDITS = 1200
local BATCH = 10
local SEED = tonumber(vim.env.GONGWEN_SEED or '') or 20261125

t.before_each(h.reset)
t.after_each(h.reset)

t.it(('%d random edits across max_filesize: the mode follows the size, the analysis equals a fresh one'):format(EDITS), function()
  local notes = h.capture_notify()
  local fixtures = h.fixtures()
  local size = vim.fn.getfsize(h.data .. '/report.txt')
  -- a limit a few fixture blocks above the report: the edits cross it often
  local max = size + 1500
  require('gongwen').setup({ max_filesize = max, diagnostics = { debounce = 0 } })
  local buf = h.edit('report.txt')
  t.ok(state.get(buf) ~= nil, 'attached')
  local rand, pick = h.rng(SEED)
  print(('# seed %d'):format(SEED))
  local was_large, switches = false, 0
  for e = 1, EDITS do
    local n = api.nvim_buf_line_count(buf)
    local r = rand(10)
    if r < 5 then
      -- paste a block of a fixture
      local fx = pick(fixtures)
      local from = rand(#fx) + 1
      local block = vim.list_slice(fx, from, math.min(#fx, from + rand(40)))
      local at = rand(n + 1)
      api.nvim_buf_set_lines(buf, at, at, false, block)
    elseif r < 7 and n > 1 then
      -- delete a range of lines (at times most of the buffer)
      local a = rand(n)
      local b = math.min(n, a + 1 + (rand(4) == 0 and rand(n) or rand(30)))
      api.nvim_buf_set_lines(buf, a, b, false, {})
    elseif r < 9 then
      pcall(vim.cmd, 'silent undo')
    else
      pcall(vim.cmd, 'silent redo')
    end
    if e % BATCH == 0 then
      local where = ('seed %d, edit %d'):format(SEED, e)
      -- the announcements of a switch are scheduled: let them run
      vim.wait(50, function()
        return false
      end)
      local st = state.get(buf)
      t.ok(st ~= nil, where .. ': attached')
      local bytes = state.size(buf)
      if vim.env.GONGWEN_DEBUG then
        print(('# %s: %d bytes, large %s'):format(where, bytes, tostring(st and st.large)))
      end
      if bytes > max then
        t.ok(st.large, where .. (': %d bytes, above %d, is the large mode'):format(bytes, max))
      elseif bytes <= math.floor(max * state.RESUME) then
        t.ok(not st.large, where .. (': %d bytes, within %d, is analyzed'):format(bytes, max))
      end
      if st.large ~= was_large then
        switches = switches + 1
        was_large = st.large
      end
      if st.large then
        t.ok(st.doc == nil, where .. ': no document in the large mode')
        t.eq({}, vim.diagnostic.get(buf, { namespace = require('gongwen.diagnostics').ns }), where .. ': no diagnostics')
        t.eq(nil, require('gongwen').get_outline(buf), where .. ': no outline')
      else
        local fresh = h.check_fresh(t, st, buf, where)
        local outline = fresh:outline()
        for i, en in ipairs(outline) do
          en.index = i
        end
        t.eq(outline, require('gongwen').get_outline(buf), where .. ': get_outline()')
        fresh:close()
      end
      t.eq('', vim.v.errmsg, where .. ': no error message')
    end
  end
  -- the run must have switched modes, or it tested nothing of interest
  t.ok(switches >= 10, ('the mode switched %d times'):format(switches))
  for _, note in ipairs(notes) do
    t.ok(note.level ~= vim.log.levels.ERROR, note.msg)
  end
end)
