/*
** lua_gongwen.c: the Lua 5.1 binding of the core, loaded by Neovim's LuaJIT
** as require('gongwen.core'). It converts arguments, calls the core and
** pushes results; no detection rule lives here.
**
** Lines and byte columns are 0-based, ranges end-exclusive, as in
** nvim_buf_get_lines() and vim.diagnostic.
*/
#include "gw.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_T "gongwen.Doc"
#define LOAD_T "gongwen.Load"

#if defined(__GNUC__) || defined(__clang__)
#define GW_EXPORT __attribute__((visibility("default")))
#else
#define GW_EXPORT
#endif

typedef struct {
  gw_doc *doc;
} ldoc;

typedef struct {
  gw_load *ld;
} lload;

/* Errors name the function and the argument whatever the call site (luaL_argerror
** cannot name a method called through pcall or a local). */
static int arg_error(lua_State *L, const char *fn, int idx, const char *what, const char *msg)
{
  return luaL_error(L, "gongwen.core: %s: bad argument #%d (%s): %s", fn, idx, what, msg);
}

static int type_error(lua_State *L, const char *fn, int idx, const char *what, const char *expected)
{
  lua_pushfstring(L, "%s expected, got %s", expected, luaL_typename(L, idx));
  return arg_error(L, fn, idx, what, lua_tostring(L, -1));
}

static gw_doc *check_doc(lua_State *L, const char *fn)
{
  ldoc *d = (ldoc *)lua_touserdata(L, 1);
  if (!d || !lua_getmetatable(L, 1)) { type_error(L, fn, 1, "self", "gongwen.Doc"); return NULL; }
  luaL_getmetatable(L, DOC_T);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  if (!same) { type_error(L, fn, 1, "self", "gongwen.Doc"); return NULL; }
  if (!d->doc) arg_error(L, fn, 1, "self", "document was closed");
  return d->doc;
}

static lua_Integer check_int(lua_State *L, const char *fn, int idx, const char *what)
{
  if (lua_type(L, idx) != LUA_TNUMBER) type_error(L, fn, idx, what, "integer");
  lua_Number v = lua_tonumber(L, idx);
  lua_Integer i = lua_tointeger(L, idx);
  if ((lua_Number)i != v) arg_error(L, fn, idx, what, "integer expected, got a fraction");
  return i;
}

static size_t check_line(lua_State *L, const char *fn, int idx, size_t limit, const char *what)
{
  lua_Integer v = check_int(L, fn, idx, what);
  if (v < 0 || (size_t)v > limit) {
    lua_pushfstring(L, "%d out of range 0..%d", (int)v, (int)limit);
    arg_error(L, fn, idx, what, lua_tostring(L, -1));
  }
  return (size_t)v;
}

static const char *check_str(lua_State *L, const char *fn, int idx, const char *what, size_t *len)
{
  if (lua_type(L, idx) != LUA_TSTRING) type_error(L, fn, idx, what, "string");
  return lua_tolstring(L, idx, len);
}

static gw_lang check_lang(lua_State *L, const char *fn, int idx)
{
  if (lua_isnoneornil(L, idx)) return GW_LANG_ZH;
  const char *s = check_str(L, fn, idx, "lang", NULL);
  if (strcmp(s, "zh") == 0) return GW_LANG_ZH;
  if (strcmp(s, "en") == 0) return GW_LANG_EN;
  arg_error(L, fn, idx, "lang", "\"zh\" or \"en\" expected");
  return GW_LANG_ZH;
}

static void read_opts(lua_State *L, const char *fn, int idx, gw_options *o)
{
  memset(o, 0, sizeof *o);
  if (lua_isnoneornil(L, idx)) return;
  if (!lua_istable(L, idx)) type_error(L, fn, idx, "opts", "table");
  lua_getfield(L, idx, "level_skip");
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) arg_error(L, fn, idx, "opts.level_skip", "boolean expected");
  o->level_skip = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, idx, "lang");
  if (!lua_isnil(L, -1)) {
    const char *s = lua_tostring(L, -1);
    if (!s || (strcmp(s, "zh") && strcmp(s, "en"))) arg_error(L, fn, idx, "opts.lang", "\"zh\" or \"en\" expected");
    o->lang = strcmp(s, "en") == 0 ? GW_LANG_EN : GW_LANG_ZH;
  }
  lua_pop(L, 1);
}

static void push_roles(lua_State *L, unsigned roles)
{
  lua_newtable(L);
  int k = 1;
  for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
    if (roles & bit) {
      lua_pushstring(L, gw_role_id(bit));
      lua_rawseti(L, -2, k++);
    }
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void set_str(lua_State *L, const char *k, const char *s, size_t n)
{
  lua_pushlstring(L, s, n);
  lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v)
{
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* {===================================================================
** Module functions
** =================================================================== */

/* core.new([opts]) -> Doc */
static int l_new(lua_State *L)
{
#define FN "core.new"
  gw_options o;
  read_opts(L, FN, 1, &o);
  ldoc *d = (ldoc *)lua_newuserdata(L, sizeof *d);
  d->doc = NULL;
  luaL_getmetatable(L, DOC_T);
  lua_setmetatable(L, -2);
  d->doc = gw_doc_new(&o);
  if (!d->doc) return luaL_error(L, "gongwen.core.new: out of memory");
  return 1;
#undef FN
}

/* core.kinds: names of line kinds */
static int l_version(lua_State *L)
{
  lua_pushstring(L, GW_VERSION);
  return 1;
}

/* }=================================================================== */

/* {===================================================================
** Doc methods
** =================================================================== */

/* doc:set_lines(first, last, lines): replaces [first, last) like nvim_buf_set_lines */
static int d_set_lines(lua_State *L)
{
#define FN "Doc:set_lines"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  size_t first = check_line(L, FN, 2, n, "first");
  size_t last = check_line(L, FN, 3, n, "last");
  if (last < first) arg_error(L, FN, 3, "last", "must not be less than first");
  if (!lua_istable(L, 4)) type_error(L, FN, 4, "lines", "table");
  size_t count = lua_objlen(L, 4);
  const char **ptrs = NULL;
  size_t *lens = NULL;
  if (count) {
    ptrs = malloc(count * sizeof *ptrs);
    lens = malloc(count * sizeof *lens);
    if (!ptrs || !lens) { free(ptrs); free(lens); return luaL_error(L, "set_lines: out of memory"); }
  }
  for (size_t i = 0; i < count; i++) {
    lua_rawgeti(L, 4, (int)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      free(ptrs);
      free(lens);
      lua_pushfstring(L, "lines[%d] is a %s, string expected", (int)i + 1, luaL_typename(L, -1));
      return arg_error(L, FN, 4, "lines", lua_tostring(L, -1));
    }
    ptrs[i] = lua_tolstring(L, -1, &lens[i]); /* stays alive: it is in the table */
    lua_pop(L, 1);
  }
  int rc = gw_doc_replace(doc, first, last, ptrs, lens, count);
  free(ptrs);
  free(lens);
  if (rc) return luaL_error(L, "set_lines: out of memory");
  return 0;
#undef FN
}

/* doc:set_text(s) */
static int d_set_text(lua_State *L)
{
#define FN "Doc:set_text"
  gw_doc *doc = check_doc(L, FN);
  size_t len;
  const char *s = check_str(L, FN, 2, "text", &len);
  if (gw_doc_set_text(doc, s, len)) return luaL_error(L, "set_text: out of memory");
  return 0;
#undef FN
}

/* doc:compare(first, lines) -> the 0-based index of the first line in
** [first, first + #lines) whose text is not lines[i] (a line past the end of the
** document counts as different), or nil when all are equal */
static int d_compare(lua_State *L)
{
#define FN "Doc:compare"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  size_t first = check_line(L, FN, 2, n, "first");
  if (!lua_istable(L, 3)) type_error(L, FN, 3, "lines", "table");
  size_t count = lua_objlen(L, 3);
  for (size_t i = 0; i < count; i++) {
    lua_rawgeti(L, 3, (int)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pushfstring(L, "lines[%d] is a %s, string expected", (int)i + 1, luaL_typename(L, -1));
      return arg_error(L, FN, 3, "lines", lua_tostring(L, -1));
    }
    size_t len, have;
    const char *s = lua_tolstring(L, -1, &len);
    const char *t = gw_doc_line(doc, first + i, &have);
    lua_pop(L, 1);
    if (!t || have != len || memcmp(s, t, len) != 0) {
      lua_pushinteger(L, (lua_Integer)(first + i));
      return 1;
    }
  }
  lua_pushnil(L);
  return 1;
#undef FN
}

static int d_line_count(lua_State *L)
{
#define FN "Doc:line_count"
  lua_pushinteger(L, (lua_Integer)gw_doc_line_count(check_doc(L, FN)));
  return 1;
#undef FN
}

/* doc:placeholders([first[, last]]) -> { {line, start, end_, col, ncols, text}, ... } */
static int d_placeholders(lua_State *L)
{
#define FN "Doc:placeholders"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  size_t first = lua_isnoneornil(L, 2) ? 0 : check_line(L, FN, 2, n, "first");
  size_t last = lua_isnoneornil(L, 3) ? n : check_line(L, FN, 3, n, "last");
  if (last < first) arg_error(L, FN, 3, "last", "must not be less than first");
  lua_newtable(L);
  int k = 1;
  for (size_t i = first; i < last; i++) {
    const gw_span *sp;
    size_t np = gw_doc_placeholders(doc, i, &sp);
    size_t len;
    const char *s = gw_doc_line(doc, i, &len);
    for (size_t q = 0; q < np; q++) {
      lua_createtable(L, 0, 6);
      set_int(L, "line", (lua_Integer)i);
      set_int(L, "start", sp[q].start);
      set_int(L, "end_", sp[q].end);
      set_int(L, "col", sp[q].col);
      set_int(L, "ncols", sp[q].ncols);
      set_str(L, "text", s + sp[q].start, sp[q].end - sp[q].start);
      lua_rawseti(L, -2, k++);
    }
  }
  return 1;
#undef FN
}

static void push_line_info(lua_State *L, gw_doc *doc, size_t line, int local)
{
  gw_line_info li;
  if (local ? gw_doc_line_local(doc, line, &li) : gw_doc_line_info(doc, line, &li)) luaL_error(L, "out of memory");
  size_t len;
  const char *s = gw_doc_line(doc, line, &len);
  lua_createtable(L, 0, 16);
  set_str(L, "kind", gw_kind_name(li.kind), strlen(gw_kind_name(li.kind)));
  set_int(L, "rank", li.rank);
  set_int(L, "depth", li.depth);
  set_int(L, "ordinal", li.ordinal);
  set_bool(L, "lost", li.lost);
  set_bool(L, "runin", li.runin);
  set_bool(L, "ends_sentence", li.ends_sentence);
  set_bool(L, "ends_colon", li.ends_colon);
  set_bool(L, "bullet", li.bullet);
  set_int(L, "style", li.style);
  set_int(L, "subdoc", li.subdoc + 1);
  set_int(L, "marker_start", li.marker_start);
  set_int(L, "marker_end", li.marker_end);
  set_int(L, "text_start", li.text_start);
  set_int(L, "text_end", li.text_end);
  set_str(L, "marker", s + li.marker_start, li.marker_end - li.marker_start);
  set_str(L, "text", s + li.text_start, li.text_end - li.text_start);
  push_roles(L, li.roles);
  lua_setfield(L, -2, "roles");
}

/* doc:line(lnum) and doc:line_local(lnum): one line's info table */
static int line_method(lua_State *L, const char *fn, int local)
{
  gw_doc *doc = check_doc(L, fn);
  size_t n = gw_doc_line_count(doc);
  if (n == 0) return arg_error(L, fn, 2, "line", "the document is empty");
  size_t line = check_line(L, fn, 2, n - 1, "line");
  push_line_info(L, doc, line, local);
  return 1;
}

/* doc:line(lnum) -> info table, after the structure pass */
static int d_line(lua_State *L) { return line_method(L, "Doc:line", 0); }

/* doc:line_local(lnum) -> the same table from the line alone (no structure pass:
** cheap while typing; titles and lost ordinals are not known here) */
static int d_line_local(lua_State *L) { return line_method(L, "Doc:line_local", 1); }

/* doc:kinds([first[, last]]) -> { "heading", "body", ... } one per line (1-based list) */
static int d_kinds(lua_State *L)
{
#define FN "Doc:kinds"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  size_t first = lua_isnoneornil(L, 2) ? 0 : check_line(L, FN, 2, n, "first");
  size_t last = lua_isnoneornil(L, 3) ? n : check_line(L, FN, 3, n, "last");
  if (last < first) arg_error(L, FN, 3, "last", "must not be less than first");
  if (gw_doc_analyze(doc)) return luaL_error(L, "kinds: out of memory");
  lua_createtable(L, (int)(last - first), 0);
  for (size_t i = first; i < last; i++) {
    gw_line_info li;
    gw_doc_line_info(doc, i, &li);
    lua_pushstring(L, gw_kind_name(li.kind));
    lua_rawseti(L, -2, (int)(i - first + 1));
  }
  return 1;
#undef FN
}

static void push_entry(lua_State *L, gw_doc *doc, const gw_entry *e)
{
  gw_line_info li;
  gw_doc_line_info(doc, e->line, &li);
  size_t len;
  const char *s = gw_doc_line(doc, e->line, &len);
  lua_createtable(L, 0, 14);
  set_int(L, "line", (lua_Integer)e->line);
  set_int(L, "end_line", (lua_Integer)e->end_line);
  set_str(L, "kind", gw_kind_name(e->kind), strlen(gw_kind_name(e->kind)));
  set_int(L, "rank", e->rank);
  set_int(L, "depth", e->depth);
  set_int(L, "ordinal", e->ordinal);
  set_bool(L, "lost", e->lost);
  set_int(L, "subdoc", e->subdoc + 1);
  if (e->parent >= 0) set_int(L, "parent", e->parent + 1);
  set_str(L, "marker", s + li.marker_start, li.marker_end - li.marker_start);
  set_str(L, "text", s + li.text_start, li.text_end - li.text_start);
  set_int(L, "placeholders", (lua_Integer)e->placeholders);
  set_int(L, "diagnostics", (lua_Integer)e->diagnostics);
  if (e->list >= 0) {
    set_int(L, "list", e->list + 1);
    set_int(L, "list_style", e->list_style);
  }
  push_roles(L, e->roles);
  lua_setfield(L, -2, "roles");
}

/* doc:outline() -> { {line, end_line, kind, rank, depth, ordinal, lost, roles, parent, subdoc,
**                    marker, text, placeholders, diagnostics}, ... } (parent: 1-based index or nil) */
static int d_outline(lua_State *L)
{
#define FN "Doc:outline"
  gw_doc *doc = check_doc(L, FN);
  if (gw_doc_complete(doc)) return luaL_error(L, "outline: out of memory");
  const gw_entry *es;
  size_t ne = gw_doc_outline(doc, &es);
  lua_createtable(L, (int)ne, 0);
  for (size_t k = 0; k < ne; k++) {
    push_entry(L, doc, &es[k]);
    lua_rawseti(L, -2, (int)k + 1);
  }
  return 1;
#undef FN
}

/* doc:entry(i) -> one outline entry (1-based index), or nil */
static int d_entry(lua_State *L)
{
#define FN "Doc:entry"
  gw_doc *doc = check_doc(L, FN);
  lua_Integer i = check_int(L, FN, 2, "index");
  if (gw_doc_complete(doc)) return luaL_error(L, "entry: out of memory");
  const gw_entry *es;
  size_t ne = gw_doc_outline(doc, &es);
  if (i < 1 || (size_t)i > ne) { lua_pushnil(L); return 1; }
  push_entry(L, doc, &es[i - 1]);
  return 1;
#undef FN
}

/* doc:section_levels([first[, last]]) -> levels, starts: two lists, one value per line
** (levels[i]: depth of the innermost heading section, 0 outside; starts[i]: true
** where a heading opens its section) */
static int d_section_levels(lua_State *L)
{
#define FN "Doc:section_levels"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  size_t first = lua_isnoneornil(L, 2) ? 0 : check_line(L, FN, 2, n, "first");
  size_t last = lua_isnoneornil(L, 3) ? n : check_line(L, FN, 3, n, "last");
  if (last < first) arg_error(L, FN, 3, "last", "must not be less than first");
  size_t cnt = last - first;
  int *lv = malloc((cnt ? cnt : 1) * sizeof *lv);
  unsigned char *st = malloc(cnt ? cnt : 1);
  if (!lv || !st || gw_doc_section_levels(doc, first, last, lv, st) != 0) {
    free(lv);
    free(st);
    return luaL_error(L, "section_levels: out of memory");
  }
  lua_createtable(L, (int)cnt, 0);
  lua_createtable(L, (int)cnt, 0);
  for (size_t i = 0; i < cnt; i++) {
    lua_pushinteger(L, lv[i]);
    lua_rawseti(L, -3, (int)i + 1);
    lua_pushboolean(L, st[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  free(lv);
  free(st);
  return 2;
#undef FN
}

/* doc:is_report() -> true when the text reads as a report (type from a title, or
** two headings of the first two levels) */
static int d_is_report(lua_State *L)
{
#define FN "Doc:is_report"
  gw_doc *doc = check_doc(L, FN);
  lua_pushboolean(L, gw_doc_is_report(doc));
  return 1;
#undef FN
}

/* doc:subdocs([lang]) -> { {first_line, end_line, title_line, type, type_name, present, required, missing} } */
static int d_subdocs(lua_State *L)
{
#define FN "Doc:subdocs"
  gw_doc *doc = check_doc(L, FN);
  gw_lang lang = check_lang(L, FN, 2);
  if (gw_doc_analyze(doc)) return luaL_error(L, "subdocs: out of memory");
  const gw_subdoc *sd;
  size_t ns = gw_doc_subdocs(doc, &sd);
  lua_createtable(L, (int)ns, 0);
  for (size_t k = 0; k < ns; k++) {
    lua_createtable(L, 0, 8);
    set_int(L, "first_line", (lua_Integer)sd[k].first_line);
    set_int(L, "end_line", (lua_Integer)sd[k].end_line);
    if (sd[k].title_line >= 0) set_int(L, "title_line", sd[k].title_line);
    lua_pushstring(L, gw_type_id(sd[k].type));
    lua_setfield(L, -2, "type");
    lua_pushstring(L, gw_type_name(sd[k].type, lang));
    lua_setfield(L, -2, "type_name");
    push_roles(L, sd[k].roles_present);
    lua_setfield(L, -2, "present");
    push_roles(L, sd[k].roles_required);
    lua_setfield(L, -2, "required");
    push_roles(L, sd[k].roles_missing);
    lua_setfield(L, -2, "missing");
    lua_rawseti(L, -2, (int)k + 1);
  }
  return 1;
#undef FN
}

/* doc:diagnostics([lang]) -> vim.diagnostic-shaped tables (0-based lnum, byte col) */
static int d_diagnostics(lua_State *L)
{
#define FN "Doc:diagnostics"
  gw_doc *doc = check_doc(L, FN);
  gw_lang lang = check_lang(L, FN, 2);
  if (gw_doc_complete(doc)) return luaL_error(L, "diagnostics: out of memory");
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(doc, &ds);
  char msg[512], code[16];
  lua_createtable(L, (int)nd, 0);
  for (size_t k = 0; k < nd; k++) {
    const gw_diag *d = &ds[k];
    lua_createtable(L, 0, 9);
    set_int(L, "lnum", (lua_Integer)d->line);
    set_int(L, "col", d->start);
    set_int(L, "end_lnum", (lua_Integer)d->end_line);
    set_int(L, "end_col", d->end);
    set_int(L, "severity", d->severity);
    snprintf(code, sizeof code, "GW%d", (int)d->code);
    lua_pushstring(L, code);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, gw_code_name(d->code));
    lua_setfield(L, -2, "name");
    size_t ml = gw_diag_message(d, lang, msg, sizeof msg);
    set_str(L, "message", msg, ml);
    lua_pushstring(L, "gongwen");
    lua_setfield(L, -2, "source");
    /* the message's arguments, for commands that fix what was found */
    set_int(L, "a", d->a);
    set_int(L, "b", d->b);
    set_str(L, "expected", d->s, strlen(d->s));
    set_str(L, "found", d->t, strlen(d->t));
    lua_rawseti(L, -2, (int)k + 1);
  }
  return 1;
#undef FN
}

/* doc:entry_at(lnum) -> 1-based outline index of the innermost section, or nil */
static int d_entry_at(lua_State *L)
{
#define FN "Doc:entry_at"
  gw_doc *doc = check_doc(L, FN);
  size_t n = gw_doc_line_count(doc);
  if (n == 0) { lua_pushnil(L); return 1; }
  size_t line = check_line(L, FN, 2, n - 1, "line");
  int e = gw_doc_entry_at(doc, line);
  if (e < 0) lua_pushnil(L);
  else lua_pushinteger(L, e + 1);
  return 1;
#undef FN
}

/* doc:set_options(opts) */
static int d_set_options(lua_State *L)
{
#define FN "Doc:set_options"
  gw_doc *doc = check_doc(L, FN);
  gw_options o;
  read_opts(L, FN, 2, &o);
  gw_doc_set_options(doc, &o);
  return 0;
#undef FN
}

/* doc:close(): frees the document now (the GC does it otherwise) */
static int d_close(lua_State *L)
{
  ldoc *d = (ldoc *)luaL_checkudata(L, 1, DOC_T);
  gw_doc_free(d->doc);
  d->doc = NULL;
  return 0;
}

static int d_tostring(lua_State *L)
{
  ldoc *d = (ldoc *)luaL_checkudata(L, 1, DOC_T);
  if (d->doc) lua_pushfstring(L, "gongwen.Doc (%d lines)", (int)gw_doc_line_count(d->doc));
  else lua_pushliteral(L, "gongwen.Doc (closed)");
  return 1;
}

/* }=================================================================== */

/* {===================================================================
** Loads: a file read into a new document by threads of the core (load.c).
** The threads never touch the Lua state; these methods only poll and take.
** =================================================================== */

static lload *check_load(lua_State *L, const char *fn)
{
  lload *l = (lload *)lua_touserdata(L, 1);
  if (!l || !lua_getmetatable(L, 1)) { type_error(L, fn, 1, "self", "gongwen.Load"); return NULL; }
  luaL_getmetatable(L, LOAD_T);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  if (!same) { type_error(L, fn, 1, "self", "gongwen.Load"); return NULL; }
  return l;
}

/* core.load(path[, opts[, skip[, threads]]]) -> Load, or nil and a message:
** starts reading the file into a new document in background threads (lines
** split at \n only; `skip` leading bytes left out; threads 0 = one per processor) */
static int l_load(lua_State *L)
{
#define FN "core.load"
  const char *path = check_str(L, FN, 1, "path", NULL);
  gw_options o;
  read_opts(L, FN, 2, &o);
  lua_Integer skip = lua_isnoneornil(L, 3) ? 0 : check_int(L, FN, 3, "skip");
  if (skip < 0 || skip > 16) arg_error(L, FN, 3, "skip", "0..16 expected");
  lua_Integer threads = lua_isnoneornil(L, 4) ? 0 : check_int(L, FN, 4, "threads");
  if (threads < 0 || threads > 64) arg_error(L, FN, 4, "threads", "0..64 expected");
  lload *l = (lload *)lua_newuserdata(L, sizeof *l);
  l->ld = NULL;
  luaL_getmetatable(L, LOAD_T);
  lua_setmetatable(L, -2);
  l->ld = gw_load_start(path, &o, (size_t)skip, (int)threads);
  if (!l->ld) {
    lua_pushnil(L);
    lua_pushliteral(L, "core.load: cannot start a thread");
    return 2;
  }
  return 1;
#undef FN
}

/* load:done() -> true when finish() will not wait (never blocks) */
static int ld_done(lua_State *L)
{
#define FN "Load:done"
  lload *l = check_load(L, FN);
  lua_pushboolean(L, !l->ld || gw_load_done(l->ld));
  return 1;
#undef FN
}

/* load:finish() -> doc, lines, bytes (bytes of the lines, line breaks not
** counted), or nil and a message. Waits for the load if it still runs. */
static int ld_finish(lua_State *L)
{
#define FN "Load:finish"
  lload *l = check_load(L, FN);
  if (!l->ld) return arg_error(L, FN, 1, "self", "load already finished or cancelled");
  ldoc *d = (ldoc *)lua_newuserdata(L, sizeof *d);
  d->doc = NULL;
  luaL_getmetatable(L, DOC_T);
  lua_setmetatable(L, -2);
  size_t lines = 0, bytes = 0;
  char err[256];
  d->doc = gw_load_finish(l->ld, &lines, &bytes, err, sizeof err);
  gw_load_free(l->ld);
  l->ld = NULL;
  if (!d->doc) {
    lua_pushnil(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushinteger(L, (lua_Integer)lines);
  lua_pushinteger(L, (lua_Integer)bytes);
  return 3;
#undef FN
}

/* load:cancel(): stops the load without waiting for it (also on collection) */
static int ld_cancel(lua_State *L)
{
  lload *l = (lload *)luaL_checkudata(L, 1, LOAD_T);
  gw_load_free(l->ld);
  l->ld = NULL;
  return 0;
}

static const luaL_Reg load_methods[] = {{"done", ld_done}, {"finish", ld_finish}, {"cancel", ld_cancel}, {NULL, NULL}};

/* }=================================================================== */

static const luaL_Reg doc_methods[] = {
  {"set_lines", d_set_lines},     {"set_text", d_set_text}, {"compare", d_compare}, {"line_count", d_line_count},
  {"placeholders", d_placeholders}, {"line", d_line}, {"line_local", d_line_local},       {"kinds", d_kinds},
  {"outline", d_outline},         {"subdocs", d_subdocs},   {"diagnostics", d_diagnostics},
  {"entry_at", d_entry_at}, {"entry", d_entry}, {"section_levels", d_section_levels}, {"is_report", d_is_report},       {"set_options", d_set_options}, {"close", d_close},
  {NULL, NULL}};

/* core.marker(rank, ordinal[, style]) -> "三、" */
static int l_marker(lua_State *L)
{
#define FN "core.marker"
  lua_Integer rank = check_int(L, FN, 1, "rank"), ord = check_int(L, FN, 2, "ordinal");
  lua_Integer style = lua_isnoneornil(L, 3) ? 0 : check_int(L, FN, 3, "style");
  if (rank < 1 || rank > 5) arg_error(L, FN, 1, "rank", "1..5 expected");
  if (ord < 1 || ord > 999) arg_error(L, FN, 2, "ordinal", "1..999 expected");
  char buf[64];
  size_t n = gw_format_marker((int)rank, (int)ord, (unsigned)style, buf, sizeof buf);
  lua_pushlstring(L, buf, n);
  return 1;
#undef FN
}

/* core.split_points(line) -> { {offset=, kind=, rank=}, ... } where a pasted line splits
** (offset: 0-based byte; kind: "heading", "item", or "body" after a title or heading) */
static int l_split_points(lua_State *L)
{
#define FN "core.split_points"
  size_t len;
  const char *s = check_str(L, FN, 1, "text", &len);
  size_t n = gw_split_points(s, len, NULL, 0);
  gw_split *pts = n ? malloc(n * sizeof *pts) : NULL;
  if (n && !pts) return luaL_error(L, "split_points: out of memory");
  gw_split_points(s, len, pts, n);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    set_int(L, "offset", pts[i].offset);
    lua_pushstring(L, gw_kind_name(pts[i].kind));
    lua_setfield(L, -2, "kind");
    set_int(L, "rank", pts[i].rank);
    lua_rawseti(L, -2, (int)i + 1);
  }
  free(pts);
  return 1;
#undef FN
}

/* core.role_name(id[, lang]) -> "做法成效" for "achievements" … */
static int l_role_name(lua_State *L)
{
#define FN "core.role_name"
  const char *id = check_str(L, FN, 1, "role", NULL);
  gw_lang lang = check_lang(L, FN, 2);
  for (unsigned bit = 1; bit <= GW_ROLE_PLANS; bit <<= 1)
    if (strcmp(gw_role_id(bit), id) == 0) {
      lua_pushstring(L, gw_role_name(bit, lang));
      return 1;
    }
  return arg_error(L, FN, 1, "role", "achievements, problems, causes or plans expected");
#undef FN
}

/* core.type_name(id[, lang]) -> "抓基层党建工作述职报告" for "dangjian" … */
static int l_type_name(lua_State *L)
{
#define FN "core.type_name"
  const char *id = check_str(L, FN, 1, "type", NULL);
  gw_lang lang = check_lang(L, FN, 2);
  for (int t = 0; t < GW_TYPE__COUNT; t++)
    if (strcmp(gw_type_id((gw_type)t), id) == 0) {
      lua_pushstring(L, gw_type_name((gw_type)t, lang));
      return 1;
    }
  return arg_error(L, FN, 1, "type", "a report type id expected");
#undef FN
}

/* core.count(text) -> characters as writers count them (字数) */
static int l_count(lua_State *L)
{
#define FN "core.count"
  size_t len;
  const char *s = check_str(L, FN, 1, "text", &len);
  lua_pushinteger(L, (lua_Integer)gw_count_chars(s, len));
  return 1;
#undef FN
}

/* core.utf8_valid(s) -> boolean */
static int l_utf8_valid(lua_State *L)
{
#define FN "core.utf8_valid"
  size_t len;
  const char *s = check_str(L, FN, 1, "text", &len);
  lua_pushboolean(L, gw_utf8_valid(s, len));
  return 1;
#undef FN
}

static const luaL_Reg module_fns[] = {{"new", l_new},
                                      {"load", l_load},
                                      {"version", l_version},
                                      {"marker", l_marker},
                                      {"split_points", l_split_points},
                                      {"count", l_count},
                                      {"utf8_valid", l_utf8_valid},
                                      {"role_name", l_role_name},
                                      {"type_name", l_type_name},
                                      {NULL, NULL}};

GW_EXPORT int luaopen_gongwen_core(lua_State *L);
GW_EXPORT int luaopen_gongwen_core(lua_State *L)
{
  luaL_newmetatable(L, DOC_T);
  lua_newtable(L);
  luaL_register(L, NULL, doc_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, d_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, d_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  luaL_newmetatable(L, LOAD_T);
  lua_newtable(L);
  luaL_register(L, NULL, load_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ld_cancel);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  lua_newtable(L);
  luaL_register(L, NULL, module_fns);
  lua_pushliteral(L, GW_VERSION);
  lua_setfield(L, -2, "VERSION");
  return 1;
}
