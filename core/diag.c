/*
** diag.c: numbering, enumeration, completeness and residue diagnostics, and
** the names and messages the bindings print (Chinese by default, English).
*/
#include "gw_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L(i) (&doc->lines[(i)])

/* {===================================================================
** Markers as text
** =================================================================== */

static size_t put(char *buf, size_t cap, size_t at, const char *s)
{
  size_t k = strlen(s);
  if (at + k < cap) memcpy(buf + at, s, k);
  else if (at < cap) memcpy(buf + at, s, cap - at - 1);
  size_t end = at + k;
  if (cap) buf[end < cap ? end : cap - 1] = '\0';
  return end;
}

/* 1 … 999 in CJK numerals: 九, 十一, 二十一, 一百零五, 三百二十. */
static size_t cjk_number(int v, char *buf, size_t cap, size_t at)
{
  static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (v <= 0 || v > 999) { char tmp[16]; snprintf(tmp, sizeof tmp, "%d", v); return put(buf, cap, at, tmp); }
  int h = v / 100, t = v / 10 % 10, u = v % 10;
  if (h) at = put(buf, cap, put(buf, cap, at, d[h]), "百");
  if (t) {
    if (t > 1 || h) at = put(buf, cap, at, d[t]); /* 十一 but 一百一十 */
    at = put(buf, cap, at, "十");
  } else if (h && u) {
    at = put(buf, cap, at, "零");
  }
  if (u) at = put(buf, cap, at, d[u]);
  return at;
}

size_t gw_format_marker(int rank, int ordinal, unsigned style, char *buf, size_t cap)
{
  char tmp[16];
  size_t at = 0;
  if (!cap) return 0;
  buf[0] = '\0';
  const char *open = style & GW_STYLE_OPEN_ASCII ? "(" : "（";
  const char *close = style & GW_STYLE_CLOSE_ASCII ? ")" : "）";
  switch (rank) {
  case 1:
    at = cjk_number(ordinal, buf, cap, at);
    at = put(buf, cap, at, style & GW_STYLE_CJK_DOT ? "." : "、");
    break;
  case 2:
  case 4:
    if ((style & GW_STYLE_CIRCLED) && ordinal >= 1 && ordinal <= 10) {
      /* ㈠ … ㈩ and ⑴ … ⒇ */
      unsigned cp = rank == 2 ? 0x3220u + (unsigned)ordinal - 1 : 0x2474u + (unsigned)ordinal - 1;
      char u[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
      at = put(buf, cap, at, u);
      break;
    }
    at = put(buf, cap, at, open);
    if (rank == 2) at = cjk_number(ordinal, buf, cap, at);
    else { snprintf(tmp, sizeof tmp, "%d", ordinal); at = put(buf, cap, at, tmp); }
    at = put(buf, cap, at, close);
    break;
  case 3:
    snprintf(tmp, sizeof tmp, "%d%s", ordinal, style & GW_STYLE_DUNHAO ? "、" : style & GW_STYLE_FW_DOT ? "．" : ".");
    at = put(buf, cap, at, tmp);
    break;
  case 5:
    if ((style & GW_STYLE_SEQ) && ordinal >= 1 && ordinal <= 3) {
      static const char *const seq[] = {"首先，", "其次，", "再次，"};
      at = put(buf, cap, at, seq[ordinal - 1]);
      break;
    }
    if (style & (GW_STYLE_DI | GW_STYLE_SEQ)) {
      at = put(buf, cap, at, "第");
      at = cjk_number(ordinal, buf, cap, at);
      at = put(buf, cap, at, "，");
      break;
    }
    if ((style & GW_STYLE_CIRCLED) && ordinal >= 1 && ordinal <= 20) {
      unsigned cp = 0x2460u + (unsigned)ordinal - 1;
      char u[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
      at = put(buf, cap, at, u);
      break;
    }
    at = cjk_number(ordinal, buf, cap, at);
    at = put(buf, cap, at, "是");
    break;
  default:
    break;
  }
  return at < cap ? at : cap - 1;
}

/* The standard GB/T 9704 marker for rank and ordinal: 三、 （二） 3. （4） */
static void std_marker(int rank, int ordinal, char *buf, size_t cap) { gw_format_marker(rank, ordinal, 0, buf, cap); }

/* }=================================================================== */

/* Where to cut s[0..k) (k bytes of a longer string) so that no character is
** cut in two: before the character whose bytes run past k. */
static size_t utf8_cut(const char *s, size_t k)
{
  size_t c = k;
  while (c > 0 && ((unsigned char)s[c] & 0xC0) == 0x80) c--;
  return c;
}

static int add(gw_doc *doc, size_t line, uint32_t start, uint32_t end, gw_severity sev, gw_code code, int a, int b,
               const char *s, const char *t)
{
  GW_GROW(doc->diags, doc->ndiags, doc->diags_cap, doc->ndiags + 1, return -1);
  gw_diag *d = &doc->diags[doc->ndiags++];
  memset(d, 0, sizeof *d);
  d->line = d->end_line = line;
  d->start = start;
  d->end = end;
  d->severity = sev;
  d->code = code;
  d->a = a;
  d->b = b;
  /* at most 23 bytes and a NUL, never the first bytes of a cut character */
  if (s) { size_t k = 0; while (k < sizeof d->s - 1 && s[k]) k++; k = utf8_cut(s, k); memcpy(d->s, s, k); }
  if (t) { size_t k = 0; while (k < sizeof d->t - 1 && t[k]) k++; k = utf8_cut(t, k); memcpy(d->t, t, k); }
  return 0;
}

/* Range of the marker (or the text when the marker is empty). */
static void marker_range(const gw_line *ln, uint32_t *s, uint32_t *e)
{
  if (ln->r.mk_end > ln->r.mk_start && !ln->lost) { *s = ln->r.mk_start; *e = ln->r.mk_end; }
  else { *s = ln->r.tx_start; *e = ln->r.tx_end > ln->r.tx_start ? ln->r.tx_end : ln->len; }
}

static void marker_text(const gw_line *ln, char *buf, size_t cap)
{
  size_t k = ln->r.mk_end - ln->r.mk_start;
  if (k >= cap) k = utf8_cut(ln->text + ln->r.mk_start, cap - 1);
  memcpy(buf, ln->text + ln->r.mk_start, k);
  buf[k] = '\0';
}

/* Is a restart of numbering at this heading introduced by a transition? */
static bool restart_ok(gw_doc *doc, size_t line)
{
  for (size_t k = line; k-- > 0;) {
    gw_line *p = L(k);
    if (p->kind == GW_KIND_BLANK || p->kind == GW_KIND_NOISE) continue;
    /* a label standing alone (存在问题：) opens a new list; one with its text
    ** run in (整改措施：修订制度。) belongs to the section above it */
    if (p->kind == GW_KIND_LABEL) return (p->r.flags & GW_F_END_COLON) != 0;
    if (p->kind == GW_KIND_BODY) return p->r.cue_roles != 0 || (p->r.flags & GW_F_END_COLON);
    return false;
  }
  return false;
}

static unsigned bracket_class(unsigned style);

typedef struct {
  int last, count, first_entry;
  int id;           /* list instance (a restart makes a new one; a list numbered on from a cousin's shares its id) */
  size_t gap_diag;  /* 1 + index of the GW101 at its last heading when one number was skipped there, else 0 */
  int parent;       /* entry of the heading it is under, -1 at the top */
  bool joined;      /* numbered on across sections (with the list before or after it): no lone sub-heading */
} list_state;

typedef struct {
  int style_count[4]; /* bracket class 1 full, 2 ascii; or rank-3 separator 1 '.', 2 '、', 3 '．' */
} list_style;

static int style_class(int rank, unsigned style);

/* The style bits of the form most of a list is written in (for renumbering). */
static unsigned majority_style(int rank, const list_style *ls, unsigned own)
{
  if (rank == 3) {
    int best = 1;
    for (int q = 2; q <= 3; q++) if (ls->style_count[q] > ls->style_count[best]) best = q;
    return best == 2 ? GW_STYLE_DUNHAO : best == 3 ? GW_STYLE_FW_DOT : 0;
  }
  if (rank == 2 || rank == 4) {
    if (own & GW_STYLE_CIRCLED) return GW_STYLE_CIRCLED;
    return ls->style_count[2] > ls->style_count[1] ? GW_STYLE_OPEN_ASCII | GW_STYLE_CLOSE_ASCII : 0;
  }
  return own & (GW_STYLE_CJK_DOT | GW_STYLE_CIRCLED | GW_STYLE_DI | GW_STYLE_SEQ);
}

static int style_class(int rank, unsigned style)
{
  if (style & GW_STYLE_CIRCLED) return 0;
  if (rank == 2 || rank == 4) return (int)bracket_class(style);
  if (rank == 3) return style & GW_STYLE_DUNHAO ? 2 : style & GW_STYLE_FW_DOT ? 3 : 1;
  return 0;
}

static unsigned bracket_class(unsigned style)
{
  unsigned o = style & GW_STYLE_OPEN_ASCII, c = style & GW_STYLE_CLOSE_ASCII;
  if (!o && !c) return 1;
  if (o && c) return 2;
  return 3; /* mismatched: （一) */
}

/* whole[e]: heading entry e is a whole-sentence point (for sections). */
static int numbering(gw_doc *doc, uint8_t *whole)
{
  /* one list state per (parent, rank) that has headings: slot[key * 5 + rank - 1]
  ** is its index + 1 in st (0: none yet), st filled in order of first use */
  size_t nkeys = doc->nentries + doc->nsubdocs;
  uint32_t *slot = calloc(nkeys * 5 + 1, sizeof *slot);
  list_state *st = malloc((doc->nentries + 1) * sizeof *st);
  int *list_of = malloc((doc->nentries + 1) * sizeof *list_of);
  list_style *styles = calloc(doc->nentries + 1, sizeof *styles);
  uint16_t *est = malloc((doc->nentries + 1) * sizeof *est); /* style of each heading's marker */
  if (!slot || !st || !list_of || !styles || !est) {
    free(slot); free(st); free(list_of); free(styles); free(est);
    return -1;
  }
  uint32_t nst = 0;
  int next_id = 0;
  uint32_t last_of_rank[6] = {0}; /* st index + 1 of the list the last heading of each rank is in */
  for (size_t k = 0; k < doc->nentries; k++) list_of[k] = -1;
  char buf[24], mk[24];
  int rc = 0;
  for (size_t e = 0; e < doc->nentries && rc == 0; e++) {
    const gw_entry *en = &doc->entries[e];
    if (en->kind != GW_KIND_HEADING) continue;
    gw_line *ln = L(en->line);
    est[e] = ln->r.style;
    whole[e] = ln->r.runin || (ln->r.flags & GW_F_END_SENTENCE);
    size_t key = en->parent >= 0 && doc->entries[en->parent].kind != GW_KIND_TITLE
                     ? (size_t)en->parent : doc->nentries + (size_t)en->subdoc;
    int rank = en->rank < 1 ? 1 : en->rank > 5 ? 5 : en->rank;
    uint32_t *sl = &slot[key * 5 + (size_t)rank - 1];
    if (!*sl) {
      st[nst] = (list_state){0, 0, 0, next_id++, 0, en->parent, false};
      *sl = ++nst;
      /* problems numbered on across categories (整改: （一）… 1. 2. （二）… 3.): a
      ** list whose first number is the next of the list of the same rank under
      ** the heading before its own (a heading of the same rank) continues it */
      uint32_t pv = last_of_rank[rank];
      if (pv && !en->lost && en->ordinal > 1 && en->parent >= 0) {
        list_state *p = &st[pv - 1];
        const gw_entry *mine = &doc->entries[en->parent];
        const gw_entry *theirs = p->parent >= 0 ? &doc->entries[p->parent] : NULL;
        if (theirs && p->parent != en->parent && p->count > 0 && en->ordinal == p->last + 1 &&
            theirs->kind == GW_KIND_HEADING && mine->kind == GW_KIND_HEADING && theirs->rank == mine->rank &&
            theirs->subdoc == mine->subdoc) {
          list_state *q = &st[nst - 1];
          q->id = p->id;
          q->last = p->last;
          q->count = p->count;
          q->first_entry = p->first_entry;
          q->joined = p->joined = true;
        }
      }
    }
    last_of_rank[rank] = *sl;
    list_state *ls = &st[*sl - 1];
    uint32_t ms, me;
    marker_range(ln, &ms, &me);
    /* ㈡ ⑵ ② expect their own form; a fifth-level heading is always circled */
    unsigned cst = rank == 5 ? GW_STYLE_CIRCLED : en->lost ? 0 : ln->r.style & GW_STYLE_CIRCLED;
    if (en->lost) {
      int expect = ls->last + 1;
      gw_format_marker(rank, expect, cst, buf, sizeof buf);
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_LOST_ORDINAL, expect, rank, buf, NULL);
      ls->last = expect;
      if (!ls->count++) ls->first_entry = (int)e;
      continue;
    }
    int o = en->ordinal;
    size_t gap = ls->gap_diag;
    ls->gap_diag = 0;
    int next_last = o;
    /* the marker as written: read from the line only when a diagnostic needs it */
#define MK() (marker_text(ln, mk, sizeof mk), mk)
    if (ls->count == 0) {
      if (o != 1) { gw_format_marker(rank, 1, cst, buf, sizeof buf); rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_NUM_START, 1, o, buf, MK()); }
      ls->first_entry = (int)e;
    } else if (o == ls->last + 1) {
      /* in order */
    } else if (o == 1 && restart_ok(doc, en->line)) {
      /* a new list after a transition, whatever the last one ended with (also
      ** after a list of one: 一、 … 现将…如下： 一、 is no duplicate, so that a
      ** list renumbered to end at 1 reads as it did before) */
      ls->count = 0;
      ls->id = next_id++;
      ls->first_entry = (int)e;
    } else if (o == ls->last) {
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_NUM_DUP, o, 0, MK(), NULL);
    } else if (o > ls->last + 1) {
      gw_format_marker(rank, ls->last + 1, cst, buf, sizeof buf);
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_NUM_GAP, ls->last + 1, o - 1, buf, MK());
      if (rc == 0 && o == ls->last + 2) ls->gap_diag = doc->ndiags;
    } else if (gap && o + 1 == ls->last && doc->diags[gap - 1].a == o) {
      /* 3. 5. 4.: the two were swapped. The gap reported at 5. (4. expected
      ** there) becomes one GW103 over both lines, and 5. stays the last */
      gw_diag *g = &doc->diags[gap - 1];
      g->code = GW_D_NUM_ORDER;
      g->end_line = en->line;
      g->end = me;
      g->b = ls->last;
      next_last = ls->last;
    } else {
      gw_format_marker(rank, ls->last + 1, cst, buf, sizeof buf);
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_NUM_ORDER, ls->last + 1, o, buf, MK());
    }
    ls->last = next_last;
    ls->count++;
    /* style: recorded now, judged against the list's majority below */
    unsigned st_ = ln->r.style;
    list_of[e] = ls->id;
    {
      /* the list's styles, counted as its headings come */
      int c = style_class(en->rank, st_);
      if (c) styles[ls->id].style_count[c]++;
    }
    if (rank == 3 && (st_ & GW_STYLE_DUNHAO)) {
      snprintf(buf, sizeof buf, "%d.", o);
      rc |= add(doc, en->line, ms, me, GW_SEV_HINT, GW_D_DUNHAO, o, 0, buf, MK());
    }
    if (st_ & GW_STYLE_STRAY) rc |= add(doc, en->line, ms, me, GW_SEV_HINT, GW_D_STRAY_PUNCT, 0, 0, MK(), NULL);
    if (st_ & GW_STYLE_COMMA) {
      gw_format_marker(rank, o, 0, buf, sizeof buf);
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_MARKER_COMMA, o, 0, buf, MK());
    }
    /* rank order against the parent heading */
    if (en->parent >= 0 && doc->entries[en->parent].kind == GW_KIND_HEADING) {
      int pr = doc->entries[en->parent].rank;
      if (pr > rank && pr <= 4) {
        char pm[24];
        marker_text(L(doc->entries[en->parent].line), pm, sizeof pm);
        rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_RANK_INVERT, rank, pr, MK(), pm);
      } else if (doc->opts.level_skip && pr < rank - 1 && rank <= 4) {
        rc |= add(doc, en->line, ms, me, GW_SEV_INFO, GW_D_LEVEL_SKIP, pr, rank, MK(), NULL);
      }
    }
  }
  /* styles against each list's majority (full-width brackets win a tie) */
  for (size_t e = 0; e < doc->nentries && rc == 0; e++) {
    gw_entry *en = &doc->entries[e];
    en->list = list_of[e];
    if (list_of[e] < 0) continue;
    gw_line *ln = L(en->line); /* read only for a diagnostic */
    const list_style *ls = &styles[list_of[e]];
    en->list_style = majority_style(en->rank, ls, est[e]);
    int c = style_class(en->rank, est[e]);
    if (!c) continue;
    uint32_t ms, me;
#define MR() marker_range(ln, &ms, &me)
    if (en->rank == 3) {
      int best = 1;
      for (int q = 2; q <= 3; q++) if (ls->style_count[q] > ls->style_count[best]) best = q;
      if (c != best && ls->style_count[best] > 0) { MR(); rc |= add(doc, en->line, ms, me, GW_SEV_INFO, GW_D_STYLE_MIX, c, best, MK(), NULL); }
    } else if (c == 3) {
      MR();
      rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_BRACKET_MIX, 3, 0, MK(), NULL);
    } else {
      int best = ls->style_count[2] > ls->style_count[1] ? 2 : 1;
      if (c != best && ls->style_count[best] > 0) { MR(); rc |= add(doc, en->line, ms, me, GW_SEV_WARN, GW_D_BRACKET_MIX, c, best, MK(), NULL); }
    }
#undef MR
  }
  free(list_of);
  free(styles);
  free(est);
  /* a list of one */
  for (size_t k = 0; k < doc->nentries && rc == 0; k++) {
    for (int r = 2; r <= 4; r++) {
      uint32_t sl = slot[k * 5 + (size_t)r - 1];
      if (!sl) continue;
      list_state *ls = &st[sl - 1];
      if (ls->count == 1 && !ls->joined && doc->entries[k].kind == GW_KIND_HEADING) {
        const gw_entry *only = &doc->entries[ls->first_entry];
        uint32_t ms, me;
        marker_range(L(only->line), &ms, &me);
        marker_text(L(only->line), mk, sizeof mk);
        rc |= add(doc, only->line, ms, me, GW_SEV_INFO, GW_D_LONE_SUB, 0, 0, mk, NULL);
      }
    }
  }
  free(st);
  free(slot);
#undef MK
  return rc;
}

/* Length of the list that follows an announcing line: item paragraphs 一是 二是 …,
** or sibling headings （一） （二） … (deeper headings and body text in between). */
static int following_list(gw_doc *doc, size_t line)
{
  size_t q = line + 1;
  while (q < doc->n && (L(q)->kind == GW_KIND_BLANK || L(q)->kind == GW_KIND_NOISE)) q++;
  if (q >= doc->n || L(q)->r.ordinal != 1 || L(q)->lost) return 0;
  gw_kind kind = (gw_kind)L(q)->kind;
  if (kind != GW_KIND_ITEM && kind != GW_KIND_HEADING) return 0;
  int rank = L(q)->rank, m = 0;
  int32_t sd = L(q)->subdoc;
  for (; q < doc->n && L(q)->subdoc == sd; q++) {
    gw_line *ln = L(q);
    if (kind == GW_KIND_ITEM) {
      if (ln->kind == GW_KIND_BLANK) continue;
      if (ln->kind == GW_KIND_ITEM && (ln->r.style & GW_STYLE_LAST)) { m++; break; } /* 最后， */
      if (ln->kind != GW_KIND_ITEM || ln->r.ordinal != m + 1) break;
      m++;
    } else {
      if (ln->kind == GW_KIND_TITLE || ln->kind == GW_KIND_SIGNATURE) break;
      if (ln->kind != GW_KIND_HEADING) continue;
      if (ln->rank < rank) break;
      if (ln->rank > rank) continue;
      if (ln->lost || ln->r.ordinal != m + 1) break;
      m++;
    }
  }
  return m;
}

/* Lines the later passes look at, noted by the one pass over all lines
** (enumerations) so that they need not walk the lines again. */
typedef struct {
  size_t *v;
  size_t n, cap;
} line_list;

typedef struct {
  line_list labels;  /* labels in the outline */
  line_list ph;      /* lines with placeholders, not noise */
  line_list residue; /* noise lines and lines with a paywall marker */
  uint8_t *kinds;    /* kind of each line */
  int32_t *entry;    /* entry of each line */
} line_lists;

static int push_line(line_list *l, size_t i)
{
  GW_GROW(l->v, l->n, l->cap, l->n + 1, return -1);
  l->v[l->n++] = i;
  return 0;
}

/* 一是 … 三是 within a paragraph and across item paragraphs; 以下三个方面. */
typedef struct { int expect; } eframe;

static int enumerations(gw_doc *doc, line_lists *ll)
{
  int rc = 0;
  int prev_item = 0;     /* ordinal of the last item in the current section */
  int prev_entry = -2;
  char a[16], b[16];
  for (size_t i = 0; i < doc->n && rc == 0; i++) {
    gw_line *ln = L(i);
    ll->kinds[i] = ln->kind;
    ll->entry[i] = ln->entry;
    if (ln->kind == GW_KIND_LABEL && ln->entry >= 0) rc |= push_line(&ll->labels, i);
    if (ln->nph && ln->kind != GW_KIND_NOISE) rc |= push_line(&ll->ph, i);
    if (ln->kind == GW_KIND_NOISE || (ln->r.flags & GW_F_RESIDUE)) rc |= push_line(&ll->residue, i);
    if (rc) break;
    if (ln->kind == GW_KIND_NOISE || ln->kind == GW_KIND_TITLE) continue;
    if (ln->kind == GW_KIND_HEADING || ln->kind == GW_KIND_LABEL) prev_item = 0;
    if (ln->kind == GW_KIND_ITEM && ln->r.ordinal >= 1) {
      int parent = ln->entry >= 0 ? doc->entries[ln->entry].parent : -1;
      if (parent != prev_entry) prev_item = 0;
      int o = ln->r.ordinal;
      if (o != 1 && prev_item && o != prev_item + 1 && !(o <= prev_item)) {
        std_marker(5, prev_item + 1, a, sizeof a);
        std_marker(5, o, b, sizeof b);
        rc |= add(doc, i, ln->r.mk_start, ln->r.mk_end, GW_SEV_WARN, GW_D_ENUM_SEQ, prev_item + 1, o, a, b);
      }
      prev_entry = parent;
    }
    /* within the line */
    eframe fr[8];
    int sp = 0;
    int last_item = 0;
    for (uint32_t k = 0; k < ln->nen && rc == 0; k++) {
      const gw_enum *en = &ln->en[k];
      if (en->ordinal == 0) {
        /* announcement: count the list that follows */
        int depth = 0, top = 0, cnt = 0;
        eframe f2[8];
        bool started = false;
        for (uint32_t q = k + 1; q < ln->nen; q++) {
          const gw_enum *x = &ln->en[q];
          if (x->ordinal == 0) break;
          if (!started) { if (x->ordinal != 1) break; started = true; f2[0].expect = 2; depth = 1; top = 1; continue; }
          if (x->ordinal == 1) { if (depth < 8) f2[depth++].expect = 2; continue; }
          int d = depth;
          while (d > 0 && f2[d - 1].expect != x->ordinal) d--;
          if (d == 0) continue;
          depth = d;
          f2[d - 1].expect++;
          if (d == 1) top = f2[0].expect - 1;
        }
        cnt = started ? top : 0;
        if (!started) cnt = following_list(doc, i);
        if (cnt > 0 && cnt != en->count)
        {
          /* the announcing phrase: up to ten characters before the colon */
          uint32_t st = en->pos;
          for (int back = 0; back < 10 && st > 0; back++) {
            st--;
            while (st > 0 && ((unsigned char)ln->text[st] & 0xC0) == 0x80) st--;
          }
          rc |= add(doc, i, st, en->pos, GW_SEV_WARN, GW_D_ANNOUNCED, en->count, cnt, NULL, NULL);
        }
        continue;
      }
      int o = en->ordinal;
      if (o == 1) { if (sp < 8) fr[sp++].expect = 2; else fr[7].expect = 2; continue; }
      int d = sp;
      while (d > 0 && fr[d - 1].expect != o) d--;
      if (d > 0) { sp = d; fr[d - 1].expect++; last_item = o; continue; }
      if (sp == 0) { fr[sp++].expect = o + 1; continue; } /* continues a list from before */
      std_marker(5, fr[sp - 1].expect, a, sizeof a);
      std_marker(5, o, b, sizeof b);
      rc |= add(doc, i, en->pos, en->pos + 6, GW_SEV_WARN, GW_D_ENUM_SEQ, fr[sp - 1].expect, o, a, b);
      fr[sp - 1].expect = o + 1;
    }
    (void)last_item;
    if (ln->kind == GW_KIND_ITEM) prev_item = ln->r.ordinal;
  }
  return rc;
}

static int sections(gw_doc *doc, const uint8_t *whole, const uint8_t *kinds)
{
  int rc = 0;
  for (size_t e = 0; e < doc->nentries && rc == 0; e++) {
    const gw_entry *en = &doc->entries[e];
    if (en->kind != GW_KIND_HEADING) continue;
    if (whole[e]) continue; /* a whole-sentence point */
    bool body = false;
    for (size_t i = en->line + 1; i < en->end_line && !body; i++) {
      uint8_t k = kinds[i];
      body = k != GW_KIND_BLANK && k != GW_KIND_NOISE;
    }
    if (!body) {
      gw_line *ln = L(en->line);
      rc |= add(doc, en->line, ln->r.tx_start, ln->r.tx_end, GW_SEV_WARN, GW_D_EMPTY_SECTION, 0, 0, NULL, NULL);
    }
  }
  return rc;
}

typedef struct {
  int parent;
  const char *text;
  uint32_t len;
  size_t line;
} label_key;

static int cmp_label_text(const label_key *a, const label_key *b)
{
  if (a->parent != b->parent) return a->parent < b->parent ? -1 : 1;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  return memcmp(a->text, b->text, a->len);
}

static int cmp_label(const void *x, const void *y)
{
  const label_key *a = x, *b = y;
  int c = cmp_label_text(a, b);
  if (c) return c;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* First index of l at or after line. */
static size_t lower_line(const line_list *l, size_t line)
{
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->v[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int completeness(gw_doc *doc, const line_lists *ll)
{
  int rc = 0;
  for (size_t k = 0; k < doc->nsubdocs && rc == 0; k++) {
    const gw_subdoc *sd = &doc->subdocs[k];
    if (!sd->roles_missing && !(sd->roles_present & GW_ROLE_PROBLEMS) && sd->end_line - sd->first_line < 3) continue;
    size_t at = sd->title_line >= 0 ? (size_t)sd->title_line : sd->first_line;
    while (at < sd->end_line && ll->kinds[at] == GW_KIND_BLANK) at++;
    if (at >= sd->end_line) continue;
    uint32_t len = L(at)->len;
    for (unsigned bit = 1; bit <= GW_ROLE_PLANS && rc == 0; bit <<= 1)
      if (sd->roles_missing & bit) rc |= add(doc, at, 0, len, GW_SEV_WARN, GW_D_ROLE_MISSING, (int)bit, (int)sd->type, NULL, NULL);
    /* 述职 types are expected to analyse causes even where the type does not require a part for them */
    bool shuzhi = sd->type == GW_TYPE_SHULIAN || sd->type == GW_TYPE_YIGANG || sd->type == GW_TYPE_SHUZHI;
    if (shuzhi && (sd->roles_present & GW_ROLE_PROBLEMS) && !(sd->roles_present & GW_ROLE_CAUSES)) {
      /* point at the first problems heading or label */
      size_t pl = at;
      for (size_t i = sd->first_line; i < sd->end_line; i++)
        if ((L(i)->kind == GW_KIND_HEADING || L(i)->kind == GW_KIND_LABEL) && (L(i)->roles & GW_ROLE_PROBLEMS)) { pl = i; break; }
      rc |= add(doc, pl, 0, L(pl)->len, GW_SEV_INFO, GW_D_NO_CAUSES, 0, 0, NULL, NULL);
    }
    /* the same label twice in one section (整改措施： under each problem is fine):
    ** labels sorted by (parent, text, line), so that equal ones are adjacent */
    size_t l0 = lower_line(&ll->labels, sd->first_line), l1 = lower_line(&ll->labels, sd->end_line);
    size_t nl = l1 > l0 ? l1 - l0 : 0;
    if (nl < 2) continue;
    label_key *keys = malloc(nl * sizeof *keys);
    if (!keys) return -1;
    nl = 0;
    for (size_t q = l0; q < l1; q++) {
      size_t i = ll->labels.v[q];
      gw_line *a = L(i);
      keys[nl].parent = doc->entries[a->entry].parent;
      keys[nl].text = a->text + a->r.tx_start;
      keys[nl].len = a->r.tx_end - a->r.tx_start;
      keys[nl].line = i;
      nl++;
    }
    qsort(keys, nl, sizeof *keys, cmp_label);
    for (size_t q = 1, first = 0; q < nl && rc == 0; q++) {
      if (cmp_label_text(&keys[first], &keys[q]) != 0) { first = q; continue; }
      gw_line *a = L(keys[q].line);
      rc |= add(doc, keys[q].line, a->r.tx_start, a->r.tx_end, GW_SEV_INFO, GW_D_DUP_LABEL, (int)keys[first].line + 1, 0,
                NULL, NULL);
    }
    free(keys);
  }
  return rc;
}

static int placeholders_and_residue(gw_doc *doc, const line_lists *ll)
{
  int rc = 0;
  /* placeholders: one diagnostic per section, on its first placeholder */
  bool have = false;
  int cur = 0;
  size_t cur_diag = 0;
  for (size_t q = 0; q < ll->ph.n && rc == 0; q++) {
    size_t i = ll->ph.v[q];
    gw_line *ln = L(i);
    int e = ln->entry;
    while (e >= 0 && (doc->entries[e].kind == GW_KIND_ITEM || doc->entries[e].kind == GW_KIND_LABEL)) e = doc->entries[e].parent;
    int key = e >= 0 ? e : -2 - ln->subdoc;
    if (!have || key != cur) {
      have = true;
      rc |= add(doc, i, ln->ph[0].start, ln->ph[0].end, GW_SEV_WARN, GW_D_PLACEHOLDERS, 0, 0, NULL, NULL);
      if (rc) break;
      cur = key;
      cur_diag = doc->ndiags - 1;
    }
    doc->diags[cur_diag].a += (int)ln->nph;
  }
  /* residue: runs of noise lines, and glued paywall markers */
  size_t done = 0; /* lines before this are taken */
  for (size_t q = 0; q < ll->residue.n && rc == 0; q++) {
    size_t i = ll->residue.v[q];
    if (i < done) continue;
    gw_line *ln = L(i);
    if (ln->kind == GW_KIND_NOISE) {
      size_t j = i, last = i;
      while (j < doc->n && (L(j)->kind == GW_KIND_NOISE || L(j)->kind == GW_KIND_BLANK)) {
        if (L(j)->kind == GW_KIND_NOISE) last = j;
        j++;
      }
      int count = 0;
      for (size_t t = i; t <= last; t++) count += L(t)->kind == GW_KIND_NOISE;
      rc |= add(doc, i, 0, L(last)->len, GW_SEV_WARN, GW_D_RESIDUE, count, 0, NULL, NULL);
      if (rc) break;
      doc->diags[doc->ndiags - 1].end_line = last;
      done = last + 1;
    } else if (ln->r.flags & GW_F_RESIDUE) {
      const char *close = strstr(ln->text + 2, "##");
      uint32_t s = (uint32_t)(strstr(ln->text, "##paid") ? strstr(ln->text, "##paid") - ln->text : 0);
      uint32_t e = close ? (uint32_t)(close - ln->text) + 2 : ln->len;
      rc |= add(doc, i, s, e, GW_SEV_WARN, GW_D_RESIDUE, 1, 1, NULL, NULL);
    }
  }
  return rc;
}

/* Is a before b in (start, code) order (same line)? */
static bool diag_before(const gw_diag *a, const gw_diag *b)
{
  return a->start < b->start || (a->start == b->start && a->code < b->code);
}

/* Diagnostics in (line, start, code) order, those equal in all three in the
** order they were made (a stable sort). The order is found on indices: counted
** by line, then each line's few put in order by insertion; the array is then
** permuted in place. */
static int sort_diags(gw_doc *doc)
{
  size_t nd = doc->ndiags, n = doc->n;
  if (nd < 2) return 0;
  gw_diag *d = doc->diags;
  for (size_t k = 0; k < nd; k++)
    if (d[k].line >= n) n = d[k].line + 1;
  size_t *first = calloc(n + 1, sizeof *first);
  size_t *idx = malloc(nd * sizeof *idx);
  if (!first || !idx) { free(first); free(idx); return -1; }
  for (size_t k = 0; k < nd; k++) first[d[k].line + 1]++;
  for (size_t i = 0; i < n; i++) first[i + 1] += first[i];
  for (size_t k = 0; k < nd; k++) idx[first[d[k].line]++] = k; /* idx[pos]: where the pos-th comes from */
  /* first[i] is now where line i + 1 starts */
  for (size_t i = 0, lo = 0; i < n; lo = first[i], i++) {
    size_t hi = first[i];
    for (size_t q = lo + 1; q < hi; q++) {
      size_t x = idx[q], j = q;
      while (j > lo && diag_before(&d[x], &d[idx[j - 1]])) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = x;
    }
  }
  free(first);
  /* permute: position j takes d[idx[j]], following each cycle once */
  for (size_t pos = 0; pos < nd; pos++) {
    if (idx[pos] == pos) continue;
    gw_diag x = d[pos];
    size_t j = pos;
    for (;;) {
      size_t k = idx[j];
      idx[j] = j;
      if (k == pos) { d[j] = x; break; }
      d[j] = d[k];
      j = k;
    }
  }
  free(idx);
  return 0;
}

int gw_diagnose(gw_doc *doc)
{
  doc->ndiags = 0;
  for (size_t e = 0; e < doc->nentries; e++) doc->entries[e].diagnostics = 0;
  line_lists ll;
  memset(&ll, 0, sizeof ll);
  uint8_t *whole = calloc(doc->nentries + 1, 1);
  ll.kinds = malloc(doc->n + 1);
  ll.entry = malloc((doc->n + 1) * sizeof *ll.entry);
  int rc = -1;
  if (whole && ll.kinds && ll.entry) {
    /* (each pass needs the lists and arrays the ones before filled) */
    rc = numbering(doc, whole);
    if (rc == 0) rc = enumerations(doc, &ll);
    if (rc == 0) rc = sections(doc, whole, ll.kinds);
    if (rc == 0) rc = completeness(doc, &ll);
    if (rc == 0) rc = placeholders_and_residue(doc, &ll);
    if (rc == 0) rc = sort_diags(doc);
    if (rc == 0) {
      /* counts per section */
      for (size_t k = 0; k < doc->ndiags; k++)
        for (int e = ll.entry[doc->diags[k].line]; e >= 0; e = doc->entries[e].parent) doc->entries[e].diagnostics++;
    }
  }
  free(whole);
  free(ll.kinds);
  free(ll.entry);
  free(ll.labels.v);
  free(ll.ph.v);
  free(ll.residue.v);
  return rc ? -1 : 0;
}

/* {===================================================================
** Names and messages
** =================================================================== */

const char *gw_kind_name(gw_kind kind)
{
  static const char *const names[] = {"body", "blank", "title", "heading", "item", "label",
                                      "addressee", "signature", "noise", "toc"};
  return (unsigned)kind < GW_KIND__COUNT ? names[kind] : "body";
}

const char *gw_type_id(gw_type t)
{
  static const char *const ids[] = {"unknown", "dangjian", "shulian", "yishi", "yigang",
                                    "duizhao", "zongjie", "zhenggai", "qingkuang", "shuzhi"};
  return (unsigned)t < GW_TYPE__COUNT ? ids[t] : "unknown";
}

const char *gw_type_name(gw_type t, gw_lang lang)
{
  static const char *const zh[] = {"未识别", "抓基层党建工作述职报告", "述职述廉报告", "落实意识形态工作责任制情况报告",
                                   "一岗双责述职报告", "对照检查材料", "工作总结", "整改情况报告", "情况报告",
                                   "述职报告"};
  static const char *const en[] = {"unknown", "Party-building duty report", "duty and integrity report",
                                   "ideology responsibility report", "combined duty report", "self-examination material",
                                   "work summary", "rectification report", "situation report", "duty report"};
  if ((unsigned)t >= GW_TYPE__COUNT) t = GW_TYPE_UNKNOWN;
  return lang == GW_LANG_EN ? en[t] : zh[t];
}

static int bit_index(unsigned bit)
{
  int k = 0;
  while (bit > 1) { bit >>= 1; k++; }
  return k < 4 ? k : 0;
}

const char *gw_role_id(unsigned bit)
{
  static const char *const ids[] = {"achievements", "problems", "causes", "plans"};
  return ids[bit_index(bit)];
}

const char *gw_role_name(unsigned bit, gw_lang lang)
{
  static const char *const zh[] = {"做法成效", "存在问题", "原因分析", "下一步打算"};
  static const char *const en[] = {"achievements", "problems", "causes", "plans"};
  return lang == GW_LANG_EN ? en[bit_index(bit)] : zh[bit_index(bit)];
}

const char *gw_severity_name(gw_severity s)
{
  switch (s) {
  case GW_SEV_ERROR: return "error";
  case GW_SEV_WARN: return "warning";
  case GW_SEV_INFO: return "info";
  default: return "hint";
  }
}

const char *gw_code_name(gw_code c)
{
  switch (c) {
  case GW_D_NUM_GAP: return "numbering-gap";
  case GW_D_NUM_DUP: return "numbering-duplicate";
  case GW_D_NUM_ORDER: return "numbering-order";
  case GW_D_NUM_START: return "numbering-start";
  case GW_D_LONE_SUB: return "lone-subheading";
  case GW_D_BRACKET_MIX: return "bracket-mix";
  case GW_D_STYLE_MIX: return "marker-style-mix";
  case GW_D_RANK_INVERT: return "rank-inversion";
  case GW_D_LEVEL_SKIP: return "level-skip";
  case GW_D_ENUM_SEQ: return "enumeration-sequence";
  case GW_D_ANNOUNCED: return "announced-count";
  case GW_D_ROLE_MISSING: return "part-missing";
  case GW_D_NO_CAUSES: return "causes-missing";
  case GW_D_EMPTY_SECTION: return "empty-section";
  case GW_D_DUP_LABEL: return "duplicate-label";
  case GW_D_PLACEHOLDERS: return "placeholders";
  case GW_D_RESIDUE: return "template-residue";
  case GW_D_LOST_ORDINAL: return "ordinal-lost";
  case GW_D_DUNHAO: return "dunhao-after-digit";
  case GW_D_STRAY_PUNCT: return "punctuation-after-bracket";
  case GW_D_MARKER_COMMA: return "comma-after-numeral";
  }
  return "unknown";
}

size_t gw_diag_message(const gw_diag *d, gw_lang lang, char *buf, size_t cap)
{
  int n = 0;
  bool en = lang == GW_LANG_EN;
  if (!cap) return 0;
  switch (d->code) {
  case GW_D_NUM_GAP:
    n = en ? snprintf(buf, cap, "numbering gap: expected %s here, found %s", d->s, d->t)
           : snprintf(buf, cap, "序号不连续：此处应为“%s”，实为“%s”", d->s, d->t);
    break;
  case GW_D_NUM_DUP:
    n = en ? snprintf(buf, cap, "duplicate number %s", d->s) : snprintf(buf, cap, "序号“%s”重复", d->s);
    break;
  case GW_D_NUM_ORDER:
    if (d->end_line > d->line) /* two headings swapped: s is expected on the first, t is written there */
      n = en ? snprintf(buf, cap, "numbering swapped: %s should come before %s", d->s, d->t)
             : snprintf(buf, cap, "序号顺序颠倒：“%s”应在“%s”之前", d->s, d->t);
    else
      n = en ? snprintf(buf, cap, "numbering out of order: expected %s, found %s", d->s, d->t)
             : snprintf(buf, cap, "序号顺序错误：应为“%s”，实为“%s”", d->s, d->t);
    break;
  case GW_D_NUM_START:
    n = en ? snprintf(buf, cap, "list starts at %s instead of %s", d->t, d->s)
           : snprintf(buf, cap, "本级序号应从“%s”开始，实为“%s”", d->s, d->t);
    break;
  case GW_D_LONE_SUB:
    n = en ? snprintf(buf, cap, "%s is the only sub-heading of its section", d->s)
           : snprintf(buf, cap, "“%s”是本节唯一的下级标题，一般不单独分层", d->s);
    break;
  case GW_D_BRACKET_MIX:
    if (d->a == 3)
      n = en ? snprintf(buf, cap, "brackets of %s do not match in width", d->s)
             : snprintf(buf, cap, "“%s”前后括号全角半角不一致", d->s);
    else
      n = en ? snprintf(buf, cap, "%s uses %s brackets, its siblings %s ones", d->s, d->a == 2 ? "ASCII" : "full-width",
                        d->b == 2 ? "ASCII" : "full-width")
             : snprintf(buf, cap, "“%s”用了%s括号，同级其他标题用%s括号", d->s, d->a == 2 ? "半角" : "全角",
                        d->b == 2 ? "半角" : "全角");
    break;
  case GW_D_STYLE_MIX:
    n = en ? snprintf(buf, cap, "%s mixes marker styles with its siblings", d->s)
           : snprintf(buf, cap, "“%s”与同级标题的序号格式不一致", d->s);
    break;
  case GW_D_RANK_INVERT:
    n = en ? snprintf(buf, cap, "level order inverted: %s sits under %s", d->s, d->t)
           : snprintf(buf, cap, "层次顺序颠倒：“%s”位于“%s”之下（应为 一、→（一）→1.→（1））", d->s, d->t);
    break;
  case GW_D_LEVEL_SKIP:
    n = en ? snprintf(buf, cap, "%s skips a level", d->s) : snprintf(buf, cap, "“%s”跳过了一个层次", d->s);
    break;
  case GW_D_ENUM_SEQ:
    n = en ? snprintf(buf, cap, "enumeration out of sequence: expected %s, found %s", d->s, d->t)
           : snprintf(buf, cap, "列举顺序不连续：应为“%s”，实为“%s”", d->s, d->t);
    break;
  case GW_D_ANNOUNCED:
    n = en ? snprintf(buf, cap, "announces %d points but lists %d", d->a, d->b)
           : snprintf(buf, cap, "前文说有%d个方面，实际列出%d个", d->a, d->b);
    break;
  case GW_D_ROLE_MISSING:
    n = en ? snprintf(buf, cap, "part missing for a %s: %s", gw_type_name((gw_type)d->b, lang), gw_role_name((unsigned)d->a, lang))
           : snprintf(buf, cap, "%s缺少“%s”部分", gw_type_name((gw_type)d->b, lang), gw_role_name((unsigned)d->a, lang));
    break;
  case GW_D_NO_CAUSES:
    n = en ? snprintf(buf, cap, "problems are listed but their causes are not analysed")
           : snprintf(buf, cap, "列出了问题，但没有分析原因");
    break;
  case GW_D_EMPTY_SECTION:
    n = en ? snprintf(buf, cap, "empty section") : snprintf(buf, cap, "本节没有内容");
    break;
  case GW_D_DUP_LABEL:
    n = en ? snprintf(buf, cap, "same label as line %d", d->a) : snprintf(buf, cap, "与第%d行的标签重复", d->a);
    break;
  case GW_D_PLACEHOLDERS:
    n = en ? snprintf(buf, cap, "%d placeholder%s left to fill in this section", d->a, d->a == 1 ? "" : "s")
           : snprintf(buf, cap, "本节还有%d处占位符待填写", d->a);
    break;
  case GW_D_RESIDUE:
    if (d->b == 1)
      n = en ? snprintf(buf, cap, "template residue: paywall marker") : snprintf(buf, cap, "模板残留：付费标记");
    else
      n = en ? snprintf(buf, cap, "template residue: %d line%s not part of the report (notice, ad, page number)", d->a,
                        d->a == 1 ? "" : "s")
             : snprintf(buf, cap, "模板残留：%d行非正文内容（来源声明、广告、页码等）", d->a);
    break;
  case GW_D_LOST_ORDINAL:
    n = en ? snprintf(buf, cap, "heading without its number: %s expected", d->s)
           : snprintf(buf, cap, "标题缺少序号，应为“%s”", d->s);
    break;
  case GW_D_DUNHAO:
    n = en ? snprintf(buf, cap, "GB/T 15834: write %s, not %s", d->s, d->t)
           : snprintf(buf, cap, "按GB/T 15834，阿拉伯数字序号后用“.”：“%s”应为“%s”", d->t, d->s);
    break;
  case GW_D_STRAY_PUNCT:
    n = en ? snprintf(buf, cap, "no punctuation after a bracketed number: %s", d->s)
           : snprintf(buf, cap, "括号序号后不加标点：“%s”", d->s);
    break;
  case GW_D_MARKER_COMMA:
    n = en ? snprintf(buf, cap, "a Chinese numeral takes 、 as heading number, not a comma: write %s, not %s", d->s, d->t)
           : snprintf(buf, cap, "汉字数字序号后用顿号：“%s”应为“%s”", d->t, d->s);
    break;
  }
  if (n < 0) n = 0;
  return (size_t)n < cap ? (size_t)n : cap - 1;
}

/* }=================================================================== */
