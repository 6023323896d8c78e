/**
 * Tree-sitter grammar of Chinese work reports (公文: 述职报告, 情况报告, 对照检查材料 …).
 *
 * Every token comes from the external scanner (src/scanner.c), which runs the
 * gongwen core's line classifier and structure machine (core/scan.c, core/sm.c):
 * which line is a title, a heading of which level, an item, a label, residue, a
 * signature, where a report or a section begins and ends, and where the
 * placeholders are, is decided there and only there. This file only names the
 * nodes and nests them.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// a line ends with its last piece: its trailing white space and its line break
// are the padding of the next token (no token of their own)
const line = ($, start, ...content) => seq(start, ...content);
const plain = ($, start) => line($, start, optional(inline($)));
// a line without inline nodes is one token, named as the node (a leaf: no
// reduction of its own)
const whole = ($, node, token) => choice(node, alias(token, node));
// runs of text and placeholders: up to FLAT pieces are one production (one
// reduction for the line, where repeat1 reduces once a piece), more a repeat
const FLAT = 8;
const piece = $ => choice($._text, $.placeholder);
const inline = $ => choice(
  ...Array.from({length: FLAT}, (_, n) => seq(...Array.from({length: n + 1}, () => piece($)))),
  seq(...Array.from({length: FLAT}, () => piece($)), repeat1(piece($))),
);
// words without placeholders are one token, named as the node with placeholders
const words = ($, node) => choice(node, alias($._words, node));
const body = $ => choice($.run_in, alias($._run_in_words, $.run_in));

module.exports = grammar({
  name: 'gongwen',

  externals: $ => [
    $._report_start,
    $._report_end,
    $._section_end,
    // what the line is (consumes its indentation)
    $._title,
    $._addressee,
    $._opening,
    $._paragraph,
    $._heading,
    $._item,
    $._label,
    $._signature,
    $._noise,
    $._toc,
    // a whole line, when it has no inline nodes (one token: read once)
    $._title_line,
    $._addressee_line,
    $._opening_line,
    $._paragraph_line,
    $._signature_line,
    $._noise_line,
    $._toc_line,
    // inside a line
    $.h1_marker, // 一、
    $.h2_marker, // （一）
    $.h3_marker, // 1.
    $.h4_marker, // （1）
    $.h5_marker, // ①, and the level below; empty for a lost ordinal
    $.item_marker, // 一是 第一， 首先，
    $._text,
    $.placeholder,
    $._run_in, // body text goes on after a heading's words (with the text up to a placeholder)
    $._words, // the words of a heading, an item or a label without placeholders: one token
    $._run_in_words, // body text without placeholders: one token
    $._skip, // the indentation, Markdown prefix or residue before a heading's marker,
    //          when no _heading precedes it (other such bytes are the padding of the
    //          next token: they are no part)
    $._newline, // a blank line that is no token's padding (see src/scanner.c)
    $._error_sentinel,
  ],

  extras: $ => [$._newline],

  rules: {
    document: $ => repeat($.report),

    report: $ => seq($._report_start, repeat($._block), $._report_end),

    _block: $ => choice(
      $.section,
      whole($, $.title, $._title_line),
      whole($, $.addressee, $._addressee_line),
      whole($, $.opening, $._opening_line),
      whole($, $.paragraph, $._paragraph_line),
      $.item,
      $.label,
      whole($, $.signature, $._signature_line),
      whole($, $.noise, $._noise_line),
      whole($, $.toc, $._toc_line),
    ),

    // a heading opens its section; the scanner closes sections explicitly
    section: $ => seq($.heading, repeat($._block), $._section_end),

    // _heading is left out after a _section_end or _report_start of the same
    // line: the marker says it is a heading, and one empty token a line suffices
    heading: $ => line($, optional($._heading),
      optional($._skip),
      field('marker', choice($.h1_marker, $.h2_marker, $.h3_marker, $.h4_marker, $.h5_marker)),
      optional(field('text', words($, $.heading_text))),
      optional(field('body', body($))),
    ),
    heading_text: $ => inline($),
    run_in: $ => seq($._run_in, optional(inline($))),

    item: $ => line($, $._item,
      field('marker', $.item_marker),
      optional(field('text', words($, $.item_text))),
      optional(field('body', body($))),
    ),
    item_text: $ => inline($),

    label: $ => line($, $._label,
      field('text', words($, $.label_text)),
      optional(field('body', body($))),
    ),
    label_text: $ => inline($),

    title: $ => plain($, $._title),
    addressee: $ => plain($, $._addressee),
    opening: $ => plain($, $._opening),
    paragraph: $ => plain($, $._paragraph),
    signature: $ => plain($, $._signature),
    noise: $ => plain($, $._noise),
    toc: $ => plain($, $._toc),
  },
});
