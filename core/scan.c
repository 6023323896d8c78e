/*
** scan.c: what one line says by itself. Heading markers with their written
** variants, enumerators, labels, noise, title/addressee/signature shapes,
** body cues and placeholder spans. Everything here looks at one line only,
** so the document can redo it for just the lines an edit touched.
*/
#define _GNU_SOURCE /* memmem */
#include "gw_int.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define GW_SSE2 1
#else
#define GW_SSE2 0
#endif

/* {===================================================================
** UTF-8
** =================================================================== */

uint32_t gw_utf8_decode(const unsigned char *s, size_t n, size_t i, size_t *len)
{
  unsigned char c = s[i];
  if (c < 0x80) { *len = 1; return c; }
  size_t need;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
  else { *len = 1; return 0xFFFD; }
  if (i + need >= n) { *len = 1; return 0xFFFD; }
  for (size_t k = 1; k <= need; k++) {
    unsigned char t = s[i + k];
    if ((t & 0xC0) != 0x80) { *len = 1; return 0xFFFD; }
    cp = (cp << 6) | (t & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { *len = 1; return 0xFFFD; }
  *len = need + 1;
  return cp;
}

size_t gw_utf8_count(const char *s, size_t n)
{
  size_t c = 0, i = 0;
#if GW_SSE2
  /* sixteen bytes at a time: bytes above 0xBF or below 0x80 (signed > -65)
  ** start a character; byte counters, summed before they can overflow */
  if (n >= 16) {
    /* the last n % 16 bytes: the sixteen that end the text, the ones counted
    ** already masked off (ones[k .. k + 16) is k zeros, then 0xFF) */
    static const unsigned char ones[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                           255, 255, 255, 255, 255, 255, 255, 255,
                                           255, 255, 255, 255, 255, 255, 255, 255};
    const __m128i lim = _mm_set1_epi8(-65), zero = _mm_setzero_si128();
    size_t r = n % 16;
    while (i + 16 <= n) {
      __m128i acc = zero;
      size_t stop = n - i >= 16 * 254 ? i + 16 * 254 : i + (n - i) / 16 * 16;
      for (; i < stop; i += 16)
        acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), lim));
      if (i + 16 > n && r) { /* at most 254 blocks before: room in the counters */
        __m128i t = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)), lim);
        acc = _mm_sub_epi8(acc, _mm_and_si128(t, _mm_loadu_si128((const __m128i *)(const void *)(ones + r))));
        i = n;
      }
      __m128i sum = _mm_sad_epu8(acc, zero);
      c += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
    if (i < n) { /* a tail after 255 full blocks */
      __m128i t = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)), lim);
      t = _mm_sub_epi8(zero, _mm_and_si128(t, _mm_loadu_si128((const __m128i *)(const void *)(ones + (n - i)))));
      __m128i sum = _mm_sad_epu8(t, zero);
      c += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
    return c;
  }
#endif
  /* eight bytes at a time: count the continuation bytes (10xxxxxx) */
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7; /* one bit per continuation byte */
    c += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
  }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (i < n && n >= 8) {
    /* the last r bytes: the eight that end the text, the ones counted masked off */
    size_t r = n - i;
    uint64_t w;
    memcpy(&w, s + n - 8, 8);
    uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL & (~0ULL << (8 * (8 - r)))) >> 7;
    return c + r - (size_t)((cont * 0x0101010101010101ULL) >> 56);
  }
#endif
  for (; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

int gw_utf8_valid(const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    if (u[i] < 0x80) { i++; continue; }
    size_t len;
    uint32_t cp = gw_utf8_decode(u, n, i, &len);
    if (cp == 0xFFFD && len == 1) return 0;
    i += len;
  }
  return 1;
}

#if defined(__GNUC__) || defined(__clang__)
#define GW_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define GW_ALWAYS_INLINE inline
#endif

/* Code point at i (0 past the end); three-byte characters without a call. */
static inline uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
  if (i >= n) { *len = 0; return 0; }
  const unsigned char *u = (const unsigned char *)s + i;
  if (u[0] < 0x80) { *len = 1; return u[0]; }
  /* (E1..EF but ED, then two continuation bytes: tested with fewer branches) */
  if ((unsigned)(u[0] - 0xE1) <= 0xEF - 0xE1 && u[0] != 0xED && i + 2 < n && ((u[1] ^ 0x80) | (u[2] ^ 0x80)) < 0x40) {
    *len = 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  return gw_utf8_decode((const unsigned char *)s, n, i, len);
}

/* Code point that ends just before i (0 at the start). */
static GW_ALWAYS_INLINE uint32_t cp_before(const char *s, size_t i, size_t *start)
{
  if (i == 0) { *start = 0; return 0; }
  const unsigned char *u = (const unsigned char *)s;
  if (u[i - 1] < 0x80) { *start = i - 1; return u[i - 1]; }
  if (i >= 3 && (unsigned)(u[i - 3] - 0xE1) <= 0xEF - 0xE1 && u[i - 3] != 0xED &&
      ((u[i - 2] ^ 0x80) | (u[i - 1] ^ 0x80)) < 0x40) {
    *start = i - 3;
    return ((uint32_t)(u[i - 3] & 0x0F) << 12) | ((uint32_t)(u[i - 2] & 0x3F) << 6) | (u[i - 1] & 0x3F);
  }
  size_t j = i - 1;
  int k = 0;
  while (j > 0 && k < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) { j--; k++; }
  size_t len;
  uint32_t c = gw_utf8_decode((const unsigned char *)s, i, j, &len);
  if (j + len != i) { *start = i - 1; return 0xFFFD; }
  *start = j;
  return c;
}

/* Full-width forms and PDF look-alikes folded to what they stand for. */
static GW_ALWAYS_INLINE uint32_t fold(uint32_t c)
{
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0; /* full-width ASCII */
  if (c < 0x2F00) return c == 0x00A0 ? ' ' : c;       /* nothing else below ⼀ folds */
  if (c > 0x3000 && c < 0xFE59) return c;             /* nor between 　 and ﹙ */
  switch (c) {
  case 0x2F00: return 0x4E00; /* ⼀ kangxi one */
  case 0x2F06: return 0x4E8C; /* ⼆ */
  case 0x2F0B: return 0x516B; /* ⼋ */
  case 0x2F17: return 0x5341; /* ⼗ */
  case 0xFE59: return '(';    /* ﹙ */
  case 0xFE5A: return ')';    /* ﹚ */
  case 0x3000: return ' ';
  case 0x00A0: return ' ';
  default: return c;
  }
}

static bool is_kangxi(uint32_t c) { return c >= 0x2F00 && c <= 0x2FD5; }

static bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == 0xFEFF || c == '\r' || c == '\v' || c == '\f'; }

static bool is_ascii_alpha(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_cjk(uint32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF); }

/* Value of a CJK numeral character: 0..9, 10 for 十, 100 for 百, -1 if none:
** 零 〇 一 二 三 四 五 六 七 八 九 十 百, and the kangxi look-alikes ⼀ ⼆ ⼋ ⼗
** (the only characters fold() turns into one of them). Most characters asked
** about are none, so the answer is one look-up in a hash set of the thirteen
** (multiplicative hash, no two in one slot; generated) instead of a switch. */
#define DIGIT_BITS 5
#define DIGIT_MULT 0xA6A3A451u
static const uint32_t DIGIT_KEY[32] = {
  0x96F6, 0, 0, 0, 0, 0, 0x4E94, 0x3007, 0, 0, 0, 0x5341, 0x4E5D, 0x516B, 0x767E, 0,
  0x56DB, 0, 0, 0, 0, 0, 0x4E09, 0x516D, 0, 0x4E03, 0, 0x4E00, 0, 0, 0, 0x4E8C,
};
static const int8_t DIGIT_VAL[32] = {
  0, -1, -1, -1, -1, -1, 5, 0, -1, -1, -1, 10, 9, 8, 100, -1,
  4, -1, -1, -1, -1, -1, 3, 6, -1, 7, -1, 1, -1, -1, -1, 2,
};

static GW_ALWAYS_INLINE int cjk_digit(uint32_t c)
{
  if (c >= 0x2F00 && c <= 0x2F17) c = fold(c); /* ⼀ ⼆ ⼋ ⼗ */
  uint32_t slot = (c * DIGIT_MULT) >> (32 - DIGIT_BITS);
  /* (a free slot holds 0 and says -1: 0 is no numeral either) */
  return DIGIT_KEY[slot] == c ? DIGIT_VAL[slot] : -1;
}

/* Parses a CJK number (一 … 九十九, 一百…) at *i; returns its value (>0) and
** advances *i, or returns 0 and leaves *i. */
static int parse_cjk_number(const char *s, size_t n, size_t *i)
{
  size_t j = *i, len;
  int total = 0, cur = -1, count = 0;
  while (j < n && count < 5) {
    int d = cjk_digit(cp_at(s, n, j, &len));
    if (d < 0) break;
    if (d == 10 || d == 100) {
      total += (cur < 0 ? 1 : cur) * d;
      cur = -1;
    } else if (d == 0) {
      cur = -1;
    } else {
      if (cur >= 0) return 0; /* 一二: not a number */
      cur = d;
    }
    j += len;
    count++;
  }
  if (count == 0) return 0;
  if (cur > 0) total += cur;
  if (total <= 0 || total > 999) return 0;
  *i = j;
  return total;
}

/* Parses 1–2 ASCII or full-width digits; returns value or -1. */
static int parse_digits(const char *s, size_t n, size_t *i, int maxd)
{
  size_t j = *i, len;
  int v = 0, k = 0;
  while (j < n && k < maxd + 1) {
    uint32_t c = fold(cp_at(s, n, j, &len));
    if (!is_digit(c)) break;
    v = v * 10 + (int)(c - '0');
    j += len;
    k++;
  }
  if (k == 0 || k > maxd) return -1;
  *i = j;
  return v;
}

static GW_ALWAYS_INLINE size_t skip_spaces(const char *s, size_t n, size_t i)
{
  /* only these bytes start a space: \t \v \f \r ' ' C2 (A0) E3 (3000) EF (FEFF) */
  if (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c > ' ' && c != 0xC2 && c != 0xE3 && c != 0xEF) return i;
  }
  size_t len;
  while (i < n && is_space(cp_at(s, n, i, &len))) i += len;
  return i;
}

/* (The first bytes are compared before memcmp: most calls fail there.) */
static GW_ALWAYS_INLINE bool starts_n(const char *s, size_t n, size_t i, const char *lit, size_t k)
{
  if (i + k > n) return false;
  if (k >= 2 && (s[i] != lit[0] || s[i + 1] != lit[1])) return false;
  return memcmp(s + i, lit, k) == 0;
}

/* Substring search tuned for the short texts it is used on: compares the first
** three bytes (one CJK character) before calling memcmp. */
static bool has_n(const char *s, size_t n, const char *lit, size_t k)
{
  if (k > n) return false;
  if (n > 256) return memmem(s, n, lit, k) != NULL;
  const unsigned char *u = (const unsigned char *)s, *l = (const unsigned char *)lit;
  size_t i = 0;
#if GW_SSE2
  if (k >= 3) {
    /* sixteen positions at a time: where the first three bytes match */
    const __m128i a = _mm_set1_epi8((char)l[0]), b = _mm_set1_epi8((char)l[1]), c = _mm_set1_epi8((char)l[2]);
    for (; i + 18 <= n; i += 16) {
      __m128i m = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i)), a),
                                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i + 1)), b));
      m = _mm_and_si128(m, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i + 2)), c));
      unsigned bits = (unsigned)_mm_movemask_epi8(m);
      while (bits) {
        size_t p = i + (unsigned)__builtin_ctz(bits);
        if (p + k <= n && memcmp(u + p, l, k) == 0) return true;
        bits &= bits - 1;
      }
    }
    if (i < n && n >= 18) {
      /* the rest: the sixteen positions that end three bytes before n (no
      ** match of three bytes or more starts later), those before i masked
      ** off, not a walk byte by byte */
      size_t i2 = n - 18;
      __m128i m = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i2)), a),
                                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i2 + 1)), b));
      m = _mm_and_si128(m, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i2 + 2)), c));
      unsigned bits = (unsigned)_mm_movemask_epi8(m) & (~0u << (i - i2));
      while (bits) {
        size_t p = i2 + (unsigned)__builtin_ctz(bits);
        if (p + k <= n && memcmp(u + p, l, k) == 0) return true;
        bits &= bits - 1;
      }
      return false;
    }
  }
#endif
  for (; i + k <= n; i++)
    if (u[i] == l[0] && (k < 2 || u[i + 1] == l[1]) && (k < 3 || u[i + 2] == l[2]) && memcmp(u + i, l, k) == 0)
      return true;
  return false;
}

static GW_ALWAYS_INLINE bool ends_with_n(const char *s, size_t n, const char *lit, size_t k)
{
  if (k > n) return false;
  if (k >= 2 && (s[n - 1] != lit[k - 1] || s[n - 2] != lit[k - 2])) return false;
  return memcmp(s + n - k, lit, k) == 0;
}

/* With a string literal the length is known at compile time. */
#define starts(s, n, i, lit) starts_n((s), (n), (i), (lit), strlen(lit))
#define has(s, n, lit) has_n((s), (n), (lit), strlen(lit))
#define ends_with(s, n, lit) ends_with_n((s), (n), (lit), strlen(lit))

/* A literal with its length, for tables of words. */
typedef struct {
  const char *lit;
  size_t k;
} word;
#define W_(lit) {lit, sizeof lit - 1}

/* }=================================================================== */

/* {===================================================================
** Roles and report types (keyword tables live here and only here)
** =================================================================== */

/* The first characters of the keywords each walk below looks for, as small
** hash sets (multiplicative hash, no two members in one slot; generated): a
** character not in the set is passed over without the switch. */
#define IN_SET(T, c) (T##_TAB[((uint32_t)(c) * T##_MULT) >> (32 - T##_BITS)] == (c))

/* The same kind of sets keyed by a character's three UTF-8 bytes, b0 << 16 |
** b1 << 8 | b2 (0 marks a free slot), for the walks that look the bytes up
** without decoding the characters they pass (gw_roles_of, noise_strong, the
** clause starts of the body scan). */
#define KEY_SLOT(T, k) (((uint32_t)(k) * T##_KEY_MULT) >> (32 - T##_KEY_BITS))
#define KEY_IN_SET(T, k) (T##_KEY_TAB[KEY_SLOT(T, k)] == (k))
/* ROLE_KEY: 32 characters (不 做 年 改 成 举 原 完 差 总 经 意 短 主 基 履 亮 展 问 措
** 打 开 自 下 工 今 思 职 根 努 困 薄) */
#define ROLE_KEY_BITS 6
#define ROLE_KEY_MULT 0x8B9F684Bu
static const uint32_t ROLE_KEY_TAB[64] = {
  0x000000, 0x000000, 0xE6809D, 0x000000, 0x000000, 0xE4B8BE, 0x000000, 0x000000,
  0x000000, 0xE5B7AE, 0xE5BC80, 0xE68993, 0xE8818C, 0x000000, 0xE6A0B9, 0xE5B7A5,
  0x000000, 0xE4B88B, 0xE887AA, 0x000000, 0x000000, 0x000000, 0x000000, 0xE4B88D,
  0x000000, 0xE680BB, 0x000000, 0xE58E9F, 0xE4B8BB, 0x000000, 0xE79FAD, 0xE5B1A5,
  0x000000, 0x000000, 0xE7BB8F, 0x000000, 0x000000, 0xE4BB8A, 0xE4BAAE, 0xE5819A,
  0x000000, 0x000000, 0xE5B9B4, 0x000000, 0x000000, 0x000000, 0x000000, 0xE59FBA,
  0xE694B9, 0xE5B195, 0x000000, 0xE59BB0, 0x000000, 0xE68EAA, 0xE997AE, 0x000000,
  0xE6848F, 0x000000, 0xE89684, 0xE68890, 0xE58AAA, 0x000000, 0x000000, 0xE5AE8C,
};
/* The characters the keywords of gw_roles_of go on with, by the slot of their
** first character in ROLE_KEY_TAB (at most two; 0 for none): where the next
** character is neither, no keyword starts, and the switch is not entered. */
static const uint32_t ROLE_NEXT_TAB[64][2] = {
  {0, 0}, {0, 0}, {0xE8B7AF, 0}, {0, 0},
  {0, 0}, {0xE68EAA, 0}, {0, 0}, {0, 0},
  {0, 0}, {0xE8B79D, 0}, {0xE5B195, 0}, {0xE7AE97, 0},
  {0xE8B4A3, 0}, {0, 0}, {0xE6BA90, 0}, {0xE4BD9C, 0},
  {0, 0}, {0xE4B880, 0xE6ADA5}, {0xE69FA5, 0}, {0, 0},
  {0, 0}, {0, 0}, {0, 0}, {0xE8B6B3, 0},
  {0, 0}, {0xE4BD93, 0}, {0, 0}, {0xE59BA0, 0},
  {0xE8A681, 0}, {0, 0}, {0xE69DBF, 0}, {0xE8818C, 0},
  {0, 0}, {0, 0}, {0xE9AA8C, 0}, {0, 0},
  {0, 0}, {0xE5908E, 0}, {0xE782B9, 0}, {0xE6B395, 0},
  {0, 0}, {0, 0}, {0xE8AEA1, 0xE9878D}, {0, 0},
  {0, 0}, {0, 0}, {0, 0}, {0xE69CAC, 0},
  {0xE8BF9B, 0}, {0xE69C9B, 0}, {0, 0}, {0xE99ABE, 0},
  {0, 0}, {0xE696BD, 0}, {0xE9A298, 0}, {0, 0},
  {0xE8A781, 0}, {0, 0}, {0xE5BCB1, 0}, {0xE69588, 0xE7BBA9},
  {0xE58A9B, 0}, {0, 0}, {0, 0}, {0xE68890, 0},
};
/* NOISE_KEY: 18 characters (禁 咨 用 微 免 会 订 投 扫 倒 本 预 整 关 仅 下 请 如; the Q of
** noise_strong is ASCII, looked at apart) */
#define NOISE_KEY_BITS 6
#define NOISE_KEY_MULT 0x52E6B439u
static const uint32_t NOISE_KEY_TAB[64] = {
  0x000000, 0x000000, 0xE585B3, 0x000000, 0x000000, 0x000000, 0xE4BB85, 0x000000,
  0x000000, 0x000000, 0x000000, 0x000000, 0xE592A8, 0xE69CAC, 0x000000, 0x000000,
  0x000000, 0x000000, 0xE8AFB7, 0x000000, 0x000000, 0xE4B88B, 0x000000, 0x000000,
  0x000000, 0xE794A8, 0x000000, 0x000000, 0x000000, 0x000000, 0x000000, 0xE695B4,
  0x000000, 0x000000, 0xE68A95, 0x000000, 0x000000, 0x000000, 0xE8AEA2, 0x000000,
  0x000000, 0x000000, 0x000000, 0x000000, 0x000000, 0x000000, 0xE5858D, 0x000000,
  0xE689AB, 0xE9A284, 0xE5BEAE, 0xE4BC9A, 0x000000, 0x000000, 0xE58092, 0x000000,
  0x000000, 0x000000, 0xE5A682, 0x000000, 0x000000, 0x000000, 0x000000, 0xE7A681,
};
/* The same for the phrases of noise_strong: each first character goes on
** with one character only. */
static const uint32_t NOISE_NEXT_TAB[64] = {
  0, 0, 0xE6B3A8, 0, 0, 0, 0xE4BE9B, 0,
  0, 0, 0, 0, 0xE8AFA2, 0xE69687, 0, 0,
  0, 0, 0xE58BBF, 0, 0, 0xE99DA2, 0, 0,
  0, 0xE5908E, 0, 0, 0, 0, 0, 0xE79086,
  0, 0, 0xE7A8BF, 0, 0, 0, 0xE99885, 0,
  0, 0, 0, 0, 0, 0, 0xE8B4A3, 0,
  0xE7A081, 0xE8A788, 0xE4BFA1, 0xE59198, 0, 0, 0xE58D96, 0,
  0, 0, 0xE69C89, 0, 0, 0, 0, 0xE6ADA2,
};
/* CUE: 15 characters */
#define CUE_BITS 5
#define CUE_MULT 0x9E37E493u
static const uint32_t CUE_TAB[32] = {
  0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x4EA7,
  0x5B58, 0xFFFFFFFF, 0xFFFFFFFF, 0x91CD, 0x539F, 0xFFFFFFFF, 0xFFFFFFFF, 0x4E3B,
  0x4F46, 0xFFFFFFFF, 0x7A76, 0x5206, 0x95EE, 0xFFFFFFFF, 0x8FD8, 0x4ECD,
  0xFFFFFFFF, 0xFFFFFFFF, 0x4E0B, 0x4ECA, 0x6211, 0x6839, 0xFFFFFFFF, 0xFFFFFFFF,
};


/* The step of the walks over keys: three bytes at a lead byte (E0..FF) with two
** continuation bytes, else one. Only continuation bytes are passed over, so
** every place a three-byte character of a set starts is looked at, as a walk
** character by character would. */
static GW_ALWAYS_INLINE size_t key_step(const unsigned char *u, size_t i)
{
  return ((u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) ? 3 : 1;
}

/* The code point of a key (a valid three-byte sequence). */
static GW_ALWAYS_INLINE uint32_t key_cp(uint32_t k)
{
  return ((k >> 16 & 0x0Fu) << 12) | ((k >> 8 & 0x3Fu) << 6) | (k & 0x3Fu);
}

/* 不足 / 短板 as a noun (存在不足, 问题和不足, 不足之处), not as a verb phrase (用力不足, 补齐短板). */
static bool noun_shortfall(const char *s, size_t n, size_t i)
{
  size_t st;
  uint32_t b = cp_before(s, i, &st);
  if (b == 0 || b == 0x5728 /*在*/ || b == 0x7684 /*的*/ || b == 0x548C /*和*/ || b == 0x4E0E /*与*/ ||
      b == 0x53CA /*及*/ || b == 0x3001 /*、*/)
    return true;
  size_t a = i + 6;
  return starts(s, n, a, "之处") || starts(s, n, a, "和") || starts(s, n, a, "与") || starts(s, n, a, "及") ||
         starts(s, n, a, "、");
}

/* The roles a heading or label names. One pass: at each character, only the
** keywords that start with it are compared. Keywords are counted in texts of at
** most 20 characters (longer ones are topic sentences); "…情况" names the work
** done up to 30 characters. */
unsigned gw_roles_of(const char *s, size_t n)
{
  if (n > 30 * 4) return 0;
  size_t nch = n <= 20 ? n : gw_utf8_count(s, n); /* (only compared with 20 and 30 below) */
  if (nch > 30) return 0;
  unsigned r = 0;
  if (nch <= 20) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i + 2 < n) {
      if (u[i] < 0xE0) { i++; continue; }
      uint32_t key = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
      uint32_t slot = KEY_SLOT(ROLE, key);
      if (ROLE_KEY_TAB[slot] != key) { i += key_step(u, i); continue; }
      /* the second character decides whether any keyword starts here (each
      ** is at least two characters): most of these common characters start
      ** none, and the switch below mispredicts */
      uint32_t k2 = i + 6 <= n ? (uint32_t)u[i + 3] << 16 | (uint32_t)u[i + 4] << 8 | u[i + 5] : 0;
      if (k2 == 0 || (k2 != ROLE_NEXT_TAB[slot][0] && k2 != ROLE_NEXT_TAB[slot][1])) { i += 3; continue; }
      switch (key_cp(key)) {
      case 0x539F: if (starts(s, n, i, "原因")) r |= GW_ROLE_CAUSES; break;
      case 0x6839: if (starts(s, n, i, "根源")) r |= GW_ROLE_CAUSES; break;
      case 0x95EE: /* 问题, but not 问题的原因 / 问题整改 */
        if (starts(s, n, i, "问题") && !starts(s, n, i + 6, "的原因") && !starts(s, n, i + 6, "原因") &&
            !starts(s, n, i + 6, "整改") && !starts(s, n, i + 6, "产生的原因"))
          r |= GW_ROLE_PROBLEMS;
        break;
      case 0x4E0D: if (starts(s, n, i, "不足") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break;
      case 0x77ED: if (starts(s, n, i, "短板") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break;
      case 0x56F0: if (starts(s, n, i, "困难") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break; /* 存在的困难, not 解决困难 */
      case 0x8584: if (starts(s, n, i, "薄弱环节") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break;
      case 0x5DEE: if (starts(s, n, i, "差距")) r |= GW_ROLE_PROBLEMS; break;
      case 0x6253: if (starts(s, n, i, "打算")) r |= GW_ROLE_PLANS; break;
      case 0x601D: if (starts(s, n, i, "思路")) r |= GW_ROLE_PLANS; break;
      case 0x63AA: if (starts(s, n, i, "措施")) r |= GW_ROLE_PLANS; break;
      case 0x4E0B: if (starts(s, n, i, "下一步") || starts(s, n, i, "下步")) r |= GW_ROLE_PLANS; break;
      case 0x4ECA: if (starts(s, n, i, "今后")) r |= GW_ROLE_PLANS; break;
      case 0x52AA: if (starts(s, n, i, "努力方向")) r |= GW_ROLE_PLANS; break;
      case 0x6539: if (starts(s, n, i, "改进方向")) r |= GW_ROLE_PLANS; break;
      case 0x4E3E: if (starts(s, n, i, "举措")) r |= GW_ROLE_PLANS; break;
      case 0x5E74: /* 2025年计划; 2025年重点工作 as the whole rest (not …任务分解表) */
        if (starts(s, n, i, "年计划") || ((starts(s, n, i, "年重点工作") || starts(s, n, i, "年重点任务")) && i + 15 == n))
          r |= GW_ROLE_PLANS;
        break;
      case 0x5C55: if (starts(s, n, i, "展望")) r |= GW_ROLE_PLANS; break;
      case 0x610F: if (starts(s, n, i, "意见建议")) r |= GW_ROLE_PLANS; break;
      case 0x5DE5:
        if (starts(s, n, i, "工作计划") || starts(s, n, i, "工作安排") || starts(s, n, i, "工作设想")) r |= GW_ROLE_PLANS;
        if (starts(s, n, i, "工作回顾")) r |= GW_ROLE_ACHIEVEMENTS;
        break;
      case 0x505A: if (starts(s, n, i, "做法")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x6210: if (starts(s, n, i, "成效") || starts(s, n, i, "成绩")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x4EAE: if (starts(s, n, i, "亮点")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x5C65: if (starts(s, n, i, "履职情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x5F00: if (starts(s, n, i, "开展情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x57FA: if (starts(s, n, i, "基本情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x603B: if (starts(s, n, i, "总体情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x81EA: if (starts(s, n, i, "自查情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x4E3B: if (starts(s, n, i, "主要工作")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x804C: if (starts(s, n, i, "职责情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x7ECF: if (starts(s, n, i, "经验")) r |= GW_ROLE_ACHIEVEMENTS; break;
      case 0x5B8C: if (starts(s, n, i, "完成情况")) r |= GW_ROLE_ACHIEVEMENTS; break;
      default: break;
      }
      i += 3;
    }
  }
  /* …情况 reports work done, except a case study (典型案例剖析情况) and the
  ** findings of a 对照检查 (对照检查情况: the problems found) */
  if (!(r & ~GW_ROLE_ACHIEVEMENTS) && ends_with(s, n, "情况") && !has(s, n, "案例") && !has(s, n, "剖析")) {
    if (has(s, n, "对照检查")) r = GW_ROLE_PROBLEMS;
    else r |= GW_ROLE_ACHIEVEMENTS;
  }
  /* 几点建议 对策建议 意见和建议: what is to be done */
  if (ends_with(s, n, "建议")) r |= GW_ROLE_PLANS;
  return r;
}

/* TYPE_KEY: the 15 first characters of the keywords of gw_type_of_title (对 检
** 发 民 组 整 述 廉 党 意 责 书 总 报 汇), keyed as ROLE_KEY */
#define TYPE_KEY_BITS 5
#define TYPE_KEY_MULT 0x035B7399u
static const uint32_t TYPE_KEY_TAB[32] = {
  0xE5BB89, 0xE680BB, 0x000000, 0x000000, 0x000000, 0x000000, 0xE8B4A3, 0xE4B9A6,
  0x000000, 0xE8BFB0, 0xE68AA5, 0xE5AFB9, 0xE58F91, 0x000000, 0xE695B4, 0x000000,
  0x000000, 0x000000, 0x000000, 0x000000, 0xE6B091, 0x000000, 0x000000, 0x000000,
  0xE6A380, 0x000000, 0xE7BB84, 0xE6B187, 0xE6848F, 0xE5859A, 0x000000, 0x000000,
};

gw_type gw_type_of_title(const char *s, size_t n)
{
  /* one walk notes which keywords occur (where their first character is) */
  enum {
    K_DUIZHAO = 1u << 0, /* 对照检查 检视剖析 发言提纲 民主生活会 组织生活会 */
    K_ZHENGGAI = 1u << 1, K_SHUZHI = 1u << 2, K_LIAN = 1u << 3 /* 述廉 述责 廉洁 党风廉政 */, K_DANGJIAN = 1u << 4,
    K_YISHI = 1u << 5, K_DFLZ = 1u << 6 /* 党风廉政 */, K_ZERENZHI = 1u << 7, K_SHUJI = 1u << 8 /* 书记述职 */,
    K_ZONGJIE = 1u << 9, K_BAOGAO = 1u << 10 /* 报告 汇报 */
  };
  unsigned m = 0;
  size_t i = 0;
  const unsigned char *u = (const unsigned char *)s;
  /* (the characters as keys, as in gw_roles_of: only continuation bytes are
  ** passed over, and a character not in TYPE_KEY costs one look-up) */
#define KW(lit, bit) if (starts(s, n, i, lit)) m |= (bit)
  while (i + 2 < n) {
    if (u[i] < 0xE0) { i++; continue; }
    uint32_t key = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
    if (!KEY_IN_SET(TYPE, key)) { i += key_step(u, i); continue; }
    switch (key_cp(key)) {
    case 0x5BF9: KW("对照检查", K_DUIZHAO); break;                          /* 对 */
    case 0x68C0: KW("检视剖析", K_DUIZHAO); break;                          /* 检 */
    case 0x53D1: KW("发言提纲", K_DUIZHAO); break;                          /* 发 */
    case 0x6C11: KW("民主生活会", K_DUIZHAO); break;                        /* 民 */
    case 0x7EC4: KW("组织生活会", K_DUIZHAO); break;                        /* 组 */
    case 0x6574: KW("整改", K_ZHENGGAI); break;                             /* 整 */
    case 0x8FF0: KW("述职", K_SHUZHI); KW("述廉", K_LIAN); KW("述责", K_LIAN); break; /* 述 */
    case 0x5EC9: KW("廉洁", K_LIAN); break;                                 /* 廉 */
    case 0x515A: KW("党风廉政", K_LIAN | K_DFLZ); KW("党建", K_DANGJIAN); break; /* 党 */
    case 0x610F: KW("意识形态", K_YISHI); break;                            /* 意 */
    case 0x8D23: KW("责任制", K_ZERENZHI); break;                           /* 责 */
    case 0x4E66: KW("书记述职", K_SHUJI); break;                            /* 书 */
    case 0x603B: KW("总结", K_ZONGJIE); break;                              /* 总 */
    case 0x62A5: KW("报告", K_BAOGAO); break;                               /* 报 */
    case 0x6C47: KW("汇报", K_BAOGAO); break;                               /* 汇 */
    default: break;
    }
    i += 3;
  }
#undef KW
  if (m & K_DUIZHAO) return GW_TYPE_DUIZHAO;
  if (m & K_ZHENGGAI) return GW_TYPE_ZHENGGAI;
  bool shuzhi = m & K_SHUZHI, lian = m & K_LIAN, dangjian = m & K_DANGJIAN, yishi = m & K_YISHI;
  if (dangjian && (yishi || (m & K_DFLZ))) return GW_TYPE_YIGANG;
  if (lian && shuzhi) return GW_TYPE_SHULIAN;
  if (yishi) return GW_TYPE_YISHI;
  if (dangjian && (shuzhi || (m & K_ZERENZHI))) return GW_TYPE_DANGJIAN;
  if (m & K_SHUJI) return GW_TYPE_DANGJIAN;
  if (m & K_ZONGJIE) return GW_TYPE_ZONGJIE;
  if (shuzhi) return GW_TYPE_SHUZHI;
  if (m & K_BAOGAO) return GW_TYPE_QINGKUANG;
  return GW_TYPE_UNKNOWN;
}

unsigned gw_type_required(gw_type t)
{
  const unsigned A = GW_ROLE_ACHIEVEMENTS, P = GW_ROLE_PROBLEMS, C = GW_ROLE_CAUSES, L = GW_ROLE_PLANS;
  switch (t) {
  case GW_TYPE_DANGJIAN: return A | P | C | L;
  case GW_TYPE_SHULIAN: return A | P | L;
  case GW_TYPE_YISHI: return A | P | L;
  case GW_TYPE_YIGANG: return A | P | L;
  case GW_TYPE_DUIZHAO: return P | C | L;
  case GW_TYPE_ZONGJIE: return A | P | L;
  case GW_TYPE_ZHENGGAI: return A | L;
  case GW_TYPE_QINGKUANG: return A | L;
  case GW_TYPE_SHUZHI: return A | P | L;
  default: return 0;
  }
}

/* CUE_KEY: the 15 characters of CUE, keyed (the body scan's clause starts) */
#define CUE_KEY_BITS 5
#define CUE_KEY_MULT 0xF6CED90Bu
static const uint32_t CUE_KEY_TAB[32] = {
  0x000000, 0x000000, 0x000000, 0x000000, 0x000000, 0xE58E9F, 0xE4BD86, 0xE58886,
  0xE4B8BB, 0xE997AE, 0xE4BB8D, 0x000000, 0x000000, 0x000000, 0xE4BB8A, 0xE5AD98,
  0x000000, 0xE9878D, 0xE8BF98, 0xE4BAA7, 0xE6A0B9, 0xE68891, 0x000000, 0x000000,
  0x000000, 0x000000, 0x000000, 0xE7A9B6, 0x000000, 0x000000, 0x000000, 0xE4B88B,
};
/* The characters the cues go on with, by the slot of their first character in
** CUE_KEY_TAB (at most three; 0 for none): a clause start whose second
** character is none of them starts no cue (every cue has two characters or
** more), and cue_at is not called. */
static const uint32_t CUE_NEXT_TAB[32][3] = {
  {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
  {0, 0, 0}, {0xE59BA0, 0, 0}, {0xE4BB8D, 0xE8BF98, 0xE4B99F}, {0xE69E90, 0, 0},
  {0xE8A681, 0, 0}, {0xE9A298, 0, 0}, {0xE784B6, 0, 0}, {0, 0, 0},
  {0, 0, 0}, {0, 0, 0}, {0xE5908E, 0, 0}, {0xE59CA8, 0, 0},
  {0, 0, 0}, {0xE782B9, 0, 0}, {0xE5AD98, 0xE69C89, 0}, {0xE7949F, 0, 0},
  {0xE6BA90, 0, 0}, {0xE4BBAC, 0xE5B086, 0}, {0, 0, 0}, {0, 0, 0},
  {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0xE585B6, 0, 0},
  {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0xE4B880, 0xE6ADA5, 0xE58D8A},
};

/* Body sentences that name a role without a heading (究其原因 …), checked at
** clause starts: the table is the switch in cue_at, by first character. */

/* First characters of the cues: a cheap filter before the comparisons. */
static bool cue_lead(uint32_t c)
{
  return IN_SET(CUE, c); /* 究 主 原 存 产 问 分 根 但 仍 还 下 今 我 重 */
}

static unsigned cue_at(const char *s, size_t n, size_t i)
{
  unsigned r = 0;
  size_t len;
  uint32_t lead = cp_at(s, n, i, &len);
  if (!cue_lead(lead)) {
    if (!is_digit(lead)) return 0;
    /* 2020年，我将 … */
    if (i + 4 <= n && starts(s, n, i + 4, "年，") && has(s + i, n - i < 40 ? n - i : 40, "将")) r |= GW_ROLE_PLANS;
    return r;
  }
  /* only the cues that start with the lead (CUES, by first character) */
  const unsigned C = GW_ROLE_CAUSES, P = GW_ROLE_PROBLEMS, L = GW_ROLE_PLANS;
#define CUE(lit, role) if (starts(s, n, i, lit)) r |= (role)
  switch (lead) {
  case 0x7A76: CUE("究其原因", C); break;
  case 0x4E3B: CUE("主要原因", C); CUE("主要表现", P); break;
  case 0x539F: CUE("原因是", C); CUE("原因在于", C); break;
  case 0x5B58:
    CUE("存在以上问题的", C); CUE("存在上述问题的", C); CUE("存在一些", P); CUE("存在诸多", P); CUE("存在不足", P);
    CUE("存在问题", P); CUE("存在的问题", P);
    break;
  case 0x4EA7: CUE("产生问题的原因", C); CUE("产生这些问题的", C); CUE("产生上述问题的", C); break;
  case 0x95EE: CUE("问题产生的原因", C); break;
  case 0x5206: CUE("分析上述问题", C); CUE("分析原因", C); break;
  case 0x6839: CUE("根源在于", C); break;
  case 0x4F46: CUE("但仍存在", P); CUE("但还存在", P); CUE("但也存在", P); break;
  case 0x4ECD: CUE("仍然存在", P); break;
  case 0x8FD8: CUE("还存在", P); CUE("还有一定差距", P); CUE("还有差距", P); break;
  case 0x4E0B: CUE("下一步", L); CUE("下步", L); CUE("下半年", L); break;
  case 0x4ECA: CUE("今后", L); break;
  case 0x6211: CUE("我们将", L); CUE("我将", L); break;
  case 0x91CD: CUE("重点抓好以下", L); break;
  default: break;
  }
#undef CUE
  return r;
}

/* }=================================================================== */

/* {===================================================================
** Placeholders
** =================================================================== */

typedef struct {
  gw_scan_out *o;     /* spans are appended to o->ph */
  bool oom;
  /* incremental code point count */
  size_t col_pos, col;
} span_buf;

static void add_span(span_buf *b, const char *s, size_t start, size_t end)
{
  if (b->oom) return;
  gw_scan_out *o = b->o;
  if (o->nph == o->ph_cap) {
    size_t nc = o->ph_cap ? o->ph_cap * 2 : 64;
    gw_span *nv = realloc(o->ph, nc * sizeof *nv);
    if (!nv) { b->oom = true; return; }
    o->ph = nv;
    o->ph_cap = nc;
  }
  if (start < b->col_pos) { b->col_pos = 0; b->col = 0; }
  b->col += gw_utf8_count(s + b->col_pos, start - b->col_pos);
  b->col_pos = start;
  gw_span *sp = &o->ph[o->nph++];
  sp->start = (uint32_t)start;
  sp->end = (uint32_t)end;
  sp->col = (uint32_t)b->col;
  if (end - start <= 16) { /* most spans are a few characters: count them here */
    uint32_t c = 0;
    for (size_t k = start; k < end; k++) c += ((unsigned char)s[k] & 0xC0) != 0x80;
    sp->ncols = c;
  } else {
    sp->ncols = (uint32_t)gw_utf8_count(s + start, end - start);
  }
}

static bool is_x(uint32_t c) { return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58; }

static bool unit_suffix(const char *s, size_t n, size_t i)
{
  static const word units[] = {W_("kwh"), W_("km"), W_("kg"), W_("cm"), W_("mm"), W_("ml"), W_("mg"), W_("min"), W_("kw"),
                               W_("mb"), W_("gb"), W_("m"), W_("g"), W_("t"), W_("l"), W_("h"), W_("s"), W_("w")};
  for (size_t q = 0; q < sizeof units / sizeof units[0]; q++) {
    size_t k = units[q].k;
    if (i + k <= n && memcmp(s + i, units[q].lit, k) == 0 && (i + k == n || !is_ascii_alpha((unsigned char)s[i + k])))
      return true;
  }
  return false;
}

/* A letter among letters named one by one: j、q、x (a 、 or ， and one more ASCII
** letter on either side of the run [i, j)). */
static bool letter_list(const char *s, size_t n, size_t i, size_t j)
{
  size_t st, st2;
  uint32_t p = cp_before(s, i, &st);
  if ((p == 0x3001 || p == 0xFF0C) && st > 0 && is_ascii_alpha(cp_before(s, st, &st2))) return true;
  size_t len, l2;
  uint32_t q = cp_at(s, n, j, &len);
  return (q == 0x3001 || q == 0xFF0C) && j + len < n && is_ascii_alpha(cp_at(s, n, j + len, &l2));
}

/* X-run at i; returns its end. Adds a span when it is a fill-in slot. */
static size_t scan_x(const char *s, size_t n, size_t i, span_buf *b)
{
  size_t j = i, len, count = 0;
  bool upper = true;
  const unsigned char *u = (const unsigned char *)s;
  /* the run: X x, and Ｘ ｘ (EF BC B8, EF BD 98), by their bytes */
  while (j < n) {
    unsigned char c = u[j];
    if (c == 'X' || c == 'x') {
      upper &= c == 'X';
      j++;
    } else if (c == 0xEF && j + 2 < n && ((u[j + 1] == 0xBC && u[j + 2] == 0xB8) || (u[j + 1] == 0xBD && u[j + 2] == 0x98))) {
      upper &= u[j + 1] == 0xBC;
      j += 3;
    } else {
      break;
    }
    count++;
  }
  size_t ps;
  uint32_t prev = cp_before(s, i, &ps);
  uint32_t next = cp_at(s, n, j, &len);
  if (is_ascii_alpha(prev)) return j;                    /* part of a Latin word */
  if (prev == '+') return j;                             /* 1+X */
  if (is_ascii_alpha(next)) {
    if (!(upper && next >= 'a' && next <= 'z' && unit_suffix(s, n, j))) return j; /* word, pinyin */
  }
  if (next > 0x7F && next != 0xFFFD && !is_cjk(next) && !is_space(next) && next < 0x2000 && next != 0xD7) return j; /* xiàn */
  if (count == 1) {
    if (is_digit(prev) && is_digit(next)) return j;      /* 3x4 */
    if (starts(s, n, j, "光") || starts(s, n, j, "射线") || starts(s, n, j, "线") || starts(s, n, j, "轴") ||
        starts(s, n, j, "型"))
      return j;                                          /* X光 X轴 X型 */
    if (!upper && is_digit(next) && !is_digit(prev)) return j; /* x86 */
    if (letter_list(s, n, i, j)) return j; /* j、q、x和ü相拼 */
    if (next == '-' && j + 1 < n && is_ascii_alpha((unsigned char)s[j + 1])) return j; /* X-ray */
    if (prev == ' ' && ps > 0 && is_ascii_alpha((unsigned char)s[ps - 1])) return j; /* iPhone X */
    if (starts(s, n, j, "中央") || starts(s, n, j, "委(") || starts(s, n, j, "委（") || starts(s, n, j, "组)") ||
        starts(s, n, j, "组）"))
      return j;                                          /* site masking of 党 */
    size_t pst;
    /* 从严治X (党 masked), not 整治X次: a count */
    bool counted = next == 0x6B21 /*次*/ || next == 0x9879 /*项*/ || next == 0x4E2A /*个*/ || next == 0x4EF6 /*件*/ ||
                   next == 0x5904 /*处*/ || next == 0x8D77 /*起*/ || next == 0x5BB6 /*家*/ || next == 0x6279 /*批*/ ||
                   next == 0x573A /*场*/ || next == 0x6237 /*户*/ || next == 0x6761 /*条*/ || next == 0x8F6E /*轮*/;
    if ((prev == 0x6CBB /*治*/ && !counted) || (prev == 0x653F /*政*/ && cp_before(s, ps, &pst) == 0x6267 /*执*/)) return j;
  }
  add_span(b, s, i, j);
  return j;
}

/* A measure word or unit after a number: 研讨**次 建议**条 (a count left blank,
** not the start of **bold**). */
static bool measure_word(uint32_t c)
{
  switch (c) {
  case 0x6B21: /* 次 */ case 0x6761: /* 条 */ case 0x4EBA: /* 人 */ case 0x4E2A: /* 个 */ case 0x9879: /* 项 */
  case 0x540D: /* 名 */ case 0x5BB6: /* 家 */ case 0x4EF6: /* 件 */ case 0x573A: /* 场 */ case 0x7BC7: /* 篇 */
  case 0x671F: /* 期 */ case 0x6279: /* 批 */ case 0x6240: /* 所 */ case 0x5143: /* 元 */ case 0x4E07: /* 万 */
  case 0x4EBF: /* 亿 */ case 0x5929: /* 天 */ case 0x6237: /* 户 */ case 0x4F4D: /* 位 */ case 0x5904: /* 处 */
  case 0x4F59: /* 余 */ case 0x591A: /* 多 */ case 0x4EFD: /* 份 */ case 0x5E74: /* 年 */ case 0x6708: /* 月 */
  case 0x65E5: /* 日 */ case 0x5C0F: /* 小 (小时) */ case 0x5468: /* 周 */ case 0x8F6E: /* 轮 */ case 0x7EC4: /* 组 */
  case '%': case 0xFF05: /* ％ */
    return true;
  default:
    return false;
  }
}

/* Star run: *** 市***党组, *年*月*日; not **bold** and not a bullet. */
/* Star run: *** 市***党组, *年*月*日; not **bold** and not a bullet. *bold says
** whether a **bold** span is open on the line (so that the scan stays linear). */
static size_t scan_star(const char *s, size_t n, size_t i, span_buf *b, size_t line_start, bool *bold)
{
  size_t j = i, len, count = 0;
  uint32_t c;
  while (j < n && ((c = cp_at(s, n, j, &len)) == '*' || c == 0xFF0A)) { j += len; count++; }
  uint32_t next = cp_at(s, n, j, &len);
  if (i == line_start && count == 1 && is_space(next)) return j;      /* bullet */
  if (count == 2 && *bold) { *bold = false; return j; }               /* closing ** */
  if (count == 2 && next && !is_space(next) && !measure_word(next) && memmem(s + j, n - j, "**", 2)) {
    *bold = true;                                                      /* opening ** */
    return j;
  }
  if (count >= 4) return j;                                           /* a masked phrase */
  add_span(b, s, i, j);
  return j;
}

static bool dimension(uint32_t c)
{
  return c == 0x957F /*长*/ || c == 0x5BBD /*宽*/ || c == 0x9AD8 /*高*/ || c == 0x6DF1 /*深*/ || c == 0x539A /*厚*/;
}

/* ×× or × × ×; not 3×4. */
static size_t scan_times(const char *s, size_t n, size_t i, span_buf *b)
{
  size_t j = i, len, end = i, count = 0;
  for (;;) {
    uint32_t c = cp_at(s, n, j, &len);
    if (c == 0xD7 || c == 0x2715) { j += len; end = j; count++; continue; }
    if (c == ' ' && count > 0) {
      size_t l2;
      uint32_t c2 = cp_at(s, n, j + 1, &l2);
      if (c2 == 0xD7 || c2 == 0x2715) { j += 1; continue; }
    }
    break;
  }
  size_t ps;
  uint32_t prev = cp_before(s, i, &ps), next = cp_at(s, n, end, &len);
  if (count == 1 && is_digit(fold(next)) && (is_digit(fold(prev)) || is_ascii_alpha(prev) || prev == 0x7C73 /*米*/))
    return end; /* 3×4 20m×30m 3米×6米 */
  if (count == 1 && dimension(prev)) { /* 长×宽×高, 净宽×净高 */
    size_t l2;
    if (dimension(next) || (end + len < n && dimension(cp_at(s, n, end + len, &l2)))) return end;
  }
  add_span(b, s, i, end);
  return end;
}

/* Runs of a repeated character: 某某, ○○, □□, __ (at least two). */
static size_t scan_repeat(const char *s, size_t n, size_t i, uint32_t what, uint32_t alt, span_buf *b)
{
  size_t j = i, len, count = 0;
  uint32_t c;
  while (j < n && ((c = cp_at(s, n, j, &len)) == what || c == alt)) { j += len; count++; }
  if (count >= 2) add_span(b, s, i, j);
  return j > i ? j : i + 1;
}

/* The name of a field to fill in, in a template's brackets: 【单位名称】
** 【分管领导姓名】 【时间】 (2 to 12 characters, no punctuation, ending in such a
** noun). In round brackets only the unmistakable ones, （单位名称） （姓名）: 各单位（部门）
** is a plain parenthesis. */
static bool field_name(const char *s, size_t n, uint32_t close)
{
  static const word lent[] = {W_("名称"), W_("姓名"), W_("名字"), W_("单位"), W_("部门"), W_("职务"), W_("时间"),
                              W_("日期"), W_("地点"), W_("人数"), W_("金额"), W_("数量"), W_("数字"), W_("内容"),
                              W_("电话"), W_("地址"), W_("标题"), W_("题目"), W_("事项"), W_("年份")};
  static const word round[] = {W_("名称"), W_("姓名"), W_("日期")};
  size_t nch = gw_utf8_count(s, n);
  bool is_lent = close == 0x3011 /*】*/;
  if (nch < 2 || nch > (is_lent ? 12u : 8u)) return false;
  for (size_t i = 0, len; i < n; i += len) {
    uint32_t c = cp_at(s, n, i, &len);
    if (!len || (!is_cjk(c) && !is_ascii_alpha(c))) return false; /* punctuation, digits, spaces: a note */
  }
  const word *w = is_lent ? lent : round;
  size_t nw = is_lent ? sizeof lent / sizeof lent[0] : sizeof round / sizeof round[0];
  for (size_t k = 0; k < nw; k++)
    if (ends_with_n(s, n, w[k].lit, w[k].k)) return true;
  return false;
}

/* 【 】, 【待补充】, （待补充）, （  ）: the whole bracket is the slot. */
static size_t scan_bracket(const char *s, size_t n, size_t i, uint32_t close, span_buf *b)
{
  size_t len;
  cp_at(s, n, i, &len);
  size_t j = i + len, limit = i + 48 < n ? i + 48 : n;
  size_t k = j;
  bool only_space = true;
  while (k < limit) {
    size_t l;
    uint32_t c = cp_at(s, n, k, &l);
    if (c == close || (close == 0xFF09 && c == ')') || (close == ')' && c == 0xFF09)) {
      size_t in = k - j;
      bool blank = only_space;
      bool todo = has(s + j, in, "待补") || has(s + j, in, "待填") || has(s + j, in, "待定") ||
                  has(s + j, in, "待完善") || has(s + j, in, "请填写") || has(s + j, in, "此处填写");
      if (blank && close == 0x3011 /*】*/) { add_span(b, s, i, k + l); return k + l; }
      if (blank && in > 0) { add_span(b, s, i, k + l); return k + l; }
      if (todo || field_name(s + j, in, close)) { add_span(b, s, i, k + l); return k + l; }
      return j;
    }
    if (!is_space(c)) only_space = false;
    k += l;
  }
  return j;
}

/* }=================================================================== */

/* {===================================================================
** Markers at the start of a line
** =================================================================== */

typedef struct {
  int rank;        /* 0 none, 1..5 heading, 9 item */
  int ordinal;
  unsigned style;
  size_t start, end; /* bytes of the marker */
} marker;

static bool is_open(uint32_t c) { return c == '(' || c == 0xFF08 || c == 0xFE59; }
static bool is_close(uint32_t c) { return c == ')' || c == 0xFF09 || c == 0xFE5A; }

/* 一、二季度 三、四等奖 十、十一月份 一、二、三产业 一、两年内: after the 、 of
** a numeral, the next numeral and what a range of two goes on with (a unit of
** time, a grade, a sector, another 、, 至 or 到). Two numerals named together,
** not a heading (三、四个意识 or 二、三会一课 go on otherwise and stay headings). */
static bool numeral_range(const char *s, size_t n, size_t at, int v)
{
  size_t j = at, len;
  int w;
  if (cp_at(s, n, j, &len) == 0x4E24 /*两*/) { w = 2; j += len; }
  else w = parse_cjk_number(s, n, &j);
  if (w != v + 1) return false;
  uint32_t c = fold(cp_at(s, n, j, &len));
  if (c == 0x5E74 /*年*/) return starts(s, n, j + len, "内"); /* 一、两年内 (not 一、两年来的工作) */
  return c == 0x5B63 /*季*/ || c == 0x6708 /*月*/ || c == 0x7B49 /*等*/ || c == 0x4EA7 /*产*/ ||
         c == 0x7EA7 /*级*/ || c == 0x7EBF /*线*/ || c == 0x7C7B /*类*/ || c == 0x6279 /*批*/ || c == 0x5C4A /*届*/ ||
         c == 0x3001 /*、*/ || c == 0x81F3 /*至*/ || c == 0x5230 /*到*/ || c == 0x5BA1 /*审: 一、二审*/;
}

static bool parse_marker(const char *s, size_t n, size_t i, marker *m)
{
  size_t len, j;
  uint32_t c = cp_at(s, n, i, &len);
  memset(m, 0, sizeof *m);
  m->start = i;
  /* most lines start with a CJK character that starts no marker: not a
  ** numeral, 第, 首 其 再 最 (the cases below, which all fail for it) */
  if (c >= 0x4E00 && c <= 0x9FFF && c != 0x7B2C && c != 0x9996 && c != 0x5176 && c != 0x518D && c != 0x6700 /*最*/ &&
      cjk_digit(c) < 0)
    return false;
  /* nor does any other character the cases below do not start with: an ASCII
  ** byte but ( and digits, and all but （ ﹙, the circled numbers, full-width
  ** digits and CJK numerals (“ 《 【 X …) */
  if (c < 0x80) {
    if (c != '(' && !is_digit(c)) return false;
  } else if (!(c == 0xFF08 || c == 0xFE59 || (c >= 0x2460 && c <= 0x249B) || (c >= 0x3220 && c <= 0x3229) ||
               (c >= 0xFF10 && c <= 0xFF19) || c == 0x7B2C || c == 0x9996 || c == 0x5176 || c == 0x518D ||
               c == 0x6700 || cjk_digit(c) >= 0)) {
    return false;
  }
  /* （一） (1) ﹙一﹚ */
  if (is_open(c)) {
    if (c == '(') m->style |= GW_STYLE_OPEN_ASCII;
    j = skip_spaces(s, n, i + len);
    size_t k = j;
    int v = parse_cjk_number(s, n, &k);
    int rank = 2;
    if (!v) {
      v = parse_digits(s, n, &k, 2);
      rank = 4;
      if (v <= 0) return false;
    } else if (is_kangxi(cp_at(s, n, j, &len))) {
      m->style |= GW_STYLE_KANGXI;
    }
    k = skip_spaces(s, n, k);
    uint32_t cl = cp_at(s, n, k, &len);
    if (!is_close(cl)) return false;
    if (cl == ')') m->style |= GW_STYLE_CLOSE_ASCII;
    k += len;
    size_t l2;
    uint32_t after = fold(cp_at(s, n, k, &l2));
    if (after == 0x3001 || after == '.' || after == ',' ) { m->style |= GW_STYLE_STRAY; k += l2; }
    m->rank = rank;
    m->ordinal = v;
    m->end = k;
    return true;
  }
  /* ㈠ ⑴ ① ⒈ */
  if (c >= 0x3220 && c <= 0x3229) { m->rank = 2; m->ordinal = (int)(c - 0x3220 + 1); }
  else if (c >= 0x2474 && c <= 0x2487) { m->rank = 4; m->ordinal = (int)(c - 0x2474 + 1); }
  else if (c >= 0x2460 && c <= 0x2473) { m->rank = 5; m->ordinal = (int)(c - 0x2460 + 1); }
  else if (c >= 0x2488 && c <= 0x249B) { m->rank = 3; m->ordinal = (int)(c - 0x2488 + 1); }
  if (m->rank) {
    m->style |= GW_STYLE_CIRCLED;
    j = i + len;
    size_t l2;
    uint32_t after = fold(cp_at(s, n, j, &l2));
    if (after == 0x3001 || after == '.') { m->style |= GW_STYLE_STRAY; j += l2; }
    m->end = j;
    return true;
  }
  /* 一、 一是 */
  j = i;
  int v = parse_cjk_number(s, n, &j);
  if (v) {
    if (is_kangxi(c)) m->style |= GW_STYLE_KANGXI;
    size_t k = skip_spaces(s, n, j);
    uint32_t sep = fold(cp_at(s, n, k, &len));
    if (sep == 0x3001) {
      if (numeral_range(s, n, skip_spaces(s, n, k + len), v)) return false;
      m->rank = 1;
      m->ordinal = v;
      m->end = k + len;
      return true;
    }
    if (sep == '.' ) {
      size_t l2;
      uint32_t nx = fold(cp_at(s, n, k + len, &l2));
      if (is_digit(nx)) return false;
      m->rank = 1; m->ordinal = v; m->end = k + len; m->style |= GW_STYLE_CJK_DOT; return true;
    }
    /* 一是…, and 一要… in speeches (一要坚定理想信念) */
    if ((sep == 0x662F /*是*/ || sep == 0x8981 /*要*/) && v <= 10 && k == j) { m->rank = 9; m->ordinal = v; m->end = k + len; return true; }
    if (sep == ',' && v <= 99) {
      /* 二，自查发现的问题: 、 mistyped (whether it is a heading is decided by
      ** the structure pass). Not 二，三季度 nor 一，二，三 */
      size_t t = skip_spaces(s, n, k + len), l2;
      if (numeral_range(s, n, t, v)) return false;
      uint32_t nx = fold(cp_at(s, n, t, &l2));
      if (nx == 0 || is_digit(nx) || cjk_digit(nx) >= 0) return false;
      m->rank = 1; m->ordinal = v; m->end = k + len; m->style |= GW_STYLE_COMMA; return true;
    }
    return false;
  }
  /* 第一， 第一、 */
  if (c == 0x7B2C /*第*/) {
    j = i + len;
    v = parse_cjk_number(s, n, &j);
    if (!v || v > 10) return false;
    uint32_t sep = fold(cp_at(s, n, j, &len));
    if (sep == ',' || sep == 0x3001 || sep == ':' || sep == 0x662F) {
      m->rank = 9;
      m->ordinal = v;
      m->end = j + len;
      m->style |= GW_STYLE_DI;
      return true;
    }
    return false;
  }
  /* 首先， 其次， 再次， */
  {
    static const struct { word w; int ord; } seq[] = {{W_("首先，"), 1}, {W_("其次，"), 2}, {W_("再次，"), 3},
                                                      {W_("首先,"), 1}, {W_("其次,"), 2}};
    for (size_t k = 0; k < sizeof seq / sizeof seq[0]; k++)
      if (starts_n(s, n, i, seq[k].w.lit, seq[k].w.k)) {
        /* 首先，我代表…对各位领导…表示欢迎: the greeting of a speech, no list */
        size_t a = i + seq[k].w.k;
        if (seq[k].ord == 1 && (starts(s, n, a, "我代表") || starts(s, n, a, "请允许我") || starts(s, n, a, "受"))) return false;
        m->rank = 9;
        m->ordinal = seq[k].ord;
        m->end = i + seq[k].w.k;
        m->style |= GW_STYLE_SEQ;
        return true;
      }
    /* 最后， (an item only after 首先/其次/再次 items: decided by the structure pass) */
    if (starts(s, n, i, "最后，") || starts(s, n, i, "最后,")) {
      m->rank = 9;
      m->ordinal = 0;
      m->end = i + (s[i + 6] == ',' ? 7 : 9);
      m->style |= GW_STYLE_SEQ | GW_STYLE_LAST;
      return true;
    }
  }
  /* 1. 1． 1、 1） 1️⃣ */
  j = i;
  v = parse_digits(s, n, &j, 2);
  if (v >= 0) {
    size_t k = skip_spaces(s, n, j);
    uint32_t sep = cp_at(s, n, k, &len);
    if (sep == 0xFE0F) { /* keycap emoji 1️⃣ */
      size_t l2;
      if (cp_at(s, n, k + len, &l2) == 0x20E3) { m->rank = 3; m->ordinal = v; m->end = k + len + l2; return true; }
      return false;
    }
    unsigned st = 0;
    int rank = 3;
    if (sep == '.') st = 0;
    else if (sep == 0xFF0E) st = GW_STYLE_FW_DOT;
    else if (sep == 0x3001) st = GW_STYLE_DUNHAO;
    else if (sep == ')' || sep == 0xFF09) { rank = 4; st = sep == ')' ? GW_STYLE_CLOSE_ASCII : 0; }
    else return false;
    size_t l2;
    uint32_t nx = fold(cp_at(s, n, k + len, &l2));
    if (nx == 0 || is_digit(nx) || nx == '.' || nx == 0x3001 || nx == '%') return false; /* 1.5 2024.10 1、2、 */
    if (v == 0) return false;
    m->rank = rank;
    m->ordinal = v;
    m->style = st;
    m->end = k + len;
    return true;
  }
  return false;
}

/* }=================================================================== */

/* {===================================================================
** Whole-line shapes: noise, title, signature, label, addressee
** =================================================================== */


/* A line that names a channel the way a report does (通过微信群、QQ群推送学习资料，
** 确保流动党员离乡不离党。): a sentence of clauses, with no offer to the reader.
** Residue with the same words asks the reader for something (扫码关注，免费领取资料).
** (Looked at only for the few lines with such a word.) */
static bool report_sentence(const char *s, size_t n)
{
  static const word offer[] = {W_("免费"), W_("会员"), W_("下载"), W_("领取"), W_("获取"), W_("咨询"),
                               W_("赠送"), W_("加群"), W_("进群"), W_("联系")};
  if (!ends_with(s, n, "。") || (!has(s, n, "，") && gw_utf8_count(s, n) < 15)) return false;
  for (size_t k = 0; k < sizeof offer / sizeof offer[0]; k++)
    if (has_n(s, n, offer[k].lit, offer[k].k)) return false;
  return true;
}

/* After a site's count (浏览量：156, 阅读次数 2386): a separator, a digit or the
** end, not the words of a sentence of the report (浏览量达到12万人次). */
static bool count_follows(const char *s, size_t n, size_t at)
{
  size_t l;
  uint32_t c = at < n ? fold(cp_at(s, n, at, &l)) : 0;
  return c == 0 || c == ':' || c == ' ' || c == '(' || c == '\t' || is_digit(c) || c == 0x3000 /*　*/;
}

/* Residue recognized by how the line starts (k0: its first three bytes): the
** chrome and notices of document sites. One switch on the first character, so
** that a line of the report costs a compare or two. */
static bool line_start_residue(const char *s, size_t n, uint32_t k0)
{
#define AT0(lit) starts(s, n, 0, lit)
#define COUNT(lit) (AT0(lit) && count_follows(s, n, sizeof lit - 1))
  switch (k0) {
  case 0xE69DA5: /* 来 */ return AT0("来源：") || AT0("来源:");
  case 0xE6B58F: /* 浏 */ return COUNT("浏览量") || COUNT("浏览次数");
  case 0xE58F91: /* 发 */
    return AT0("发布时间：") || AT0("发布时间:") || AT0("发布日期：") || AT0("发布日期:") || AT0("发布者：");
  case 0xE5BD93: /* 当 */ return AT0("当前位置：") || AT0("当前位置:");
  case 0xE6ADA3: /* 正 */ return AT0("正文复制");
  case 0xE69CAC: /* 本 */
    return AT0("本文来源") || AT0("本文已影响") || AT0("本文标签") ||
           (AT0("本站") && (has(s, n, "侵权") || has(s, n, "转载") || has(s, n, "版权")));
  case 0xE78988: /* 版 */ return AT0("版权声明") || AT0("版权所有：") || AT0("版权所有:") || AT0("版权所有©");
  case 0xE8BF98: /* 还: 还剩2页未读，继续阅读 */ return AT0("还剩") && has(s, n, "未读");
  case 0xE4BFA1: /* 信 */ return AT0("信息来源：") || AT0("信息来源:");
  case 0xE682A8: /* 您 */ return AT0("您现在的位置") || AT0("您的位置") || AT0("您当前的位置");
  case 0xE59BBE: /* 图 */ return AT0("图片来源") || AT0("图片来自");
  case 0xE7BC96: /* 编: 编辑：李晓 | 审核：王军 */
    return (AT0("编辑：") || AT0("编辑:")) && (has(s, n, "审核") || has(s, n, "校对") || memchr(s, '|', n)) &&
           gw_utf8_count(s, n) <= 40;
  case 0xE5BE80: /* 往 */ return AT0("往期推荐") || AT0("往期回顾") || AT0("往期精选");
  case 0xE68EA8: /* 推 */ return AT0("推荐阅读");
  case 0xE69BB4: /* 更: 更多精品范文，请关注微信公众号… */
    return AT0("更多") && (has(s, n, "关注") || has(s, n, "公众号") || has(s, n, "下载") || has(s, n, "范文"));
  case 0xE58E9F: /* 原: 原创 公文笔记 2023-11-20 08:00 发表于江苏, a WeChat article's header */
    return AT0("原文链接") || (AT0("原创") && has(s, n, "发表于"));
  case 0xE694B6: /* 收 */ return AT0("收录于合集") || AT0("收录于话题");
  case 0xE58886: /* 分 */ return AT0("分享到：") || AT0("分享到:");
  case 0xE7B4A2: /* 索 */ return AT0("索引号：") || AT0("索引号:"); /* a government site's file record */
  case 0xE689AB: /* 扫: 扫一扫在手机打开当前页 */
    return AT0("扫一扫") && (has(s, n, "当前页") || has(s, n, "手机打开") || has(s, n, "关注") || has(s, n, "分享"));
  case 0xE8B4A3: /* 责 */ return AT0("责任编辑：");
  case 0xE7BD91: /* 网 */ return AT0("网站：");
  case 0xE99885: /* 阅 */
    return COUNT("阅读次数") || COUNT("阅读量") || AT0("阅读(") || AT0("阅读（") ||
           (AT0("阅读原文") && gw_utf8_count(s, n) <= 8);
  case 0xE782B9: /* 点 */
    return COUNT("点击次数") || COUNT("点击数：") || AT0("点击下载") || AT0("点个“在看”") || AT0("点个在看") ||
           AT0("点亮“在看”");
  case 0xE697B6: /* 时: 时间：2024-07-18 10:26 作者：佚名 浏览：5326次 */
    return (AT0("时间：") || AT0("时间:")) && (has(s, n, "作者") || has(s, n, "浏览") || has(s, n, "来源") || has(s, n, "点击"));
  case 0xE4B88A: /* 上 */ return AT0("上一篇：") || AT0("上一篇:");
  case 0xE4B88B: /* 下 */
    return AT0("下一篇：") || AT0("下一篇:") || AT0("下载后可") || AT0("下载本文") || AT0("下载文档") ||
           AT0("下载原文");
  case 0xE5B195: /* 展 */ return AT0("展开阅读全文") || AT0("展开全文");
  case 0xE4BBA3: /* 代 */ return AT0("代写"); /* 代写各类公文材料，微信：… */
  case 0xE4BBA5: /* 以 */
    return AT0("以上就是小编") || AT0("以上是小编") || AT0("以下是本站") || AT0("以下是小编") || AT0("以下是为大家");
  case 0xE5BEAE: /* 微 */ return AT0("微信扫一扫");
  case 0xE9A696: /* 首: 首页 > 工作报告 > 述职报告, a site's path */
    return AT0("首页") && (memchr(s, '>', n) || has(s, n, "»") || has(s, n, "＞"));
  case 0xE79BB8: /* 相 */ return AT0("相关推荐") || AT0("相关阅读") || AT0("相关文章") || AT0("相关链接");
  case 0xE4BD9C: /* 作 */ return (AT0("作者：") || AT0("作者:")) && gw_utf8_count(s, n) <= 40;
  case 0xE6B8A9: /* 温 */ return AT0("温馨提示：") || AT0("温馨提示:");
  case 0xE5AD97: /* 字 */ return AT0("字号：") || AT0("字号:") || AT0("字体：");
  case 0xE995BF: /* 长 */ return AT0("长按识别二维码") || AT0("长按二维码");
  case 0xE69687: /* 文 */ return AT0("文档下载") || AT0("文章来源") || AT0("文档来源");
  case 0xE7B2BE: /* 精: 精品文档, a document site's page header */
    return AT0("精品文档") && gw_utf8_count(s, n) <= 6;
  case 0xEFBC88: /* （ */
  case 0xE38090: /* 【 */
    return ((starts(s, n, 3, "此文档") || starts(s, n, 3, "本文档") || starts(s, n, 3, "文档可编辑")) &&
            (has(s, n, "编辑") || has(s, n, "下载") || has(s, n, "参考"))) ||
           starts(s, n, 3, "文章来源") || starts(s, n, 3, "本文来源") || /* （文章来源：网络整理，…） */
           (k0 == 0xE38090 && (starts(s, n, 3, "导读】") || starts(s, n, 3, "批注") || starts(s, n, 3, "打印本页") ||
                               starts(s, n, 3, "精品文档】") ||
                               starts(s, n, 3, "关闭窗口") || starts(s, n, 3, "字体：") || starts(s, n, 3, "字号："))); /* 【导读】本文共约3200字…, a comment left in, page buttons */
  case 0xE296B2: /* ▲ */
  case 0xE296BC: /* ▼ */
  case 0xE28693: { /* ↓ */
    /* ▲长按识别二维码关注…, ↓↓↓ 点个“在看”: arrows before the residue */
    size_t k = 3;
    while (k + 3 <= n && (starts(s, n, k, "▲") || starts(s, n, k, "▼") || starts(s, n, k, "↓"))) k += 3;
    while (k < n && s[k] == ' ') k++;
    return n >= k + 6 && line_start_residue(s + k, n - k, (uint32_t)(unsigned char)s[k] << 16 |
                                                         (uint32_t)(unsigned char)s[k + 1] << 8 | (unsigned char)s[k + 2]);
  }
  default:
    /* a web address alone: http://… https://… www.… */
    if ((k0 >> 16) == 'h' || (k0 >> 16) == 'w') {
      if (!AT0("http://") && !AT0("https://") && !AT0("www.")) return false;
      for (size_t k = 0; k < n; k++)
        if ((unsigned char)s[k] >= 0x80 || s[k] == ' ') return false;
      return true;
    }
    return false;
  }
#undef COUNT
#undef AT0
}

/* Residue that is unmistakable on its own: notices of the sites reports are
** copied from, ads, contact lines, site chrome (by how the line starts:
** line_start_residue). One walk over the characters
** looks for each phrase where its first character is, and notes which occur;
** the rules then combine them. (A phrase found anywhere in the bytes starts
** at a character the walk visits: it begins with ASCII or a lead byte, and a
** lead byte is never inside another valid character.) */
static bool noise_strong(const char *s, size_t n)
{
  if (n > 400) return false;
  const unsigned char *u = (const unsigned char *)s;
  if (n >= 6 && line_start_residue(s, n, (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2])) return true;
  /* a page mark: 内部资料 注意保存, （内部资料，注意保存） (its end first: cheap) */
  if (n <= 120 && n >= 12) {
    size_t m2 = ends_with(s, n, "）") ? n - 3 : s[n - 1] == ')' ? n - 1 : n;
    if ((ends_with(s, m2, "注意保存") || ends_with(s, m2, "妥善保管") || ends_with(s, m2, "注意保密") ||
         ends_with(s, m2, "不得外传")) &&
        has(s, n, "内部资料"))
      return true;
  }
  /* a document site's price: 5 积分, 10 积分 下载 */
  if (n <= 24 && is_digit(u[0])) {
    size_t k = 0;
    while (k < n && is_digit(u[k])) k++;
    while (k < n && s[k] == ' ') k++;
    if (starts(s, n, k, "积分")) return true;
  }
  /* a journal's or a bulletin's running head: 调研与参考  2023年第8期 */
  if (n <= 72 && ends_with(s, n, "期") && has(s, n, "年第")) {
    size_t k = n - 3, d = 0, st;
    while (k > 0 && is_digit((unsigned char)s[k - 1]) && d < 3) { k--; d++; }
    if (d > 0 && cp_before(s, k, &st) == 0x7B2C /*第*/ && cp_before(s, st, &st) == 0x5E74 /*年*/) return true;
  }
  enum {
    P_JIN_CANKAO = 1u << 0,  /* 仅供学习参考 */
    P_QINGWU = 1u << 1,      /* 请勿照搬照抄 */
    P_BENWEN = 1u << 2,      /* 本文系 本文为 本文由 */
    P_TOUGAO = 1u << 3,      /* 投稿 仅供 整理 */
    P_JIN_XUEXI = 1u << 4,   /* 仅供学习 */
    P_WAICHUAN = 1u << 5,    /* 禁止外传 用后删除 */
    P_ZIXUN_QQ = 1u << 6,    /* 咨询QQ */
    P_ZHENGLI_ZX = 1u << 7,  /* 整理，咨询 整理,咨询 */
    P_XIAOBIAN = 1u << 8,    /* 下面是小编 */
    P_YULAN = 1u << 9,       /* 预览阅读已结束 */
    P_MIANZE = 1u << 10,     /* 免责声明 */
    P_QQQUN = 1u << 11,      /* QQ群 (short lines) */
    P_HUIYUAN = 1u << 12,    /* 会员群 会员资料 */
    P_WEIXIN = 1u << 13,     /* 微信群： */
    P_DINGYUE = 1u << 14,    /* 订阅 */
    P_DAOMAI = 1u << 15,     /* 倒卖 */
    P_SAOMA = 1u << 16,      /* 扫码关注 */
    P_GONGZHONG = 1u << 17,  /* 关注公众号 */
    P_Q = 1u << 18,          /* a Q somewhere */
    P_QINQUAN = 1u << 19     /* 如有侵权 */
  };
  unsigned m = 0;
  size_t i = 0;
#define PH(lit, bit) if (starts(s, n, i, lit)) m |= (bit)
  while (i < n) {
    if (u[i] < 0xE0) {
      if (u[i] == 'Q') {
        m |= P_Q;
        /* QQ群：123456, QQ群号 (not 班级QQ群和微信群) */
        if (starts(s, n, i, "QQ群") && i + 5 < n &&
            (is_digit((unsigned char)s[i + 5]) || s[i + 5] == ':' || starts(s, n, i + 5, "：") || starts(s, n, i + 5, "号")))
          m |= P_QQQUN;
      }
      i++;
      continue;
    }
    if (i + 2 >= n) { i++; continue; } /* no character of the set fits */
    uint32_t key = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
    uint32_t slot = KEY_SLOT(NOISE, key);
    if (NOISE_KEY_TAB[slot] != key) { i += key_step(u, i); continue; }
    /* no phrase starts here unless the next character is its second one */
    if (i + 6 > n || ((uint32_t)u[i + 3] << 16 | (uint32_t)u[i + 4] << 8 | u[i + 5]) != NOISE_NEXT_TAB[slot]) {
      i += 3;
      continue;
    }
    switch (key_cp(key)) {
    case 0x4EC5: PH("仅供学习参考", P_JIN_CANKAO); PH("仅供学习", P_JIN_XUEXI); PH("仅供", P_TOUGAO); break; /* 仅 */
    case 0x8BF7: PH("请勿照搬照抄", P_QINGWU); break;                                              /* 请 */
    case 0x672C: PH("本文系", P_BENWEN); PH("本文为", P_BENWEN); PH("本文由", P_BENWEN); break;      /* 本 */
    case 0x6295: PH("投稿", P_TOUGAO); break;                                                      /* 投 */
    case 0x6574: PH("整理", P_TOUGAO); PH("整理，咨询", P_ZHENGLI_ZX); PH("整理,咨询", P_ZHENGLI_ZX); break; /* 整 */
    case 0x7981: PH("禁止外传", P_WAICHUAN); break;                                                /* 禁 */
    case 0x7528: PH("用后删除", P_WAICHUAN); break;                                                /* 用 */
    case 0x54A8: PH("咨询QQ", P_ZIXUN_QQ); break;                                                  /* 咨 */
    case 0x4E0B: PH("下面是小编", P_XIAOBIAN); break;                                              /* 下 */
    case 0x9884: PH("预览阅读已结束", P_YULAN); break;                                             /* 预 */
    case 0x514D: PH("免责声明", P_MIANZE); break;                                                  /* 免 */
    case 0x4F1A: PH("会员群", P_HUIYUAN); PH("会员资料", P_HUIYUAN); break;                         /* 会 */
    case 0x5FAE: PH("微信群：", P_WEIXIN); break;                                                  /* 微 */
    case 0x8BA2: PH("订阅", P_DINGYUE); break;                                                     /* 订 */
    case 0x5012: PH("倒卖", P_DAOMAI); break;                                                      /* 倒 */
    case 0x626B: PH("扫码关注", P_SAOMA); break;                                                   /* 扫 */
    case 0x5173: PH("关注公众号", P_GONGZHONG); break;                                             /* 关 */
    case 0x5982: PH("如有侵权", P_QINQUAN); break;                                                 /* 如 */
    default: break;
    }
    i += 3;
  }
#undef PH
  if (!m) return false;
  if (m & (P_JIN_CANKAO | P_QINGWU | P_ZIXUN_QQ | P_ZHENGLI_ZX | P_XIAOBIAN | P_YULAN | P_MIANZE)) return true;
  if ((m & P_BENWEN) && (m & P_TOUGAO)) return true; /* 本文为网友投稿，仅供参考 */
  if ((m & P_JIN_XUEXI) && (m & P_WAICHUAN)) return true;
  if ((m & P_QINQUAN) && has(s, n, "删除")) return true; /* 如有侵权请联系删除 */
  if (n < 160) {
    if ((m & (P_QQQUN | P_HUIYUAN | P_WEIXIN | P_DINGYUE | P_DAOMAI | P_SAOMA | P_GONGZHONG)) && !report_sentence(s, n))
      return true;
    /* QQ206157060 */
    const char *q = (m & P_Q) ? memmem(s, n, "QQ", 2) : NULL;
    if (q) {
      size_t k = (size_t)(q - s) + 2, d = 0;
      while (k < n && (s[k] == ':' || s[k] == ' ')) k++;
      if (starts(s, n, k, "：")) k += 3;
      while (k < n && is_digit((unsigned char)s[k])) { k++; d++; }
      if (d >= 5) return true;
    }
  }
  return false;
}

/* A line of a table of contents without dot leaders: 一、主要工作及成效<Tab>1, or
** with a run of spaces before the page number; no sentence punctuation. */
static bool tab_page(const char *s, size_t n)
{
  size_t k = n, digits = 0;
  while (k > 0 && is_digit((unsigned char)s[k - 1]) && digits < 4) { k--; digits++; }
  if (!digits || digits > 3 || k == 0) return false;
  if (s[k - 1] == '\t') {
    /* (a tab alone is enough) */
  } else if (k >= 2 && s[k - 1] == ' ' && s[k - 2] == ' ') {
  } else if (k >= 3 && memcmp(s + k - 3, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
  } else {
    return false;
  }
  return !has_n(s, k, "\xE3\x80\x82", 3) && !has_n(s, k, "\xEF\xBC\x8C", 3); /* 。 ， */
}

/* A bare page number: 12, - 12 -, 第3页, 3/10. */
static bool page_number(const char *s, size_t n)
{
  if (n > 24) return false;
  size_t i = 0, digits = 0, len;
  bool other = false;
  while (i < n) {
    uint32_t c = fold(cp_at(s, n, i, &len));
    if (is_digit(c)) digits++;
    else if (c == '-' || c == ' ' || c == '/' || c == 0x2014 || c == 0x7B2C /*第*/ || c == 0x9875 /*页*/ ||
             c == 0x5171 /*共*/ || c == 0x2013)
      ;
    else other = true;
    i += len;
  }
  return digits > 0 && digits <= 4 && !other;
}

/* Anti-copy jammer: only short ASCII tokens (+ O2 W- O: E/ I5 L9 Z). */
static bool jammer(const char *s, size_t n)
{
  if (n > 200) return false;
  size_t tokens = 0, i = 0;
  while (i < n) {
    while (i < n && s[i] == ' ') i++;
    if (i >= n) break;
    size_t st = i;
    while (i < n && s[i] != ' ') {
      if ((unsigned char)s[i] >= 0x80) return false;
      i++;
    }
    if (i - st > 2) return false;
    tokens++;
  }
  return tokens >= 4;
}

static bool only_punct(const char *s, size_t n)
{
  if (n == 3 && memcmp(s, "END", 3) == 0) return true; /* the end mark of an article */
  size_t i = 0, len, count = 0, dashes = 0;
  while (i < n) {
    uint32_t c = fold(cp_at(s, n, i, &len));
    if (c == 0x2014 || c == 0x2500 || c == '-') dashes++;
    if (!(c == ',' || c == '.' || c == 0x3002 || c == 0x3001 || c == ';' || c == ' ' || c == 0x2026 || c == '-' ||
          c == '=' || c == 0x2014 || c == 0x2500)) {
      /* —— END ——: the end mark of an article */
      if ((c == 'E' || c == 'e') && dashes && i + 3 <= n && (s[i + 1] | 0x20) == 'n' && (s[i + 2] | 0x20) == 'd' &&
          (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '-' || (unsigned char)s[i + 3] >= 0x80)) {
        i += 3;
        count += 3;
        continue;
      }
      return false; /* ---, ===: a rule drawn between parts of a page */
    }
    i += len;
    count++;
  }
  return count >= 3;
}

/* Sentence marks, as bits of a set: what next_mark looks for. */
enum {
  M_PERIOD = 1u << 0,   /* 。 */
  M_ELLIPSIS = 1u << 1, /* … */
  M_EXCL = 1u << 2, M_QUES = 1u << 3, M_SEMI = 1u << 4, M_COMMA = 1u << 5, M_COLON = 1u << 6, /* ASCII */
  M_FW_EXCL = 1u << 7, M_FW_QUES = 1u << 8, M_FW_SEMI = 1u << 9, M_FW_COMMA = 1u << 10, M_FW_COLON = 1u << 11,
  M_SENTENCE = 0xFFFu   /* every one: 。！？；，：… in either width */
};

/* The mark starting at p (its bytes before e), 0 if none; *len its bytes. A
** walk over the characters decodes the same character there: marks are ASCII
** or start with a lead byte, which never lies inside another character. */
static GW_ALWAYS_INLINE unsigned mark_at(const unsigned char *u, size_t p, size_t e, size_t *len)
{
  *len = 1;
  switch (u[p]) {
  case '!': return M_EXCL;
  case '?': return M_QUES;
  case ';': return M_SEMI;
  case ',': return M_COMMA;
  case ':': return M_COLON;
  case 0xE3:
    if (p + 2 < e && u[p + 1] == 0x80 && u[p + 2] == 0x82) { *len = 3; return M_PERIOD; }
    return 0;
  case 0xE2:
    if (p + 2 < e && u[p + 1] == 0x80 && u[p + 2] == 0xA6) { *len = 3; return M_ELLIPSIS; }
    return 0;
  case 0xEF:
    if (p + 2 < e && u[p + 1] == 0xBC) {
      *len = 3;
      switch (u[p + 2]) {
      case 0x81: return M_FW_EXCL;
      case 0x9F: return M_FW_QUES;
      case 0x9B: return M_FW_SEMI;
      case 0x8C: return M_FW_COMMA;
      case 0x9A: return M_FW_COLON;
      default: break;
      }
      *len = 1;
    }
    return 0;
  default: return 0;
  }
}

/* The bytes a mark can start with (mark_at is 0 at any other). */
static const uint8_t MARK_BYTE[256] = {['!'] = 1, ['?'] = 1, [';'] = 1, [','] = 1, [':'] = 1,
                                       [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};

/* First p in [i, lim) where a mark of `want` starts (bytes before e), or lim;
** *which and *len tell which mark and its bytes. */
static size_t next_mark(const char *s, size_t i, size_t lim, size_t e, unsigned want, unsigned *which, size_t *len)
{
  const unsigned char *u = (const unsigned char *)s;
#if GW_SSE2
  /* candidates sixteen bytes at a time: E2, E3, EF and every ASCII byte */
  const __m128i ve2 = _mm_set1_epi8((char)0xE2), ve3 = _mm_set1_epi8((char)0xE3), vef = _mm_set1_epi8((char)0xEF);
  while (i + 16 <= lim) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, ve2), _mm_or_si128(_mm_cmpeq_epi8(v, ve3), _mm_cmpeq_epi8(v, vef)));
    unsigned bits = (unsigned)_mm_movemask_epi8(m) | (~(unsigned)_mm_movemask_epi8(v) & 0xFFFFu);
    while (bits) {
      size_t p = i + (unsigned)__builtin_ctz(bits);
      unsigned w = mark_at(u, p, e, len) & want;
      if (w) { *which = w; return p; }
      bits &= bits - 1;
    }
    i += 16;
  }
  if (i < lim && lim >= 16) {
    /* the last bytes: the sixteen that end at lim, those before i masked off */
    size_t i2 = lim - 16;
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i2));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, ve2), _mm_or_si128(_mm_cmpeq_epi8(v, ve3), _mm_cmpeq_epi8(v, vef)));
    unsigned bits = ((unsigned)_mm_movemask_epi8(m) | (~(unsigned)_mm_movemask_epi8(v) & 0xFFFFu)) & (~0u << (i - i2));
    while (bits) {
      size_t p = i2 + (unsigned)__builtin_ctz(bits);
      unsigned w = mark_at(u, p, e, len) & want;
      if (w) { *which = w; return p; }
      bits &= bits - 1;
    }
    i = lim;
  }
#endif
  for (; i < lim; i++) {
    if (!MARK_BYTE[u[i]]) continue; /* most bytes start no mark */
    unsigned w = mark_at(u, i, e, len) & want;
    if (w) { *which = w; return i; }
  }
  *which = 0;
  *len = 0;
  return lim;
}

/* Title: ends in a 文种, maybe followed by （…）, (5篇), 篇二. No sentence mark
** (M_SENTENCE) starts before `from` (the caller knows; 0 if not). */
/* 篇一： 第二篇： 范文三： before a title in a file of several reports: the end of
** that prefix, or 0. */
static size_t pian_prefix(const char *s, size_t n)
{
  size_t i = 0, len;
  size_t o = starts(s, n, 0, "【") ? 3 : 0; /* 【范文二】 */
  if (starts(s, n, o, "篇")) i = o + 3;
  else if (starts(s, n, o, "范文")) i = o + 6;
  else if (!o && starts(s, n, 0, "第")) i = 3;
  else return 0;
  size_t j = i;
  if (!parse_cjk_number(s, n, &j) && parse_digits(s, n, &j, 2) <= 0) return 0;
  if (i == 3 && starts(s, n, 0, "第")) {
    if (!starts(s, n, j, "篇")) return 0;
    j += 3;
  }
  if (o) return starts(s, n, j, "】") ? skip_spaces(s, n, j + 3) : 0;
  uint32_t c = fold(cp_at(s, n, j, &len));
  if (c != ':' && c != 0x3001 /*、*/ && c != ' ' && c != 0x3000) return 0;
  return skip_spaces(s, n, j + len);
}

static unsigned title_shape(const char *s, size_t n, size_t nch, size_t from)
{
  if (nch < 4 || nch > 60) return 0;
  size_t len;
  unsigned which;
  size_t pre = pian_prefix(s, n);
  if (pre && from < pre) {
    /* (the prefix's colon is no sentence mark of the title) */
    from = next_mark(s, pre, n, n, M_PERIOD | M_FW_COMMA | M_FW_SEMI | M_FW_COLON | M_FW_EXCL | M_FW_QUES, &which, &len);
  }
  if (from < n &&
      next_mark(s, from, n, n, M_PERIOD | M_FW_COMMA | M_FW_SEMI | M_FW_COLON | M_FW_EXCL | M_FW_QUES, &which, &len) < n)
    return 0; /* 。，；：！？ */
  unsigned f = 0;
  size_t e = n;
  size_t ps;
  uint32_t last = cp_before(s, e, &ps);
  if (is_close(last)) {
    /* find the matching opener */
    size_t k = ps;
    while (k > 0) {
      size_t st;
      uint32_t c = cp_before(s, k, &st);
      if (is_open(c)) {
        if (has(s + st, e - st, "篇")) f |= GW_F_COLLECTION;
        e = st;
        break;
      }
      k = st;
    }
  } else {
    /* 篇一 / 篇2 / 之一 */
    size_t k = e;
    int guard = 0;
    while (k > 0 && guard < 4) {
      size_t st;
      uint32_t c = cp_before(s, k, &st);
      if (cjk_digit(c) > 0 || is_digit(c)) { k = st; guard++; continue; }
      if ((c == 0x7BC7 /*篇*/ || c == 0x4E4B /*之*/) && guard > 0) { f |= c == 0x7BC7 ? GW_F_PIAN : 0; e = st; }
      break;
    }
    /* …述职报告2篇, …范文两篇: a collection, as …(5篇) */
    size_t st;
    if (!(f & GW_F_PIAN) && cp_before(s, e, &st) == 0x7BC7 /*篇*/) {
      size_t k2 = st, dg = 0, st2;
      for (uint32_t c; k2 > 0 && dg < 3; k2 = st2, dg++) {
        c = cp_before(s, k2, &st2);
        if (!(is_digit(c) || cjk_digit(c) > 0 || c == 0x4E24 /*两*/)) break;
      }
      /* (only after a genre: not 撰写调研报告材料2篇… as a line of its own) */
      static const word coll[] = {W_("报告"), W_("材料"), W_("总结"), W_("范文"), W_("发言"), W_("提纲"),
                                  W_("心得体会"), W_("汇报"), W_("讲话"), W_("述职")};
      bool genre_before = false;
      for (size_t g = 0; g < sizeof coll / sizeof coll[0] && dg > 0 && k2 > 0; g++)
        genre_before |= ends_with_n(s, k2, coll[g].lit, coll[g].k);
      if (genre_before) { f |= GW_F_COLLECTION; e = k2; }
    }
  }
  (void)len;
  static const word genre[] = {W_("报告"), W_("材料"), W_("总结"), W_("汇报"), W_("讲话"), W_("发言"), W_("提纲"),
                               W_("计划"), W_("方案"), W_("述职"), W_("讲稿"), W_("汇报稿"), W_("心得体会"), W_("汇编"),
                               W_("的意见"), W_("点评意见"), W_("评议意见"), W_("工作要点")};
  if (pre) f |= GW_F_PIAN;
  for (size_t g = 0; g < sizeof genre / sizeof genre[0]; g++)
    if (ends_with_n(s, e, genre[g].lit, genre[g].k)) return f | GW_F_TITLE_STRONG;
  /* 2023年工作总结和2024年工作打算: a 总结 with its plans */
  if ((ends_with(s, e, "打算") || ends_with(s, e, "思路") || ends_with(s, e, "安排")) && has(s, e, "总结"))
    return f | GW_F_TITLE_STRONG;
  return f & GW_F_COLLECTION ? f | GW_F_TITLE_STRONG : 0; /* …(5篇) is a title whatever its genre */
}

/* Date at the end of the line: 2020年4月14日, 二〇二五年八月十二日, XXXX年XX月XX日.
** Returns the byte where the date starts, or n when there is none. */
static size_t date_tail(const char *s, size_t n)
{
  size_t st, len;
  /* 2025.1.6 2025-01-06 2025/1/6 */
  if (n > 0 && is_digit((unsigned char)s[n - 1])) {
    size_t k = n, d = 0;
    char sep = 0;
    int part = 0;
    while (k > 0) {
      char c = s[k - 1];
      if (is_digit((unsigned char)c)) { k--; d++; continue; }
      if (part < 2 && d >= 1 && d <= 2 && (c == '.' || c == '-' || c == '/') && (!sep || c == sep)) {
        sep = c;
        part++;
        d = 0;
        k--;
        continue;
      }
      break;
    }
    if (part == 2 && d == 4 && (k == 0 || !is_digit((unsigned char)s[k - 1]))) return k;
    return n;
  }
  bool day = ends_with(s, n, "日");
  if (!day && !ends_with(s, n, "月")) return n;
  /* walk back over day, 月, month, 年, year (2025年1月, 二〇二五年元月: no day) */
  size_t k = n - 3;
  int part = day ? 0 : 1; /* 0 day, 1 month, 2 year */
  size_t count = 0;
  bool slots = true; /* every numeral so far is a placeholder (X月X日) */
  while (k > 0) {
    uint32_t c = cp_before(s, k, &st);
    bool slot = is_x(c) || c == '*' || c == 0xD7 || c == 0x25CB /*○*/ || c == '_';
    bool numch = is_digit(fold(c)) || cjk_digit(c) >= 0 || slot || c == ' ' || (part == 1 && c == 0x5143 /*元*/);
    if (numch && (count < (part == 2 ? 4u : 3u) || (slot && count < 6u))) { k = st; count++; slots &= slot || c == ' '; continue; }
    if (count == 0) return n;
    if (part == 0 && c == 0x6708 /*月*/) { part = 1; count = 0; k = st; continue; }
    if (part == 1 && c == 0x5E74 /*年*/) { part = 2; count = 0; k = st; continue; }
    break;
  }
  if (part == 1 && day && slots && count > 0) return k; /* X月X日: the date of a template */
  if (part != 2 || count < 2) return n;
  (void)len;
  return k;
}

/* Whether a label word occurs in s[0..n) (as bytes, anywhere): 存在 问题 不足
** 原因 表现 差距 打算 措施 做法 成效 成绩 思路 下一步 下步 根源 整改情况 整改进展
** 整改成效 完成情况 经验 体会 短板 努力方向. One walk over the bytes, each word compared where the bytes
** of its first character are (all start with a lead byte E4..E9, 6+ bytes). */
static bool label_word(const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i + 6 <= n; i++) {
    if (u[i] < 0xE4 || u[i] > 0xE9) continue;
    uint32_t key = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
    switch (key) {
#define LW(lit) if (starts(s, n, i, lit)) return true
    case 0xE5AD98: LW("存在"); break;
    case 0xE997AE: LW("问题"); break;
    case 0xE4B88D: LW("不足"); break;
    case 0xE58E9F: LW("原因"); break;
    case 0xE8A1A8: LW("表现"); break;
    case 0xE5B7AE: LW("差距"); break;
    case 0xE68993: LW("打算"); break;
    case 0xE68EAA: LW("措施"); break;
    case 0xE5819A: LW("做法"); break;
    case 0xE68890: LW("成效"); LW("成绩"); break;
    case 0xE6809D: LW("思路"); break;
    case 0xE4B88B: LW("下一步"); LW("下步"); break;
    case 0xE6A0B9: LW("根源"); break;
    case 0xE695B4: LW("整改情况"); LW("整改进展"); LW("整改成效"); break;
    case 0xE5AE8C: LW("完成情况"); break;
    case 0xE7BB8F: LW("经验"); break;
    case 0xE4BD93: LW("体会"); break;
    case 0xE79FAD: LW("短板"); break;
    case 0xE58AAA: LW("努力方向"); break;
    case 0xE4BAAE: LW("亮点"); break;
    case 0xE697B6: LW("时限"); break;
#undef LW
    default: break;
    }
  }
  return false;
}

/* }=================================================================== */

/* {===================================================================
** The line scan
** =================================================================== */

typedef struct {
  gw_scan_out *o;     /* enumerators are appended to o->en */
  bool oom;
} enum_buf;

static void add_enum(enum_buf *b, uint32_t pos, int ordinal, bool after_colon, int count)
{
  if (b->oom) return;
  gw_scan_out *o = b->o;
  if (o->nen == o->en_cap) {
    size_t nc = o->en_cap ? o->en_cap * 2 : 64;
    gw_enum *nv = realloc(o->en, nc * sizeof *nv);
    if (!nv) { b->oom = true; return; }
    o->en = nv;
    o->en_cap = nc;
  }
  gw_enum *e = &o->en[o->nen++];
  e->pos = pos;
  e->ordinal = (uint8_t)ordinal;
  e->after_colon = after_colon;
  e->count = (uint8_t)count;
}

/* At a clause start: 二是 … ; returns ordinal or 0. */
static GW_ALWAYS_INLINE int enum_at(const char *s, size_t n, size_t i)
{
  /* a three-byte numeral, then 是 (E6 98 AF) */
  const unsigned char *u = (const unsigned char *)s;
  /* (the three bytes of 是 compared at once: one branch, rarely taken) */
  if (i + 6 > n || ((u[i + 3] ^ 0xE6) | (u[i + 4] ^ 0x98) | (u[i + 5] ^ 0xAF)) != 0) return 0;
  size_t len, l2;
  int d = cjk_digit(cp_at(s, n, i, &len));
  if (d < 1 || d > 10) return 0;
  if (cp_at(s, n, i + len, &l2) != 0x662F /*是*/) return 0;
  return d;
}

/* Before a colon at i: 以下三个方面 / 在五个方面 (+ 的原因 / 的工作). Returns count or 0. */
static int announced_before(const char *s, size_t i)
{
  size_t k = i, st;
  /* skip an optional tail 的原因 / 的工作 / 的问题 */
  for (int g = 0; g < 3 && k > 0; g++) {
    uint32_t c = cp_before(s, k, &st);
    if (c == 0x65B9 /*方*/ || c == 0x70B9 /*点*/ || c == 0x9879 /*项*/ || c == 0x6761 /*条*/ || c == 0x9762 /*面*/) break;
    k = st;
  }
  size_t end = k;
  uint32_t c = cp_before(s, k, &st);
  if (c == 0x9762 /*面*/) {
    size_t st2;
    if (cp_before(s, st, &st2) != 0x65B9 /*方*/) return 0;
    k = st2;
  } else if (c == 0x70B9 || c == 0x9879 || c == 0x6761) {
    k = st;
  } else {
    return 0;
  }
  (void)end;
  c = cp_before(s, k, &st);
  if (c == 0x4E2A /*个*/) { k = st; c = cp_before(s, k, &st); }
  int v = cjk_digit(c);
  if (c == 0x4E24 /*两*/) v = 2;
  if (v < 2 || v > 10) {
    if (is_digit(c)) v = (int)(c - '0');
    else return 0;
  }
  return v;
}

static bool is_label_colon(uint32_t c) { return c == 0xFF1A || c == ':'; }

/* Lead bytes of CJK characters that start nothing of interest (U+4000–U+5FFF,
** U+7000–U+9FFF); E6 is handled apart for 某. */
static const uint8_t CJK3[256] = {[0xE4] = 1, [0xE5] = 1, [0xE7] = 1, [0xE8] = 1, [0xE9] = 1};

/* Bytes that can start something the body scan looks at. */
static const uint8_t TRIGGER[256] = {
  ['X'] = 1, ['x'] = 1, ['*'] = 1, ['_'] = 1, ['('] = 1, [';'] = 1, [','] = 1, [':'] = 1, ['!'] = 1, ['?'] = 1,
  [0xC3] = 1, [0xE2] = 1, [0xE3] = 1, [0xE6] = 1, [0xEF] = 1,
};

/* The body scan's walk: whole CJK characters (not 某) three bytes at a time,
** other bytes one at a time, up to a byte in TRIGGER. Returns its position or e. */
static size_t skip_exact(const unsigned char *u, size_t i, size_t e)
{
  for (;;) {
    while (i + 3 <= e && (CJK3[u[i]] || (u[i] == 0xE6 && !(u[i + 1] == 0x9F && u[i + 2] == 0x90)))) i += 3;
    if (i >= e || TRIGGER[u[i]]) return i;
    i++;
  }
}

#define LEAD3(c) ((c) >= 0xE4 && (c) <= 0xE9)

/* What the body scan does where a character starts: a kind of hit, or
** H_NONE (the character is stepped over). hit_kind decodes the character once
** and the scan's switch acts on the kind, so that the few bytes of a hit are
** not compared twice (once to find it, once to act on it). */
enum {
  H_NONE = 0,
  H_CLAUSE1,  /* ; , ! ?      a clause starts after it */
  H_CLAUSE3,  /* 。，；！？   the same, three bytes */
  H_COLON1,   /* :            announcement before, clause after */
  H_COLON3,   /* ： */
  H_X,        /* X x Ｘ ｘ    fill-in slot */
  H_STAR,     /* * ＊ */
  H_UNDER,    /* _ */
  H_FW_UNDER, /* ＿ */
  H_PAREN,    /* (            bracket slot closed by ) or ） */
  H_FW_PAREN, /* （ */
  H_LENT,     /* 【 */
  H_TIMES,    /* × ✕ */
  H_QOPEN,    /* “ */
  H_QCLOSE,   /* ” */
  H_CIRCLE,   /* ○ */
  H_SQUARE,   /* □ */
  H_MOU       /* 某 */
};

/* Kinds of the ASCII bytes. */
static const uint8_t HIT_ASCII[128] = {
  ['X'] = H_X, ['x'] = H_X, ['*'] = H_STAR, ['_'] = H_UNDER, ['('] = H_PAREN, [';'] = H_CLAUSE1, [','] = H_CLAUSE1,
  [':'] = H_COLON1, ['!'] = H_CLAUSE1, ['?'] = H_CLAUSE1,
};
/* Kinds of the three-byte hits, keyed by their bytes (b0 << 16 | b1 << 8 | b2)
** in a hash set like the KEY sets above (no two in one slot; generated): an
** entry is key << 8 | kind, 0 for a free slot: ，；！？：Ｘ＊（＿ｘ 。【
** “”○□✕ 某. One look-up in place of a switch over the lead byte and compares
** of the next two: 。 ， “ ” follow each other in no order a branch predictor
** can learn (callgrind's branch simulation counted 60k fewer mispredictions
** per 3 MB of reports, for 1.2M more instructions). */
#define HIT_KEY_BITS 5
#define HIT_KEY_MULT 0x6072C48Fu
static const uint32_t HIT_KEY_TAB[32] = {
  0xEFBC88u << 8 | H_FW_PAREN, 0xE2809Du << 8 | H_QCLOSE, 0, 0xEFBCB8u << 8 | H_X,
  0xE69F90u << 8 | H_MOU, 0xEFBC9Bu << 8 | H_CLAUSE3, 0, 0,
  0, 0, 0, 0,
  0xEFBC81u << 8 | H_CLAUSE3, 0xE296A1u << 8 | H_SQUARE, 0, 0,
  0xEFBD98u << 8 | H_X, 0xEFBC8Cu << 8 | H_CLAUSE3, 0xE2978Bu << 8 | H_CIRCLE, 0xE29C95u << 8 | H_TIMES,
  0xE38082u << 8 | H_CLAUSE3, 0xE2809Cu << 8 | H_QOPEN, 0xEFBC9Fu << 8 | H_CLAUSE3, 0xEFBCBFu << 8 | H_FW_UNDER,
  0xEFBC8Au << 8 | H_STAR, 0xEFBC9Au << 8 | H_COLON3, 0, 0,
  0, 0xE38090u << 8 | H_LENT, 0, 0,
};

/* The kind of hit at p (bytes before e). */
static GW_ALWAYS_INLINE unsigned hit_kind(const unsigned char *u, size_t p, size_t e)
{
  unsigned char c = u[p];
  if (c < 0x80) return HIT_ASCII[c];
  if (c == 0xC3) return p + 1 < e && u[p + 1] == 0x97 ? H_TIMES : H_NONE; /* × */
  if (p + 2 >= e) return H_NONE;
  uint32_t key = (uint32_t)c << 16 | (uint32_t)u[p + 1] << 8 | u[p + 2];
  uint32_t t = HIT_KEY_TAB[(key * HIT_KEY_MULT) >> (32 - HIT_KEY_BITS)];
  return t >> 8 == key ? (t & 0xFFu) : H_NONE; /* (a free slot: key is never 0) */
}

#if GW_SSE2
/* Candidates among the sixteen bytes at u + i (u[i .. i + 18) readable): every
** ASCII byte, the lead bytes C3 E2 EF, of E3 only 。 and 【 (E3 80 82 / 90, not
** 、《》) and 某 (E6 9F); a bit per position. hit_kind() says which are hits. */
static GW_ALWAYS_INLINE unsigned candidates16(const unsigned char *u, size_t i)
{
  const __m128i vc3 = _mm_set1_epi8((char)0xC3), ve2 = _mm_set1_epi8((char)0xE2), ve3 = _mm_set1_epi8((char)0xE3),
                vef = _mm_set1_epi8((char)0xEF), ve6 = _mm_set1_epi8((char)0xE6), v9f = _mm_set1_epi8((char)0x9F);
  const __m128i v80 = _mm_set1_epi8((char)0x80), v82 = _mm_set1_epi8((char)0x82), v90 = _mm_set1_epi8((char)0x90);
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
  __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 2));
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vc3), _mm_cmpeq_epi8(v, ve2)), _mm_cmpeq_epi8(v, vef));
  m = _mm_or_si128(m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, ve3), _mm_cmpeq_epi8(w, v80)),
                                    _mm_or_si128(_mm_cmpeq_epi8(x, v82), _mm_cmpeq_epi8(x, v90))));
  m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, ve6), _mm_cmpeq_epi8(w, v9f)));
  return (unsigned)_mm_movemask_epi8(m) | (~(unsigned)_mm_movemask_epi8(v) & 0xFFFFu);
}

/* Where the body scan looks for the next interesting byte: a window of 64
** bytes at base whose candidates not yet passed are in bits (while valid). One
** window holds a few hits of ordinary text, so the scan neither stops at every
** sixteen bytes without one nor starts over after each hit. */
typedef struct {
  size_t base;
  uint64_t bits;
  bool valid;
} hit_window;

/* First p in [i, e) where a hit starts (hit_kind not H_NONE), or e; *kind
** is its kind (w: the window of the call before, on the same line). In valid
** UTF-8 that is where skip_exact stops too, but for bytes that lead to
** nothing: the bytes it steps over inside a character are continuation
** bytes, which are never hits, and the TRIGGER bytes it stops at that are no
** hit (E6 not starting 某, 、 《 ） …) are stepped over by the scan as they
** are here. The caller falls back to skip_exact when a lead byte E4–E9 sits
** within two bytes before the answer, the only way the two could differ. */
static GW_ALWAYS_INLINE size_t next_hit(const unsigned char *u, size_t i, size_t e, hit_window *w, unsigned *kind)
{
  size_t q = i;
  unsigned k;
  if (w->valid) {
    if (i - w->base < 64) {
      uint64_t b = w->bits & (~0ULL << (i - w->base));
      while (b) {
        size_t p = w->base + (unsigned)__builtin_ctzll(b);
        if ((k = hit_kind(u, p, e)) != H_NONE) { w->bits = b; *kind = k; return p; }
        b &= b - 1;
      }
      q = w->base + 64;
    }
    w->valid = false;
  }
  while (q + 66 <= e) {
    uint64_t b = (uint64_t)candidates16(u, q) | (uint64_t)candidates16(u, q + 16) << 16 |
                 (uint64_t)candidates16(u, q + 32) << 32 | (uint64_t)candidates16(u, q + 48) << 48;
    while (b) {
      size_t p = q + (unsigned)__builtin_ctzll(b);
      if ((k = hit_kind(u, p, e)) != H_NONE) { w->base = q; w->bits = b; w->valid = true; *kind = k; return p; }
      b &= b - 1;
    }
    q += 64;
  }
  for (; q + 18 <= e; q += 16) {
    unsigned b = candidates16(u, q);
    while (b) {
      size_t p = q + (unsigned)__builtin_ctz(b);
      if ((k = hit_kind(u, p, e)) != H_NONE) { *kind = k; return p; }
      b &= b - 1;
    }
  }
  if (q < e && e >= 18) {
    /* the last positions but two: the block of sixteen that ends two bytes
    ** before e (its positions before q masked off; q > e - 18 here), not a
    ** walk byte by byte, which mispredicted at every lead byte of the tail */
    size_t q2 = e - 18;
    unsigned b = candidates16(u, q2) & (~0u << (q - q2));
    while (b) {
      size_t p = q2 + (unsigned)__builtin_ctz(b);
      if ((k = hit_kind(u, p, e)) != H_NONE) { *kind = k; return p; }
      b &= b - 1;
    }
    if (q < e - 2) q = e - 2;
  }
  for (; q < e; q++) /* (only TRIGGER bytes are hits) */
    if (TRIGGER[u[q]] && (k = hit_kind(u, q, e)) != H_NONE) { *kind = k; return q; }
  *kind = H_NONE;
  return e;
}
#endif

/* s[k..e) is a person's name and nothing else: one to eight characters after
** white space, no digit, no punctuation (王××, XXX, 张某某). */
/* Words that name the writer in a signature, with a colon after them
** (述职人：XXX, 本人签名：____ 2023年12月X日). */
static const word SIG_WORDS[] = {W_("述职人"), W_("报告人"), W_("汇报人"), W_("发言人"), W_("点评人"), W_("本人签名")};

static bool name_only(const char *s, size_t e, size_t k)
{
  size_t len, chars = 0;
  k = skip_spaces(s, e, k);
  while (k < e) {
    uint32_t c = fold(cp_at(s, e, k, &len));
    if (!len || is_digit(c) || c == ',' || c == 0x3002 || c == ';' || c == ':' || c == 0x3001 || c == '.' || c == '!' ||
        c == '?' || ++chars > 8)
      return false;
    k += len;
  }
  return chars > 0;
}

int gw_scan_line(const char *s, size_t n, gw_lrec *r, gw_scan_out *out)
{
  memset(r, 0, sizeof *r);
  size_t nph0 = out->nph, nen0 = out->nen;

  /* trailing white space */
  size_t e = n, st;
  while (e > 0) {
    /* a space ends in one of these bytes (\t \v \f \r ' ' A0 3000 FEFF) */
    unsigned char z = (unsigned char)s[e - 1];
    if (z > ' ' && z != 0x80 && z != 0xA0 && z != 0xBF) break;
    uint32_t c = cp_before(s, e, &st);
    if (!is_space(c)) break;
    e = st;
  }
  size_t b0 = skip_spaces(s, e, 0);
  if (b0 >= e) { r->cand = GW_C_BLANK; return 0; }
  /* exact for short lines (all the shape rules need); a lower bound beyond */
  r->nchars = e - b0 < 256 ? (uint32_t)gw_utf8_count(s + b0, e - b0) : (uint32_t)((e - b0) / 4);

  size_t b = b0;
  /* ##paidbegin## glued to a body line, or alone */
  if (starts(s, e, b, "##paid")) {
    const char *close = memmem(s + b + 6, e - b - 6, "##", 2);
    if (close) {
      size_t after = (size_t)(close - s) + 2;
      r->flags |= GW_F_RESIDUE;
      if (skip_spaces(s, e, after) >= e) { r->cand = GW_C_NOISE; r->flags |= GW_F_NOISE_STRONG; return 0; }
      b = skip_spaces(s, e, after);
    }
  }
  /* Markdown: heading prefix, bold wrapper (**一、基本情况**), bullets */
  if (s[b] == '#') {
    size_t k = b;
    while (k < e && s[k] == '#') k++;
    if (k - b <= 6 && k < e && s[k] == ' ') b = skip_spaces(s, e, k);
  }
  bool bold_prefix = false; /* the line opened a **bold** span before its marker */
  if (e - b > 4 && s[b] == '*' && s[b + 1] == '*' && s[b + 2] != '*' && memmem(s + b + 2, e - b - 2, "**", 2)) {
    b += 2;
    bold_prefix = true;
    if (e - b >= 2 && s[e - 1] == '*' && s[e - 2] == '*') e -= 2; /* the closing ** at the end */
  }
  bool bulleted = false; /* ■ ● ◆ ★ ▶ ► before the text (not - * + •, a list's) */
  {
    size_t len;
    uint32_t c = cp_at(s, e, b, &len);
    bool ascii_bullet = (c == '*' || c == '-' || c == '+') && b + 1 < e && s[b + 1] == ' ';
    if (ascii_bullet || c == 0x2022 || c == 0x25CF || c == 0x25A0 || c == 0x25C6 || c == 0x2605 || c == 0x25B6 ||
        c == 0x1F31F || c == 0x2705 || c == 0x1F4CC || c == 0x1F539 || c == 0x25BA) {
      size_t k = skip_spaces(s, e, b + len);
      if (k < e) {
        b = k;
        bulleted = c == 0x25CF || c == 0x25A0 || c == 0x25C6 || c == 0x2605 || c == 0x25B6 || c == 0x25BA;
      }
    }
  }

  span_buf ph = {out, false, 0, 0};
  enum_buf en = {out, false};
  marker m;
  size_t body_from = b;
  bool is_marker = parse_marker(s, e, b, &m);
  if (is_marker) {
    size_t t = skip_spaces(s, e, m.end);
    if (t >= e && m.rank != 9) is_marker = false; /* a lone marker */
  }
  if (is_marker) {
    r->mk_start = (uint32_t)m.start;
    r->mk_end = (uint32_t)m.end;
    r->ordinal = (uint16_t)m.ordinal;
    r->style = (uint16_t)m.style;
    size_t t = skip_spaces(s, e, m.end);
    r->tx_start = (uint32_t)t;
    /* heading text: up to the first 。！？； (item: also before ，二是) */
    size_t k = t, len = 0, stop = e;
    unsigned want = M_PERIOD | M_EXCL | M_FW_EXCL | M_QUES | M_FW_QUES | M_SEMI | M_FW_SEMI;
    if (m.rank == 9) want |= M_COMMA | M_FW_COMMA;
    for (;;) {
      unsigned which;
      size_t p = next_mark(s, k, e, e, want, &which, &len);
      if (p >= e) break;
      if ((which & (M_COMMA | M_FW_COMMA)) && !enum_at(s, e, p + len)) { k = p + len; continue; }
      stop = p;
      break;
    }
    size_t te = stop;
    if (stop == e) {
      /* standalone: drop a trailing colon (not one of the marker: 第三：) */
      size_t st2;
      uint32_t c = cp_before(s, te, &st2);
      if (st2 >= t && is_label_colon(c)) te = st2;
    }
    if (te >= t + 2 && s[te - 1] == '*' && s[te - 2] == '*') te -= 2; /* **（一）组织**。 */
    r->tx_end = (uint32_t)te;
    size_t after = stop < e ? stop + len : e;
    r->runin = skip_spaces(s, e, after) < e;
    if (m.rank == 9) {
      r->cand = GW_C_ITEM;
      r->rank = 5;
      if ((m.style & (GW_STYLE_SEQ | GW_STYLE_LAST)) == GW_STYLE_SEQ) r->flags |= GW_F_SEQ_ITEM;
      if (m.style & GW_STYLE_DI) r->flags |= GW_F_DI_ITEM;
    } else {
      r->cand = GW_C_HEADING;
      r->rank = (uint8_t)m.rank;
      r->roles = (uint8_t)gw_roles_of(s + r->tx_start, r->tx_end - r->tx_start);
    }
  } else {
    /* label: 存在问题： / 主要原因：一是… ; addressee: 区委： */
    size_t k = b, len, chars = 0, commas = 0;
    size_t win = e - b < 100 ? e - b : 100;
    bool stop = !memchr(s + b, ':', win) && !has_n(s + b, win, "\xEF\xBC\x9A", 3); /* no colon near the start */
    while (k < e && chars < 24 && !stop) {
      uint32_t c = fold(cp_at(s, e, k, &len));
      if (is_label_colon(c)) break;
      if (c == ',') commas++; /* (only an addressee lists names: 各村党组织，镇直各单位：) */
      else if (c == 0x3002 || c == ';' || c == '!' || c == '?') stop = true;
      k += len;
      chars++;
    }
    if (!stop && k < e && chars >= 2 && is_label_colon(fold(cp_at(s, e, k, &len)))) {
      size_t after = skip_spaces(s, e, k + len);
      if (commas) {
        if (after >= e && commas <= 4) r->flags |= GW_F_ADDR;
      } else if (label_word(s + b, k - b) && chars <= 16) {
        r->cand = GW_C_LABEL;
        r->tx_start = (uint32_t)b;
        r->tx_end = (uint32_t)k;
        r->runin = after < e;
        r->roles = (uint8_t)gw_roles_of(s + b, k - b);
      } else if (after < e && chars <= 6 && name_only(s, e, k + len)) {
        r->flags |= GW_F_NAME_FIELD;
      } else if (after >= e && chars <= 25) {
        bool is_sig = starts(s, e, b, "署名");
        for (size_t g = 0; g < sizeof SIG_WORDS / sizeof SIG_WORDS[0]; g++)
          is_sig |= starts_n(s, e, b, SIG_WORDS[g].lit, SIG_WORDS[g].k);
        if (!is_sig) r->flags |= GW_F_ADDR;
        /* a greeting: 尊敬的各位领导： 各位领导、同志们： 王××同志： */
        if (!is_sig && (starts(s, e, b, "尊敬的") || has(s + b, k - b, "各位领导") || ends_with(s, k, "同志们") ||
                        (ends_with(s, k, "同志") && chars <= 8)))
          r->flags |= GW_F_SALUTE;
      }
    }
    {
      for (size_t g = 0; g < sizeof SIG_WORDS / sizeof SIG_WORDS[0]; g++)
        if (starts_n(s, e, b, SIG_WORDS[g].lit, SIG_WORDS[g].k) && r->nchars <= 40) {
          size_t k2 = b + SIG_WORDS[g].k;
          if (k2 < e && is_label_colon(fold(cp_at(s, e, k2, &len)))) r->flags |= GW_F_SIG_NAME;
        }
      /* 对照检查人：XXX, 党员：王××: words that name the writer elsewhere too,
      ** so only with a name after them */
      static const word sig2[] = {W_("对照检查人"), W_("检查人"), W_("述职述廉人"), W_("述廉人"), W_("承诺人"), W_("党员")};
      for (size_t g = 0; g < sizeof sig2 / sizeof sig2[0] && !(r->flags & GW_F_SIG_NAME); g++)
        if (starts_n(s, e, b, sig2[g].lit, sig2[g].k) && r->nchars <= 20) {
          size_t k2 = b + sig2[g].k;
          if (k2 < e && is_label_colon(fold(cp_at(s, e, k2, &len))) && name_only(s, e, k2 + len)) r->flags |= GW_F_SIG_NAME;
        }
    }
    if (r->cand != GW_C_LABEL && e - b < 240) {
      if (noise_strong(s + b, e - b)) {
        r->cand = GW_C_NOISE;
        r->flags |= GW_F_NOISE_STRONG;
        if (starts(s, e, b, "相关") || starts(s, e, b, "往期") || starts(s, e, b, "推荐阅读"))
          r->flags |= GW_F_RELATED; /* 相关推荐 相关阅读 相关文章 往期推荐 推荐阅读 */
      }
      else if (page_number(s + b, e - b)) { r->cand = GW_C_NOISE; r->flags |= GW_F_PAGE_NO | GW_F_NOISE_STRONG; }
      else if (jammer(s + b, e - b) || only_punct(s + b, e - b)) { r->cand = GW_C_NOISE; r->flags |= GW_F_NOISE_STRONG; }
      else if (starts(s, e, b, "【") && ends_with(s + b, e - b, "】") && r->nchars > 6 && r->nchars < 80 &&
               (has(s + b, e - b, "会员") || has(s + b, e - b, "外传") || has(s + b, e - b, "商业") ||
                has(s + b, e - b, "打击") || has(s + b, e - b, "免费") || has(s + b, e - b, "下载")))
        { r->cand = GW_C_NOISE; r->flags |= GW_F_NOISE_STRONG; }
    }
    /* table of contents: text …… 12 */
    if (r->cand == GW_C_PLAIN) {
      size_t st2;
      uint32_t last = cp_before(s, e, &st2);
      if (is_digit(fold(last)) && (has(s + b, e - b, "……") || has(s + b, e - b, "...") || has(s + b, e - b, "···") ||
                                   has(s + b, e - b, "…") || tab_page(s + b, e - b)))
        r->cand = GW_C_TOC;
    }
  }
  /* a numbered line of a table of contents: 一、主要工作……………1 */
  if (r->cand == GW_C_HEADING && e - b < 400) {
    size_t st2;
    uint32_t last = cp_before(s, e, &st2);
    if (is_digit(fold(last)) && (has(s + b, e - b, "……") || has(s + b, e - b, "...") || has(s + b, e - b, "···") ||
                                 has(s + b, e - b, "．．．") || tab_page(s + b, e - b)))
      r->cand = GW_C_TOC;
  }

  /* shapes of the whole line */
  if ((r->cand == GW_C_PLAIN || r->cand == GW_C_LABEL) && e - b < 256) {
    size_t len;
    unsigned which;
    size_t mark = next_mark(s, b, e, e, M_SENTENCE, &which, &len); /* the first sentence mark */
    bool punct = mark < e;
    /* 表1 … 图2 …: a caption, whatever it names */
    bool caption = (starts(s, e, b, "表") || starts(s, e, b, "图")) && b + 3 < e &&
                   (is_digit(fold(cp_at(s, e, b + 3, &len))) || cjk_digit(cp_at(s, e, b + 3, &len)) >= 0);
    if (!punct && r->nchars > 25 && r->nchars <= 40 && !caption) r->flags |= GW_F_LONG_PLAIN;
    if (!punct && r->nchars <= 25 && !caption) {
      r->flags |= GW_F_SHORT_PLAIN;
      if (memchr(s + b, '>', e - b) || memchr(s + b, '|', e - b) || has(s + b, e - b, "»")) r->flags |= GW_F_CHROME_PATH;
      unsigned roles = gw_roles_of(s + b, e - b);
      if (roles) { r->flags |= GW_F_ROLE_SHORT; r->roles = (uint8_t)roles; r->tx_start = (uint32_t)b; r->tx_end = (uint32_t)e; }
      /* ■ 学习收获: a bullet marks a heading */
      if (bulleted && r->nchars >= 2) {
        r->flags |= GW_F_BULLET;
        r->roles = (uint8_t)roles;
        r->tx_start = (uint32_t)b;
        r->tx_end = (uint32_t)e;
      }
    }
    if (r->cand == GW_C_PLAIN) r->flags |= title_shape(s + b, e - b, r->nchars, mark - b);
    if (r->cand == GW_C_PLAIN && punct && (which & (M_COMMA | M_FW_COMMA)) && r->nchars <= 17) {
      size_t l2;
      unsigned w2;
      size_t first = gw_utf8_count(s + b, mark - b);
      if (next_mark(s, mark + len, e, e, M_SENTENCE, &w2, &l2) >= e && first >= 2 && first <= 8 &&
          r->nchars - first - 1 >= 2 && r->nchars - first - 1 <= 8) {
        r->flags |= GW_F_SLOGAN;
        r->tx_start = (uint32_t)b; /* its text, should it be a heading */
        r->tx_end = (uint32_t)e;
      }
    }
    size_t d = date_tail(s, e);
    if (d < e && d >= b) {
      bool clean = mark >= d && !memchr(s + b, '\t', d - b); /* no sentence mark in [b, d), no table cells */
      if (clean && gw_utf8_count(s + b, d - b) <= 30) {
        r->flags |= GW_F_SIG_DATE;
      } else if (!memchr(s + b, '\t', d - b)) {
        /* 民警：某某　2024年1月X日: a name field and its date on one line */
        size_t k = b, cl, w = 0;
        while (k < d && w <= 6) {
          uint32_t c = fold(cp_at(s, d, k, &cl));
          if (is_label_colon(c)) break;
          k += cl;
          w++;
        }
        if (w >= 2 && w <= 6 && k < d && is_label_colon(fold(cp_at(s, d, k, &cl))) && name_only(s, d, k + cl))
          r->flags |= GW_F_SIG_DATE;
      }
    }
    if (starts(s, e, b, "附件") && (r->nchars <= 40)) r->flags |= GW_F_ANNEX;
    /* a label that opens a numbered list in its line: 附件：1．… 注：1.… */
    size_t lab = starts(s, e, b, "附件") || starts(s, e, b, "备注") || starts(s, e, b, "说明") ? 6
                 : starts(s, e, b, "注") ? 3 : 0;
    if (lab) {
      size_t k = b + lab;
      if (starts(s, e, k, "：")) k += 3;
      else if (k < e && s[k] == ':') k++;
      else k = 0;
      marker lm;
      if (k && parse_marker(s, e, skip_spaces(s, e, k), &lm) && (lm.rank == 3 || lm.rank == 4) && lm.ordinal == 1)
        r->flags |= GW_F_INLINE_LIST;
    }
  }
  if (starts(s, e, b, "特此报告") || starts(s, e, b, "以上报告") || starts(s, e, b, "妥否") ||
      starts(s, e, b, "以上汇报") || starts(s, e, b, "以上述职"))
    r->flags |= GW_F_CLOSING;

  /* end of line */
  {
    size_t st2, st3;
    uint32_t last = cp_before(s, e, &st2);
    uint32_t f = fold(last);
    if (f == 0x3002 || f == '!' || f == '?' || f == 0x2026) r->flags |= GW_F_END_SENTENCE;
    else if (f == ':') r->flags |= GW_F_END_COLON;
    else if (f == 0x7684 /*的*/ || f == 0x548C /*和*/ || f == 0x53CA /*及*/ || f == 0x4E0E /*与*/ || f == 0x66A8 /*暨*/ ||
             f == 0x3001 /*、*/)
      r->flags |= GW_F_END_JOIN;
    else if (last == 0x201D || last == 0xFF09 || last == ')') {
      uint32_t p = fold(cp_before(s, st2, &st3));
      if (p == 0x3002 || p == '!' || p == '?') r->flags |= GW_F_END_SENTENCE;
    } else if (is_cjk(last) || is_ascii_alpha(last) || is_digit(last)) {
      r->flags |= GW_F_END_MID;
    }
  }

  /* body: placeholders, enumerators, cues, quotes; one pass that skips over
  ** bytes that cannot start anything of interest (next_hit finds the next
  ** one sixteen bytes at a time, skip_exact is the walk it stands for) */
  {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = body_from;
    int open_quotes = 0;
    bool last_quote_open = false, opening = false, bold = bold_prefix;
    uint8_t cues = 0;
#define CLAUSE(at, after_colon)                                                   \
  do {                                                                          \
    size_t at_ = (at);                                                          \
    if (at_ < e && u[at_] >= 0xE4) {                                            \
      int ord_ = enum_at(s, e, at_);                                            \
      if (ord_) add_enum(&en, (uint32_t)at_, ord_, (after_colon), 0);           \
      else if (at_ + 2 < e) { /* the character there as a key */              \
        uint32_t k_ = (uint32_t)u[at_] << 16 | (uint32_t)u[at_ + 1] << 8 | u[at_ + 2]; \
        uint32_t sl_ = KEY_SLOT(CUE, k_);                                       \
        if (CUE_KEY_TAB[sl_] == k_) {                                           \
          uint32_t k2_ = at_ + 6 <= e ? (uint32_t)u[at_ + 3] << 16 | (uint32_t)u[at_ + 4] << 8 | u[at_ + 5] : 0; \
          if (k2_ && (k2_ == CUE_NEXT_TAB[sl_][0] || k2_ == CUE_NEXT_TAB[sl_][1] || k2_ == CUE_NEXT_TAB[sl_][2])) \
            cues |= (uint8_t)cue_at(s, e, at_);                                 \
        } else if (k_ == 0xE78EB0 /*现*/ && (starts(s, e, at_, "现将") || starts(s, e, at_, "现就"))) \
          opening = true;                                                       \
      }                                                                         \
    } else if (at_ < e && u[at_] >= '0' && u[at_] <= '9') {                     \
      cues |= (uint8_t)cue_at(s, e, at_);                                       \
    }                                                                           \
  } while (0)
#if GW_SSE2
    hit_window win = {0, 0, false};
#endif
    CLAUSE(i, false);
    while (i < e) {
      unsigned kind;
#if GW_SSE2
      {
        size_t p = next_hit(u, i, e, &win, &kind);
        /* a lead byte just before it (invalid UTF-8): take the exact walk.
        ** (The two bytes are looked at even where they lie before i, with
        ** one branch: i starts a character, so in valid UTF-8 neither is a
        ** lead byte, and in invalid UTF-8 the exact walk from i finds what
        ** it finds whether it was needed or not.) */
        if (p < e && p > 0 && (LEAD3(u[p - 1]) | (p > 1 && LEAD3(u[p - 2])))) {
          p = skip_exact(u, i, e);
          win.valid = false;
          kind = p < e ? hit_kind(u, p, e) : H_NONE;
        }
        i = p;
      }
#else
      i = skip_exact(u, i, e);
      kind = i < e ? hit_kind(u, i, e) : H_NONE;
#endif
      if (i >= e) break;
      switch (kind) {
      case H_CLAUSE3: i += 3; CLAUSE(i, false); continue; /* 。，；！？ (the most frequent) */
      case H_CLAUSE1: i++; CLAUSE(i, false); continue;    /* ; , ! ? */
      case H_COLON1:
      case H_COLON3: {
        int cnt = announced_before(s, i);
        if (cnt) add_enum(&en, (uint32_t)i, 0, true, cnt);
        i += kind == H_COLON1 ? 1 : 3;
        CLAUSE(i, true);
        continue;
      }
      case H_X: i = scan_x(s, e, i, &ph); continue;
      case H_STAR: i = scan_star(s, e, i, &ph, body_from, &bold); continue;
      case H_UNDER: i = scan_repeat(s, e, i, '_', 0xFF3F, &ph); continue;
      case H_FW_UNDER: i = scan_repeat(s, e, i, 0xFF3F, '_', &ph); continue;
      case H_PAREN: i = scan_bracket(s, e, i, ')', &ph); continue;
      case H_FW_PAREN: i = scan_bracket(s, e, i, 0xFF09, &ph); continue;
      case H_LENT: i = scan_bracket(s, e, i, 0x3011, &ph); continue;
      case H_TIMES: i = scan_times(s, e, i, &ph); continue;
      case H_CIRCLE: i = scan_repeat(s, e, i, 0x25CB, 0, &ph); continue;
      case H_SQUARE: i = scan_repeat(s, e, i, 0x25A1, 0, &ph); continue;
      case H_MOU: i = scan_repeat(s, e, i, 0x67D0, 0, &ph); continue;
      case H_QOPEN: open_quotes++; last_quote_open = true; break;
      case H_QCLOSE: if (open_quotes > 0) open_quotes--; last_quote_open = false; break;
      default: break;
      }
      i++;
      while (i < e && (u[i] & 0xC0) == 0x80) i++; /* to the next character */
    }
#undef CLAUSE
    if (open_quotes > 0 && last_quote_open) r->flags |= GW_F_END_OPEN_QUOTE;
    /* a sentence that introduces a part: …仍存在一系列问题亟待解决： */
    if ((r->flags & GW_F_END_COLON) && r->cand == GW_C_PLAIN && e - body_from < 600) {
      const char *t = s + body_from;
      size_t tn = e - body_from;
      /* which of the words occur: one walk, each looked for at its first character */
      enum { W_CAUSE = 1, W_PROBLEM = 2, W_PLAN = 4 };
      /* (the characters as keys, as in gw_roles_of: only continuation bytes
      ** are passed over) */
      const unsigned char *tu = (const unsigned char *)t;
      unsigned w = 0;
      size_t k = 0;
      while (k + 2 < tn) {
        if (tu[k] < 0xE0) { k++; continue; }
        switch ((uint32_t)tu[k] << 16 | (uint32_t)tu[k + 1] << 8 | tu[k + 2]) {
        case 0xE58E9F: if (starts(t, tn, k, "原因")) w |= W_CAUSE; break;                                  /* 原 */
        case 0xE997AE: if (starts(t, tn, k, "问题")) w |= W_PROBLEM; break;                                /* 问 */
        case 0xE4B88D: if (starts(t, tn, k, "不足")) w |= W_PROBLEM; break;                                /* 不 */
        case 0xE5B7AE: if (starts(t, tn, k, "差距")) w |= W_PROBLEM; break;                                /* 差 */
        case 0xE4B88B: if (starts(t, tn, k, "下一步")) w |= W_PLAN; break;                                 /* 下 */
        case 0xE68993: if (starts(t, tn, k, "打算")) w |= W_PLAN; break;                                   /* 打 */
        case 0xE4BB8A: if (starts(t, tn, k, "今后")) w |= W_PLAN; break;                                   /* 今 */
        default: break;
        }
        k += key_step(tu, k);
      }
      if (w & W_CAUSE) cues |= GW_ROLE_CAUSES;
      else if (w & W_PROBLEM) cues |= GW_ROLE_PROBLEMS;
      if (w & W_PLAN) cues |= GW_ROLE_PLANS;
    }
    r->cue_roles = cues;
    /* 现将…情况报告如下 */
    if (opening && (has(s + b, e - b, "如下") || has(s + b, e - b, "汇报") || has(s + b, e - b, "报告") ||
                    has(s + b, e - b, "述职")))
      r->flags |= GW_F_OPENING;
    if (r->flags & GW_F_OPENING) r->flags &= ~(uint32_t)GW_F_ADDR;
  }
  if (ph.oom || en.oom) { out->nph = nph0; out->nen = nen0; return -1; }
  return 0;
}

/* }=================================================================== */

/* {===================================================================
** Helpers for editing commands
** =================================================================== */

static void add_split(gw_split *out, size_t cap, size_t *count, size_t at, gw_kind kind, int rank)
{
  if (*count < cap) {
    out[*count].offset = (uint32_t)at;
    out[*count].kind = kind;
    out[*count].rank = rank;
  }
  (*count)++;
}

size_t gw_split_points(const char *s, size_t n, gw_split *out, size_t cap)
{
  size_t count = 0, i = 0, len;
  size_t seg = 0;           /* where the current piece starts */
  bool after_break = false; /* just after a sentence end or white space */
  bool punct = false;       /* the current piece has sentence punctuation */
  while (i < n) {
    uint32_t c = cp_at(s, n, i, &len);
    uint32_t f = fold(c);
    if (!len) break;
    if (after_break && i > seg) {
      marker m;
      if (parse_marker(s, n, i, &m) && skip_spaces(s, n, m.end) < n && m.end > i &&
          !(m.style & (GW_STYLE_LAST | GW_STYLE_COMMA))) {
        add_split(out, cap, &count, i, m.rank == 9 ? GW_KIND_ITEM : GW_KIND_HEADING, m.rank == 9 ? 5 : m.rank);
        seg = i;
        punct = false;
        i = m.end;
        after_break = false;
        continue;
      }
    }
    if (is_space(c) && i > seg && !punct && i - seg <= 30 * 4) { /* only short pieces: linear time */
      /* a short title or heading running into body text after a space */
      size_t t = skip_spaces(s, n, i);
      size_t nch = gw_utf8_count(s + seg, i - seg);
      marker m;
      bool heading = parse_marker(s, n, seg, &m) && m.rank != 9 && !(m.style & GW_STYLE_COMMA);
      bool title = !heading && title_shape(s + seg, i - seg, nch, 0);
      if (t < n && nch <= 30 && (heading || title)) {
        marker m2;
        bool next_marker = parse_marker(s, n, t, &m2);
        if (!next_marker) {
          add_split(out, cap, &count, t, GW_KIND_BODY, 0);
          seg = t;
          punct = false;
          i = t;
          after_break = false;
          continue;
        }
      }
    }
    if (f == 0x3002 || f == '!' || f == '?' || f == ';' || f == ':') { after_break = true; punct = true; }
    else if (f == ',') punct = true;
    else if (is_space(c)) after_break = after_break || i > seg;
    else after_break = false;
    i += len;
  }
  return count;
}

size_t gw_count_chars(const char *s, size_t n)
{
  size_t count = 0, i = 0, len;
  bool in_word = false;
  while (i < n) {
    uint32_t c = cp_at(s, n, i, &len);
    if (!len) break;
    if (c < 0x80) {
      bool wordch = is_ascii_alpha(c) || is_digit(c);
      if (wordch && !in_word) count++;
      in_word = wordch;
    } else if (is_space(c)) {
      in_word = false;
    } else {
      count++; /* CJK characters, full-width punctuation, other scripts */
      in_word = false;
    }
    i += len;
  }
  return count;
}
