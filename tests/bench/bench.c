/*
** bench.c: throughput of the gongwen core against a plain byte-table scan of
** the same buffer, peak memory, and the cost of a one-line edit.
**
**   bench CORPUS.txt [--md CORPUS.md] [--runs N] [--edits N] [--luajit-mbps X]
**
** All figures are best-of-N (medians for edits) of process CPU time, the clock
** LuaJIT's os.clock() reads, so that the ratio to the LuaJIT baseline compares
** like with like on a shared machine. MB = 10^6 bytes; RSS in MiB.
**
** Prints information lines, then as its last lines, in this order:
**   core.mb_per_s=N  core.ratio_vs_scan=R  core.ratio_vs_luajit=R
**   core.peak_rss_mb=N  core.edit_ms=N
** No figure is asserted: the machine is shared and noisy.
*/
#define _POSIX_C_SOURCE 200809L
#include "gw.h"
#include "util.h"

#include <stdint.h>
#include <sys/resource.h>

/* Peak resident set size so far, in MiB. */
static double peak_rss_mib(void)
{
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return (double)ru.ru_maxrss / 1024.0; /* Linux: KiB */
}

/* ---- (b) plain byte-table scan ---------------------------------------- */

/* Bytes a line classifier has to look at: line ends, ASCII markers and
** placeholder letters, digits, and the lead bytes of CJK punctuation,
** full-width forms and the common CJK blocks. */
static void build_table(uint8_t tab[256])
{
  memset(tab, 0, 256);
  const char *ascii = "\n\r\t ()*_Xx#.:;,!?";
  for (const char *p = ascii; *p; p++) tab[(unsigned char)*p] = 1;
  for (int c = '0'; c <= '9'; c++) tab[c] = 1;
  tab[0xC3] = 1; /* × */
  tab[0xE2] = 1; /* “ ” ○ □ ✕ */
  tab[0xE3] = 1; /* 、 。 【 】 */
  tab[0xEF] = 1; /* full-width forms */
}

/* Classifies every byte through the table and counts the hits. The count is
** returned and then stored to a volatile, so the loop cannot be removed. Kept
** out of line and unrolled by eight: a one-byte loop body ran at 1.5 or 2.8
** GB/s depending on where the linker happened to place it (a loop across a
** 64-byte fetch block), which made the ratio depend on unrelated code. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static size_t table_scan(const unsigned char *p, size_t n, const uint8_t tab[256])
{
  size_t h0 = 0, h1 = 0, h2 = 0, h3 = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    h0 += tab[p[i]] + tab[p[i + 4]];
    h1 += tab[p[i + 1]] + tab[p[i + 5]];
    h2 += tab[p[i + 2]] + tab[p[i + 6]];
    h3 += tab[p[i + 3]] + tab[p[i + 7]];
  }
  for (; i < n; i++) h0 += tab[p[i]];
  return h0 + h1 + h2 + h3;
}

/* ---- (a) the core ------------------------------------------------------ */

typedef struct {
  size_t lines, entries, subdocs, diags, placeholders;
  unsigned long long checksum; /* folds what was read, so nothing is dead */
  double t_set, t_analyze, t_read; /* CPU seconds of the three phases */
} core_stats;

/* set_text + analyze + reading the outline, sub-documents and diagnostics,
** the way the editor binding consumes them. Returns 0 or -1. */
static int core_pass(gw_doc *doc, const char *text, size_t len, core_stats *st)
{
  memset(st, 0, sizeof *st);
  double c0 = bench_cpu_seconds();
  if (gw_doc_set_text(doc, text, len) != 0) return -1;
  double c1 = bench_cpu_seconds();
  if (gw_doc_analyze(doc) != 0) return -1;
  double c2 = bench_cpu_seconds();
  const gw_entry *ents;
  const gw_subdoc *sds;
  const gw_diag *ds;
  st->entries = gw_doc_outline(doc, &ents);
  for (size_t k = 0; k < st->entries; k++) {
    st->checksum += ents[k].line * 31u + ents[k].end_line + (unsigned)ents[k].depth;
    st->placeholders += ents[k].parent < 0 ? ents[k].placeholders : 0;
  }
  st->subdocs = gw_doc_subdocs(doc, &sds);
  for (size_t k = 0; k < st->subdocs; k++) st->checksum += sds[k].first_line + (unsigned)sds[k].type;
  st->diags = gw_doc_diagnostics(doc, &ds);
  for (size_t k = 0; k < st->diags; k++) st->checksum += ds[k].line * 7u + (unsigned)ds[k].code + ds[k].start;
  st->lines = gw_doc_line_count(doc);
  st->t_set = c1 - c0;
  st->t_analyze = c2 - c1;
  st->t_read = bench_cpu_seconds() - c2;
  return 0;
}

/* Best CPU seconds of `runs` full passes; the last document is kept in *keep. */
static int bench_core(const char *text, size_t len, int runs, double *best_cpu, double *best_wall, core_stats *st,
                      gw_doc **keep)
{
  *best_cpu = *best_wall = 1e30;
  *keep = NULL;
  double best_set = 1e30, best_analyze = 1e30, best_read = 1e30;
  for (int r = 0; r < runs; r++) {
    gw_doc *doc = gw_doc_new(NULL);
    if (!doc) return -1;
    double w0 = bench_wall_seconds(), c0 = bench_cpu_seconds();
    int rc = core_pass(doc, text, len, st);
    double c1 = bench_cpu_seconds(), w1 = bench_wall_seconds();
    if (rc) { gw_doc_free(doc); return -1; }
    if (c1 - c0 < *best_cpu) *best_cpu = c1 - c0;
    if (w1 - w0 < *best_wall) *best_wall = w1 - w0;
    if (st->t_set < best_set) best_set = st->t_set;
    if (st->t_analyze < best_analyze) best_analyze = st->t_analyze;
    if (st->t_read < best_read) best_read = st->t_read;
    if (r + 1 < runs) gw_doc_free(doc);
    else *keep = doc;
  }
  st->t_set = best_set; /* each phase's best, for the breakdown */
  st->t_analyze = best_analyze;
  st->t_read = best_read;
  return 0;
}

/* ---- incremental: one-line edit in the middle ------------------------- */

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median ms of replace(one line in the middle) + analyze + reading the
** outline and diagnostics, alternating between the line as it was and the
** line with one more character typed at its end. */
static int bench_edit(gw_doc *doc, int edits, double *median_ms, size_t *seen)
{
  size_t n = gw_doc_line_count(doc);
  if (n == 0 || edits < 1) return -1;
  size_t mid = n / 2, len;
  /* a body line near the middle, so that the edit is a typical one */
  for (size_t k = mid; k < n && k < mid + 1000; k++) {
    gw_line_info li;
    if (gw_doc_line_info(doc, k, &li) == 0 && li.kind == GW_KIND_BODY) { mid = k; break; }
  }
  const char *line = gw_doc_line(doc, mid, &len);
  static const char TYPED[] = "字";
  char *a = malloc(len + 1), *b = malloc(len + sizeof TYPED);
  double *ms = malloc((size_t)edits * sizeof *ms);
  if (!a || !b || !ms) { free(a); free(b); free(ms); return -1; }
  memcpy(a, line, len); /* copies: the document frees its own line on replace */
  memcpy(b, line, len);
  memcpy(b + len, TYPED, sizeof TYPED - 1);
  size_t lens[2] = {len, len + sizeof TYPED - 1};
  const char *texts[2] = {a, b};
  int rc = 0;
  for (int e = 0; e < edits && rc == 0; e++) {
    int v = (e + 1) % 2; /* first edit changes the line */
    double c0 = bench_cpu_seconds();
    if (gw_doc_replace(doc, mid, mid + 1, &texts[v], &lens[v], 1) != 0 || gw_doc_analyze(doc) != 0) { rc = -1; break; }
    const gw_entry *ents;
    const gw_diag *ds;
    size_t ne = gw_doc_outline(doc, &ents), nd = gw_doc_diagnostics(doc, &ds);
    double c1 = bench_cpu_seconds();
    *seen += ne + nd;
    ms[e] = (c1 - c0) * 1000.0;
  }
  if (rc == 0) {
    qsort(ms, (size_t)edits, sizeof *ms, cmp_double);
    *median_ms = ms[edits / 2];
  }
  free(a);
  free(b);
  free(ms);
  return rc;
}

/* ---- main -------------------------------------------------------------- */

static int parse_int(const char *s, int lo, int hi, int *out)
{
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

int main(int argc, char **argv)
{
  const char *corpus = NULL, *md = NULL;
  int runs = 5, edits = 31;
  double luajit_mbps = -1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--md") && i + 1 < argc) md = argv[++i];
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
      if (parse_int(argv[++i], 1, 1000, &runs)) { fprintf(stderr, "bench: bad --runs\n"); return 2; }
    } else if (!strcmp(argv[i], "--edits") && i + 1 < argc) {
      if (parse_int(argv[++i], 1, 100000, &edits)) { fprintf(stderr, "bench: bad --edits\n"); return 2; }
    } else if (!strcmp(argv[i], "--luajit-mbps") && i + 1 < argc) {
      char *end;
      luajit_mbps = strtod(argv[++i], &end);
      if (*end) luajit_mbps = -1;
    } else if (!corpus && argv[i][0] != '-') corpus = argv[i];
    else { fprintf(stderr, "usage: bench CORPUS.txt [--md CORPUS.md] [--runs N] [--edits N] [--luajit-mbps X]\n"); return 2; }
  }
  if (!corpus) { fprintf(stderr, "bench: no corpus\n"); return 2; }

  size_t len;
  char *text = bench_read_file(corpus, &len);
  if (!text) return 1;
  double mb = (double)len / 1e6;
  double rss_text = peak_rss_mib();
  printf("info: corpus %s: %.1f MB\n", corpus, mb);

  /* (b) byte-table scan, best of max(runs, 10) */
  uint8_t tab[256];
  build_table(tab);
  volatile size_t sink = 0;
  double scan_best = 1e30;
  for (int r = 0; r < (runs > 10 ? runs : 10); r++) {
    double c0 = bench_cpu_seconds();
    size_t hits = table_scan((const unsigned char *)text, len, tab);
    double c1 = bench_cpu_seconds();
    sink = hits;
    if (c1 - c0 < scan_best) scan_best = c1 - c0;
  }
  double scan_mbps = mb / scan_best;
  printf("info: byte-table scan: %.0f MB/s (%zu hits)\n", scan_mbps, (size_t)sink);

  /* (a) the core */
  double core_cpu, core_wall;
  core_stats st;
  gw_doc *doc;
  if (bench_core(text, len, runs, &core_cpu, &core_wall, &st, &doc) != 0) {
    fprintf(stderr, "bench: the core failed (out of memory?)\n");
    return 1;
  }
  double core_mbps = mb / core_cpu;
  double rss_peak = peak_rss_mib();
  printf("info: core: %zu lines, %zu outline entries, %zu reports, %zu diagnostics, %zu placeholders (checksum %llu)\n",
         st.lines, st.entries, st.subdocs, st.diags, st.placeholders, st.checksum);
  printf("info: core: best of %d: %.3f s CPU (%.3f s wall) = %.0f MB/s CPU, %.0f MB/s wall\n", runs, core_cpu, core_wall,
         core_mbps, mb / core_wall);
  printf("info: core phases, best of %d each: set_text %.1f ms, analyze %.1f ms, reading the results %.1f ms\n", runs,
         st.t_set * 1e3, st.t_analyze * 1e3, st.t_read * 1e3);
  printf("info: peak RSS %.0f MiB (text buffer alone %.0f MiB, document %.0f MiB = %.1f x the text)\n", rss_peak,
         rss_text, rss_peak - rss_text, (rss_peak - rss_text) / (mb / 1.048576));

  /* incremental: one-line edit on the analyzed document */
  double edit_ms = -1;
  size_t seen = 0;
  if (bench_edit(doc, edits, &edit_ms, &seen) != 0) { fprintf(stderr, "bench: edit benchmark failed\n"); return 1; }
  printf("info: one-line edit in the middle + analyze + outline/diagnostics: median of %d: %.2f ms (%zu results read)\n", edits,
         edit_ms, seen);
  gw_doc_free(doc);

  /* the Markdown version, for information (after the RSS figure was taken) */
  if (md) {
    size_t mlen;
    char *mtext = bench_read_file(md, &mlen);
    if (mtext) {
      double mc, mw;
      core_stats ms;
      gw_doc *mdoc;
      int mruns = runs < 3 ? runs : 3;
      if (bench_core(mtext, mlen, mruns, &mc, &mw, &ms, &mdoc) == 0) {
        printf("info: core on the Markdown version (%.1f MB): best of %d: %.0f MB/s CPU, %zu entries\n",
               (double)mlen / 1e6, mruns, (double)mlen / 1e6 / mc, ms.entries);
        gw_doc_free(mdoc);
      }
      free(mtext);
    }
  }
  if (luajit_mbps > 0) printf("info: LuaJIT per-line pattern baseline: %.1f MB/s\n", luajit_mbps);
  else printf("info: no LuaJIT figure given: ratio_vs_luajit not computed\n");

  printf("core.mb_per_s=%.0f\n", core_mbps);
  printf("core.ratio_vs_scan=%.3f\n", core_mbps / scan_mbps);
  if (luajit_mbps > 0) printf("core.ratio_vs_luajit=%.1f\n", core_mbps / luajit_mbps);
  else printf("core.ratio_vs_luajit=n/a\n");
  printf("core.peak_rss_mb=%.0f\n", rss_peak);
  printf("core.edit_ms=%.2f\n", edit_ms);
  free(text);
  return 0;
}
