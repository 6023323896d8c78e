/*
** fuzz_incremental.c: edits applied one by one to a document, with analysis in
** between, must end in the same results as a fresh document of the final lines.
**
** Input format (an edit script):
**   byte 0            options: bit 0 level_skip, bit 1 English messages
**   bytes 1..         the initial text, up to the first NUL byte (gw_doc_set_text)
**   then per edit     a NUL, three control bytes A B C, and the replacement text up
**                     to the next NUL (or the end). With n lines in the document:
**                       first = A mod (n+1), last = first + B mod (n-first+1);
**                       the replacement lines are the text split at \n (so they may
**                       hold \r); an empty text is no line at all when C bit 0 is set,
**                       one empty line otherwise;
**                     C bit 1: empty lines are passed as NULL pointers;
**                     C bit 2: first try two invalid ranges, which must be refused
**                              and leave the document as it was (check "replace");
**                     C bit 3: analyze and read outline and diagnostics after the edit;
**                     C bit 4: read one line's info after the edit (lazy analysis);
**                     C bit 5: the text is one line, \n included (Neovim hands
**                              over a NUL in a line as \n).
** At the end, the document's lines must be those of a model kept beside it
** (check "replace"), and every result must equal that of a fresh document made
** of the same lines (check "compare"); the fresh one must satisfy fz_check_doc.
*/
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EDITS 256

/* The lines the document should hold. */
typedef struct {
  char **v;
  size_t *len;
  size_t n, cap;
} model;

static void model_free(model *m)
{
  for (size_t i = 0; i < m->n; i++) free(m->v[i]);
  free(m->v);
  free(m->len);
  memset(m, 0, sizeof *m);
}

/* Replaces [first, last) by k lines; returns 0, or -1 when out of memory. */
static int model_replace(model *m, size_t first, size_t last, const char *const *lines, const size_t *lens, size_t k)
{
  size_t need = m->n - (last - first) + k;
  if (need > m->cap) {
    size_t nc = m->cap ? m->cap : 16;
    while (nc < need) nc *= 2;
    char **nv = realloc(m->v, nc * sizeof *nv);
    if (!nv) return -1;
    m->v = nv;
    size_t *nl = realloc(m->len, nc * sizeof *nl);
    if (!nl) return -1;
    m->len = nl;
    m->cap = nc;
  }
  char **fresh = calloc(k + 1, sizeof *fresh);
  if (!fresh) return -1;
  for (size_t i = 0; i < k; i++) {
    fresh[i] = malloc(lens[i] + 1);
    if (!fresh[i]) {
      while (i > 0) free(fresh[--i]);
      free(fresh);
      return -1;
    }
    if (lens[i]) memcpy(fresh[i], lines[i], lens[i]);
    fresh[i][lens[i]] = '\0';
  }
  for (size_t i = first; i < last; i++) free(m->v[i]);
  if (m->n > last) { /* (m->v is NULL while the model is empty) */
    memmove(m->v + first + k, m->v + last, (m->n - last) * sizeof *m->v);
    memmove(m->len + first + k, m->len + last, (m->n - last) * sizeof *m->len);
  }
  for (size_t i = 0; i < k; i++) {
    m->v[first + i] = fresh[i];
    m->len[first + i] = lens[i];
  }
  m->n = need;
  free(fresh);
  return 0;
}

/* Applies one edit to the document and the model; returns -1 to stop. */
static int apply_edit(gw_doc *doc, model *m, unsigned char a, unsigned char b, unsigned char c, const char *chunk,
                      size_t clen)
{
  size_t n = gw_doc_line_count(doc);
  size_t first = a % (n + 1);
  size_t last = first + b % (n - first + 1);
  /* the replacement lines */
  size_t k = 0;
  bool one_line = (c & 32) != 0; /* the whole text as one line, \n and all */
  if (clen > 0 || !(c & 1)) {
    k = 1;
    for (size_t i = 0; i < clen && !one_line; i++) k += chunk[i] == '\n';
  }
  const char **lines = calloc(k + 1, sizeof *lines);
  size_t *lens = calloc(k + 1, sizeof *lens);
  if (!lines || !lens) { free(lines); free(lens); return -1; }
  for (size_t i = 0, start = 0; i < k; i++) {
    size_t end = start;
    while (end < clen && (one_line || chunk[end] != '\n')) end++;
    lines[i] = chunk + start;
    lens[i] = end - start;
    start = end + 1;
  }
  int rc = 0;
  if (c & 4) {
    /* invalid ranges are refused and change nothing */
    FZ_OK("replace", gw_doc_replace(doc, n + 1, n + 1, lines, lens, k) == -1, "replace(%zu, %zu) of %zu lines accepted",
          n + 1, n + 1, n);
    if (first < last)
      FZ_OK("replace", gw_doc_replace(doc, last, first, lines, lens, k) == -1, "replace(%zu, %zu) accepted", last, first);
    FZ_OK("replace", gw_doc_line_count(doc) == n, "a refused replace changed the line count from %zu to %zu", n,
          gw_doc_line_count(doc));
  }
  /* what the model stores keeps the bytes; the document gets NULL for empty lines on request */
  const char **passed = calloc(k + 1, sizeof *passed);
  if (!passed) rc = -1;
  for (size_t i = 0; rc == 0 && i < k; i++) passed[i] = (c & 2) && lens[i] == 0 ? NULL : lines[i];
  if (rc == 0 && !FZ_OK("replace", gw_doc_replace(doc, first, last, passed, lens, k) == 0,
                        "replace(%zu, %zu, %zu lines) of %zu lines failed", first, last, k, n))
    rc = -1;
  if (rc == 0 && model_replace(m, first, last, lines, lens, k) != 0) rc = -1;
  if (rc == 0 && (c & 8)) {
    const gw_entry *ents;
    const gw_diag *ds;
    FZ_OK("analyze", gw_doc_analyze(doc) == 0, "gw_doc_analyze failed");
    (void)gw_doc_outline(doc, &ents);
    (void)gw_doc_diagnostics(doc, &ds);
  }
  if (rc == 0 && (c & 16) && gw_doc_line_count(doc) > 0) {
    gw_line_info li;
    FZ_OK("analyze", gw_doc_line_info(doc, (size_t)a % gw_doc_line_count(doc), &li) == 0, "gw_doc_line_info failed");
  }
  free(passed);
  free(lines);
  free(lens);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1) return 0;
  gw_options opts = {.level_skip = data[0] & 1, .lang = (data[0] & 2) ? GW_LANG_EN : GW_LANG_ZH};
  const char *p = (const char *)data + 1, *end = (const char *)data + size;
  const char *nul = memchr(p, '\0', (size_t)(end - p));
  size_t tlen = nul ? (size_t)(nul - p) : (size_t)(end - p);

  gw_doc *doc = gw_doc_new(&opts), *fresh = NULL;
  model m = {0};
  if (!doc) return 0;
  if (!FZ_OK("analyze", gw_doc_set_text(doc, p, tlen) == 0, "gw_doc_set_text failed")) goto out;
  for (size_t i = 0; i < gw_doc_line_count(doc); i++) {
    size_t len;
    const char *t = gw_doc_line(doc, i, &len);
    if (!t || model_replace(&m, i, i, &t, &len, 1) != 0) goto out;
  }
  if (gw_doc_analyze(doc) != 0) goto out;

  /* the edits */
  p += tlen;
  for (int edits = 0; p < end && edits < MAX_EDITS; edits++) {
    p++; /* the NUL */
    unsigned char ctl[3] = {0, 0, 0};
    for (int k = 0; k < 3 && p < end; k++) ctl[k] = (unsigned char)*p++;
    const char *next = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
    size_t clen = next ? (size_t)(next - p) : (size_t)(end - p);
    if (apply_edit(doc, &m, ctl[0], ctl[1], ctl[2], p, clen) != 0) goto out;
    p += clen;
  }

  /* the document holds the model's lines */
  size_t n = gw_doc_line_count(doc);
  if (!FZ_OK("replace", n == m.n, "the document has %zu lines, the edits leave %zu", n, m.n)) goto out;
  for (size_t i = 0; i < n; i++) {
    size_t len;
    const char *t = gw_doc_line(doc, i, &len);
    if (!FZ_OK("replace", t && len == m.len[i] && memcmp(t, m.v[i], len) == 0, "line %zu is not what the edits made",
               i))
      goto out;
  }

  /* same results as a fresh document of the final lines */
  fresh = gw_doc_new(&opts);
  if (!fresh) goto out;
  if (gw_doc_replace(fresh, 0, 0, (const char *const *)m.v, m.len, m.n) != 0) goto out;
  fz_compare_docs(doc, fresh);
  fz_check_doc(fresh);
out:
  model_free(&m);
  gw_doc_free(doc);
  gw_doc_free(fresh);
  return 0;
}
