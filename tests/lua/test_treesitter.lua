-- The tree-sitter parser gongwen (grammar/, parser/gongwen.so) on the Neovim side:
-- registration, the query files of queries/gongwen/, highlight captures, the
-- outline read from the tree against the analyzer's (API and CLI) on the shared
-- corpus and the fixtures, incremental re-parses after random edits against fresh
-- parses, tree-sitter folding, the ftplugin's start/stop, one message when the
-- parser is missing, the luarocks (package.cpath) layout, :checkhealth.
local t = require('runner')
local h = require('helpers')
local api = vim.api
local ts = require('gongwen.treesitter')

local PARSER = h.root .. '/parser/gongwen.so'
local QUERY_DIR = h.root .. '/queries/gongwen'

local function need_parser()
  if not vim.uv.fs_stat(PARSER) then
    t.skip('parser/gongwen.so not built: run make parser')
  end
  t.ok(ts.register().ok, 'the parser registers: ' .. tostring(ts.register().err))
end

t.before_each(function()
  h.reset()
  -- the ftplugin's tree-sitter highlighting is on in this file (minimal_init.lua)
  vim.g.gongwen_test_treesitter = true
end)
t.after_each(function()
  vim.g.gongwen_test_treesitter = nil
end)

-- A small report with every construct the highlights name (rows are 0-based below).
local SAMPLE = {
  '本文系作者投稿，仅供学习参考！', --  0 noise
  'XX县农业农村局2024年度工作总结', --  1 title with a placeholder
  '', --  2
  '一、主要工作', --  3 heading 1
  '（一）加强组织建设', --  4 heading 2
  '1.完善制度体系', --  5 heading 3
  '（1）修订议事规则。全年召开会议X次。', --  6 heading 4, run-in body with a placeholder
  '①明确责任分工', --  7 heading 5
  '一是压实责任。二是强化考核。', --  8 item, run-in body
  '存在问题：落实不够到位，某某单位进展缓慢。', --  9 label, run-in body with a placeholder
  '二、下一步打算', -- 10 heading 1
  '继续加强学习。', -- 11 paragraph
  '第2页 共3页', -- 12 noise (page number)
  '', -- 13
  'XXX', -- 14 signature (a placeholder)
  '2024年12月XX日', -- 15 signature
}

local function text_of(lines)
  return table.concat(lines, '\n') .. '\n'
end

--- The tree of a string, fresh.
---@param text string
---@return TSNode
local function parse_string(text)
  local parser = vim.treesitter.get_string_parser(text, 'gongwen')
  return parser:parse()[1]:root()
end

--- Every node with its type, field name and range, one per line: two trees are
--- equal when these are (TSNode:sexpr() has no ranges).
---@param root TSNode
---@return string
local function dump(root)
  local out = {}
  local function walk(node, depth, field)
    local sr, sc, er, ec = node:range()
    out[#out + 1] = ('%s%s%s [%d,%d]-[%d,%d]%s'):format(
      (' '):rep(depth),
      field and field .. ': ' or '',
      node:type(),
      sr,
      sc,
      er,
      ec,
      node:missing() and ' MISSING' or ''
    )
    for child, name in node:iter_children() do
      if child:named() then
        walk(child, depth + 1, name)
      end
    end
  end
  walk(root, 0, nil)
  return table.concat(out, '\n')
end

--- ERROR or MISSING nodes of a tree, as "type at row,col".
---@param root TSNode
---@return string[]
local function errors(root)
  local out = {}
  local function walk(node)
    if node:type() == 'ERROR' or node:missing() then
      local r, c = node:start()
      out[#out + 1] = ('%s at %d,%d'):format(node:missing() and 'MISSING' or 'ERROR', r, c)
    end
    if node:has_error() then
      for child in node:iter_children() do
        walk(child)
      end
    end
  end
  walk(root)
  return out
end

--- Tree-sitter does not highlight the buffer, and the plugin draws row 3 (一、…)
--- itself.
---@param buf integer
local function no_ts_plugin_headings(buf)
  h.settle(buf)
  t.eq(nil, require('vim.treesitter.highlighter').active[buf])
  local groups = {}
  for _, m in ipairs(require('gongwen.highlight').marks(buf, 3, 4)[3] or {}) do
    groups[#groups + 1] = m[3]
  end
  t.eq({ 'GongwenHeading1' }, groups)
end

t.describe('registration', function()
  t.it('registers parser/gongwen.so of the plugin, ABI 14, for the filetype gongwen', function()
    need_parser()
    local st = ts.register()
    t.eq('plugin', st.source)
    t.eq(vim.fs.normalize(PARSER), st.path)
    local info = ts.info()
    t.eq(14, info.abi)
    t.eq('gongwen', vim.treesitter.language.get_lang('gongwen'))
  end)

  t.it('the ftplugin starts tree-sitter highlighting; changing the filetype stops it', function()
    need_parser()
    local buf = h.scratch(SAMPLE)
    local active = require('vim.treesitter.highlighter').active
    t.ok(active[buf] ~= nil, 'highlighter active')
    t.eq("v:lua.require'gongwen'.foldexpr()", vim.wo.foldexpr, 'folds stay the analyzer\'s by default')
    vim.bo[buf].filetype = 'text'
    t.eq(nil, active[buf], 'stopped by b:undo_ftplugin')
  end)

  t.it('treesitter.enabled = false: no tree-sitter highlighting, the plugin draws headings', function()
    need_parser()
    require('gongwen').setup({ treesitter = { enabled = false } })
    no_ts_plugin_headings(h.scratch(SAMPLE))
  end)

  t.it('no tree-sitter highlighting in buffers larger than max_filesize', function()
    need_parser()
    h.capture_notify()
    require('gongwen').setup({ max_filesize = 100 })
    local buf = h.scratch(SAMPLE)
    t.eq(nil, require('vim.treesitter.highlighter').active[buf])
  end)

  t.it('treesitter.max_filesize: a larger buffer keeps the plugin\'s own highlighting', function()
    need_parser()
    require('gongwen').setup({ treesitter = { max_filesize = 100 } })
    no_ts_plugin_headings(h.scratch(SAMPLE))
    require('gongwen').setup({ treesitter = { max_filesize = 4 * 1024 * 1024 } })
    local small = h.scratch(SAMPLE)
    t.ok(require('vim.treesitter.highlighter').active[small] ~= nil, 'a small buffer is parsed')
  end)

  t.it('treesitter.path and the other options are validated', function()
    t.raises('treesitter.max_filesize must be', function()
      require('gongwen').setup({ treesitter = { max_filesize = -1 } })
    end)
    t.raises('treesitter.path must be false or a path', function()
      require('gongwen').setup({ treesitter = { path = 1 } })
    end)
    t.raises('treesitter.fold must be boolean', function()
      require('gongwen').setup({ treesitter = { fold = 'yes' } })
    end)
  end)
end)

t.describe('queries', function()
  --- Query files of queries/gongwen/, by name.
  local function files()
    local out = {}
    for name, type in vim.fs.dir(QUERY_DIR) do
      if type == 'file' and name:match('%.scm$') then
        out[#out + 1] = name:gsub('%.scm$', '')
      end
    end
    table.sort(out)
    return out
  end

  t.it('the shipped files are the ones the plugin checks (:checkhealth)', function()
    local want = vim.deepcopy(ts.QUERIES)
    table.sort(want)
    t.eq(want, files())
  end)

  t.it('every query file parses (node, field and capture names are the grammar\'s)', function()
    need_parser()
    for _, name in ipairs(files()) do
      local src = table.concat(vim.fn.readfile(QUERY_DIR .. '/' .. name .. '.scm'), '\n')
      local ok, q = pcall(vim.treesitter.query.parse, 'gongwen', src)
      t.ok(ok, name .. '.scm: ' .. tostring(q))
      t.ok(#q.captures > 0, name .. '.scm has captures')
      -- and vim.treesitter.query.get() finds exactly this file
      local files_on_rtp = vim.treesitter.query.get_files('gongwen', name)
      t.eq({ vim.fs.normalize(QUERY_DIR .. '/' .. name .. '.scm') }, vim.tbl_map(vim.fs.normalize, files_on_rtp))
    end
  end)

  t.it('a wrong node or field name fails to parse (the check above can fail)', function()
    need_parser()
    t.ok(not pcall(vim.treesitter.query.parse, 'gongwen', '(chapter) @x'), 'unknown node')
    t.ok(not pcall(vim.treesitter.query.parse, 'gongwen', '(heading level: (_)) @x'), 'unknown field')
    t.ok(not pcall(vim.treesitter.query.parse, 'gongwen', '(label marker: (_)) @x'), 'field of another node')
  end)

  t.it('every query runs over a report (predicates and directives included)', function()
    need_parser()
    -- #make-range! belongs to nvim-treesitter-textobjects: a stand-in that records it
    local ranges = 0
    if not vim.tbl_contains(vim.treesitter.query.list_directives(), 'make-range!') then
      vim.treesitter.query.add_directive('make-range!', function()
        ranges = ranges + 1
      end, { force = true })
    end
    local buf = api.nvim_create_buf(false, true)
    api.nvim_buf_set_lines(buf, 0, -1, false, SAMPLE)
    local root = vim.treesitter.get_parser(buf, 'gongwen'):parse()[1]:root()
    for _, name in ipairs(files()) do
      local q = vim.treesitter.query.get('gongwen', name)
      local n = 0
      for _ in q:iter_matches(root, buf, 0, -1) do
        n = n + 1
      end
      t.ok(n > 0, name .. '.scm matches something in the sample')
    end
    api.nvim_buf_delete(buf, { force = true })
  end)

  t.it('highlights.scm uses the documented standard captures', function()
    need_parser()
    local caps = vim.deepcopy(vim.treesitter.query.get('gongwen', 'highlights').captures)
    table.sort(caps)
    t.eq({
      'comment',
      'comment.warning',
      'label',
      'markup.heading',
      'markup.heading.1',
      'markup.heading.2',
      'markup.heading.3',
      'markup.heading.4',
      'markup.heading.5',
      'markup.list',
    }, caps)
  end)
end)

t.describe('queries as the plugins read them', function()
  --- The sample in a scratch buffer (these plugins read buffers), its root.
  local function sample_buffer()
    local buf = api.nvim_create_buf(false, true)
    api.nvim_buf_set_lines(buf, 0, -1, false, SAMPLE)
    return buf, vim.treesitter.get_parser(buf, 'gongwen'):parse()[1]:root()
  end

  --- iter_matches with one node per capture (0.10: all = false; 0.11+: lists).
  local function matches(q, root, buf)
    return coroutine.wrap(function()
      for _, match, meta in q:iter_matches(root, buf, 0, -1) do
        local m = {}
        for id, nodes in pairs(match) do
          m[q.captures[id]] = { node = type(nodes) == 'table' and nodes[#nodes] or nodes, meta = meta[id] }
        end
        coroutine.yield(m, meta)
      end
    end)
  end

  t.it('aerial.scm: @symbol, @name and a kind that is an LSP SymbolKind; nested by depth', function()
    need_parser()
    local buf, root = sample_buffer()
    local q = vim.treesitter.query.get('gongwen', 'aerial')
    local got = {}
    for m, meta in matches(q, root, buf) do
      t.ok(m.symbol and m.name, 'every match has @symbol and @name')
      t.ok(vim.lsp.protocol.SymbolKind[meta.kind], 'kind ' .. tostring(meta.kind))
      local depth, n = 0, m.symbol.node:parent()
      while n do
        depth = depth + ((n:type() == 'section' or n:type() == 'report') and 1 or 0)
        n = n:parent()
      end
      local name = vim.treesitter.get_node_text(m.name.node, buf, { metadata = m.name.meta })
      if meta.kind == 'Field' then
        -- the label's words (whether the colon is in label_text: see 'node ranges')
        t.ok(vim.startswith(name, '存在问题'), name)
        name = '存在问题'
      end
      got[#got + 1] = ('%d %s %s'):format(depth, meta.kind, name)
    end
    api.nvim_buf_delete(buf, { force = true })
    t.eq({
      '0 Module XX县农业农村局2024年度工作总结',
      '1 Interface 主要工作',
      '2 Interface 加强组织建设',
      '3 Interface 完善制度体系',
      '4 Interface 修订议事规则',
      '5 Interface 明确责任分工',
      '6 EnumMember 压实责任',
      '6 Field 存在问题',
      '1 Interface 下一步打算',
    }, got)
  end)

  t.it('locals.scm: definitions of standard kinds, on one line, inside a scope', function()
    need_parser()
    local buf, root = sample_buffer()
    local q = vim.treesitter.query.get('gongwen', 'locals')
    local scopes, defs = {}, {}
    for id, node in q:iter_captures(root, buf) do
      local name = q.captures[id]
      if name == 'local.scope' then
        scopes[node:id()] = true
      else
        local kind = name:match('^local%.definition%.(.+)$')
        t.ok(kind, 'capture ' .. name)
        defs[#defs + 1] = { kind = kind, node = node }
      end
    end
    local got = {}
    for _, d in ipairs(defs) do
      -- snacks keeps a definition only inside a scope and maps these kinds
      local p, inside = d.node:parent(), false
      while p do
        inside = inside or scopes[p:id()] == true
        p = p:parent()
      end
      t.ok(inside, 'in a scope')
      local text = vim.treesitter.get_node_text(d.node, buf)
      t.ok(not text:find('\n'), 'one line: ' .. text)
      if d.kind == 'field' then
        t.ok(vim.startswith(text, '存在问题'), text)
        text = '存在问题'
      end
      got[#got + 1] = d.kind .. ' ' .. text
    end
    api.nvim_buf_delete(buf, { force = true })
    t.eq({
      'type 主要工作',
      'type 加强组织建设',
      'type 完善制度体系',
      'type 修订议事规则',
      'type 明确责任分工',
      'enum 压实责任',
      'field 存在问题',
      'type 下一步打算',
    }, got)
  end)

  t.it('context.scm: the sections around a line, shown by their heading lines', function()
    need_parser()
    local buf, root = sample_buffer()
    local q = vim.treesitter.query.get('gongwen', 'context')
    -- as nvim-treesitter-context: each ancestor of the node at the cursor that
    -- the query matches as @context contributes its first line
    local node = root:named_descendant_for_range(8, 2, 8, 3) -- in the item 一是
    local lines = {}
    while node do
      for _, match in q:iter_matches(node, buf, 0, -1, { max_start_depth = 0 }) do
        for id, nodes in pairs(match) do
          local n = type(nodes) == 'table' and nodes[1] or nodes
          if q.captures[id] == 'context' and n:id() == node:id() then
            table.insert(lines, 1, SAMPLE[n:start() + 1])
          end
        end
      end
      node = node:parent()
    end
    api.nvim_buf_delete(buf, { force = true })
    t.eq({ SAMPLE[4], SAMPLE[5], SAMPLE[6], SAMPLE[7], SAMPLE[8] }, lines)
  end)

  t.it('textobjects.scm: @class.outer a section, @class.inner it without its heading', function()
    need_parser()
    local buf, root = sample_buffer()
    local q = vim.treesitter.query.get('gongwen', 'textobjects')
    -- #make-range! as nvim-treesitter-textobjects defines it: from the first node
    -- to the last, named by its first argument
    vim.treesitter.query.add_directive('make-range!', function(match, _, _, pred, metadata)
      local s, e = match[pred[3]], match[pred[4]]
      s = type(s) == 'table' and s[1] or s
      e = type(e) == 'table' and e[1] or e
      local sr, sc = s:start()
      local er, ec = (e or s):end_()
      metadata.range = { sr, sc, er, ec, pred[2] }
    end, { force = true, all = false })
    local got = {}
    for _, match, meta in q:iter_matches(root, buf, 0, -1) do
      if meta.range then
        got[#got + 1] = ('%s %d-%d'):format(meta.range[5], meta.range[1], meta.range[3])
      else
        for id, nodes in pairs(match) do
          local n = type(nodes) == 'table' and nodes[1] or nodes
          local name = q.captures[id]
          if not name:match('^_') then
            got[#got + 1] = ('%s %d-%d'):format(name, n:start(), n:end_())
          end
        end
      end
    end
    api.nvim_buf_delete(buf, { force = true })
    local function has(entry)
      t.ok(vim.tbl_contains(got, entry), entry .. ' in ' .. table.concat(got, ', '))
    end
    -- a section ends where the next one starts (at column 0 of its row); a
    -- line's node ends at the end of its text (its line break is no node's)
    has('class.outer 3-10') -- 一、 and its section, to the line before 二、
    has('class.inner 4-10')
    has('class.outer 10-12') -- 二、
    has('class.inner 11-11')
    has('block.outer 8-8') -- the item
    has('block.inner 8-8') -- the item without 一是
    has('block.inner 9-9') -- the label's body
    has('comment.outer 0-0')
  end)
end)

t.describe('highlights', function()
  ---@type fun()?
  local restore
  t.after_each(function()
    if restore then
      restore()
      restore = nil
    end
  end)

  --- Capture names at (row, col) of the current buffer, sorted.
  local function caps(row, col)
    -- Neovim 0.11+ parses for the highlighter on redraw, asynchronously: parse now
    vim.treesitter.get_parser(0):parse()
    local out = {}
    for _, c in ipairs(vim.treesitter.get_captures_at_pos(0, row, col)) do
      if c.lang == 'gongwen' then
        out[#out + 1] = c.capture
      end
    end
    table.sort(out)
    return out
  end

  t.it('captures by construct: title, heading levels, item, label, noise, placeholder', function()
    need_parser()
    h.scratch(SAMPLE)
    t.eq({ 'comment' }, caps(0, 0), 'noise')
    t.eq({ 'comment.warning', 'markup.heading' }, caps(1, 0), 'XX in the title')
    t.eq({ 'markup.heading' }, caps(1, 6), 'title')
    for level, row in ipairs({ 3, 4, 5, 6, 7 }) do
      t.eq({ 'markup.heading.' .. level }, caps(row, 0), 'marker of level ' .. level)
    end
    t.eq({ 'markup.heading.1' }, caps(3, 6), 'heading words')
    t.eq({ 'markup.heading.4' }, caps(6, 7), 'heading words, level 4')
    local line6 = SAMPLE[7]
    t.eq({}, caps(6, line6:find('全年', 1, true) - 1), 'run-in body after the heading words')
    t.eq({ 'comment.warning' }, caps(6, line6:find('X', 1, true) - 1), 'placeholder in the body')
    t.eq({ 'markup.list' }, caps(8, 0), 'item marker')
    t.eq({ 'markup.list' }, caps(8, 6), 'item words')
    t.eq({}, caps(8, SAMPLE[9]:find('二是', 1, true) - 1), 'body after the item')
    t.eq({ 'label' }, caps(9, 0), 'label')
    t.eq({ 'comment.warning' }, caps(9, SAMPLE[10]:find('某某', 1, true) - 1), '某某')
    t.eq({}, caps(11, 0), 'paragraph')
    t.eq({ 'comment' }, caps(12, 0), 'page number')
    t.eq({ 'comment.warning' }, caps(14, 0), 'XXX signature')
    t.eq({}, caps(15, 0), 'signature text')
  end)

  t.it('the plugin leaves headings to tree-sitter and keeps drawing placeholders', function()
    need_parser()
    local buf = h.scratch(SAMPLE)
    h.settle(buf)
    local marks = require('gongwen.highlight').marks(buf, 0, #SAMPLE)
    for row, list in pairs(marks) do
      for _, m in ipairs(list) do
        t.eq('GongwenPlaceholder', m[3], 'row ' .. row)
      end
    end
    t.ok(marks[1] and #marks[1] == 1, 'the placeholder of the title')
  end)

  t.it('@capture.gongwen groups link to the plugin groups (treesitter.links)', function()
    need_parser()
    h.scratch(SAMPLE)
    for name, group in pairs(ts.links) do
      local got = api.nvim_get_hl(0, { name = name })
      t.eq(group, got.link, name)
      t.eq(true, got.default, name)
    end
  end)

  t.it('on screen: levels in the plugin\'s colours; links = false gives the colour scheme\'s', function()
    need_parser()
    vim.o.termguicolors = true
    local saved = {}
    local names = { '@markup.heading.1', '@markup.heading.2', 'GongwenHeading1', 'GongwenHeading2',
      'GongwenHeading4', 'GongwenHeading5' }
    for _, name in ipairs(vim.list_extend(names, { 'GongwenPlaceholder' })) do
      saved[name] = api.nvim_get_hl(0, { name = name, link = true })
    end
    restore = function()
      for name, def in pairs(saved) do
        api.nvim_set_hl(0, name, def)
      end
      vim.o.termguicolors = false
    end
    -- a colour scheme's own heading colours (not the defaults' links, which other tests may have changed)
    api.nvim_set_hl(0, '@markup.heading.1', { fg = '#ff0000' })
    api.nvim_set_hl(0, '@markup.heading.2', { fg = '#ff0000' })
    api.nvim_set_hl(0, 'GongwenHeading1', { fg = '#000001' })
    api.nvim_set_hl(0, 'GongwenHeading2', { fg = '#000002' })
    api.nvim_set_hl(0, 'GongwenHeading4', { fg = '#000004' })
    api.nvim_set_hl(0, 'GongwenHeading5', { fg = '#000005' })
    api.nvim_set_hl(0, 'GongwenPlaceholder', { bg = '#0000ff' })
    h.scratch(SAMPLE)
    local function cell(row, col)
      -- Neovim 0.11+ parses for the highlighter asynchronously: parse first
      vim.treesitter.get_parser(0):parse()
      vim.cmd('redraw!')
      local pos = vim.fn.screenpos(api.nvim_get_current_win(), row + 1, col + 1)
      return api.nvim__inspect_cell(1, pos.row - 1, pos.col - 1)[2]
    end
    t.eq(0x000001, cell(3, 0).foreground, '一、')
    t.eq(0x000002, cell(4, 0).foreground, '（一）')
    t.eq(0x000004, cell(6, 0).foreground, '（1）')
    t.eq(0x000005, cell(8, 0).foreground, '一是')
    t.eq(0x0000ff, cell(9, SAMPLE[10]:find('某某', 1, true) - 1).background, '某某')
    -- the colour scheme's groups instead
    require('gongwen').setup({ treesitter = { links = false } })
    h.scratch(SAMPLE)
    t.eq(0xff0000, cell(3, 0).foreground, '一、 as the colour scheme\'s @markup.heading.1')
    t.eq(0xff0000, cell(4, 0).foreground, '（一）as the colour scheme\'s @markup.heading.2')
    t.eq(0x0000ff, cell(9, SAMPLE[10]:find('某某', 1, true) - 1).background, 'placeholders still drawn')
  end)
end)

t.describe('outline from the tree', function()
  local RANK = { h1_marker = 1, h2_marker = 2, h3_marker = 3, h4_marker = 4, h5_marker = 5 }
  local LISTED = {
    title = true,
    heading = true,
    item = true,
    label = true,
    addressee = true,
    signature = true,
    noise = true,
  }

  --- The outline read from the tree: one title per report (its first title
  --- line); a heading's depth is the number of sections it is in (its own
  --- included); a label's the sections around it + 1; an item's the preceding
  --- label's + 1 when a label came before it in the same section, else the
  --- sections around it + 1.
  ---@param root TSNode
  ---@return { line: integer, kind: string, rank: integer, depth: integer }[]
  local function outline(root)
    local out = {}
    local function walk(node, sections)
      local titled, label = false, nil
      for child in node:iter_children() do
        local kind = child:type()
        if kind == 'report' then
          walk(child, 0)
        elseif kind == 'title' and node:type() == 'report' and not titled then
          titled = true
          out[#out + 1] = { line = child:start(), kind = 'title', rank = 0, depth = 0 }
        elseif kind == 'section' then
          label = nil
          local heading = child:named_child(0)
          local marker = heading:field('marker')[1]
          out[#out + 1] = { line = heading:start(), kind = 'heading', rank = RANK[marker:type()], depth = sections + 1 }
          walk(child, sections + 1)
        elseif kind == 'label' then
          label = sections + 1
          out[#out + 1] = { line = child:start(), kind = 'label', rank = 0, depth = label }
        elseif kind == 'item' then
          out[#out + 1] = { line = child:start(), kind = 'item', rank = 5, depth = (label or sections) + 1 }
        end
      end
    end
    walk(root, 0)
    return out
  end

  --- Every line node the CLI's `outline --format=tsv` lists: { line (1-based), kind, rank }.
  ---@param root TSNode
  ---@return string[]
  local function line_kinds(root)
    local out = {}
    local function walk(node)
      for child in node:iter_children() do
        local kind = child:type()
        if kind == 'heading' then
          out[#out + 1] = ('%d\theading\t%d'):format(child:start() + 1, RANK[child:field('marker')[1]:type()])
        elseif LISTED[kind] then
          out[#out + 1] = ('%d\t%s\t%d'):format(child:start() + 1, kind, kind == 'item' and 5 or 0)
        end
        if kind == 'report' or kind == 'section' then
          walk(child)
        end
      end
    end
    walk(root)
    return out
  end

  local function cli_kinds(file)
    local cli = h.root .. '/build/gongwen'
    local r = vim.system({ cli, 'outline', '--format=tsv', file }, { text = true }):wait()
    t.eq(0, r.code, 'gongwen outline ' .. file .. ': ' .. (r.stderr or ''))
    local out = {}
    for i, l in ipairs(vim.split(r.stdout, '\n', { trimempty = true })) do
      if i > 1 then
        local f = vim.split(l, '\t')
        out[#out + 1] = table.concat({ f[1], f[2], f[3] }, '\t')
      end
    end
    return out
  end

  --- Compares the tree of each file with the analyzer's outline and the CLI's.
  ---@param list string[]
  local function compare(list)
    local core = require('gongwen.native').load()
    t.ok(core, 'the C module loads')
    for _, file in ipairs(list) do
      local lines = vim.fn.readfile(file)
      local doc = core.new()
      doc:set_lines(0, 0, lines)
      local want = {}
      for _, e in ipairs(doc:outline()) do
        want[#want + 1] = { line = e.line, kind = e.kind, rank = e.rank, depth = e.depth }
      end
      doc:close()
      local root = parse_string(text_of(lines))
      t.eq({}, errors(root), file)
      t.eq(want, outline(root), file .. ': outline (doc:outline())')
      t.eq(cli_kinds(file), line_kinds(root), file .. ': lines of `gongwen outline --format=tsv`')
    end
  end

  t.it('equals the analyzer\'s on every report of ../shared/corpus', function()
    need_parser()
    local dir = vim.fs.normalize(h.root .. '/../shared/corpus')
    if not vim.uv.fs_stat(dir) then
      t.skip('../shared/corpus is absent (the shared corpus sits beside the repository)')
    end
    local list = vim.fn.glob(dir .. '/*.txt', false, true)
    t.ok(#list > 0, 'reports in ' .. dir)
    compare(list)
  end)

  t.it('equals the analyzer\'s on every fixture (tests/fixtures)', function()
    need_parser()
    local list = vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)
    t.ok(#list >= 10, 'fixtures')
    compare(list)
  end)

  t.it('node ranges: markers and words of headings, items and labels are the analyzer\'s', function()
    need_parser()
    local core = require('gongwen.native').load()
    local list = vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)
    local shared = vim.fs.normalize(h.root .. '/../shared/corpus')
    vim.list_extend(list, vim.fn.glob(shared .. '/*.txt', false, true))
    local q = vim.treesitter.query.parse('gongwen', '[(heading) (item) (label)] @line')
    local wrong, n = {}, 0
    for _, file in ipairs(list) do
      local lines = vim.fn.readfile(file)
      local doc = core.new()
      doc:set_lines(0, 0, lines)
      local text = text_of(lines)
      for _, node in q:iter_captures(parse_string(text), text) do
        local row = node:start()
        local li = doc:line(row)
        local marker, words = node:field('marker')[1], node:field('text')[1]
        local function cols(x)
          return x and { (select(2, x:start())), (select(2, x:end_())) } or false
        end
        local want = {
          kind = li.kind,
          marker = li.marker_end > li.marker_start and { li.marker_start, li.marker_end } or false,
          text = li.text_end > li.text_start and { li.text_start, li.text_end } or false,
        }
        local got = { kind = node:type(), marker = cols(marker), text = cols(words) }
        if got.marker and got.marker[1] == got.marker[2] then
          got.marker = false -- the empty marker of a lost ordinal
        end
        n = n + 1
        if not vim.deep_equal(want, got) then
          wrong[#wrong + 1] = ('%s:%d %s: analyzer %s, tree %s'):format(
            vim.fn.fnamemodify(file, ':t'),
            row + 1,
            vim.fn.strcharpart(lines[row + 1], 0, 16),
            vim.inspect(want, { newline = ' ', indent = '' }),
            vim.inspect(got, { newline = ' ', indent = '' })
          )
        end
      end
      doc:close()
    end
    t.ok(n > 100, 'lines compared: ' .. n)
    t.eq({}, wrong, #wrong .. ' of ' .. n .. ' lines differ')
  end)

  t.it('nests items under a label, one title per report, levels by marker', function()
    need_parser()
    local got = outline(parse_string(text_of(SAMPLE)))
    t.eq({
      { line = 1, kind = 'title', rank = 0, depth = 0 },
      { line = 3, kind = 'heading', rank = 1, depth = 1 },
      { line = 4, kind = 'heading', rank = 2, depth = 2 },
      { line = 5, kind = 'heading', rank = 3, depth = 3 },
      { line = 6, kind = 'heading', rank = 4, depth = 4 },
      { line = 7, kind = 'heading', rank = 5, depth = 5 },
      { line = 8, kind = 'item', rank = 5, depth = 6 },
      { line = 9, kind = 'label', rank = 0, depth = 6 },
      { line = 10, kind = 'heading', rank = 1, depth = 1 },
    }, got)
  end)
end)

t.describe('incremental parsing', function()
  local char_starts = h.char_starts

  local FRAGMENTS = {
    '一、', '二、', '（一）', '（二）', '1.', '2、', '（1）', '①', '一是', '二是', '第一，',
    '存在问题：', '主要原因：', 'XX', '××', '某某', '【待补充】', '工作', '报告', '。', '：',
    '\n', '\n\n', ' ', '述职报告', '2024年12月XX日', '本文系网友投稿，仅供参考！',
  }

  t.it('a few hundred random edits: the buffer\'s tree equals a fresh parse, without errors', function()
    need_parser()
    local seed = tonumber(vim.env.GONGWEN_SEED or '') or 8106
    math.randomseed(seed)
    local blocks = {}
    for _, f in ipairs(vim.fn.glob(h.root .. '/tests/fixtures/*.txt', false, true)) do
      blocks[#blocks + 1] = vim.fn.readfile(f)
    end
    table.sort(blocks, function(a, b)
      return (a[1] or '') < (b[1] or '')
    end)
    local buf = api.nvim_create_buf(false, true)
    api.nvim_buf_set_lines(buf, 0, -1, false, vim.fn.readfile(h.data .. '/report.txt'))
    local parser = vim.treesitter.get_parser(buf, 'gongwen')
    parser:parse()
    local log = {}
    local function edit(i)
      local n = api.nvim_buf_line_count(buf)
      local kind = math.random(100)
      local row = math.random(0, n - 1)
      local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
      local starts = char_starts(line)
      if kind <= 35 then
        local col = starts[math.random(#starts)]
        local s = FRAGMENTS[math.random(#FRAGMENTS)]
        api.nvim_buf_set_text(buf, row, col, row, col, vim.split(s, '\n'))
        log[#log + 1] = ('%d: insert %q at %d,%d'):format(i, s, row, col)
      elseif kind <= 60 then
        local a = math.random(#starts)
        local b = math.min(#starts, a + math.random(0, 6))
        api.nvim_buf_set_text(buf, row, starts[a], row, starts[b], {})
        log[#log + 1] = ('%d: delete %d,%d-%d'):format(i, row, starts[a], starts[b])
      elseif kind <= 70 and row + 1 < n then
        -- join with the next line
        api.nvim_buf_set_text(buf, row, #line, row + 1, 0, {})
        log[#log + 1] = ('%d: join %d'):format(i, row)
      elseif kind <= 80 then
        local count = math.min(n - row, math.random(1, 4))
        if count < n then
          api.nvim_buf_set_lines(buf, row, row + count, false, {})
          log[#log + 1] = ('%d: delete %d lines at %d'):format(i, count, row)
        end
      elseif kind <= 92 then
        local block = blocks[math.random(#blocks)]
        local a = math.random(#block)
        local b = math.min(#block, a + math.random(0, 8))
        api.nvim_buf_set_lines(buf, row, row, false, vim.list_slice(block, a, b))
        log[#log + 1] = ('%d: paste %d lines at %d'):format(i, b - a + 1, row)
      else
        local words = FRAGMENTS[math.random(#FRAGMENTS)]:gsub('\n', '') .. '工作情况'
        api.nvim_buf_set_lines(buf, row, row + 1, false, { words })
        log[#log + 1] = ('%d: replace line %d'):format(i, row)
      end
    end
    local EDITS, BATCH = 400, 8
    for i = 1, EDITS do
      edit(i)
      if i % BATCH == 0 then
        local root = parser:parse()[1]:root()
        local text = text_of(api.nvim_buf_get_lines(buf, 0, -1, false))
        local fresh = parse_string(text)
        local where = ('seed %d (GONGWEN_SEED=%d replays it), edit %d; last edits:\n  %s'):format(
          seed,
          seed,
          i,
          table.concat(vim.list_slice(log, math.max(1, #log - BATCH + 1), #log), '\n  ')
        )
        t.eq({}, errors(root), where)
        t.eq(dump(fresh), dump(root), where)
      end
    end
    api.nvim_buf_delete(buf, { force = true })
  end)
end)

t.describe('folding', function()
  t.it('treesitter.fold = true: vim.treesitter.foldexpr() folds by section', function()
    need_parser()
    require('gongwen').setup({ treesitter = { fold = true } })
    h.scratch(SAMPLE)
    t.eq(ts.FOLDEXPR, vim.wo.foldexpr)
    t.eq('expr', vim.wo.foldmethod)
    vim.cmd('redraw')
    vim.wo.foldlevel = 0
    -- the section of 一、 (rows 3-9) closes as one fold; 二、 (10-11) is another
    t.eq(4, vim.fn.foldclosed(4))
    t.eq(10, vim.fn.foldclosedend(6))
    t.eq(11, vim.fn.foldclosed(12))
    t.eq(-1, vim.fn.foldclosed(2), 'the title is in no fold')
    t.eq(-1, vim.fn.foldclosed(15), 'the signature is in no fold')
    vim.wo.foldlevel = 3
    t.eq(7, vim.fn.foldclosed(8), 'a level-4 heading\'s section')
  end)

  t.it('folds.scm: each report of a file with several reports is a fold', function()
    need_parser()
    local lines = vim.fn.readfile(h.root .. '/tests/fixtures/multi.txt')
    local root = parse_string(text_of(lines))
    t.ok(root:named_child_count() >= 2, 'multi.txt holds several reports')
    local q = vim.treesitter.query.get('gongwen', 'folds')
    local reports = {}
    for id, node in q:iter_captures(root, text_of(lines)) do
      if q.captures[id] == 'fold' and node:type() == 'report' then
        reports[node:id()] = true
      end
    end
    t.eq(root:named_child_count(), vim.tbl_count(reports))
    -- a file with one report: no report fold
    local single = parse_string(text_of(SAMPLE))
    for id, node in q:iter_captures(single, text_of(SAMPLE)) do
      t.ok(node:type() ~= 'report', 'no fold for a lone report (' .. q.captures[id] .. ')')
    end
  end)
end)

t.describe('without the parser, and as a luarocks build', function()
  --- Runs a Lua script in a child Neovim with only `rtp` (and $VIMRUNTIME) on
  --- 'runtimepath', the plugin loaded as at start-up; returns what it wrote to
  --- its result file (JSON).
  ---@param rtp string
  ---@param script string Lua; `RESULT` is the table written back
  ---@param cpath? string prepended to package.cpath
  local function child(rtp, script, cpath)
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    local result = dir .. '/result.json'
    local prelude = {
      ('vim.opt.runtimepath = { %q, vim.env.VIMRUNTIME }'):format(rtp),
      cpath and ('package.cpath = %q .. ";" .. package.cpath'):format(cpath) or '',
      'vim.o.swapfile = false',
      'vim.cmd("filetype plugin on")',
      'vim.cmd("runtime plugin/gongwen.lua")',
      'NOTES = {}',
      'vim.notify = function(msg, level) NOTES[#NOTES + 1] = { msg = msg, level = level } end',
      'RESULT = {}',
    }
    local epilogue = {
      'RESULT.notes = NOTES',
      ('vim.fn.writefile({ vim.json.encode(RESULT) }, %q)'):format(result),
    }
    local file = dir .. '/script.lua'
    vim.fn.writefile(vim.list_extend(vim.list_extend(prelude, vim.split(script, '\n')), epilogue), file)
    local cmd = { vim.v.progpath, '--headless', '-u', 'NONE', '-i', 'NONE', '-n' }
    vim.list_extend(cmd, { '-c', 'luafile ' .. file, '-c', 'qa!' })
    local r = vim.system(cmd, {
      text = true,
      env = { XDG_CONFIG_HOME = dir, XDG_DATA_HOME = dir, XDG_STATE_HOME = dir },
    }):wait(30000)
    local out = vim.fn.filereadable(result) == 1 and vim.json.decode(vim.fn.readfile(result)[1]) or nil
    t.ok(out, ('child Neovim wrote no result (status %s): %s %s'):format(r.code, r.stdout, r.stderr))
    vim.fn.delete(dir, 'rf')
    return out
  end

  local OPEN = [[
    for i = 1, 2 do
      vim.cmd('enew')
      vim.api.nvim_buf_set_lines(0, 0, -1, false,
        { 'XX局2024年度述职报告', '一、工作情况', '（一）学习', '二、存在问题' })
      vim.bo.filetype = 'gongwen'
      local b = vim.api.nvim_get_current_buf()
      vim.wait(2000, function() return vim.b[b].gongwen_ts_pending == nil end, 1)
    end
    local buf = vim.api.nvim_get_current_buf()
    RESULT.active = vim.treesitter.highlighter.active[buf] ~= nil
    local st = require('gongwen.state').get(buf)
    vim.wait(2000, function() return st.structured == st.version end)
    RESULT.marks = {}
    for _, m in ipairs(require('gongwen.highlight').marks(buf, 1, 2)[1] or {}) do
      RESULT.marks[#RESULT.marks + 1] = m[3]
    end
    RESULT.status = require('gongwen.treesitter').register()
    vim.cmd('checkhealth gongwen')
    RESULT.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  ]]

  t.it('a parser that cannot be loaded: one message, the plugin highlights, :checkhealth says why', function()
    need_parser()
    local out = child(h.root, 'vim.g.gongwen = { treesitter = { path = "/nonexistent/gongwen.so" } }\n' .. OPEN)
    local warnings = vim.tbl_filter(function(n)
      return n.msg:find('tree-sitter', 1, true) ~= nil
    end, out.notes)
    t.eq(1, #warnings, vim.inspect(out.notes))
    t.eq(vim.log.levels.WARN, warnings[1].level)
    t.matches('/nonexistent/gongwen%.so', warnings[1].msg)
    t.matches('make parser', warnings[1].msg)
    t.eq(false, out.active)
    t.eq({ 'GongwenHeading1' }, out.marks)
    t.eq(false, out.status.ok)
    t.matches('cannot load the parser: /nonexistent/gongwen%.so', out.health)
    t.matches('check treesitter%.path', out.health)
  end)

  t.it('a luarocks build: the parser is the C module gongwen.parser on package.cpath', function()
    need_parser()
    -- the plugin's files as a rock lays them out, without parser/
    local rock = vim.fn.tempname()
    vim.fn.mkdir(rock, 'p')
    for _, d in ipairs({ 'lua', 'plugin', 'ftplugin', 'queries' }) do
      vim.fn.system({ 'cp', '-R', h.root .. '/' .. d, rock .. '/' .. d })
    end
    vim.fn.mkdir(rock .. '/lib/gongwen', 'p')
    vim.uv.fs_copyfile(PARSER, rock .. '/lib/gongwen/parser.so')
    t.eq(0, vim.fn.isdirectory(rock .. '/parser'))
    local out = child(rock, OPEN, rock .. '/lib/?.so')
    vim.fn.delete(rock, 'rf')
    t.eq({}, out.notes)
    t.eq(true, out.status.ok)
    t.eq('cpath', out.status.source)
    t.eq(vim.fs.normalize(rock .. '/lib/gongwen/parser.so'), out.status.path)
    t.eq(true, out.active)
    t.eq({}, out.marks, 'headings left to tree-sitter')
    t.matches('package%.cpath %(luarocks build%)', out.health)
  end)
end)

t.describe('help', function()
  t.it('tags the @capture.gongwen groups, the options and the Lua functions', function()
    local tags = {}
    for _, file in ipairs(vim.fn.glob(h.root .. '/doc/*.txt', false, true)) do
      for tag in table.concat(vim.fn.readfile(file), '\n'):gmatch('%*([^%s*|]+)%*') do
        tags[tag] = true
      end
    end
    local want = { 'gongwen-treesitter', 'gongwen-treesitter-plugins', 'gongwen.treesitter.start()',
      'gongwen.treesitter.register()' }
    for name in pairs(ts.links) do
      want[#want + 1] = 'hl-' .. name
    end
    for key in pairs(require('gongwen.config').defaults.treesitter) do
      want[#want + 1] = 'gongwen-treesitter.' .. key
    end
    for _, tag in ipairs(want) do
      t.ok(tags[tag], 'missing tag *' .. tag .. '*')
    end
  end)
end)

t.describe(':checkhealth', function()
  t.it('reports the parser, its ABI and every query', function()
    need_parser()
    h.scratch(SAMPLE)
    vim.cmd('checkhealth gongwen')
    local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    t.matches('parser gongwen loaded from the plugin: [^\n]*parser/gongwen%.so, ABI 14', text)
    t.matches('queries load: highlights, folds, textobjects, locals, aerial, context', text)
    t.matches('tree%-sitter highlighting in 1 gongwen buffer', text)
    vim.cmd('bwipeout!')
  end)
end)
