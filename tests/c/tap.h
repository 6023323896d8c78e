/*
** tap.h: a small test harness for the C tests. A test is a function; a
** check that fails marks the running test failed and prints where.
*/
#ifndef GW_TAP_H
#define GW_TAP_H

#include <stddef.h>

typedef struct {
  int failed_checks;   /* in the running test */
  const char *name;
} tap_test;

extern tap_test *tap_current;

void tap_fail(const char *file, int line, const char *fmt, ...);
/* Runs fn as one test named name; returns 1 if it passed. */
int tap_run(const char *name, void (*fn)(void));
/* Totals so far. */
void tap_totals(int *passed, int *failed, int *skipped);
void tap_skip(const char *name, const char *why);
void tap_set_quiet(int quiet);
/* Writes "PASSED FAILED SKIPPED" to path (if not NULL), prints a summary line; returns exit status. */
int tap_finish(const char *results_path);

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) tap_fail(__FILE__, __LINE__, "check failed: %s", #cond); \
  } while (0)

#define CHECK_INT(got, want)                                                                        \
  do {                                                                                              \
    long long g_ = (long long)(got), w_ = (long long)(want);                                        \
    if (g_ != w_) tap_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #got, g_, w_);           \
  } while (0)

#define CHECK_STR(got, want)                                                                        \
  do {                                                                                              \
    const char *g_ = (got), *w_ = (want);                                                           \
    if (!g_ || strcmp(g_, w_) != 0) tap_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #got, g_ ? g_ : "(null)", w_); \
  } while (0)

#endif
