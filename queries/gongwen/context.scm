; nvim-treesitter-context: the heading lines of the sections around the cursor.
(section) @context
