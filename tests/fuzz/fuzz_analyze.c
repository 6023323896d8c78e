/*
** fuzz_analyze.c: a whole document through the analyzer.
**
** The input is the text of a document (any bytes). It is set with
** gw_doc_set_text and analyzed; then
**   - the lines must be the input split at \n, \r\n and lone \r (check "split-text"),
**   - every result must satisfy the invariants of check.c (fz_check_doc), with
**     every diagnostic message formatted in Chinese and English,
**   - with level_skip on, the diagnostics must be the same plus GW109 only
**     (check "options"),
**   - set_text of the same text again on the used document must give what a
**     fresh document gives (check "compare").
*/
#include "check.h"

#include <string.h>

/* The input split as gw_doc_set_text documents it, compared line by line. */
static void check_split(gw_doc *doc, const char *text, size_t size)
{
  size_t start = 0, k = 0, n = gw_doc_line_count(doc);
  while (start < size) {
    size_t end = start;
    while (end < size && text[end] != '\n' && text[end] != '\r') end++;
    size_t len = 0;
    const char *got = gw_doc_line(doc, k, &len);
    if (!FZ_OK("split-text", k < n && got && len == end - start && memcmp(got, text + start, len) == 0,
               "line %zu (bytes %zu..%zu of the input) is not what the document holds (%zu lines)", k, start, end, n))
      return;
    k++;
    if (end >= size) break;
    start = end + 1 + (text[end] == '\r' && end + 1 < size && text[end + 1] == '\n');
  }
  FZ_OK("split-text", k == n, "the input has %zu lines, the document %zu", k, n);
}

/* Diagnostics other than GW109 (level skip). */
static size_t count_without_level_skip(gw_doc *doc)
{
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(doc, &ds), c = 0;
  for (size_t k = 0; k < nd; k++) c += ds[k].code != GW_D_LEVEL_SKIP;
  return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  gw_doc *doc = gw_doc_new(NULL);
  if (!doc) return 0;
  if (FZ_OK("analyze", gw_doc_set_text(doc, text, size) == 0, "gw_doc_set_text failed on %zu bytes", size)) {
    check_split(doc, text, size);
    fz_check_doc(doc);
    size_t plain = count_without_level_skip(doc);

    gw_options o = {.level_skip = 1, .lang = GW_LANG_EN};
    gw_doc_set_options(doc, &o);
    fz_check_doc(doc);
    FZ_OK("options", count_without_level_skip(doc) == plain, "level_skip changed other diagnostics: %zu, then %zu",
          plain, count_without_level_skip(doc));

    /* the same text again, on the used document, against a fresh one */
    gw_options def = {0};
    gw_doc_set_options(doc, &def);
    gw_doc *fresh = gw_doc_new(NULL);
    if (fresh && gw_doc_set_text(doc, text, size) == 0 && gw_doc_set_text(fresh, text, size) == 0)
      fz_compare_docs(doc, fresh);
    gw_doc_free(fresh);
  }
  gw_doc_free(doc);
  return 0;
}
