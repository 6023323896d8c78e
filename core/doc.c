/*
** doc.c: the document. Lines with their line-local records, incremental
** replacement, and the structure pass that turns per-line records into
** titles, sub-documents, the outline and the report type.
*/
#include "gw_int.h"

#include <stdlib.h>
#include <string.h>

/* {===================================================================
** Lines and editing
** =================================================================== */

static int line_init(gw_line *ln, const char *s, size_t len)
{
  memset(ln, 0, sizeof *ln);
  if (len > UINT32_MAX - 1) return -1;
  ln->text = malloc(len + 1);
  if (!ln->text) return -1;
  if (len) memcpy(ln->text, s, len);
  ln->text[len] = '\0';
  ln->len = (uint32_t)len;
  if (gw_scan_line(ln) != 0) {
    free(ln->text);
    ln->text = NULL;
    return -1;
  }
  return 0;
}

static void line_clear(gw_line *ln)
{
  free(ln->text);
  free(ln->ph);
  free(ln->en);
  memset(ln, 0, sizeof *ln);
}

gw_doc *gw_doc_new(const gw_options *opts)
{
  gw_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  if (opts) d->opts = *opts;
  d->dirty = true;
  return d;
}

void gw_doc_set_options(gw_doc *doc, const gw_options *opts)
{
  if (opts) doc->opts = *opts;
  doc->dirty = true;
}

void gw_doc_free(gw_doc *doc)
{
  if (!doc) return;
  for (size_t i = 0; i < doc->n; i++) line_clear(&doc->lines[i]);
  free(doc->lines);
  free(doc->entries);
  free(doc->subdocs);
  free(doc->diags);
  free(doc->prev_any);
  free(doc->next_any);
  free(doc->prev_content);
  free(doc->next_content);
  free(doc);
}

int gw_doc_replace(gw_doc *doc, size_t first, size_t last, const char *const *lines, const size_t *lens, size_t n)
{
  if (!doc || first > last || last > doc->n) return -1;
  if (n && (!lines || !lens)) return -1;
  gw_line *fresh = NULL;
  if (n) {
    fresh = malloc(n * sizeof *fresh);
    if (!fresh) return -1;
    for (size_t i = 0; i < n; i++) {
      if (line_init(&fresh[i], lines[i] ? lines[i] : "", lines[i] ? lens[i] : 0) != 0) {
        while (i > 0) line_clear(&fresh[--i]);
        free(fresh);
        return -1;
      }
    }
  }
  size_t removed = last - first;
  size_t need = doc->n - removed + n;
  if (need > doc->cap) {
    size_t nc = doc->cap ? doc->cap : 64;
    while (nc < need) nc *= 2;
    gw_line *nl = realloc(doc->lines, nc * sizeof *nl);
    if (!nl) {
      for (size_t i = 0; i < n; i++) line_clear(&fresh[i]);
      free(fresh);
      return -1;
    }
    doc->lines = nl;
    doc->cap = nc;
  }
  for (size_t i = first; i < last; i++) line_clear(&doc->lines[i]);
  if (n != removed && doc->n > last)
    memmove(doc->lines + first + n, doc->lines + last, (doc->n - last) * sizeof *doc->lines);
  if (n) memcpy(doc->lines + first, fresh, n * sizeof *fresh);
  doc->n = need;
  free(fresh);
  doc->dirty = true;
  return 0;
}

int gw_doc_set_text(gw_doc *doc, const char *text, size_t len)
{
  if (!doc || (!text && len)) return -1;
  bool has_cr = len && memchr(text, '\r', len) != NULL;
  size_t count = 0, cap = 0;
  const char **ptrs = NULL;
  size_t *lens = NULL;
  size_t start = 0;
  while (start < len) {
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t next = nl ? end + 1 : len;
    if (has_cr) {
      /* lone \r ends a line too; \r\n is one break */
      const char *cr = memchr(text + start, '\r', end - start);
      if (cr) {
        end = (size_t)(cr - text);
        next = end + 1 < len && text[end + 1] == '\n' ? end + 2 : end + 1;
      }
    }
    if (count == cap) {
      size_t nc = cap ? cap * 2 : 1024;
      const char **np = realloc(ptrs, nc * sizeof *np);
      if (!np) { free(ptrs); free(lens); return -1; }
      ptrs = np;
      size_t *nl2 = realloc(lens, nc * sizeof *nl2);
      if (!nl2) { free(ptrs); free(lens); return -1; }
      lens = nl2;
      cap = nc;
    }
    ptrs[count] = text + start;
    lens[count] = end - start;
    count++;
    start = next;
  }
  int rc = gw_doc_replace(doc, 0, doc->n, (const char *const *)ptrs, lens, count);
  free(ptrs);
  free(lens);
  return rc;
}

size_t gw_doc_line_count(const gw_doc *doc) { return doc ? doc->n : 0; }

const char *gw_doc_line(const gw_doc *doc, size_t line, size_t *len)
{
  if (!doc || line >= doc->n) { if (len) *len = 0; return NULL; }
  if (len) *len = doc->lines[line].len;
  return doc->lines[line].text;
}

size_t gw_doc_placeholders(const gw_doc *doc, size_t line, const gw_span **spans)
{
  if (!doc || line >= doc->n) { *spans = NULL; return 0; }
  *spans = doc->lines[line].ph;
  return doc->lines[line].nph;
}

/* }=================================================================== */

#define L(i) (&doc->lines[(i)])

int gw_doc_line_info(gw_doc *doc, size_t line, gw_line_info *out)
{
  if (!doc || line >= doc->n) return -1;
  if (gw_doc_analyze(doc)) return -1;
  const gw_line *ln = L(line);
  memset(out, 0, sizeof *out);
  out->kind = (gw_kind)ln->kind;
  out->rank = ln->rank;
  bool structural = ln->kind == GW_KIND_HEADING || ln->kind == GW_KIND_ITEM || ln->kind == GW_KIND_LABEL;
  out->depth = ln->entry >= 0 && (size_t)ln->entry < doc->nentries && doc->entries[ln->entry].line == line
                   ? doc->entries[ln->entry].depth : 0;
  out->ordinal = structural && !ln->lost ? ln->r.ordinal : 0;
  out->style = structural ? ln->r.style : 0;
  out->roles = ln->roles;
  out->lost = ln->lost;
  out->runin = structural ? ln->r.runin : 0;
  out->subdoc = ln->subdoc;
  out->ends_sentence = (ln->r.flags & GW_F_END_SENTENCE) != 0;
  out->ends_colon = (ln->r.flags & GW_F_END_COLON) != 0;
  if (structural && !ln->lost) {
    out->marker_start = ln->r.mk_start;
    out->marker_end = ln->r.mk_end;
  }
  if (structural) {
    out->text_start = ln->r.tx_start;
    out->text_end = ln->r.tx_end;
  } else {
    /* whole line, trimmed */
    size_t b = 0, e = ln->len;
    while (b < e && (ln->text[b] == ' ' || ln->text[b] == '\t')) b++;
    while (b + 3 <= e && memcmp(ln->text + b, "\xE3\x80\x80", 3) == 0) b += 3;
    while (e > b && (ln->text[e - 1] == ' ' || ln->text[e - 1] == '\t' || ln->text[e - 1] == '\r')) e--;
    while (e >= b + 3 && memcmp(ln->text + e - 3, "\xE3\x80\x80", 3) == 0) e -= 3;
    out->text_start = (uint32_t)b;
    out->text_end = (uint32_t)e;
  }
  return 0;
}

int gw_doc_line_local(const gw_doc *doc, size_t line, gw_line_info *out)
{
  if (!doc || line >= doc->n) return -1;
  const gw_line *ln = L(line);
  const gw_lrec *r = &ln->r;
  static const gw_kind kinds[] = {GW_KIND_BODY, GW_KIND_BLANK, GW_KIND_HEADING, GW_KIND_ITEM,
                                  GW_KIND_LABEL, GW_KIND_NOISE, GW_KIND_TOC};
  memset(out, 0, sizeof *out);
  out->kind = r->cand < sizeof kinds / sizeof kinds[0] ? kinds[r->cand] : GW_KIND_BODY;
  bool structural = out->kind == GW_KIND_HEADING || out->kind == GW_KIND_ITEM || out->kind == GW_KIND_LABEL;
  out->rank = structural ? r->rank : 0;
  out->ordinal = structural ? r->ordinal : 0;
  out->style = structural ? r->style : 0;
  out->roles = structural ? r->roles : 0;
  out->runin = structural ? r->runin : 0;
  out->ends_sentence = (r->flags & GW_F_END_SENTENCE) != 0;
  out->ends_colon = (r->flags & GW_F_END_COLON) != 0;
  out->subdoc = -1;
  if (structural) {
    out->marker_start = r->mk_start;
    out->marker_end = r->mk_end;
    out->text_start = r->tx_start;
    out->text_end = r->tx_end;
  }
  return 0;
}

size_t gw_doc_outline(gw_doc *doc, const gw_entry **entries)
{
  if (!doc || gw_doc_analyze(doc)) { *entries = NULL; return 0; }
  *entries = doc->entries;
  return doc->nentries;
}

size_t gw_doc_subdocs(gw_doc *doc, const gw_subdoc **out)
{
  if (!doc || gw_doc_analyze(doc)) { *out = NULL; return 0; }
  *out = doc->subdocs;
  return doc->nsubdocs;
}

size_t gw_doc_diagnostics(gw_doc *doc, const gw_diag **diags)
{
  if (!doc || gw_doc_analyze(doc)) { *diags = NULL; return 0; }
  *diags = doc->diags;
  return doc->ndiags;
}

int gw_doc_section_levels(gw_doc *doc, size_t first, size_t last, int *levels, unsigned char *starts)
{
  if (!doc || first > last || last > doc->n) return -1;
  if (gw_doc_analyze(doc)) return -1;
  for (size_t i = first; i < last; i++) {
    int e = L(i)->entry;
    while (e >= 0 && doc->entries[e].kind != GW_KIND_HEADING) e = doc->entries[e].parent;
    levels[i - first] = e >= 0 ? doc->entries[e].depth : 0;
    starts[i - first] = e >= 0 && doc->entries[e].line == i;
  }
  return 0;
}

int gw_doc_is_report(gw_doc *doc)
{
  if (!doc || gw_doc_analyze(doc)) return 0;
  for (size_t k = 0; k < doc->nsubdocs; k++)
    if (doc->subdocs[k].title_line >= 0 && doc->subdocs[k].type != GW_TYPE_UNKNOWN) return 1;
  size_t top = 0;
  for (size_t e = 0; e < doc->nentries; e++)
    top += doc->entries[e].kind == GW_KIND_HEADING && !doc->entries[e].lost && doc->entries[e].rank <= 2;
  return top >= 2;
}

int gw_doc_entry_at(gw_doc *doc, size_t line)
{
  if (!doc || line >= doc->n || gw_doc_analyze(doc)) return -1;
  return L(line)->entry;
}

/* }=================================================================== */
