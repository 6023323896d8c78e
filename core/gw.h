/*
** gw.h: gongwen core, the one analyzer of Chinese work-report text.
**
** The core knows nothing of Lua, Neovim, tree-sitter or files. It holds a
** document as an array of lines, classifies each line once (line-local work,
** redone only for lines that change) and derives the document structure
** (titles, sub-documents, outline, roles, report type, diagnostics) from the
** per-line records on demand.
**
** Conventions: lines are 0-based; byte offsets are 0-based and refer to the
** line's bytes as given; "col" is a 0-based count of code points (an invalid
** UTF-8 byte counts as one). Every function that allocates reports failure
** through its return value; nothing aborts on input.
*/
#ifndef GW_H
#define GW_H

#include <stddef.h>
#include <stdint.h>

#define GW_VERSION "0.1.0"

/* What a line is, after the structure pass. */
typedef enum {
  GW_KIND_BODY = 0,  /* ordinary paragraph text */
  GW_KIND_BLANK,     /* empty or white space only */
  GW_KIND_TITLE,     /* report (or collection / sub-document) title */
  GW_KIND_HEADING,   /* numbered heading, or one whose ordinal was lost */
  GW_KIND_ITEM,      /* paragraph opening with 一是 / 第一， / 首先， */
  GW_KIND_LABEL,     /* unnumbered role label: 存在问题： */
  GW_KIND_ADDRESSEE, /* 主送: 区委： */
  GW_KIND_SIGNATURE, /* 署名 and/or 成文日期 */
  GW_KIND_NOISE,     /* not part of the report: notices, ads, page numbers */
  GW_KIND_TOC,       /* table-of-contents line (dot leaders + page) */
  GW_KIND__COUNT
} gw_kind;

/* Roles a heading or label names (bit set). */
enum {
  GW_ROLE_ACHIEVEMENTS = 1u << 0, /* 做法成效 / 履职情况 */
  GW_ROLE_PROBLEMS = 1u << 1,     /* 问题 / 不足 / 差距 */
  GW_ROLE_CAUSES = 1u << 2,       /* 原因 / 根源 */
  GW_ROLE_PLANS = 1u << 3,        /* 打算 / 思路 / 措施 / 下一步 */
  GW_ROLE__ALL = 0xFu
};

/* Marker style details (bit set), for style diagnostics. */
enum {
  GW_STYLE_OPEN_ASCII = 1u << 0,  /* ( */
  GW_STYLE_CLOSE_ASCII = 1u << 1, /* ) */
  GW_STYLE_DUNHAO = 1u << 2,      /* 1、 */
  GW_STYLE_FW_DOT = 1u << 3,      /* 1． */
  GW_STYLE_STRAY = 1u << 4,       /* （一）、 punctuation after a bracket */
  GW_STYLE_CIRCLED = 1u << 5,     /* ㈠ ⑴ ① */
  GW_STYLE_KANGXI = 1u << 6,      /* ⼀、 from PDF text */
  GW_STYLE_CJK_DOT = 1u << 7,     /* 一. instead of 一、 */
  GW_STYLE_DI = 1u << 8,          /* item written 第一， */
  GW_STYLE_SEQ = 1u << 9,         /* item written 首先， 其次， 再次， */
  GW_STYLE_LAST = 1u << 10,       /* 最后， the last of 首先 其次 再次 (its ordinal 0: not counted) */
  GW_STYLE_COMMA = 1u << 11       /* 二， typed for 二、 (a heading only after a 一、 heading of its report) */
};

/* Report types (catalog in shared/docs/report-structure.md part 4). */
typedef enum {
  GW_TYPE_UNKNOWN = 0,
  GW_TYPE_DANGJIAN,    /* 抓基层党建工作述职报告 */
  GW_TYPE_SHULIAN,     /* 述职述廉 / 述责述廉 */
  GW_TYPE_YISHI,       /* 落实意识形态工作责任制情况报告 */
  GW_TYPE_YIGANG,      /* 一岗双责 combined 述职 */
  GW_TYPE_DUIZHAO,     /* 民主生活会 / 组织生活会 对照检查材料 */
  GW_TYPE_ZONGJIE,     /* 年度工作总结 */
  GW_TYPE_ZHENGGAI,    /* 整改情况报告 */
  GW_TYPE_QINGKUANG,   /* generic 情况报告 / 工作汇报 */
  GW_TYPE_SHUZHI,      /* other 述职 */
  GW_TYPE__COUNT
} gw_type;

typedef enum { GW_SEV_ERROR = 1, GW_SEV_WARN = 2, GW_SEV_INFO = 3, GW_SEV_HINT = 4 } gw_severity;

typedef enum { GW_LANG_ZH = 0, GW_LANG_EN = 1 } gw_lang;

/* Diagnostic codes: stable, printed as "GW" + number. */
typedef enum {
  GW_D_NUM_GAP = 101,       /* 一、 then 三、 */
  GW_D_NUM_DUP = 102,       /* 二、 twice */
  GW_D_NUM_ORDER = 103,     /* goes backwards */
  GW_D_NUM_START = 104,     /* list does not start at 1 */
  GW_D_LONE_SUB = 105,      /* a single （一） with no （二） */
  GW_D_BRACKET_MIX = 106,   /* （一） and (二) in one list, or （一) */
  GW_D_STYLE_MIX = 107,     /* 1. and 1、 in one list */
  GW_D_RANK_INVERT = 108,   /* 1. above （一） */
  GW_D_LEVEL_SKIP = 109,    /* 一、 directly above 1. (off by default) */
  GW_D_ENUM_SEQ = 110,      /* 一是 … 三是 */
  GW_D_ANNOUNCED = 111,     /* 以下三个方面 followed by four */
  GW_D_ROLE_MISSING = 201,  /* required part missing for the report type */
  GW_D_NO_CAUSES = 202,     /* problems listed, causes never analysed */
  GW_D_EMPTY_SECTION = 203, /* heading with nothing under it */
  GW_D_DUP_LABEL = 204,     /* same role label twice in one report */
  GW_D_PLACEHOLDERS = 301,  /* unfilled placeholders in a section */
  GW_D_RESIDUE = 302,       /* template residue: notices, ads, paywall markers */
  GW_D_LOST_ORDINAL = 303,  /* heading that lost its ordinal */
  GW_D_DUNHAO = 304,        /* 1、 where GB/T 15834 wants 1. */
  GW_D_STRAY_PUNCT = 305,   /* （一）、 */
  GW_D_MARKER_COMMA = 306   /* 二， where 二、 is meant */
} gw_code;

typedef struct gw_doc gw_doc;

typedef struct {
  int level_skip;    /* report GW109 (default 0) */
  gw_lang lang;      /* language of messages (default zh) */
} gw_options;

/* A placeholder span within one line. */
typedef struct {
  uint32_t start, end; /* bytes, end exclusive */
  uint32_t col;        /* code points before start */
  uint32_t ncols;      /* code points in the span */
} gw_span;

/* What the structure pass decided for one line. */
typedef struct {
  gw_kind kind;
  int rank;            /* 1 一、 2 （一） 3 1. 4 （1） 5 item/① ; 0 otherwise */
  int depth;           /* outline depth (1 = top heading of its report), 0 if none */
  int ordinal;         /* value of the marker, 0 if none or lost */
  unsigned style;      /* GW_STYLE_* */
  unsigned roles;      /* GW_ROLE_* named by a heading/label */
  int lost;            /* heading whose ordinal was lost */
  int runin;           /* heading/item/label text runs into body text */
  int ends_sentence;   /* the line ends with 。！？ (maybe inside ” or ）) */
  int ends_colon;      /* the line ends with ： */
  int subdoc;          /* index of the sub-document holding the line */
  uint32_t marker_start, marker_end; /* bytes of the marker (empty if none) */
  uint32_t text_start, text_end;     /* bytes of the heading/label/item text */
  int bullet;          /* a lost heading marked by a bullet (■ 学习收获): it stands between the
                       ** line's indentation and text_start */
} gw_line_info;

/* One outline entry: a title, heading, label or item. */
typedef struct {
  size_t line;
  size_t end_line;     /* first line after the section (exclusive) */
  gw_kind kind;
  int rank, depth, ordinal, lost;
  unsigned roles;
  int parent;          /* index into the entry array, -1 at the top */
  int subdoc;
  size_t placeholders; /* placeholders inside the section */
  size_t diagnostics;  /* diagnostics inside the section */
  int list;            /* numbering list the heading belongs to (-1 for others) */
  unsigned list_style; /* the style most of that list's markers are written in */
} gw_entry;

typedef struct {
  size_t first_line, end_line; /* [first, end) */
  long title_line;             /* -1 when the sub-document has no title */
  size_t closing_line;         /* first line of the closing block (署名, 日期, 特此报告), else end_line */
  gw_type type;
  unsigned roles_present, roles_required, roles_missing;
} gw_subdoc;

typedef struct {
  size_t line, end_line;       /* end_line inclusive (same as line for one line) */
  uint32_t start, end;         /* byte range on line (start) and end_line (end) */
  gw_severity severity;
  gw_code code;
  int a, b;                    /* numeric arguments of the message */
  char s[24], t[24];           /* marker arguments of the message (UTF-8) */
} gw_diag;

/* ---- lifetime and editing ---- */
gw_doc *gw_doc_new(const gw_options *opts); /* NULL on allocation failure */
void gw_doc_free(gw_doc *doc);
void gw_doc_set_options(gw_doc *doc, const gw_options *opts);

/* Replace lines [first, last) by n lines (lens[i] bytes each, any bytes).
** Returns 0, or -1 on bad range or allocation failure (document unchanged). */
int gw_doc_replace(gw_doc *doc, size_t first, size_t last, const char *const *lines,
                   const size_t *lens, size_t n);
/* Replace everything by text split at \n (a \r before \n, and lone \r, end lines too). */
int gw_doc_set_text(gw_doc *doc, const char *text, size_t len);

size_t gw_doc_line_count(const gw_doc *doc);
const char *gw_doc_line(const gw_doc *doc, size_t line, size_t *len);

/* ---- line-local results (always current) ---- */
size_t gw_doc_placeholders(const gw_doc *doc, size_t line, const gw_span **spans);

/* What the line says by itself, without the structure pass (cheap while typing):
** kind is heading/item/label/noise/toc/blank/body from the line's own shape; the
** context rules (titles, lost ordinals, residue before a title) are not applied. */
int gw_doc_line_local(const gw_doc *doc, size_t line, gw_line_info *out);

/* ---- structure (rebuilt lazily after edits; return -1 on allocation failure) ----
** gw_doc_analyze runs the structure pass (kinds, outline, sub-documents, report
** types). The diagnostics, and the fields of the outline entries they fill
** (diagnostics, list, list_style), are computed on their first request after it:
** gw_doc_outline and gw_doc_diagnostics make them; the other calls never wait
** for them. gw_doc_complete makes both (0, or -1 on allocation failure). */
int gw_doc_analyze(gw_doc *doc);
int gw_doc_complete(gw_doc *doc);
int gw_doc_line_info(gw_doc *doc, size_t line, gw_line_info *out);
size_t gw_doc_outline(gw_doc *doc, const gw_entry **entries);
size_t gw_doc_subdocs(gw_doc *doc, const gw_subdoc **subdocs);
size_t gw_doc_diagnostics(gw_doc *doc, const gw_diag **diags);
/* Entry index whose section holds the line (innermost), or -1. */
int gw_doc_entry_at(gw_doc *doc, size_t line);
/* Section depth of each line in [first, last) for folding: levels[i] is the depth
** of the innermost heading section holding the line (0 outside any), starts[i]
** is 1 where a heading opens its section. Returns -1 on a bad range. */
int gw_doc_section_levels(gw_doc *doc, size_t first, size_t last, int *levels, unsigned char *starts);
/* 1 when the text reads as a report: a report type is recognised from a title,
** or at least two headings of the first two GB/T levels are present. */
int gw_doc_is_report(gw_doc *doc);

/* ---- names and messages ---- */
const char *gw_kind_name(gw_kind kind);          /* "heading" … */
const char *gw_type_name(gw_type type, gw_lang); /* "抓基层党建工作述职报告" … */
const char *gw_type_id(gw_type type);            /* "dangjian" … */
const char *gw_role_name(unsigned role_bit, gw_lang); /* one bit */
const char *gw_role_id(unsigned role_bit);       /* "achievements" … */
const char *gw_severity_name(gw_severity sev);   /* "warning" … */
const char *gw_code_name(gw_code code);          /* "numbering-gap" … */
/* Writes the message into buf (always NUL-terminated); returns its length. */
size_t gw_diag_message(const gw_diag *d, gw_lang lang, char *buf, size_t cap);

/* ---- helpers for editing commands (no rule lives outside the core) ---- */
/* The marker for rank/ordinal in a style (GW_STYLE_* bits taken from an existing
** marker of the list; 0 = the GB/T 9704 form: 一、 （一） 1. （1） ①; rank 5 = 一是). */
size_t gw_format_marker(int rank, int ordinal, unsigned style, char *buf, size_t cap);
/* Where a pasted one-line text should be split: before a heading or item marker
** that follows a sentence end or white space, and at the white space after a
** short title or heading that runs into body text. Returns the number of split
** points (writes at most cap; kinds may be NULL). */
typedef struct {
  uint32_t offset; /* byte where the new line starts */
  gw_kind kind;    /* what starts there: heading, item, or body after a title/heading */
  int rank;        /* marker rank for headings and items */
} gw_split;
size_t gw_split_points(const char *s, size_t n, gw_split *out, size_t cap);
/* Characters as writers count them (字数, as word processors do): each CJK character
** and full-width punctuation mark counts 1, each run of Latin letters or digits 1. */
size_t gw_count_chars(const char *s, size_t n);

/* ---- text helpers shared by the bindings ---- */
/* Code points in s[0..n): bytes that do not continue a sequence (a stray
** continuation byte is counted with the character before it). */
size_t gw_utf8_count(const char *s, size_t n);
/* 1 if s is valid UTF-8. */
int gw_utf8_valid(const char *s, size_t n);

/* ---- loading a file in background threads (load.c) ---- */
/* For an editor's first look at a large file it has just read: the file is read
** and scanned into a new document, and the structure pass run, in threads of
** their own; the caller's thread only polls. Lines are split at \n only (a \r
** stays in its line, a final \n ends the last line, an empty file is one empty
** line); the first `skip` bytes are left out (a byte order mark). */
typedef struct gw_load gw_load;
/* Starts a load in `threads` threads (0: one per processor, at most 8; files
** under 1 MiB per thread use fewer). NULL when it cannot start. */
gw_load *gw_load_start(const char *path, const gw_options *opts, size_t skip, int threads);
/* 1 when the load is over (gw_load_finish returns at once), else 0; never blocks. */
int gw_load_done(gw_load *ld);
/* Waits for the load; returns the analyzed document (the caller owns it) with its
** line count and the bytes of its lines (line breaks not counted), or NULL with
** a message in err (always NUL-terminated when errcap > 0). */
gw_doc *gw_load_finish(gw_load *ld, size_t *lines, size_t *bytes, char *err, size_t errcap);
/* Frees the load (and a document not taken) without waiting: a load still
** running is told to stop and frees itself when its threads end. */
void gw_load_free(gw_load *ld);

#endif
