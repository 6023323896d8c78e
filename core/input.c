/*
** input.c: turning a file's bytes into UTF-8 text. A UTF-8 BOM is dropped,
** UTF-16 with a BOM and GB18030/GBK are converted (iconv), binary data and
** text in no known encoding are refused with a message.
*/
#include "input.h"

#include "gw_int.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int convert(const char *from, const char *buf, size_t len, char **out, size_t *outlen)
{
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return -1;
  size_t cap = len * 2 + 16;
  char *dst = malloc(cap);
  if (!dst) { iconv_close(cd); return -1; }
  char *in = (char *)buf, *op = dst;
  size_t inleft = len, outleft = cap;
  int rc = 0;
  while (inleft > 0) {
    size_t r = iconv(cd, &in, &inleft, &op, &outleft);
    if (r != (size_t)-1) break;
    if (errno == E2BIG) {
      size_t used = (size_t)(op - dst);
      size_t ncap = cap * 2;
      char *nd = realloc(dst, ncap);
      if (!nd) { rc = -1; break; }
      dst = nd;
      cap = ncap;
      op = dst + used;
      outleft = cap - used;
      continue;
    }
    rc = -1; /* EILSEQ or EINVAL: not this encoding */
    break;
  }
  iconv_close(cd);
  if (rc) { free(dst); return -1; }
  *out = dst;
  *outlen = (size_t)(op - dst);
  return 0;
}

static size_t first_invalid(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) { i++; continue; }
    size_t len;
    uint32_t cp = gw_utf8_decode((const unsigned char *)s, n, i, &len);
    if (cp == 0xFFFD && len == 1) return i;
    i += len;
  }
  return n;
}

static bool looks_binary(const char *s, size_t n)
{
  size_t lim = n < 65536 ? n : 65536, ctrl = 0;
  for (size_t i = 0; i < lim; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B)) ctrl++;
  }
  return lim > 0 && ctrl * 20 > lim; /* more than 5% control bytes */
}

int gw_decode_input(const char *buf, size_t len, gw_input *res)
{
  memset(res, 0, sizeof *res);
  res->encoding = "UTF-8";
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    buf += 3;
    len -= 3;
    res->bom = true;
  } else if (len >= 2 && ((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE)) {
    res->encoding = "UTF-16LE";
    res->bom = true;
    if (convert("UTF-16LE", buf + 2, len - 2, &res->owned, &res->len) == 0) { res->text = res->owned; return 0; }
    snprintf(res->error, sizeof res->error, "invalid UTF-16LE text");
    return -1;
  } else if (len >= 2 && ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)) {
    res->encoding = "UTF-16BE";
    res->bom = true;
    if (convert("UTF-16BE", buf + 2, len - 2, &res->owned, &res->len) == 0) { res->text = res->owned; return 0; }
    snprintf(res->error, sizeof res->error, "invalid UTF-16BE text");
    return -1;
  }
  size_t bad = first_invalid(buf, len);
  if (bad == len) {
    if (looks_binary(buf, len)) {
      snprintf(res->error, sizeof res->error, "binary data, not a text report");
      return -1;
    }
    res->text = buf;
    res->len = len;
    return 0;
  }
  if (looks_binary(buf, len)) {
    snprintf(res->error, sizeof res->error, "binary data, not a text report");
    return -1;
  }
  if (convert("GB18030", buf, len, &res->owned, &res->len) == 0) {
    res->text = res->owned;
    res->encoding = "GB18030";
    return 0;
  }
  snprintf(res->error, sizeof res->error,
           "not valid UTF-8 (first bad byte 0x%02X at offset %zu) and not GB18030 either; convert it with iconv first",
           (unsigned char)buf[bad], bad);
  return -1;
}

void gw_input_free(gw_input *res)
{
  free(res->owned);
  res->owned = NULL;
  res->text = NULL;
}
