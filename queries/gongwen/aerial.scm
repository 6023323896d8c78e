; aerial.nvim: a report (named by its title), its sections (named by their
; heading's words, nested by depth), role labels and items. Kinds are LSP
; SymbolKind names; aerial's default filter_kind shows Module and Interface.
(report
  (title) @name
  (#trim! @name)
  (#set! "kind" "Module")) @symbol

(section
  (heading
    text: (heading_text) @name)
  (#set! "kind" "Interface")) @symbol

(label
  text: (label_text) @name
  (#set! "kind" "Field")) @symbol

(item
  text: (item_text) @name
  (#set! "kind" "EnumMember")) @symbol
