/*
** scanner.c: the external scanner of the gongwen grammar.
**
** Every token of the grammar comes from here, and every decision comes from the
** gongwen core compiled into this library: scan.c classifies a line by itself
** and finds its placeholders, sm.c (the structure machine that gw_doc runs too)
** decides the line in its context. The scanner only reads lines from the lexer,
** feeds them to the machine and turns its answer into tokens:
**
**   at a line start: the zero-width tokens that close sections and reports and
**   open new ones, then the zero-width token naming the line (_heading …);
**   then the line's pieces: marker, text runs and placeholders, the start of
**   run-in text, and the zero-width _eol; then _newline (an extra) for the
**   line break and each blank line.
**
** The state between tokens is the machine's state before the next line plus the
** pieces of the current line still to emit, so serializing it is a copy of
** plain bytes (under 1 KiB); an incremental re-parse restarts from it and makes
** the decisions a fresh parse makes. Look-ahead lines are read through the lexer
** past the token's end, so tree-sitter re-lexes a line whenever a line its
** decision looked at changes.
*/
/* The core, compiled into this library (tree-sitter builds parser.c and scanner.c
** only). The system headers come first, outside the hidden-visibility block. */
#define _GNU_SOURCE /* memmem, as core/scan.c wants it */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden) /* the core's functions stay inside this library */
#endif
#include "../../core/scan.c"
#include "../../core/sm.c"
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#include "tree_sitter/parser.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum token {
  REPORT_START,
  REPORT_END,
  SECTION_END,
  K_TITLE,
  K_ADDRESSEE,
  K_OPENING,
  K_PARAGRAPH,
  K_HEADING,
  K_ITEM,
  K_LABEL,
  K_SIGNATURE,
  K_NOISE,
  K_TOC,
  L_TITLE, /* a whole line (text and line break) without inline nodes */
  L_ADDRESSEE,
  L_OPENING,
  L_PARAGRAPH,
  L_SIGNATURE,
  L_NOISE,
  L_TOC,
  H1_MARKER,
  H2_MARKER,
  H3_MARKER,
  H4_MARKER,
  H5_MARKER,
  ITEM_MARKER,
  TEXT,
  PLACEHOLDER,
  RUN_IN,
  SKIP,
  EOL,
  NEWLINE,
  ERROR_SENTINEL
};

/* What the state knows about the next tokens. */
enum {
  UNDECIDED = 0, /* at a line start: the line is read and decided by the next call */
  IN_LINE = 1,   /* toks holds the line's tokens still to come */
  BLANK = 2      /* (within line_start) the line is blank: a _newline consumes it */
};

#define MAX_TOKS 64 /* tokens of one line kept in the state; more placeholders read as text */
#define TOK_BYTES 5 /* type, then the length as 4 little-endian bytes */

/* Serialized as is: the header, then ntok tokens of TOK_BYTES. */
typedef struct {
  gw_sm sm;
  uint8_t mode;
  uint8_t report_open;
  uint8_t tree_open; /* sections open in the tree */
  uint8_t ntok, itok;
  uint8_t toks[MAX_TOKS * TOK_BYTES];
} state;

/* One line read ahead. Allocated once and reused: the machine holds pointers to
** the lines it peeked at until its step returns, so they must not move. */
typedef struct {
  char *text; /* NUL-terminated */
  size_t cap;
  uint32_t len;
  gw_lrec r;
} line_rec;

/* The scanner: its state, and scratch space for the lines read ahead. */
typedef struct {
  state st;
  line_rec **lines;
  size_t nlines, nalloc, lines_cap;
  gw_scan_out ph; /* placeholders of the current line */
  gw_scan_out tmp;
  TSLexer *lx;
  bool at_eof, oom;
  bool past_line; /* the lexer went past the current line's break (look-ahead) */
} scanner;

static void reset_state(state *st)
{
  memset(st, 0, sizeof *st);
  gw_sm_init(&st->sm);
}

void *tree_sitter_gongwen_external_scanner_create(void)
{
  scanner *sc = calloc(1, sizeof *sc);
  if (sc) reset_state(&sc->st);
  return sc;
}

void tree_sitter_gongwen_external_scanner_destroy(void *payload)
{
  scanner *sc = payload;
  if (!sc) return;
  for (size_t i = 0; i < sc->nalloc; i++) {
    free(sc->lines[i]->text);
    free(sc->lines[i]);
  }
  free(sc->lines);
  free(sc->ph.ph);
  free(sc->ph.en);
  free(sc->tmp.ph);
  free(sc->tmp.en);
  free(sc);
}

unsigned tree_sitter_gongwen_external_scanner_serialize(void *payload, char *buffer)
{
  scanner *sc = payload;
  if (!sc) return 0;
  _Static_assert(sizeof(state) <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE, "scanner state too large");
  state *st = &sc->st;
  /* only the tokens still to come: equal states serialize equally */
  if (st->itok) {
    memmove(st->toks, st->toks + (size_t)st->itok * TOK_BYTES, (size_t)(st->ntok - st->itok) * TOK_BYTES);
    st->ntok = (uint8_t)(st->ntok - st->itok);
    st->itok = 0;
  }
  size_t n = offsetof(state, toks) + (size_t)st->ntok * TOK_BYTES;
  memcpy(buffer, st, n);
  return (unsigned)n;
}

void tree_sitter_gongwen_external_scanner_deserialize(void *payload, const char *buffer, unsigned length)
{
  scanner *sc = payload;
  if (!sc) return;
  if (length >= offsetof(state, toks) && length <= sizeof(state)) {
    memcpy(&sc->st, buffer, length);
    if (sc->st.ntok > MAX_TOKS) sc->st.ntok = MAX_TOKS;
  } else {
    reset_state(&sc->st);
  }
}

/* ---- reading lines through the lexer ---- */

static size_t utf8_encode(int32_t c, char out[4])
{
  uint32_t u = (uint32_t)c;
  if (c < 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF)) u = 0xFFFD;
  if (u < 0x80) { out[0] = (char)u; return 1; }
  if (u < 0x800) { out[0] = (char)(0xC0 | (u >> 6)); out[1] = (char)(0x80 | (u & 0x3F)); return 2; }
  if (u < 0x10000) {
    out[0] = (char)(0xE0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (u >> 18));
  out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
  out[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

static bool at_eof(TSLexer *lx) { return lx->eof(lx); }

/* Consumes a line break (\n, \r\n or a lone \r) at the lexer's position. */
static void skip_break(TSLexer *lx)
{
  if (at_eof(lx)) return;
  if (lx->lookahead == '\r') {
    lx->advance(lx, false);
    if (!at_eof(lx) && lx->lookahead == '\n') lx->advance(lx, false);
  } else if (lx->lookahead == '\n') {
    lx->advance(lx, false);
  }
}

/* Makes room for n more bytes (and 8 spare: a code point and the NUL). */
static bool room(scanner *sc, line_rec *lr, size_t n)
{
  if (lr->len + n + 8 <= lr->cap) return true;
  size_t cap = lr->cap ? lr->cap : 256;
  while (cap < lr->len + n + 8) cap *= 2;
  char *nt = realloc(lr->text, cap);
  if (!nt) { sc->oom = true; return false; }
  lr->text = nt;
  lr->cap = cap;
  return true;
}

/* Reads the next line (up to, not including, its break) and classifies it. */
static bool read_line(scanner *sc)
{
  TSLexer *lx = sc->lx;
  if (sc->at_eof || sc->oom) return false;
  if (sc->nlines > 0) {
    sc->past_line = true;
    skip_break(lx);
    if (at_eof(lx)) { sc->at_eof = true; return false; }
  } else if (at_eof(lx)) {
    sc->at_eof = true;
    return false;
  }
  if (sc->nlines == sc->nalloc) {
    GW_GROW(sc->lines, sc->nalloc, sc->lines_cap, sc->nalloc + 1, sc->oom = true; return false);
    line_rec *nr = calloc(1, sizeof *nr);
    if (!nr) { sc->oom = true; return false; }
    sc->lines[sc->nalloc++] = nr;
  }
  line_rec *lr = sc->lines[sc->nlines];
  lr->len = 0;
  if (!room(sc, lr, 0)) return false;
  for (;;) {
    int32_t c = lx->lookahead;
    if (c == '\n' || c == '\r' || (c == 0 && at_eof(lx))) break;
    if (lr->len + 8 > lr->cap && !room(sc, lr, 8)) return false;
    if (c > 0 && c < 0x80) lr->text[lr->len++] = (char)c;
    else lr->len += (uint32_t)utf8_encode(c, lr->text + lr->len);
    if (lr->len > UINT32_MAX - 16) { sc->oom = true; return false; }
    lx->advance(lx, false);
  }
  lr->text[lr->len] = '\0';
  gw_scan_out *out = sc->nlines == 0 ? &sc->ph : &sc->tmp;
  out->nph = out->nen = 0;
  if (gw_scan_line(lr->text, lr->len, &lr->r, out) != 0) { sc->oom = true; return false; }
  sc->nlines++;
  return true;
}

static bool peek(void *ud, size_t k, gw_sm_line *out)
{
  scanner *sc = ud;
  while (k >= sc->nlines)
    if (!read_line(sc)) return false;
  const line_rec *lr = sc->lines[k];
  out->r = &lr->r;
  out->text = lr->text;
  out->len = lr->len;
  return true;
}

/* ---- the tokens of one line ---- */

static void push(state *st, uint8_t type, uint32_t len)
{
  if (st->ntok >= MAX_TOKS) return;
  uint8_t *t = st->toks + (size_t)st->ntok * TOK_BYTES;
  t[0] = type;
  t[1] = (uint8_t)len;
  t[2] = (uint8_t)(len >> 8);
  t[3] = (uint8_t)(len >> 16);
  t[4] = (uint8_t)(len >> 24);
  st->ntok++;
}

static uint8_t tok_type(const state *st, unsigned i) { return st->toks[(size_t)i * TOK_BYTES]; }

static uint32_t tok_len(const state *st, unsigned i)
{
  const uint8_t *t = st->toks + (size_t)i * TOK_BYTES;
  return (uint32_t)t[1] | (uint32_t)t[2] << 8 | (uint32_t)t[3] << 16 | (uint32_t)t[4] << 24;
}

/* Text [a, b) of the line, cut at its placeholders. */
static void push_text(state *st, const gw_scan_out *ph, uint32_t a, uint32_t b)
{
  uint32_t at = a;
  for (size_t i = 0; i < ph->nph && at < b; i++) {
    uint32_t s = ph->ph[i].start, e = ph->ph[i].end;
    if (e <= at || s >= b) continue;
    if (s < at) s = at;
    if (e > b) e = b;
    /* keep room for what may follow: a colon, run-in text, _eol (MAX_TOKS is
    ** far above the at most 18 tokens of a line without placeholders) */
    if (st->ntok + 12 >= MAX_TOKS) break;
    if (s > at) push(st, TEXT, s - at);
    push(st, PLACEHOLDER, e - s);
    at = e;
  }
  if (b > at) push(st, TEXT, b - at);
}

static uint32_t indentation(const char *s, uint32_t n)
{
  uint32_t i = 0;
  for (;;) {
    if (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    else if (i + 3 <= n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) i += 3;
    else return i;
  }
}

static bool is_blank_run(const char *s, uint32_t a, uint32_t b)
{
  return indentation(s + a, b - a) == b - a;
}

/* The line's content as the core divides it: what precedes the marker, the
** marker, the words (heading, item or label text), then run-in body text. Bytes
** that are no part (indentation, a Markdown prefix, the space after a marker, a
** label's colon) are _skip; white space at the end of the line goes with _eol. */
static uint32_t push_line(state *st, const gw_sm_out *o, const char *s, uint32_t n, const gw_lrec *r,
                          const gw_scan_out *ph)
{
  uint32_t end = n; /* without trailing white space */
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
  while (end >= 3 && memcmp(s + end - 3, "\xE3\x80\x80", 3) == 0) end -= 3;
  bool structural = o->kind == GW_KIND_HEADING || o->kind == GW_KIND_ITEM || o->kind == GW_KIND_LABEL;
  if (!structural) {
    push_text(st, ph, 0, end);
    return n - end;
  }
  uint32_t ms, me, ts, te;
  if (o->kind == GW_KIND_HEADING && (o->lost || r->cand != GW_C_HEADING)) {
    /* a lost ordinal: an empty marker where the words start */
    ms = me = indentation(s, end);
    ts = r->tx_end > r->tx_start && r->tx_start >= ms ? r->tx_start : ms;
    te = r->tx_end > r->tx_start && r->tx_start >= ms ? r->tx_end : end;
  } else if (o->kind == GW_KIND_LABEL) {
    ts = r->tx_start;
    te = r->tx_end;
    ms = me = ts;
  } else {
    ms = r->mk_start, me = r->mk_end, ts = r->tx_start, te = r->tx_end;
  }
  /* keep the core's offsets in order and inside the line */
  if (ms > end) ms = end;
  if (me < ms) me = ms;
  if (me > end) me = end;
  if (ts < me) ts = me;
  if (ts > end) ts = end;
  if (te < ts) te = ts;
  if (te > end) te = end;
  if (ms > 0) push(st, SKIP, ms);
  if (o->kind == GW_KIND_HEADING) {
    int rank = o->rank < 1 ? 1 : o->rank > 5 ? 5 : o->rank;
    push(st, (uint8_t)(H1_MARKER + rank - 1), me - ms);
  } else if (o->kind == GW_KIND_ITEM) {
    push(st, ITEM_MARKER, me - ms);
  }
  if (ts > me) push(st, SKIP, ts - me);
  if (o->kind == GW_KIND_LABEL && te == ts) te = end; /* no words found: the whole rest */
  push_text(st, ph, ts, te);
  uint32_t body = te;
  if (o->kind == GW_KIND_LABEL) {
    /* the colon after a label's words, and the space after it */
    if (body + 3 <= end && memcmp(s + body, "\xEF\xBC\x9A", 3) == 0) body += 3;
    else if (body < end && s[body] == ':') body++;
    body += indentation(s + body, end - body);
    if (body > te) push(st, SKIP, body - te);
  }
  if (body < end && !is_blank_run(s, body, end)) {
    push(st, RUN_IN, 0);
    push_text(st, ph, body, end);
  } else if (body < end) {
    push(st, SKIP, end - body);
  }
  return n - end;
}

static uint8_t kind_token(const gw_sm_out *o)
{
  switch (o->kind) {
  case GW_KIND_TITLE: return K_TITLE;
  case GW_KIND_ADDRESSEE: return K_ADDRESSEE;
  case GW_KIND_HEADING: return K_HEADING;
  case GW_KIND_ITEM: return K_ITEM;
  case GW_KIND_LABEL: return K_LABEL;
  case GW_KIND_SIGNATURE: return K_SIGNATURE;
  case GW_KIND_NOISE: return K_NOISE;
  case GW_KIND_TOC: return K_TOC;
  default: return o->opening ? K_OPENING : K_PARAGRAPH;
  }
}

/* ---- scanning ---- */

/* Advances over `len` bytes of the line (as this scanner encodes it). */
static void advance_bytes(TSLexer *lx, uint32_t len)
{
  uint32_t done = 0;
  while (done < len) {
    int32_t c = lx->lookahead;
    if (c == '\n' || c == '\r' || (c == 0 && at_eof(lx))) break;
    done += c >= 0 && c < 0x80 ? 1 : c >= 0 && c < 0x800 ? 2 : c >= 0 && c < 0x10000 ? 3 : c >= 0 && c <= 0x10FFFF ? 4 : 3;
    lx->advance(lx, false);
  }
}

/* Decides the line at the lexer (the current token has been marked to end at
** the line start): reads it and the lines the machine looks at, and fills the
** state with the line's tokens. */
static bool decide(scanner *sc, TSLexer *lx)
{
  state *st = &sc->st;
  st->ntok = st->itok = 0;
  sc->nlines = 0;
  sc->at_eof = sc->oom = sc->past_line = false;
  sc->lx = lx;
  gw_sm_line l0;
  if (!peek(sc, 0, &l0)) {
    if (sc->oom) return false;
    /* end of input: close what is open */
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
    if (st->report_open) push(st, REPORT_END, 0);
    st->report_open = 0;
    st->mode = IN_LINE;
    return true;
  }
  gw_sm_out o;
  gw_sm_step(&st->sm, peek, sc, &o);
  if (sc->oom) return false;
  if (l0.r->cand == GW_C_BLANK) {
    st->mode = BLANK;
    return true;
  }
  if (!st->report_open) {
    push(st, REPORT_START, 0);
    st->report_open = 1;
  } else if (o.new_report) {
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
    push(st, REPORT_END, 0);
    push(st, REPORT_START, 0);
  }
  if ((o.trailer || (o.kind == GW_KIND_TITLE && o.entry)) && st->tree_open) {
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
  }
  if (o.kind == GW_KIND_HEADING) {
    unsigned keep = o.depth > 0 ? o.depth - 1u : 0u;
    while (st->tree_open > keep) { push(st, SECTION_END, 0); st->tree_open--; }
    st->tree_open++; /* the heading opens it */
  }
  push(st, kind_token(&o), 0);
  uint32_t tail = push_line(st, &o, l0.text, l0.len, l0.r, &sc->ph);
  /* a line's last run of text goes with its line break, where it is no field's */
  if (o.kind != GW_KIND_HEADING && o.kind != GW_KIND_ITEM && o.kind != GW_KIND_LABEL && st->ntok > 1 &&
      tok_type(st, st->ntok - 1) == TEXT) {
    tail += tok_len(st, st->ntok - 1);
    st->ntok--;
  }
  push(st, EOL, tail);
  st->mode = IN_LINE;
  return true;
}

/* The whole-line token for a line of tokens [kind, text?, _eol], or 0. */
static uint8_t whole_line(const state *st)
{
  if (st->ntok != 2 || tok_type(st, 1) != EOL) return 0;
  uint8_t k = tok_type(st, 0);
  return k >= K_TITLE && k <= K_TOC && k != K_HEADING && k != K_ITEM && k != K_LABEL
             ? (uint8_t)(k == K_TITLE ? L_TITLE : k == K_ADDRESSEE ? L_ADDRESSEE : k == K_OPENING ? L_OPENING :
                         k == K_PARAGRAPH ? L_PARAGRAPH : k == K_SIGNATURE ? L_SIGNATURE : k == K_NOISE ? L_NOISE : L_TOC)
             : 0;
}

/* At a line start: decide the line. A line that needed no look-ahead and has no
** inline nodes is one token, read once; any other line starts with an empty
** token (it ends here, where the reading began) and its pieces follow. */
static bool line_start(scanner *sc, TSLexer *lx, const bool *valid)
{
  state *st = &sc->st;
  lx->mark_end(lx);
  if (!decide(sc, lx)) return false;
  if (st->mode == BLANK) {
    if (!valid[NEWLINE]) return false;
    skip_break(lx); /* the blank line was read up to its break */
    lx->mark_end(lx);
    st->mode = UNDECIDED;
    lx->result_symbol = NEWLINE;
    return true;
  }
  if (st->itok >= st->ntok) return false; /* end of input, everything closed */
  uint8_t whole = sc->past_line ? 0 : whole_line(st);
  if (whole && valid[whole]) {
    skip_break(lx);
    lx->mark_end(lx);
    st->mode = UNDECIDED;
    st->ntok = st->itok = 0;
    lx->result_symbol = whole;
    return true;
  }
  uint8_t first = tok_type(st, 0);
  if (!valid[first] || first == EOL) return false;
  st->itok = 1;
  lx->result_symbol = first;
  return true;
}

bool tree_sitter_gongwen_external_scanner_scan(void *payload, TSLexer *lx, const bool *valid)
{
  scanner *sc = payload;
  if (!sc || valid[ERROR_SENTINEL]) return false;
  state *st = &sc->st;
  if (st->mode != IN_LINE) return line_start(sc, lx, valid);
  if (st->itok >= st->ntok) return false; /* end of input, everything closed */
  uint8_t type = tok_type(st, st->itok);
  uint32_t len = tok_len(st, st->itok);
  if (!valid[type]) return false;
  if (type == EOL) {
    if (len) advance_bytes(lx, len);
    skip_break(lx);
    lx->mark_end(lx);
    st->mode = UNDECIDED;
    st->ntok = st->itok = 0;
    lx->result_symbol = EOL;
    return true;
  }
  if (len) advance_bytes(lx, len);
  lx->mark_end(lx);
  st->itok++;
  lx->result_symbol = type;
  return true;
}
