/*
** replay.c: a plain main() for a fuzz target, to replay saved inputs without
** libFuzzer (tests/fuzz/regress.sh builds each target with it, under ASan and
** UBSan, with gcc or clang).
**
**   replay-TARGET FILE...
**
** Runs LLVMFuzzerTestOneInput once per file; a violated invariant aborts. Prints
** "ok FILE" per file that passed. Exit status 0 when all passed, 2 on a file
** that cannot be read.
*/
#define _POSIX_C_SOURCE 200809L
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

/* Reads a whole file into a malloc'd buffer (never NULL on success, even when empty). */
static unsigned char *read_all(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    if (n == cap) {
      unsigned char *nb = realloc(buf, cap * 2);
      if (!nb) { free(buf); buf = NULL; break; }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (buf && ferror(f)) { free(buf); buf = NULL; }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    size_t len = 0;
    unsigned char *data = read_all(argv[i], &len);
    if (!data) {
      fprintf(stderr, "replay: cannot read %s\n", argv[i]);
      return 2;
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    printf("ok %s\n", argv[i]);
  }
  return 0;
}
