" What vim-plug leaves set up for the README's
"   call plug#begin()
"   Plug '<repo-url>', { 'do': 'make' }
"   call plug#end()
" (cloned into stdpath('data')/plugged/gongwen.nvim, `make` run there, help tags
" generated). vim-plug cannot be downloaded in the test environment; these are the
" steps of plug#end(): the plugin directory first on 'runtimepath', its after/
" directory last, filetype and syntax on. Neovim's startup then sources plugin/.
let s:dir = stdpath('data') . '/plugged/gongwen.nvim'
if exists("g:did_load_filetypes")
  filetype off
endif
execute 'set runtimepath^=' . fnameescape(s:dir)
execute 'set runtimepath+=' . fnameescape(s:dir . '/after')
filetype plugin indent on
syntax enable
