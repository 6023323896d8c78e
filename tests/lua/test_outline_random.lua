-- Random window and buffer operations with outline windows open (issue 7:
-- "windows closed while the outline is open"): splits, closes, :only, new tab
-- pages, reports and other buffers shown, deleted, wiped and unloaded, the
-- outline toggled. After every step: no error message and no warning, every
-- outline window shows the report of its source window or of a report still
-- loaded (:help gongwen-outline-source) drawn from that report's analysis,
-- and no outline is the only window of its tab page. The seed is printed;
-- GONGWEN_SEED=N replays a run.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local outline = require('gongwen.outline')
local state = require('gongwen.state')

local STEPS = 400
local SEED = tonumber(vim.env.GONGWEN_SEED or '') or 20261125

t.before_each(h.reset)
t.after_each(h.reset)

t.it(('%d random window and buffer operations: the outlines stay consistent'):format(STEPS), function()
  local notes = h.capture_notify()
  local rand, pick = h.rng(SEED)
  print(('# seed %d'):format(SEED))
  local report = h.read('report.txt')
  local made = 0
  --- A new buffer in the current window: a report (a copy of the test report
  --- with a number of its own) or a plain text buffer.
  local function new_buffer(is_report)
    made = made + 1
    if is_report then
      local lines = vim.deepcopy(report)
      lines[1] = lines[1] .. made
      return h.edit_lines(lines, ('r%d.txt'):format(made))
    end
    return h.edit_lines({ 'notes ' .. made }, ('n%d.lua'):format(made))
  end
  --- Windows of the current tab page that are not outlines.
  local function work_wins()
    local out = {}
    for _, w in ipairs(api.nvim_tabpage_list_wins(0)) do
      if vim.bo[api.nvim_win_get_buf(w)].filetype ~= 'gongwenoutline' then
        out[#out + 1] = w
      end
    end
    return out
  end
  local ops = {
    function() -- a report in the current window
      new_buffer(true)
    end,
    function() -- another buffer
      new_buffer(false)
    end,
    function()
      vim.cmd(pick({ 'split', 'vsplit' }))
    end,
    function()
      local ws = work_wins()
      if #ws > 0 then
        api.nvim_set_current_win(pick(ws))
      end
    end,
    function()
      pcall(vim.cmd, 'close')
    end,
    function()
      pcall(vim.cmd, 'only')
    end,
    function()
      pcall(vim.cmd, pick({ 'bwipeout!', 'bdelete!', 'bunload!' }))
    end,
    function() -- the outline opened where there is none, at times closed
      if not outline.get() or rand(3) == 0 then
        outline.toggle()
      end
    end,
    function()
      if not outline.get() then
        outline.toggle()
      end
    end,
    function()
      if #api.nvim_list_tabpages() < 3 then
        vim.cmd('tabnew')
        new_buffer(rand(2) == 0)
      end
    end,
    function()
      pcall(vim.cmd, pick({ 'tabnext', 'tabclose' }))
    end,
    function() -- a listed buffer shown again
      local bufs = vim.tbl_filter(function(b)
        return vim.bo[b].buflisted
      end, api.nvim_list_bufs())
      if #bufs > 0 then
        pcall(api.nvim_win_set_buf, 0, pick(bufs))
      end
    end,
    function() -- into an outline window, if any, as a user may
      for _, w in ipairs(api.nvim_tabpage_list_wins(0)) do
        if vim.bo[api.nvim_win_get_buf(w)].filetype == 'gongwenoutline' then
          api.nvim_set_current_win(w)
          return
        end
      end
    end,
  }
  new_buffer(true)
  outline.open()
  local opened = 0
  for step = 1, STEPS do
    local k = rand(#ops) + 1
    vim.v.errmsg = ''
    ops[k]()
    vim.wait(8, function()
      return false
    end)
    local where = ('seed %d, step %d (operation %d)'):format(SEED, step, k)
    t.eq('', vim.v.errmsg, where .. ': no error message')
    for _, n in ipairs(notes) do
      -- "not attached" warnings answer a toggle in a buffer that is no report
      local expected = n.msg:find(require('gongwen.i18n').t('not_attached'), 1, true)
      t.ok(expected or (n.level or vim.log.levels.INFO) < vim.log.levels.WARN, where .. ': ' .. n.msg)
    end
    for _, tab in ipairs(api.nvim_list_tabpages()) do
      local v = outline.get(tab)
      if v then
        opened = opened + 1
        t.ok(api.nvim_win_is_valid(v.win), where .. ': the outline window exists')
        t.ok(#api.nvim_tabpage_list_wins(tab) >= 2, where .. ': the outline is not alone in its tab page')
        local st = api.nvim_buf_is_valid(v.src_buf) and state.get(v.src_buf, true)
        if st and st.doc then
          local want = outline.build(st, api.nvim_win_get_width(v.win), v.items)
          t.eq(want, api.nvim_buf_get_lines(v.buf, 0, -1, false), where .. ': the outline is drawn from its report')
        end
      end
    end
  end
  t.ok(opened > STEPS / 5, ('an outline was open after %d steps of %d'):format(opened, STEPS))
end)
