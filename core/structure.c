/*
** structure.c: the structure pass. Turns the per-line records of scan.c into
** final line kinds (titles, residue, addressees, signatures, lost ordinals),
** sub-documents, the outline tree and the report types.
*/
#include "gw_int.h"

#include <stdlib.h>
#include <string.h>

/* {===================================================================
** Structure pass
** =================================================================== */

#define L(i) (&doc->lines[(i)])

static bool content(const gw_line *ln) { return ln->kind != GW_KIND_BLANK && ln->kind != GW_KIND_NOISE; }

/* Next line after i that is not blank (and not noise if skip_noise); n if none. */
static size_t next_nb(const gw_doc *doc, size_t i, bool skip_noise)
{
  return skip_noise ? doc->next_content[i] : doc->next_any[i];
}

/* Previous line before i that is not blank (and not noise if skip_noise); -1 if none. */
static long prev_nb(const gw_doc *doc, size_t i, bool skip_noise)
{
  size_t p = skip_noise ? doc->prev_content[i] : doc->prev_any[i];
  return p == SIZE_MAX ? -1 : (long)p;
}

/* Fills the neighbour tables from the current kinds: O(lines), so that every
** look at the line before or after costs O(1) however long the blank runs are. */
static int neighbours(gw_doc *doc)
{
  if (doc->n > doc->nb_cap) {
    size_t cap = doc->n;
    size_t *a = realloc(doc->prev_any, cap * sizeof *a);
    if (!a) return -1;
    doc->prev_any = a;
    if (!(a = realloc(doc->next_any, cap * sizeof *a))) return -1;
    doc->next_any = a;
    if (!(a = realloc(doc->prev_content, cap * sizeof *a))) return -1;
    doc->prev_content = a;
    if (!(a = realloc(doc->next_content, cap * sizeof *a))) return -1;
    doc->next_content = a;
    doc->nb_cap = cap;
  }
  size_t any = SIZE_MAX, cont = SIZE_MAX;
  for (size_t i = 0; i < doc->n; i++) {
    doc->prev_any[i] = any;
    doc->prev_content[i] = cont;
    uint8_t k = L(i)->kind;
    if (k != GW_KIND_BLANK) any = i;
    if (k != GW_KIND_BLANK && k != GW_KIND_NOISE) cont = i;
  }
  any = cont = doc->n;
  for (size_t i = doc->n; i-- > 0;) {
    doc->next_any[i] = any;
    doc->next_content[i] = cont;
    uint8_t k = L(i)->kind;
    if (k != GW_KIND_BLANK) any = i;
    if (k != GW_KIND_BLANK && k != GW_KIND_NOISE) cont = i;
  }
  return 0;
}

static void base_kinds(gw_doc *doc)
{
  for (size_t i = 0; i < doc->n; i++) {
    gw_line *ln = L(i);
    const gw_lrec *r = &ln->r;
    switch (r->cand) {
    case GW_C_BLANK: ln->kind = GW_KIND_BLANK; break;
    case GW_C_HEADING: ln->kind = GW_KIND_HEADING; break;
    case GW_C_ITEM: ln->kind = GW_KIND_ITEM; break;
    case GW_C_LABEL: ln->kind = GW_KIND_LABEL; break;
    case GW_C_NOISE: ln->kind = GW_KIND_NOISE; break;
    case GW_C_TOC: ln->kind = GW_KIND_TOC; break;
    default: ln->kind = GW_KIND_BODY; break;
    }
    ln->rank = r->rank;
    ln->roles = r->cand == GW_C_HEADING || r->cand == GW_C_LABEL ? r->roles : 0;
    ln->lost = 0;
    ln->depth = 0;
    ln->subdoc = 0;
    ln->entry = -1;
  }
  /* a line that continues a quotation opened on the line before */
  size_t p = SIZE_MAX;
  for (size_t i = 0; i < doc->n; i++) {
    if (L(i)->kind == GW_KIND_BLANK) continue;
    if (p != SIZE_MAX && (L(p)->r.flags & GW_F_END_OPEN_QUOTE)) {
      L(i)->kind = GW_KIND_BODY;
      L(i)->rank = 0;
      L(i)->roles = 0;
    }
    p = i;
  }
}

static void signatures(gw_doc *doc)
{
  for (size_t i = 0; i < doc->n; i++) {
    gw_line *ln = L(i);
    if (ln->kind != GW_KIND_BODY) continue;
    if (ln->r.flags & GW_F_SIG_NAME) { ln->kind = GW_KIND_SIGNATURE; continue; }
    if (!(ln->r.flags & GW_F_SIG_DATE)) continue;
    ln->kind = GW_KIND_SIGNATURE;
    long p = prev_nb(doc, i, false);
    if (p >= 0) {
      gw_line *pl = L(p);
      uint32_t f = pl->r.flags;
      if (pl->kind == GW_KIND_BODY && (f & GW_F_SHORT_PLAIN) && !(f & (GW_F_TITLE_STRONG | GW_F_ROLE_SHORT)) &&
          pl->r.nchars <= 25)
        pl->kind = GW_KIND_SIGNATURE;
    }
  }
}

static bool same_text(const gw_line *a, const gw_line *b)
{
  return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void titles(gw_doc *doc)
{
  size_t first = doc->n;
  for (size_t i = 0; i < doc->n; i++)
    if (content(L(i)) && L(i)->kind != GW_KIND_TOC) { first = i; break; }
  if (first < doc->n && !(L(first)->r.flags & GW_F_TITLE_STRONG)) {
    /* residue before the title: the first line that reads as a title wins */
    for (size_t i = first, seen = 0; i < doc->n && seen < 30; i++) {
      gw_line *c = L(i);
      if (c->kind == GW_KIND_BLANK) continue;
      seen++;
      if (c->kind == GW_KIND_HEADING || c->kind == GW_KIND_ITEM || (c->r.flags & GW_F_OPENING)) break;
      if (c->kind == GW_KIND_BODY && (c->r.flags & GW_F_TITLE_STRONG)) {
        bool residue = false;
        for (size_t q = 0; q < i; q++) residue |= L(q)->kind == GW_KIND_NOISE;
        if (residue) first = i;
        break;
      }
    }
  }
  if (first < doc->n) {
    gw_line *ln = L(first);
    uint32_t f = ln->r.flags;
    if (ln->kind == GW_KIND_BODY && (f & (GW_F_TITLE_STRONG | GW_F_SHORT_PLAIN)) && ln->r.nchars >= 4 &&
        !(f & GW_F_OPENING)) {
      ln->kind = GW_KIND_TITLE;
      size_t nx = next_nb(doc, first, false);
      if (!(f & GW_F_TITLE_STRONG) && nx < doc->n && L(nx)->kind == GW_KIND_BODY && (L(nx)->r.flags & GW_F_TITLE_STRONG))
        L(nx)->kind = GW_KIND_TITLE; /* title wrapped over two lines */
      if (!(f & GW_F_TITLE_STRONG) && !(nx < doc->n && L(nx)->kind == GW_KIND_TITLE)) {
        /* a short first line is a title only when it does not read as a heading */
        if (f & GW_F_ROLE_SHORT) ln->kind = GW_KIND_BODY;
      }
    }
  }
  for (size_t i = 0; i < doc->n; i++) {
    gw_line *ln = L(i);
    if (ln->kind != GW_KIND_BODY || !(ln->r.flags & GW_F_TITLE_STRONG)) continue;
    uint32_t f = ln->r.flags;
    long p = prev_nb(doc, i, false);
    size_t nx = next_nb(doc, i, true);
    bool ok = false;
    if (f & GW_F_PIAN) ok = true;
    else if (p < 0) ok = true;
    else {
      uint8_t pk = L(p)->kind;
      if (pk == GW_KIND_NOISE || pk == GW_KIND_SIGNATURE || pk == GW_KIND_TITLE) ok = true;
      if (nx < doc->n && (L(nx)->r.flags & (GW_F_OPENING | GW_F_ADDR))) ok = true;
      if (i > 0 && L(i - 1)->kind == GW_KIND_BLANK && i + 1 < doc->n && L(i + 1)->kind == GW_KIND_BLANK) ok = true;
    }
    if (ok) {
      ln->kind = GW_KIND_TITLE;
      /* wrapped: a short plain line right before, at a boundary */
      if (p >= 0 && L(p)->kind == GW_KIND_BODY && (L(p)->r.flags & GW_F_SHORT_PLAIN) &&
          !(L(p)->r.flags & GW_F_ROLE_SHORT) && (size_t)p + 1 == i) {
        long pp = prev_nb(doc, (size_t)p, false);
        if (pp < 0 || L(pp)->kind == GW_KIND_NOISE || L(pp)->kind == GW_KIND_SIGNATURE ||
            (L(pp)->kind == GW_KIND_BODY && (L(pp)->r.flags & GW_F_END_SENTENCE)))
          L(p)->kind = GW_KIND_TITLE;
      }
    }
  }
  /* titles repeated by web copies */
  for (size_t i = 0; i < doc->n; i++) {
    if (L(i)->kind != GW_KIND_BODY) continue;
    long p = prev_nb(doc, i, true);
    for (int g = 0; g < 3 && p >= 0; g++) {
      if (L(p)->kind == GW_KIND_TITLE && same_text(L(p), L(i))) { L(i)->kind = GW_KIND_TITLE; break; }
      p = prev_nb(doc, (size_t)p, true);
    }
  }
}

/* Lines before the first title: residue when the block holds residue. */
static void preamble(gw_doc *doc)
{
  size_t t0 = doc->n, contents = 0;
  for (size_t i = 0; i < doc->n && contents < 60; i++) {
    if (L(i)->kind == GW_KIND_TITLE) { t0 = i; break; }
    if (L(i)->kind != GW_KIND_BLANK) contents++;
  }
  if (t0 == doc->n) return;
  bool residue = false;
  for (size_t i = 0; i < t0; i++) residue |= L(i)->kind == GW_KIND_NOISE;
  for (size_t i = 0; i < t0; i++) {
    gw_line *ln = L(i);
    if (ln->kind == GW_KIND_HEADING || ln->kind == GW_KIND_ITEM || ln->kind == GW_KIND_LABEL) {
      ln->kind = GW_KIND_TOC; /* an outline printed before the title */
      ln->rank = 0;
      ln->roles = 0;
    } else if (residue && ln->kind == GW_KIND_BODY) {
      ln->kind = GW_KIND_NOISE;
    }
  }
}

static void addressees(gw_doc *doc)
{
  for (size_t i = 0; i < doc->n; i++) {
    gw_line *ln = L(i);
    if (ln->kind != GW_KIND_BODY || !(ln->r.flags & GW_F_ADDR)) continue;
    long p = prev_nb(doc, i, true);
    size_t nx = next_nb(doc, i, true);
    if ((p >= 0 && L(p)->kind == GW_KIND_TITLE) || (nx < doc->n && (L(nx)->r.flags & GW_F_OPENING)))
      ln->kind = GW_KIND_ADDRESSEE;
  }
}

static int push_subdoc(gw_doc *doc, size_t first)
{
  GW_GROW(doc->subdocs, doc->nsubdocs, doc->subdocs_cap, doc->nsubdocs + 1, return -1);
  gw_subdoc *sd = &doc->subdocs[doc->nsubdocs++];
  memset(sd, 0, sizeof *sd);
  sd->first_line = first;
  sd->end_line = doc->n;
  sd->title_line = -1;
  if (doc->nsubdocs > 1) doc->subdocs[doc->nsubdocs - 2].end_line = first;
  return 0;
}

static int subdocs(gw_doc *doc)
{
  doc->nsubdocs = 0;
  if (push_subdoc(doc, 0)) return -1;
  bool seen_content = false;
  for (size_t i = 0; i < doc->n; i++) {
    gw_line *ln = L(i);
    bool boundary = false;
    if (ln->kind == GW_KIND_TITLE && seen_content) {
      long p = prev_nb(doc, i, true);
      if (p < 0 || L(p)->kind != GW_KIND_TITLE || (L(p)->r.flags & GW_F_COLLECTION)) boundary = true;
    }
    if (ln->kind == GW_KIND_BODY && (ln->r.flags & GW_F_ANNEX) && seen_content) boundary = true;
    if (boundary) {
      /* the noise and blank lines just before belong to the new report */
      size_t s = i;
      while (s > doc->subdocs[doc->nsubdocs - 1].first_line && s > 0 &&
             (L(s - 1)->kind == GW_KIND_NOISE || L(s - 1)->kind == GW_KIND_BLANK))
        s--;
      while (s < i && L(s)->kind == GW_KIND_BLANK) s++;
      if (s > doc->subdocs[doc->nsubdocs - 1].first_line) {
        if (push_subdoc(doc, s)) return -1;
      }
    }
    if (ln->kind == GW_KIND_TITLE && doc->subdocs[doc->nsubdocs - 1].title_line < 0)
      doc->subdocs[doc->nsubdocs - 1].title_line = (long)i;
    if (ln->kind != GW_KIND_BLANK && ln->kind != GW_KIND_NOISE) seen_content = true;
  }
  doc->subdocs[doc->nsubdocs - 1].end_line = doc->n;
  for (size_t k = 0; k < doc->nsubdocs; k++)
    for (size_t i = doc->subdocs[k].first_line; i < doc->subdocs[k].end_line; i++) L(i)->subdoc = (int32_t)k;
  return 0;
}

/* Headings whose ordinal was lost, and chunk numbers that are not headings. */
static void lost_and_chunks(gw_doc *doc)
{
  for (size_t k = 0; k < doc->nsubdocs; k++) {
    gw_subdoc *sd = &doc->subdocs[k];
    size_t numbered = 0;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      gw_line *ln = L(i);
      if (ln->kind != GW_KIND_HEADING) continue;
      /* 2、括哪些方面: a number glued to a sentence cut in two */
      if (ln->rank == 3 && (ln->r.style & GW_STYLE_DUNHAO) && ln->r.ordinal != 1) {
        long p = prev_nb(doc, i, true);
        if (p >= 0 && L(p)->kind == GW_KIND_BODY && (L(p)->r.flags & GW_F_END_MID)) {
          bool sibling = false;
          for (size_t b = i, g = 0; b-- > sd->first_line && g < 400; g++)
            if (L(b)->kind == GW_KIND_HEADING && L(b)->rank == 3 && L(b)->r.ordinal + 1 == ln->r.ordinal) { sibling = true; break; }
          if (!sibling) { ln->kind = GW_KIND_BODY; ln->rank = 0; ln->roles = 0; continue; }
        }
      }
      if (ln->rank >= 1 && ln->rank <= 4) numbered++;
    }
    if (numbered < 2) continue;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      gw_line *ln = L(i);
      if (ln->kind != GW_KIND_BODY || !(ln->r.flags & GW_F_ROLE_SHORT)) continue;
      size_t nx = next_nb(doc, i, true);
      if (nx >= sd->end_line) continue;
      long p = prev_nb(doc, i, true);
      if (p >= 0 && (L(p)->r.flags & GW_F_END_OPEN_QUOTE)) continue;
      ln->kind = GW_KIND_HEADING;
      ln->lost = 1;
      ln->roles = ln->r.roles;
    }
  }
}

static int add_entry(gw_doc *doc, size_t line, int depth, int parent)
{
  GW_GROW(doc->entries, doc->nentries, doc->entries_cap, doc->nentries + 1, return -1);
  gw_entry *e = &doc->entries[doc->nentries];
  gw_line *ln = L(line);
  memset(e, 0, sizeof *e);
  e->line = line;
  e->end_line = doc->n;
  e->kind = (gw_kind)ln->kind;
  e->rank = ln->rank;
  e->depth = depth;
  e->ordinal = ln->lost ? 0 : ln->r.ordinal;
  e->lost = ln->lost;
  e->roles = ln->roles;
  e->parent = parent;
  e->subdoc = ln->subdoc;
  ln->depth = (uint8_t)(depth > 255 ? 255 : depth);
  return (int)doc->nentries++;
}

typedef struct { int rank, entry, depth; } frame;

/* Where the last section of a sub-document ends: before the closing signature
** block (署名, 日期) and the residue after it. A title spans the whole report. */
static size_t body_end(const gw_doc *doc, size_t k, gw_kind kind)
{
  const gw_subdoc *sd = &doc->subdocs[k];
  size_t e = sd->end_line;
  if (kind == GW_KIND_TITLE) return e;
  size_t i = e;
  while (i > sd->first_line) {
    const gw_line *ln = L(i - 1);
    if (ln->kind == GW_KIND_BLANK || ln->kind == GW_KIND_NOISE || ln->kind == GW_KIND_SIGNATURE ||
        (ln->kind == GW_KIND_BODY && (ln->r.flags & GW_F_CLOSING)))
      i--;
    else
      break;
  }
  /* only cut where a signature or a closing formula (特此报告。) was seen */
  for (size_t q = i; q < e; q++)
    if (L(q)->kind == GW_KIND_SIGNATURE || (L(q)->kind == GW_KIND_BODY && (L(q)->r.flags & GW_F_CLOSING))) return i;
  return e;
}

static int outline(gw_doc *doc)
{
  doc->nentries = 0;
  frame *stack = NULL;
  size_t cap = 0;
  int rc = 0;
  for (size_t k = 0; k < doc->nsubdocs && rc == 0; k++) {
    gw_subdoc *sd = &doc->subdocs[k];
    /* ranks of the lost headings, from the heading that follows them */
    unsigned used = 0;
    for (size_t i = sd->first_line; i < sd->end_line; i++)
      if (L(i)->kind == GW_KIND_HEADING && !L(i)->lost) used |= 1u << L(i)->rank;
    int next_rank = 0, next_ord = 0;
    bool next_lost = false;
    for (size_t i = sd->end_line; i-- > sd->first_line;) {
      gw_line *ln = L(i);
      if (ln->kind != GW_KIND_HEADING) continue;
      if (ln->lost) {
        int r;
        if (!next_rank) {
          r = 1;
          while (r < 5 && !(used & (1u << r))) r++;
        } else if (next_ord == 1 || next_lost) {
          r = 0;
          for (int q = next_rank - 1; q >= 1; q--)
            if (used & (1u << q)) { r = q; break; }
          if (!r) r = next_rank > 1 ? next_rank - 1 : 1;
        } else {
          r = next_rank;
        }
        ln->rank = (uint8_t)r;
        used |= 1u << r;
      }
      next_rank = ln->rank;
      next_ord = ln->lost ? 0 : ln->r.ordinal;
      next_lost = ln->lost;
    }
    /* build the tree */
    size_t sp = 0;
    int title_entry = -1, label_entry = -1;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      gw_line *ln = L(i);
      int base_parent = title_entry;
      int base_depth = 1;
      switch (ln->kind) {
      case GW_KIND_TITLE: {
        /* one entry per report: a wrapped or repeated title line adds none */
        if (title_entry >= 0) break;
        int e = add_entry(doc, i, 0, -1);
        if (e < 0) { rc = -1; break; }
        title_entry = e;
        sp = 0;
        label_entry = -1;
        break;
      }
      case GW_KIND_HEADING: {
        int r = ln->rank, o = ln->lost ? 0 : ln->r.ordinal;
        size_t found = sp;
        for (size_t q = 0; q < sp; q++)
          if (stack[q].rank == r) { found = q; break; }
        if (found < sp) {
          sp = found;
        } else if (sp > 0 && stack[sp - 1].rank > r && o != 1) {
          while (sp > 0 && stack[sp - 1].rank > r) sp--;
        }
        int parent = sp ? stack[sp - 1].entry : base_parent;
        int depth = sp ? stack[sp - 1].depth + 1 : base_depth;
        int e = add_entry(doc, i, depth, parent);
        if (e < 0) { rc = -1; break; }
        GW_GROW(stack, sp, cap, sp + 1, goto fail);
        stack[sp].rank = r;
        stack[sp].entry = e;
        stack[sp].depth = depth;
        sp++;
        label_entry = -1;
        break;
      }
      case GW_KIND_LABEL: {
        int parent = sp ? stack[sp - 1].entry : base_parent;
        int depth = sp ? stack[sp - 1].depth + 1 : base_depth;
        int e = add_entry(doc, i, depth, parent);
        if (e < 0) { rc = -1; break; }
        label_entry = e;
        break;
      }
      case GW_KIND_ITEM: {
        int parent, depth;
        if (label_entry >= 0) { parent = label_entry; depth = doc->entries[label_entry].depth + 1; }
        else { parent = sp ? stack[sp - 1].entry : base_parent; depth = sp ? stack[sp - 1].depth + 1 : base_depth; }
        if (add_entry(doc, i, depth, parent) < 0) rc = -1;
        break;
      }
      default: break;
      }
      if (rc) break;
    }
  }
  if (0) {
  fail:
    rc = -1;
  }
  free(stack);
  if (rc) return rc;
  /* section ends */
  int *open = NULL;
  size_t osp = 0, ocap = 0;
  for (size_t e = 0; e < doc->nentries && rc == 0; e++) {
    gw_entry *en = &doc->entries[e];
    while (osp > 0) {
      gw_entry *top = &doc->entries[open[osp - 1]];
      if (top->subdoc != en->subdoc) { top->end_line = body_end(doc, (size_t)top->subdoc, top->kind); osp--; continue; }
      if (top->depth >= en->depth) { top->end_line = en->line; osp--; continue; }
      break;
    }
    GW_GROW(open, osp, ocap, osp + 1, goto fail_open);
    open[osp++] = (int)e;
  }
  while (rc == 0 && osp > 0) {
    gw_entry *top = &doc->entries[open[--osp]];
    top->end_line = body_end(doc, (size_t)top->subdoc, top->kind);
  }
  if (0) {
  fail_open:
    rc = -1;
  }
  free(open);
  if (rc) return rc;
  /* innermost entry of each line, and placeholder counts */
  {
    size_t e = 0;
    int *st = NULL;
    size_t ssp = 0, scap = 0;
    for (size_t i = 0; i < doc->n && rc == 0; i++) {
      while (ssp > 0 && doc->entries[st[ssp - 1]].end_line <= i) ssp--;
      while (e < doc->nentries && doc->entries[e].line == i) {
        while (ssp > 0 && doc->entries[st[ssp - 1]].end_line <= i) ssp--;
        GW_GROW(st, ssp, scap, ssp + 1, goto fail_st);
        st[ssp++] = (int)e;
        e++;
      }
      L(i)->entry = ssp ? st[ssp - 1] : -1;
      if (L(i)->nph && L(i)->kind != GW_KIND_NOISE)
        for (size_t q = 0; q < ssp; q++) doc->entries[st[q]].placeholders += L(i)->nph;
    }
    if (0) {
    fail_st:
      rc = -1;
    }
    free(st);
  }
  return rc;
}

static void report_types(gw_doc *doc)
{
  long doc_title = -1;
  for (size_t k = 0; k < doc->nsubdocs; k++)
    if (doc->subdocs[k].title_line >= 0) { doc_title = doc->subdocs[k].title_line; break; }
  for (size_t k = 0; k < doc->nsubdocs; k++) {
    gw_subdoc *sd = &doc->subdocs[k];
    long t = sd->title_line >= 0 ? sd->title_line : doc_title;
    sd->type = GW_TYPE_UNKNOWN;
    if (t >= 0) {
      /* a wrapped title: read both lines */
      gw_line *tl = L((size_t)t);
      sd->type = gw_type_of_title(tl->text, tl->len);
      gw_line *t2 = (size_t)t + 1 < doc->n && L((size_t)t + 1)->kind == GW_KIND_TITLE ? L((size_t)t + 1) : NULL;
      if (t2 && !(tl->r.flags & (GW_F_COLLECTION | GW_F_PIAN)) && !same_text(tl, t2)) {
        char *both = malloc((size_t)tl->len + t2->len + 1);
        if (both) {
          memcpy(both, tl->text, tl->len);
          memcpy(both + tl->len, t2->text, t2->len);
          sd->type = gw_type_of_title(both, (size_t)tl->len + t2->len);
          free(both);
        }
      }
    }
    if (sd->title_line < 0 && k > 0 && (L(sd->first_line)->r.flags & GW_F_ANNEX)) sd->type = GW_TYPE_UNKNOWN;
    unsigned present = 0;
    bool before_problems = false, seen_problem = false;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      gw_line *ln = L(i);
      if (ln->kind == GW_KIND_HEADING || ln->kind == GW_KIND_LABEL) {
        present |= ln->roles;
        if (ln->roles & GW_ROLE_PROBLEMS) seen_problem = true;
        else if (!seen_problem && ln->kind == GW_KIND_HEADING) before_problems = true;
      } else if (ln->kind == GW_KIND_BODY || ln->kind == GW_KIND_ITEM) {
        present |= ln->r.cue_roles;
        if (ln->r.cue_roles & GW_ROLE_PROBLEMS) seen_problem = true;
        else if (!seen_problem && (ln->kind == GW_KIND_ITEM || (ln->r.nchars >= 60 && !(ln->r.flags & GW_F_OPENING))))
          before_problems = true; /* work reported before the problems */
      }
    }
    if (before_problems) present |= GW_ROLE_ACHIEVEMENTS;
    sd->roles_present = present;
    sd->roles_required = gw_type_required(sd->type);
    /* a sub-document with nothing in it (a collection title) misses nothing */
    size_t structure = 0, body = 0;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      uint8_t kd = L(i)->kind;
      structure += kd == GW_KIND_HEADING || kd == GW_KIND_ITEM || kd == GW_KIND_LABEL;
      body += kd == GW_KIND_BODY;
    }
    sd->roles_missing = structure || body >= 3 ? sd->roles_required & ~present : 0;
  }
}

int gw_doc_analyze(gw_doc *doc)
{
  if (!doc) return -1;
  if (!doc->dirty) return 0;
  base_kinds(doc);
  if (neighbours(doc)) return -1;
  signatures(doc);
  titles(doc);
  preamble(doc);
  if (neighbours(doc)) return -1; /* residue before the title is noise now */
  addressees(doc);
  if (subdocs(doc)) return -1;
  lost_and_chunks(doc);
  if (outline(doc)) return -1;
  report_types(doc);
  if (gw_diagnose(doc)) return -1;
  doc->dirty = false;
  return 0;
}
