; Folds: every section (a heading and everything up to the next heading of the
; same or a higher level), nested by depth. When a file holds several reports,
; each report is a fold too.
(section) @fold

; (sibling patterns without their parent: Neovim 0.10's query engine misses
; some matches of `(document (report) . (report) @fold)`)
((report) @fold
  .
  (report))

((report)
  .
  (report) @fold)
