/*
** tap.c: the C test harness (see tap.h).
*/
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>

tap_test *tap_current;

static int passed, failed, skipped, quiet;

void tap_set_quiet(int q) { quiet = q; }

void tap_fail(const char *file, int line, const char *fmt, ...)
{
  if (tap_current) {
    if (tap_current->failed_checks++ == 0) printf("not ok - %s\n", tap_current->name);
  }
  va_list ap;
  va_start(ap, fmt);
  printf("    %s:%d: ", file, line);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
}

int tap_run(const char *name, void (*fn)(void))
{
  tap_test t = {0, name};
  tap_current = &t;
  fn();
  tap_current = NULL;
  if (t.failed_checks) { failed++; return 0; }
  passed++;
  if (!quiet) printf("ok - %s\n", name);
  return 1;
}

void tap_skip(const char *name, const char *why)
{
  skipped++;
  printf("SKIP %s: %s\n", name, why);
}

void tap_totals(int *p, int *f, int *s)
{
  *p = passed;
  *f = failed;
  *s = skipped;
}

int tap_finish(const char *results_path)
{
  if (results_path) {
    FILE *f = fopen(results_path, "w");
    if (f) {
      fprintf(f, "%d %d %d\n", passed, failed, skipped);
      fclose(f);
    }
  }
  printf("%d passed, %d failed", passed, failed);
  if (skipped) printf(", %d skipped", skipped);
  printf("\n");
  return failed ? 1 : 0;
}
