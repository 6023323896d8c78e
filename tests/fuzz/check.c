/*
** check.c: invariants of an analyzed document (see check.h).
**
** Check ids (FUZZ_KNOWN_BUGS may name any of them):
**   analyze          gw_doc_analyze and gw_doc_line_info succeed
**   line             gw_doc_line returns every line
**   span             placeholder spans inside their line, ordered, col/ncols consistent
**   span-boundary    spans start and end on code points (valid UTF-8 lines)
**   info             gw_line_info fields in range
**   info-boundary    marker and text ranges on code points (valid UTF-8 lines)
**   outline          entries in line order and range, kinds/ranks/depths agree with the
**                    line info, parents precede children, depth = parent depth + 1
**   outline-nesting  a child lies inside its parent's section
**   outline-lines    every heading/label/item line has an entry, and each titled
**                    report one on its first title line; no other line has one
**   outline-counts   placeholders and diagnostics counted per section
**   entry-at         gw_doc_entry_at gives the innermost section holding the line
**   subdoc           sub-documents tile the lines; title, type and roles consistent
**                    (missing = required and not present, or none)
**   diag             diagnostics in range and sorted, known code and severity,
**                    message arguments NUL-terminated
**   diag-boundary    diagnostic ranges on code points (valid UTF-8 document)
**   message          gw_diag_message length, termination and truncation
**   message-utf8     messages are valid UTF-8 when the document is
**   names            the name functions return strings, for any value; is_report 0/1
**   marker           gw_format_marker output: terminated, fits, valid UTF-8
**   marker-roundtrip the marker gw_format_marker writes for a heading's or item's
**                    rank, ordinal and style reads back as the same rank and ordinal
**   diag-marker      the marker a numbering diagnostic expects is one of the
**                    heading's rank (with the expected ordinal)
**   split            gw_split_points: offsets inside the line, increasing, on code
**                    points; kinds and ranks in range
**   local            gw_doc_line_local fields in range
**   levels           gw_doc_section_levels: a heading line opens a section at its
**                    depth; a slice agrees with the whole; bad ranges refused
**   count            gw_count_chars no more than the bytes
**   compare          fz_compare_docs: two documents with the same lines agree
*/
#define _POSIX_C_SOURCE 200809L
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reporting ---------------------------------------------------------- */

/* Is id listed in FUZZ_KNOWN_BUGS ("id,id,...")? Read only when a check fails. */
static bool known_bug(const char *id)
{
  const char *list = getenv("FUZZ_KNOWN_BUGS");
  if (!list) return false;
  size_t n = strlen(id);
  for (const char *p = list; *p;) {
    const char *q = strchr(p, ',');
    size_t k = q ? (size_t)(q - p) : strlen(p);
    if (k == n && memcmp(p, id, n) == 0) return true;
    if (!q) break;
    p = q + 1;
  }
  return false;
}

void fz_fail(const char *id, const char *file, int line, const char *fmt, ...)
{
  if (known_bug(id)) return;
  va_list ap;
  fprintf(stderr, "\ngongwen fuzz: invariant '%s' violated (%s:%d): ", id, file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
  abort();
}

/* ---- helpers -------------------------------------------------------------- */

/* A byte offset that does not split a code point (the end counts). */
static bool boundary(const char *s, size_t len, size_t at)
{
  return at <= len && (at == 0 || at == len || ((unsigned char)s[at] & 0xC0) != 0x80);
}

static bool structural(gw_kind k)
{
  return k == GW_KIND_TITLE || k == GW_KIND_HEADING || k == GW_KIND_LABEL || k == GW_KIND_ITEM;
}

static void check_spans(gw_doc *doc, size_t i, const char *t, size_t len, bool valid)
{
  const gw_span *sp;
  size_t nph = gw_doc_placeholders(doc, i, &sp);
  if (!FZ_OK("span", nph == 0 || sp != NULL, "line %zu: %zu spans but no array", i, nph)) return;
  size_t at = 0, cols = 0; /* code points in t[0, at): counted on, so that the check stays linear */
  for (size_t k = 0; k < nph; k++) {
    const gw_span *s = &sp[k];
    if (!FZ_OK("span", s->start < s->end && s->end <= len, "line %zu span %zu: [%u,%u) outside a line of %zu bytes", i,
               k, s->start, s->end, len))
      continue;
    if (!FZ_OK("span", k == 0 || sp[k - 1].end <= s->start, "line %zu span %zu starts at %u before the previous end %u",
               i, k, s->start, sp[k - 1].end))
      at = cols = 0; /* (known bug mode: recount from the start) */
    cols += gw_utf8_count(t + at, s->start - at);
    at = s->start;
    FZ_OK("span", s->col == cols, "line %zu span %zu: col %u, but %zu code points before it", i, k, s->col, cols);
    FZ_OK("span", s->ncols == gw_utf8_count(t + s->start, s->end - s->start),
          "line %zu span %zu: ncols %u, but %zu code points in it", i, k, s->ncols,
          gw_utf8_count(t + s->start, s->end - s->start));
    if (valid)
      FZ_OK("span-boundary", boundary(t, len, s->start) && boundary(t, len, s->end),
            "line %zu span %zu [%u,%u) splits a code point", i, k, s->start, s->end);
  }
}

static void check_info(const gw_line_info *li, size_t i, const char *t, size_t len, bool valid, size_t nsub)
{
  FZ_OK("info", (unsigned)li->kind < GW_KIND__COUNT, "line %zu: kind %d", i, (int)li->kind);
  FZ_OK("info", li->rank >= 0 && li->rank <= 5, "line %zu: rank %d", i, li->rank);
  FZ_OK("info", li->kind != GW_KIND_HEADING || (li->rank >= 1 && li->rank <= 5), "line %zu: heading of rank %d", i,
        li->rank);
  FZ_OK("info", li->depth >= 0 && li->ordinal >= 0, "line %zu: depth %d ordinal %d", i, li->depth, li->ordinal);
  FZ_OK("info", (li->roles & ~(unsigned)GW_ROLE__ALL) == 0 && li->style <= 0xFFFFu, "line %zu: roles %#x style %#x", i,
        li->roles, li->style);
  FZ_OK("info", li->subdoc >= 0 && (size_t)li->subdoc < nsub, "line %zu: subdoc %d of %zu", i, li->subdoc, nsub);
  FZ_OK("info", li->marker_start <= li->marker_end && li->marker_end <= len,
        "line %zu: marker [%u,%u) in a line of %zu bytes", i, li->marker_start, li->marker_end, len);
  FZ_OK("info", li->text_start <= li->text_end && li->text_end <= len, "line %zu: text [%u,%u) in a line of %zu bytes",
        i, li->text_start, li->text_end, len);
  FZ_OK("info", li->marker_end == li->marker_start || li->marker_end <= li->text_start,
        "line %zu: marker [%u,%u) overlaps text from %u", i, li->marker_start, li->marker_end, li->text_start);
  if (valid)
    FZ_OK("info-boundary",
          boundary(t, len, li->marker_start) && boundary(t, len, li->marker_end) && boundary(t, len, li->text_start) &&
              boundary(t, len, li->text_end),
          "line %zu: marker [%u,%u) or text [%u,%u) splits a code point", i, li->marker_start, li->marker_end,
          li->text_start, li->text_end);
}

/* gw_doc_line_local: the line's own shape, fields in range. */
static void check_local(gw_doc *doc, size_t i, size_t len)
{
  gw_line_info lo;
  if (!FZ_OK("local", gw_doc_line_local(doc, i, &lo) == 0, "gw_doc_line_local(%zu) failed", i)) return;
  bool shape = lo.kind == GW_KIND_BODY || lo.kind == GW_KIND_BLANK || lo.kind == GW_KIND_HEADING ||
               lo.kind == GW_KIND_ITEM || lo.kind == GW_KIND_LABEL || lo.kind == GW_KIND_NOISE || lo.kind == GW_KIND_TOC;
  FZ_OK("local", shape && lo.rank >= 0 && lo.rank <= 5 && lo.ordinal >= 0 && lo.subdoc == -1 && lo.depth == 0,
        "line %zu: local kind %d rank %d ordinal %d subdoc %d depth %d", i, (int)lo.kind, lo.rank, lo.ordinal, lo.subdoc,
        lo.depth);
  FZ_OK("local", lo.marker_start <= lo.marker_end && lo.marker_end <= len && lo.text_start <= lo.text_end &&
                     lo.text_end <= len,
        "line %zu: local marker [%u,%u) text [%u,%u) in %zu bytes", i, lo.marker_start, lo.marker_end, lo.text_start,
        lo.text_end, len);
}

/* Reads marker + "工作" as a one-line document: kind, rank and ordinal it gets
** (body, 0, 0 when it is not a heading or item, or out of memory). */
static void read_marker(const char *mk, size_t m, gw_kind *kind, int *rank, int *ordinal)
{
  char line[96];
  *kind = GW_KIND_BODY;
  *rank = *ordinal = 0;
  if (m == 0 || m + 7 > sizeof line) return;
  memcpy(line, mk, m);
  memcpy(line + m, "\xE5\xB7\xA5\xE4\xBD\x9C", 7); /* 工作 + NUL */
  gw_doc *d = gw_doc_new(NULL);
  if (!d) return;
  const char *lines[1] = {line};
  size_t lens[1] = {m + 6};
  gw_line_info li;
  if (gw_doc_replace(d, 0, 0, lines, lens, 1) == 0 && gw_doc_line_info(d, 0, &li) == 0 &&
      (li.kind == GW_KIND_HEADING || li.kind == GW_KIND_ITEM)) {
    *kind = li.kind;
    *rank = li.rank;
    *ordinal = li.ordinal;
  }
  gw_doc_free(d);
}

/* The marker gw_format_marker writes for a line's rank, ordinal and style (what
** a renumbering command would write) reads back as the same rank and ordinal. */
static void check_roundtrip(gw_kind kind, int rank, int ordinal, unsigned style)
{
  char mk[64];
  size_t m = gw_format_marker(rank, ordinal, style, mk, sizeof mk);
  gw_kind k;
  int r, o;
  read_marker(mk, m, &k, &r, &o);
  FZ_OK("marker-roundtrip", k == kind && r == rank && o == ordinal,
        "gw_format_marker(%d, %d, %#x) for a %s = \"%s\" reads back as a %s of rank %d ordinal %d", rank, ordinal,
        style, gw_kind_name(kind), mk, gw_kind_name(k), r, o);
}

/* The editing helpers on one line, and the marker of a heading or item. */
static void check_helpers(const gw_line_info *li, size_t i, const char *t, size_t len, bool valid, int *roundtrips)
{
  gw_split pts[16];
  size_t np = gw_split_points(t, len, pts, 16);
  for (size_t k = 0; k < np && k < 16; k++) {
    const gw_split *p = &pts[k];
    FZ_OK("split", p->offset > 0 && p->offset < len && (k == 0 || p->offset > pts[k - 1].offset),
          "line %zu: split point %zu at %u (line of %zu bytes, previous %u)", i, k, p->offset, len,
          k ? pts[k - 1].offset : 0);
    FZ_OK("split",
          p->kind == GW_KIND_BODY || ((p->kind == GW_KIND_HEADING || p->kind == GW_KIND_ITEM) && p->rank >= 1 &&
                                      p->rank <= 5),
          "line %zu: split point %zu: kind %d rank %d", i, k, (int)p->kind, p->rank);
    if (valid) FZ_OK("split", boundary(t, len, p->offset), "line %zu: split point %zu at %u splits a code point", i, k, p->offset);
  }
  FZ_OK("count", gw_count_chars(t, len) <= len, "line %zu: %zu characters in %zu bytes", i, gw_count_chars(t, len),
        len);
  if ((li->kind == GW_KIND_HEADING || li->kind == GW_KIND_ITEM) && li->rank >= 1) {
    char buf[64], tiny[4];
    size_t m = gw_format_marker(li->rank, li->ordinal, li->style, buf, sizeof buf);
    FZ_OK("marker", m < sizeof buf && strlen(buf) == m && gw_utf8_valid(buf, m),
          "line %zu: gw_format_marker(%d, %d, %#x) returned %zu", i, li->rank, li->ordinal, li->style, m);
    for (size_t cap = 1; cap <= sizeof tiny; cap++) {
      size_t m2 = gw_format_marker(li->rank, li->ordinal, li->style, tiny, cap);
      FZ_OK("marker", m2 < cap && tiny[m2] == '\0' && memcmp(tiny, buf, m2) == 0,
            "line %zu: gw_format_marker into %zu bytes returned %zu", i, cap, m2);
    }
    /* ordinals past 99 are written in digits (一百、 becomes 100、): not checked */
    if (li->ordinal >= 1 && li->ordinal <= 99 && (*roundtrips)++ < 4) check_roundtrip(li->kind, li->rank, li->ordinal, li->style);
  }
}

static void check_names(void)
{
  for (int k = -1; k <= GW_KIND__COUNT; k++) FZ_OK("names", gw_kind_name((gw_kind)k) != NULL, "gw_kind_name(%d)", k);
  for (int t = -1; t <= GW_TYPE__COUNT; t++)
    FZ_OK("names",
          gw_type_id((gw_type)t) && gw_type_name((gw_type)t, GW_LANG_ZH) && gw_type_name((gw_type)t, GW_LANG_EN),
          "gw_type_*(%d)", t);
  for (unsigned b = 0; b <= 32; b = b ? b << 1 : 1)
    FZ_OK("names", gw_role_id(b) && gw_role_name(b, GW_LANG_ZH) && gw_role_name(b, GW_LANG_EN), "gw_role_*(%u)", b);
  for (int s = 0; s <= 5; s++) FZ_OK("names", gw_severity_name((gw_severity)s) != NULL, "gw_severity_name(%d)", s);
}

static void check_message(const gw_diag *d, size_t k, bool doc_valid)
{
  for (int lang = GW_LANG_ZH; lang <= GW_LANG_EN; lang++) {
    char buf[512], small[24];
    size_t m = gw_diag_message(d, (gw_lang)lang, buf, sizeof buf);
    if (!FZ_OK("message", m > 0 && m < sizeof buf && strlen(buf) == m, "diagnostic %zu (GW%d): message length %zu", k,
               (int)d->code, m))
      continue;
    if (doc_valid && m + 1 < sizeof buf)
      FZ_OK("message-utf8", gw_utf8_valid(buf, m), "diagnostic %zu (GW%d, s=\"%s\" t=\"%s\"): message not valid UTF-8: %s",
            k, (int)d->code, d->s, d->t, buf);
    static const size_t caps[] = {1, 2, 7, 24};
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
      size_t m2 = gw_diag_message(d, (gw_lang)lang, small, caps[c]);
      FZ_OK("message", m2 < caps[c] && small[m2] == '\0' && memcmp(small, buf, m2) == 0,
            "diagnostic %zu: message into %zu bytes returned %zu", k, caps[c], m2);
    }
  }
}

/* A numbering diagnostic's expected marker (its argument s) is a marker of the
** rank of the heading it is about: "expected ② here", not "expected 二是". */
static void check_expected_marker(gw_doc *doc, const gw_diag *d, size_t k)
{
  if (d->code != GW_D_NUM_GAP && d->code != GW_D_NUM_ORDER && d->code != GW_D_NUM_START && d->code != GW_D_LOST_ORDINAL &&
      d->code != GW_D_MARKER_COMMA)
    return;
  gw_line_info li;
  if (gw_doc_line_info(doc, d->line, &li) != 0 || li.kind != GW_KIND_HEADING) return;
  int want = d->a; /* the expected ordinal, for all these codes */
  if (want < 1 || want > 99) return;        /* written in digits past 99 */
  if (li.rank == 5 && want > 20) return;     /* no circled number past ⑳ */
  gw_kind kd;
  int r, o;
  read_marker(d->s, strlen(d->s), &kd, &r, &o);
  FZ_OK("diag-marker", kd == GW_KIND_HEADING && r == li.rank && o == want,
        "diagnostic %zu (GW%d) on line %zu, a heading of rank %d: expected marker \"%s\" reads as a %s of rank %d "
        "ordinal %d",
        k, (int)d->code, d->line, li.rank, d->s, gw_kind_name(kd), r, o);
}

/* ---- the whole document ------------------------------------------------- */

void fz_check_doc(gw_doc *doc)
{
  if (!FZ_OK("analyze", gw_doc_analyze(doc) == 0, "gw_doc_analyze failed")) return;
  size_t n = gw_doc_line_count(doc);
  const gw_entry *ents;
  const gw_subdoc *sds;
  const gw_diag *ds;
  size_t ne = gw_doc_outline(doc, &ents), ns = gw_doc_subdocs(doc, &sds), nd = gw_doc_diagnostics(doc, &ds);
  check_names();

  gw_line_info *infos = calloc(n + 1, sizeof *infos);
  size_t *ph_prefix = calloc(n + 1, sizeof *ph_prefix), *dg_prefix = calloc(n + 1, sizeof *dg_prefix);
  if (!infos || !ph_prefix || !dg_prefix) goto done; /* harness out of memory: nothing to check against */

  /* lines: placeholders, line info, helpers */
  bool doc_valid = true;
  int roundtrips = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    const char *t = gw_doc_line(doc, i, &len);
    if (!FZ_OK("line", t != NULL, "gw_doc_line(%zu) is NULL with %zu lines", i, n)) { t = ""; len = 0; }
    bool valid = gw_utf8_valid(t, len) != 0;
    doc_valid &= valid;
    check_spans(doc, i, t, len, valid);
    gw_line_info *li = &infos[i];
    if (!FZ_OK("analyze", gw_doc_line_info(doc, i, li) == 0, "gw_doc_line_info(%zu) failed", i)) memset(li, 0, sizeof *li);
    check_info(li, i, t, len, valid, ns);
    const gw_span *sp;
    size_t nph = gw_doc_placeholders(doc, i, &sp);
    ph_prefix[i + 1] = ph_prefix[i] + (li->kind != GW_KIND_NOISE ? nph : 0);
    check_helpers(li, i, t, len, valid, &roundtrips);
    check_local(doc, i, len);
  }
  FZ_OK("line", gw_doc_line(doc, n, NULL) == NULL, "gw_doc_line past the end is not NULL");

  /* diagnostics */
  for (size_t k = 0; k < nd; k++) {
    const gw_diag *d = &ds[k];
    if (!FZ_OK("diag", d->line <= d->end_line && d->end_line < n, "diagnostic %zu: lines %zu..%zu of %zu", k, d->line,
               d->end_line, n))
      continue;
    size_t l1, l2;
    const char *t1 = gw_doc_line(doc, d->line, &l1), *t2 = gw_doc_line(doc, d->end_line, &l2);
    FZ_OK("diag", d->start <= l1 && d->end <= l2 && (d->line != d->end_line || d->start <= d->end),
          "diagnostic %zu (GW%d): bytes %u..%u on lines %zu (%zu bytes)..%zu (%zu bytes)", k, (int)d->code, d->start,
          d->end, d->line, l1, d->end_line, l2);
    FZ_OK("diag", d->severity >= GW_SEV_ERROR && d->severity <= GW_SEV_HINT, "diagnostic %zu: severity %d", k,
          (int)d->severity);
    FZ_OK("diag", strcmp(gw_code_name(d->code), "unknown") != 0, "diagnostic %zu: unknown code %d", k, (int)d->code);
    FZ_OK("diag", memchr(d->s, 0, sizeof d->s) && memchr(d->t, 0, sizeof d->t), "diagnostic %zu: unterminated argument",
          k);
    if (k > 0) {
      const gw_diag *p = &ds[k - 1];
      bool ordered = p->line < d->line ||
                     (p->line == d->line && (p->start < d->start || (p->start == d->start && p->code <= d->code)));
      FZ_OK("diag", ordered, "diagnostics %zu and %zu out of order", k - 1, k);
    }
    if (doc_valid && t1 && t2)
      FZ_OK("diag-boundary", boundary(t1, l1, d->start) && boundary(t2, l2, d->end),
            "diagnostic %zu (GW%d %s) bytes %u..%u on line %zu split a code point", k, (int)d->code,
            gw_code_name(d->code), d->start, d->end, d->line);
    check_message(d, k, doc_valid);
    check_expected_marker(doc, d, k);
    dg_prefix[d->line + 1]++;
  }
  for (size_t i = 0; i < n; i++) dg_prefix[i + 1] += dg_prefix[i];

  /* sub-documents tile [0, n) */
  if (FZ_OK("subdoc", ns >= 1 && sds != NULL, "%zu sub-documents", ns)) {
    FZ_OK("subdoc", sds[0].first_line == 0 && sds[ns - 1].end_line == n, "sub-documents cover [%zu,%zu) of %zu lines",
          sds[0].first_line, sds[ns - 1].end_line, n);
    for (size_t k = 0; k < ns; k++) {
      const gw_subdoc *sd = &sds[k];
      if (!FZ_OK("subdoc", sd->first_line <= sd->end_line && sd->end_line <= n && (n == 0 || sd->first_line < sd->end_line),
                 "sub-document %zu: [%zu,%zu) of %zu", k, sd->first_line, sd->end_line, n))
        continue;
      FZ_OK("subdoc", k + 1 == ns || sd->end_line == sds[k + 1].first_line, "sub-document %zu ends at %zu, next starts at %zu",
            k, sd->end_line, sds[k + 1 < ns ? k + 1 : k].first_line);
      FZ_OK("subdoc",
            sd->title_line == -1 || (sd->title_line >= (long)sd->first_line && sd->title_line < (long)sd->end_line &&
                                     infos[sd->title_line].kind == GW_KIND_TITLE),
            "sub-document %zu: title line %ld", k, sd->title_line);
      FZ_OK("subdoc", (unsigned)sd->type < GW_TYPE__COUNT, "sub-document %zu: type %d", k, (int)sd->type);
      /* missing: what is required and not present, or nothing for a text without structure */
      FZ_OK("subdoc", (sd->roles_missing == 0 || sd->roles_missing == (sd->roles_required & ~sd->roles_present)) &&
                          ((sd->roles_present | sd->roles_required) & ~(unsigned)GW_ROLE__ALL) == 0,
            "sub-document %zu: roles present %#x required %#x missing %#x", k, sd->roles_present, sd->roles_required,
            sd->roles_missing);
      for (size_t i = sd->first_line; i < sd->end_line; i++)
        if (!FZ_OK("subdoc", infos[i].subdoc == (int)k, "line %zu: subdoc %d, inside sub-document %zu", i,
                   infos[i].subdoc, k))
          break;
    }
  }

  /* outline: one entry per heading, label and item line, and one per report with a
  ** title (on its first title line: a wrapped or repeated title line adds none) */
  size_t structural_lines = 0;
  for (size_t i = 0; i < n; i++)
    structural_lines += structural(infos[i].kind) && infos[i].kind != GW_KIND_TITLE;
  for (size_t k = 0; k < ns; k++) structural_lines += sds[k].title_line >= 0;
  FZ_OK("outline-lines", structural_lines == ne,
        "%zu heading/label/item lines and titled reports, but %zu outline entries", structural_lines, ne);
  for (size_t e = 0; e < ne; e++) {
    const gw_entry *en = &ents[e];
    if (!FZ_OK("outline", en->line < n && en->end_line > en->line && en->end_line <= n,
               "entry %zu: line %zu, end %zu, of %zu lines", e, en->line, en->end_line, n))
      continue;
    const gw_line_info *li = &infos[en->line];
    FZ_OK("outline", e == 0 || ents[e - 1].line < en->line, "entry %zu (line %zu) not after entry %zu (line %zu)", e,
          en->line, e - 1, ents[e - 1].line);
    FZ_OK("outline", structural(en->kind) && en->kind == li->kind && en->rank == li->rank && en->depth == li->depth &&
                         en->subdoc == li->subdoc && en->lost == li->lost,
          "entry %zu (line %zu): kind %d rank %d depth %d subdoc %d lost %d; line info %d %d %d %d %d", e, en->line,
          (int)en->kind, en->rank, en->depth, en->subdoc, en->lost, (int)li->kind, li->rank, li->depth, li->subdoc,
          li->lost);
    FZ_OK("outline", en->list >= -1 && (en->kind == GW_KIND_HEADING || en->list == -1) && en->list_style <= 0xFFFFu,
          "entry %zu (line %zu, %s): list %d style %#x", e, en->line, gw_kind_name(en->kind), en->list, en->list_style);
    FZ_OK("outline", en->kind == GW_KIND_TITLE || en->ordinal == li->ordinal, "entry %zu (line %zu): ordinal %d, line %d",
          e, en->line, en->ordinal, li->ordinal);
    if (en->subdoc >= 0 && (size_t)en->subdoc < ns) {
      FZ_OK("outline", en->end_line <= sds[en->subdoc].end_line, "entry %zu: section ends at %zu after its report (%zu)",
            e, en->end_line, sds[en->subdoc].end_line);
      FZ_OK("outline-lines", en->kind != GW_KIND_TITLE || (long)en->line == sds[en->subdoc].title_line,
            "title entry %zu on line %zu, but its report's title line is %ld", e, en->line, sds[en->subdoc].title_line);
    }
    if (!FZ_OK("outline", en->parent >= -1 && en->parent < (int)e, "entry %zu: parent %d does not precede it", e,
               en->parent))
      continue;
    if (en->parent >= 0) {
      const gw_entry *p = &ents[en->parent];
      FZ_OK("outline", en->depth == p->depth + 1 && en->subdoc == p->subdoc,
            "entry %zu (line %zu): depth %d subdoc %d under entry %d (line %zu) of depth %d subdoc %d", e, en->line,
            en->depth, en->subdoc, en->parent, p->line, p->depth, p->subdoc);
      FZ_OK("outline-nesting", en->line < p->end_line && en->end_line <= p->end_line,
            "entry %zu (line %zu, %s, section to %zu) lies outside the section [%zu,%zu) of its parent entry %d (%s)", e,
            en->line, gw_kind_name(en->kind), en->end_line, p->line, p->end_line, en->parent, gw_kind_name(p->kind));
    } else {
      FZ_OK("outline", en->depth <= 1, "entry %zu (line %zu): depth %d without a parent", e, en->line, en->depth);
    }
    FZ_OK("outline-counts", en->placeholders == ph_prefix[en->end_line] - ph_prefix[en->line],
          "entry %zu (lines %zu..%zu): %zu placeholders, the lines hold %zu", e, en->line, en->end_line,
          en->placeholders, ph_prefix[en->end_line] - ph_prefix[en->line]);
    FZ_OK("outline-counts", en->diagnostics == dg_prefix[en->end_line] - dg_prefix[en->line],
          "entry %zu (lines %zu..%zu): %zu diagnostics, the lines have %zu", e, en->line, en->end_line, en->diagnostics,
          dg_prefix[en->end_line] - dg_prefix[en->line]);
  }

  /* innermost section of each line (brute force on small documents) */
  if (n * (ne + 1) <= 2000000) {
    for (size_t i = 0; i < n; i++) {
      int want = -1;
      for (size_t e = 0; e < ne; e++)
        if (ents[e].line <= i && i < ents[e].end_line) want = (int)e;
      int got = gw_doc_entry_at(doc, i);
      if (!FZ_OK("entry-at", got == want, "gw_doc_entry_at(%zu) = %d, innermost section is entry %d", i, got, want))
        break;
    }
  }
  FZ_OK("entry-at", gw_doc_entry_at(doc, n) == -1, "gw_doc_entry_at past the end is not -1");

  /* fold levels: whole document, then a slice that must agree with it */
  int *levels = malloc((n + 1) * sizeof *levels);
  unsigned char *starts = malloc(n + 1);
  if (levels && starts && FZ_OK("levels", gw_doc_section_levels(doc, 0, n, levels, starts) == 0, "section levels failed")) {
    for (size_t i = 0; i < n; i++) {
      bool heading = infos[i].kind == GW_KIND_HEADING;
      if (!FZ_OK("levels", levels[i] >= 0 && starts[i] <= 1 && (starts[i] == 1) == heading &&
                               (!heading || levels[i] == infos[i].depth),
                 "line %zu (%s, depth %d): level %d start %d", i, gw_kind_name(infos[i].kind), infos[i].depth,
                 levels[i], starts[i]))
        break;
    }
    size_t a = n / 3, b = n - n / 3;
    int *lv2 = malloc((b - a + 1) * sizeof *lv2);
    unsigned char *st2 = malloc(b - a + 1);
    if (lv2 && st2 && FZ_OK("levels", gw_doc_section_levels(doc, a, b, lv2, st2) == 0, "section levels [%zu,%zu)", a, b))
      FZ_OK("levels", memcmp(lv2, levels + a, (b - a) * sizeof *lv2) == 0 && memcmp(st2, starts + a, b - a) == 0,
            "section levels of [%zu,%zu) differ from the whole document's", a, b);
    free(lv2);
    free(st2);
    FZ_OK("levels", gw_doc_section_levels(doc, 0, n + 1, levels, starts) == -1 &&
                        (n == 0 || gw_doc_section_levels(doc, 1, 0, levels, starts) == -1),
          "section levels accepted a bad range");
  }
  free(levels);
  free(starts);
  int rep = gw_doc_is_report(doc);
  FZ_OK("names", rep == 0 || rep == 1, "gw_doc_is_report = %d", rep);

done:
  free(infos);
  free(ph_prefix);
  free(dg_prefix);
}

/* ---- two documents with the same lines ---------------------------------- */

#define SAME(field, what, idx)                                                                                     \
  FZ_OK("compare", x->field == y->field, "%s %zu: " #field " %lld (incremental) vs %lld (fresh)", what, (size_t)(idx), \
        (long long)x->field, (long long)y->field)

void fz_compare_docs(gw_doc *a, gw_doc *b)
{
  if (!FZ_OK("analyze", gw_doc_analyze(a) == 0 && gw_doc_analyze(b) == 0, "gw_doc_analyze failed")) return;
  size_t n = gw_doc_line_count(a);
  if (!FZ_OK("compare", n == gw_doc_line_count(b), "%zu lines vs %zu", n, gw_doc_line_count(b))) return;
  for (size_t i = 0; i < n; i++) {
    size_t la, lb;
    const char *ta = gw_doc_line(a, i, &la), *tb = gw_doc_line(b, i, &lb);
    if (!FZ_OK("compare", ta && tb && la == lb && memcmp(ta, tb, la) == 0, "line %zu differs", i)) return;
    const gw_span *sa, *sb;
    size_t na = gw_doc_placeholders(a, i, &sa), nb = gw_doc_placeholders(b, i, &sb);
    FZ_OK("compare", na == nb && (na == 0 || memcmp(sa, sb, na * sizeof *sa) == 0), "line %zu: placeholders differ", i);
    gw_line_info ia, ib, *x = &ia, *y = &ib;
    if (!FZ_OK("analyze", gw_doc_line_info(a, i, &ia) == 0 && gw_doc_line_info(b, i, &ib) == 0, "line info %zu", i))
      return;
    SAME(kind, "line", i);
    SAME(rank, "line", i);
    SAME(depth, "line", i);
    SAME(ordinal, "line", i);
    SAME(style, "line", i);
    SAME(roles, "line", i);
    SAME(lost, "line", i);
    SAME(runin, "line", i);
    SAME(ends_sentence, "line", i);
    SAME(ends_colon, "line", i);
    SAME(subdoc, "line", i);
    SAME(marker_start, "line", i);
    SAME(marker_end, "line", i);
    SAME(text_start, "line", i);
    SAME(text_end, "line", i);
    gw_line_info la_, lb_;
    if (gw_doc_line_local(a, i, &la_) == 0 && gw_doc_line_local(b, i, &lb_) == 0)
      FZ_OK("compare", memcmp(&la_, &lb_, sizeof la_) == 0, "line %zu: line_local differs", i);
    FZ_OK("compare", gw_doc_entry_at(a, i) == gw_doc_entry_at(b, i), "line %zu: entry_at %d vs %d", i,
          gw_doc_entry_at(a, i), gw_doc_entry_at(b, i));
  }
  const gw_entry *ea, *eb;
  size_t nea = gw_doc_outline(a, &ea), neb = gw_doc_outline(b, &eb);
  if (FZ_OK("compare", nea == neb, "%zu outline entries vs %zu", nea, neb))
    for (size_t e = 0; e < nea; e++) {
      const gw_entry *x = &ea[e], *y = &eb[e];
      SAME(line, "entry", e);
      SAME(end_line, "entry", e);
      SAME(kind, "entry", e);
      SAME(rank, "entry", e);
      SAME(depth, "entry", e);
      SAME(ordinal, "entry", e);
      SAME(lost, "entry", e);
      SAME(roles, "entry", e);
      SAME(parent, "entry", e);
      SAME(subdoc, "entry", e);
      SAME(placeholders, "entry", e);
      SAME(diagnostics, "entry", e);
      SAME(list, "entry", e);
      SAME(list_style, "entry", e);
    }
  const gw_subdoc *sa, *sb;
  size_t nsa = gw_doc_subdocs(a, &sa), nsb = gw_doc_subdocs(b, &sb);
  if (FZ_OK("compare", nsa == nsb, "%zu sub-documents vs %zu", nsa, nsb))
    for (size_t k = 0; k < nsa; k++) {
      const gw_subdoc *x = &sa[k], *y = &sb[k];
      SAME(first_line, "sub-document", k);
      SAME(end_line, "sub-document", k);
      SAME(title_line, "sub-document", k);
      SAME(type, "sub-document", k);
      SAME(roles_present, "sub-document", k);
      SAME(roles_required, "sub-document", k);
      SAME(roles_missing, "sub-document", k);
    }
  const gw_diag *da, *db;
  size_t nda = gw_doc_diagnostics(a, &da), ndb = gw_doc_diagnostics(b, &db);
  if (FZ_OK("compare", nda == ndb, "%zu diagnostics vs %zu", nda, ndb))
    for (size_t k = 0; k < nda; k++) {
      const gw_diag *x = &da[k], *y = &db[k];
      SAME(line, "diagnostic", k);
      SAME(end_line, "diagnostic", k);
      SAME(start, "diagnostic", k);
      SAME(end, "diagnostic", k);
      SAME(severity, "diagnostic", k);
      SAME(code, "diagnostic", k);
      SAME(a, "diagnostic", k);
      SAME(b, "diagnostic", k);
      FZ_OK("compare", strcmp(x->s, y->s) == 0 && strcmp(x->t, y->t) == 0, "diagnostic %zu: arguments differ", k);
    }
}
