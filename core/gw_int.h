/*
** gw_int.h: internal types shared by the core's files. Not installed.
*/
#ifndef GW_INT_H
#define GW_INT_H

#include "gw.h"

#include <stdbool.h>

/* Candidate classification from the line alone (scan.c). */
typedef enum {
  GW_C_PLAIN = 0, /* body text, maybe a candidate for a context rule */
  GW_C_BLANK,
  GW_C_HEADING,   /* starts with a heading marker */
  GW_C_ITEM,      /* starts with an enumerator */
  GW_C_LABEL,     /* short role phrase + colon */
  GW_C_NOISE,     /* residue on its own */
  GW_C_TOC        /* dot leaders + page number */
} gw_cand;

/* Line flags (bit set). */
enum {
  GW_F_TITLE_STRONG = 1u << 0,  /* ends in a 文种 (报告, 材料, 总结 …) */
  GW_F_SHORT_PLAIN = 1u << 1,   /* short, no sentence punctuation at all */
  GW_F_ADDR = 1u << 2,          /* short org name + colon, nothing after */
  GW_F_SIG_DATE = 1u << 3,      /* [org] + full date and nothing else */
  GW_F_SIG_NAME = 1u << 4,      /* 述职人：XXX */
  GW_F_OPENING = 1u << 5,       /* 现将…如下 */
  GW_F_CLOSING = 1u << 6,       /* 特此报告 */
  GW_F_PIAN = 1u << 7,          /* title suffix 篇一 / 篇2 */
  GW_F_COLLECTION = 1u << 8,    /* title suffix (5篇) */
  GW_F_END_SENTENCE = 1u << 9,  /* last char ends a sentence 。！？ */
  GW_F_END_COLON = 1u << 10,    /* last char is ： or : */
  GW_F_END_OPEN_QUOTE = 1u << 11, /* a “ is still open at the end */
  GW_F_RESIDUE = 1u << 12,      /* ##paidbegin## glued to the line */
  GW_F_NOISE_STRONG = 1u << 13, /* unmistakable residue (notice, QQ, ad) */
  GW_F_ANNEX = 1u << 14,        /* 附件： starts a new numbering scope */
  GW_F_END_MID = 1u << 15,      /* ends mid-sentence (last char is text) */
  GW_F_PAGE_NO = 1u << 16,      /* a bare page number */
  GW_F_ROLE_SHORT = 1u << 17,   /* SHORT_PLAIN and names a role */
  GW_F_CHROME_PATH = 1u << 18,  /* SHORT_PLAIN with > or | (首页 > 工作报告): a site's path, no title */
  GW_F_SEQ_ITEM = 1u << 19,     /* an item 首先， 其次， 再次， (a 最后， after it is an item too) */
  GW_F_RELATED = 1u << 20,      /* residue 相关推荐： 相关阅读：, above a list of other articles */
  GW_F_SLOGAN = 1u << 21,       /* two short phrases and one comma, nothing else (严于律己，廉洁从医): a heading's shape */
  GW_F_NAME_FIELD = 1u << 22,   /* a short word, a colon and a person's name (庭长：XXX): a signature above its date */
  GW_F_INLINE_LIST = 1u << 23,  /* 附件：1．… 注：1.…: a label opens a numbered list in the line (2．… below go on with it) */
  GW_F_LONG_PLAIN = 1u << 24,   /* as SHORT_PLAIN, 26 to 40 characters: the long first half of a wrapped title */
  GW_F_SALUTE = 1u << 25,       /* ADDR that greets (尊敬的各位领导：, 同志们：, 王××同志：): an addressee wherever it stands */
  GW_F_BULLET = 1u << 26,       /* ■ 学习收获: a bullet before a short plain text, a heading (tx_* is its text) */
  GW_F_END_JOIN = 1u << 27,     /* ends with 的 和 及 与 暨 、: the words go on on the next line */
  GW_F_DI_ITEM = 1u << 28       /* an item 第一， 第二， … (a 最后， after it is an item too) */
};

/* An inline enumerator (一是) or count announcement found in a line. */
typedef struct {
  uint32_t pos;     /* byte offset */
  uint8_t ordinal;  /* 1..10; 0 for an announcement */
  uint8_t after_colon;
  uint8_t count;    /* announcement: number announced */
} gw_enum;

/* Everything known about one line from its own bytes. */
typedef struct {
  uint8_t cand;       /* gw_cand */
  uint8_t rank;       /* marker rank 1..5 */
  uint8_t runin;
  uint8_t cue_roles;  /* roles cued by body sentences (究其原因 …) */
  uint8_t roles;      /* roles named by heading/label text */
  uint16_t ordinal;
  uint16_t style;     /* GW_STYLE_* */
  uint32_t flags;     /* GW_F_* */
  uint32_t nchars;    /* code points (capped scan: exact when < 4096 bytes) */
  uint32_t mk_start, mk_end, tx_start, tx_end;
} gw_lrec;

/* Storage shared by the lines one gw_doc_replace / gw_doc_set_text call made:
** one block for their texts and one array each for their placeholders and
** enumerators (doc.c). Freed when the last of those lines goes. */
typedef struct gw_store gw_store;

typedef struct {
  char *text;         /* NUL-terminated copy of the line (in store) */
  uint32_t len;
  uint32_t nph;
  gw_span *ph;        /* placeholders (in store; NULL when none) */
  gw_enum *en;        /* enumerators and announcements (in store; NULL when none) */
  uint32_t nen;
  gw_lrec r;
  gw_store *store;    /* owner of text, ph and en */
  /* structure pass */
  uint8_t kind, rank, depth, roles, lost;
  int32_t subdoc, entry;
} gw_line;

struct gw_doc {
  gw_options opts;
  gw_line *lines;   /* contiguous: the structure passes stream through it */
  size_t n, cap;
  bool dirty;
  bool diag_dirty; /* the structure is current, the diagnostics not (see gw_doc_complete) */
  gw_entry *entries;
  size_t nentries, entries_cap;
  gw_subdoc *subdocs;
  size_t nsubdocs, subdocs_cap;
  gw_diag *diags;
  size_t ndiags, diags_cap;
};

/* Where gw_scan_line appends a line's placeholders and enumerators: growing
** arrays shared by the lines of one edit (the caller takes the new tail). */
typedef struct {
  gw_span *ph;
  size_t nph, ph_cap;
  gw_enum *en;
  size_t nen, en_cap;
} gw_scan_out;

/* scan.c */
/* Fills *r from s[0..n) (s[n] == '\0') and appends the line's placeholders and
** enumerators to out; -1 on ENOMEM (out keeps what it had). */
int gw_scan_line(const char *s, size_t n, gw_lrec *r, gw_scan_out *out);
unsigned gw_roles_of(const char *s, size_t n);
gw_type gw_type_of_title(const char *s, size_t n);
unsigned gw_type_required(gw_type t);
uint32_t gw_utf8_decode(const unsigned char *s, size_t n, size_t i, size_t *len);

/* diag.c */
int gw_diagnose(gw_doc *doc);

/* doc.c */
/* Room for `need` lines in doc->lines (doubling); -1 on ENOMEM (nothing changed). */
int gw_doc_reserve(gw_doc *doc, size_t need);
/* A block of text that lines can live in where it is (load.c reads a file into
** it): room for `bytes` bytes and a NUL after them; NULL on ENOMEM. Large
** blocks are mapped on their own, with huge pages where the system has them. */
char *gw_block_new(size_t bytes);
/* Frees a block that no line took. */
void gw_block_free(char *block);
/* The lines of block[start, end): its \n count, plus one for a last line
** without one. */
size_t gw_block_lines(const char *block, size_t start, size_t end);
/* Makes dst[0..n) the n lines of block[start, end), n as gw_block_lines counts
** them: split at \n (each \n becomes its line's NUL; a last line without one
** ends at end, where the block has room for its NUL), scanned, their texts
** left in the block, which they own from then on. dst is not grown: load.c
** has each thread fill its part of one document's array. On failure (-1,
** ENOMEM) the block is freed and dst[0..n) is zeroed. */
int gw_block_scan(gw_line *dst, size_t n, char *block, size_t start, size_t end);
/* Lets go of n lines gw_block_scan made, for a document that is not made
** after all (zeroes them). */
void gw_lines_release(gw_line *v, size_t n);

/* small helpers */
#define GW_GROW(ptr, cnt, cap, need, fail)                                       \
  do {                                                                           \
    if ((need) > (cap)) {                                                        \
      size_t nc_ = (cap) ? (cap) * 2 : 16;                                       \
      while (nc_ < (need)) nc_ *= 2;                                             \
      void *np_ = realloc((ptr), nc_ * sizeof *(ptr));                           \
      if (!np_) { fail; }                                                        \
      (ptr) = np_;                                                               \
      (cap) = nc_;                                                               \
    }                                                                            \
  } while (0)

#endif
