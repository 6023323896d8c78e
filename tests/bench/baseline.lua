-- baseline.lua: the per-line Lua-pattern baseline the core is compared with.
--
--   luajit tests/bench/baseline.lua CORPUS.txt [RUNS]
--
-- What a plugin written in plain Lua would do: walk the text line by line and
-- try the four GB/T 9704 heading patterns and the X-run placeholder pattern on
-- every line:
--   一、 … 十二、     ^<1-2 CJK chars>、  then the capture checked to be numerals
--   （一） … （十二）  ^（<1-2 CJK chars>）  idem
--   1.               ^%d+%.
--   （1）            ^（%d+）
--   XX / ××          [Xx]+ and a run of × (× is two bytes in UTF-8, so it needs
--                    its own pattern: a Lua character class holds bytes, not
--                    characters)
-- The text is read before timing starts; the pass itself (line splitting and
-- matching) is timed with os.clock(), best of RUNS. Prints counts as info and
-- as its last line: luajit.mb_per_s=N  (MB = 10^6 bytes)

local path, runs = arg[1], tonumber(arg[2] or "3")
if not path or not runs or runs < 1 then
  io.stderr:write("usage: luajit baseline.lua CORPUS.txt [RUNS]\n")
  os.exit(2)
end
local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()

local find, match, gmatch, sub = string.find, string.match, string.gmatch, string.sub

local NUMERAL = {}
for _, c in ipairs({ "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零" }) do
  NUMERAL[c] = true
end

-- s holds 1 or 2 three-byte characters; true when all are CJK numerals
local function numerals(s)
  local n = #s
  if n ~= 3 and n ~= 6 then return false end
  if not NUMERAL[sub(s, 1, 3)] then return false end
  return n == 3 or NUMERAL[sub(s, 4, 6)] == true
end

-- one or two CJK characters (lead bytes E4-E9, as 一 … 十 and most of CJK are)
local CJK12 = "[\228-\233][\128-\191][\128-\191][\228-\233]?[\128-\191]?[\128-\191]?"
local P_RANK1 = "^(" .. CJK12 .. ")、"
local P_RANK2 = "^（(" .. CJK12 .. ")）"
local P_RANK3 = "^%d+%."
local P_RANK4 = "^（%d+）"
local P_X = "[Xx]+"
local P_TIMES = "\195\151[\195\151]*" -- ×, then more × bytes

local function pass(s)
  local r1, r2, r3, r4, ph, lines = 0, 0, 0, 0, 0, 0
  local pos, len = 1, #s
  while pos <= len do
    local nl = find(s, "\n", pos, true)
    local line
    if nl then
      line = sub(s, pos, nl - 1)
      pos = nl + 1
    else
      line = sub(s, pos)
      pos = len + 1
    end
    lines = lines + 1
    local c = match(line, P_RANK1)
    if c and numerals(c) then
      r1 = r1 + 1
    else
      c = match(line, P_RANK2)
      if c and numerals(c) then
        r2 = r2 + 1
      elseif find(line, P_RANK3) then
        r3 = r3 + 1
      elseif find(line, P_RANK4) then
        r4 = r4 + 1
      end
    end
    for _ in gmatch(line, P_X) do ph = ph + 1 end
    if find(line, "×", 1, true) then
      for _ in gmatch(line, P_TIMES) do ph = ph + 1 end
    end
  end
  return lines, r1, r2, r3, r4, ph
end

local best, counts = math.huge, nil
for _ = 1, runs do
  local t0 = os.clock()
  local res = { pass(text) }
  local dt = os.clock() - t0
  if dt < best then best = dt end
  counts = res
end
local mb = #text / 1e6
print(string.format("info: luajit %s: %d lines, headings 一、%d （一）%d 1.%d （1）%d, X/× runs %d",
  jit and jit.version or _VERSION, counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]))
print(string.format("info: luajit: best of %d: %.3f s CPU for %.1f MB", runs, best, mb))
print(string.format("luajit.mb_per_s=%.1f", mb / best))
