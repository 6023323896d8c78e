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
**   open new ones, then the zero-width token naming the line (_heading …; a
**   heading after a section's end needs none: its marker names it); then the
**   line's pieces: marker, words (one token when they hold no placeholder),
**   text runs and placeholders, run-in text; the white space at the line's
**   end and its line break are the padding of the token after the line;
**   a blank line is the padding of the next token, or a _newline (an extra)
**   where that cannot be (before the first report; white space read as the
**   start of a line). A line with no inline node is one token (_paragraph_line
**   …, which the grammar names paragraph …: a leaf, no reduction of its own).
**
** The cost of a parse is mostly the lexer's steps and the tokens, so:
**   - a run of text that sets no node's extent (between two placeholders, or
**     in a line whose text belongs to no node) is the padding of the next token
**     (skipped), not a token; so are the bytes that are no part of the line
**     (indentation, the space after a marker, a label's colon);
**   - the lengths queued are in lexer steps (characters), not bytes;
**   - the lines the machine looked ahead at, read through the lexer already,
**     are decided by the same call and their tokens queued (see decide), and a
**     line read again at the same place keeps its classification.
**
** The state between tokens is the machine's state before the next line to
** decide (written compactly: see sm_encode) plus the tokens still to emit (a
** byte or two each, at most 1 KiB in all; both are encoded once a decision, so
** serializing is a copy); an
** incremental re-parse restarts from it and makes the
** decisions a fresh parse makes. Look-ahead lines are read through the lexer
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
  L_TITLE, /* a whole line (without its line break) without inline nodes */
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
  WORDS,
  RUN_IN_WORDS,
  SKIP,
  NEWLINE,
  ERROR_SENTINEL
};

/* What the state knows about the next tokens. */
enum {
  UNDECIDED = 0, /* at a line start: the line is read and decided by the next call */
  IN_LINE = 1,   /* the queue holds the tokens still to come (of one or more lines) */
  BLANK = 2      /* (within line_start) the line is blank: a _newline consumes it */
};

#define AHEAD 32    /* lines decided by one decision at most */
#define PAD 63      /* not a token: bytes the next token skips (its padding) */
#define PAD_BREAK 62 /* not a token: a line break the next token skips (a line's, or a blank line's) */

/* The state: the machine's, then the tokens still to emit. Serialized, each
** token is a byte (its type, times 2, plus 1 when a length follows) and its
** length as a LEB128 number, so the queue holds whatever fits the serialization
** buffer: QUEUE_BYTES. `enc` counts the bytes the queued tokens take, reckoned
** with their lengths in bytes of text (their lengths in characters, as they end
** up, take no more). */
/* The machine's state is serialized compactly (see sm_encode): most of its
** bytes are zero most of the time, and tree-sitter keeps a copy of the
** serialized state with every token (in the token itself up to 24 bytes, else
** in memory of its own): 124 bytes a token on average, 62 so. */
#define SM_MAP_BYTES ((sizeof(gw_sm) + 7) / 8)
#define SM_ENC_MAX (1 + SM_MAP_BYTES + sizeof(gw_sm))
#define HEADER_BYTES (SM_ENC_MAX + 5)
#define QUEUE_BYTES (TREE_SITTER_SERIALIZATION_BUFFER_SIZE - HEADER_BYTES)
#define QUEUE QUEUE_BYTES /* tokens: each takes a byte at least */
#define TOK_MAX 6         /* bytes of one token at most */
/* bytes kept free in a line for what follows its placeholders: the words and
** run-in text after them, a colon, the end */
#define LINE_RESERVE (12 * TOK_MAX)
typedef struct {
  gw_sm sm;
  uint8_t mode;
  uint8_t report_open;
  uint8_t tree_open; /* sections open in the tree */
  uint16_t ntok, itok;
  uint16_t enc; /* serialized bytes of the queued tokens */
  uint8_t type[QUEUE];
  uint32_t len[QUEUE];
} state;

_Static_assert(HEADER_BYTES < TREE_SITTER_SERIALIZATION_BUFFER_SIZE / 4, "scanner state header too large");
_Static_assert(SM_ENC_MAX < 256, "the encoded machine state must fit its one-byte length");

/* Serialized bytes of a token of length len. */
static unsigned tok_bytes(uint32_t len)
{
  unsigned n = 1;
  for (; len; len >>= 7) n++;
  return n;
}

/* One line read ahead. Allocated once and reused: the machine holds pointers to
** the lines it peeked at until its step returns, so they must not move. */
typedef struct {
  char *text; /* NUL-terminated */
  size_t cap;
  uint32_t len;
  uint32_t steps; /* its characters: the lexer's steps over it */
  gw_lrec r;
  gw_scan_out out; /* its placeholders and enumerators */
} line_rec;

/* The scanner: its state, and the lines read ahead. lines[k] is line k of the
** decision under way (k < nlines), and, up to ncached, a line the decision
** before read at that place: when the lexer reads the same text there, its
** classification is taken from it instead of classifying it again (the lines
** the machine looks ahead at are each read again at their own turn). */
typedef struct {
  state st;
  line_rec **lines;
  size_t nlines, ncached, nalloc, lines_cap;
  size_t base; /* the line the machine is stepping over: peek(k) is lines[base + k] */
  line_rec *scratch; /* where a line is read before it is compared */
  TSLexer *lx;
  bool at_eof, oom;
  bool past_line; /* the lexer went past the current line's break (look-ahead) */
  bool empty;     /* the line decided (blank) is empty: no step of the lexer read it */
  /* the queue serialized (encoded: up to date; a decision changes the queue),
  ** with each token's offset, so that serializing the rest of it is a copy */
  bool encoded;
  uint8_t sm_len;
  unsigned char sm_enc[SM_ENC_MAX];
  uint16_t off[QUEUE + 1];
  uint8_t encb[QUEUE_BYTES + TOK_MAX];
  /* what was serialized last; `clean`: no scan since, so that deserializing the
  ** same bytes again (tree-sitter does before every scan) leaves the state as is */
  bool clean;
  unsigned last_len;
  unsigned char last[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
} scanner;

static void free_line(line_rec *lr)
{
  if (!lr) return;
  free(lr->text);
  free(lr->out.ph);
  free(lr->out.en);
  free(lr);
}

static void reset_state(state *st)
{
  memset(st, 0, sizeof *st);
  gw_sm_init(&st->sm);
}

void *tree_sitter_gongwen_external_scanner_create(void)
{
  scanner *sc = calloc(1, sizeof *sc);
  if (!sc) return NULL;
  sc->scratch = calloc(1, sizeof *sc->scratch);
  if (!sc->scratch) {
    free(sc);
    return NULL;
  }
  reset_state(&sc->st);
  return sc;
}

void tree_sitter_gongwen_external_scanner_destroy(void *payload)
{
  scanner *sc = payload;
  if (!sc) return;
  for (size_t i = 0; i < sc->nalloc; i++) free_line(sc->lines[i]);
  free(sc->lines);
  free_line(sc->scratch);
  free(sc);
}

/* The machine's state, encoded: the number n of map bytes, n bytes whose bits
** mark the state's nonzero bytes (bit k%8 of map byte k/8 for byte k; n ends
** with the map's last nonzero byte), then those bytes in order. Returns the
** length (at most SM_ENC_MAX). */
static size_t sm_encode(const gw_sm *sm, unsigned char *out)
{
  const unsigned char *raw = (const unsigned char *)sm;
  unsigned char map[SM_MAP_BYTES];
  memset(map, 0, sizeof map);
  size_t at = 1 + SM_MAP_BYTES, nmap = 0;
  for (size_t k = 0; k < sizeof *sm; k++)
    if (raw[k]) {
      map[k / 8] = (unsigned char)(map[k / 8] | 1u << (k % 8));
      out[at++] = raw[k];
      nmap = k / 8 + 1;
    }
  /* the map goes before the bytes: move them down when it is shorter */
  if (nmap < SM_MAP_BYTES) memmove(out + 1 + nmap, out + 1 + SM_MAP_BYTES, at - 1 - SM_MAP_BYTES);
  out[0] = (unsigned char)nmap;
  memcpy(out + 1, map, nmap);
  return at - (SM_MAP_BYTES - nmap);
}

/* Decodes sm_encode's bytes from b[0, length); returns the bytes read, or 0
** when they are not such an encoding. */
static size_t sm_decode(gw_sm *sm, const unsigned char *b, size_t length)
{
  if (length < 1) return 0;
  size_t nmap = b[0];
  if (nmap > SM_MAP_BYTES || length < 1 + nmap) return 0;
  unsigned char *raw = (unsigned char *)sm;
  memset(raw, 0, sizeof *sm);
  size_t at = 1 + nmap;
  for (size_t k = 0; k < nmap * 8 && k < sizeof *sm; k++)
    if (b[1 + k / 8] >> (k % 8) & 1) {
      if (at >= length) return 0;
      raw[k] = b[at++];
    }
  return at;
}

/* Serialized: the machine's state (sm_encode), mode, report_open, tree_open,
** the number of tokens (2 bytes), then the tokens still to come (so equal
** states serialize equally). */
unsigned tree_sitter_gongwen_external_scanner_serialize(void *payload, char *buffer)
{
  scanner *sc = payload;
  if (!sc) return 0;
  const state *st = &sc->st;
  if (!sc->encoded) {
    /* (push keeps the queue within QUEUE_BYTES: every token fits) */
    size_t at = 0;
    unsigned i = 0;
    for (; i < st->ntok && at + TOK_MAX <= sizeof sc->encb; i++) {
      sc->off[i] = (uint16_t)at;
      uint32_t len = st->len[i];
      sc->encb[at++] = (uint8_t)(st->type[i] << 1 | (len != 0));
      for (; len; len >>= 7) sc->encb[at++] = (uint8_t)((len & 0x7F) | (len > 0x7F ? 0x80 : 0));
    }
    for (; i <= st->ntok; i++) sc->off[i] = (uint16_t)at;
    sc->sm_len = (uint8_t)sm_encode(&st->sm, sc->sm_enc); /* (it changes with the queue only) */
    sc->encoded = true;
  }
  unsigned char *b = (unsigned char *)buffer;
  memcpy(b, sc->sm_enc, sc->sm_len);
  size_t at = sc->sm_len;
  unsigned itok = st->itok < st->ntok ? st->itok : st->ntok;
  unsigned rest = (unsigned)(st->ntok - itok);
  b[at++] = st->mode;
  b[at++] = st->report_open;
  b[at++] = st->tree_open;
  b[at++] = (unsigned char)rest;
  b[at++] = (unsigned char)(rest >> 8);
  size_t n = (size_t)(sc->off[st->ntok] - sc->off[itok]);
  if (n > TREE_SITTER_SERIALIZATION_BUFFER_SIZE - at) n = TREE_SITTER_SERIALIZATION_BUFFER_SIZE - at;
  memcpy(b + at, sc->encb + sc->off[itok], n);
  at += n;
  memcpy(sc->last, b, at);
  sc->last_len = (unsigned)at;
  sc->clean = true;
  return (unsigned)at;
}

void tree_sitter_gongwen_external_scanner_deserialize(void *payload, const char *buffer, unsigned length)
{
  scanner *sc = payload;
  if (!sc) return;
  if (sc->clean && length == sc->last_len && memcmp(buffer, sc->last, length) == 0) return;
  sc->clean = false;
  sc->encoded = false;
  state *st = &sc->st;
  const unsigned char *b = (const unsigned char *)buffer;
  size_t at = length <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE ? sm_decode(&st->sm, b, length) : 0;
  if (at == 0 || length < at + 5) {
    reset_state(st);
    return;
  }
  st->mode = b[at++];
  st->report_open = b[at++];
  st->tree_open = b[at++];
  unsigned n = b[at] | (unsigned)b[at + 1] << 8;
  at += 2;
  st->itok = st->ntok = st->enc = 0;
  for (unsigned i = 0; i < n && i < QUEUE && at < length; i++) {
    unsigned t = b[at++];
    uint32_t len = 0;
    if (t & 1) {
      for (unsigned shift = 0; at < length && shift < 32; shift += 7) {
        unsigned c = b[at++];
        len |= (uint32_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) break;
      }
    }
    /* the queue stays within QUEUE_BYTES, as push keeps it (only bytes the
    ** scanner did not write can ask for more) */
    if (st->enc + tok_bytes(len) > QUEUE_BYTES) break;
    st->type[i] = (uint8_t)(t >> 1);
    st->len[i] = len;
    st->enc = (uint16_t)(st->enc + tok_bytes(len));
    st->ntok++;
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

/* Consumes a line break (\n, \r\n or a lone \r) at the lexer's position; with
** `pad`, as the padding of the next token. */
static void break_over(TSLexer *lx, bool pad)
{
  if (at_eof(lx)) return;
  if (lx->lookahead == '\r') {
    lx->advance(lx, pad);
    if (!at_eof(lx) && lx->lookahead == '\n') lx->advance(lx, pad);
  } else if (lx->lookahead == '\n') {
    lx->advance(lx, pad);
  }
}

static void skip_break(TSLexer *lx) { break_over(lx, false); }

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
  size_t k = sc->nlines;
  if (k == sc->nalloc) {
    GW_GROW(sc->lines, sc->nalloc, sc->lines_cap, sc->nalloc + 1, sc->oom = true; return false);
    line_rec *nr = calloc(1, sizeof *nr);
    if (!nr) { sc->oom = true; return false; }
    sc->lines[sc->nalloc++] = nr;
  }
  line_rec *lr = sc->scratch;
  lr->len = 0;
  if (!room(sc, lr, 0)) return false;
  /* the text, re-encoded as UTF-8 (what the lexer decoded: one code point a
  ** lexer step); the loop keeps the buffer in locals across the lexer's calls */
  char *buf = lr->text;
  size_t len = 0, cap = lr->cap;
  uint32_t steps = 0;
  size_t limit = cap - 8; /* room for a code point and the NUL below it (cap >= 256) */
  for (;; steps++) {
    int32_t c = lx->lookahead;
    if (len > limit) {
      lr->len = (uint32_t)len;
      if (len > UINT32_MAX - 16) { sc->oom = true; return false; }
      if (!room(sc, lr, 8)) return false;
      buf = lr->text;
      cap = lr->cap;
      limit = cap - 8;
    }
    if ((uint32_t)c - 0x800u < 0xD800u - 0x800u) { /* most of CJK: three bytes */
      uint32_t u = (uint32_t)c;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      /* one store; its fourth byte is overwritten next (8 spare bytes) */
      uint32_t w = (0xE0u | (u >> 12)) | (0x80u | ((u >> 6) & 0x3Fu)) << 8 | (0x80u | (u & 0x3Fu)) << 16;
      memcpy(buf + len, &w, 4);
#else
      buf[len] = (char)(0xE0 | (u >> 12));
      buf[len + 1] = (char)(0x80 | ((u >> 6) & 0x3F));
      buf[len + 2] = (char)(0x80 | (u & 0x3F));
#endif
      len += 3;
    } else if ((uint32_t)c - 1u < 0x7Fu) {
      if (c == '\n' || c == '\r') break;
      buf[len++] = (char)c;
    } else {
      if (c == 0 && at_eof(lx)) break;
      len += utf8_encode(c, buf + len);
    }
    lx->advance(lx, false);
  }
  buf[len] = '\0';
  lr->len = (uint32_t)len;
  lr->steps = steps;
  line_rec *old = sc->lines[k];
  if (k < sc->ncached && old->len == lr->len && memcmp(old->text, lr->text, len) == 0) {
    /* read before at this place: classified already */
  } else {
    sc->lines[k] = lr;
    sc->scratch = old;
    lr->out.nph = lr->out.nen = 0;
    if (gw_scan_line(lr->text, lr->len, &lr->r, &lr->out) != 0) { sc->oom = true; return false; }
  }
  sc->nlines++;
  return true;
}

/* After a decision over d lines: line d becomes line 0 of the next one, with
** the lines after it. */
static void shift_lines(scanner *sc, size_t d)
{
  size_t n = sc->nlines > sc->ncached ? sc->nlines : sc->ncached;
  if (d > n) d = n;
  if (d == 0) return;
  line_rec *first[AHEAD + 1];
  memcpy(first, sc->lines, d * sizeof *sc->lines);
  memmove(sc->lines, sc->lines + d, (n - d) * sizeof *sc->lines);
  memcpy(sc->lines + (n - d), first, d * sizeof *sc->lines);
  sc->ncached = n - d;
}

static bool peek(void *ud, size_t k, gw_sm_line *out)
{
  scanner *sc = ud;
  k += sc->base;
  while (k >= sc->nlines)
    if (!read_line(sc)) return false;
  const line_rec *lr = sc->lines[k];
  out->r = &lr->r;
  out->text = lr->text;
  out->len = lr->len;
  return true;
}

/* ---- the tokens of one line ---- */

static void widen_last(state *st, uint32_t len);

/* Queues a token. The callers keep within QUEUE_BYTES (see push_text, decide):
** a token that would not fit is dropped, which the tests would see as a tree
** that does not cover the text. */
static void push(state *st, uint8_t type, uint32_t len)
{
  if (type == PAD && st->ntok && st->type[st->ntok - 1] == PAD) {
    widen_last(st, len);
    return;
  }
  unsigned b = tok_bytes(len);
  if (st->ntok >= QUEUE || st->enc + b > QUEUE_BYTES) return;
  st->type[st->ntok] = type;
  st->len[st->ntok] = len;
  st->enc = (uint16_t)(st->enc + b);
  st->ntok++;
}

static uint8_t tok_type(const state *st, unsigned i) { return st->type[i]; }

static uint32_t tok_len(const state *st, unsigned i) { return st->len[i]; }

/* Drops the tokens from n on. */
static void truncate(state *st, unsigned n)
{
  while (st->ntok > n) {
    st->ntok--;
    st->enc = (uint16_t)(st->enc - tok_bytes(st->len[st->ntok]));
  }
}

/* Sets the length of token i (its length in characters, which takes no more bytes). */
static void set_len(state *st, unsigned i, uint32_t len)
{
  st->enc = (uint16_t)(st->enc - tok_bytes(st->len[i]) + tok_bytes(len));
  st->len[i] = len;
}

/* Adds len bytes to the last token of the queue (text a token takes in). */
static void widen_last(state *st, uint32_t len)
{
  if (!st->ntok || !len) return;
  uint32_t *l = &st->len[st->ntok - 1];
  st->enc = (uint16_t)(st->enc - tok_bytes(*l) + tok_bytes(*l + len));
  *l += len;
}

/* How push_text may spare the token of the run of text it starts with. */
enum {
  LEAD_TOKEN, /* the run starts a node (heading_text …): it is a _text token */
  LEAD_PAD,   /* the run starts no node (a paragraph's line): it may be padding */
  LEAD_WIDEN  /* the run goes into the token just pushed (_run_in) */
};

/* Text [a, b) of the line, cut at its placeholders. _text is hidden, so a run of
** text only matters where it sets a node's extent: at the start and the end of
** heading_text, item_text, label_text and run_in. A run followed by a
** placeholder and starting no node is the placeholder token's padding instead
** (PAD: skipped, not a token); the tree's nodes and their ranges are the same. */
/* (from: the queue index where the line's tokens start) */
static void push_text(state *st, unsigned from, const gw_scan_out *ph, uint32_t a, uint32_t b, int lead)
{
  uint32_t at = a;
  for (size_t i = 0; i < ph->nph && at < b; i++) {
    uint32_t s = ph->ph[i].start, e = ph->ph[i].end;
    if (e <= at || s >= b) continue;
    if (s < at) s = at;
    if (e > b) e = b;
    /* keep room for what may follow: a colon, run-in text, the end (a line
    ** without placeholders has at most 18 tokens); the rest is text */
    if ((size_t)st->enc + 2 * TOK_MAX + LINE_RESERVE > QUEUE_BYTES) break;
    if (s > at) {
      if (at == a && lead == LEAD_TOKEN) push(st, TEXT, s - at);
      else if (at == a && lead == LEAD_WIDEN) widen_last(st, s - at);
      else push(st, PAD, s - at);
    }
    push(st, PLACEHOLDER, e - s);
    at = e;
  }
  if (b > at) {
    if (at == a && lead == LEAD_WIDEN) widen_last(st, b - at);
    else push(st, TEXT, b - at);
  }
}

/* Whether a placeholder of the line overlaps [a, b). */
static bool has_placeholder(const gw_scan_out *ph, uint32_t a, uint32_t b)
{
  for (size_t i = 0; i < ph->nph; i++)
    if (ph->ph[i].end > a && ph->ph[i].start < b) return true;
  return false;
}

/* The words of a heading, an item or a label, [a, b): one token (_words, which
** the grammar names heading_text …) when they hold no placeholder. */
static void push_words(state *st, unsigned from, const gw_scan_out *ph, uint32_t a, uint32_t b)
{
  if (b <= a) return;
  if (!has_placeholder(ph, a, b)) push(st, WORDS, b - a);
  else push_text(st, from, ph, a, b, LEAD_TOKEN);
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
** label's colon, white space before the line break) are the padding of the
** token after them; only the indentation of a heading whose line has no
** _heading token (see decide) is a token, _skip, since the heading starts there.
** `own`: the line's kind token was pushed. */
static uint32_t push_line(state *st, unsigned from, const gw_sm_out *o, const char *s, uint32_t n,
                          const gw_lrec *r, const gw_scan_out *ph, bool own)
{
  uint32_t end = n; /* without trailing white space */
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
  while (end >= 3 && memcmp(s + end - 3, "\xE3\x80\x80", 3) == 0) end -= 3;
  bool structural = o->kind == GW_KIND_HEADING || o->kind == GW_KIND_ITEM || o->kind == GW_KIND_LABEL;
  if (!structural) {
    push_text(st, from, ph, 0, end, LEAD_PAD);
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
  if (ms > 0) push(st, own ? PAD : SKIP, ms);
  if (o->kind == GW_KIND_HEADING) {
    int rank = o->rank < 1 ? 1 : o->rank > 5 ? 5 : o->rank;
    push(st, (uint8_t)(H1_MARKER + rank - 1), me - ms);
  } else if (o->kind == GW_KIND_ITEM) {
    push(st, ITEM_MARKER, me - ms);
  }
  if (ts > me) push(st, PAD, ts - me);
  if (o->kind == GW_KIND_LABEL && te == ts) te = end; /* no words found: the whole rest */
  push_words(st, from, ph, ts, te);
  uint32_t body = te;
  if (o->kind == GW_KIND_LABEL) {
    /* the colon after a label's words, and the space after it */
    if (body + 3 <= end && memcmp(s + body, "\xEF\xBC\x9A", 3) == 0) body += 3;
    else if (body < end && s[body] == ':') body++;
    body += indentation(s + body, end - body);
    if (body > te) push(st, PAD, body - te);
  }
  if (body < end && !is_blank_run(s, body, end)) {
    if (!has_placeholder(ph, body, end)) {
      push(st, RUN_IN_WORDS, end - body); /* run_in as one token */
    } else {
      push(st, RUN_IN, 0); /* it takes in the text before a first placeholder */
      push_text(st, from, ph, body, end, LEAD_WIDEN);
    }
  } else if (body < end) {
    push(st, PAD, end - body);
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

/* The lengths of the line's tokens, in bytes of s (the line as read), as lexer
** steps: code points (s holds one UTF-8 sequence for each character the lexer
** read). The tokens follow each other from the line's start. */
static void to_steps(state *st, unsigned from, const char *s, uint32_t n, uint32_t line_steps)
{
  /* the tokens cover the line exactly (they do): the longest one is the
  ** line's steps minus the others', and only the others are counted */
  unsigned longest = st->ntok;
  uint32_t sum = 0, most = 0;
  for (unsigned i = from; i < st->ntok; i++) {
    uint32_t len = tok_len(st, i);
    sum += len;
    if (len > most) most = len, longest = i;
  }
  uint32_t at = 0, others = 0;
  bool exact = sum == n && longest < st->ntok;
  for (unsigned i = from; i < st->ntok; i++) {
    uint32_t len = st->len[i];
    if (!len) continue;
    uint32_t end = len > n - at ? n : at + len, steps = end - at;
    if (exact && i == longest) {
      at = end;
      continue;
    }
    /* minus the continuation bytes (10xxxxxx), eight at a time */
    for (; at + 8 <= end; at += 8) {
      uint64_t x;
      memcpy(&x, s + at, 8);
      /* a 1 in the low bit of each continuation byte; the product sums them */
      steps -= (uint32_t)((((x >> 7) & ~(x >> 6) & 0x0101010101010101ull) * 0x0101010101010101ull) >> 56);
    }
    for (; at < end; at++) steps -= ((unsigned char)s[at] & 0xC0) == 0x80;
    others += steps;
    set_len(st, i, steps);
  }
  if (exact) set_len(st, longest, line_steps - others);
}

/* Advances over `steps` characters of the line; skipped characters are the
** padding of the token that follows. */
static void advance_steps(TSLexer *lx, uint32_t steps, bool skip)
{
  for (; steps; steps--) {
    int32_t c = lx->lookahead;
    if ((uint32_t)c <= '\r' && (c == '\n' || c == '\r' || (c == 0 && at_eof(lx)))) break;
    lx->advance(lx, skip);
  }
}

/* The whole-line token for a line of kind k without inline nodes, or 0. */
static uint8_t whole_token(uint8_t k)
{
  switch (k) {
  case K_TITLE: return L_TITLE;
  case K_ADDRESSEE: return L_ADDRESSEE;
  case K_OPENING: return L_OPENING;
  case K_PARAGRAPH: return L_PARAGRAPH;
  case K_SIGNATURE: return L_SIGNATURE;
  case K_NOISE: return L_NOISE;
  case K_TOC: return L_TOC;
  default: return 0;
  }
}

/* Pushes the tokens of a line the machine has decided (o): the ends and starts
** of sections and reports it makes, the line's kind, its pieces, then the white
** space at its end and its line break as padding (of the next line's first
** token). With `whole`, a line of its kind and at most one run of text becomes
** its whole-line token (the line without its break). */
static void push_decided(state *st, const gw_sm_out *o, const gw_sm_line *l, const line_rec *lr, bool whole)
{
  unsigned from = st->ntok;
  if (!st->report_open) {
    push(st, REPORT_START, 0);
    st->report_open = 1;
  } else if (o->new_report) {
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
    push(st, REPORT_END, 0);
    push(st, REPORT_START, 0);
  }
  if ((o->trailer || (o->kind == GW_KIND_TITLE && o->entry)) && st->tree_open) {
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
  }
  if (o->kind == GW_KIND_HEADING) {
    unsigned keep = o->depth > 0 ? o->depth - 1u : 0u;
    while (st->tree_open > keep) { push(st, SECTION_END, 0); st->tree_open--; }
    st->tree_open++; /* the heading opens it */
  }
  /* the first empty token of a line is where its reading began; a heading's
  ** marker names its line, so after a section's or a report's end or start
  ** the heading needs no _heading of its own (one token less a line) */
  bool own = o->kind != GW_KIND_HEADING || st->ntok == from;
  if (own) push(st, kind_token(o), 0);
  const gw_scan_out *ph = &lr->out;
  unsigned kind_at = st->ntok - 1;
  uint32_t tail = push_line(st, from, o, l->text, l->len, l->r, ph, own);
  uint8_t w = 0;
  if (whole && own && kind_at == from &&
      (st->ntok == from + 1 || (st->ntok == from + 2 && tok_type(st, from + 1) == TEXT)))
    w = whole_token(tok_type(st, from));
  if (w) {
    truncate(st, from); /* the kind and its text: the line is one token */
    push(st, w, l->len);
  } else if (tail) {
    push(st, PAD, tail);
  }
  to_steps(st, from, l->text, l->len, lr->steps);
  push(st, PAD_BREAK, 0);
}

/* Decides the line at the lexer (the current token has been marked to end at
** the line start): reads it and the lines the machine looks at, and fills the
** state with the line's tokens.
**
** The lines the machine looked ahead at were read through the lexer already (as
** this decision's look-ahead, so that an edit there re-lexes it): the lines
** among them that the machine can decide next are decided too, and their
** tokens queued behind the line's, up to AHEAD lines and QUEUE tokens. Each
** line is then read once to be decided and once for its tokens, instead of
** once more for each decision that looks at it. */
static bool decide(scanner *sc, TSLexer *lx)
{
  state *st = &sc->st;
  st->ntok = st->itok = st->enc = 0;
  sc->encoded = false;
  sc->nlines = 0;
  sc->base = 0;
  sc->at_eof = sc->oom = sc->past_line = false;
  sc->lx = lx;
  gw_sm_line l0;
  if (!peek(sc, 0, &l0)) {
    if (sc->oom) {
      sc->ncached = 0;
      return false;
    }
    /* end of input: close what is open */
    while (st->tree_open) { push(st, SECTION_END, 0); st->tree_open--; }
    if (st->report_open) push(st, REPORT_END, 0);
    st->report_open = 0;
    st->mode = IN_LINE;
    return true;
  }
  gw_sm_out o;
  gw_sm_step(&st->sm, peek, sc, &o);
  if (sc->oom) {
    sc->ncached = 0;
    return false;
  }
  if (l0.r->cand == GW_C_BLANK) {
    sc->empty = l0.len == 0;
    shift_lines(sc, 1);
    st->mode = BLANK;
    return true;
  }
  /* a line read with no look-ahead and no inline node is one token */
  push_decided(st, &o, &l0, sc->lines[0], !sc->past_line);
  size_t done = 1;
  unsigned last_blank = QUEUE + 1; /* where the last line's entries start when it is blank */
  uint32_t last_blank_steps = 0;
  while (done < sc->nlines && done < AHEAD) {
    gw_sm_line l;
    sc->base = done;
    if (!peek(sc, 0, &l)) break;
    /* room for the line's tokens: the sections and reports it may close and
    ** open (a byte each), its kind, its pieces (two for each placeholder), its
    ** end and break; a line with many placeholders is decided first in a
    ** decision of its own, where the queue is empty */
    size_t need = (size_t)st->tree_open + 3 + (2 * (size_t)sc->lines[done]->out.nph + 20) * TOK_MAX;
    if (st->enc + need > QUEUE_BYTES) break;
    gw_sm_step(&st->sm, peek, sc, &o);
    if (sc->oom) {
      sc->ncached = 0;
      return false;
    }
    if (l.r->cand == GW_C_BLANK) {
      /* a blank line (its white space too) is the padding of the next token,
      ** or a _newline when it is the last line queued */
      last_blank = st->ntok;
      if (sc->lines[done]->steps) push(st, PAD, sc->lines[done]->steps);
      push(st, PAD_BREAK, 0);
      last_blank_steps = sc->lines[done]->steps;
    } else {
      last_blank = QUEUE + 1;
      push_decided(st, &o, &l, sc->lines[done], true);
    }
    done++;
  }
  if (last_blank <= QUEUE) {
    truncate(st, last_blank);
    push(st, NEWLINE, last_blank_steps);
  }
  shift_lines(sc, done);
  st->mode = IN_LINE;
  return true;
}

/* At a line start: decide the line, and return its first token: the whole
** line when it is one token (read once), else an empty token (it ends here,
** where the reading began) and its pieces follow. */
static bool line_start(scanner *sc, TSLexer *lx, const bool *valid)
{
  state *st = &sc->st;
  lx->mark_end(lx);
  if (!decide(sc, lx)) return false;
  /* an empty line, read without a step of the lexer, is the padding of the
  ** next token when there is one (a report is open: at least its end) */
  while (st->mode == BLANK && st->report_open && sc->empty) {
    break_over(lx, true);
    lx->mark_end(lx);
    st->mode = UNDECIDED;
    if (!decide(sc, lx)) return false;
  }
  if (st->mode == BLANK) {
    if (!valid[NEWLINE]) return false;
    skip_break(lx); /* the blank line was read up to its break */
    lx->mark_end(lx);
    st->mode = UNDECIDED;
    lx->result_symbol = NEWLINE;
    return true;
  }
  if (st->itok >= st->ntok) return false; /* end of input, everything closed */
  uint8_t first = tok_type(st, 0);
  if (!valid[first] || first == NEWLINE || first == PAD || first == PAD_BREAK) return false;
  if (first >= L_TITLE && first <= L_TOC) {
    /* read already, and no look-ahead: the lexer is at the line's end */
    lx->mark_end(lx);
  }
  st->itok = 1;
  if (st->itok >= st->ntok) {
    st->mode = UNDECIDED;
    st->ntok = st->itok = st->enc = 0;
  }
  lx->result_symbol = first;
  return true;
}

bool tree_sitter_gongwen_external_scanner_scan(void *payload, TSLexer *lx, const bool *valid)
{
  scanner *sc = payload;
  if (!sc) return false;
  sc->clean = false;
  if (valid[ERROR_SENTINEL]) return false;
  state *st = &sc->st;
  if (st->mode != IN_LINE) return line_start(sc, lx, valid);
  if (st->itok >= st->ntok) return false; /* end of input, everything closed */
  uint8_t type = tok_type(st, st->itok);
  unsigned i = st->itok;
  while ((type == PAD || type == PAD_BREAK) && i + 1 < st->ntok) type = tok_type(st, ++i);
  if (type == PAD || type == PAD_BREAK) {
    /* only padding is left (the end of the last line queued): it goes before
    ** the first token of the next line, which is decided now */
    for (; st->itok < st->ntok; st->itok++) {
      if (tok_type(st, st->itok) == PAD_BREAK) break_over(lx, true);
      else advance_steps(lx, tok_len(st, st->itok), true);
    }
    st->mode = UNDECIDED;
    st->ntok = st->itok = st->enc = 0;
    return line_start(sc, lx, valid);
  }
  if (!valid[type]) return false;
  for (; st->itok < i; st->itok++) {
    if (tok_type(st, st->itok) == PAD_BREAK) break_over(lx, true);
    else advance_steps(lx, tok_len(st, st->itok), true);
  }
  uint32_t len = tok_len(st, i);
  if (len) advance_steps(lx, len, false);
  /* a blank line's token: its line break goes with it */
  if (type == NEWLINE) skip_break(lx);
  lx->mark_end(lx);
  st->itok++;
  if (st->itok >= st->ntok) { /* the next token starts a line to decide */
    st->mode = UNDECIDED;
    st->ntok = st->itok = st->enc = 0;
  }
  lx->result_symbol = type;
  return true;
}
