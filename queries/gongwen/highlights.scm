; Highlights of the gongwen grammar (Chinese work reports). Every node comes from
; the analyzer in the external scanner; these captures only name what it found.
; Standard capture names, so colour schemes style them; gongwen.nvim links the
; "@….gongwen" groups to its GongwenXxx groups by default (:help
; gongwen-treesitter-highlight), so the colours do not change when tree-sitter
; highlighting starts.

; Titles (one or more lines at the top of a report).
(title) @markup.heading

; Headings by level, the level being the marker's rank: the marker and the
; heading's words, not the body text that runs on in the same line. A heading
; whose ordinal was lost has an empty marker of its level.
(heading
  marker: (h1_marker) @markup.heading.1
  text: (heading_text)? @markup.heading.1)

(heading
  marker: (h2_marker) @markup.heading.2
  text: (heading_text)? @markup.heading.2)

(heading
  marker: (h3_marker) @markup.heading.3
  text: (heading_text)? @markup.heading.3)

(heading
  marker: (h4_marker) @markup.heading.4
  text: (heading_text)? @markup.heading.4)

(heading
  marker: (h5_marker) @markup.heading.5
  text: (heading_text)? @markup.heading.5)

; Items (一是… 二是…, 第一，…): the marker and the item's words.
(item
  marker: (item_marker) @markup.list
  text: (item_text)? @markup.list)

; Role labels (存在问题：).
(label
  text: (label_text) @label)

; Residue of web copies (ads, notices, page numbers) and tables of contents.
[
  (noise)
  (toc)
] @comment

; Unfilled placeholders (XX, ××, 某某, 【待补充】 …): last, so they win over the
; line they are in.
(placeholder) @comment.warning
