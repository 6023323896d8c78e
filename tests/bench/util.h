/*
** util.h: small helpers shared by the benchmark programs (file reading and
** clocks). Header-only; every function is static inline so that a program
** that does not use one gets no warning.
*/
#ifndef GW_BENCH_UTIL_H
#define GW_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads a whole file; returns a malloc'd buffer (NUL-terminated, *len bytes
** before the NUL) or NULL with a message on stderr. */
static inline char *bench_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); return NULL; }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) { fclose(f); fprintf(stderr, "out of memory reading %s\n", path); return NULL; }
  for (;;) {
    if (cap - n < 4096) {
      size_t nc = cap * 2;
      char *nb = realloc(buf, nc);
      if (!nb) { free(buf); fclose(f); fprintf(stderr, "out of memory reading %s\n", path); return NULL; }
      buf = nb;
      cap = nc;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) { free(buf); fprintf(stderr, "read error on %s\n", path); return NULL; }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Seconds of CPU time used by this process (the clock LuaJIT's os.clock()
** reads too, so C and Lua figures are comparable and robust to preemption on
** a shared machine). */
static inline double bench_cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall-clock seconds (monotonic), for information next to CPU time. */
static inline double bench_wall_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
