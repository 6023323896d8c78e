---@brief The outline side window (one per tabpage) and :Gongwen pick.
---
--- The window shows, for the buffer of its source window: a header line per
--- sub-document (report type and missing parts), then the tree of sections, each
--- with its roles and the count of placeholders and diagnostics inside it. It
--- updates after each pause in typing (the "structure" event), follows the
--- source cursor, and <CR> jumps.
---
--- It shows the report of the window the user works in, or gets out of the way:
--- entering a report makes its window the source; when the report is wiped,
--- deleted or unloaded, or its window closed, the report window of the tab page
--- used last becomes the source, and with none the outline closes (see sync).
--- It is never left as the only window of a tab page (see give_way, QuitPre).

local api = vim.api
local config = require('gongwen.config')
local i18n = require('gongwen.i18n')
local state = require('gongwen.state')
local util = require('gongwen.util')

local M = {}

M.ns = api.nvim_create_namespace('gongwen.outline')

---@class gongwen.OutlineView
---@field win integer outline window
---@field buf integer outline buffer
---@field src_win integer window whose buffer is shown
---@field src_buf integer
---@field items boolean show items (一是…)
---@field rows table<integer, integer> outline buffer row (1-based) -> outline entry index
---@field entry_rows table<integer, integer> outline entry index -> row
---@field version? integer document version the rows were rendered from
---@field row_lines table<integer, integer> outline buffer row -> source line (0-based) at render time
---@field entered table<integer, integer> window -> when it was last entered (a count): the report window used last

---@type table<integer, gongwen.OutlineView> by tabpage
local views = {}
---@type table<integer, true> outline buffers
local outline_bufs = {}

--- The open outline view of a tabpage (default current), or nil.
---@param tab? integer
---@return gongwen.OutlineView?
function M.get(tab)
  tab = tab or api.nvim_get_current_tabpage()
  local v = views[tab]
  if v and not (api.nvim_win_is_valid(v.win) and api.nvim_buf_is_valid(v.buf)) then
    views[tab] = nil
    v = nil
  end
  return v
end

---@param ids string[]
---@param short boolean
---@param sep string
local function roles_text(ids, short, sep)
  local out = {}
  for i, id in ipairs(ids) do
    out[i] = i18n.role(id, short)
  end
  return table.concat(out, sep)
end

--- Lines, highlights and row map of an outline for a given width.
--- Pure function of the buffer state (exposed for tests).
---@param st gongwen.BufState?
---@param width integer
---@param items boolean
---@return string[] lines
---@return table[] hls { row (0-based), col_start, col_end, group }
---@return table<integer, integer> rows 1-based row -> outline index
function M.build(st, width, items)
  local lines, hls, rows = {}, {}, {}
  if not st or not st.doc then
    return { i18n.t(st and 'large_unavailable' or 'outline_nobuf') }, hls, rows
  end
  local function hl(col, end_col, group)
    hls[#hls + 1] = { #lines - 1, col, end_col, group }
  end
  local subdocs = st.doc:subdocs(i18n.lang())
  for i, sd in ipairs(subdocs) do
    local line = (#subdocs > 1 and ('%d. '):format(i) or '') .. sd.type_name
    local tail = #sd.missing > 0 and i18n.t('missing') .. roles_text(sd.missing, false, '、') or i18n.t('complete')
    lines[#lines + 1] = line .. '  ' .. tail
    hl(0, #line, 'GongwenOutlineHeader')
    if #sd.missing > 0 then
      hl(#line + 2, #lines[#lines], 'GongwenOutlineMissing')
    end
  end
  local entries = {}
  local role_w = 0
  for i, e in ipairs(state.outline(st)) do
    if items or e.kind ~= 'item' then
      local roles = roles_text(e.roles, true, '·')
      role_w = math.max(role_w, api.nvim_strwidth(roles))
      entries[#entries + 1] = { index = i, e = e, roles = roles }
    end
  end
  role_w = math.min(role_w, 12)
  local count_w = 5
  local name_w = math.max(width - 1 - 2 * count_w - (role_w > 0 and role_w + 1 or 0), 8)
  -- column titles, right-aligned by display width
  local function rjust(s, w)
    return (' '):rep(math.max(w - api.nvim_strwidth(s), 0)) .. s
  end
  local head = util.fit(i18n.t('outline_title'), name_w)
    .. (role_w > 0 and (' '):rep(role_w + 1) or '')
    .. rjust(i18n.t('col_placeholders'), count_w)
    .. rjust(i18n.t('col_diagnostics'), count_w)
  lines[#lines + 1] = head
  hl(0, #head, 'Comment')
  if #entries == 0 then
    lines[#lines + 1] = i18n.t('outline_none')
    return lines, hls, rows
  end
  local nav = require('gongwen.nav')
  local group_for = require('gongwen.highlight').group_for
  for _, it in ipairs(entries) do
    local e = it.e
    local indent = ('  '):rep(e.depth)
    local name = util.fit(indent .. nav.label(e), name_w)
    local roles = role_w > 0 and ' ' .. util.fit(it.roles, role_w) or ''
    local roles_end = #(roles:gsub('%s+$', ''))
    local ph = ('%' .. count_w .. 's'):format(e.placeholders > 0 and e.placeholders or '')
    local dg = ('%' .. count_w .. 's'):format(e.diagnostics > 0 and e.diagnostics or '')
    lines[#lines + 1] = name .. roles .. ph .. dg
    rows[#lines] = it.index
    local name_end = #(name:gsub('%s+$', ''))
    if name_end > #indent then
      hl(#indent, name_end, group_for(e.kind, e.rank))
    end
    local col = #name
    if roles_end > 1 then
      hl(col + 1, col + roles_end, 'GongwenOutlineRole')
    end
    col = col + #roles
    hl(col, col + 2 * count_w, 'GongwenOutlineCount')
  end
  return lines, hls, rows
end

--- Moves the outline cursor to the entry holding the source cursor.
---@param v gongwen.OutlineView
function M.follow(v)
  local st = state.get(v.src_buf)
  if not st or not st.doc or not api.nvim_win_is_valid(v.src_win) then
    return
  end
  if api.nvim_win_get_buf(v.src_win) ~= v.src_buf or st.doc:line_count() == 0 then
    return
  end
  if not state.analyzed(st) or v.version ~= st.version then
    return -- the text changed: the render after the next structure pass follows
  end
  local idx = st.doc:entry_at(math.min(api.nvim_win_get_cursor(v.src_win)[1] - 1, st.doc:line_count() - 1))
  while idx and not v.entry_rows[idx] do
    local e = state.entry(st, idx)
    idx = e and e.parent
  end
  local row = idx and v.entry_rows[idx]
  if row and api.nvim_win_get_cursor(v.win)[1] ~= row then
    api.nvim_win_set_cursor(v.win, { row, 0 })
  end
end

--- Redraws the outline of a view from its source buffer.
---@param v gongwen.OutlineView
function M.render(v)
  if not (api.nvim_win_is_valid(v.win) and api.nvim_buf_is_valid(v.buf)) then
    return
  end
  local st = state.get(v.src_buf)
  local lines, hls, rows = M.build(st, api.nvim_win_get_width(v.win), v.items)
  v.version = st and st.version
  vim.bo[v.buf].modifiable = true
  api.nvim_buf_set_lines(v.buf, 0, -1, false, lines)
  vim.bo[v.buf].modifiable = false
  vim.bo[v.buf].modified = false
  api.nvim_buf_clear_namespace(v.buf, M.ns, 0, -1)
  for _, h in ipairs(hls) do
    api.nvim_buf_set_extmark(v.buf, M.ns, h[1], h[2], { end_col = h[3], hl_group = h[4], strict = false })
  end
  v.rows, v.entry_rows, v.row_lines = rows, {}, {}
  local outline = next(rows) and state.outline(st) or {}
  for row, idx in pairs(rows) do
    v.entry_rows[idx] = row
    v.row_lines[row] = outline[idx].line
  end
  if config.get().outline.follow then
    M.follow(v)
  end
end

--- Jumps to the entry under the outline cursor; `stay` keeps the focus in the outline.
---@param v gongwen.OutlineView
---@param stay? boolean
function M.jump(v, stay)
  -- the line the entry had when the outline was drawn (the text may have changed
  -- since: the outline is drawn again after the next pause)
  local line = v.row_lines[api.nvim_win_get_cursor(v.win)[1]]
  local st = state.get(v.src_buf)
  if not line or not st or not st.doc or not api.nvim_win_is_valid(v.src_win) then
    return
  end
  if api.nvim_win_get_buf(v.src_win) ~= v.src_buf then
    -- the source window moved on to another buffer: use a window showing the
    -- report, or show it there again
    local win = vim.fn.bufwinid(v.src_buf)
    if win ~= -1 then
      v.src_win = win
    else
      local ok, err = pcall(api.nvim_win_set_buf, v.src_win, v.src_buf)
      if not ok then
        util.notify(tostring(err), vim.log.levels.WARN)
        return
      end
    end
  end
  api.nvim_set_current_win(v.src_win)
  util.jump(v.src_win, math.min(line, st.doc:line_count() - 1), 0)
  if stay and api.nvim_win_is_valid(v.win) then
    api.nvim_set_current_win(v.win)
  end
end

---@type fun(src_win: integer, src_buf: integer, items: boolean, focus: boolean): gongwen.OutlineView
local open_view

--- Whether the plugin analyzes `buf`: attached, or its file is being read.
---@param buf integer
---@return boolean
local function attached(buf)
  return api.nvim_buf_is_valid(buf) and (state.get(buf, true) ~= nil or state.loading(buf))
end

--- The windows of a tab page besides its outline window, floating ones left out.
---@param tab integer
---@param v gongwen.OutlineView
---@return integer[]
local function ordinary_wins(tab, v)
  local out = {}
  for _, w in ipairs(api.nvim_tabpage_list_wins(tab)) do
    if w ~= v.win and api.nvim_win_get_config(w).relative == '' then
      out[#out + 1] = w
    end
  end
  return out
end

--- The window among `wins` showing a report that was entered last (the first in
--- layout order when none of them was entered since the outline opened).
---@param v gongwen.OutlineView
---@param wins integer[]
---@return integer?
local function last_report_win(v, wins)
  local best, best_seen = nil, -1
  for _, w in ipairs(wins) do
    local seen = v.entered[w] or 0
    if seen > best_seen and attached(api.nvim_win_get_buf(w)) then
      best, best_seen = w, seen
    end
  end
  return best
end

--- The buffer for the last window when the one it showed went: the outline's
--- report while it is loaded and listed (only its window was closed), else the
--- listed buffer used last, as Vim shows after :bdelete in the last window.
---@param v gongwen.OutlineView
---@return integer?
local function replacement_buf(v)
  local src = v.src_buf
  if api.nvim_buf_is_loaded(src) and vim.bo[src].buflisted then
    return src
  end
  local best, best_used
  for _, b in ipairs(vim.fn.getbufinfo({ buflisted = 1 })) do
    local n, used = b.bufnr, b.lastused
    if n ~= src and not outline_bufs[n] and (not best or used > best_used or (used == best_used and n > best)) then
      best, best_used = n, used
    end
  end
  return best
end

--- The outline is the only window of its tab page: it closes, and the tab page
--- with it, as that tab page would have closed without the outline. The last
--- tab page cannot be closed (E444): there the window becomes an ordinary one
--- showing the buffer Vim would have shown, with an outline beside it again
--- (`reopen`) when that buffer is a report.
---@param tab integer
---@param v gongwen.OutlineView
---@param reopen boolean
local function give_way(tab, v, reopen)
  views[tab] = nil
  if #api.nvim_list_tabpages() > 1 then
    if not pcall(api.nvim_win_close, v.win, true) then
      views[tab] = v
    end
    return
  end
  -- the window stops being the outline's: 'winfixbuf' would refuse the buffer
  api.nvim_set_option_value('winfixbuf', false, { win = v.win, scope = 'local' })
  pcall(api.nvim_win_set_buf, v.win, replacement_buf(v) or api.nvim_create_buf(true, false))
  if not api.nvim_win_is_valid(v.win) or api.nvim_win_get_buf(v.win) == v.buf then
    if api.nvim_win_is_valid(v.win) then
      api.nvim_set_option_value('winfixbuf', true, { win = v.win, scope = 'local' })
    end
    views[tab] = v -- refused (in the command-line window): the next event tries again
    return
  end
  -- the window options of the outline that the new buffer does not reset
  for _, name in ipairs({ 'winfixwidth', 'winfixbuf' }) do
    local global = api.nvim_get_option_value(name, { scope = 'global' })
    api.nvim_set_option_value(name, global, { win = v.win, scope = 'local' })
  end
  local buf = api.nvim_win_get_buf(v.win)
  if reopen and attached(buf) then
    open_view(v.win, buf, v.items, false)
  end
end

--- Closes the outline of a tabpage (default current). Left as the only window
--- of the last tab page, it cannot close (E444): its window then shows the
--- buffer Vim would have shown.
---@param tab? integer
function M.close(tab)
  tab = tab or api.nvim_get_current_tabpage()
  local v = M.get(tab)
  if not v then
    return
  end
  if #ordinary_wins(tab, v) == 0 then
    give_way(tab, v, false)
  elseif pcall(api.nvim_win_close, v.win, true) then
    views[tab] = nil
  end
end

--- Brings the outline of a tab page in line with its windows. It shows the
--- report of its source window; while that window shows another buffer, the
--- report it showed as long as that one is open; a report detached where it is
--- shown gives a short hint until it is attached again. When the report is
--- gone (wiped, deleted, unloaded) or its window closed, the window of the tab
--- page showing a report that was used last becomes the source; when there is
--- none, the outline closes.
---@param tab integer
local function sync(tab)
  local v = views[tab]
  if not v then
    return
  end
  if not (api.nvim_tabpage_is_valid(tab) and api.nvim_win_is_valid(v.win) and api.nvim_buf_is_valid(v.buf)) then
    views[tab] = nil
    return
  end
  local wins = ordinary_wins(tab, v)
  if #wins == 0 then
    return give_way(tab, v, true)
  end
  if vim.tbl_contains(wins, v.src_win) then
    local buf = api.nvim_win_get_buf(v.src_win)
    if attached(buf) then
      if buf ~= v.src_buf then
        v.src_buf = buf
        M.render(v)
      end
      return
    elseif buf == v.src_buf and api.nvim_buf_is_loaded(buf) then
      return M.render(v)
    elseif attached(v.src_buf) then
      return
    end
  end
  local w = last_report_win(v, wins)
  if w then
    v.src_win, v.src_buf = w, api.nvim_win_get_buf(w)
    return M.render(v)
  end
  M.close(tab)
end

local sync_pending = false

--- Runs sync for every outline once the current command is over (one
--- :bwipeout closes windows, deletes the buffer and detaches it).
local function sync_soon()
  if sync_pending then
    return
  end
  sync_pending = true
  vim.schedule(function()
    sync_pending = false
    for _, tab in ipairs(vim.tbl_keys(views)) do
      sync(tab)
    end
  end)
end

--- Counts window entries (gongwen.OutlineView.entered).
local clock = 0

local autocmds_set = false

local function setup_autocmds()
  if autocmds_set then
    return
  end
  autocmds_set = true
  local group = util.augroup()
  api.nvim_create_autocmd('CursorMoved', {
    group = group,
    desc = 'gongwen: outline follows the cursor',
    callback = function()
      local v = M.get()
      if v and v.src_win == api.nvim_get_current_win() and config.get().outline.follow then
        M.follow(v)
      end
    end,
  })
  api.nvim_create_autocmd('BufEnter', {
    group = group,
    desc = 'gongwen: outline shows the current report',
    callback = function(a)
      local v = M.get()
      local win = api.nvim_get_current_win()
      if not v or outline_bufs[a.buf] or win == v.win or api.nvim_win_get_config(win).relative ~= '' then
        return
      end
      if state.get(a.buf) and (v.src_win ~= win or v.src_buf ~= a.buf) then
        v.src_win, v.src_buf = win, a.buf
        M.render(v)
      end
    end,
  })
  api.nvim_create_autocmd('WinEnter', {
    group = group,
    desc = 'gongwen: the order windows are used in, for the outline',
    callback = function()
      local v = M.get()
      if v then
        clock = clock + 1
        v.entered[api.nvim_get_current_win()] = clock
      end
    end,
  })
  api.nvim_create_autocmd('WinClosed', {
    group = group,
    desc = 'gongwen: outline window bookkeeping',
    callback = function(a)
      local closed = tonumber(a.match)
      local others = false
      for tab, v in pairs(views) do
        if v.win == closed then
          views[tab] = nil
        else
          v.entered[closed] = nil
          others = true
        end
      end
      if others then
        sync_soon()
      end
    end,
  })
  api.nvim_create_autocmd({ 'BufDelete', 'BufWipeout', 'BufUnload' }, {
    group = group,
    desc = 'gongwen: the report of an outline goes',
    callback = function(a)
      for _, v in pairs(views) do
        if v.src_buf == a.buf then
          return sync_soon()
        end
      end
    end,
  })
  api.nvim_create_autocmd('QuitPre', {
    group = group,
    desc = 'gongwen: :quit in the last window besides the outline closes the outline first',
    callback = function()
      local tab = api.nvim_get_current_tabpage()
      local v = M.get(tab)
      local win = api.nvim_get_current_win()
      if not v or win == v.win then
        return
      end
      -- counted as :quit counts: help windows (unless this is one) and the
      -- preview window do not keep Neovim open
      local help = vim.bo.buftype == 'help'
      for _, w in ipairs(ordinary_wins(tab, v)) do
        if w ~= win and not vim.wo[w].previewwindow and (help or vim.bo[api.nvim_win_get_buf(w)].buftype ~= 'help') then
          return -- this window closes, the outline follows another one
        end
      end
      local src_buf, items = v.src_buf, v.items
      M.close(tab)
      vim.schedule(function()
        -- still here: the quit was refused (a modified buffer, files left to
        -- edit), the outline comes back
        if not api.nvim_win_is_valid(win) or win ~= api.nvim_get_current_win() or M.get() then
          return
        end
        local buf = api.nvim_win_get_buf(win)
        if attached(buf) then
          src_buf = buf
        end
        if attached(src_buf) then
          open_view(win, src_buf, items, false)
        end
      end)
    end,
  })
  api.nvim_create_autocmd('WinResized', {
    group = group,
    desc = 'gongwen: outline re-layout',
    callback = function()
      for _, v in pairs(views) do
        if vim.tbl_contains(vim.v.event.windows or {}, v.win) then
          M.render(v)
        end
      end
    end,
  })
end

---@param v gongwen.OutlineView
local function set_keymaps(v)
  local function map(lhs, fn, desc)
    vim.keymap.set('n', lhs, fn, { buffer = v.buf, nowait = true, silent = true, desc = 'gongwen: ' .. desc })
  end
  map('<CR>', function()
    M.jump(v)
  end, 'jump to the section')
  map('<2-LeftMouse>', function()
    M.jump(v)
  end, 'jump to the section')
  map('p', function()
    M.jump(v, true)
  end, 'show the section, stay in the outline')
  map('i', function()
    v.items = not v.items
    M.render(v)
  end, 'toggle items')
  map('q', function()
    M.close()
  end, 'close the outline')
end

--- Opens an outline window in the current tab page (that of `src_win`) showing
--- `src_buf`, an attached buffer.
---@param src_win integer
---@param src_buf integer
---@param items boolean
---@param focus boolean enter the outline window
---@return gongwen.OutlineView
function open_view(src_win, src_buf, items, focus)
  local cfg = config.get().outline
  local buf = api.nvim_create_buf(false, true)
  outline_bufs[buf] = true
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].modifiable = false
  api.nvim_buf_set_name(buf, ('gongwen://outline/%d'):format(buf))
  local win = api.nvim_open_win(buf, false, { split = cfg.position, win = -1, width = cfg.width })
  for k, val in pairs({
    number = false,
    relativenumber = false,
    wrap = false,
    list = false,
    spell = false,
    signcolumn = 'no',
    foldcolumn = '0',
    foldenable = false,
    cursorline = true,
    winfixwidth = true,
    winfixbuf = true, -- :bnext, :edit in the outline window go to another window or fail (E1513)
    colorcolumn = '',
    statuscolumn = '',
    winbar = '',
  }) do
    api.nvim_set_option_value(k, val, { win = win, scope = 'local' })
  end
  clock = clock + 1
  ---@type gongwen.OutlineView
  local v = {
    win = win,
    buf = buf,
    src_win = src_win,
    src_buf = src_buf,
    items = items,
    rows = {},
    entry_rows = {},
    row_lines = {},
    entered = { [src_win] = clock },
  }
  views[api.nvim_get_current_tabpage()] = v
  api.nvim_create_autocmd('BufWipeout', {
    group = util.augroup(),
    buffer = buf,
    once = true,
    callback = function()
      outline_bufs[buf] = nil
    end,
  })
  set_keymaps(v)
  vim.bo[buf].filetype = 'gongwenoutline'
  setup_autocmds()
  require('gongwen.highlight').setup()
  M.render(v)
  if focus then
    api.nvim_set_current_win(win)
  end
  return v
end

--- Opens the outline for the current window's buffer (which must be attached).
---@return gongwen.OutlineView?
function M.open()
  local existing = M.get()
  if existing then
    return existing
  end
  local src_buf = api.nvim_get_current_buf()
  if not state.get(src_buf) then
    util.notify(i18n.t(util.disabled(src_buf) and 'disabled' or 'not_attached'), vim.log.levels.WARN)
    return nil
  end
  local cfg = config.get().outline
  return open_view(api.nvim_get_current_win(), src_buf, cfg.items, cfg.focus)
end

--- Toggles the outline window of the current tabpage.
function M.toggle()
  if M.get() then
    M.close()
  else
    M.open()
  end
end

local function refresh_for(buf)
  for _, v in pairs(views) do
    if v.src_buf == buf then
      M.render(v)
    end
  end
end

--- Re-renders every open outline (after an option change).
function M.refresh_all()
  for tab in pairs(views) do
    local v = M.get(tab)
    if v then
      M.render(v)
    end
  end
end

-- Re-rendered once per pause in typing: the structure pass ran, the outline is
-- read once for all open views.
state.on('structure', function(buf)
  refresh_for(buf)
end)
state.on('attach', function(buf)
  vim.schedule(function()
    -- attached in the window the user works in (:Gongwen attach): the outline shows it
    local v = M.get()
    local win = api.nvim_get_current_win()
    if
      v
      and win ~= v.win
      and api.nvim_buf_is_valid(buf)
      and api.nvim_win_get_buf(win) == buf
      and api.nvim_win_get_config(win).relative == ''
    then
      v.src_win, v.src_buf = win, buf
    end
    refresh_for(buf)
  end)
end)
state.on('detach', function(buf)
  for _, v in pairs(views) do
    if v.src_buf == buf then
      return sync_soon()
    end
  end
end)

--- Offers the outline entries of `buf` through vim.ui.select and jumps to the choice.
---@param buf integer
function M.pick(buf)
  local st = state.get(buf)
  if not st or not st.doc then
    util.notify(i18n.t(st and 'large_unavailable' or 'not_attached'), vim.log.levels.WARN)
    return
  end
  local with_items = config.get().outline.items
  local choices = {}
  for _, e in ipairs(state.outline(st)) do
    if with_items or e.kind ~= 'item' then
      choices[#choices + 1] = e
    end
  end
  if #choices == 0 then
    util.notify(i18n.t('no_entries'))
    return
  end
  local nav = require('gongwen.nav')
  vim.ui.select(choices, {
    prompt = i18n.t('pick_prompt'),
    kind = 'gongwen',
    format_item = function(e)
      local roles = #e.roles > 0 and '  ‹' .. roles_text(e.roles, true, '·') .. '›' or ''
      return ('  '):rep(e.depth) .. nav.label(e) .. roles
    end,
  }, function(choice)
    if not choice or not api.nvim_buf_is_valid(buf) then
      return
    end
    local win = api.nvim_get_current_win()
    if api.nvim_win_get_buf(win) ~= buf then
      win = vim.fn.bufwinid(buf)
    end
    if win ~= -1 then
      util.jump(win, math.min(choice.line, api.nvim_buf_line_count(buf) - 1), 0)
    end
  end)
end

return M
