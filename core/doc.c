/*
** doc.c: the document. Lines with their line-local records, incremental
** replacement, and the structure pass that turns per-line records into
** titles, sub-documents, the outline and the report type.
*/
#if defined(__linux__)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#endif
#include "gw_int.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define GW_SSE2 1
#else
#define GW_SSE2 0
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* {===================================================================
** Lines and editing
** =================================================================== */

struct gw_store {
  size_t refs;   /* lines that still point into it */
  size_t mapped; /* bytes mapped for it (0: from malloc) */
  gw_span *ph;   /* placeholders of all its lines */
  gw_enum *en;   /* enumerators of all its lines */
  char text[];   /* texts of all its lines, each NUL-terminated */
};

/* A large store (a whole file) is mapped on its own and asks for huge pages
** where the system has them: the copy of the text then costs a few page
** faults instead of one per 4 KiB. */
#define GW_BIG_STORE ((size_t)4 << 20)

static gw_store *store_alloc(size_t bytes)
{
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (bytes >= GW_BIG_STORE) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
#if defined(MADV_HUGEPAGE)
      (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: failure changes nothing */
#endif
      gw_store *st = p;
      st->mapped = bytes;
      return st;
    }
  }
#endif
  gw_store *st = malloc(bytes);
  if (st) st->mapped = 0;
  return st;
}

/* The same hint for a large malloc'd array (the pages inside it). */
static void advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes < GW_BIG_STORE) return;
  uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, z = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
  if (z > a) (void)madvise((void *)a, z - a, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

static void store_free(gw_store *st)
{
  if (!st) return;
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (st->mapped) { munmap(st, st->mapped); return; }
#endif
  free(st);
}

/* Lets go of the line's share of its store (the line itself is left as it was). */
static void line_release(gw_line *ln)
{
  gw_store *st = ln->store;
  if (st && --st->refs == 0) {
    free(st->ph);
    free(st->en);
    store_free(st);
  }
}

static void line_clear(gw_line *ln)
{
  line_release(ln);
  memset(ln, 0, sizeof *ln);
}

gw_doc *gw_doc_new(const gw_options *opts)
{
  gw_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  if (opts) d->opts = *opts;
  d->dirty = true;
  return d;
}

void gw_doc_set_options(gw_doc *doc, const gw_options *opts)
{
  if (opts) doc->opts = *opts;
  doc->dirty = true;
}

void gw_doc_free(gw_doc *doc)
{
  if (!doc) return;
  for (size_t i = 0; i < doc->n; i++) line_release(&doc->lines[i]);
  free(doc->lines);
  free(doc->entries);
  free(doc->subdocs);
  free(doc->diags);
  free(doc);
}

/* New lines under construction: one store for all of them. */
typedef struct {
  gw_line *v;
  size_t n, cap;
  gw_store *store;
  size_t used;      /* bytes of store->text taken */
  gw_scan_out out;  /* placeholders and enumerators of all the lines */
  bool fixed;       /* v is the caller's array of cap lines: it does not grow */
} builder;

/* text_bytes: room for every line's bytes plus its NUL. */
static int builder_init(builder *b, size_t lines_hint, size_t text_bytes)
{
  memset(b, 0, sizeof *b);
  if (text_bytes > SIZE_MAX - sizeof(gw_store) || lines_hint > SIZE_MAX / sizeof(gw_line)) return -1;
  b->store = store_alloc(sizeof(gw_store) + text_bytes);
  if (!b->store) return -1;
  b->store->refs = 0;
  b->store->ph = NULL;
  b->store->en = NULL;
  if (lines_hint) {
    b->v = malloc(lines_hint * sizeof *b->v);
    if (!b->v) { store_free(b->store); return -1; }
    advise_huge(b->v, lines_hint * sizeof *b->v);
    b->cap = lines_hint;
  }
  return 0;
}

static void builder_free(builder *b)
{
  free(b->v);
  store_free(b->store);
  free(b->out.ph);
  free(b->out.en);
}

/* Copies the line into the store (s NULL: the caller did, to where the store's
** free part starts) and scans it; the caller made room in the store. */
static int builder_add(builder *b, const char *s, size_t len)
{
  if (len > UINT32_MAX - 1) return -1;
  if (b->n == b->cap) {
    if (b->fixed) return -1;
    size_t nc = b->cap ? b->cap * 2 : 64;
    gw_line *nv = realloc(b->v, nc * sizeof *nv);
    if (!nv) return -1;
    b->v = nv;
    b->cap = nc;
  }
  char *t = b->store->text + b->used;
  if (s && len) memcpy(t, s, len);
  t[len] = '\0';
  gw_line *ln = &b->v[b->n];
  memset(ln, 0, sizeof *ln);
  size_t nph0 = b->out.nph, nen0 = b->out.nen;
  if (gw_scan_line(t, len, &ln->r, &b->out) != 0) return -1;
  ln->text = t;
  ln->len = (uint32_t)len;
  ln->nph = (uint32_t)(b->out.nph - nph0);
  ln->nen = (uint32_t)(b->out.nen - nen0);
  b->used += len + 1;
  b->n++;
  return 0;
}

/* Hands the store to the lines (after the placeholder arrays stopped moving). */
static void builder_finish(builder *b)
{
  gw_store *st = b->store;
  /* the arrays grew by doubling: give back the unused part (a one-line edit
  ** would keep room for 64 otherwise); where realloc cannot, keep them */
  if (b->out.nph == 0) { free(b->out.ph); b->out.ph = NULL; }
  else if (b->out.nph < b->out.ph_cap) {
    gw_span *p = realloc(b->out.ph, b->out.nph * sizeof *p);
    if (p) b->out.ph = p;
  }
  if (b->out.nen == 0) { free(b->out.en); b->out.en = NULL; }
  else if (b->out.nen < b->out.en_cap) {
    gw_enum *q = realloc(b->out.en, b->out.nen * sizeof *q);
    if (q) b->out.en = q;
  }
  st->ph = b->out.ph;
  st->en = b->out.en;
  size_t p = 0, q = 0;
  for (size_t i = 0; i < b->n; i++) {
    gw_line *ln = &b->v[i];
    ln->store = st;
    ln->ph = ln->nph ? st->ph + p : NULL;
    ln->en = ln->nen ? st->en + q : NULL;
    p += ln->nph;
    q += ln->nen;
  }
  st->refs = b->n;
  if (b->n == 0) {
    free(st->ph);
    free(st->en);
    store_free(st);
  }
  b->store = NULL;
  b->out.ph = NULL;
  b->out.en = NULL;
}

/* Puts the built lines in place of [first, last). */
int gw_doc_reserve(gw_doc *doc, size_t need)
{
  if (need <= doc->cap) return 0;
  size_t nc = doc->cap ? doc->cap : 64;
  while (nc < need) nc *= 2;
  gw_line *nl = realloc(doc->lines, nc * sizeof *nl);
  if (!nl) return -1;
  advise_huge(nl + doc->n, (nc - doc->n) * sizeof *nl); /* the part not touched yet */
  doc->lines = nl;
  doc->cap = nc;
  return 0;
}

static int splice(gw_doc *doc, size_t first, size_t last, builder *b)
{
  size_t n = b->n, removed = last - first;
  size_t need = doc->n - removed + n;
  if (removed == doc->n && b->v) {
    /* everything replaced: the new array becomes the document's */
    builder_finish(b);
    for (size_t i = 0; i < doc->n; i++) line_release(&doc->lines[i]);
    free(doc->lines);
    doc->lines = b->v;
    doc->cap = b->cap;
    doc->n = n;
    b->v = NULL;
    doc->dirty = true;
    return 0;
  }
  if (gw_doc_reserve(doc, need)) return -1;
  builder_finish(b);
  for (size_t i = first; i < last; i++) line_clear(&doc->lines[i]);
  if (n != removed && doc->n > last)
    memmove(doc->lines + first + n, doc->lines + last, (doc->n - last) * sizeof *doc->lines);
  if (n) memcpy(doc->lines + first, b->v, n * sizeof *b->v);
  doc->n = need;
  free(b->v);
  b->v = NULL;
  doc->dirty = true;
  return 0;
}

int gw_doc_replace(gw_doc *doc, size_t first, size_t last, const char *const *lines, const size_t *lens, size_t n)
{
  if (!doc || first > last || last > doc->n) return -1;
  if (n && (!lines || !lens)) return -1;
  size_t bytes = n;
  for (size_t i = 0; i < n; i++) {
    size_t l = lines[i] ? lens[i] : 0;
    if (l > UINT32_MAX - 1 || bytes > SIZE_MAX - l) return -1;
    bytes += l;
  }
  builder b;
  if (builder_init(&b, n, bytes) != 0) return -1;
  for (size_t i = 0; i < n; i++) {
    if (builder_add(&b, lines[i] ? lines[i] : "", lines[i] ? lens[i] : 0) != 0) { builder_free(&b); return -1; }
  }
  if (splice(doc, first, last, &b) != 0) { builder_free(&b); return -1; }
  return 0;
}

char *gw_block_new(size_t bytes)
{
  if (bytes > SIZE_MAX - sizeof(gw_store) - 1) return NULL;
  gw_store *st = store_alloc(sizeof(gw_store) + bytes + 1);
  if (!st) return NULL;
  st->refs = 0;
  st->ph = NULL;
  st->en = NULL;
  return st->text;
}

static gw_store *block_store(char *block) { return (gw_store *)(void *)(block - offsetof(gw_store, text)); }

void gw_block_free(char *block)
{
  if (block) store_free(block_store(block));
}

size_t gw_block_lines(const char *block, size_t start, size_t end)
{
  size_t n = 0;
  for (size_t i = start; i < end; n++) {
    const char *nl = memchr(block + i, '\n', end - i);
    i = nl ? (size_t)(nl - block) + 1 : end;
  }
  return n;
}

int gw_block_scan(gw_line *dst, size_t n, char *block, size_t start, size_t end)
{
  if (!dst || !block || start > end) {
    gw_block_free(block);
    return -1;
  }
  builder b;
  memset(&b, 0, sizeof b);
  b.store = block_store(block);
  b.used = start;
  b.v = dst;
  b.cap = n;
  b.fixed = true;
  for (size_t i = start; i < end;) {
    const char *nl = memchr(block + i, '\n', end - i);
    size_t e = nl ? (size_t)(nl - block) : end;
    block[e] = '\0'; /* the \n, or the room after the block's last byte */
    /* the line is where builder_add looks for it: at b.used == i */
    if (e - i > UINT32_MAX - 1 || builder_add(&b, NULL, e - i) != 0) break;
    i = e + 1;
  }
  if (b.n != n || b.used < end) {
    /* out of memory, or not the count gw_block_lines gave */
    b.v = NULL; /* the caller's */
    builder_free(&b);
    memset(dst, 0, n * sizeof *dst);
    return -1;
  }
  builder_finish(&b); /* the lines own the block from here */
  return 0;
}

void gw_lines_release(gw_line *v, size_t n)
{
  for (size_t i = 0; i < n; i++) line_clear(&v[i]);
}

#if GW_SSE2
/* First \n or \r in text[i..len), or len; the bytes before it are copied to
** dst on the way (sixteen at a time, so a few after it too: dst must have room
** up to len - i bytes). */
static size_t copy_line(const char *text, size_t i, size_t len, char *dst)
{
  const size_t start = i;
  const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= len; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
    _mm_storeu_si128((__m128i *)(void *)(dst + (i - start)), v);
    unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr)));
    if (bits) return i + (unsigned)__builtin_ctz(bits);
  }
  for (; i < len; i++) {
    if (text[i] == '\n' || text[i] == '\r') return i;
    dst[i - start] = text[i];
  }
  return len;
}
#else
/* First \n or \r in text[i..len), or len. */
static size_t line_break(const char *text, size_t i, size_t len)
{
  const char *nl = memchr(text + i, '\n', len - i);
  size_t end = nl ? (size_t)(nl - text) : len;
  const char *cr = memchr(text + i, '\r', end - i);
  return cr ? (size_t)(cr - text) : end;
}
#endif

int gw_doc_set_text(gw_doc *doc, const char *text, size_t len)
{
  if (!doc || (!text && len)) return -1;
  if (len == SIZE_MAX) return -1;
  builder b;
  /* every line takes its bytes and a NUL in place of its line break: len + 1
  ** bytes hold them all; about one line per 128 bytes to start with */
  if (builder_init(&b, len / 128 + 16, len + 1) != 0) return -1;
  size_t start = 0;
  while (start < len) {
    /* \n ends a line, a lone \r too; \r\n is one break. The store has room:
    ** what the lines before took is at most start bytes. */
#if GW_SSE2
    size_t end = copy_line(text, start, len, b.store->text + b.used);
    const char *src = NULL; /* copied */
#else
    size_t end = line_break(text, start, len);
    const char *src = text + start;
#endif
    size_t next = end < len ? end + 1 : len;
    if (end < len && text[end] == '\r' && next < len && text[next] == '\n') next++;
    if (builder_add(&b, src, end - start) != 0) { builder_free(&b); return -1; }
    start = next;
  }
  if (splice(doc, 0, doc->n, &b) != 0) { builder_free(&b); return -1; }
  return 0;
}

size_t gw_doc_line_count(const gw_doc *doc) { return doc ? doc->n : 0; }

const char *gw_doc_line(const gw_doc *doc, size_t line, size_t *len)
{
  if (!doc || line >= doc->n) { if (len) *len = 0; return NULL; }
  if (len) *len = doc->lines[line].len;
  return doc->lines[line].text;
}

size_t gw_doc_placeholders(const gw_doc *doc, size_t line, const gw_span **spans)
{
  if (!doc || line >= doc->n) { *spans = NULL; return 0; }
  *spans = doc->lines[line].ph;
  return doc->lines[line].nph;
}

/* }=================================================================== */

#define L(i) (&doc->lines[(i)])

int gw_doc_line_info(gw_doc *doc, size_t line, gw_line_info *out)
{
  if (!doc || line >= doc->n) return -1;
  if (gw_doc_analyze(doc)) return -1;
  const gw_line *ln = L(line);
  memset(out, 0, sizeof *out);
  out->kind = (gw_kind)ln->kind;
  out->rank = ln->rank;
  bool structural = ln->kind == GW_KIND_HEADING || ln->kind == GW_KIND_ITEM || ln->kind == GW_KIND_LABEL;
  out->depth = ln->entry >= 0 && (size_t)ln->entry < doc->nentries && doc->entries[ln->entry].line == line
                   ? doc->entries[ln->entry].depth : 0;
  out->ordinal = structural && !ln->lost ? ln->r.ordinal : 0;
  out->style = structural ? ln->r.style : 0;
  out->roles = ln->roles;
  out->lost = ln->lost;
  out->runin = structural ? ln->r.runin : 0;
  out->subdoc = ln->subdoc;
  out->ends_sentence = (ln->r.flags & GW_F_END_SENTENCE) != 0;
  out->ends_colon = (ln->r.flags & GW_F_END_COLON) != 0;
  if (structural && !ln->lost) {
    out->marker_start = ln->r.mk_start;
    out->marker_end = ln->r.mk_end;
  }
  out->bullet = ln->kind == GW_KIND_HEADING && ln->lost && (ln->r.flags & GW_F_BULLET);
  if (structural) {
    out->text_start = ln->r.tx_start;
    out->text_end = ln->r.tx_end;
  } else {
    /* whole line, trimmed */
    size_t b = 0, e = ln->len;
    while (b < e && (ln->text[b] == ' ' || ln->text[b] == '\t')) b++;
    while (b + 3 <= e && memcmp(ln->text + b, "\xE3\x80\x80", 3) == 0) b += 3;
    while (e > b && (ln->text[e - 1] == ' ' || ln->text[e - 1] == '\t' || ln->text[e - 1] == '\r')) e--;
    while (e >= b + 3 && memcmp(ln->text + e - 3, "\xE3\x80\x80", 3) == 0) e -= 3;
    out->text_start = (uint32_t)b;
    out->text_end = (uint32_t)e;
  }
  return 0;
}

int gw_doc_line_local(const gw_doc *doc, size_t line, gw_line_info *out)
{
  if (!doc || line >= doc->n) return -1;
  const gw_line *ln = L(line);
  const gw_lrec *r = &ln->r;
  static const gw_kind kinds[] = {GW_KIND_BODY, GW_KIND_BLANK, GW_KIND_HEADING, GW_KIND_ITEM,
                                  GW_KIND_LABEL, GW_KIND_NOISE, GW_KIND_TOC};
  memset(out, 0, sizeof *out);
  out->kind = r->cand < sizeof kinds / sizeof kinds[0] ? kinds[r->cand] : GW_KIND_BODY;
  bool structural = out->kind == GW_KIND_HEADING || out->kind == GW_KIND_ITEM || out->kind == GW_KIND_LABEL;
  out->rank = structural ? r->rank : 0;
  out->ordinal = structural ? r->ordinal : 0;
  out->style = structural ? r->style : 0;
  out->roles = structural ? r->roles : 0;
  out->runin = structural ? r->runin : 0;
  out->ends_sentence = (r->flags & GW_F_END_SENTENCE) != 0;
  out->ends_colon = (r->flags & GW_F_END_COLON) != 0;
  out->subdoc = -1;
  if (structural) {
    out->marker_start = r->mk_start;
    out->marker_end = r->mk_end;
    out->text_start = r->tx_start;
    out->text_end = r->tx_end;
  }
  return 0;
}

size_t gw_doc_outline(gw_doc *doc, const gw_entry **entries)
{
  if (!doc || gw_doc_complete(doc)) { *entries = NULL; return 0; }
  *entries = doc->entries;
  return doc->nentries;
}

size_t gw_doc_subdocs(gw_doc *doc, const gw_subdoc **out)
{
  if (!doc || gw_doc_analyze(doc)) { *out = NULL; return 0; }
  *out = doc->subdocs;
  return doc->nsubdocs;
}

size_t gw_doc_diagnostics(gw_doc *doc, const gw_diag **diags)
{
  if (!doc || gw_doc_complete(doc)) { *diags = NULL; return 0; }
  *diags = doc->diags;
  return doc->ndiags;
}

int gw_doc_section_levels(gw_doc *doc, size_t first, size_t last, int *levels, unsigned char *starts)
{
  if (!doc || first > last || last > doc->n) return -1;
  if (gw_doc_analyze(doc)) return -1;
  for (size_t i = first; i < last; i++) {
    int e = L(i)->entry;
    while (e >= 0 && doc->entries[e].kind != GW_KIND_HEADING) e = doc->entries[e].parent;
    levels[i - first] = e >= 0 ? doc->entries[e].depth : 0;
    starts[i - first] = e >= 0 && doc->entries[e].line == i;
  }
  return 0;
}

int gw_doc_is_report(gw_doc *doc)
{
  if (!doc || gw_doc_analyze(doc)) return 0;
  for (size_t k = 0; k < doc->nsubdocs; k++)
    if (doc->subdocs[k].title_line >= 0 && doc->subdocs[k].type != GW_TYPE_UNKNOWN) return 1;
  size_t top = 0;
  for (size_t e = 0; e < doc->nentries; e++)
    top += doc->entries[e].kind == GW_KIND_HEADING && !doc->entries[e].lost && doc->entries[e].rank <= 2;
  return top >= 2;
}

int gw_doc_entry_at(gw_doc *doc, size_t line)
{
  if (!doc || line >= doc->n || gw_doc_analyze(doc)) return -1;
  return L(line)->entry;
}

/* }=================================================================== */
