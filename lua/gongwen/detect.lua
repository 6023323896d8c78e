---@brief Content-based filetype detection. No rule lives here: the first lines go
--- to a core document, which says whether they hold a report title or headings.

local M = {}

--- Lines read from the top of a file.
M.LINES = 50

--- Whether these lines look like a report. The core decides (doc:is_report()):
--- a title whose report type it recognizes, or at least two headings of the
--- first two levels (一、 （一）).
---@param lines string[]
---@return boolean
function M.looks_like_report(lines)
  if #lines == 0 then
    return false
  end
  local native = require('gongwen.native')
  local core = native.load()
  if not core then
    native.get() -- not built: the first file that needs the core says once what to run
    return false
  end
  local doc = core.new()
  doc:set_lines(0, 0, lines)
  local found = doc:is_report()
  doc:close()
  return found
end

--- First lines of a buffer (or of the `contents` list vim.filetype.match() got).
---@param bufnr integer|string[]|nil
---@return string[]
local function head(bufnr)
  if type(bufnr) == 'table' then
    return vim.list_slice(bufnr, 1, M.LINES)
  elseif type(bufnr) == 'number' and vim.api.nvim_buf_is_loaded(bufnr) then
    return vim.api.nvim_buf_get_lines(bufnr, 0, M.LINES, false)
  end
  return {}
end

---@param bufnr integer|string[]|nil
---@return boolean
local function enabled(bufnr)
  if vim.g.gongwen_disable and vim.g.gongwen_disable ~= 0 then
    return false
  end
  if type(bufnr) == 'number' and vim.api.nvim_buf_is_valid(bufnr) then
    local b = vim.b[bufnr].gongwen_disable
    if b and b ~= 0 then
      return false
    end
  end
  return require('gongwen.config').get().detect
end

--- vim.filetype function for *.txt: "gongwen" for a report, else Neovim's own answer.
---@param path string
---@param bufnr integer|string[]|nil
---@return string?
function M.txt(path, bufnr)
  local ft = 'text'
  local has, builtin = pcall(require, 'vim.filetype.detect')
  if has and type(builtin.txt) == 'function' and type(bufnr) == 'number' then
    local ok, res = pcall(builtin.txt, path, bufnr) -- nil for help files
    if ok then
      ft = res
    end
  end
  if ft == 'text' and enabled(bufnr) and M.looks_like_report(head(bufnr)) then
    return 'gongwen'
  end
  return ft
end

--- Detection of extension-less files (plugin/gongwen.lua calls it when nothing else
--- gave the buffer a filetype; it has the signature of a vim.filetype function):
--- "gongwen" for a report, else nil.
---@param _ string path
---@param bufnr integer|string[]|nil
---@return string?
function M.plain(_, bufnr)
  if enabled(bufnr) and M.looks_like_report(head(bufnr)) then
    return 'gongwen'
  end
end

return M
