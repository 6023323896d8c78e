/*
** structure.c: the structure pass. Turns the per-line records of scan.c into
** final line kinds (titles, residue, addressees, signatures, lost ordinals),
** sub-documents, the outline tree and the report types.
*/
#include "gw_int.h"
#include "gw_sm.h"

#include <stdlib.h>
#include <string.h>

/* {===================================================================
** Structure pass
** =================================================================== */

#define L(i) (&doc->lines[(i)])

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

typedef struct {
  const gw_doc *doc;
  size_t line;
} cursor;

static bool doc_peek(void *ud, size_t k, gw_sm_line *out)
{
  const cursor *cur = ud;
  const gw_doc *doc = cur->doc;
  size_t j = cur->line + k;
  if (j >= doc->n) return false;
  const gw_line *ln = &doc->lines[j];
  out->r = &ln->r;
  out->text = ln->text;
  out->len = ln->len;
  return true;
}

/* Runs the structure machine over the lines: final kinds, sub-documents, the
** outline entries with their parents, and where each report's closing block
** starts. */
static int machine(gw_doc *doc)
{
  doc->nsubdocs = 0;
  doc->nentries = 0;
  if (push_subdoc(doc, 0)) return -1;
  gw_sm s;
  gw_sm_init(&s);
  int heads[GW_SM_STACK + 2];
  int title_e = -1, label_e = -1;
  size_t trailer = SIZE_MAX; /* first line of the current report's closing block */
  for (size_t i = 0; i < doc->n; i++) {
    gw_sm_out o;
    cursor cur = {doc, i};
    gw_sm_step(&s, doc_peek, &cur, &o);
    gw_line *ln = L(i);
    if (o.new_report && i > 0) {
      doc->subdocs[doc->nsubdocs - 1].closing_line = trailer == SIZE_MAX ? doc->n : trailer;
      if (push_subdoc(doc, i)) return -1;
      title_e = label_e = -1;
      trailer = SIZE_MAX;
    }
    ln->kind = o.kind;
    ln->rank = o.rank;
    ln->roles = o.roles;
    ln->lost = o.lost;
    ln->depth = 0;
    ln->subdoc = (int32_t)(doc->nsubdocs - 1);
    ln->entry = -1;
    if (o.trailer && trailer == SIZE_MAX && o.kind != GW_KIND_BLANK) trailer = i;
    gw_subdoc *sd = &doc->subdocs[doc->nsubdocs - 1];
    if (o.kind == GW_KIND_TITLE && sd->title_line < 0) sd->title_line = (long)i;
    if (!o.entry) continue;
    int d = o.depth, parent, e;
    switch (o.kind) {
    case GW_KIND_TITLE:
      if ((e = add_entry(doc, i, 0, -1)) < 0) return -1;
      title_e = e;
      label_e = -1;
      break;
    case GW_KIND_HEADING:
      parent = d > 1 && d - 1 <= GW_SM_STACK ? heads[d - 1] : title_e;
      if ((e = add_entry(doc, i, d, parent)) < 0) return -1;
      if (d <= GW_SM_STACK) heads[d] = e;
      label_e = -1;
      break;
    case GW_KIND_LABEL:
      parent = d > 1 && d - 1 <= GW_SM_STACK ? heads[d - 1] : title_e;
      if ((e = add_entry(doc, i, d, parent)) < 0) return -1;
      label_e = e;
      break;
    case GW_KIND_ITEM:
      if (label_e >= 0 && doc->entries[label_e].depth + 1 == d) parent = label_e;
      else parent = d > 1 && d - 1 <= GW_SM_STACK ? heads[d - 1] : title_e;
      if (add_entry(doc, i, d, parent) < 0) return -1;
      break;
    default: break;
    }
  }
  doc->subdocs[doc->nsubdocs - 1].closing_line = trailer == SIZE_MAX ? doc->n : trailer;
  doc->subdocs[doc->nsubdocs - 1].end_line = doc->n;
  return 0;
}

/* Where the last section of a sub-document ends: before its closing block
** (署名, 日期, 特此报告 and the residue after them) and the blank lines before
** it. A title spans the whole report. */
static size_t body_end(const gw_doc *doc, size_t k, gw_kind kind)
{
  const gw_subdoc *sd = &doc->subdocs[k];
  if (kind == GW_KIND_TITLE || sd->closing_line >= sd->end_line) return sd->end_line;
  size_t i = sd->closing_line;
  while (i > sd->first_line && L(i - 1)->kind == GW_KIND_BLANK) i--;
  return i;
}

static int outline(gw_doc *doc)
{
  int rc = 0;
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

static bool same_text(const gw_line *a, const gw_line *b)
{
  return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
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
    /* the roles present and what the sub-document holds: one walk over its lines */
    unsigned present = 0;
    bool before_problems = false, seen_problem = false;
    size_t structure = 0, body = 0;
    for (size_t i = sd->first_line; i < sd->end_line; i++) {
      gw_line *ln = L(i);
      uint8_t kd = ln->kind;
      if (kd == GW_KIND_HEADING || kd == GW_KIND_LABEL) {
        present |= ln->roles;
        if (ln->roles & GW_ROLE_PROBLEMS) seen_problem = true;
        else if (!seen_problem && kd == GW_KIND_HEADING) before_problems = true;
      } else if (kd == GW_KIND_BODY || kd == GW_KIND_ITEM) {
        present |= ln->r.cue_roles;
        if (ln->r.cue_roles & GW_ROLE_PROBLEMS) seen_problem = true;
        else if (!seen_problem && (kd == GW_KIND_ITEM || (ln->r.nchars >= 60 && !(ln->r.flags & GW_F_OPENING))))
          before_problems = true; /* work reported before the problems */
      }
      structure += kd == GW_KIND_HEADING || kd == GW_KIND_ITEM || kd == GW_KIND_LABEL;
      body += kd == GW_KIND_BODY;
    }
    if (before_problems) present |= GW_ROLE_ACHIEVEMENTS;
    sd->roles_present = present;
    sd->roles_required = gw_type_required(sd->type);
    /* a sub-document with nothing in it (a collection title) misses nothing */
    sd->roles_missing = structure || body >= 3 ? sd->roles_required & ~present : 0;
  }
}

int gw_doc_analyze(gw_doc *doc)
{
  if (!doc) return -1;
  if (!doc->dirty) return 0;
  if (machine(doc)) return -1;
  if (outline(doc)) return -1;
  report_types(doc);
  doc->dirty = false;
  doc->diag_dirty = true;
  return 0;
}

int gw_doc_complete(gw_doc *doc)
{
  if (gw_doc_analyze(doc)) return -1;
  if (doc->diag_dirty) {
    if (gw_diagnose(doc)) return -1; /* (it starts over: tried again next time) */
    doc->diag_dirty = false;
  }
  return 0;
}
