; Definitions for the tree-sitter pickers of Telescope, fzf-lua and snacks:
; headings, role labels and items, in the scopes of their report and section.
; The kind is the last part of the capture name (standard names, so that the
; pickers know them: "type" for headings, "field" for labels, "enum" for items).
[
  (report)
  (section)
] @local.scope

(heading
  text: (heading_text) @local.definition.type)

(label
  text: (label_text) @local.definition.field)

(item
  text: (item_text) @local.definition.enum)
