/*
** cli.c: the gongwen command-line tool.
**
**   gongwen outline      [--format=tsv|json|text] FILE|-
**   gongwen placeholders [--format=tsv|json] FILE|-
**   gongwen check        [--format=text|json|sarif] [--lang=zh|en] [--level-skip] FILE...|-
**
** Exit status: 0 clean, 1 findings of warning level or above, 2 usage or I/O error.
*/
#include "gw.h"
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef struct {
  const char *format;
  gw_lang lang;
  int level_skip;
} cli_opts;

static void usage(FILE *f)
{
  fputs("usage: gongwen outline      [--format=tsv|json|text] FILE|-\n"
        "       gongwen placeholders [--format=tsv|json] FILE|-\n"
        "       gongwen check        [--format=text|json|sarif] [--lang=zh|en] [--level-skip] FILE...|-\n"
        "       gongwen --version\n"
        "Reads a UTF-8 (or GB18030) report and prints its outline, its unfilled\n"
        "placeholders, or the numbering and completeness diagnostics.\n"
        "Exit status: 0 clean, 1 findings (warning or above), 2 usage or I/O error.\n",
        f);
}

/* {===================================================================
** Reading
** =================================================================== */

static char *read_all(FILE *f, size_t *len)
{
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap > ((size_t)1 << 40)) { free(buf); errno = EFBIG; return NULL; }
      char *nb = realloc(buf, cap * 2);
      if (!nb) { free(buf); return NULL; }
      buf = nb;
      cap *= 2;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) {
      if (ferror(f)) { free(buf); return NULL; }
      break;
    }
  }
  *len = n;
  return buf;
}

/* Loads path (or stdin for "-") into a new document; prints why not. */
static gw_doc *load(const char *path, const cli_opts *o)
{
  FILE *f = stdin;
  if (strcmp(path, "-") != 0) {
    struct stat st;
    if (stat(path, &st) != 0) { fprintf(stderr, "gongwen: %s: %s\n", path, strerror(errno)); return NULL; }
    if (S_ISDIR(st.st_mode)) { fprintf(stderr, "gongwen: %s: is a directory\n", path); return NULL; }
    f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "gongwen: %s: %s\n", path, strerror(errno)); return NULL; }
  }
  size_t len = 0;
  char *buf = read_all(f, &len);
  int err = errno;
  if (f != stdin) fclose(f);
  if (!buf) { fprintf(stderr, "gongwen: %s: read failed: %s\n", path, strerror(err)); return NULL; }
  gw_input in;
  if (gw_decode_input(buf, len, &in) != 0) {
    fprintf(stderr, "gongwen: %s: refused: %s\n", path, in.error);
    free(buf);
    return NULL;
  }
  if (strcmp(in.encoding, "UTF-8") != 0) fprintf(stderr, "gongwen: %s: read as %s\n", path, in.encoding);
  gw_options opts = {.level_skip = o->level_skip, .lang = o->lang};
  gw_doc *doc = gw_doc_new(&opts);
  if (!doc || gw_doc_set_text(doc, in.text, in.len) != 0 || gw_doc_complete(doc) != 0) {
    fprintf(stderr, "gongwen: %s: out of memory\n", path);
    gw_doc_free(doc);
    doc = NULL;
  }
  gw_input_free(&in);
  free(buf);
  return doc;
}

/* }=================================================================== */

/* {===================================================================
** Writing
** =================================================================== */

/* Field for TSV: tabs and control characters become spaces. */
static void put_tsv(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    putchar(c < 0x20 || c == 0x7F ? ' ' : c);
  }
}

static void put_json_str(const char *s, size_t n)
{
  putchar('"');
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c == '"' || c == '\\') { putchar('\\'); putchar(c); }
      else if (c == '\n') fputs("\\n", stdout);
      else if (c == '\t') fputs("\\t", stdout);
      else if (c < 0x20 || c == 0x7F) printf("\\u%04x", c);
      else putchar(c);
      i++;
      continue;
    }
    size_t len = 1;
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (want > 1 && i + want <= n && gw_utf8_valid(s + i, want)) {
      len = want;
      fwrite(s + i, 1, len, stdout);
    } else {
      fputs("\\ufffd", stdout);
    }
    i += len;
  }
  putchar('"');
}

static void put_json_cstr(const char *s) { put_json_str(s, strlen(s)); }

static void roles_str(unsigned roles, char *buf, size_t cap)
{
  buf[0] = '\0';
  size_t at = 0;
  for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1) {
    if (!(roles & bit)) continue;
    int w = snprintf(buf + at, cap - at, "%s%s", at ? "," : "", gw_role_id(bit));
    if (w < 0 || (size_t)w >= cap - at) break;
    at += (size_t)w;
  }
  if (!at) snprintf(buf, cap, "-");
}

static bool listed_kind(gw_kind k)
{
  return k == GW_KIND_TITLE || k == GW_KIND_HEADING || k == GW_KIND_ITEM || k == GW_KIND_LABEL ||
         k == GW_KIND_ADDRESSEE || k == GW_KIND_SIGNATURE || k == GW_KIND_NOISE;
}

static int cmd_outline(gw_doc *doc, const cli_opts *o)
{
  size_t n = gw_doc_line_count(doc);
  char roles[64];
  if (strcmp(o->format, "tsv") == 0) {
    fputs("line\tkind\trank\tmarker\ttext\troles\n", stdout);
    for (size_t i = 0; i < n; i++) {
      gw_line_info li;
      if (gw_doc_line_info(doc, i, &li) != 0 || !listed_kind(li.kind)) continue;
      size_t len;
      const char *s = gw_doc_line(doc, i, &len);
      roles_str(li.roles, roles, sizeof roles);
      printf("%zu\t%s\t%d\t", i + 1, gw_kind_name(li.kind), li.rank);
      put_tsv(s + li.marker_start, li.marker_end - li.marker_start);
      putchar('\t');
      put_tsv(s + li.text_start, li.text_end - li.text_start);
      printf("\t%s\n", roles);
    }
    return EXIT_CLEAN;
  }
  const gw_entry *ents;
  size_t ne = gw_doc_outline(doc, &ents);
  const gw_subdoc *sds;
  size_t ns = gw_doc_subdocs(doc, &sds);
  if (strcmp(o->format, "json") == 0) {
    fputs("{\"subdocs\":[", stdout);
    for (size_t k = 0; k < ns; k++) {
      printf("%s{\"first_line\":%zu,\"end_line\":%zu,\"title_line\":%ld,\"type\":\"%s\",\"type_name\":", k ? "," : "",
             sds[k].first_line + 1, sds[k].end_line, sds[k].title_line >= 0 ? sds[k].title_line + 1 : 0,
             gw_type_id(sds[k].type));
      put_json_cstr(gw_type_name(sds[k].type, o->lang));
      fputs(",\"missing\":[", stdout);
      int first = 1;
      for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
        if (sds[k].roles_missing & bit) { printf("%s\"%s\"", first ? "" : ",", gw_role_id(bit)); first = 0; }
      fputs("]}", stdout);
    }
    fputs("],\"entries\":[", stdout);
    for (size_t k = 0; k < ne; k++) {
      const gw_entry *e = &ents[k];
      gw_line_info li;
      gw_doc_line_info(doc, e->line, &li);
      size_t len;
      const char *s = gw_doc_line(doc, e->line, &len);
      printf("%s{\"line\":%zu,\"end_line\":%zu,\"kind\":\"%s\",\"rank\":%d,\"depth\":%d,\"parent\":%d,\"marker\":",
             k ? "," : "", e->line + 1, e->end_line, gw_kind_name(e->kind), e->rank, e->depth, e->parent);
      put_json_str(s + li.marker_start, li.marker_end - li.marker_start);
      fputs(",\"text\":", stdout);
      put_json_str(s + li.text_start, li.text_end - li.text_start);
      fputs(",\"roles\":[", stdout);
      int first = 1;
      for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
        if (e->roles & bit) { printf("%s\"%s\"", first ? "" : ",", gw_role_id(bit)); first = 0; }
      printf("],\"lost\":%s,\"placeholders\":%zu,\"diagnostics\":%zu}", e->lost ? "true" : "false", e->placeholders,
             e->diagnostics);
    }
    fputs("]}\n", stdout);
    return EXIT_CLEAN;
  }
  /* text: an indented tree */
  for (size_t k = 0; k < ns; k++) {
    if (sds[k].title_line < 0 && ns == 1) continue;
    printf("%s[%s]", k ? "\n" : "", gw_type_name(sds[k].type, o->lang));
    for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
      if (sds[k].roles_missing & bit) printf(o->lang == GW_LANG_EN ? " missing:%s" : " 缺:%s", gw_role_name(bit, o->lang));
    putchar('\n');
    for (size_t q = 0; q < ne; q++) {
      const gw_entry *e = &ents[q];
      if ((size_t)e->subdoc != k) continue;
      gw_line_info li;
      gw_doc_line_info(doc, e->line, &li);
      size_t len;
      const char *s = gw_doc_line(doc, e->line, &len);
      printf("%5zu ", e->line + 1);
      for (int d = 0; d < e->depth; d++) fputs("  ", stdout);
      fwrite(s + li.marker_start, 1, li.marker_end - li.marker_start, stdout);
      fwrite(s + li.text_start, 1, li.text_end - li.text_start, stdout);
      for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
        if (e->roles & bit) printf(" ‹%s›", gw_role_name(bit, o->lang));
      if (e->placeholders) printf(o->lang == GW_LANG_EN ? " [%zu placeholders]" : " [%zu处占位符]", e->placeholders);
      putchar('\n');
    }
  }
  return EXIT_CLEAN;
}

static int cmd_placeholders(gw_doc *doc, const cli_opts *o)
{
  size_t n = gw_doc_line_count(doc);
  bool json = strcmp(o->format, "json") == 0;
  if (json) fputs("[", stdout);
  else fputs("line\tcol\ttext\n", stdout);
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    gw_line_info li;
    if (gw_doc_line_info(doc, i, &li) != 0 || li.kind == GW_KIND_NOISE) continue;
    const gw_span *sp;
    size_t np = gw_doc_placeholders(doc, i, &sp);
    size_t len;
    const char *s = gw_doc_line(doc, i, &len);
    for (size_t k = 0; k < np; k++) {
      if (json) {
        printf("%s{\"line\":%zu,\"col\":%u,\"byte_start\":%u,\"byte_end\":%u,\"text\":", first ? "" : ",", i + 1,
               sp[k].col + 1, sp[k].start, sp[k].end);
        put_json_str(s + sp[k].start, sp[k].end - sp[k].start);
        putchar('}');
        first = 0;
      } else {
        printf("%zu\t%u\t", i + 1, sp[k].col + 1);
        put_tsv(s + sp[k].start, sp[k].end - sp[k].start);
        putchar('\n');
      }
    }
  }
  if (json) fputs("]\n", stdout);
  return EXIT_CLEAN;
}

static const char *sarif_level(gw_severity s)
{
  return s == GW_SEV_ERROR ? "error" : s == GW_SEV_WARN ? "warning" : "note";
}

static int check_one(const char *path, gw_doc *doc, const cli_opts *o, int *first_result)
{
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(doc, &ds);
  char msg[512];
  int worst = EXIT_CLEAN;
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  for (size_t k = 0; k < nd; k++) {
    const gw_diag *d = &ds[k];
    if (d->severity <= GW_SEV_WARN) worst = EXIT_FINDINGS;
    gw_diag_message(d, o->lang, msg, sizeof msg);
    size_t len, elen;
    const char *s = gw_doc_line(doc, d->line, &len);
    const char *es = gw_doc_line(doc, d->end_line, &elen);
    size_t col = gw_utf8_count(s, d->start < len ? d->start : len) + 1;
    size_t ecol = gw_utf8_count(es, d->end < elen ? d->end : elen) + 1;
    if (strcmp(o->format, "json") == 0) {
      printf("%s{\"file\":", *first_result ? "" : ",");
      put_json_cstr(name);
      printf(",\"line\":%zu,\"col\":%zu,\"end_line\":%zu,\"end_col\":%zu,\"byte_start\":%u,\"byte_end\":%u,"
             "\"severity\":\"%s\",\"code\":\"GW%d\",\"name\":\"%s\",\"message\":",
             d->line + 1, col, d->end_line + 1, ecol, d->start, d->end, gw_severity_name(d->severity), d->code,
             gw_code_name(d->code));
      put_json_cstr(msg);
      putchar('}');
    } else if (strcmp(o->format, "sarif") == 0) {
      printf("%s{\"ruleId\":\"GW%d\",\"level\":\"%s\",\"message\":{\"text\":", *first_result ? "" : ",", d->code,
             sarif_level(d->severity));
      put_json_cstr(msg);
      fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", stdout);
      put_json_cstr(name);
      printf("},\"region\":{\"startLine\":%zu,\"startColumn\":%zu,\"endLine\":%zu,\"endColumn\":%zu}}}]}", d->line + 1,
             col, d->end_line + 1, ecol);
    } else {
      printf("%s:%zu:%zu: %s: %s [GW%d]\n", name, d->line + 1, col, gw_severity_name(d->severity), msg, d->code);
    }
    *first_result = 0;
  }
  return worst;
}

static int cmd_check(int nfiles, char **files, const cli_opts *o)
{
  int status = EXIT_CLEAN, first = 1;
  bool json = strcmp(o->format, "json") == 0, sarif = strcmp(o->format, "sarif") == 0;
  if (json) fputs("[", stdout);
  if (sarif) {
    static const gw_code codes[] = {GW_D_NUM_GAP, GW_D_NUM_DUP, GW_D_NUM_ORDER, GW_D_NUM_START, GW_D_LONE_SUB,
                                    GW_D_BRACKET_MIX, GW_D_STYLE_MIX, GW_D_RANK_INVERT, GW_D_LEVEL_SKIP, GW_D_ENUM_SEQ,
                                    GW_D_ANNOUNCED, GW_D_ROLE_MISSING, GW_D_NO_CAUSES, GW_D_EMPTY_SECTION,
                                    GW_D_DUP_LABEL, GW_D_PLACEHOLDERS, GW_D_RESIDUE, GW_D_LOST_ORDINAL, GW_D_DUNHAO,
                                    GW_D_STRAY_PUNCT, GW_D_MARKER_COMMA};
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":"
          "{\"driver\":{\"name\":\"gongwen\",\"version\":\"" GW_VERSION "\",\"rules\":[",
          stdout);
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
      printf("%s{\"id\":\"GW%d\",\"name\":\"%s\"}", k ? "," : "", codes[k], gw_code_name(codes[k]));
    fputs("]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[", stdout);
  }
  for (int i = 0; i < nfiles; i++) {
    gw_doc *doc = load(files[i], o);
    if (!doc) { status = EXIT_USAGE; continue; }
    int r = check_one(files[i], doc, o, &first);
    if (r > status && status != EXIT_USAGE) status = r;
    gw_doc_free(doc);
  }
  if (json) fputs("]\n", stdout);
  if (sarif) fputs("]}]}\n", stdout);
  return status;
}

/* }=================================================================== */

int main(int argc, char **argv)
{
  if (argc < 2) { usage(stderr); return EXIT_USAGE; }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) { puts("gongwen " GW_VERSION); return EXIT_CLEAN; }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) { usage(stdout); return EXIT_CLEAN; }
  bool outline = strcmp(cmd, "outline") == 0, ph = strcmp(cmd, "placeholders") == 0, check = strcmp(cmd, "check") == 0;
  if (!outline && !ph && !check) {
    fprintf(stderr, "gongwen: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
  }
  cli_opts o = {.format = outline ? "text" : ph ? "tsv" : "text", .lang = GW_LANG_ZH, .level_skip = 0};
  char **files = malloc((size_t)argc * sizeof *files);
  if (!files) { fputs("gongwen: out of memory\n", stderr); return EXIT_USAGE; }
  int nfiles = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--format=", 9) == 0) o.format = a + 9;
    else if (strcmp(a, "--lang=en") == 0) o.lang = GW_LANG_EN;
    else if (strcmp(a, "--lang=zh") == 0) o.lang = GW_LANG_ZH;
    else if (strcmp(a, "--level-skip") == 0) o.level_skip = 1;
    else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "gongwen: unknown option '%s'\n", a);
      free(files);
      return EXIT_USAGE;
    } else files[nfiles++] = argv[i];
  }
  bool fmt_ok = outline ? (!strcmp(o.format, "tsv") || !strcmp(o.format, "json") || !strcmp(o.format, "text"))
              : ph      ? (!strcmp(o.format, "tsv") || !strcmp(o.format, "json"))
                        : (!strcmp(o.format, "text") || !strcmp(o.format, "json") || !strcmp(o.format, "sarif"));
  if (!fmt_ok) {
    fprintf(stderr, "gongwen: %s does not know --format=%s\n", cmd, o.format);
    free(files);
    return EXIT_USAGE;
  }
  if (nfiles == 0 || (!check && nfiles != 1)) {
    fprintf(stderr, "gongwen: %s takes %s\n", cmd, check ? "one or more files (or -)" : "exactly one file (or -)");
    free(files);
    return EXIT_USAGE;
  }
  int rc;
  if (check) {
    rc = cmd_check(nfiles, files, &o);
  } else {
    gw_doc *doc = load(files[0], &o);
    if (!doc) { free(files); return EXIT_USAGE; }
    rc = outline ? cmd_outline(doc, &o) : cmd_placeholders(doc, &o);
    gw_doc_free(doc);
  }
  free(files);
  if (fflush(stdout) != 0 || ferror(stdout)) { fputs("gongwen: write error\n", stderr); return EXIT_USAGE; }
  return rc;
}
