-- scripts/gen_snippets.lua: writes snippets/gongwen.json (VS Code snippet format)
-- from the report templates in lua/gongwen/templates.lua.
--
--   nvim --clean --headless -l scripts/gen_snippets.lua [output]   (make snippets)
--
-- Needs the C module (make lua): headings are numbered by core.marker().
local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
vim.opt.runtimepath:prepend(root)
local out = arg[1] or (root .. '/snippets/gongwen.json')
local json = require('gongwen.edit.snippets').json()
local f = assert(io.open(out, 'wb'))
f:write(json)
f:close()
io.stdout:write(('wrote %s (%d snippets)\n'):format(out, #require('gongwen.edit.snippets').list()))
