-- tests/bench/ts_bench.lua - times tree-sitter parses inside Neovim (run by ts_bench.sh).
-- Arguments: gongwen parser, markdown parser, report text, the same text as Markdown, runs.
local gw_so, md_so, txt_path, md_path, runs = unpack(arg)
runs = tonumber(runs) or 3

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

vim.treesitter.language.add('gongwen', { path = gw_so })
vim.treesitter.language.add('markdown_bench', { path = md_so, symbol_name = 'markdown' })

---@param lang string
---@param text string
---@return number milliseconds
---@return boolean clean no ERROR node
local function parse_once(lang, text)
  collectgarbage()
  local parser = vim.treesitter.get_string_parser(text, lang)
  local t0 = vim.uv.hrtime()
  local tree = parser:parse()[1]
  local ms = (vim.uv.hrtime() - t0) / 1e6
  local clean = not tree:root():has_error()
  parser:destroy()
  return ms, clean
end

local text, md = read(txt_path), read(md_path)
-- interleaved, best of each: the machine is shared and its load drifts
local ours, theirs, ours_clean, theirs_clean = math.huge, math.huge, true, true
for _ = 1, runs do
  local ms, clean = parse_once('gongwen', text)
  ours, ours_clean = math.min(ours, ms), ours_clean and clean
  ms, clean = parse_once('markdown_bench', md)
  theirs, theirs_clean = math.min(theirs, ms), theirs_clean and clean
end
print(('info: gongwen parse of %.1f MiB: %.0f ms (best of %d)%s'):format(#text / 1048576, ours, runs,
  ours_clean and '' or ', with ERROR nodes'))
print(('info: tree-sitter-markdown parse of %.1f MiB: %.0f ms (best of %d)%s'):format(#md / 1048576, theirs,
  runs, theirs_clean and '' or ', with ERROR nodes'))
print(('ts.parse_ms=%.0f'):format(ours))
print(('ts.mb_per_s=%.1f'):format(#text / 1048576 / (ours / 1000)))
print(('ts.ratio_vs_markdown=%.2f'):format(theirs / ours))
