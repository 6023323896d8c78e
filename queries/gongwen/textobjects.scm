; nvim-treesitter-textobjects: sections are "classes" (outer: the heading and
; its section; inner: the section without its heading line), and the lines of
; text are "blocks".
(section) @class.outer

(section
  (heading)
  .
  (_) @_start
  (_)? @_end
  .
  (#make-range! "class.inner" @_start @_end))

[
  (paragraph)
  (item)
  (label)
  (opening)
  (addressee)
  (signature)
] @block.outer

; an item or a label without its marker
(item
  marker: (item_marker)
  .
  (_) @_start
  (_)? @_end
  .
  (#make-range! "block.inner" @_start @_end))

(label
  body: (run_in) @block.inner)

[
  (noise)
  (toc)
] @comment.outer
