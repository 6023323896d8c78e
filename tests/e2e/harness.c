/*
 * e2e-harness: end-to-end tests of the real Neovim TUI.
 *
 * Each scenario (tests/e2e/scenarios/NAME.scn, language described in
 * tests/e2e/README.md) starts `nvim --clean -n -u tests/e2e/init.lua ARGS` in
 * a pseudo-terminal of a fixed size, feeds everything Neovim writes into a
 * libvterm screen, types keys through libvterm's keyboard encoder and checks
 * the resulting screen.  libvterm's replies to terminal queries (DA, DSR,
 * DECRQM, ...) are written back to the pty, so Neovim sees a real terminal.
 *
 * Nothing waits for a fixed time: every step polls its condition against a
 * deadline, waking up whenever the pty produces output or a child changes
 * state.
 *
 * Usage: e2e-harness --nvim PATH [--update] [--results FILE] [--root DIR]
 *                    [--e2e-dir DIR] [--verbose] SCENARIO|DIR...
 *
 * Linux only (signalfd, PR_SET_CHILD_SUBREAPER); needs libvterm >= 0.2.
 */
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#if !defined(VTERM_VERSION_MAJOR) || (VTERM_VERSION_MAJOR == 0 && VTERM_VERSION_MINOR < 2)
#error "libvterm >= 0.2 is required (vterm_output_set_callback)"
#endif

enum {
  DEFAULT_ROWS = 30,
  DEFAULT_COLS = 100,
  MAX_DIM = 500,
  DEFAULT_TIMEOUT_MS = 10000, /* per step, before the CI factor */
  QUIT_TIMEOUT_MS = 5000,     /* for :qa!, and again for the process group */
  QUIET_MS = 300,             /* "screen settled" when recording a screen */
  TAIL_CAP = 4096,            /* raw pty bytes kept */
  TAIL_SHOW = 2048,           /* raw pty bytes shown on failure */
  LOG_SHOW = 1536,            /* bytes of $NVIM_LOG_FILE shown on failure */
  CELL_TEXT_MAX = VTERM_MAX_CHARS_PER_CELL * 4 + 1,
  ATTR_NAME_MAX = 32,
};

/* ------------------------------------------------------------------------ */
/* Memory and strings                                                        */
/* ------------------------------------------------------------------------ */

static void out_of_memory(void)
{
  fputs("e2e-harness: out of memory\n", stderr);
  exit(2);
}

static void *xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory();
  return p;
}

static void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

static void *xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory();
  return q;
}

static char *xstrdup(const char *s)
{
  char *p = strdup(s);
  if (!p) out_of_memory();
  return p;
}

/* Grow *arr (elements of `size` bytes, capacity *cap) to hold `need`. */
static void *grow(void *arr, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap) return arr;
  size_t n = *cap ? *cap : 8;
  while (n < need) {
    if (n > SIZE_MAX / 2 / size) out_of_memory();
    n *= 2;
  }
  *cap = n;
  return xrealloc(arr, n * size);
}

/* A growable byte buffer, always NUL-terminated once anything was added. */
typedef struct {
  char *p;
  size_t len, cap;
} Buf;

static void buf_add(Buf *b, const void *data, size_t n)
{
  b->p = grow(b->p, &b->cap, b->len + n + 1, 1);
  memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void buf_addc(Buf *b, char c) { buf_add(b, &c, 1); }
static void buf_adds(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

__attribute__((format(printf, 2, 3)))
static void buf_printf(Buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  b->p = grow(b->p, &b->cap, b->len + (size_t)n + 1, 1);
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

static const char *buf_str(const Buf *b) { return b->p ? b->p : ""; }
static void buf_clear(Buf *b) { b->len = 0; if (b->p) b->p[0] = '\0'; }
static void buf_free(Buf *b) { free(b->p); *b = (Buf){0}; }

__attribute__((format(printf, 1, 2)))
static char *xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  int n = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (n < 0) out_of_memory();
  return s;
}

typedef struct {
  char **v;
  size_t n, cap;
} StrList;

static void strlist_push(StrList *l, char *owned)
{
  l->v = grow(l->v, &l->cap, l->n + 2, sizeof *l->v);
  l->v[l->n++] = owned;
  l->v[l->n] = NULL; /* usable as argv/envp */
}

static void strlist_free(StrList *l)
{
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  *l = (StrList){0};
}

static int64_t now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

/* Decode one UTF-8 sequence; returns its length, 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
  if (n == 0) return 0;
  unsigned char c = s[0];
  size_t len;
  uint32_t v;
  if (c < 0x80) { *cp = c; return 1; }
  else if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
      v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Append bytes escaped for a human: ESC as \e, controls as \r \n \t \xNN,
 * valid UTF-8 verbatim.  Lines are broken after \n and at ~96 columns. */
static void escape_bytes(Buf *out, const unsigned char *p, size_t n, const char *indent)
{
  size_t col = 0;
  buf_adds(out, indent);
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    size_t len = 1, before = out->len;
    uint32_t cp;
    switch (c) {
    case 0x1b: buf_adds(out, "\\e"); break;
    case '\r': buf_adds(out, "\\r"); break;
    case '\n': buf_adds(out, "\\n"); break;
    case '\t': buf_adds(out, "\\t"); break;
    case '\\': buf_adds(out, "\\\\"); break;
    default:
      if (c >= 0x20 && c < 0x7f) {
        buf_addc(out, (char)c);
      } else if (c >= 0x80 && (len = utf8_decode(p + i, n - i, &cp)) > 0) {
        buf_add(out, p + i, len);
      } else {
        len = 1;
        buf_printf(out, "\\x%02x", c);
      }
    }
    col += len > 1 ? 2 : out->len - before; /* a non-ASCII character: about 2 columns */
    i += len;
    if ((c == '\n' || col >= 96) && i < n) {
      buf_addc(out, '\n');
      buf_adds(out, indent);
      col = 0;
    }
  }
  buf_addc(out, '\n');
}

/* ------------------------------------------------------------------------ */
/* Files and paths                                                           */
/* ------------------------------------------------------------------------ */

/* Read a whole file; returns 1 on success, 0 if it does not exist, -1 on error. */
static int read_file(const char *path, Buf *out)
{
  FILE *f = fopen(path, "rb");
  if (!f) return errno == ENOENT ? 0 : -1;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(out, chunk, n);
  bool bad = ferror(f);
  fclose(f);
  if (!out->p) buf_add(out, "", 0);
  return bad ? -1 : 1;
}

static bool mkdir_p(const char *path)
{
  char *p = xstrdup(path);
  bool ok = true;
  for (char *s = p + 1; ok; s++) {
    if (*s == '/' || *s == '\0') {
      char saved = *s;
      *s = '\0';
      if (mkdir(p, 0777) != 0 && errno != EEXIST) ok = false;
      *s = saved;
      if (!saved) break;
    }
  }
  free(p);
  return ok;
}

static bool mkdir_parent(const char *path)
{
  char *p = xstrdup(path);
  char *slash = strrchr(p, '/');
  bool ok = true;
  if (slash && slash != p) {
    *slash = '\0';
    ok = mkdir_p(p);
  }
  free(p);
  return ok;
}

/* Write a file atomically (temporary file + rename). */
static bool write_file(const char *path, const Buf *content, Buf *err)
{
  if (!mkdir_parent(path)) {
    buf_printf(err, "cannot create the directory of %s: %s", path, strerror(errno));
    return false;
  }
  char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(buf_str(content), 1, content->len, f) == content->len;
  if (f && fclose(f) != 0) ok = false;
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    buf_printf(err, "cannot write %s: %s", path, strerror(errno));
    unlink(tmp);
  }
  free(tmp);
  return ok;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

static void remove_tree(const char *path)
{
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *absolute_path(const char *path)
{
  if (path[0] == '/') return xstrdup(path);
  char *cwd = getcwd(NULL, 0);
  if (!cwd) out_of_memory();
  char *abs = xasprintf("%s/%s", cwd, path);
  free(cwd);
  return abs;
}

/* Find an executable: a name with a slash is taken as a path, else $PATH is searched. */
static char *find_executable(const char *name)
{
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? absolute_path(name) : NULL;
  const char *path = getenv("PATH");
  if (!path) return NULL;
  char *copy = xstrdup(path), *save = NULL, *found = NULL;
  for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
    char *cand = xasprintf("%s/%s", *dir ? dir : ".", name);
    if (access(cand, X_OK) == 0) found = absolute_path(cand);
    free(cand);
  }
  free(copy);
  return found;
}

/* ------------------------------------------------------------------------ */
/* Tokenizer shared by scenario and screen files                             */
/* ------------------------------------------------------------------------ */

/* Split a line into words.  "double quoted" words know \" and \\ (any other
 * backslash pair is kept as it is, so regexes read naturally); 'single quoted'
 * words are verbatim.  A word starting with # outside quotes ends the line. */
static bool tokenize(const char *line, StrList *out, Buf *err)
{
  const char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p || *p == '#') return true;
    Buf w = {0};
    buf_add(&w, "", 0);
    while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
      if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q) {
          if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
          buf_addc(&w, *p++);
        }
        if (*p != q) {
          buf_printf(err, "unterminated %c-quoted string", q);
          buf_free(&w);
          return false;
        }
        p++;
      } else {
        buf_addc(&w, *p++);
      }
    }
    strlist_push(out, w.p);
  }
}

/* ------------------------------------------------------------------------ */
/* Colours and attributes                                                    */
/* ------------------------------------------------------------------------ */

typedef struct {
  bool is_default; /* the terminal's default colour, no SGR colour set */
  uint8_t r, g, b;
} Color;

typedef struct {
  Color fg, bg;
  bool bold, italic, blink, reverse, strike;
  uint8_t underline; /* 0 none, 1 single, 2 double, 3 curly */
} Attr;

/* A partial attribute: what expect-color asserts.  -1 means "don't care". */
typedef struct {
  bool has_fg, has_bg;
  Color fg, bg;
  int bold, italic, blink, reverse, strike, underline;
} AttrCheck;

static const struct {
  const char *word;
  size_t offset; /* of the int in AttrCheck */
  int value;
} attr_words[] = {
  {"bold", offsetof(AttrCheck, bold), 1},
  {"nobold", offsetof(AttrCheck, bold), 0},
  {"italic", offsetof(AttrCheck, italic), 1},
  {"noitalic", offsetof(AttrCheck, italic), 0},
  {"blink", offsetof(AttrCheck, blink), 1},
  {"noblink", offsetof(AttrCheck, blink), 0},
  {"reverse", offsetof(AttrCheck, reverse), 1},
  {"noreverse", offsetof(AttrCheck, reverse), 0},
  {"strike", offsetof(AttrCheck, strike), 1},
  {"nostrike", offsetof(AttrCheck, strike), 0},
  {"underline", offsetof(AttrCheck, underline), 1},
  {"underdouble", offsetof(AttrCheck, underline), 2},
  {"undercurl", offsetof(AttrCheck, underline), 3},
  {"nounderline", offsetof(AttrCheck, underline), 0},
};

static bool color_eq(Color a, Color b)
{
  if (a.is_default || b.is_default) return a.is_default == b.is_default;
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

static bool attr_eq(const Attr *a, const Attr *b)
{
  return color_eq(a->fg, b->fg) && color_eq(a->bg, b->bg) && a->bold == b->bold &&
         a->italic == b->italic && a->blink == b->blink && a->reverse == b->reverse &&
         a->strike == b->strike && a->underline == b->underline;
}

static bool parse_color(const char *s, Color *c)
{
  if (strcmp(s, "default") == 0) {
    *c = (Color){.is_default = true};
    return true;
  }
  unsigned r, g, b;
  int used = 0;
  if (s[0] != '#' || strlen(s) != 7 || sscanf(s + 1, "%2x%2x%2x%n", &r, &g, &b, &used) != 3 || used != 6)
    return false;
  *c = (Color){.r = (uint8_t)r, .g = (uint8_t)g, .b = (uint8_t)b};
  return true;
}

static void format_color(Buf *out, Color c)
{
  if (c.is_default) buf_adds(out, "default");
  else buf_printf(out, "#%02x%02x%02x", c.r, c.g, c.b);
}

/* Parse words like fg=#rrggbb bg=default bold nounderline. */
static bool parse_attr_check(char *const *words, size_t n, AttrCheck *out, Buf *err)
{
  *out = (AttrCheck){.bold = -1, .italic = -1, .blink = -1, .reverse = -1, .strike = -1, .underline = -1};
  for (size_t i = 0; i < n; i++) {
    const char *w = words[i];
    if (strncmp(w, "fg=", 3) == 0 || strncmp(w, "bg=", 3) == 0) {
      bool fg = w[0] == 'f';
      if (!parse_color(w + 3, fg ? &out->fg : &out->bg)) {
        buf_printf(err, "bad colour '%s' (want #rrggbb or default)", w + 3);
        return false;
      }
      *(fg ? &out->has_fg : &out->has_bg) = true;
      continue;
    }
    size_t k = 0;
    while (k < sizeof attr_words / sizeof attr_words[0] && strcmp(attr_words[k].word, w) != 0) k++;
    if (k == sizeof attr_words / sizeof attr_words[0]) {
      buf_printf(err, "unknown attribute '%s'", w);
      return false;
    }
    *(int *)((char *)out + attr_words[k].offset) = attr_words[k].value;
  }
  return true;
}

/* A full attribute from a spec: unnamed colours are the terminal default,
 * unnamed flags are off. */
static Attr attr_from_check(const AttrCheck *c)
{
  Attr a = {
    .fg = c->has_fg ? c->fg : (Color){.is_default = true},
    .bg = c->has_bg ? c->bg : (Color){.is_default = true},
    .bold = c->bold == 1,
    .italic = c->italic == 1,
    .blink = c->blink == 1,
    .reverse = c->reverse == 1,
    .strike = c->strike == 1,
    .underline = (uint8_t)(c->underline > 0 ? c->underline : 0),
  };
  return a;
}

static void format_attr(Buf *out, const Attr *a)
{
  buf_adds(out, "fg=");
  format_color(out, a->fg);
  buf_adds(out, " bg=");
  format_color(out, a->bg);
  if (a->bold) buf_adds(out, " bold");
  if (a->italic) buf_adds(out, " italic");
  if (a->underline == 1) buf_adds(out, " underline");
  if (a->underline == 2) buf_adds(out, " underdouble");
  if (a->underline == 3) buf_adds(out, " undercurl");
  if (a->blink) buf_adds(out, " blink");
  if (a->reverse) buf_adds(out, " reverse");
  if (a->strike) buf_adds(out, " strike");
}

static bool attr_matches(const Attr *a, const AttrCheck *c)
{
  return (!c->has_fg || color_eq(a->fg, c->fg)) && (!c->has_bg || color_eq(a->bg, c->bg)) &&
         (c->bold < 0 || a->bold == c->bold) && (c->italic < 0 || a->italic == c->italic) &&
         (c->blink < 0 || a->blink == c->blink) && (c->reverse < 0 || a->reverse == c->reverse) &&
         (c->strike < 0 || a->strike == c->strike) && (c->underline < 0 || a->underline == c->underline);
}

/* ------------------------------------------------------------------------ */
/* Key notation                                                              */
/* ------------------------------------------------------------------------ */

typedef struct {
  bool special;    /* code is a VTermKey, else a Unicode character */
  uint32_t code;
  VTermModifier mod;
} Key;

typedef struct {
  Key *v;
  size_t n, cap;
} KeySeq;

static const struct {
  const char *name;
  bool special;
  uint32_t code;
} key_names[] = {
  {"CR", true, VTERM_KEY_ENTER}, {"Enter", true, VTERM_KEY_ENTER}, {"Return", true, VTERM_KEY_ENTER},
  {"Esc", true, VTERM_KEY_ESCAPE}, {"Tab", true, VTERM_KEY_TAB}, {"BS", true, VTERM_KEY_BACKSPACE},
  {"Up", true, VTERM_KEY_UP}, {"Down", true, VTERM_KEY_DOWN}, {"Left", true, VTERM_KEY_LEFT},
  {"Right", true, VTERM_KEY_RIGHT}, {"Insert", true, VTERM_KEY_INS}, {"Del", true, VTERM_KEY_DEL},
  {"Home", true, VTERM_KEY_HOME}, {"End", true, VTERM_KEY_END}, {"PageUp", true, VTERM_KEY_PAGEUP},
  {"PageDown", true, VTERM_KEY_PAGEDOWN},
  {"Space", false, ' '}, {"lt", false, '<'}, {"Bar", false, '|'}, {"Bslash", false, '\\'},
  {"NL", false, '\n'},
};

static void keyseq_push(KeySeq *k, bool special, uint32_t code, VTermModifier mod)
{
  k->v = grow(k->v, &k->cap, k->n + 1, sizeof *k->v);
  k->v[k->n++] = (Key){special, code, mod};
}

/* Parse "<C-S-Tab>"-style contents (without the angle brackets).
 * Returns 1 if it is a key, 0 if it is not key notation (taken literally),
 * -1 if it looks like key notation but names no key. */
static int parse_key_name(const char *s, size_t n, KeySeq *out, Buf *err)
{
  VTermModifier mod = VTERM_MOD_NONE;
  while (n > 2 && s[1] == '-' && strchr("CcSsMmAa", s[0])) {
    char m = (char)(s[0] | 0x20);
    mod |= m == 'c' ? VTERM_MOD_CTRL : m == 's' ? VTERM_MOD_SHIFT : VTERM_MOD_ALT;
    s += 2, n -= 2;
  }
  uint32_t cp;
  size_t len = utf8_decode((const unsigned char *)s, n, &cp);
  if (len == n) { /* a single character */
    if (mod == VTERM_MOD_NONE) return 0;
    if ((mod & VTERM_MOD_CTRL) && cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    keyseq_push(out, false, cp, mod);
    return 1;
  }
  for (size_t i = 0; i < n; i++)
    if (!(s[i] == '-' || (s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
      return mod == VTERM_MOD_NONE ? 0 : -1;
  for (size_t k = 0; k < sizeof key_names / sizeof key_names[0]; k++) {
    if (strlen(key_names[k].name) == n && strncasecmp(key_names[k].name, s, n) == 0) {
      keyseq_push(out, key_names[k].special, key_names[k].code, mod);
      return 1;
    }
  }
  int fn;
  char tmp[8];
  if ((s[0] | 0x20) == 'f' && n > 1 && n < sizeof tmp) {
    memcpy(tmp, s + 1, n - 1);
    tmp[n - 1] = '\0';
    if (parse_int(tmp, 1, 24, &fn)) {
      keyseq_push(out, true, (uint32_t)VTERM_KEY_FUNCTION(fn), mod);
      return 1;
    }
  }
  buf_printf(err, "unknown key <%.*s> (write a literal < as <lt>)", (int)n, s);
  return -1;
}

/* Parse Vim-style key notation: text plus <CR>, <Esc>, <C-x>, <lt>, ... */
static bool parse_keys(const char *s, KeySeq *out, Buf *err)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    if (s[i] == '<') {
      const char *close = memchr(s + i + 1, '>', n - i - 1);
      if (close && close > s + i + 1) {
        size_t len = (size_t)(close - (s + i + 1));
        int r = parse_key_name(s + i + 1, len, out, err);
        if (r < 0) return false;
        if (r > 0) {
          i += len + 2;
          continue;
        }
      }
    }
    uint32_t cp;
    size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!len) {
      buf_printf(err, "invalid UTF-8 in keys at byte %zu", i);
      return false;
    }
    keyseq_push(out, false, cp, VTERM_MOD_NONE);
    i += len;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* Scenarios                                                                 */
/* ------------------------------------------------------------------------ */

typedef enum {
  ST_KEYS,
  ST_TIMEOUT,
  ST_WAIT_TEXT,
  ST_WAIT_GONE,
  ST_EXPECT_ROW,
  ST_EXPECT_CURSOR,
  ST_EXPECT_COLOR,
  ST_EXPECT_SCREEN,
  ST_PRINT_SCREEN,
} StepKind;

typedef struct {
  StepKind kind;
  int line;         /* in the scenario file */
  char *src;        /* the directive as written, for messages */
  int row;          /* 1-based; negative counts from the bottom; 0 = any row */
  int row_last;     /* expect-screen: last row of the range */
  int col;          /* expect-cursor */
  char *text;       /* wait-text, wait-gone, expect-color; expect-row's regex */
  regex_t re;       /* expect-row */
  bool has_re;
  KeySeq keys;
  AttrCheck check;  /* expect-color */
  int screen_no;    /* expect-screen: 1, 2, ... within the scenario */
  bool plain;       /* expect-screen: compare text only */
  int64_t timeout_ms;
} Step;

typedef struct {
  char *path;
  char *name;
  int rows, cols;
  StrList args, env, requires;
  int need_major, need_minor; /* require-nvim */
  int64_t timeout_ms;
  Step *steps;
  size_t nsteps, cap;
} Scenario;

static void scenario_free(Scenario *sc)
{
  for (size_t i = 0; i < sc->nsteps; i++) {
    Step *st = &sc->steps[i];
    free(st->src);
    free(st->text);
    free(st->keys.v);
    if (st->has_re) regfree(&st->re);
  }
  free(sc->steps);
  strlist_free(&sc->args);
  strlist_free(&sc->env);
  strlist_free(&sc->requires);
  free(sc->path);
  free(sc->name);
  *sc = (Scenario){0};
}

static char *scenario_name(const char *path)
{
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 4 && strcmp(base + n - 4, ".scn") == 0) n -= 4;
  char *name = xmalloc(n + 1);
  memcpy(name, base, n);
  name[n] = '\0';
  return name;
}

static bool parse_seconds(const char *s, int64_t *ms)
{
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v > 0) || v > 3600) return false;
  *ms = (int64_t)(v * 1000.0 + 0.5);
  return true;
}

/* A row for wait-text/expect-*: 1..rows, -1..-rows, or "*" if any_ok. */
static bool parse_row(const char *s, int rows, bool any_ok, int *row)
{
  if (any_ok && strcmp(s, "*") == 0) {
    *row = 0;
    return true;
  }
  return parse_int(s, -rows, rows, row) && *row != 0;
}

static int row_index(int row, int rows) { return row > 0 ? row - 1 : rows + row; }

/* Parse one step line into *st; words[0] is the directive. */
static bool parse_step(Scenario *sc, char **w, size_t n, Step *st, int *screens, Buf *err)
{
  const char *d = w[0];
#define NEED(cond, ...) do { if (!(cond)) { buf_printf(err, __VA_ARGS__); return false; } } while (0)
  if (strcmp(d, "keys") == 0) {
    NEED(n >= 2, "usage: keys \"KEYS\"...");
    st->kind = ST_KEYS;
    for (size_t i = 1; i < n; i++)
      if (!parse_keys(w[i], &st->keys, err)) return false;
  } else if (strcmp(d, "timeout") == 0) {
    NEED(n == 2 && parse_seconds(w[1], &st->timeout_ms), "usage: timeout SECONDS");
    st->kind = ST_TIMEOUT;
  } else if (strcmp(d, "wait-text") == 0 || strcmp(d, "wait-gone") == 0) {
    NEED(n == 3 && parse_row(w[1], sc->rows, true, &st->row), "usage: %s ROW|* \"TEXT\"", d);
    NEED(w[2][0], "%s: empty text", d);
    st->kind = d[5] == 't' ? ST_WAIT_TEXT : ST_WAIT_GONE;
    st->text = xstrdup(w[2]);
  } else if (strcmp(d, "expect-row") == 0) {
    NEED(n == 3 && parse_row(w[1], sc->rows, false, &st->row), "usage: expect-row ROW \"REGEX\"");
    st->kind = ST_EXPECT_ROW;
    st->text = xstrdup(w[2]);
    int rc = regcomp(&st->re, w[2], REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
      char msg[256];
      regerror(rc, &st->re, msg, sizeof msg);
      buf_printf(err, "bad regex '%s': %s", w[2], msg);
      return false;
    }
    st->has_re = true;
  } else if (strcmp(d, "expect-cursor") == 0) {
    NEED(n == 3 && parse_row(w[1], sc->rows, false, &st->row) && parse_int(w[2], 1, sc->cols, &st->col),
         "usage: expect-cursor ROW COL (1-based screen cells)");
    st->kind = ST_EXPECT_CURSOR;
  } else if (strcmp(d, "expect-color") == 0) {
    NEED(n >= 4 && parse_row(w[1], sc->rows, false, &st->row) && w[2][0],
         "usage: expect-color ROW \"TEXT\" fg=#rrggbb|bg=#rrggbb|bold|...");
    st->kind = ST_EXPECT_COLOR;
    st->text = xstrdup(w[2]);
    if (!parse_attr_check(w + 3, n - 3, &st->check, err)) return false;
  } else if (strcmp(d, "expect-screen") == 0) {
    st->kind = ST_EXPECT_SCREEN;
    st->row = 1;
    st->row_last = sc->rows;
    for (size_t i = 1; i < n; i++) {
      if (strcmp(w[i], "plain") == 0) {
        st->plain = true;
      } else if (strcmp(w[i], "rows") == 0 && i + 1 < n) {
        const char *r = w[++i];
        const char *dash = strchr(r, '-');
        char first[16];
        size_t len = dash ? (size_t)(dash - r) : strlen(r);
        NEED(len < sizeof first, "bad row range '%s'", r);
        memcpy(first, r, len);
        first[len] = '\0';
        NEED(parse_int(first, 1, sc->rows, &st->row) &&
             (!dash || parse_int(dash + 1, st->row, sc->rows, &st->row_last)),
             "bad row range '%s' (want A-B with 1 <= A <= B <= %d)", r, sc->rows);
        if (!dash) st->row_last = st->row;
      } else {
        NEED(false, "usage: expect-screen [rows A-B] [plain]");
      }
    }
    st->screen_no = ++*screens;
  } else if (strcmp(d, "print-screen") == 0) {
    NEED(n == 1, "usage: print-screen");
    st->kind = ST_PRINT_SCREEN;
  } else {
    NEED(false, "unknown directive '%s'", d);
  }
#undef NEED
  return true;
}

/* Parse a scenario file.  Header directives (size, args, env, require) must
 * come before the first step. */
static bool scenario_load(const char *path, Scenario *sc, Buf *err)
{
  *sc = (Scenario){.path = xstrdup(path), .name = scenario_name(path), .rows = DEFAULT_ROWS,
                   .cols = DEFAULT_COLS, .timeout_ms = DEFAULT_TIMEOUT_MS};
  FILE *f = fopen(path, "r");
  if (!f) {
    buf_printf(err, "%s: %s", path, strerror(errno));
    return false;
  }
  char *line = NULL;
  size_t cap = 0;
  int lineno = 0, screens = 0;
  bool ok = true;
  while (ok && getline(&line, &cap, f) >= 0) {
    lineno++;
    StrList w = {0};
    Buf why = {0};
    if (!tokenize(line, &w, &why)) {
      ok = false;
    } else if (w.n == 0) {
      /* blank or comment */
    } else if (strcmp(w.v[0], "require-nvim") == 0 && sc->nsteps == 0) {
      ok = w.n == 2 && sscanf(w.v[1], "%d.%d", &sc->need_major, &sc->need_minor) == 2;
      if (!ok) buf_printf(&why, "usage: require-nvim MAJOR.MINOR");
    } else if (strcmp(w.v[0], "timeout") == 0 && sc->nsteps == 0) {
      ok = w.n == 2 && parse_seconds(w.v[1], &sc->timeout_ms);
      if (!ok) buf_printf(&why, "usage: timeout SECONDS");
    } else if (strcmp(w.v[0], "size") == 0 || strcmp(w.v[0], "args") == 0 ||
               strcmp(w.v[0], "env") == 0 || strcmp(w.v[0], "require") == 0) {
      const char *d = w.v[0];
      if (sc->nsteps > 0) {
        buf_printf(&why, "'%s' must come before the first step", d);
        ok = false;
      } else if (d[0] == 's') {
        ok = w.n == 3 && parse_int(w.v[1], 2, MAX_DIM, &sc->rows) && parse_int(w.v[2], 10, MAX_DIM, &sc->cols);
        if (!ok) buf_printf(&why, "usage: size ROWS COLS");
      } else if (d[0] == 'a') {
        for (size_t i = 1; i < w.n; i++) strlist_push(&sc->args, xstrdup(w.v[i]));
      } else if (d[0] == 'e') {
        ok = w.n == 3 && w.v[1][0] && !strchr(w.v[1], '=');
        if (ok) strlist_push(&sc->env, xasprintf("%s=%s", w.v[1], w.v[2]));
        else buf_printf(&why, "usage: env NAME VALUE");
      } else {
        ok = w.n == 2;
        if (ok) strlist_push(&sc->requires, xstrdup(w.v[1]));
        else buf_printf(&why, "usage: require PATH");
      }
    } else {
      sc->steps = grow(sc->steps, &sc->cap, sc->nsteps + 1, sizeof *sc->steps);
      Step *st = &sc->steps[sc->nsteps++];
      *st = (Step){.line = lineno};
      size_t len = strcspn(line, "\r\n");
      while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
      const char *start = line + strspn(line, " \t");
      st->src = xasprintf("%.*s", (int)(line + len - start), start);
      ok = parse_step(sc, w.v, w.n, st, &screens, &why);
    }
    if (!ok) buf_printf(err, "%s:%d: %s", path, lineno, buf_str(&why));
    buf_free(&why);
    strlist_free(&w);
  }
  free(line);
  fclose(f);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* The screen as seen through libvterm                                       */
/* ------------------------------------------------------------------------ */

typedef struct {
  char text[CELL_TEXT_MAX]; /* UTF-8, " " for an empty cell */
  int width;                /* 1 or 2; 0 for the right half of a wide char */
  Attr attr;
} Cell;

typedef struct {
  int rows, cols;
  Cell *cells;
  int cur_row, cur_col; /* 0-based */
  bool cur_visible;
} Grid;

static const Cell *grid_cell(const Grid *g, int row, int col) { return &g->cells[(size_t)row * (size_t)g->cols + (size_t)col]; }

/* Text of one row with each byte's screen column, for searching. */
typedef struct {
  Buf text;
  int *col;
  size_t cap;
} RowText;

static void rowtext_build(const Grid *g, int row, RowText *rt)
{
  buf_clear(&rt->text);
  buf_add(&rt->text, "", 0);
  for (int c = 0; c < g->cols;) {
    const Cell *cell = grid_cell(g, row, c);
    size_t n = strlen(cell->text);
    rt->col = grow(rt->col, &rt->cap, rt->text.len + n, sizeof *rt->col);
    for (size_t i = 0; i < n; i++) rt->col[rt->text.len + i] = c;
    buf_add(&rt->text, cell->text, n);
    c += cell->width > 0 ? cell->width : 1;
  }
}

static void rowtext_free(RowText *rt)
{
  buf_free(&rt->text);
  free(rt->col);
}

/* ------------------------------------------------------------------------ */
/* Named attributes and the screen-file format                               */
/* ------------------------------------------------------------------------ */

typedef struct {
  char name[ATTR_NAME_MAX];
  Attr attr;
  bool used;  /* by the last render */
  bool added; /* not in the reference this table was loaded from */
} NamedAttr;

typedef struct {
  bool plain;        /* text only, no attributes */
  Attr def;          /* drawn without braces */
  NamedAttr *v;
  size_t n, cap;
} AttrTable;

static void attrtable_free(AttrTable *t)
{
  free(t->v);
  *t = (AttrTable){0};
}

static void attrtable_copy(AttrTable *dst, const AttrTable *src)
{
  *dst = *src;
  dst->v = NULL;
  dst->cap = 0;
  dst->v = grow(NULL, &dst->cap, src->n, sizeof *dst->v);
  if (src->n) memcpy(dst->v, src->v, src->n * sizeof *src->v);
}

static bool attrtable_add(AttrTable *t, const char *name, const Attr *a, bool added)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->v[i].name, name) == 0) return false;
  t->v = grow(t->v, &t->cap, t->n + 1, sizeof *t->v);
  NamedAttr *na = &t->v[t->n++];
  *na = (NamedAttr){.attr = *a, .added = added};
  snprintf(na->name, sizeof na->name, "%s", name);
  return true;
}

/* Index of the name for attribute a; -1 for the default attribute; -2 if the
 * attribute has no name and allow_add is false.  New names are numbers. */
static long attrtable_lookup(AttrTable *t, const Attr *a, bool allow_add)
{
  if (attr_eq(a, &t->def)) return -1;
  for (size_t i = 0; i < t->n; i++)
    if (attr_eq(a, &t->v[i].attr)) return (long)i;
  if (!allow_add) return -2;
  long next = 1;
  for (size_t i = 0; i < t->n; i++) {
    char *end;
    long v = strtol(t->v[i].name, &end, 10);
    if (!*end && v >= next) next = v + 1;
  }
  char name[ATTR_NAME_MAX];
  snprintf(name, sizeof name, "%ld", next);
  attrtable_add(t, name, a, true);
  return (long)t->n - 1;
}

/* Render one row in the screen-file notation: '^' before the cursor cell,
 * {NAME:text} for runs of a named attribute, \{ \} \^ \\ for literals.
 * Returns false if allow_add is false and a cell has an unnamed attribute. */
static bool render_row(const Grid *g, int row, AttrTable *t, bool allow_add, Buf *out)
{
  long open = -1; /* index of the open {NAME: run, -1 none */
  for (int c = 0; c < g->cols;) {
    const Cell *cell = grid_cell(g, row, c);
    int w = cell->width > 0 ? cell->width : 1;
    long idx = t->plain ? -1 : attrtable_lookup(t, &cell->attr, allow_add);
    if (idx == -2) return false;
    if (idx != open) {
      if (open >= 0) buf_addc(out, '}');
      if (idx >= 0) {
        buf_printf(out, "{%s:", t->v[idx].name);
        t->v[idx].used = true;
      }
      open = idx;
    }
    if (g->cur_visible && row == g->cur_row && g->cur_col >= c && g->cur_col < c + w) buf_addc(out, '^');
    for (const char *p = cell->text; *p; p++) {
      if (*p == '{' || *p == '}' || *p == '^' || *p == '\\') buf_addc(out, '\\');
      buf_addc(out, *p);
    }
    c += w;
  }
  if (open >= 0) buf_addc(out, '}');
  return true;
}

/* The attribute of most cells that show text in rows [first, last] (of most
 * cells if all are blank), so that Normal text, not the '~' filler lines,
 * ends up unbraced. */
static Attr most_common_attr(const Grid *g, int first, int last)
{
  struct { Attr a; size_t count; } *seen = NULL;
  size_t n = 0, cap = 0, best = 0;
  for (int pass = 0; pass < 2 && n == 0; pass++) {
    for (int r = first; r <= last; r++) {
      for (int c = 0; c < g->cols; c++) {
        const Cell *cell = grid_cell(g, r, c);
        if (pass == 0 && (cell->width == 0 || strcmp(cell->text, " ") == 0)) continue;
        size_t i = 0;
        while (i < n && !attr_eq(&seen[i].a, &cell->attr)) i++;
        if (i == n) {
          seen = grow(seen, &cap, n + 1, sizeof *seen);
          seen[n].a = cell->attr;
          seen[n++].count = 0;
        }
        if (++seen[i].count > seen[best].count) best = i;
      }
    }
  }
  Attr a = n ? seen[best].a : (Attr){.fg.is_default = true, .bg.is_default = true};
  free(seen);
  return a;
}

/* A reference screen: tests/e2e/screens/NAME.N.screen */
typedef struct {
  int size_rows, size_cols;
  int first, last;   /* 1-based rows of the terminal that `rows` hold */
  AttrTable tab;
  StrList rows;      /* without the closing '|' */
} ScreenRef;

static void screenref_free(ScreenRef *r)
{
  attrtable_free(&r->tab);
  strlist_free(&r->rows);
}

static bool valid_attr_name(const char *s)
{
  if (!*s || strlen(s) >= ATTR_NAME_MAX) return false;
  for (; *s; s++)
    if (!(*s == '_' || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))) return false;
  return true;
}

/* Parse a reference screen; 1 = loaded, 0 = no such file, -1 = error. */
static int screenref_load(const char *path, ScreenRef *ref, Buf *err)
{
  *ref = (ScreenRef){0};
  Buf content = {0};
  int r = read_file(path, &content);
  if (r <= 0) {
    if (r < 0) buf_printf(err, "cannot read %s: %s", path, strerror(errno));
    buf_free(&content);
    return r;
  }
  bool in_grid = false, has_default = false, ok = true;
  int lineno = 0;
  for (char *line = content.p; ok && line;) {
    char *nl = strchr(line, '\n');
    if (!nl && !*line) break; /* after the last newline */
    if (nl) *nl = '\0';
    lineno++;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[--len] = '\0';
    if (in_grid) {
      if (!len || line[len - 1] != '|') {
        buf_printf(err, "%s:%d: a grid row must end with '|'", path, lineno);
        ok = false;
      } else {
        line[len - 1] = '\0';
        strlist_push(&ref->rows, xstrdup(line));
      }
    } else {
      StrList w = {0};
      Buf why = {0};
      if (!tokenize(line, &w, &why)) {
        ok = false;
      } else if (w.n == 0) {
        /* blank or comment */
      } else if (strcmp(w.v[0], "size") == 0) {
        ok = w.n == 3 && parse_int(w.v[1], 1, MAX_DIM, &ref->size_rows) &&
             parse_int(w.v[2], 1, MAX_DIM, &ref->size_cols);
        if (!ok) buf_adds(&why, "usage: size ROWS COLS");
      } else if (strcmp(w.v[0], "rows") == 0) {
        ok = w.n == 3 && parse_int(w.v[1], 1, MAX_DIM, &ref->first) &&
             parse_int(w.v[2], ref->first, MAX_DIM, &ref->last);
        if (!ok) buf_adds(&why, "usage: rows FIRST LAST");
      } else if (strcmp(w.v[0], "plain") == 0 && w.n == 1) {
        ref->tab.plain = true;
      } else if (strcmp(w.v[0], "default") == 0 || strcmp(w.v[0], "attr") == 0) {
        bool is_def = w.v[0][0] == 'd';
        size_t skip = is_def ? 1 : 2;
        AttrCheck chk;
        ok = w.n >= skip && (is_def || valid_attr_name(w.v[1]));
        if (!ok) buf_adds(&why, is_def ? "usage: default SPEC" : "usage: attr NAME SPEC (NAME: letters, digits, _)");
        else ok = parse_attr_check(w.v + skip, w.n - skip, &chk, &why);
        if (ok) {
          Attr a = attr_from_check(&chk);
          if (is_def) {
            ref->tab.def = a;
            has_default = true;
          } else if (!attrtable_add(&ref->tab, w.v[1], &a, false)) {
            buf_printf(&why, "attribute name '%s' defined twice", w.v[1]);
            ok = false;
          }
        }
      } else if (strcmp(w.v[0], "grid") == 0 && w.n == 1) {
        in_grid = true;
      } else {
        buf_printf(&why, "unknown header line '%s'", w.v[0]);
        ok = false;
      }
      if (!ok) buf_printf(err, "%s:%d: %s", path, lineno, buf_str(&why));
      buf_free(&why);
      strlist_free(&w);
    }
    line = nl ? nl + 1 : NULL;
  }
  if (ok && (!in_grid || !ref->size_rows || !ref->first || (!ref->tab.plain && !has_default))) {
    buf_printf(err, "%s: needs 'size', 'rows', 'default' (or 'plain') and 'grid' lines", path);
    ok = false;
  }
  if (ok && ref->rows.n != (size_t)(ref->last - ref->first + 1)) {
    buf_printf(err, "%s: 'rows %d %d' announces %d rows, the grid has %zu", path, ref->first, ref->last,
               ref->last - ref->first + 1, ref->rows.n);
    ok = false;
  }
  buf_free(&content);
  if (!ok) screenref_free(ref);
  return ok ? 1 : -1;
}

static void screenref_format(const ScreenRef *ref, const char *scenario, int screen_no, Buf *out)
{
  buf_printf(out,
             "# Reference screen %d of scenario %s, written by tests/e2e/harness.c.\n"
             "# Re-record with `e2e-harness --update` (or UPDATE_SCREENS=1). One grid line per\n"
             "# terminal row, closed by '|'; '^' marks the cursor; {NAME:text} is text drawn\n"
             "# with attribute NAME; \\{ \\} \\^ \\\\ are literal characters.\n",
             screen_no, scenario);
  buf_printf(out, "size %d %d\nrows %d %d\n", ref->size_rows, ref->size_cols, ref->first, ref->last);
  if (ref->tab.plain) {
    buf_adds(out, "plain\n");
  } else {
    buf_adds(out, "default ");
    format_attr(out, &ref->tab.def);
    buf_addc(out, '\n');
    for (size_t i = 0; i < ref->tab.n; i++) {
      if (!ref->tab.v[i].used) continue;
      buf_printf(out, "attr %s ", ref->tab.v[i].name);
      format_attr(out, &ref->tab.v[i].attr);
      buf_addc(out, '\n');
    }
  }
  buf_adds(out, "grid\n");
  for (size_t i = 0; i < ref->rows.n; i++) buf_printf(out, "%s|\n", ref->rows.v[i]);
}

/* ------------------------------------------------------------------------ */
/* Options                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  char *nvim;        /* absolute path */
  char *root;        /* repository root: nvim's cwd, base of relative paths */
  char *e2e_dir;     /* init.lua, screens/, *.actual */
  char *init;
  char *screens_dir;
  const char *results;
  bool update;
  bool ci;
  bool verbose;
  int scale;         /* timeout factor: 2 under CI=true */
  int major, minor, patch; /* of nvim */
  int sigfd;         /* signalfd for SIGCHLD */
  sigset_t orig_mask;
} Options;

/* A path for messages: relative to the root when it is below it. */
static const char *display_path(const Options *o, const char *path)
{
  size_t n = strlen(o->root);
  if (strncmp(path, o->root, n) == 0 && path[n] == '/') return path + n + 1;
  return path;
}

/* ------------------------------------------------------------------------ */
/* Session: one nvim in one pty                                              */
/* ------------------------------------------------------------------------ */

typedef struct {
  const Options *opt;
  int rows, cols;
  int master;
  pid_t pid;            /* nvim; also its process group */
  bool exited;          /* pid was reaped */
  int wstatus;
  bool eof;             /* the pty has no writer any more */
  VTerm *vt;
  VTermScreen *vs;
  Buf pending;          /* bytes for nvim: keys and terminal replies */
  unsigned char tail[TAIL_CAP];
  size_t tail_total;    /* bytes ever received */
  uint64_t gen;         /* bumped whenever the screen may have changed */
  int64_t last_output, last_input;
  bool cursor_visible, altscreen;
  bool tui_ready;       /* raw mode and alternate screen seen: keys are safe */
  char *tmpdir;
  Grid grid;            /* last capture */
} Session;

static int on_damage(VTermRect rect, void *user)
{
  (void)rect;
  ((Session *)user)->gen++;
  return 1;
}

static int on_movecursor(VTermPos pos, VTermPos oldpos, int visible, void *user)
{
  (void)pos, (void)oldpos;
  Session *s = user;
  s->cursor_visible = visible;
  s->gen++;
  return 1;
}

static int on_settermprop(VTermProp prop, VTermValue *val, void *user)
{
  Session *s = user;
  if (prop == VTERM_PROP_CURSORVISIBLE) s->cursor_visible = val->boolean;
  if (prop == VTERM_PROP_ALTSCREEN) s->altscreen = val->boolean;
  s->gen++;
  return 1;
}

static void on_output(const char *bytes, size_t len, void *user)
{
  buf_add(&((Session *)user)->pending, bytes, len);
}

static const VTermScreenCallbacks screen_callbacks = {
  .damage = on_damage,
  .movecursor = on_movecursor,
  .settermprop = on_settermprop,
};

static Color color_from_vterm(const VTermScreen *vs, VTermColor vc, bool fg)
{
  if (fg ? VTERM_COLOR_IS_DEFAULT_FG(&vc) : VTERM_COLOR_IS_DEFAULT_BG(&vc)) return (Color){.is_default = true};
  vterm_screen_convert_color_to_rgb(vs, &vc);
  return (Color){.r = vc.rgb.red, .g = vc.rgb.green, .b = vc.rgb.blue};
}

/* Copy libvterm's screen into s->grid. */
static void session_capture(Session *s)
{
  Grid *g = &s->grid;
  for (int r = 0; r < s->rows; r++) {
    for (int c = 0; c < s->cols; c++) {
      VTermScreenCell vc;
      Cell *cell = &g->cells[(size_t)r * (size_t)s->cols + (size_t)c];
      vterm_screen_get_cell(s->vs, (VTermPos){.row = r, .col = c}, &vc);
      cell->attr = (Attr){
        .fg = color_from_vterm(s->vs, vc.fg, true),
        .bg = color_from_vterm(s->vs, vc.bg, false),
        .bold = vc.attrs.bold,
        .italic = vc.attrs.italic,
        .blink = vc.attrs.blink,
        .reverse = vc.attrs.reverse,
        .strike = vc.attrs.strike,
        .underline = (uint8_t)vc.attrs.underline,
      };
      if (vc.chars[0] == (uint32_t)-1) { /* right half of a wide character */
        cell->width = 0;
        strcpy(cell->text, " ");
        continue;
      }
      size_t n = 0;
      for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && vc.chars[i]; i++) n += utf8_encode(vc.chars[i], cell->text + n);
      if (n == 0) cell->text[n++] = ' ';
      cell->text[n] = '\0';
      cell->width = vc.width == 2 && c + 1 < s->cols ? 2 : 1;
    }
  }
  VTermPos pos;
  vterm_state_get_cursorpos(vterm_obtain_state(s->vt), &pos);
  g->cur_row = pos.row;
  g->cur_col = pos.col;
  g->cur_visible = s->cursor_visible;
}

static void session_read(Session *s)
{
  unsigned char chunk[16384];
  for (;;) {
    ssize_t n = read(s->master, chunk, sizeof chunk);
    if (n > 0) {
      vterm_input_write(s->vt, (const char *)chunk, (size_t)n);
      for (ssize_t i = 0; i < n; i++) s->tail[(s->tail_total + (size_t)i) % TAIL_CAP] = chunk[i];
      s->tail_total += (size_t)n;
      s->last_output = now_ms();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    s->eof = true; /* 0 or EIO: the slave side is closed */
    break;
  }
  vterm_screen_flush_damage(s->vs);
}

static void session_flush(Session *s)
{
  size_t done = 0;
  while (done < s->pending.len && !s->eof) {
    ssize_t n = write(s->master, s->pending.p + done, s->pending.len - done);
    if (n > 0) {
      done += (size_t)n;
      s->last_input = now_ms();
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) done = s->pending.len; /* gone */
      break;
    }
  }
  memmove(s->pending.p, s->pending.p + done, s->pending.len - done);
  s->pending.len -= done;
  if (s->pending.p) s->pending.p[s->pending.len] = '\0';
}

/* Reap every child that has changed state (nvim and, as we are the
 * subreaper, its orphaned descendants). */
static void reap_children(Session *s)
{
  struct signalfd_siginfo si;
  while (read(s->opt->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {}
  int st;
  pid_t p;
  while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
    if (p == s->pid) {
      s->exited = true;
      s->wstatus = st;
    }
  }
}

/* Wait for one batch of events (pty output, pty writable, child exit) or the
 * deadline, and handle it. */
static void session_pump(Session *s, int64_t deadline)
{
  struct pollfd fds[2];
  nfds_t n = 0;
  int mi = -1;
  if (!s->eof) {
    fds[n] = (struct pollfd){.fd = s->master, .events = (short)(POLLIN | (s->pending.len ? POLLOUT : 0))};
    mi = (int)n++;
  }
  fds[n++] = (struct pollfd){.fd = s->opt->sigfd, .events = POLLIN};
  int64_t wait = deadline - now_ms();
  if (wait < 0) wait = 0;
  if (wait > INT_MAX) wait = INT_MAX;
  int r = poll(fds, n, (int)wait);
  if (r < 0) {
    if (errno != EINTR) {
      perror("e2e-harness: poll");
      exit(2);
    }
    return;
  }
  if (mi >= 0 && (fds[mi].revents & (POLLIN | POLLHUP | POLLERR))) session_read(s);
  if (!s->eof && s->pending.len) session_flush(s);
  if (fds[n - 1].revents & POLLIN) reap_children(s);
}

static void session_send_keys(Session *s, const KeySeq *keys)
{
  for (size_t i = 0; i < keys->n; i++) {
    const Key *k = &keys->v[i];
    if (k->special) vterm_keyboard_key(s->vt, (VTermKey)k->code, k->mod);
    else vterm_keyboard_unichar(s->vt, k->code, k->mod);
  }
  s->last_input = now_ms();
  session_flush(s);
}

static char **build_env(const Options *o, const Scenario *sc, const char *tmp)
{
  static const char *const passthrough[] = {"PATH", "VIMRUNTIME", "LD_LIBRARY_PATH", "TMPDIR"};
  StrList env = {0};
  for (size_t i = 0; i < sizeof passthrough / sizeof passthrough[0]; i++) {
    const char *v = getenv(passthrough[i]);
    if (v) strlist_push(&env, xasprintf("%s=%s", passthrough[i], v));
  }
  strlist_push(&env, xstrdup("TERM=xterm-256color"));
  strlist_push(&env, xstrdup("COLORTERM=truecolor"));
  strlist_push(&env, xstrdup("LANG=C.UTF-8"));
  strlist_push(&env, xstrdup("LC_ALL=C.UTF-8"));
  strlist_push(&env, xasprintf("HOME=%s/home", tmp));
  strlist_push(&env, xasprintf("XDG_CONFIG_HOME=%s/config", tmp));
  strlist_push(&env, xasprintf("XDG_DATA_HOME=%s/data", tmp));
  strlist_push(&env, xasprintf("XDG_STATE_HOME=%s/state", tmp));
  strlist_push(&env, xasprintf("XDG_CACHE_HOME=%s/cache", tmp));
  strlist_push(&env, xasprintf("XDG_RUNTIME_DIR=%s/run", tmp));
  strlist_push(&env, xasprintf("XDG_CONFIG_DIRS=%s/sysconfig", tmp));
  strlist_push(&env, xasprintf("XDG_DATA_DIRS=%s/sysdata", tmp));
  strlist_push(&env, xasprintf("NVIM_LOG_FILE=%s/nvim.log", tmp));
  strlist_push(&env, xasprintf("E2E_ROOT=%s", o->root));
  for (size_t i = 0; i < sc->env.n; i++) {
    size_t klen = (size_t)(strchr(sc->env.v[i], '=') - sc->env.v[i]) + 1;
    for (size_t j = 0; j < env.n; j++) {
      if (strncmp(env.v[j], sc->env.v[i], klen) == 0) {
        free(env.v[j]);
        env.v[j] = env.v[--env.n];
        env.v[env.n] = NULL;
        break;
      }
    }
    strlist_push(&env, xstrdup(sc->env.v[i]));
  }
  return env.v;
}

/* In the child: become a session leader with the pty slave as controlling
 * terminal and stdio, then exec nvim.  Never returns. */
static void child_exec(const Options *o, int slave, char **argv, char **envp)
{
  sigprocmask(SIG_SETMASK, &o->orig_mask, NULL);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0 ||
      dup2(slave, 2) < 0) {
    dprintf(slave, "e2e-harness: pty setup failed: %s\r\n", strerror(errno));
    _exit(127);
  }
  if (slave > 2) close(slave);
  if (chdir(o->root) != 0) {
    dprintf(2, "e2e-harness: chdir %s: %s\r\n", o->root, strerror(errno));
    _exit(127);
  }
  execve(o->nvim, argv, envp);
  dprintf(2, "e2e-harness: cannot execute %s: %s\r\n", o->nvim, strerror(errno));
  _exit(127);
}

static bool make_tmpdir(Session *s, Buf *err)
{
  const char *base = getenv("TMPDIR");
  char *tmpl = xasprintf("%s/gongwen-e2e.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(tmpl)) {
    buf_printf(err, "mkdtemp %s: %s", tmpl, strerror(errno));
    free(tmpl);
    return false;
  }
  s->tmpdir = tmpl;
  static const char *const sub[] = {"home", "config", "data", "state", "cache", "run"};
  for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
    char *d = xasprintf("%s/%s", tmpl, sub[i]);
    int rc = mkdir(d, 0700);
    free(d);
    if (rc != 0) {
      buf_printf(err, "mkdir in %s: %s", tmpl, strerror(errno));
      return false;
    }
  }
  return true;
}

/* Open a pty of the scenario's size; returns the slave fd or -1. */
static int open_pty(Session *s, Buf *err)
{
  char name[128];
  struct winsize ws = {.ws_row = (unsigned short)s->rows, .ws_col = (unsigned short)s->cols};
  s->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s->master < 0 || grantpt(s->master) != 0 || unlockpt(s->master) != 0 ||
      ptsname_r(s->master, name, sizeof name) != 0) {
    buf_printf(err, "cannot allocate a pty: %s", strerror(errno));
    return -1;
  }
  int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0 || ioctl(s->master, TIOCSWINSZ, &ws) != 0 ||
      fcntl(s->master, F_SETFL, fcntl(s->master, F_GETFL) | O_NONBLOCK) != 0) {
    buf_printf(err, "cannot set up pty %s: %s", name, strerror(errno));
    if (slave >= 0) close(slave);
    return -1;
  }
  return slave;
}

static bool session_start(Session *s, const Options *o, const Scenario *sc, Buf *err)
{
  *s = (Session){.opt = o, .rows = sc->rows, .cols = sc->cols, .master = -1, .pid = -1,
                 .cursor_visible = true};
  s->grid = (Grid){.rows = sc->rows, .cols = sc->cols,
                   .cells = xcalloc((size_t)sc->rows * (size_t)sc->cols, sizeof(Cell))};
  if (!make_tmpdir(s, err)) return false;

  s->vt = vterm_new(s->rows, s->cols);
  if (!s->vt) out_of_memory();
  vterm_set_utf8(s->vt, 1);
  vterm_output_set_callback(s->vt, on_output, s);
  s->vs = vterm_obtain_screen(s->vt);
  vterm_screen_enable_altscreen(s->vs, 1);
  vterm_screen_set_callbacks(s->vs, &screen_callbacks, s);
  vterm_screen_set_damage_merge(s->vs, VTERM_DAMAGE_SCROLL);
  vterm_screen_reset(s->vs, 1);

  int slave = open_pty(s, err);
  if (slave < 0) return false;

  StrList argv = {0};
  strlist_push(&argv, xstrdup(o->nvim));
  strlist_push(&argv, xstrdup("--clean"));
  strlist_push(&argv, xstrdup("-n"));
  strlist_push(&argv, xstrdup("-u"));
  strlist_push(&argv, xstrdup(o->init));
  for (size_t i = 0; i < sc->args.n; i++) strlist_push(&argv, xstrdup(sc->args.v[i]));
  StrList envp = {.v = build_env(o, sc, s->tmpdir)};
  for (char **e = envp.v; *e; e++) envp.n++;

  s->pid = fork();
  if (s->pid == 0) child_exec(o, slave, argv.v, envp.v);
  int fork_errno = errno;
  close(slave);
  strlist_free(&argv);
  strlist_free(&envp);
  if (s->pid < 0) {
    buf_printf(err, "fork: %s", strerror(fork_errno));
    return false;
  }
  s->last_input = s->last_output = now_ms();
  return true;
}

/* Does this process have children, exited or not?  As subreaper it also
 * inherits nvim's orphaned descendants (the TUI's server runs in a session of
 * its own, so nvim's process group does not cover it). */
static bool have_children(void)
{
  siginfo_t info;
  return waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

/* SIGKILL nvim's process group and every child of this process, listed in
 * /proc/self/task/<pid>/children.  Returns how many processes were signalled. */
static int kill_children(pid_t pgid)
{
  int killed = kill(-pgid, SIGKILL) == 0;
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
  FILE *f = fopen(path, "r");
  if (!f) return killed;
  long pid;
  while (fscanf(f, "%ld", &pid) == 1)
    if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0) killed++;
  fclose(f);
  return killed;
}

/* Quit nvim with :qa! and wait for it and all its descendants to exit.  What
 * is still running after the deadline is killed.  Returns false (with the
 * reason in why) if anything had to be killed or nvim exited abnormally. */
static bool session_quit(Session *s, Buf *why)
{
  if (s->pid <= 0) return true;
  int64_t limit = (int64_t)QUIT_TIMEOUT_MS * s->opt->scale;
  bool ok = true;
  if (!s->tui_ready) {
    /* not a TUI (yet): keys would go to a cooked tty, ^\ raising SIGQUIT */
    kill_children(s->pid);
  } else if (!s->exited && !s->eof) {
    KeySeq keys = {0};
    Buf err = {0};
    parse_keys("<C-\\><C-n>:qa!<CR>", &keys, &err);
    session_send_keys(s, &keys);
    free(keys.v);
    buf_free(&err);
  }
  int64_t deadline = now_ms() + limit;
  while (have_children() && now_ms() < deadline) session_pump(s, deadline);
  if (!s->exited && s->tui_ready) {
    buf_printf(why, "nvim did not exit within %.1f s of :qa!; killed it\n", (double)limit / 1000);
    ok = false;
  } else if (have_children()) {
    buf_printf(why, "processes started by nvim were still running %.1f s after it exited; killed them\n",
               (double)limit / 1000);
    ok = false;
  }
  /* Orphans are re-parented to us as their parents die, so kill in rounds;
   * each SIGCHLD wakes the pump. */
  deadline = now_ms() + limit;
  while (have_children() && now_ms() < deadline) {
    kill_children(s->pid);
    session_pump(s, deadline);
  }
  if (have_children()) {
    buf_adds(why, "some of nvim's processes survived SIGKILL\n");
    ok = false;
  }
  if (ok && s->tui_ready && !(WIFEXITED(s->wstatus) && WEXITSTATUS(s->wstatus) == 0)) {
    if (WIFSIGNALED(s->wstatus)) buf_printf(why, "nvim was killed by signal %d\n", WTERMSIG(s->wstatus));
    else buf_printf(why, "nvim exited with status %d\n", WEXITSTATUS(s->wstatus));
    ok = false;
  }
  return ok;
}

static void session_destroy(Session *s)
{
  if (s->vt) vterm_free(s->vt);
  if (s->master >= 0) close(s->master);
  if (s->tmpdir) {
    remove_tree(s->tmpdir);
    free(s->tmpdir);
  }
  buf_free(&s->pending);
  free(s->grid.cells);
  *s = (Session){.master = -1};
}

/* ------------------------------------------------------------------------ */
/* Checks                                                                    */
/* ------------------------------------------------------------------------ */

/* What a step compares the screen with. */
typedef struct {
  const Step *st;
  ScreenRef *ref;   /* expect-screen */
  RowText *rt;      /* scratch */
} Check;

static bool row_has(const Grid *g, int r, const char *text, RowText *rt)
{
  rowtext_build(g, r, rt);
  return strstr(buf_str(&rt->text), text) != NULL;
}

static bool any_row_has(const Grid *g, int row, const char *text, RowText *rt)
{
  if (row != 0) return row_has(g, row_index(row, g->rows), text, rt);
  for (int r = 0; r < g->rows; r++)
    if (row_has(g, r, text, rt)) return true;
  return false;
}

static void append_rowtext(Buf *why, const Grid *g, int r, RowText *rt)
{
  rowtext_build(g, r, rt);
  size_t len = rt->text.len;
  while (len && rt->text.p[len - 1] == ' ') len--;
  buf_printf(why, "row %d is \"%.*s\"", r + 1, (int)len, rt->text.p);
}

/* Compare the first occurrence of the text on the row with the attribute
 * check.  why (may be NULL) receives the explanation. */
static bool check_color(const Grid *g, const Step *st, RowText *rt, Buf *why)
{
  int r = row_index(st->row, g->rows);
  rowtext_build(g, r, rt);
  const char *hit = strstr(buf_str(&rt->text), st->text);
  if (!hit) {
    if (why) {
      buf_printf(why, "\"%s\" does not occur on the row; ", st->text);
      append_rowtext(why, g, r, rt);
    }
    return false;
  }
  size_t off = (size_t)(hit - rt->text.p), len = strlen(st->text);
  int first = rt->col[off], last = rt->col[off + len - 1];
  bool ok = true;
  for (int c = first; c <= last;) {
    const Cell *cell = grid_cell(g, r, c);
    if (!attr_matches(&cell->attr, &st->check)) {
      if (why) {
        if (ok) buf_printf(why, "\"%s\" is at row %d, columns %d-%d; cells that differ:\n", st->text, r + 1, first + 1, last + 1);
        buf_printf(why, "    column %d '%s': ", c + 1, cell->text);
        format_attr(why, &cell->attr);
        buf_addc(why, '\n');
      }
      ok = false;
    }
    c += cell->width > 0 ? cell->width : 1;
  }
  return ok;
}

static bool check_expect_row(const Grid *g, const Step *st, RowText *rt)
{
  rowtext_build(g, row_index(st->row, g->rows), rt);
  size_t len = rt->text.len;
  while (len && rt->text.p[len - 1] == ' ') len--;
  char saved = rt->text.p[len];
  rt->text.p[len] = '\0';
  bool ok = regexec(&st->re, rt->text.p, 0, NULL, 0) == 0;
  rt->text.p[len] = saved;
  return ok;
}

static bool check_screen_matches(const Grid *g, ScreenRef *ref)
{
  Buf row = {0};
  bool ok = true;
  for (int r = ref->first; ok && r <= ref->last; r++) {
    buf_clear(&row);
    ok = render_row(g, r - 1, &ref->tab, false, &row) && strcmp(buf_str(&row), ref->rows.v[r - ref->first]) == 0;
  }
  buf_free(&row);
  return ok;
}

/* Does the captured screen satisfy the step?  (Not used for keys etc.) */
static bool check_step(const Session *s, const Check *ck)
{
  const Grid *g = &s->grid;
  const Step *st = ck->st;
  switch (st->kind) {
  case ST_WAIT_TEXT: return any_row_has(g, st->row, st->text, ck->rt);
  case ST_WAIT_GONE: return !any_row_has(g, st->row, st->text, ck->rt);
  case ST_EXPECT_ROW: return check_expect_row(g, st, ck->rt);
  case ST_EXPECT_CURSOR: return g->cur_row == row_index(st->row, g->rows) && g->cur_col == st->col - 1;
  case ST_EXPECT_COLOR: return check_color(g, st, ck->rt, NULL);
  case ST_EXPECT_SCREEN: return check_screen_matches(g, ck->ref);
  default: return true;
  }
}

/* Poll until the check holds or the deadline passes.  The screen is
 * re-captured and re-checked only when libvterm reported a change. */
static bool wait_for(Session *s, const Check *ck, int64_t deadline)
{
  uint64_t checked = s->gen - 1;
  for (;;) {
    if (s->gen != checked) {
      checked = s->gen;
      session_capture(s);
      if (check_step(s, ck)) return true;
    }
    if (s->eof || now_ms() >= deadline) return false;
    session_pump(s, deadline);
  }
}

/* Wait until nothing was sent or received for quiet_ms. */
static bool wait_quiet(Session *s, int64_t quiet_ms, int64_t deadline)
{
  for (;;) {
    if (s->eof) return true;
    int64_t last = s->last_output > s->last_input ? s->last_output : s->last_input;
    int64_t settled = last + quiet_ms, now = now_ms();
    if (now >= settled) return true;
    if (now >= deadline) return false;
    session_pump(s, settled < deadline ? settled : deadline);
  }
}

/* Print rows numbered from `first`, each with a one-character mark.  A run of
 * three or more unmarked rows equal to the row before is shown as one line. */
static void append_rows(Buf *why, char *const *rows, const char *marks, size_t n, int first)
{
  for (size_t i = 0; i < n;) {
    buf_printf(why, "  %c%3d |%s|\n", marks[i], first + (int)i, rows[i]);
    size_t j = i + 1;
    while (j < n && marks[j] == ' ' && marks[i] == ' ' && strcmp(rows[j], rows[i]) == 0) j++;
    if (j - i > 3) {
      buf_printf(why, "  %*s(rows %d-%d: the same)\n", 5, "", first + (int)i + 1, first + (int)j - 1);
      i = j;
    } else {
      i++;
    }
  }
}

/* The whole screen as text with row numbers; rows in [mark_first, mark_last]
 * (0-based) get a '>' in front. */
static void append_screen(Buf *why, const Grid *g, int mark_first, int mark_last)
{
  AttrTable plain = {.plain = true};
  StrList rows = {0};
  char *marks = xcalloc((size_t)g->rows, 1);
  for (int r = 0; r < g->rows; r++) {
    Buf row = {0};
    buf_add(&row, "", 0);
    render_row(g, r, &plain, true, &row);
    strlist_push(&rows, row.p);
    marks[r] = r >= mark_first && r <= mark_last ? '>' : ' ';
  }
  buf_printf(why, "  screen (%dx%d, cursor at %d,%d%s):\n", g->rows, g->cols, g->cur_row + 1, g->cur_col + 1,
             g->cur_visible ? "" : ", hidden");
  append_rows(why, rows.v, marks, rows.n, 1);
  free(marks);
  strlist_free(&rows);
}

/* ------------------------------------------------------------------------ */
/* Running a scenario                                                        */
/* ------------------------------------------------------------------------ */

typedef struct {
  const Options *opt;
  const Scenario *sc;
  Session *s;
  RowText rt;
  int64_t timeout_ms; /* current step timeout, CI factor applied */
  Buf notes;          /* printed after PASS/FAIL */
} Run;

/* The reference of expect-screen number n: NAME.N.nvim-X.Y.screen if that
 * exists for this nvim, else NAME.N.screen.  *actual gets the matching
 * NAME.N[.nvim-X.Y].actual in the e2e directory. */
static char *screen_path(const Run *run, int n, char **actual)
{
  const Options *o = run->opt;
  char *path = xasprintf("%s/%s.%d.nvim-%d.%d.screen", o->screens_dir, run->sc->name, n, o->major, o->minor);
  bool versioned = access(path, F_OK) == 0;
  if (!versioned) {
    free(path);
    path = xasprintf("%s/%s.%d.screen", o->screens_dir, run->sc->name, n);
  }
  if (versioned) *actual = xasprintf("%s/%s.%d.nvim-%d.%d.actual", o->e2e_dir, run->sc->name, n, o->major, o->minor);
  else *actual = xasprintf("%s/%s.%d.actual", o->e2e_dir, run->sc->name, n);
  return path;
}

/* Record the settled screen into path.  old (may be NULL) lends its names. */
static bool record_screen(Run *run, const Step *st, const char *path, const ScreenRef *old, Buf *why)
{
  Session *s = run->s;
  int64_t quiet = (int64_t)QUIET_MS * run->opt->scale;
  if (!wait_quiet(s, quiet, now_ms() + run->timeout_ms)) {
    buf_printf(why, "the screen did not settle (no %.1f s without output) within %.1f s\n", (double)quiet / 1000,
               (double)run->timeout_ms / 1000);
    return false;
  }
  session_capture(s);
  ScreenRef ref = {.size_rows = s->rows, .size_cols = s->cols, .first = st->row, .last = st->row_last};
  if (old && !old->tab.plain && !st->plain) attrtable_copy(&ref.tab, &old->tab);
  ref.tab.plain = st->plain;
  if (!st->plain) {
    ref.tab.def = most_common_attr(&s->grid, st->row - 1, st->row_last - 1);
    size_t kept = 0; /* the new default needs no name */
    for (size_t i = 0; i < ref.tab.n; i++) {
      if (attr_eq(&ref.tab.v[i].attr, &ref.tab.def)) continue;
      ref.tab.v[kept] = ref.tab.v[i];
      ref.tab.v[kept++].used = false;
    }
    ref.tab.n = kept;
  }
  Buf row = {0};
  for (int r = st->row; r <= st->row_last; r++) {
    buf_clear(&row);
    render_row(&s->grid, r - 1, &ref.tab, true, &row);
    strlist_push(&ref.rows, xstrdup(buf_str(&row)));
  }
  buf_free(&row);
  Buf content = {0}, before = {0};
  screenref_format(&ref, run->sc->name, st->screen_no, &content);
  bool ok = true;
  if (read_file(path, &before) == 1 && before.len == content.len && memcmp(before.p, content.p, content.len) == 0) {
    /* unchanged */
  } else if ((ok = write_file(path, &content, why))) {
    buf_printf(&run->notes, "  wrote %s\n", display_path(run->opt, path));
  }
  buf_free(&content);
  buf_free(&before);
  screenref_free(&ref);
  return ok;
}

/* Explain a mismatch of an expect-screen: both grids, differing rows marked,
 * the attribute legend; save the actual screen next to the reference. */
static void explain_screen(Run *run, const Step *st, const char *path, const char *apath, const ScreenRef *ref,
                           Buf *why)
{
  const Grid *g = &run->s->grid;
  AttrTable tab;
  attrtable_copy(&tab, &ref->tab);
  for (size_t i = 0; i < tab.n; i++) tab.v[i].used = false;
  ScreenRef actual = {.size_rows = g->rows, .size_cols = g->cols, .first = ref->first, .last = ref->last, .tab = tab};
  Buf row = {0};
  for (int r = ref->first; r <= ref->last; r++) {
    buf_clear(&row);
    render_row(g, r - 1, &actual.tab, true, &row);
    strlist_push(&actual.rows, xstrdup(buf_str(&row)));
  }
  buf_free(&row);

  Buf content = {0}, err = {0};
  screenref_format(&actual, run->sc->name, st->screen_no, &content);
  bool saved = write_file(apath, &content, &err);

  char *marks = xcalloc(ref->rows.n, 1);
  for (size_t i = 0; i < ref->rows.n; i++) marks[i] = strcmp(ref->rows.v[i], actual.rows.v[i]) ? '!' : ' ';
  buf_printf(why, "  expected (%s), '!' marks rows that differ:\n", display_path(run->opt, path));
  append_rows(why, ref->rows.v, marks, ref->rows.n, ref->first);
  buf_printf(why, "  actual%s%s%s:\n", saved ? " (saved as " : "", saved ? display_path(run->opt, apath) : "",
             saved ? ")" : "");
  append_rows(why, actual.rows.v, marks, actual.rows.n, ref->first);
  free(marks);
  if (!ref->tab.plain) {
    buf_adds(why, "  attributes: default = ");
    format_attr(why, &ref->tab.def);
    buf_addc(why, '\n');
    for (size_t i = 0; i < actual.tab.n; i++) {
      const NamedAttr *na = &actual.tab.v[i];
      if (!na->used && na->added) continue;
      buf_printf(why, "    %s = ", na->name);
      format_attr(why, &na->attr);
      buf_adds(why, na->added ? "   (not in the reference)\n" : "\n");
    }
  }
  if (!saved) buf_printf(why, "  (%s)\n", buf_str(&err));
  buf_free(&content);
  buf_free(&err);
  screenref_free(&actual);
}

static bool run_expect_screen(Run *run, const Step *st, Buf *why)
{
  const Options *o = run->opt;
  char *apath;
  char *path = screen_path(run, st->screen_no, &apath);
  ScreenRef ref;
  Buf err = {0};
  bool ok = false;
  int loaded = screenref_load(path, &ref, &err);
  if (loaded < 0) {
    buf_printf(why, "  %s\n", buf_str(&err));
  } else if (loaded == 1 && !o->update &&
             (ref.first != st->row || ref.last != st->row_last || ref.tab.plain != st->plain ||
              ref.size_rows != run->s->rows || ref.size_cols != run->s->cols)) {
    buf_printf(why, "  %s holds rows %d-%d%s of %dx%d; the step wants rows %d-%d%s of %dx%d: re-record it with --update\n",
               display_path(o, path), ref.first, ref.last, ref.tab.plain ? " plain" : "", ref.size_rows,
               ref.size_cols, st->row, st->row_last, st->plain ? " plain" : "", run->s->rows, run->s->cols);
  } else if (loaded == 1 && !o->update) {
    Check ck = {.st = st, .ref = &ref, .rt = &run->rt};
    ok = wait_for(run->s, &ck, now_ms() + run->timeout_ms);
    if (ok) unlink(apath);
    else explain_screen(run, st, path, apath, &ref, why);
  } else if (run->s->eof) {
    buf_adds(why, "  nvim has exited; nothing to record\n");
  } else if (loaded == 0 && o->ci && !o->update) {
    buf_printf(why, "  reference screen %s is missing; record it with --update (UPDATE_SCREENS=1) and commit it\n",
               display_path(o, path));
  } else {
    ok = record_screen(run, st, path, loaded == 1 ? &ref : NULL, why);
  }
  if (loaded == 1) screenref_free(&ref);
  buf_free(&err);
  free(path);
  free(apath);
  return ok;
}

static bool run_step(Run *run, const Step *st, Buf *why)
{
  Session *s = run->s;
  switch (st->kind) {
  case ST_TIMEOUT:
    run->timeout_ms = st->timeout_ms * run->opt->scale;
    return true;
  case ST_KEYS:
    if (s->eof) {
      buf_adds(why, "  nvim has exited\n");
      return false;
    }
    session_send_keys(s, &st->keys);
    return true;
  case ST_PRINT_SCREEN: {
    Buf out = {0};
    session_capture(s);
    append_screen(&out, &s->grid, -1, -1);
    printf("%s:%d: print-screen\n%s", run->sc->path, st->line, buf_str(&out));
    buf_free(&out);
    return true;
  }
  case ST_EXPECT_SCREEN:
    return run_expect_screen(run, st, why);
  default:
    break;
  }
  Check ck = {.st = st, .rt = &run->rt};
  if (wait_for(s, &ck, now_ms() + run->timeout_ms)) return true;

  const Grid *g = &s->grid;
  int mark = st->row ? row_index(st->row, g->rows) : -1;
  buf_adds(why, "  ");
  switch (st->kind) {
  case ST_WAIT_TEXT:
    buf_printf(why, "\"%s\" did not appear%s\n", st->text, st->row ? "" : " on any row");
    break;
  case ST_WAIT_GONE:
    buf_printf(why, "\"%s\" is still on the screen\n", st->text);
    break;
  case ST_EXPECT_ROW:
    buf_printf(why, "expected row %d to match /%s/; ", mark + 1, st->text);
    append_rowtext(why, g, mark, &run->rt);
    buf_addc(why, '\n');
    break;
  case ST_EXPECT_CURSOR:
    buf_printf(why, "expected the cursor at %d,%d; it is at %d,%d%s\n", mark + 1, st->col, g->cur_row + 1,
               g->cur_col + 1, g->cur_visible ? "" : " (hidden)");
    mark = g->cur_row;
    break;
  case ST_EXPECT_COLOR:
    check_color(g, st, &run->rt, why);
    if (why->len && why->p[why->len - 1] != '\n') buf_addc(why, '\n');
    break;
  default:
    break;
  }
  if (s->eof) buf_adds(why, "  (the pty was closed: nvim has exited)\n");
  append_screen(why, g, mark, mark);
  return false;
}

/* The last bytes nvim wrote, escaped. */
static void append_tail(Buf *why, const Session *s)
{
  size_t n = s->tail_total < TAIL_SHOW ? s->tail_total : TAIL_SHOW;
  unsigned char *copy = xmalloc(n);
  for (size_t i = 0; i < n; i++) copy[i] = s->tail[(s->tail_total - n + i) % TAIL_CAP];
  buf_printf(why, "  last %zu of %zu bytes from the pty:\n", n, s->tail_total);
  escape_bytes(why, copy, n, "    ");
  free(copy);
}

static void append_log(Buf *why, const Session *s)
{
  char *path = xasprintf("%s/nvim.log", s->tmpdir);
  Buf log = {0};
  if (read_file(path, &log) == 1 && log.len > 0) {
    size_t start = log.len > LOG_SHOW ? log.len - LOG_SHOW : 0;
    buf_printf(why, "  $NVIM_LOG_FILE (last %zu bytes):\n", log.len - start);
    escape_bytes(why, (const unsigned char *)log.p + start, log.len - start, "    ");
  }
  buf_free(&log);
  free(path);
}

/* TUI up: the pty is in raw mode and the alternate screen is on. */
static bool wait_tui_ready(Session *s, int64_t deadline)
{
  for (;;) {
    struct termios t;
    if (s->altscreen && tcgetattr(s->master, &t) == 0 && !(t.c_lflag & (ICANON | ECHO))) return s->tui_ready = true;
    if (s->eof || now_ms() >= deadline) return false;
    session_pump(s, deadline);
  }
}

typedef enum { RESULT_PASS, RESULT_FAIL, RESULT_SKIP } Result;

/* Start nvim, run the steps, quit.  Prints PASS/FAIL and the details. */
static bool run_steps(Run *run)
{
  const Scenario *sc = run->sc;
  Session *s = run->s;
  Buf why = {0}, quit = {0};
  const Step *failed = NULL;

  bool ok = wait_tui_ready(s, now_ms() + run->timeout_ms);
  if (!ok) {
    buf_printf(&why, "  nvim did not start its TUI (raw mode + alternate screen) within %.1f s\n",
               (double)run->timeout_ms / 1000);
    session_capture(s);
    append_screen(&why, &s->grid, -1, -1);
  }
  for (size_t i = 0; ok && i < sc->nsteps; i++) {
    const Step *st = &sc->steps[i];
    int64_t t0 = now_ms();
    ok = run_step(run, st, &why);
    if (run->opt->verbose)
      printf("  %s:%d: %s  [%s, %ld ms]\n", sc->name, st->line, st->src, ok ? "ok" : "FAILED", (long)(now_ms() - t0));
    if (!ok) failed = st;
  }
  Buf tail = {0};
  if (!ok) append_tail(&tail, s); /* what led to the failure, before :qa! */
  bool quit_ok = session_quit(s, &quit);
  if (ok && !quit_ok) append_tail(&tail, s);

  printf("%s %s\n", ok && quit_ok ? "PASS" : "FAIL", sc->name);
  if (failed) printf("  step %s:%d: %s\n", sc->path, failed->line, failed->src);
  fputs(buf_str(&why), stdout);
  if (!quit_ok) printf("  at exit: %s", buf_str(&quit));
  if (!ok || !quit_ok) {
    append_log(&tail, s);
    fputs(buf_str(&tail), stdout);
  }
  buf_free(&tail);
  buf_free(&why);
  buf_free(&quit);
  return ok && quit_ok;
}

static bool requirements_met(const Options *o, const Scenario *sc)
{
  if (o->major < sc->need_major || (o->major == sc->need_major && o->minor < sc->need_minor)) {
    printf("SKIP %s: needs nvim >= %d.%d, this is %d.%d.%d\n", sc->name, sc->need_major, sc->need_minor, o->major,
           o->minor, o->patch);
    return false;
  }
  for (size_t i = 0; i < sc->requires.n; i++) {
    const char *req = sc->requires.v[i];
    char *p = req[0] == '/' ? xstrdup(req) : xasprintf("%s/%s", o->root, req);
    bool present = access(p, F_OK) == 0;
    free(p);
    if (!present) {
      printf("SKIP %s: %s does not exist\n", sc->name, req);
      return false;
    }
  }
  return true;
}

static Result run_scenario(const Options *o, const char *path)
{
  Scenario sc;
  Session s = {.master = -1};
  Run run = {.opt = o, .sc = &sc, .s = &s};
  Buf err = {0};
  Result res = RESULT_FAIL;

  if (!scenario_load(path, &sc, &err)) {
    printf("FAIL %s\n  %s\n", sc.name, buf_str(&err));
  } else if (!requirements_met(o, &sc)) {
    res = RESULT_SKIP;
  } else if (!session_start(&s, o, &sc, &err)) {
    printf("FAIL %s\n  cannot start nvim: %s\n", sc.name, buf_str(&err));
  } else {
    run.timeout_ms = sc.timeout_ms * o->scale;
    res = run_steps(&run) ? RESULT_PASS : RESULT_FAIL;
  }
  fputs(buf_str(&run.notes), stdout);
  fflush(stdout);
  session_destroy(&s);
  rowtext_free(&run.rt);
  buf_free(&run.notes);
  buf_free(&err);
  scenario_free(&sc);
  return res;
}

/* ------------------------------------------------------------------------ */
/* Command line                                                              */
/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
  fputs("usage: e2e-harness --nvim PATH [--update] [--results FILE] [--root DIR]\n"
        "                   [--e2e-dir DIR] [--verbose] SCENARIO.scn|DIR...\n"
        "  --nvim PATH      the nvim to test (a name without '/' is looked up in $PATH)\n"
        "  --update         (re-)record reference screens; also UPDATE_SCREENS=1\n"
        "  --results FILE   write \"PASSED FAILED SKIPPED\" to FILE\n"
        "  --root DIR       repository root, nvim's working directory (default: .)\n"
        "  --e2e-dir DIR    holds init.lua and screens/ (default: ROOT/tests/e2e)\n"
        "  --verbose        print every step with its duration\n"
        "A DIR argument runs its *.scn files in name order. CI=true doubles all timeouts.\n",
        f);
}

/* Run `nvim --version` and parse "NVIM v0.12.4" from its first line. */
static bool probe_version(Options *o)
{
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, &o->orig_mask, NULL);
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(null, 2) < 0) _exit(127);
    execl(o->nvim, o->nvim, "--version", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return false;
  }
  Buf out = {0};
  char chunk[512];
  int64_t deadline = now_ms() + (int64_t)DEFAULT_TIMEOUT_MS * o->scale;
  for (;;) {
    struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
    int64_t wait = deadline - now_ms();
    if (wait <= 0 || poll(&pfd, 1, (int)wait) == 0) {
      kill(pid, SIGKILL);
      break;
    }
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buf_add(&out, chunk, (size_t)n);
  }
  close(fds[0]);
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  bool ok = sscanf(buf_str(&out), "NVIM v%d.%d.%d", &o->major, &o->minor, &o->patch) == 3;
  buf_free(&out);
  return ok;
}

static int filter_scn(const struct dirent *d)
{
  size_t n = strlen(d->d_name);
  return n > 4 && strcmp(d->d_name + n - 4, ".scn") == 0 && d->d_name[0] != '.';
}

/* Expand directory arguments into their *.scn files. */
static bool collect_scenarios(char **args, int n, StrList *out)
{
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (stat(args[i], &st) != 0) {
      fprintf(stderr, "e2e-harness: %s: %s\n", args[i], strerror(errno));
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      strlist_push(out, xstrdup(args[i]));
      continue;
    }
    struct dirent **list;
    int k = scandir(args[i], &list, filter_scn, alphasort);
    if (k < 0) {
      fprintf(stderr, "e2e-harness: %s: %s\n", args[i], strerror(errno));
      return false;
    }
    for (int j = 0; j < k; j++) {
      size_t len = strlen(args[i]);
      while (len > 1 && args[i][len - 1] == '/') len--;
      strlist_push(out, xasprintf("%.*s/%s", (int)len, args[i], list[j]->d_name));
      free(list[j]);
    }
    free(list);
  }
  return true;
}

static bool env_is(const char *name, const char *a, const char *b)
{
  const char *v = getenv(name);
  return v && (strcmp(v, a) == 0 || strcmp(v, b) == 0);
}

int main(int argc, char **argv)
{
  Options o = {.scale = 1, .sigfd = -1};
  const char *nvim = NULL, *root = ".", *e2e = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    bool has_val = i + 1 < argc;
    if (strcmp(a, "--nvim") == 0 && has_val) nvim = argv[++i];
    else if (strcmp(a, "--results") == 0 && has_val) o.results = argv[++i];
    else if (strcmp(a, "--root") == 0 && has_val) root = argv[++i];
    else if (strcmp(a, "--e2e-dir") == 0 && has_val) e2e = argv[++i];
    else if (strcmp(a, "--update") == 0) o.update = true;
    else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) o.verbose = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
    else if (strcmp(a, "--") == 0) { i++; break; }
    else { usage(stderr); return 2; }
  }
  if (!nvim || i >= argc) {
    usage(stderr);
    return 2;
  }
  if (env_is("UPDATE_SCREENS", "1", "true")) o.update = true;
  o.ci = env_is("CI", "true", "1");
  o.scale = o.ci ? 2 : 1;
  if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, ""); /* for expect-row regexes */

  o.nvim = find_executable(nvim);
  if (!o.nvim) {
    fprintf(stderr, "e2e-harness: nvim not found or not executable: %s\n", nvim);
    return 2;
  }
  char *real_root = realpath(root, NULL);
  if (!real_root) {
    fprintf(stderr, "e2e-harness: root %s: %s\n", root, strerror(errno));
    free(o.nvim);
    return 2;
  }
  o.root = real_root;
  o.e2e_dir = e2e ? absolute_path(e2e) : xasprintf("%s/tests/e2e", o.root);
  o.init = xasprintf("%s/init.lua", o.e2e_dir);
  o.screens_dir = xasprintf("%s/screens", o.e2e_dir);

  StrList scenarios = {0};
  int status = 2;
  if (!collect_scenarios(argv + i, argc - i, &scenarios)) goto done;
  if (access(o.init, R_OK) != 0) {
    fprintf(stderr, "e2e-harness: %s: %s\n", o.init, strerror(errno));
    goto done;
  }

  /* SIGCHLD arrives through a signalfd polled together with the pty; as
   * subreaper we also reap nvim's orphaned children. */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &chld, &o.orig_mask) != 0 ||
      (o.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
    perror("e2e-harness: signalfd");
    goto done;
  }
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    perror("e2e-harness: PR_SET_CHILD_SUBREAPER");
    goto done;
  }
  if (!probe_version(&o)) {
    fprintf(stderr, "e2e-harness: %s --version did not name a Neovim version\n", o.nvim);
    goto done;
  }
  printf("e2e: nvim %d.%d.%d (%s)%s%s\n", o.major, o.minor, o.patch, o.nvim, o.update ? ", updating screens" : "",
         o.ci ? ", CI timeouts" : "");

  int counts[3] = {0, 0, 0};
  for (size_t k = 0; k < scenarios.n; k++) counts[run_scenario(&o, scenarios.v[k])]++;
  printf("e2e: %d passed, %d failed, %d skipped\n", counts[RESULT_PASS], counts[RESULT_FAIL], counts[RESULT_SKIP]);
  status = counts[RESULT_FAIL] ? 1 : 0;

  if (o.results) {
    Buf line = {0}, err = {0};
    buf_printf(&line, "%d %d %d\n", counts[RESULT_PASS], counts[RESULT_FAIL], counts[RESULT_SKIP]);
    if (!write_file(o.results, &line, &err)) {
      fprintf(stderr, "e2e-harness: %s\n", buf_str(&err));
      status = 2;
    }
    buf_free(&line);
    buf_free(&err);
  }
done:
  if (o.sigfd >= 0) close(o.sigfd);
  strlist_free(&scenarios);
  free(o.nvim);
  free(o.root);
  free(o.e2e_dir);
  free(o.init);
  free(o.screens_dir);
  return status;
}
