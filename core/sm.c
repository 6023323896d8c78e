/*
** sm.c: the structure machine (see gw_sm.h). One decision per line, in document
** order, from the state of the lines before and a bounded look-ahead.
**
** Where a rule needs to know how later lines will be decided (is the first title
** further down? does a report end after this residue? are there numbered
** headings further down?), it runs the machine itself ahead on a copy of the
** state, in probe mode: a probe never starts another probe, so the work per line
** stays bounded by the windows of gw_sm.h.
*/
#include "gw_sm.h"

#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define SM_SSE2 1
#else
#define SM_SSE2 0
#endif

enum {
  SM_NOISE = 1u << 0,         /* a noise line was seen in the document */
  SM_FIRST_DONE = 1u << 1,    /* the first content line was looked at (first-title rule) */
  SM_WRAP_NEXT = 1u << 2,     /* the next non-blank line continues the first title */
  SM_REPORT_CONTENT = 1u << 3,/* the current report has a content line */
  SM_REPORT_TITLE = 1u << 4,  /* the current report has its title entry */
  SM_TRAILER = 1u << 5,       /* inside the closing block of the report */
  SM_PREV_BLANK = 1u << 6,    /* the line just before is blank */
  SM_PRE_DONE = 1u << 7,      /* the preamble (lines before the first title) is known */
  SM_RESIDUE = 1u << 8,      /* the preamble holds residue */
  SM_NO_LOST = 1u << 9,      /* this report has too few numbered headings for lost ordinals */
  SM_PREVC_LOST = 1u << 10,   /* the previous content line is a heading whose ordinal was lost */
  SM_LOST_OK = 1u << 11,      /* this report has the two numbered headings lost ordinals need */
  SM_RELATED = 1u << 12,      /* under 相关推荐：: the titles of other articles follow */
  SM_HEAD_CONT = 1u << 13,    /* the next line ends the heading just decided (its words were cut: …的 / 工作打算) */
  SM_TITLE_JOIN = 1u << 14,   /* the title line just decided ends with 的 / 和: the next line goes on with it */
  SM_SEQ_LIST = 1u << 15      /* a list of 首先/其次/再次 items is open (第四， may go on with it) */
};

#define NONE GW_KIND__COUNT
#define BLANK_SKIP 10000 /* blank lines skipped looking for the next non-blank line */

typedef struct {
  gw_sm_peek peek;
  void *ud;
  size_t base;
} src;

static bool P(const src *c, size_t k, gw_sm_line *l) { return c->peek(c->ud, c->base + k, l); }

void gw_sm_init(gw_sm *s)
{
  memset(s, 0, sizeof *s);
  s->prev_kind = s->prevc_kind = NONE;
}

uint32_t gw_sm_hash(const char *t, size_t n)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)t[i];
    h *= 16777619u;
  }
  return h;
}

/* The kind from the line's own shape, and the quotation rule: a line that goes on
** with a quotation opened on the non-blank line before is body text. */
static uint8_t k0(const gw_lrec *r, uint32_t prev_flags)
{
  switch (r->cand) {
  case GW_C_BLANK: return GW_KIND_BLANK;
  default: break;
  }
  if (prev_flags & GW_F_END_OPEN_QUOTE) return GW_KIND_BODY;
  switch (r->cand) {
  case GW_C_HEADING: return GW_KIND_HEADING;
  case GW_C_ITEM: return GW_KIND_ITEM;
  case GW_C_LABEL: return GW_KIND_LABEL;
  case GW_C_NOISE: return GW_KIND_NOISE;
  case GW_C_TOC: return GW_KIND_TOC;
  default: return GW_KIND_BODY;
  }
}

/* Next non-blank line after k, or 0 when there is none. */
static size_t next_nonblank(const src *c, size_t k, gw_sm_line *out)
{
  for (size_t j = k + 1, g = 0; g < BLANK_SKIP; j++, g++) {
    if (!P(c, j, out)) return 0;
    if (out->r->cand != GW_C_BLANK) return j;
  }
  return 0;
}

static bool sig_short(const gw_lrec *r)
{
  uint32_t f = r->flags;
  return (f & GW_F_SHORT_PLAIN) && !(f & (GW_F_TITLE_STRONG | GW_F_ROLE_SHORT)) && r->nchars <= 25;
}

/* The kind of line k (non-blank) with the signature rules: a signature line, or
** right before a date line a short line (署名) or a name field (庭长：XXX), or a
** short line before a name field before a date line (民事审判第一庭 / 庭长：XXX /
** 2024年12月28日). */
static uint8_t k1(const src *c, size_t k, const gw_lrec *r, uint32_t prev_flags)
{
  uint8_t kd = k0(r, prev_flags);
  if (kd != GW_KIND_BODY) return kd;
  if (r->flags & (GW_F_SIG_NAME | GW_F_SIG_DATE)) return GW_KIND_SIGNATURE;
  bool name = (r->flags & GW_F_NAME_FIELD) != 0;
  if (name || sig_short(r)) {
    gw_sm_line nx, nx2;
    size_t j = next_nonblank(c, k, &nx);
    if (j && k0(nx.r, r->flags) == GW_KIND_BODY) {
      if (nx.r->flags & GW_F_SIG_DATE) return GW_KIND_SIGNATURE;
      if (!name && (nx.r->flags & (GW_F_NAME_FIELD | GW_F_SIG_NAME)) && next_nonblank(c, j, &nx2) &&
          (nx2.r->flags & GW_F_SIG_DATE))
        return GW_KIND_SIGNATURE;
    }
  }
  return kd;
}

/* A line that can be the first half of a title wrapped over two lines: short,
** no punctuation, not a role label (存在问题: a line naming a role has ten
** characters at least, 关于开展…突出问题), not a path of site chrome (首页 > 工作报告). */
static bool wrap_half(const gw_lrec *r)
{
  return (r->flags & GW_F_SHORT_PLAIN) && !(r->flags & (GW_F_SIG_DATE | GW_F_ADDR | GW_F_CHROME_PATH)) &&
         r->nchars >= ((r->flags & GW_F_ROLE_SHORT) ? 10u : 4u);
}

/* Flags of the next content line after line k (flags f), 0 when none. */
static uint32_t next_content_flags(const src *c, size_t k, uint32_t f)
{
  gw_sm_line l;
  size_t j = k;
  while ((j = next_nonblank(c, j, &l)) != 0) {
    uint8_t kd = k1(c, j, l.r, f);
    if (kd != GW_KIND_NOISE) return l.r->flags;
    f = l.r->flags;
  }
  return 0;
}

static void new_report(gw_sm *s)
{
  s->flags &= ~(uint32_t)(SM_REPORT_CONTENT | SM_REPORT_TITLE | SM_TRAILER | SM_NO_LOST | SM_LOST_OK);
  s->r1_last = s->comma_last = s->r2_last = 0;
  s->bullet_rank = 0;
  s->numbered = 0;
  s->used = 0;
  s->sp = 0;
  s->label_depth = 0;
  memset(s->r3, 0, sizeof s->r3);
}

static void step(gw_sm *s, const src *c, bool probe, gw_sm_out *o);

/* Runs the machine ahead from line `from` on a copy of the state. */
typedef struct {
  gw_sm st;
  src c;
  size_t k;
} prober;

static void probe_init(prober *p, const gw_sm *s, const src *c, size_t from)
{
  p->st = *s;
  p->c = *c;
  p->c.base = c->base + from;
  p->k = from;
}

/* Decides the next line of the probe; false past the end. */
static bool probe_next(prober *p, gw_sm_line *l, gw_sm_out *o)
{
  if (!P(&p->c, 0, l)) return false;
  step(&p->st, &p->c, true, o);
  p->c.base++;
  p->k++;
  return true;
}

/* A probe of the lines after the current one, from the state the current line
** found (the current line decided in probe mode first). */
static void probe_after(prober *p, const gw_sm *s, const src *c)
{
  gw_sm_line l;
  gw_sm_out po;
  probe_init(p, s, c, 0);
  probe_next(p, &l, &po);
}

static void age_r3(gw_sm *s)
{
#if SM_SSE2
  /* the eight slots at once: as 16-bit lanes, each slot's ordinal then its
  ** distance (x86 is little-endian); +1 where the ordinal is set and the
  ** distance below the cap */
  _Static_assert(sizeof s->r3 == 32 && sizeof s->r3[0] == 4, "r3 is eight pairs of uint16_t");
  /* (unsigned compare: both sides offset by 0x8000 for the signed one) */
  const __m128i zero = _mm_setzero_si128(), bias = _mm_set1_epi16((short)0x8000),
                cap = _mm_set1_epi16((short)((GW_SM_CHUNK_LINES + 1) ^ 0x8000)), one = _mm_set1_epi32(0x10000);
  for (int h = 0; h < 2; h++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)&s->r3[4 * h]);
    __m128i set = _mm_slli_epi32(_mm_andnot_si128(_mm_cmpeq_epi16(v, zero), _mm_set1_epi32(0xFFFF)), 16);
    __m128i below = _mm_cmplt_epi16(_mm_xor_si128(v, bias), cap);
    __m128i inc = _mm_and_si128(_mm_and_si128(set, below), one);
    _mm_storeu_si128((__m128i *)(void *)&s->r3[4 * h], _mm_add_epi16(v, inc));
  }
#else
  for (int q = 0; q < GW_SM_RING; q++)
    s->r3[q].dist = (uint16_t)(s->r3[q].dist + ((s->r3[q].ordinal != 0) & (s->r3[q].dist < GW_SM_CHUNK_LINES + 1)));
#endif
}

static bool has_sibling(const gw_sm *s, unsigned ordinal)
{
  for (int q = 0; q < GW_SM_RING; q++)
    if (s->r3[q].ordinal && s->r3[q].ordinal + 1u == ordinal && s->r3[q].dist <= GW_SM_CHUNK_LINES) return true;
  return false;
}

static void push_r3(gw_sm *s, unsigned ordinal)
{
  int slot = 0;
  for (int q = 1; q < GW_SM_RING; q++)
    if (!s->r3[q].ordinal || (s->r3[slot].ordinal && s->r3[q].dist > s->r3[slot].dist)) slot = q;
  if (s->r3[0].ordinal == 0) slot = 0;
  s->r3[slot].ordinal = (uint16_t)(ordinal ? ordinal : 1);
  s->r3[slot].dist = 0;
}

/* Rank of a lost heading from the headings after it (probe), as siblings or as
** the parent of a list that starts at 1. */
static int lost_rank(const gw_sm *s, const src *c)
{
  enum { MAXQ = 16 };
  int rank[MAXQ], ord[MAXQ], lost[MAXQ], n = 0;
  unsigned used = s->used;
  rank[n] = 0, ord[n] = 0, lost[n] = 1, n++;
  /* the probe starts after the current line, seen as a lost heading */
  gw_sm after = *s;
  gw_sm_line cur;
  if (P(c, 0, &cur)) {
    after.prev_kind = after.prevc_kind = GW_KIND_HEADING;
    after.prev_flags = after.prevc_flags = cur.r->flags;
    after.flags |= SM_PREVC_LOST | SM_REPORT_CONTENT;
    after.flags &= ~(uint32_t)SM_PREV_BLANK;
    memmove(after.title_hash + 1, after.title_hash, 2 * sizeof after.title_hash[0]);
    memmove(after.title_len + 1, after.title_len, 2 * sizeof after.title_len[0]);
    after.title_hash[0] = 0;
    after.title_len[0] = 0;
  }
  prober p;
  probe_init(&p, &after, c, 1);
  gw_sm_line l;
  gw_sm_out po;
  /* the headings up to the first numbered one; the ranks used further on */
  bool chain = true;
  while (p.k <= GW_SM_PROBE_WINDOW && probe_next(&p, &l, &po)) {
    if (po.new_report) break;
    if (po.kind != GW_KIND_HEADING) continue;
    if (po.lost) {
      if (!chain) continue;
      if (n == MAXQ) break;
      rank[n] = 0, ord[n] = 0, lost[n] = 1, n++;
      continue;
    }
    if (chain && n < MAXQ) { rank[n] = po.rank, ord[n] = l.r->ordinal, lost[n] = 0, n++; }
    chain = false;
    used |= 1u << po.rank;
  }
  int next_rank = 0, next_ord = 0;
  bool next_lost = false;
  for (int q = n; q-- > 0;) {
    if (lost[q]) {
      int r;
      if (!next_rank) {
        r = 1;
        while (r < 5 && !(used & (1u << r))) r++;
      } else if (next_ord == 1 || next_lost) {
        r = 0;
        for (int t = next_rank - 1; t >= 1; t--)
          if (used & (1u << t)) { r = t; break; }
        if (!r) r = next_rank > 1 ? next_rank - 1 : 1;
      } else {
        r = next_rank;
      }
      rank[q] = r;
      used |= 1u << r;
    }
    next_rank = rank[q];
    next_ord = lost[q] ? 0 : ord[q];
    next_lost = lost[q];
  }
  return rank[0];
}

static void step(gw_sm *s, const src *c, bool probe, gw_sm_out *o)
{
  gw_sm_line L0;
  memset(o, 0, sizeof *o);
  o->kind = GW_KIND_BLANK;
  if (!P(c, 0, &L0)) return;
  const gw_lrec *r = L0.r;
  const uint32_t f = r->flags;
  age_r3(s);
  if (s->nolost_in) s->nolost_in--;
  if (s->noslogan_in) s->noslogan_in--;
  if (s->notrailer_in) s->notrailer_in--;
  if (r->cand == GW_C_BLANK) {
    s->flags |= SM_PREV_BLANK;
    s->flags &= ~(uint32_t)SM_TITLE_JOIN;
    o->trailer = (s->flags & SM_TRAILER) != 0;
    return;
  }
  const uint8_t entry_prev_kind = s->prev_kind; /* as the line found it */
  uint8_t K = k1(c, 0, r, s->prev_flags);
  /* 最后， ends a list of 首先/其次/再次 items (第四， may go on with them);
  ** elsewhere it opens a paragraph */
  if (K == GW_KIND_ITEM && (r->style & GW_STYLE_LAST) &&
      !(s->prevc_kind == GW_KIND_ITEM && ((s->prevc_flags & GW_F_SEQ_ITEM) ||
                                          ((s->prevc_flags & GW_F_DI_ITEM) && (s->flags & SM_SEQ_LIST)))))
    K = GW_KIND_BODY;
  /* (a list of 首先/其次 items goes on with 第四，: 最后， ends it too; after
  ** 第一，…第三， alone, 最后， opens a paragraph: 最后，衷心感谢…) */
  if (K == GW_KIND_ITEM && (f & GW_F_SEQ_ITEM)) s->flags |= SM_SEQ_LIST;
  else if (K == GW_KIND_HEADING || K == GW_KIND_LABEL || K == GW_KIND_TITLE ||
           (K == GW_KIND_ITEM && !(f & GW_F_DI_ITEM)))
    s->flags &= ~(uint32_t)SM_SEQ_LIST;
  /* 二，: a heading (、 mistyped) where it is the next of its report's 一、
  ** headings, or a standalone 一， before any. Lines opened with 一，…二，
  ** under a heading are a list in the text: its next number is no heading,
  ** another one only when it stands alone (一，…。二，…。三，…。 then 二，存在问题) */
  if (K == GW_KIND_HEADING && (r->style & GW_STYLE_COMMA)) {
    unsigned ord = r->ordinal;
    bool alone = !r->runin && !(f & (GW_F_END_SENTENCE | GW_F_END_COLON)) && r->nchars <= 30;
    bool yes = s->comma_last ? alone && ord >= 2 && ord == s->r1_last + 1u && ord != s->comma_last + 1u
                             : (ord >= 2 && ord == s->r1_last + 1u) || (ord == 1 && s->r1_last == 0 && alone);
    if (!yes) {
      K = GW_KIND_BODY;
      s->comma_last = (uint8_t)(ord > 255 ? 255 : ord);
    }
  }
  /* 附件：1．… or 注：1.… opens a list in its line: 2．… 3．… on the lines
  ** after it go on with that list (attachments, notes), no headings */
  bool listed = K == GW_KIND_HEADING && s->inline_last && (r->rank == 3 || r->rank == 4) &&
                r->ordinal == s->inline_last + 1u && s->prevc_kind == GW_KIND_BODY;
  if (listed) K = GW_KIND_BODY;
  s->inline_last = listed ? (uint8_t)(r->ordinal > 255 ? 255 : r->ordinal) : (f & GW_F_INLINE_LIST) ? 1 : 0;
  uint8_t rank = 0, roles = 0, lost = 0;
  /* the second line of a heading cut in two (…主体责任的 / 工作打算): body, no heading of its own */
  const bool cont = (s->flags & SM_HEAD_CONT) != 0 && K == GW_KIND_BODY;
  s->flags &= ~(uint32_t)SM_HEAD_CONT;

  /* the residue and outline before the first title: found once, by a probe */
  if (!probe && !(s->flags & SM_PRE_DONE)) {
    prober p;
    probe_init(&p, s, c, 0); /* the state as the line found it */
    s->flags |= SM_PRE_DONE;
    p.st.flags |= SM_PRE_DONE;
    gw_sm_line l;
    gw_sm_out po;
    unsigned seen = 0; /* this is the first non-blank line */
    bool residue = (s->flags & SM_NOISE) != 0;
    unsigned before = 0;
    while (seen < GW_SM_PREAMBLE_WINDOW && probe_next(&p, &l, &po)) {
      if (po.kind == GW_KIND_BLANK) continue;
      if (po.kind == GW_KIND_TITLE) {
        s->preamble_in = (uint8_t)before;
        if (residue) s->flags |= SM_RESIDUE;
        break;
      }
      residue |= po.kind == GW_KIND_NOISE;
      before++;
      seen++;
    }
  }

  /* the first title of the document */
  if (s->first_in) {
    if (--s->first_in == 0 && K == GW_KIND_BODY && r->nchars >= 4 && !(f & GW_F_OPENING)) K = GW_KIND_TITLE;
  } else if (!(s->flags & SM_FIRST_DONE) && K != GW_KIND_NOISE && K != GW_KIND_TOC) {
    s->flags |= SM_FIRST_DONE;
    unsigned target = 0;
    if (!(f & GW_F_TITLE_STRONG)) {
      /* residue before the title: the first line that reads as a title wins */
      bool noise = (s->flags & SM_NOISE) != 0;
      uint32_t pf = s->prev_flags;
      gw_sm_line l = L0;
      size_t k = 0, half = SIZE_MAX; /* half: a line right before, the first half of a wrapped title */
      for (unsigned seen = 0, dist = 0; seen < GW_SM_FIRST_WINDOW; seen++, dist++) {
        uint8_t kd = k ? k1(c, k, l.r, pf) : K;
        if (kd == GW_KIND_HEADING || kd == GW_KIND_ITEM || (l.r->flags & GW_F_OPENING)) break;
        if (kd == GW_KIND_BODY && (l.r->flags & GW_F_TITLE_STRONG)) {
          /* (the title starts at its first half: 来源：… / 关于开展…突出问题 / 专项整治…的报告) */
          if (noise && k) target = half == k - 1 ? dist - 1 : dist;
          break;
        }
        half = kd == GW_KIND_BODY && wrap_half(l.r) ? k : SIZE_MAX;
        noise |= kd == GW_KIND_NOISE;
        pf = l.r->flags;
        if (!(k = next_nonblank(c, k, &l))) break;
      }
    }
    /* a long first half (中共○○县…党组2023年度主题教育专题民主生活会) over the
    ** short second one that names the 文种 (领导班子检视剖析材料) */
    bool long_half = false;
    if (!target && K == GW_KIND_BODY && (f & GW_F_LONG_PLAIN) && !(f & (GW_F_CHROME_PATH | GW_F_SIG_DATE))) {
      gw_sm_line nx;
      size_t j = next_nonblank(c, 0, &nx);
      long_half = j == 1 && k1(c, j, nx.r, f) == GW_KIND_BODY && (nx.r->flags & GW_F_TITLE_STRONG) &&
                  (nx.r->flags & GW_F_SHORT_PLAIN);
    }
    if (target) {
      s->first_in = (uint8_t)target;
    } else if (long_half) {
      K = GW_KIND_TITLE;
      s->flags |= SM_WRAP_NEXT;
    } else if (K == GW_KIND_BODY && (f & (GW_F_TITLE_STRONG | GW_F_SHORT_PLAIN)) && r->nchars >= 4 &&
               !(f & GW_F_OPENING)) {
      K = GW_KIND_TITLE;
      if (!(f & GW_F_TITLE_STRONG)) {
        gw_sm_line nx;
        size_t j = next_nonblank(c, 0, &nx);
        if (j && k1(c, j, nx.r, f) == GW_KIND_BODY && (nx.r->flags & GW_F_TITLE_STRONG))
          s->flags |= SM_WRAP_NEXT;
        else if (f & GW_F_ROLE_SHORT)
          K = GW_KIND_BODY;
      }
    }
  } else if (s->flags & SM_WRAP_NEXT) {
    s->flags &= ~(uint32_t)SM_WRAP_NEXT;
    if (K == GW_KIND_BODY && (f & GW_F_TITLE_STRONG)) K = GW_KIND_TITLE;
  }

  /* a title cut after 的 / 和 (筑牢…争做忠诚干净担当的 / 新时代国资监管干部), and
  ** the subtitle of a speech right under its title (——在…上的讲话) */
  if (K == GW_KIND_BODY && (s->flags & SM_TITLE_JOIN) && (f & (GW_F_SHORT_PLAIN | GW_F_LONG_PLAIN | GW_F_TITLE_STRONG)))
    K = GW_KIND_TITLE;
  s->flags &= ~(uint32_t)SM_TITLE_JOIN;
  if (K == GW_KIND_BODY && s->prevc_kind == GW_KIND_TITLE && L0.len > 6 && memcmp(L0.text, "\xE2\x80\x94\xE2\x80\x94", 6) == 0 &&
      !(f & (GW_F_END_SENTENCE | GW_F_END_COLON)) && r->nchars <= 60)
    K = GW_KIND_TITLE;

  /* a title at a boundary: after residue, a signature or a title, before an
  ** addressee or the opening, standing alone between blank lines, or 篇N */
  if (K == GW_KIND_BODY && (f & GW_F_TITLE_STRONG)) {
    uint8_t pk = s->prev_kind;
    bool ok = (f & GW_F_PIAN) || pk == NONE || pk == GW_KIND_NOISE || pk == GW_KIND_SIGNATURE || pk == GW_KIND_TITLE;
    if (!ok && (next_content_flags(c, 0, f) & (GW_F_OPENING | GW_F_ADDR))) ok = true;
    if (!ok && (s->flags & SM_PREV_BLANK)) {
      gw_sm_line nx;
      if (P(c, 1, &nx) && nx.r->cand == GW_C_BLANK) ok = true;
    }
    if (ok) K = GW_KIND_TITLE;
  }
  if (K == GW_KIND_BODY && (f & GW_F_SHORT_PLAIN) && !(f & GW_F_ROLE_SHORT)) {
    /* the first half of a title wrapped over two lines */
    gw_sm_line nx;
    uint8_t pk = s->prev_kind;
    if (P(c, 1, &nx) && nx.r->cand != GW_C_BLANK && (nx.r->flags & GW_F_TITLE_STRONG) &&
        k1(c, 1, nx.r, f) == GW_KIND_BODY &&
        ((nx.r->flags & GW_F_PIAN) || (next_content_flags(c, 1, nx.r->flags) & (GW_F_OPENING | GW_F_ADDR))) &&
        (pk == NONE || pk == GW_KIND_NOISE || pk == GW_KIND_SIGNATURE ||
         (pk == GW_KIND_BODY && (s->prev_flags & GW_F_END_SENTENCE))))
      K = GW_KIND_TITLE;
  }
  /* a title repeated by a web copy */
  if (K == GW_KIND_BODY) {
    uint32_t h = 0;
    bool hashed = false;
    for (int g = 0; g < 3; g++) {
      if (s->title_len[g] != L0.len || !L0.len) continue;
      if (!hashed) { h = gw_sm_hash(L0.text, L0.len); hashed = true; }
      if (s->title_hash[g] == h) { K = GW_KIND_TITLE; break; }
    }
  }

  /* lines before the first title: an outline printed before it, or residue */
  bool preamble = false;
  if (s->preamble_in) {
    s->preamble_in--;
    preamble = true;
    if (K == GW_KIND_HEADING || K == GW_KIND_ITEM || K == GW_KIND_LABEL) K = GW_KIND_TOC;
    else if (K == GW_KIND_BODY || K == GW_KIND_TITLE) K = (s->flags & SM_RESIDUE) ? GW_KIND_NOISE : GW_KIND_BODY;
  }

  if (K == GW_KIND_BODY && (f & GW_F_ADDR)) {
    if (s->prevc_kind == GW_KIND_TITLE || (f & GW_F_SALUTE) || (next_content_flags(c, 0, f) & GW_F_OPENING))
      K = GW_KIND_ADDRESSEE;
  }

  /* the titles of other articles listed under 相关推荐： after a report are
  ** residue, up to the first line that is no short title (they are no reports
  ** of the file; above the first title the title rules decide); also when
  ** they are numbered (2、党支部党纪学习教育工作总结汇报) */
  if (s->flags & SM_RELATED) {
    if (((K == GW_KIND_BODY || K == GW_KIND_TITLE) && (f & (GW_F_SHORT_PLAIN | GW_F_TITLE_STRONG)) &&
         !(f & GW_F_END_SENTENCE)) ||
        (K == GW_KIND_HEADING && !r->runin && !(f & (GW_F_END_SENTENCE | GW_F_END_COLON)) && r->nchars <= 50))
      K = GW_KIND_NOISE;
    else if (K != GW_KIND_NOISE && K != GW_KIND_BLANK)
      s->flags &= ~(uint32_t)SM_RELATED;
  }
  if (K == GW_KIND_NOISE && (f & GW_F_RELATED) && (s->flags & SM_REPORT_CONTENT)) s->flags |= SM_RELATED;

  /* a new report: a title after content, or an annex */
  if ((s->flags & SM_REPORT_CONTENT) &&
      ((K == GW_KIND_TITLE && (s->prevc_kind != GW_KIND_TITLE || (s->prevc_flags & GW_F_COLLECTION))) ||
       (K == GW_KIND_BODY && (f & GW_F_ANNEX)))) {
    new_report(s);
    o->new_report = 1;
  }

  if (K == GW_KIND_HEADING) {
    rank = r->rank;
    roles = r->roles;
    /* a heading whose words go on on the next line: a short plain line that
    ** ends them (its role words count) */
    gw_sm_line nx;
    if ((f & GW_F_END_JOIN) && !r->runin && P(c, 1, &nx) && nx.r->cand == GW_C_PLAIN &&
        (nx.r->flags & GW_F_SHORT_PLAIN) && nx.r->nchars <= 15 &&
        !(nx.r->flags & (GW_F_TITLE_STRONG | GW_F_BULLET | GW_F_SIG_DATE | GW_F_ADDR))) {
      roles |= nx.r->roles;
      s->flags |= SM_HEAD_CONT;
    }
    /* 2、括哪些方面: a number glued to a sentence cut in two */
    /* (a lost heading before it reads as the sentence it cuts) */
    if (rank == 3 && (r->style & GW_STYLE_DUNHAO) && r->ordinal != 1 &&
        (s->prevc_kind == GW_KIND_BODY || (s->flags & SM_PREVC_LOST)) &&
        (s->prevc_flags & GW_F_END_MID) && !has_sibling(s, r->ordinal)) {
      K = GW_KIND_BODY;
      rank = 0;
      roles = 0;
    }
  } else if (K == GW_KIND_LABEL) {
    roles = r->roles;
  } else if (K == GW_KIND_ITEM) {
    rank = r->rank;
  }

  /* ■ 学习收获: a heading marked by a bullet instead of a number (GB/T 9704
  ** wants one: its number counts as lost); all of a report's bullets are of
  ** one rank, the first one's */
  if (K == GW_KIND_BODY && (f & GW_F_BULLET) && !preamble && !cont) {
    K = GW_KIND_HEADING;
    lost = 1;
    roles = r->roles;
    rank = s->bullet_rank ? s->bullet_rank
                          : probe ? (uint8_t)(s->sp ? s->stack[s->sp - 1] : 1) : (uint8_t)lost_rank(s, c);
    if (rank < 1 || rank > 4) rank = 1; /* (no numbered heading to go by: the first level) */
    if (!probe) s->bullet_rank = rank;
  }

  /* a heading whose ordinal was lost: a short role line among numbered headings */
  if (K == GW_KIND_BODY && (f & GW_F_ROLE_SHORT) && !preamble && !cont && !(s->prevc_flags & GW_F_END_OPEN_QUOTE) &&
      !(s->flags & SM_NO_LOST) && !s->nolost_in) {
    bool yes = false;
    if (probe) {
      yes = (s->numbered >= 2 || (s->flags & SM_LOST_OK)) && next_content_flags(c, 0, f) != 0;
    } else {
      prober p;
      probe_after(&p, s, c);
      gw_sm_line l;
      gw_sm_out po;
      unsigned numbered = (s->flags & SM_LOST_OK) ? 2 : s->numbered;
      bool next_content = false, ended = false;
      while (p.k <= GW_SM_PROBE_WINDOW && (numbered < 2 || !next_content)) {
        if (!probe_next(&p, &l, &po) || po.new_report) { ended = true; break; }
        if (po.kind != GW_KIND_BLANK && po.kind != GW_KIND_NOISE) next_content = true;
        if (po.kind == GW_KIND_HEADING && !po.lost && po.rank >= 1 && po.rank <= 4) numbered++;
      }
      yes = numbered >= 2 && next_content;
      if (numbered >= 2) s->flags |= SM_LOST_OK;
      if (numbered < 2) {
        if (ended) s->flags |= SM_NO_LOST;
        else s->nolost_in = GW_SM_PROBE_WINDOW; /* no second probe over the same window */
      }
    }
    if (yes) {
      K = GW_KIND_HEADING;
      lost = 1;
      roles = r->roles;
      rank = probe ? (uint8_t)(s->sp ? s->stack[s->sp - 1] : 1) : (uint8_t)lost_rank(s, c);
    }
  }

  /* a heading of two short phrases (严于律己，廉洁从医) whose number was lost:
  ** where the 一、 headings around it skip exactly its number (二、 … 四、), or
  ** the （一） headings of its section ((三) … (五)) */
  if (K == GW_KIND_BODY && (f & GW_F_SLOGAN) && !probe && !preamble && !cont && (s->r1_last || s->r2_last) &&
      !s->noslogan_in && !(s->prevc_flags & GW_F_END_OPEN_QUOTE)) {
    prober p;
    probe_after(&p, s, c);
    gw_sm_line l;
    gw_sm_out po;
    while (p.k <= GW_SM_PROBE_WINDOW && probe_next(&p, &l, &po) && !po.new_report) {
      if (po.kind != GW_KIND_HEADING || po.lost || po.rank < 1 || po.rank > 2) continue;
      unsigned last = po.rank == 1 ? s->r1_last : s->r2_last;
      if (last && l.r->ordinal == last + 2u) {
        K = GW_KIND_HEADING;
        lost = 1;
        rank = po.rank;
        roles = r->roles;
      }
      break;
    }
    /* the lines up to the heading it looked at would find the same: no
    ** probe again before it (linear time on a page of such lines) */
    if (!lost) s->noslogan_in = (uint8_t)(p.k - 1 > 255 ? 255 : p.k - 1);
  }

  /* the outline */
  switch (K) {
  case GW_KIND_TITLE:
    if (!(s->flags & SM_REPORT_TITLE)) {
      s->flags |= SM_REPORT_TITLE;
      o->entry = 1;
      o->depth = 0;
      s->sp = 0;
      s->label_depth = 0;
    }
    break;
  case GW_KIND_HEADING: {
    unsigned sp = s->sp, found = sp;
    for (unsigned q = 0; q < sp; q++)
      if (s->stack[q] == rank) { found = q; break; }
    if (found < sp) {
      sp = found;
    } else if (sp > 0 && s->stack[sp - 1] > rank && (lost || r->ordinal != 1)) {
      while (sp > 0 && s->stack[sp - 1] > rank) sp--;
    }
    if (sp >= GW_SM_STACK) sp = GW_SM_STACK - 1;
    s->stack[sp] = rank;
    s->sp = (uint8_t)(sp + 1);
    o->entry = 1;
    o->depth = s->sp;
    s->label_depth = 0;
    break;
  }
  case GW_KIND_LABEL:
    o->entry = 1;
    o->depth = (uint8_t)(s->sp + 1);
    s->label_depth = o->depth;
    break;
  case GW_KIND_ITEM:
    o->entry = 1;
    o->depth = (uint8_t)(s->label_depth ? s->label_depth + 1 : s->sp + 1);
    break;
  default: break;
  }
  if (K == GW_KIND_HEADING && !lost) {
    if (rank >= 1 && rank <= 4 && s->numbered < 255) s->numbered++;
    if (rank == 3) push_r3(s, r->ordinal);
  }
  if (K == GW_KIND_HEADING && !lost && rank < 8) s->used |= (uint8_t)(1u << rank);
  if (K == GW_KIND_HEADING && !lost && rank == 1) {
    s->r1_last = (uint8_t)(r->ordinal > 255 ? 255 : r->ordinal);
    s->comma_last = 0;
  }
  if (K == GW_KIND_HEADING && rank == 1) s->r2_last = 0; /* （一） starts anew under it */
  if (K == GW_KIND_HEADING && !lost && rank == 2) s->r2_last = (uint8_t)(r->ordinal > 255 ? 255 : r->ordinal);

  if (K == GW_KIND_TITLE && (f & GW_F_END_JOIN)) s->flags |= SM_TITLE_JOIN;
  o->kind = K;
  o->rank = rank;
  o->roles = roles;
  o->lost = lost;
  o->opening = K == GW_KIND_BODY && (f & GW_F_OPENING);

  /* move the state past the line */
  s->prev_kind = K;
  s->prev_flags = f;
  if (K != GW_KIND_NOISE) {
    s->prevc_kind = K;
    s->prevc_flags = f;
    if (lost) s->flags |= SM_PREVC_LOST;
    else s->flags &= ~(uint32_t)SM_PREVC_LOST;
    s->title_hash[2] = s->title_hash[1];
    s->title_len[2] = s->title_len[1];
    s->title_hash[1] = s->title_hash[0];
    s->title_len[1] = s->title_len[0];
    bool t = K == GW_KIND_TITLE && L0.len;
    s->title_hash[0] = t ? gw_sm_hash(L0.text, L0.len) : 0;
    s->title_len[0] = t ? L0.len : 0;
    /* a table of contents printed before a title belongs to that report */
    if (K != GW_KIND_TOC) s->flags |= SM_REPORT_CONTENT;
  } else {
    s->flags |= SM_NOISE;
  }
  s->flags &= ~(uint32_t)SM_PREV_BLANK;

  if (probe) return;

  /* residue that opens the next report: the noise right before its title */
  if (K == GW_KIND_NOISE && entry_prev_kind != GW_KIND_NOISE && (s->flags & SM_REPORT_CONTENT)) {
    prober p;
    probe_init(&p, s, c, 1);
    gw_sm_line l;
    gw_sm_out po;
    while (p.k <= GW_SM_PROBE_WINDOW && probe_next(&p, &l, &po)) {
      if (po.kind == GW_KIND_BLANK || po.kind == GW_KIND_NOISE) continue;
      if (po.new_report) {
        new_report(s);
        s->flags &= ~(uint32_t)SM_REPORT_CONTENT;
        o->new_report = 1;
      }
      break;
    }
  }

  /* the closing block: signature, 特此报告, residue, up to the end of the report */
  bool closing = K == GW_KIND_SIGNATURE || (K == GW_KIND_BODY && (f & GW_F_CLOSING));
  if (!(s->flags & SM_TRAILER) && !s->notrailer_in && (closing || K == GW_KIND_NOISE)) {
    prober p;
    probe_init(&p, s, c, 1);
    gw_sm_line l;
    gw_sm_out po;
    bool all = true;
    for (;;) {
      if (p.k > GW_SM_PROBE_WINDOW) { all = false; break; }
      if (!probe_next(&p, &l, &po) || po.new_report) break;
      if (po.kind == GW_KIND_BLANK || po.kind == GW_KIND_NOISE) continue;
      if (po.kind == GW_KIND_SIGNATURE || (po.kind == GW_KIND_BODY && (l.r->flags & GW_F_CLOSING))) { closing = true; continue; }
      all = false;
      break;
    }
    if (all && closing) s->flags |= SM_TRAILER;
    else if (!all) s->notrailer_in = (uint8_t)(p.k - 1); /* the lines up to there end the same way */
  }
  o->trailer = (s->flags & SM_TRAILER) != 0;
}

void gw_sm_step(gw_sm *s, gw_sm_peek peek, void *ud, gw_sm_out *out)
{
  src c = {peek, ud, 0};
  step(s, &c, false, out);
}
