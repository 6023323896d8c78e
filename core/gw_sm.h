/*
** gw_sm.h: the structure machine. Internal to the core.
**
** The structure pass decides, line by line in document order, what each line is
** once its context is known: titles, residue before a title, addressees,
** signatures, sub-document boundaries, lost ordinals, the outline depth and the
** closing block of each report. Every decision is a function of
**
**   - a small state summarising the lines before (gw_sm, fixed size, copied byte
**     for byte: the tree-sitter scanner serializes it), and
**   - the line itself and a bounded look-ahead over the lines after it, read
**     through a peek callback.
**
** gw_doc runs it over its line array (structure.c); the tree-sitter external
** scanner runs it over the lexer's input (grammar/src/scanner.c). Both therefore
** make the same decisions, and an incremental re-parse equals a fresh one.
*/
#ifndef GW_SM_H
#define GW_SM_H

#include "gw_int.h"

#include <stdbool.h>

/* Look-ahead windows, in non-blank lines. */
#define GW_SM_FIRST_WINDOW 30    /* residue before the first title */
#define GW_SM_PREAMBLE_WINDOW 60 /* the first title must be among these */
#define GW_SM_PROBE_WINDOW 200   /* lost ordinals, closing block, residue before a report */
#define GW_SM_CHUNK_LINES 400    /* a chunk number's sibling must be this close */
#define GW_SM_STACK 8            /* ranks are distinct on the stack: at most 5 (+ room) */
#define GW_SM_RING 8             /* recent rank-3 headings remembered */

typedef struct {
  uint16_t ordinal, dist;
} gw_sm_r3;

/* The state before a line. Plain bytes: no pointers, no padding holes left
** uninitialised (gw_sm_init zeroes it), so memcpy/memcmp serialize and compare it. */
typedef struct {
  uint32_t flags;        /* SM_* (sm.c) */
  uint32_t prev_flags;   /* r.flags of the previous non-blank line */
  uint32_t prevc_flags;  /* r.flags of the previous content line (neither blank nor noise) */
  uint32_t title_hash[3];/* the last three content lines: hash of the text when a title */
  uint32_t title_len[3]; /* … and its length; 0 when that line is not a title */
  uint8_t prev_kind, prevc_kind; /* final kinds; GW_KIND__COUNT when none */
  uint8_t first_in;      /* the first title is this many non-blank lines ahead (0: none pending) */
  uint8_t preamble_in;   /* lines of residue / outline before the first title still to come */
  uint8_t numbered;      /* numbered headings in this report so far, capped at 255 */
  uint8_t used;          /* bit r set: rank r used by a heading of this report */
  uint8_t sp;            /* outline stack depth */
  uint8_t label_depth;   /* depth of the open label entry, 0 when none */
  uint8_t nolost_in;     /* lines during which no lost ordinal is looked for */
  uint8_t notrailer_in;  /* lines during which the closing block cannot start */
  uint8_t stack[GW_SM_STACK]; /* ranks of the open headings */
  gw_sm_r3 r3[GW_SM_RING];    /* recent rank-3 headings: ordinal, lines since */
  uint8_t r1_last;       /* ordinal of this report's last 一、 heading (capped at 255), 0 when none */
  uint8_t comma_last;    /* since then, ordinal of the last body line opened with 一， (a list in the text), 0 when none */
  uint8_t r2_last;       /* ordinal of the last （一） heading since the last 一、 heading (capped at 255), 0 when none */
  uint8_t noslogan_in;   /* lines during which a two-phrase line needs no probe (the last one found no number missing) */
  uint8_t inline_last;   /* ordinal of the last item of a list a label opened in its line (附件：1．…), 0 when none */
  uint8_t bullet_rank;   /* rank of this report's ■ headings, once the first one has one (0 before) */
} gw_sm;

/* One line as the machine sees it. */
typedef struct {
  const gw_lrec *r;
  const char *text;
  uint32_t len;
} gw_sm_line;

/* Line k after the current one (k = 0 is the current line). Returns false past
** the end of the input. What it points to must stay valid (and unchanged) until
** gw_sm_step returns, whatever else is peeked meanwhile. */
typedef bool (*gw_sm_peek)(void *ud, size_t k, gw_sm_line *out);

/* What was decided for the line. */
typedef struct {
  uint8_t kind;       /* gw_kind */
  uint8_t rank;       /* heading rank (inferred for a lost ordinal), 5 for items; 0 otherwise */
  uint8_t roles;      /* roles named by a heading or label */
  uint8_t lost;       /* heading whose ordinal was lost */
  uint8_t entry;      /* the line opens an outline entry (a report's first title, heading, label, item) */
  uint8_t depth;      /* outline depth of that entry (0 for the title) */
  uint8_t new_report; /* a sub-document starts at this line */
  uint8_t trailer;    /* the closing block of its report starts at or before this line */
  uint8_t opening;    /* a body line announcing the report (现将…如下) */
} gw_sm_out;

void gw_sm_init(gw_sm *s);
/* Decides the current line (peek(0)) and moves the state past it. */
void gw_sm_step(gw_sm *s, gw_sm_peek peek, void *ud, gw_sm_out *out);
/* 32-bit FNV-1a of a line's text, as the machine compares repeated titles (with the length). */
uint32_t gw_sm_hash(const char *s, size_t n);

#endif
