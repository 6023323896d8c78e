/*
** gencorpus.c: writes the benchmark corpus, plain text and Markdown.
**
**   gencorpus OUT.txt OUT.md MIN_BYTES REPORT.txt...
**
** Repeats the given reports, varied, until OUT.txt holds at least MIN_BYTES:
** each round takes the reports in a new (pseudo-random, fixed-seed) order, and
** copy k of a report has the ASCII digits of its body lines rotated by k % 10,
** every 4th copy a "（修订稿）" suffix on its title and every 2nd copy no blank
** lines inside. Reports are separated by one blank line.
**
** OUT.md is the same text with the structure written as ATX headings, for
** comparing the core with a Markdown tree-sitter parse: a title line becomes
** "# TITLE", a heading of marker rank r (1 一、 2 （一） 3 1. 4 （1） 5 ①)
** becomes r+1 '#' then a space then the line as it was. Ranks and kinds come
** from the core's own analysis of each source report.
**
** The generated files are build outputs, never committed.
*/
#define _POSIX_C_SOURCE 200809L
#include "gw.h"
#include "util.h"

#include <stdint.h>

/* A source report, analyzed once. */
typedef struct {
  gw_doc *doc;
  size_t nlines;
  gw_kind *kind; /* per line */
  int *rank;     /* per line */
} source;

/* Deterministic generator (xorshift64*), state passed explicitly. */
static uint64_t next_rand(uint64_t *s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

static int load_source(const char *path, source *src)
{
  size_t len;
  char *text = bench_read_file(path, &len);
  if (!text) return -1;
  memset(src, 0, sizeof *src);
  src->doc = gw_doc_new(NULL);
  if (!src->doc || gw_doc_set_text(src->doc, text, len) != 0 || gw_doc_analyze(src->doc) != 0) {
    fprintf(stderr, "gencorpus: cannot analyze %s\n", path);
    free(text);
    return -1;
  }
  free(text); /* the document holds copies of its lines */
  src->nlines = gw_doc_line_count(src->doc);
  src->kind = malloc((src->nlines + 1) * sizeof *src->kind);
  src->rank = malloc((src->nlines + 1) * sizeof *src->rank);
  if (!src->kind || !src->rank) { fprintf(stderr, "gencorpus: out of memory\n"); return -1; }
  for (size_t i = 0; i < src->nlines; i++) {
    gw_line_info li;
    if (gw_doc_line_info(src->doc, i, &li) != 0) { fprintf(stderr, "gencorpus: line info failed\n"); return -1; }
    src->kind[i] = li.kind;
    src->rank[i] = li.rank;
  }
  return 0;
}

/* Writes one copy of a report to both outputs; returns bytes written to txt. */
static size_t write_copy(const source *src, size_t copy, FILE *txt, FILE *md, char *scratch)
{
  size_t written = 0;
  int rot = (int)(copy % 10);
  int suffix = copy % 4 == 3, no_blanks = copy % 2 == 1;
  static const char SUFFIX[] = "（修订稿）";
  for (size_t i = 0; i < src->nlines; i++) {
    size_t len;
    const char *line = gw_doc_line(src->doc, i, &len);
    gw_kind k = src->kind[i];
    if (k == GW_KIND_BLANK && no_blanks) continue;
    const char *out = line;
    if (k == GW_KIND_BODY && rot) {
      memcpy(scratch, line, len);
      for (size_t b = 0; b < len; b++)
        if (scratch[b] >= '0' && scratch[b] <= '9') scratch[b] = (char)('0' + (scratch[b] - '0' + rot) % 10);
      out = scratch;
    }
    /* Markdown prefix */
    if (k == GW_KIND_TITLE) fputs("# ", md);
    else if (k == GW_KIND_HEADING && src->rank[i] >= 1) {
      int r = src->rank[i] > 5 ? 5 : src->rank[i];
      for (int h = 0; h <= r; h++) fputc('#', md);
      fputc(' ', md);
    }
    fwrite(out, 1, len, txt);
    fwrite(out, 1, len, md);
    written += len;
    if (k == GW_KIND_TITLE && suffix && (i + 1 >= src->nlines || src->kind[i + 1] != GW_KIND_TITLE)) {
      fputs(SUFFIX, txt);
      fputs(SUFFIX, md);
      written += sizeof SUFFIX - 1;
    }
    fputc('\n', txt);
    fputc('\n', md);
    written++;
  }
  fputc('\n', txt);
  fputc('\n', md);
  return written + 1;
}

int main(int argc, char **argv)
{
  if (argc < 5) {
    fprintf(stderr, "usage: gencorpus OUT.txt OUT.md MIN_BYTES REPORT.txt...\n");
    return 2;
  }
  char *endp;
  unsigned long long min_bytes = strtoull(argv[3], &endp, 10);
  if (*endp || min_bytes == 0) { fprintf(stderr, "gencorpus: bad MIN_BYTES %s\n", argv[3]); return 2; }
  size_t nsrc = (size_t)argc - 4;
  source *srcs = calloc(nsrc, sizeof *srcs);
  size_t *order = malloc(nsrc * sizeof *order);
  size_t *copies = calloc(nsrc, sizeof *copies);
  if (!srcs || !order || !copies) { fprintf(stderr, "gencorpus: out of memory\n"); return 1; }
  size_t longest = 0;
  for (size_t k = 0; k < nsrc; k++) {
    if (load_source(argv[4 + k], &srcs[k]) != 0) return 1;
    for (size_t i = 0; i < srcs[k].nlines; i++) {
      size_t len;
      gw_doc_line(srcs[k].doc, i, &len);
      if (len > longest) longest = len;
    }
    order[k] = k;
  }
  char *scratch = malloc(longest + 1);
  FILE *txt = fopen(argv[1], "wb"), *md = fopen(argv[2], "wb");
  if (!scratch || !txt || !md) { fprintf(stderr, "gencorpus: cannot create outputs\n"); return 1; }
  uint64_t rng = 0x9E3779B97F4A7C15ULL;
  unsigned long long total = 0;
  size_t rounds = 0;
  while (total < min_bytes) {
    /* Fisher-Yates shuffle of the report order for this round */
    for (size_t k = nsrc; k > 1; k--) {
      size_t j = (size_t)(next_rand(&rng) % k);
      size_t t = order[k - 1];
      order[k - 1] = order[j];
      order[j] = t;
    }
    for (size_t k = 0; k < nsrc && total < min_bytes; k++) {
      size_t s = order[k];
      total += write_copy(&srcs[s], copies[s]++, txt, md, scratch);
    }
    rounds++;
  }
  int bad = ferror(txt) || ferror(md);
  bad |= fclose(txt) != 0;
  bad |= fclose(md) != 0;
  if (bad) { fprintf(stderr, "gencorpus: write error\n"); return 1; }
  printf("gencorpus: %llu bytes from %zu reports in %zu rounds\n", total, nsrc, rounds);
  for (size_t k = 0; k < nsrc; k++) {
    gw_doc_free(srcs[k].doc);
    free(srcs[k].kind);
    free(srcs[k].rank);
  }
  free(srcs);
  free(order);
  free(copies);
  free(scratch);
  return 0;
}
