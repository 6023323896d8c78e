/*
** input.h: decoding a file's bytes to UTF-8 for the analyzer.
*/
#ifndef GW_INPUT_H
#define GW_INPUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char *text;     /* UTF-8 text (points into the input or into owned) */
  size_t len;
  char *owned;          /* allocation to free, or NULL */
  const char *encoding; /* "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE" */
  bool bom;
  char error[160];      /* why the input was refused */
} gw_input;

/* 0 on success; -1 when the input is refused (res->error says why). */
int gw_decode_input(const char *buf, size_t len, gw_input *res);
void gw_input_free(gw_input *res);

#endif
