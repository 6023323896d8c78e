-- :Gongwen renumber on every fixture report and every report of ../shared/corpus,
-- as written and with random lines deleted or repeated (a parent heading gone,
-- a heading out of level order): renumbering twice changes nothing the second
-- time, with and without [!]; on the reports as written, [!] leaves no numbering
-- diagnostic. The seed is printed; GONGWEN_SEED=N replays a run.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local edit = require('gongwen.edit')

local VARIANTS = 6
local SEED = tonumber(vim.env.GONGWEN_SEED or '') or 20261125
-- the numbering codes: gap, duplicate, order, start, bracket and style mix, lost ordinal, stray punctuation
local NUMBERING = {
  GW101 = true,
  GW102 = true,
  GW103 = true,
  GW104 = true,
  GW106 = true,
  GW107 = true,
  GW303 = true,
  GW305 = true,
  GW306 = true,
}

t.before_each(function()
  h.reset()
  edit.reset()
end)

--- The reports: fixtures, and the shared corpus where it is.
---@return { name: string, lines: string[] }[]
local function reports()
  local out = {}
  local files = vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)
  vim.list_extend(files, vim.fn.glob(h.root .. '/../shared/corpus/*.txt', false, true))
  for _, f in ipairs(files) do
    out[#out + 1] = { name = vim.fs.basename(f), lines = vim.fn.readfile(f) }
  end
  return out
end

t.it(('renumbering twice changes nothing the second time (%d variants of each report)'):format(VARIANTS), function()
  h.capture_notify()
  local rand = h.rng(SEED)
  print(('# seed %d'):format(SEED))
  local all = reports()
  t.ok(#all >= 12, 'the fixtures at least')
  local tried = 0
  for _, r in ipairs(all) do
    for v = 0, VARIANTS do
      local lines = vim.deepcopy(r.lines)
      for _ = 1, v do
        local i = rand(#lines) + 1
        if rand(2) == 0 then
          table.remove(lines, i)
        else
          table.insert(lines, i, lines[rand(#lines) + 1])
        end
      end
      for _, normalize in ipairs({ true, false }) do
        local where = ('%s, variant %d%s'):format(r.name, v, normalize and ', with [!]' or '')
        local buf = h.scratch(lines)
        edit.renumber(buf, { normalize = normalize })
        local once = api.nvim_buf_get_lines(buf, 0, -1, true)
        local again = edit.renumber(buf, { normalize = normalize })
        t.eq({}, again, where .. ': nothing left to change')
        t.eq(once, api.nvim_buf_get_lines(buf, 0, -1, true), where)
        if v == 0 and normalize then
          for _, d in ipairs(h.fresh(buf):diagnostics('en')) do
            t.ok(not NUMBERING[d.code], ('%s: %s on line %d: %s'):format(where, d.code, d.lnum + 1, d.message))
          end
        end
        api.nvim_buf_delete(buf, { force = true })
        tried = tried + 1
      end
    end
  end
  t.ok(tried >= 12 * (VARIANTS + 1) * 2, ('%d renumberings'):format(tried))
end)
