/*
** fuzz_scanner.c: libFuzzer target for the tree-sitter grammar's external scanner
** (grammar/src/scanner.c, which runs the core's classifier and structure machine).
**
** The input is a report text. It is parsed, then edited a few times (the edits
** are derived from the input's bytes: deletions, and insertions of markers,
** placeholders, punctuation and line breaks); after each edit the old tree is
** edited (ts_tree_edit) and re-parsed incrementally, and the result must equal a
** parse from scratch of the same text: same node types, same byte ranges, node
** by node. Any difference, or an ERROR/MISSING node in a fresh parse, aborts.
**
** Built by tests/fuzz/run.sh with the tree-sitter C library of the pinned
** tree-sitter (TS_LIB, TS_LIB_CFLAGS in .deps/env.mk).
*/
#include <tree_sitter/api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const TSLanguage *tree_sitter_gongwen(void);

static const char *const pieces[] = {
  "\n", "\n\n", "一、", "（一）", "(二)", "1.", "2、", "（1）", "①", "一是", "二是", "第一，", "存在问题：",
  "主要原因：", "XX", "×× ", "***", "某某", "【 】", "。", "，", "“", "”", "报告", "述职报告\n", "区委：\n",
  "现将有关情况报告如下：\n", "特此报告。\n", "2024年1月2日\n", "##paidbegin##", "来源：某某网\n",
  "……………1\n", "篇二\n", "附件：\n", "　　", " ", "\r\n", "\xff", "\xe4\xb8",
};

typedef struct {
  char *s;
  size_t n;
} buf;

static TSPoint point_at(const buf *b, size_t off)
{
  TSPoint p = {0, 0};
  for (size_t i = 0; i < off && i < b->n; i++) {
    if (b->s[i] == '\n') { p.row++; p.column = 0; }
    else p.column++;
  }
  return p;
}

/* Walks both trees in step; 0 when they are the same node for node. */
static int same(TSNode a, TSNode b)
{
  if (strcmp(ts_node_type(a), ts_node_type(b)) != 0) return 0;
  if (ts_node_start_byte(a) != ts_node_start_byte(b) || ts_node_end_byte(a) != ts_node_end_byte(b)) return 0;
  uint32_t n = ts_node_child_count(a);
  if (n != ts_node_child_count(b)) return 0;
  for (uint32_t i = 0; i < n; i++)
    if (!same(ts_node_child(a, i), ts_node_child(b, i))) return 0;
  return 1;
}

static void fail(const char *what, const buf *b, TSNode x, TSNode y)
{
  char *sx = ts_node_string(x), *sy = y.id ? ts_node_string(y) : NULL;
  fprintf(stderr, "fuzz_scanner: %s\ntext (%zu bytes):\n%.*s\nincremental: %s\nfresh:       %s\n", what, b->n,
          (int)(b->n > 2000 ? 2000 : b->n), b->s, sx, sy ? sy : "-");
  free(sx);
  free(sy);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1 << 16) return 0;
  TSParser *parser = ts_parser_new();
  if (!parser) return 0;
  if (!ts_parser_set_language(parser, tree_sitter_gongwen())) abort();
  buf b = {malloc(size + 1), size};
  if (!b.s) { ts_parser_delete(parser); return 0; }
  if (size) memcpy(b.s, data, size);
  TSTree *tree = ts_parser_parse_string(parser, NULL, b.s, (uint32_t)b.n);
  if (!tree) abort();
  /* a small generator seeded by the input */
  uint64_t seed = 1469598103934665603ull;
  for (size_t i = 0; i < size; i++) seed = (seed ^ data[i]) * 1099511628211ull;
  for (int round = 0; round < 4; round++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    size_t at = b.n ? (size_t)((seed >> 33) % (b.n + 1)) : 0;
    size_t del = (seed >> 20) % 4 == 0 && at < b.n ? (size_t)((seed >> 8) % (b.n - at < 40 ? b.n - at + 1 : 40)) : 0;
    const char *ins = (seed >> 14) % 5 == 0 ? "" : pieces[(seed >> 40) % (sizeof pieces / sizeof pieces[0])];
    size_t nins = strlen(ins);
    TSInputEdit e;
    e.start_byte = (uint32_t)at;
    e.old_end_byte = (uint32_t)(at + del);
    e.new_end_byte = (uint32_t)(at + nins);
    e.start_point = point_at(&b, at);
    e.old_end_point = point_at(&b, at + del);
    char *nb = malloc(b.n - del + nins + 1);
    if (!nb) break;
    memcpy(nb, b.s, at);
    memcpy(nb + at, ins, nins);
    memcpy(nb + at + nins, b.s + at + del, b.n - at - del);
    free(b.s);
    b.s = nb;
    b.n = b.n - del + nins;
    e.new_end_point = point_at(&b, at + nins);
    ts_tree_edit(tree, &e);
    TSTree *inc = ts_parser_parse_string(parser, tree, b.s, (uint32_t)b.n);
    TSTree *fresh = ts_parser_parse_string(parser, NULL, b.s, (uint32_t)b.n);
    if (!inc || !fresh) abort();
    TSNode ri = ts_tree_root_node(inc), rf = ts_tree_root_node(fresh);
    if (ts_node_has_error(rf)) fail("ERROR or MISSING node in a fresh parse", &b, rf, (TSNode){0});
    if (!same(ri, rf)) fail("incremental parse differs from a fresh parse", &b, ri, rf);
    ts_tree_delete(tree);
    ts_tree_delete(fresh);
    tree = inc;
  }
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  free(b.s);
  return 0;
}
