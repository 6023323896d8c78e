---@brief Shared plumbing of the writing commands: messages, the core, guards,
--- fresh analyses of buffer text, and edits that form one undo step.
---
--- Every command reads the buffer, asks the core (a fresh document of the
--- buffer's lines, or of the lines as they would be after the edit), and writes
--- back only the lines or bytes it changes.

local api = vim.api

local M = {}

-- Messages of the writing commands (Chinese by default, English with lang = "en").
-- Kept here until the lead merges them into gongwen.i18n.
M.messages = {
  zh = {
    not_modifiable = '缓冲区不可修改（\'modifiable\' 已关闭），未做任何改动',
    no_core = '无法加载 C 模块 gongwen.core，请先在插件目录运行 make',
    no_section = '光标不在任何章节内',
    no_heading = '光标所在章节没有层级序号，无法调整层级',
    title_fixed = '报告标题不能移动或调整层级',
    no_sibling_up = '上方没有同级章节，无法上移',
    no_sibling_down = '下方没有同级章节，无法下移',
    top_level = '已是一级标题，无法升级',
    bottom_level = '最低层级为“（1）”，无法再降级',
    no_prev_sibling = '前面没有同级章节可归入，无法降级',
    moved = '已移动“%s”（连同下级内容 %d 行）',
    promoted = '已升级“%s”：%s',
    demoted = '已降级“%s”：%s',
    renumber_none = '序号无需调整',
    renumber_done = '已调整 %d 处序号（补序号 %d，改序号 %d，改样式 %d）',
    renumber_line = '第%d行：%s → %s',
    renumber_more = '……另有 %d 处',
    renumber_skipped = '未能调整的列举（非“X是”格式）：%d 处',
    renumber_kept = '未改动 %d 处序号：改后会改变标题的层级归属（先检查层级，如 GW108）：%s',
    reflow_none = '没有需要整理的内容',
    reflow_done = '整理完成：拆分 %d 处，合并 %d 行，删除残留 %d 行',
    reflow_residue_hint = '（另有 %d 行模板残留，可用 :Gongwen reflow! 删除）',
    unknown_type = '未知的报告类型：%s（可选：%s）',
    pick_type = '选择报告类型',
    skeleton_done = '已插入骨架：%s',
    heading_level = '最低层级为“（1）”，无法再插入下级标题',
    stats_title = '字数统计',
    stats_total = '全文 %d 字，待填占位符 %d 处',
    stats_budget_ok = '篇幅上限 %d 字，尚余 %d 字',
    stats_budget_over = '超出篇幅上限 %d 字（上限 %d 字，现 %d 字）',
    stats_section = '%s%s  %d字',
    stats_placeholders = '  占位%d',
    bad_move_arg = '用法：:Gongwen move {up|down}',
    bad_budget = '篇幅上限应为正整数：%s',
    too_large = '缓冲区 %.1f MB 超过上限 %.1f MB（max_filesize），此命令需分析全文，未执行',
    still_large = '缓冲区 %.1f MB 曾超过上限 %.1f MB（max_filesize），降到 %.1f MB 以下才恢复全文分析；此命令需分析全文，未执行',
  },
  en = {
    not_modifiable = "the buffer is not modifiable ('modifiable' is off); nothing changed",
    no_core = 'cannot load the C module gongwen.core: run make in the plugin directory',
    no_section = 'the cursor is not in a section',
    no_heading = 'the section at the cursor has no numbered level',
    title_fixed = 'the report title cannot be moved, promoted or demoted',
    no_sibling_up = 'no section of the same level above',
    no_sibling_down = 'no section of the same level below',
    top_level = 'already a top-level heading',
    bottom_level = 'the lowest level is "（1）"; cannot demote further',
    no_prev_sibling = 'no previous section of the same level to nest under',
    moved = 'moved "%s" (%d lines with its subsections)',
    promoted = 'promoted "%s": %s',
    demoted = 'demoted "%s": %s',
    renumber_none = 'numbering is already in order',
    renumber_done = 'changed %d markers (%d inserted, %d renumbered, %d restyled)',
    renumber_line = 'line %d: %s → %s',
    renumber_more = '… and %d more',
    renumber_skipped = 'enumerations left alone (not in the "X是" form): %d',
    renumber_kept = 'left %d markers as they are: changing them would move headings to other parents (check the levels first, e.g. GW108): %s',
    reflow_none = 'nothing to reflow',
    reflow_done = 'reflowed: %d splits, %d lines joined, %d residue lines removed',
    reflow_residue_hint = ' (%d template residue lines remain; :Gongwen reflow! removes them)',
    unknown_type = 'unknown report type: %s (one of: %s)',
    pick_type = 'Report type',
    skeleton_done = 'inserted the skeleton: %s',
    heading_level = 'the lowest level is "（1）"; no level below it',
    stats_title = 'Character counts',
    stats_total = 'total %d characters, %d placeholders left',
    stats_budget_ok = 'length budget %d, %d characters left',
    stats_budget_over = '%d characters over the length budget (budget %d, now %d)',
    stats_section = '%s%s  %d',
    stats_placeholders = '  ph %d',
    bad_move_arg = 'usage: :Gongwen move {up|down}',
    bad_budget = 'the length budget must be a positive integer: %s',
    too_large = 'the buffer is %.1f MB, above the %.1f MB limit (max_filesize): this command analyzes the whole text; nothing done',
    still_large = 'the buffer is %.1f MB; having gone above the %.1f MB limit (max_filesize), it is analyzed again once it is %.1f MB or less: this command analyzes the whole text; nothing done',
  },
}

--- 'zh' or 'en', from the plugin configuration when it is there.
---@return 'zh'|'en'
function M.lang()
  local ok, config = pcall(require, 'gongwen.config')
  if ok and type(config) == 'table' and config.get then
    local ok2, cfg = pcall(config.get)
    if ok2 and cfg and cfg.lang == 'en' then
      return 'en'
    end
  end
  return 'zh'
end

--- Formats message `key` in the configured language.
---@param key string
---@param ... any
---@return string
function M.t(key, ...)
  local s = M.messages[M.lang()][key] or M.messages.en[key] or key
  if select('#', ...) > 0 then
    return s:format(...)
  end
  return s
end

---@param msg string
---@param level? integer
function M.notify(msg, level)
  vim.notify('gongwen: ' .. msg, level or vim.log.levels.INFO)
end

--- The C core, or nil after an error message.
---@return table?
function M.core()
  local ok, native = pcall(require, 'gongwen.native')
  if ok and type(native) == 'table' and native.get then
    return native.get()
  end
  local ok2, core = pcall(require, 'gongwen.core')
  if ok2 then
    return core
  end
  M.notify(M.t('no_core'), vim.log.levels.ERROR)
  return nil
end

--- Options for core.new(): language and level_skip of the configuration.
---@return table
function M.core_options()
  local ok, state = pcall(require, 'gongwen.state')
  if ok and type(state) == 'table' and state.core_options then
    local ok2, opts = pcall(state.core_options)
    if ok2 then
      return opts
    end
  end
  return { lang = M.lang() }
end

--- A fresh core document holding `lines` (the caller may close it).
---@param lines string[]
---@return table doc
function M.analyze(lines)
  local core = assert(M.core())
  local doc = core.new(M.core_options())
  doc:set_lines(0, 0, lines)
  return doc
end

--- Raises an error naming the function and the argument unless `value` has
--- one of `types` (or is nil and `optional`).
---@param fname string e.g. "gongwen.edit.reflow"
---@param name string argument name, e.g. "opts.first"
---@param value any
---@param types string|string[]
---@param optional? boolean
function M.check(fname, name, value, types, optional)
  if value == nil and optional then
    return
  end
  types = type(types) == 'table' and types or { types }
  for _, want in ipairs(types) do
    if type(value) == want then
      return
    end
  end
  error(('%s: %s must be %s, got %s'):format(fname, name, table.concat(types, ' or '), type(value)), 0)
end

--- Normalizes a buffer number (nil/0 = current); raises an error naming `fname`
--- for anything but a valid buffer number.
---@param buf? integer
---@param fname? string the public function, for the error message
---@return integer
function M.buf(buf, fname)
  fname = fname or 'gongwen.edit'
  M.check(fname, 'bufnr', buf, 'number', true)
  if buf == nil or buf == 0 then
    return api.nvim_get_current_buf()
  end
  if not api.nvim_buf_is_valid(buf) then
    error(('%s: bufnr %d is not a valid buffer'):format(fname, buf), 0)
  end
  return buf
end

--- True when the buffer may be changed; otherwise says why and returns false.
---@param buf integer
---@return boolean
function M.writable(buf)
  if not vim.bo[buf].modifiable then
    M.notify(M.t('not_modifiable'), vim.log.levels.ERROR)
    return false
  end
  return true
end

--- True when the buffer is within the plugin's max_filesize, the size above which
--- it degrades instead of analyzing the whole text, and not in the plugin's large
--- mode (an attached buffer that grew past the limit stays in it until it shrinks
--- to state.RESUME of it); otherwise says so and returns false. The commands that
--- analyze the whole buffer ask this first: on a buffer of hundreds of MB they
--- would freeze Neovim for a minute.
---@param buf integer
---@return boolean
function M.small_enough(buf)
  local ok, config = pcall(require, 'gongwen.config')
  local max = ok and type(config) == 'table' and config.get and config.get().max_filesize
  if type(max) ~= 'number' then
    return true
  end
  local size = api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf))
  local mb = 1024 * 1024
  if size > max then
    M.notify(M.t('too_large', size / mb, max / mb), vim.log.levels.WARN)
    return false
  end
  local state = package.loaded['gongwen.state']
  local st = state and state.get(buf, true)
  if st and st.large then
    M.notify(M.t('still_large', size / mb, max / mb, state.limit(true) / mb), vim.log.levels.WARN)
    return false
  end
  return true
end

--- The window showing `buf` (the current one when it does), or nil.
---@param buf integer
---@return integer?
function M.win(buf)
  if api.nvim_win_get_buf(0) == buf then
    return api.nvim_get_current_win()
  end
  local wins = vim.fn.win_findbuf(buf)
  return wins[1]
end

--- Cursor of `buf`'s window as a 0-based row and byte column ({0, 0} without one).
---@param buf integer
---@return integer row, integer col
function M.cursor(buf)
  local win = M.win(buf)
  if not win then
    return 0, 0
  end
  local c = api.nvim_win_get_cursor(win)
  return c[1] - 1, c[2]
end

---@param buf integer
---@param row integer 0-based
---@param col? integer
function M.set_cursor(buf, row, col)
  local win = M.win(buf)
  if win then
    local n = api.nvim_buf_line_count(buf)
    row = math.max(0, math.min(row, n - 1))
    api.nvim_win_set_cursor(win, { row + 1, col or 0 })
  end
end

--- Joins the next change to the previous undo block (no-op right after an undo).
function M.undojoin()
  pcall(vim.cmd --[[@as function]], 'silent undojoin')
end

---@class gongwen.edit.TextEdit
---@field line integer 0-based
---@field s integer start byte
---@field e integer end byte (exclusive)
---@field text string replacement

--- Applies in-line edits (at most one per line range, non-overlapping) bottom-up,
--- each joined to the previous one so that they form one undo step.
---@param buf integer
---@param edits gongwen.edit.TextEdit[]
---@param join_first? boolean join even the first edit to the previous undo block
function M.apply_edits(buf, edits, join_first)
  table.sort(edits, function(a, b)
    if a.line ~= b.line then
      return a.line > b.line
    end
    return a.s > b.s
  end)
  for i, ed in ipairs(edits) do
    if i > 1 or join_first then
      M.undojoin()
    end
    api.nvim_buf_set_text(buf, ed.line, ed.s, ed.line, ed.e, { ed.text })
  end
end

--- Applies in-line edits to a list of lines in memory.
---@param lines string[] 1-based list, 0-based `edit.line`
---@param edits gongwen.edit.TextEdit[]
function M.edit_lines(lines, edits)
  local sorted = vim.list_extend({}, edits)
  table.sort(sorted, function(a, b)
    if a.line ~= b.line then
      return a.line > b.line
    end
    return a.s > b.s
  end)
  for _, ed in ipairs(sorted) do
    local l = lines[ed.line + 1]
    lines[ed.line + 1] = l:sub(1, ed.s) .. ed.text .. l:sub(ed.e + 1)
  end
end

--- Writes `new` over `old` (both whole-buffer line lists) with one
--- nvim_buf_set_lines call covering only the lines between the first and the
--- last difference. Returns the changed range (0-based first, old end, new end)
--- or nil when nothing differs.
---@param buf integer
---@param old string[]
---@param new string[]
---@return integer? first, integer? old_end, integer? new_end
function M.write_diff(buf, old, new)
  local n_old, n_new = #old, #new
  local first = 1
  while first <= n_old and first <= n_new and old[first] == new[first] do
    first = first + 1
  end
  if first > n_old and first > n_new then
    return nil
  end
  local eo, en = n_old, n_new
  while eo >= first and en >= first and old[eo] == new[en] do
    eo, en = eo - 1, en - 1
  end
  api.nvim_buf_set_lines(buf, first - 1, eo, true, vim.list_slice(new, first, en))
  return first - 1, eo, en
end

--- Display text of an outline entry: marker and text, shortened.
---@param e table outline entry or line info
---@return string
function M.label(e)
  local s = (e.marker or '') .. (e.text or '')
  if vim.fn.strchars(s) > 20 then
    s = vim.fn.strcharpart(s, 0, 19) .. '…'
  end
  return s
end

--- First line of the blank lines that end a section (its end when there are none).
---@param doc table core document
---@param e table outline entry
---@return integer
function M.section_end(doc, e)
  local l = e.end_line
  while l - 1 > e.line and doc:line(l - 1).kind == 'blank' do
    l = l - 1
  end
  return l
end

return M
