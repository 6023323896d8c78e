-- tests/e2e/init.lua: the only init file of the end-to-end TUI tests.
--
-- tests/e2e/harness.c starts `nvim --clean -n -u tests/e2e/init.lua ...` with
-- isolated XDG directories, so nothing of the user's or the system's setup leaks
-- in.  This file makes every run draw the same screen:
--   * the repository root goes first on 'runtimepath', so Neovim's normal startup
--     sources its plugin/, ftplugin/ and queries/ like a plugin manager would
--     (nothing is sourced by hand: that would run plugin/*.lua twice), unless
--     $E2E_NO_PLUGIN is 1;
--   * 'termguicolors' with fixed colours for the groups that show up on a plain
--     screen, so colour assertions do not depend on Neovim's default colour
--     scheme, which differs between versions.  Plugin groups that link to these
--     (Title, Comment, ...) get fixed colours the same way;
--   * options whose output depends on timing or on the version (intro screen,
--     'showcmd') are switched off.

-- The harness runs nvim in the repository root and names it in $E2E_ROOT.
-- Scenarios that test the harness itself say `env E2E_NO_PLUGIN 1`: then the
-- plugin is not on 'runtimepath' and cannot change what they see.
local root = vim.env.E2E_ROOT or vim.fn.getcwd()
if vim.env.E2E_NO_PLUGIN ~= '1' then
  vim.opt.runtimepath:prepend(root)
end

vim.o.termguicolors = true
vim.o.background = 'dark'
vim.o.shortmess = vim.o.shortmess .. 'I' -- no intro screen (it shows the version)
vim.o.showcmd = false -- pending keys would show up depending on timing
vim.o.belloff = 'all'
vim.o.swapfile = false
vim.o.shada = ''
vim.o.mouse = ''
-- 0.12 has a richer default 'statusline' than 0.10: pin the classic one.
vim.o.statusline = '%<%f %h%w%m%r%=%-14.(%l,%c%V%) %P'
-- 0.10 shows diagnostics as virtual text by default, 0.11+ does not: pin the
-- newer default (signs and underlines stay on in both).
vim.diagnostic.config({ virtual_text = false })

-- Test colours.  Keep in sync with tests/e2e/README.md.
local colors = {
  Normal = { fg = '#d0d0d0', bg = '#000000' },
  NormalNC = { link = 'Normal' },
  NormalFloat = { fg = '#d0d0d0', bg = '#1c1c1c' },
  FloatBorder = { fg = '#808080', bg = '#1c1c1c' },
  FloatTitle = { fg = '#ffffff', bg = '#1c1c1c', bold = true },
  NonText = { fg = '#5f5f87' },
  EndOfBuffer = { link = 'NonText' },
  Whitespace = { link = 'NonText' },
  SpecialKey = { fg = '#5f5f87' },
  LineNr = { fg = '#808080' },
  CursorLineNr = { fg = '#ffff00', bold = true },
  CursorLine = { bg = '#1c1c1c' },
  CursorColumn = { bg = '#1c1c1c' },
  ColorColumn = { bg = '#262626' },
  SignColumn = { fg = '#808080', bg = '#000000' },
  FoldColumn = { fg = '#808080', bg = '#000000' },
  Folded = { fg = '#87afd7', bg = '#262626' },
  StatusLine = { fg = '#000000', bg = '#d0d0d0', bold = true },
  StatusLineNC = { fg = '#000000', bg = '#808080' },
  StatusLineTerm = { link = 'StatusLine' },
  StatusLineTermNC = { link = 'StatusLineNC' },
  WinSeparator = { fg = '#808080', bg = '#000000' },
  VertSplit = { link = 'WinSeparator' },
  TabLine = { fg = '#000000', bg = '#808080' },
  TabLineFill = { bg = '#404040' },
  TabLineSel = { fg = '#ffffff', bg = '#000000', bold = true },
  WinBar = { fg = '#ffffff', bold = true },
  WinBarNC = { fg = '#808080' },
  Visual = { bg = '#404040' },
  Search = { fg = '#000000', bg = '#ffd700' },
  IncSearch = { fg = '#000000', bg = '#ff8700' },
  CurSearch = { link = 'IncSearch' },
  Substitute = { link = 'Search' },
  MatchParen = { fg = '#ffffff', bg = '#005f87' },
  Pmenu = { fg = '#d0d0d0', bg = '#303030' },
  PmenuSel = { fg = '#000000', bg = '#87afd7' },
  PmenuSbar = { bg = '#404040' },
  PmenuThumb = { bg = '#d0d0d0' },
  ModeMsg = { fg = '#d0d0d0', bold = true },
  MsgArea = { fg = '#d0d0d0' },
  MoreMsg = { fg = '#87d787' },
  Question = { fg = '#87d787' },
  ErrorMsg = { fg = '#ff5f5f' },
  WarningMsg = { fg = '#ffaf00' },
  Directory = { fg = '#87afd7' },
  Title = { fg = '#ff87d7', bold = true },
  Conceal = { fg = '#808080' },
  SpellBad = { undercurl = true, sp = '#ff5f5f' },
  SpellCap = { undercurl = true, sp = '#87afd7' },
  SpellLocal = { undercurl = true, sp = '#87d787' },
  SpellRare = { undercurl = true, sp = '#d787d7' },
  DiffAdd = { bg = '#005f00' },
  DiffChange = { bg = '#00005f' },
  DiffDelete = { fg = '#ff5f5f', bg = '#5f0000' },
  DiffText = { bg = '#5f5f00' },
  QuickFixLine = { link = 'Search' },
  Comment = { fg = '#808080', italic = true },
  Constant = { fg = '#ffaf5f' },
  String = { fg = '#87d787' },
  Character = { link = 'String' },
  Number = { link = 'Constant' },
  Boolean = { link = 'Constant' },
  Float = { link = 'Constant' },
  Identifier = { fg = '#87d7ff' },
  Function = { fg = '#87afff' },
  Statement = { fg = '#d7af5f', bold = true },
  Operator = { fg = '#d0d0d0' },
  PreProc = { fg = '#d787d7' },
  Type = { fg = '#5fd7af' },
  Special = { fg = '#ff875f' },
  Delimiter = { fg = '#a8a8a8' },
  Underlined = { fg = '#87afd7', underline = true },
  Error = { fg = '#ffffff', bg = '#d70000' },
  Todo = { fg = '#000000', bg = '#ffff00', bold = true },
  Added = { fg = '#87d787' },
  Changed = { fg = '#87afd7' },
  Removed = { fg = '#ff5f5f' },
  DiagnosticError = { fg = '#ff5f5f' },
  DiagnosticWarn = { fg = '#ffaf00' },
  DiagnosticInfo = { fg = '#87afd7' },
  DiagnosticHint = { fg = '#a8a8a8' },
  DiagnosticOk = { fg = '#87d787' },
  DiagnosticUnderlineError = { undercurl = true, sp = '#ff5f5f' },
  DiagnosticUnderlineWarn = { undercurl = true, sp = '#ffaf00' },
  DiagnosticUnderlineInfo = { undercurl = true, sp = '#87afd7' },
  DiagnosticUnderlineHint = { undercurl = true, sp = '#a8a8a8' },
}

local function apply_colors()
  for name, spec in pairs(colors) do
    vim.api.nvim_set_hl(0, name, spec)
  end
end

apply_colors()
-- A colour scheme reload (e.g. a 'background' change reported by the terminal)
-- would bring the version's defaults back: re-apply the test colours after it.
vim.api.nvim_create_autocmd('ColorScheme', {
  group = vim.api.nvim_create_augroup('gongwen_e2e_colors', {}),
  callback = apply_colors,
})
