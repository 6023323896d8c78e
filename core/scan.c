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
  /* eight bytes at a time: count the continuation bytes (10xxxxxx) */
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7; /* one bit per continuation byte */
    c += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
  }
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

/* Code point at i (0 past the end); three-byte characters without a call. */
static inline uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
  if (i >= n) { *len = 0; return 0; }
  const unsigned char *u = (const unsigned char *)s + i;
  if (u[0] < 0x80) { *len = 1; return u[0]; }
  if (u[0] >= 0xE1 && u[0] != 0xED && u[0] <= 0xEF && i + 2 < n && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    *len = 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  return gw_utf8_decode((const unsigned char *)s, n, i, len);
}

/* Code point that ends just before i (0 at the start). */
static uint32_t cp_before(const char *s, size_t i, size_t *start)
{
  if (i == 0) { *start = 0; return 0; }
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
static uint32_t fold(uint32_t c)
{
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0; /* full-width ASCII */
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

/* Value of a CJK numeral character: 0..9, 10 for 十, 100 for 百, -1 if none. */
static int cjk_digit(uint32_t c)
{
  switch (fold(c)) {
  case 0x96F6: case 0x3007: return 0;   /* 零 〇 */
  case 0x4E00: return 1;                /* 一 */
  case 0x4E8C: return 2;                /* 二 */
  case 0x4E09: return 3;                /* 三 */
  case 0x56DB: return 4;                /* 四 */
  case 0x4E94: return 5;                /* 五 */
  case 0x516D: return 6;                /* 六 */
  case 0x4E03: return 7;                /* 七 */
  case 0x516B: return 8;                /* 八 */
  case 0x4E5D: return 9;                /* 九 */
  case 0x5341: return 10;               /* 十 */
  case 0x767E: return 100;              /* 百 */
  default: return -1;
  }
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

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
  size_t len;
  while (i < n && is_space(cp_at(s, n, i, &len))) i += len;
  return i;
}

static inline bool starts_n(const char *s, size_t n, size_t i, const char *lit, size_t k)
{
  return i + k <= n && memcmp(s + i, lit, k) == 0;
}

/* Substring search tuned for the short texts it is used on: compares the first
** three bytes (one CJK character) before calling memcmp. */
static bool has_n(const char *s, size_t n, const char *lit, size_t k)
{
  if (k > n) return false;
  if (n > 256) return memmem(s, n, lit, k) != NULL;
  const unsigned char *u = (const unsigned char *)s, *l = (const unsigned char *)lit;
  for (size_t i = 0; i + k <= n; i++)
    if (u[i] == l[0] && (k < 2 || u[i + 1] == l[1]) && (k < 3 || u[i + 2] == l[2]) && memcmp(u + i, l, k) == 0)
      return true;
  return false;
}

static inline bool ends_with_n(const char *s, size_t n, const char *lit, size_t k)
{
  return k <= n && memcmp(s + n - k, lit, k) == 0;
}

/* With a string literal the length is known at compile time. */
#define starts(s, n, i, lit) starts_n((s), (n), (i), (lit), strlen(lit))
#define has(s, n, lit) has_n((s), (n), (lit), strlen(lit))
#define ends_with(s, n, lit) ends_with_n((s), (n), (lit), strlen(lit))

/* }=================================================================== */

/* {===================================================================
** Roles and report types (keyword tables live here and only here)
** =================================================================== */

static bool any_of(const char *s, size_t n, const char *const *words)
{
  for (; *words; words++)
    if (has_n(s, n, *words, strlen(*words))) return true;
  return false;
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
  size_t nch = gw_utf8_count(s, n);
  if (nch > 30) return 0;
  unsigned r = 0;
  if (nch <= 20) {
    size_t i = 0, len;
    while (i < n) {
      uint32_t c = cp_at(s, n, i, &len);
      if (!len) break;
      switch (c) {
      case 0x539F: if (starts(s, n, i, "原因")) r |= GW_ROLE_CAUSES; break;
      case 0x6839: if (starts(s, n, i, "根源")) r |= GW_ROLE_CAUSES; break;
      case 0x95EE: /* 问题, but not 问题的原因 / 问题整改 */
        if (starts(s, n, i, "问题") && !starts(s, n, i + 6, "的原因") && !starts(s, n, i + 6, "原因") &&
            !starts(s, n, i + 6, "整改") && !starts(s, n, i + 6, "产生的原因"))
          r |= GW_ROLE_PROBLEMS;
        break;
      case 0x4E0D: if (starts(s, n, i, "不足") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break;
      case 0x77ED: if (starts(s, n, i, "短板") && noun_shortfall(s, n, i)) r |= GW_ROLE_PROBLEMS; break;
      case 0x5DEE: if (starts(s, n, i, "差距")) r |= GW_ROLE_PROBLEMS; break;
      case 0x6253: if (starts(s, n, i, "打算")) r |= GW_ROLE_PLANS; break;
      case 0x601D: if (starts(s, n, i, "思路")) r |= GW_ROLE_PLANS; break;
      case 0x63AA: if (starts(s, n, i, "措施")) r |= GW_ROLE_PLANS; break;
      case 0x4E0B: if (starts(s, n, i, "下一步") || starts(s, n, i, "下步")) r |= GW_ROLE_PLANS; break;
      case 0x4ECA: if (starts(s, n, i, "今后")) r |= GW_ROLE_PLANS; break;
      case 0x52AA: if (starts(s, n, i, "努力方向")) r |= GW_ROLE_PLANS; break;
      case 0x6539: if (starts(s, n, i, "改进方向")) r |= GW_ROLE_PLANS; break;
      case 0x4E3E: if (starts(s, n, i, "举措")) r |= GW_ROLE_PLANS; break;
      case 0x5E74: if (starts(s, n, i, "年计划")) r |= GW_ROLE_PLANS; break;
      case 0x5C55: if (starts(s, n, i, "展望")) r |= GW_ROLE_PLANS; break;
      case 0x610F: if (starts(s, n, i, "意见建议")) r |= GW_ROLE_PLANS; break;
      case 0x5DE5:
        if (starts(s, n, i, "工作计划") || starts(s, n, i, "工作安排")) r |= GW_ROLE_PLANS;
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
      i += len;
    }
  }
  /* …情况 reports work done, except a case study (典型案例剖析情况) */
  if (!(r & ~GW_ROLE_ACHIEVEMENTS) && ends_with(s, n, "情况") && !has(s, n, "案例") && !has(s, n, "剖析"))
    r |= GW_ROLE_ACHIEVEMENTS;
  return r;
}

gw_type gw_type_of_title(const char *s, size_t n)
{
  if (has(s, n, "对照检查") || has(s, n, "检视剖析") || has(s, n, "发言提纲") || has(s, n, "民主生活会") ||
      has(s, n, "组织生活会"))
    return GW_TYPE_DUIZHAO;
  if (has(s, n, "整改")) return GW_TYPE_ZHENGGAI;
  bool shuzhi = has(s, n, "述职");
  bool lian = has(s, n, "述廉") || has(s, n, "述责") || has(s, n, "廉洁") || has(s, n, "党风廉政");
  bool dangjian = has(s, n, "党建");
  bool yishi = has(s, n, "意识形态");
  if (dangjian && (yishi || has(s, n, "党风廉政"))) return GW_TYPE_YIGANG;
  if (lian && shuzhi) return GW_TYPE_SHULIAN;
  if (yishi) return GW_TYPE_YISHI;
  if (dangjian && (shuzhi || has(s, n, "责任制"))) return GW_TYPE_DANGJIAN;
  if (has(s, n, "书记述职")) return GW_TYPE_DANGJIAN;
  if (has(s, n, "总结")) return GW_TYPE_ZONGJIE;
  if (shuzhi) return GW_TYPE_SHUZHI;
  if (has(s, n, "报告") || has(s, n, "汇报")) return GW_TYPE_QINGKUANG;
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

/* Body sentences that name a role without a heading (究其原因 …), checked at
** clause starts. */
static const struct { const char *lit; uint8_t role; } CUES[] = {
  {"究其原因", GW_ROLE_CAUSES},     {"主要原因", GW_ROLE_CAUSES},     {"原因是", GW_ROLE_CAUSES},
  {"原因在于", GW_ROLE_CAUSES},     {"存在以上问题的", GW_ROLE_CAUSES}, {"存在上述问题的", GW_ROLE_CAUSES},
  {"产生问题的原因", GW_ROLE_CAUSES}, {"问题产生的原因", GW_ROLE_CAUSES}, {"分析上述问题", GW_ROLE_CAUSES},
  {"根源在于", GW_ROLE_CAUSES},     {"但仍存在", GW_ROLE_PROBLEMS},   {"但还存在", GW_ROLE_PROBLEMS},
  {"仍然存在", GW_ROLE_PROBLEMS},   {"还存在", GW_ROLE_PROBLEMS},     {"存在一些", GW_ROLE_PROBLEMS},
  {"存在诸多", GW_ROLE_PROBLEMS},   {"存在不足", GW_ROLE_PROBLEMS},   {"存在问题", GW_ROLE_PROBLEMS},
  {"存在的问题", GW_ROLE_PROBLEMS}, {"主要表现", GW_ROLE_PROBLEMS},   {"下一步", GW_ROLE_PLANS},
  {"下步", GW_ROLE_PLANS},          {"下半年", GW_ROLE_PLANS},        {"今后", GW_ROLE_PLANS},
  {"我们将", GW_ROLE_PLANS},        {"我将", GW_ROLE_PLANS},          {"重点抓好以下", GW_ROLE_PLANS},
};

/* First characters of the cues: a cheap filter before the comparisons. */
static bool cue_lead(uint32_t c)
{
  switch (c) {
  case 0x7A76: case 0x4E3B: case 0x539F: case 0x5B58: case 0x4EA7: case 0x95EE: case 0x5206: case 0x6839:
  case 0x4F46: case 0x4ECD: case 0x8FD8: case 0x4E0B: case 0x4ECA: case 0x6211: case 0x91CD:
    return true; /* 究 主 原 存 产 问 分 根 但 仍 还 下 今 我 重 */
  default:
    return false;
  }
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
  for (size_t k = 0; k < sizeof CUES / sizeof CUES[0]; k++) {
    const char *c = CUES[k].lit;
    if (i + 3 <= n && s[i] == c[0] && s[i + 1] == c[1] && s[i + 2] == c[2] && starts(s, n, i, c)) r |= CUES[k].role;
  }
  return r;
}

/* }=================================================================== */

/* {===================================================================
** Placeholders
** =================================================================== */

typedef struct {
  gw_span *v;
  uint32_t n, cap;
  bool oom;
  /* incremental code point count */
  size_t col_pos, col;
} span_buf;

static void add_span(span_buf *b, const char *s, size_t start, size_t end)
{
  if (b->oom) return;
  if (b->n == b->cap) {
    uint32_t nc = b->cap ? b->cap * 2 : 4;
    gw_span *nv = realloc(b->v, nc * sizeof *nv);
    if (!nv) { b->oom = true; return; }
    b->v = nv;
    b->cap = nc;
  }
  if (start < b->col_pos) { b->col_pos = 0; b->col = 0; }
  b->col += gw_utf8_count(s + b->col_pos, start - b->col_pos);
  b->col_pos = start;
  gw_span *sp = &b->v[b->n++];
  sp->start = (uint32_t)start;
  sp->end = (uint32_t)end;
  sp->col = (uint32_t)b->col;
  sp->ncols = (uint32_t)gw_utf8_count(s + start, end - start);
}

static bool is_x(uint32_t c) { return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58; }

static bool unit_suffix(const char *s, size_t n, size_t i)
{
  static const char *const units[] = {"kwh", "km", "kg", "cm", "mm", "ml", "mg", "min", "kw", "mb", "gb",
                                      "m", "g", "t", "l", "h", "s", "w", NULL};
  for (const char *const *u = units; *u; u++) {
    size_t k = strlen(*u);
    if (i + k <= n && memcmp(s + i, *u, k) == 0 && (i + k == n || !is_ascii_alpha((unsigned char)s[i + k]))) return true;
  }
  return false;
}

/* X-run at i; returns its end. Adds a span when it is a fill-in slot. */
static size_t scan_x(const char *s, size_t n, size_t i, span_buf *b)
{
  size_t j = i, len, count = 0;
  bool upper = true;
  uint32_t c;
  while (j < n && is_x(c = cp_at(s, n, j, &len))) {
    if (c == 'x' || c == 0xFF58) upper = false;
    j += len;
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
    if (starts(s, n, j, "光") || starts(s, n, j, "射线") || starts(s, n, j, "线")) return j; /* X光 */
    if (starts(s, n, j, "中央") || starts(s, n, j, "委(") || starts(s, n, j, "委（") || starts(s, n, j, "组)") ||
        starts(s, n, j, "组）"))
      return j;                                          /* site masking of 党 */
    size_t pst;
    if (prev == 0x6CBB /*治*/ || (prev == 0x653F /*政*/ && cp_before(s, ps, &pst) == 0x6267 /*执*/)) return j;
  }
  add_span(b, s, i, j);
  return j;
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
  if (count == 2 && next && !is_space(next) && memmem(s + j, n - j, "**", 2)) {
    *bold = true;                                                      /* opening ** */
    return j;
  }
  if (count >= 4) return j;                                           /* a masked phrase */
  add_span(b, s, i, j);
  return j;
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
  if (count == 1 && is_digit(fold(prev)) && is_digit(fold(next))) return end;
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
      if (todo) { add_span(b, s, i, k + l); return k + l; }
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

static bool parse_marker(const char *s, size_t n, size_t i, marker *m)
{
  size_t len, j;
  uint32_t c = cp_at(s, n, i, &len);
  memset(m, 0, sizeof *m);
  m->start = i;
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
    if (sep == 0x3001) { m->rank = 1; m->ordinal = v; m->end = k + len; return true; }
    if (sep == '.' ) {
      size_t l2;
      uint32_t nx = fold(cp_at(s, n, k + len, &l2));
      if (is_digit(nx)) return false;
      m->rank = 1; m->ordinal = v; m->end = k + len; m->style |= GW_STYLE_CJK_DOT; return true;
    }
    if (sep == 0x662F /*是*/ && v <= 10 && k == j) { m->rank = 9; m->ordinal = v; m->end = k + len; return true; }
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
    static const struct { const char *lit; int ord; } seq[] = {{"首先，", 1}, {"其次，", 2}, {"再次，", 3}, {"首先,", 1}, {"其次,", 2}};
    for (size_t k = 0; k < sizeof seq / sizeof seq[0]; k++)
      if (starts(s, n, i, seq[k].lit)) {
        m->rank = 9;
        m->ordinal = seq[k].ord;
        m->end = i + strlen(seq[k].lit);
        m->style |= GW_STYLE_SEQ;
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

static const char *const LABEL_WORDS[] = {"存在", "问题", "不足", "原因", "表现", "差距", "打算", "措施", "做法",
                                          "成效", "成绩", "思路", "下一步", "下步", "根源", "整改情况", "经验",
                                          "体会", "短板", "努力方向", NULL};

/* Residue that is unmistakable on its own: notices of the sites reports are
** copied from, ads, contact lines, site chrome. One pass marks which of the
** phrases' first characters occur; only those phrases are then looked for. */
static bool noise_strong(const char *s, size_t n)
{
  if (n > 400) return false;
  static const char *const chrome[] = {"来源：", "来源:", "浏览量", "发布时间：", "发布时间:", "当前位置：",
                                       "当前位置:", "正文复制", "本文来源", "版权声明", "原文链接", "责任编辑：",
                                       "阅读次数", "点击次数", "网站：", NULL};
  for (const char *const *c = chrome; *c; c++)
    if (starts_n(s, n, 0, *c, strlen(*c))) return true;
  enum { JIN = 1, QING = 2, BEN = 4, ZI = 8, ZHENG = 16, XIA = 32, YU = 64, MIAN = 128, QQ = 256, HUI = 512,
         WEI = 1024, DING = 2048, DAO = 4096, SAO = 8192, GUAN = 16384 };
  unsigned m = 0;
  size_t i = 0, len;
  while (i < n) {
    uint32_t c = cp_at(s, n, i, &len);
    switch (c) {
    case 0x4EC5: m |= JIN; break;   /* 仅 */
    case 0x8BF7: m |= QING; break;  /* 请 */
    case 0x672C: m |= BEN; break;   /* 本 */
    case 0x54A8: m |= ZI; break;    /* 咨 */
    case 0x6574: m |= ZHENG; break; /* 整 */
    case 0x4E0B: m |= XIA; break;   /* 下 */
    case 0x9884: m |= YU; break;    /* 预 */
    case 0x514D: m |= MIAN; break;  /* 免 */
    case 'Q': m |= QQ; break;
    case 0x4F1A: m |= HUI; break;   /* 会 */
    case 0x5FAE: m |= WEI; break;   /* 微 */
    case 0x8BA2: m |= DING; break;  /* 订 */
    case 0x5012: m |= DAO; break;   /* 倒 */
    case 0x626B: m |= SAO; break;   /* 扫 */
    case 0x5173: m |= GUAN; break;  /* 关 */
    default: break;
    }
    i += len ? len : 1;
  }
  if (!m) return false;
  if ((m & JIN) && has(s, n, "仅供学习参考")) return true;
  if ((m & QING) && has(s, n, "请勿照搬照抄")) return true;
  if ((m & BEN) && (has(s, n, "本文系") || has(s, n, "本文为") || has(s, n, "本文由")) &&
      (has(s, n, "投稿") || has(s, n, "仅供") || has(s, n, "整理"))) /* 本文为网友投稿，仅供参考 */
    return true;
  if ((m & JIN) && has(s, n, "仅供学习") && (has(s, n, "禁止外传") || has(s, n, "用后删除"))) return true;
  if ((m & ZI) && has(s, n, "咨询QQ")) return true;
  if ((m & ZHENG) && (has(s, n, "整理，咨询") || has(s, n, "整理,咨询"))) return true;
  if ((m & XIA) && has(s, n, "下面是小编")) return true;
  if ((m & YU) && has(s, n, "预览阅读已结束")) return true;
  if ((m & MIAN) && has(s, n, "免责声明")) return true;
  if (n < 160) {
    if ((m & QQ) && has(s, n, "QQ群")) return true;
    if ((m & HUI) && (has(s, n, "会员群") || has(s, n, "会员资料"))) return true;
    if ((m & WEI) && has(s, n, "微信群：")) return true;
    if ((m & DING) && has(s, n, "订阅")) return true;
    if ((m & DAO) && has(s, n, "倒卖")) return true;
    if ((m & SAO) && has(s, n, "扫码关注")) return true;
    if ((m & GUAN) && has(s, n, "关注公众号")) return true;
    /* QQ206157060 */
    const char *q = (m & QQ) ? memmem(s, n, "QQ", 2) : NULL;
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
  size_t i = 0, len, count = 0;
  while (i < n) {
    uint32_t c = fold(cp_at(s, n, i, &len));
    if (!(c == ',' || c == '.' || c == 0x3002 || c == 0x3001 || c == ';' || c == ' ' || c == 0x2026)) return false;
    i += len;
    count++;
  }
  return count >= 3;
}

static bool is_sentence_punct(uint32_t c)
{
  c = fold(c);
  return c == 0x3002 || c == '!' || c == '?' || c == ';' || c == ',' || c == ':' || c == 0x2026;
}

/* Title: ends in a 文种, maybe followed by （…）, (5篇), 篇二. */
static unsigned title_shape(const char *s, size_t n, size_t nch)
{
  if (nch < 4 || nch > 60) return 0;
  size_t len;
  for (size_t k = 0; k < n; k += len ? len : 1) {
    uint32_t c = cp_at(s, n, k, &len);
    if (c == 0x3002 || c == 0xFF0C || c == 0xFF1B || c == 0xFF1A || c == 0xFF01 || c == 0xFF1F) return 0; /* 。，；：！？ */
  }
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
  }
  (void)len;
  static const char *const genre[] = {"报告", "材料", "总结", "汇报", "讲话", "发言", "提纲", "计划", "方案", "述职",
                                      "讲稿", "汇报稿", "心得体会", "汇编", NULL};
  for (const char *const *g = genre; *g; g++)
    if (ends_with(s, e, *g)) return f | GW_F_TITLE_STRONG;
  return f & GW_F_COLLECTION ? f | GW_F_TITLE_STRONG : 0; /* …(5篇) is a title whatever its genre */
}

/* Date at the end of the line: 2020年4月14日, 二〇二五年八月十二日, XXXX年XX月XX日.
** Returns the byte where the date starts, or n when there is none. */
static size_t date_tail(const char *s, size_t n)
{
  if (!ends_with(s, n, "日")) return n;
  /* walk back over day, 月, month, 年, year */
  size_t k = n - 3, st, len;
  int part = 0; /* 0 day, 1 month, 2 year */
  size_t count = 0;
  while (k > 0) {
    uint32_t c = cp_before(s, k, &st);
    bool numch = is_digit(fold(c)) || cjk_digit(c) >= 0 || is_x(c) || c == '*' || c == 0xD7 || c == ' ';
    if (numch && count < (part == 2 ? 4u : 3u)) { k = st; count++; continue; }
    if (count == 0) return n;
    if (part == 0 && c == 0x6708 /*月*/) { part = 1; count = 0; k = st; continue; }
    if (part == 1 && c == 0x5E74 /*年*/) { part = 2; count = 0; k = st; continue; }
    break;
  }
  if (part != 2 || count < 2) return n;
  (void)len;
  return k;
}

static bool label_word(const char *s, size_t n) { return any_of(s, n, LABEL_WORDS); }

/* }=================================================================== */

/* {===================================================================
** The line scan
** =================================================================== */

typedef struct {
  gw_enum *v;
  uint32_t n, cap;
  bool oom;
} enum_buf;

static void add_enum(enum_buf *b, uint32_t pos, int ordinal, bool after_colon, int count)
{
  if (b->oom) return;
  if (b->n == b->cap) {
    uint32_t nc = b->cap ? b->cap * 2 : 4;
    gw_enum *nv = realloc(b->v, nc * sizeof *nv);
    if (!nv) { b->oom = true; return; }
    b->v = nv;
    b->cap = nc;
  }
  gw_enum *e = &b->v[b->n++];
  e->pos = pos;
  e->ordinal = (uint8_t)ordinal;
  e->after_colon = after_colon;
  e->count = (uint8_t)count;
}

/* At a clause start: 二是 … ; returns ordinal or 0. */
static int enum_at(const char *s, size_t n, size_t i)
{
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

int gw_scan_line(gw_line *ln)
{
  const char *s = ln->text;
  size_t n = ln->len;
  gw_lrec *r = &ln->r;
  memset(r, 0, sizeof *r);
  free(ln->ph);
  free(ln->en);
  ln->ph = NULL;
  ln->nph = 0;
  ln->en = NULL;
  ln->nen = 0;

  /* trailing white space */
  size_t e = n, st;
  while (e > 0) {
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
  {
    size_t len;
    uint32_t c = cp_at(s, e, b, &len);
    bool ascii_bullet = (c == '*' || c == '-' || c == '+') && b + 1 < e && s[b + 1] == ' ';
    if (ascii_bullet || c == 0x2022 || c == 0x25CF || c == 0x25A0 || c == 0x25C6 || c == 0x2605 || c == 0x25B6 ||
        c == 0x1F31F || c == 0x2705 || c == 0x1F4CC || c == 0x1F539 || c == 0x25BA) {
      size_t k = skip_spaces(s, e, b + len);
      if (k < e) b = k;
    }
  }

  span_buf ph = {0};
  enum_buf en = {0};
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
    size_t k = t, len, stop = e;
    while (k < e) {
      uint32_t c = fold(cp_at(s, e, k, &len));
      if (c == 0x3002 || c == '!' || c == '?' || c == ';') { stop = k; break; }
      if (m.rank == 9 && c == ',' && enum_at(s, e, k + len)) { stop = k; break; }
      k += len;
    }
    size_t te = stop;
    if (stop == e) {
      /* standalone: drop a trailing colon */
      size_t st2;
      uint32_t c = cp_before(s, te, &st2);
      if (is_label_colon(c)) te = st2;
    }
    if (te >= t + 2 && s[te - 1] == '*' && s[te - 2] == '*') te -= 2; /* **（一）组织**。 */
    r->tx_end = (uint32_t)te;
    size_t after = stop < e ? stop + len : e;
    r->runin = skip_spaces(s, e, after) < e;
    if (m.rank == 9) {
      r->cand = GW_C_ITEM;
      r->rank = 5;
    } else {
      r->cand = GW_C_HEADING;
      r->rank = (uint8_t)m.rank;
      r->roles = (uint8_t)gw_roles_of(s + r->tx_start, r->tx_end - r->tx_start);
    }
  } else {
    /* label: 存在问题： / 主要原因：一是… ; addressee: 区委： */
    size_t k = b, len, chars = 0;
    size_t win = e - b < 100 ? e - b : 100;
    bool stop = !memchr(s + b, ':', win) && !memmem(s + b, win, "\xEF\xBC\x9A", 3); /* no colon near the start */
    while (k < e && chars < 24 && !stop) {
      uint32_t c = fold(cp_at(s, e, k, &len));
      if (is_label_colon(c)) break;
      if (c == ',' || c == 0x3002 || c == ';' || c == '!' || c == '?') stop = true;
      k += len;
      chars++;
    }
    if (!stop && k < e && chars >= 2 && is_label_colon(fold(cp_at(s, e, k, &len)))) {
      size_t after = skip_spaces(s, e, k + len);
      if (label_word(s + b, k - b) && chars <= 16) {
        r->cand = GW_C_LABEL;
        r->tx_start = (uint32_t)b;
        r->tx_end = (uint32_t)k;
        r->runin = after < e;
        r->roles = (uint8_t)gw_roles_of(s + b, k - b);
      } else if (after >= e && chars <= 25) {
        static const char *const sig[] = {"述职人", "报告人", "汇报人", "发言人", "署名", NULL};
        bool is_sig = false;
        for (const char *const *g = sig; *g; g++) is_sig |= starts(s, e, b, *g);
        if (!is_sig) r->flags |= GW_F_ADDR;
      }
    }
    {
      static const char *const sig[] = {"述职人", "报告人", "汇报人", "发言人", NULL};
      for (const char *const *g = sig; *g; g++)
        if (starts(s, e, b, *g) && r->nchars <= 30) {
          size_t k2 = b + strlen(*g);
          if (k2 < e && is_label_colon(fold(cp_at(s, e, k2, &len)))) r->flags |= GW_F_SIG_NAME;
        }
    }
    if (r->cand != GW_C_LABEL && e - b < 240) {
      if (noise_strong(s + b, e - b)) { r->cand = GW_C_NOISE; r->flags |= GW_F_NOISE_STRONG; }
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
                                   has(s + b, e - b, "…")))
        r->cand = GW_C_TOC;
    }
  }

  /* shapes of the whole line */
  if ((r->cand == GW_C_PLAIN || r->cand == GW_C_LABEL) && e - b < 256) {
    size_t len;
    bool punct = false;
    for (size_t k = b; k < e; k += len) {
      uint32_t c = cp_at(s, e, k, &len);
      if (is_sentence_punct(c)) { punct = true; break; }
    }
    if (!punct && r->nchars <= 25) {
      r->flags |= GW_F_SHORT_PLAIN;
      unsigned roles = gw_roles_of(s + b, e - b);
      if (roles) { r->flags |= GW_F_ROLE_SHORT; r->roles = (uint8_t)roles; r->tx_start = (uint32_t)b; r->tx_end = (uint32_t)e; }
    }
    if (r->cand == GW_C_PLAIN) r->flags |= title_shape(s + b, e - b, r->nchars);
    size_t d = date_tail(s, e);
    if (d < e && d >= b) {
      bool clean = true;
      for (size_t k = b; k < d; k += len) {
        uint32_t c = cp_at(s, e, k, &len);
        if (is_sentence_punct(c)) { clean = false; break; }
      }
      if (clean && gw_utf8_count(s + b, d - b) <= 30) r->flags |= GW_F_SIG_DATE;
    }
    if (starts(s, e, b, "附件") && (r->nchars <= 40)) r->flags |= GW_F_ANNEX;
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
    else if (last == 0x201D || last == 0xFF09 || last == ')') {
      uint32_t p = fold(cp_before(s, st2, &st3));
      if (p == 0x3002 || p == '!' || p == '?') r->flags |= GW_F_END_SENTENCE;
    } else if (is_cjk(last) || is_ascii_alpha(last) || is_digit(last)) {
      r->flags |= GW_F_END_MID;
    }
  }

  /* body: placeholders, enumerators, cues, quotes; one pass that skips over
  ** bytes that cannot start anything of interest */
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
      else {                                                                    \
        cues |= (uint8_t)cue_at(s, e, at_);                                     \
        if (starts(s, e, at_, "现将") || starts(s, e, at_, "现就")) opening = true; \
      }                                                                         \
    } else if (at_ < e && u[at_] >= '0' && u[at_] <= '9') {                     \
      cues |= (uint8_t)cue_at(s, e, at_);                                       \
    }                                                                           \
  } while (0)
    CLAUSE(i, false);
    while (i < e) {
      for (;;) {
        /* whole CJK characters (not 某) three bytes at a time */
        while (i + 3 <= e && (CJK3[u[i]] || (u[i] == 0xE6 && !(u[i + 1] == 0x9F && u[i + 2] == 0x90)))) i += 3;
        if (i >= e || TRIGGER[u[i]]) break;
        i++;
      }
      if (i >= e) break;
      unsigned char c = u[i];
      switch (c) {
      case 'X': case 'x': i = scan_x(s, e, i, &ph); continue;
      case '*': i = scan_star(s, e, i, &ph, body_from, &bold); continue;
      case '_': i = scan_repeat(s, e, i, '_', 0xFF3F, &ph); continue;
      case '(': i = scan_bracket(s, e, i, ')', &ph); continue;
      case ':': {
        int cnt = announced_before(s, i);
        if (cnt) add_enum(&en, (uint32_t)i, 0, true, cnt);
        i++;
        CLAUSE(i, true);
        continue;
      }
      case ';': case ',': case '!': case '?':
        i++;
        CLAUSE(i, false);
        continue;
      case 0xC3: /* × */
        if (i + 1 < e && u[i + 1] == 0x97) { i = scan_times(s, e, i, &ph); continue; }
        break;
      case 0xE2:
        if (i + 2 < e) {
          if (u[i + 1] == 0x80 && u[i + 2] == 0x9C) { open_quotes++; last_quote_open = true; }
          else if (u[i + 1] == 0x80 && u[i + 2] == 0x9D) { if (open_quotes > 0) open_quotes--; last_quote_open = false; }
          else if (u[i + 1] == 0x97 && u[i + 2] == 0x8B) { i = scan_repeat(s, e, i, 0x25CB, 0, &ph); continue; } /* ○ */
          else if (u[i + 1] == 0x96 && u[i + 2] == 0xA1) { i = scan_repeat(s, e, i, 0x25A1, 0, &ph); continue; } /* □ */
          else if (u[i + 1] == 0x9C && u[i + 2] == 0x95) { i = scan_times(s, e, i, &ph); continue; }          /* ✕ */
        }
        break;
      case 0xE3:
        if (i + 2 < e && u[i + 1] == 0x80) {
          if (u[i + 2] == 0x82) { i += 3; CLAUSE(i, false); continue; }                         /* 。 */
          if (u[i + 2] == 0x90) { i = scan_bracket(s, e, i, 0x3011, &ph); continue; }           /* 【 */
        }
        break;
      case 0xE6: /* 某 */
        if (i + 2 < e && u[i + 1] == 0x9F && u[i + 2] == 0x90) { i = scan_repeat(s, e, i, 0x67D0, 0, &ph); continue; }
        break;
      case 0xEF:
        if (i + 2 < e) {
          unsigned char c1 = u[i + 1], c2 = u[i + 2];
          if (c1 == 0xBC) {
            if (c2 == 0x8C || c2 == 0x9B || c2 == 0x81 || c2 == 0x9F) { i += 3; CLAUSE(i, false); continue; } /* ，；！？ */
            if (c2 == 0x9A) {                                                                             /* ： */
              int cnt = announced_before(s, i);
              if (cnt) add_enum(&en, (uint32_t)i, 0, true, cnt);
              i += 3;
              CLAUSE(i, true);
              continue;
            }
            if (c2 == 0xB8) { i = scan_x(s, e, i, &ph); continue; }               /* Ｘ */
            if (c2 == 0x8A) { i = scan_star(s, e, i, &ph, body_from, &bold); continue; } /* ＊ */
            if (c2 == 0x88) { i = scan_bracket(s, e, i, 0xFF09, &ph); continue; } /* （ */
            if (c2 == 0xBF) { i = scan_repeat(s, e, i, 0xFF3F, '_', &ph); continue; } /* ＿ */
          } else if (c1 == 0xBD && c2 == 0x98) { i = scan_x(s, e, i, &ph); continue; } /* ｘ */
        }
        break;
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
      if (has(t, tn, "原因")) cues |= GW_ROLE_CAUSES;
      else if (has(t, tn, "问题") || has(t, tn, "不足") || has(t, tn, "差距")) cues |= GW_ROLE_PROBLEMS;
      if (has(t, tn, "下一步") || has(t, tn, "打算") || has(t, tn, "今后")) cues |= GW_ROLE_PLANS;
    }
    r->cue_roles = cues;
    /* 现将…情况报告如下 */
    if (opening && (has(s + b, e - b, "如下") || has(s + b, e - b, "汇报") || has(s + b, e - b, "报告") ||
                    has(s + b, e - b, "述职")))
      r->flags |= GW_F_OPENING;
    if (r->flags & GW_F_OPENING) r->flags &= ~(uint32_t)GW_F_ADDR;
  }
  if (ph.oom || en.oom) { free(ph.v); free(en.v); return -1; }
  ln->ph = ph.v;
  ln->nph = ph.n;
  ln->en = en.v;
  ln->nen = en.n;
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
      if (parse_marker(s, n, i, &m) && skip_spaces(s, n, m.end) < n && m.end > i) {
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
      bool heading = parse_marker(s, n, seg, &m) && m.rank != 9;
      bool title = !heading && title_shape(s + seg, i - seg, nch);
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
