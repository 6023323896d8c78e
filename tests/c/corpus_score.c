/*
** corpus_score.c: scores the gongwen CLI against labeled reports.
**
**   corpus-score --cli PATH [--min-f1 0.98] [--exact] [--results FILE] DIR
**
** For every DIR/NAME.labels.tsv it runs `CLI outline --format=tsv NAME.txt`
** and `CLI placeholders --format=tsv NAME.txt` and compares the rows.
**   default: precision, recall and F1 over structure rows (line, kind, rank)
**            and placeholder rows (line, col, text); one test per measure,
**            failing below --min-f1.
**   --exact: every file is one test that passes only when all columns match,
**            and NAME.diags expectations hold ("LINE CODE" must be reported,
**            "!LINE CODE" must not, "!* CODE" nowhere).
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char **v;
  size_t n, cap;
} strvec;

static void die(const char *msg)
{
  fprintf(stderr, "corpus-score: %s\n", msg);
  exit(2);
}

static void push(strvec *s, const char *str)
{
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    if (!s->v) die("out of memory");
  }
  s->v[s->n] = strdup(str);
  if (!s->v[s->n]) die("out of memory");
  s->n++;
}

static void clear(strvec *s)
{
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  s->n = 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lines of a stream, without the header line and trailing newlines. */
static void read_rows(FILE *f, strvec *out, int skip_header)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int first = 1;
  while ((len = getline(&line, &cap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (first && skip_header) { first = 0; continue; }
    first = 0;
    if (len == 0) continue;
    push(out, line);
  }
  free(line);
}

static int read_file_rows(const char *path, strvec *out, int skip_header)
{
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  read_rows(f, out, skip_header);
  fclose(f);
  return 0;
}

static char *shell_quote(const char *s)
{
  size_t n = strlen(s), k = 2;
  for (size_t i = 0; i < n; i++) k += s[i] == '\'' ? 4 : 1;
  char *q = malloc(k + 1), *p = q;
  if (!q) die("out of memory");
  *p++ = '\'';
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\'') { memcpy(p, "'\\''", 4); p += 4; }
    else *p++ = s[i];
  }
  *p++ = '\'';
  *p = '\0';
  return q;
}

static int run_rows(const char *cli, const char *args, const char *file, strvec *out, int skip_header)
{
  char *qc = shell_quote(cli), *qf = shell_quote(file);
  size_t n = strlen(qc) + strlen(args) + strlen(qf) + 16;
  char *cmd = malloc(n);
  if (!cmd) die("out of memory");
  snprintf(cmd, n, "%s %s %s", qc, args, qf);
  FILE *p = popen(cmd, "r");
  free(qc);
  free(qf);
  if (!p) { free(cmd); return -1; }
  read_rows(p, out, skip_header);
  int st = pclose(p);
  free(cmd);
  return st;
}

/* The first n tab-separated fields of a row, as a new string. */
static char *key_of(const char *row, int nfields)
{
  const char *p = row;
  for (int k = 0; k < nfields && p; k++) {
    p = strchr(p, '\t');
    if (p && k < nfields - 1) p++;
  }
  size_t len = p ? (size_t)(p - row) : strlen(row);
  char *s = malloc(len + 1);
  if (!s) die("out of memory");
  memcpy(s, row, len);
  s[len] = '\0';
  return s;
}

static int contains(strvec *sorted, const char *k)
{
  return bsearch(&k, sorted->v, sorted->n, sizeof *sorted->v, cmp_str) != NULL;
}

typedef struct { long tp, fp, fn; } score;

/* Counts matches between expected and got keyed on the first nfields; prints misses. */
static void compare(const char *name, strvec *exp, strvec *got, int nfields, score *sc, int verbose, int *exact_ok)
{
  strvec ek = {0}, gk = {0};
  for (size_t i = 0; i < exp->n; i++) { char *k = key_of(exp->v[i], nfields); push(&ek, k); free(k); }
  for (size_t i = 0; i < got->n; i++) { char *k = key_of(got->v[i], nfields); push(&gk, k); free(k); }
  qsort(ek.v, ek.n, sizeof *ek.v, cmp_str);
  qsort(gk.v, gk.n, sizeof *gk.v, cmp_str);
  for (size_t i = 0; i < exp->n; i++) {
    char *k = key_of(exp->v[i], nfields);
    if (contains(&gk, k)) sc->tp++;
    else { sc->fn++; if (verbose) printf("    %s: missed   %s\n", name, exp->v[i]); }
    free(k);
  }
  for (size_t i = 0; i < got->n; i++) {
    char *k = key_of(got->v[i], nfields);
    if (!contains(&ek, k)) { sc->fp++; if (verbose) printf("    %s: spurious %s\n", name, got->v[i]); }
    free(k);
  }
  if (exact_ok) {
    /* all columns, in order */
    if (exp->n != got->n) *exact_ok = 0;
    for (size_t i = 0; i < exp->n && i < got->n; i++)
      if (strcmp(exp->v[i], got->v[i]) != 0) {
        *exact_ok = 0;
        printf("    %s: expected %s\n    %s:      got %s\n", name, exp->v[i], name, got->v[i]);
      }
  }
  clear(&ek);
  clear(&gk);
  free(ek.v);
  free(gk.v);
}

static void f1(const score *s, double *p, double *r, double *f)
{
  *p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 0;
  *r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0;
  *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

/* NAME.diags expectations against `check` output lines "file:LINE:COL: sev: msg [GWnnn]". */
static int check_diags(const char *cli, const char *txt, const char *diags, const char *name)
{
  strvec want = {0}, out = {0};
  if (read_file_rows(diags, &want, 0) != 0) return 1;
  run_rows(cli, "check", txt, &out, 0);
  int ok = 1;
  for (size_t i = 0; i < want.n; i++) {
    const char *w = want.v[i];
    if (w[0] == '#') continue;
    int neg = w[0] == '!';
    if (neg) w++;
    char where[32], code[32];
    if (sscanf(w, "%31s %31s", where, code) != 2) { printf("    %s: bad expectation '%s'\n", name, want.v[i]); ok = 0; continue; }
    int found = 0;
    for (size_t k = 0; k < out.n && !found; k++) {
      const char *o = out.v[k];
      const char *after = strstr(o, txt);
      if (!after) continue;
      after += strlen(txt);
      long line = strtol(after + 1, NULL, 10);
      char tag[40];
      snprintf(tag, sizeof tag, "[%s]", code);
      if (!strstr(o, tag)) continue;
      if (strcmp(where, "*") == 0 || line == strtol(where, NULL, 10)) found = 1;
    }
    if (found == neg) {
      ok = 0;
      printf("    %s: %s %s at line %s\n", name, neg ? "unexpected" : "missing", code, where);
    }
  }
  if (!ok)
    for (size_t k = 0; k < out.n; k++) printf("      | %s\n", out.v[k]);
  clear(&want);
  clear(&out);
  free(want.v);
  free(out.v);
  return ok;
}

int main(int argc, char **argv)
{
  const char *cli = "build/gongwen", *results = NULL, *dir = NULL;
  double min_f1 = 0.98;
  int exact = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--cli") && i + 1 < argc) cli = argv[++i];
    else if (!strcmp(argv[i], "--results") && i + 1 < argc) results = argv[++i];
    else if (!strcmp(argv[i], "--min-f1") && i + 1 < argc) min_f1 = atof(argv[++i]);
    else if (!strcmp(argv[i], "--exact")) exact = 1;
    else dir = argv[i];
  }
  if (!dir) die("usage: corpus-score --cli PATH [--min-f1 F] [--exact] [--results FILE] DIR");
  int passed = 0, failed = 0, skipped = 0;
  struct stat st;
  DIR *d = stat(dir, &st) == 0 ? opendir(dir) : NULL;
  if (!d) {
    printf("SKIP corpus: %s not found (run from a checkout with ../shared beside it)\n", dir);
    skipped = 1;
  } else {
    strvec names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
      size_t n = strlen(de->d_name);
      if (n > 11 && strcmp(de->d_name + n - 11, ".labels.tsv") == 0) push(&names, de->d_name);
    }
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    score st_s = {0}, ph_s = {0};
    for (size_t i = 0; i < names.n; i++) {
      size_t blen = strlen(names.v[i]) - 11;
      char base[1024], txt[1200], lab[1200], ph[1200], dg[1200];
      snprintf(base, sizeof base, "%s/%.*s", dir, (int)blen, names.v[i]);
      snprintf(txt, sizeof txt, "%s.txt", base);
      snprintf(lab, sizeof lab, "%s.labels.tsv", base);
      snprintf(ph, sizeof ph, "%s.placeholders.tsv", base);
      snprintf(dg, sizeof dg, "%s.diags", base);
      const char *name = names.v[i];
      strvec exp = {0}, got = {0};
      int ok = 1;
      read_file_rows(lab, &exp, 1);
      if (run_rows(cli, "outline --format=tsv", txt, &got, 1) != 0) { ok = 0; printf("    %s: CLI failed\n", name); }
      compare(name, &exp, &got, 3, &st_s, 1, exact ? &ok : NULL);
      clear(&exp);
      clear(&got);
      if (read_file_rows(ph, &exp, 1) == 0) {
        if (run_rows(cli, "placeholders --format=tsv", txt, &got, 1) != 0) { ok = 0; printf("    %s: CLI failed\n", name); }
        compare(name, &exp, &got, 3, &ph_s, 1, exact ? &ok : NULL);
      }
      clear(&exp);
      clear(&got);
      free(exp.v);
      free(got.v);
      if (exact) {
        if (stat(dg, &st) == 0) ok &= check_diags(cli, txt, dg, name);
        printf("%s - %.*s\n", ok ? "ok" : "not ok", (int)blen, name);
        if (ok) passed++;
        else failed++;
      }
    }
    if (!exact) {
      double p, r, f;
      f1(&st_s, &p, &r, &f);
      printf("structure rows:   precision %.4f  recall %.4f  F1 %.4f  (%ld tp, %ld fp, %ld fn; %zu files)\n", p, r, f,
             st_s.tp, st_s.fp, st_s.fn, names.n);
      if (f >= min_f1) passed++;
      else { failed++; printf("not ok - structure F1 %.4f below %.2f\n", f, min_f1); }
      f1(&ph_s, &p, &r, &f);
      printf("placeholder rows: precision %.4f  recall %.4f  F1 %.4f  (%ld tp, %ld fp, %ld fn)\n", p, r, f, ph_s.tp,
             ph_s.fp, ph_s.fn);
      if (f >= min_f1) passed++;
      else { failed++; printf("not ok - placeholder F1 %.4f below %.2f\n", f, min_f1); }
      if (names.n == 0) { failed++; printf("not ok - no labeled files in %s\n", dir); }
    }
    clear(&names);
    free(names.v);
  }
  if (results) {
    FILE *f = fopen(results, "w");
    if (f) { fprintf(f, "%d %d %d\n", passed, failed, skipped); fclose(f); }
  }
  printf("%d passed, %d failed%s\n", passed, failed, skipped ? ", 1 skipped" : "");
  return failed ? 1 : 0;
}
