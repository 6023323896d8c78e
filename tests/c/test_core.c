/*
** test_core.c: unit tests of the core through its public API (gw.h, input.h).
** The per-variant detection tables live in tests/fixtures (checked through the
** CLI); these tests cover the API contract, the outline shape, incremental
** updates, messages and bad input.
*/
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */
#include "gw.h"
#include "input.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* {===================================================================
** Helpers
** =================================================================== */

static gw_doc *doc_of(const char *text)
{
  gw_doc *d = gw_doc_new(NULL);
  if (!d || gw_doc_set_text(d, text, strlen(text)) != 0) {
    tap_fail(__FILE__, __LINE__, "could not build a document");
    gw_doc_free(d);
    return NULL;
  }
  return d;
}

static gw_line_info info(gw_doc *d, size_t line)
{
  gw_line_info li;
  memset(&li, 0, sizeof li);
  if (gw_doc_line_info(d, line, &li) != 0) tap_fail(__FILE__, __LINE__, "line_info(%zu) failed", line);
  return li;
}

/* Text of the heading/label/item on a line, into a static buffer per call site. */
static const char *text_of(gw_doc *d, size_t line, char *buf, size_t cap)
{
  gw_line_info li = info(d, line);
  size_t len;
  const char *s = gw_doc_line(d, line, &len);
  size_t n = li.text_end - li.text_start;
  if (n >= cap) n = cap - 1;
  memcpy(buf, s + li.text_start, n);
  buf[n] = '\0';
  return buf;
}

static size_t count_code(gw_doc *d, gw_code code)
{
  const gw_diag *ds;
  size_t n = gw_doc_diagnostics(d, &ds), c = 0;
  for (size_t i = 0; i < n; i++) c += ds[i].code == code;
  return c;
}

static const gw_diag *find_code(gw_doc *d, gw_code code, size_t line)
{
  const gw_diag *ds;
  size_t n = gw_doc_diagnostics(d, &ds);
  for (size_t i = 0; i < n; i++)
    if (ds[i].code == code && ds[i].line == line) return &ds[i];
  return NULL;
}

/* }=================================================================== */

/* {===================================================================
** Lines and markers
** =================================================================== */

static void test_marker_ranks(void)
{
  static const struct { const char *line; gw_kind kind; int rank, ordinal; } cases[] = {
    {"一、基本情况", GW_KIND_HEADING, 1, 1},
    {"十一、其他", GW_KIND_HEADING, 1, 11},
    {"二十一、其他", GW_KIND_HEADING, 1, 21},
    {"九十九、其他", GW_KIND_HEADING, 1, 99},
    {"⼀、基本情况", GW_KIND_HEADING, 1, 1},
    {"（一）加强领导", GW_KIND_HEADING, 2, 1},
    {"(二)加强领导", GW_KIND_HEADING, 2, 2},
    {"﹙三﹚加强领导", GW_KIND_HEADING, 2, 3},
    {"（四)加强领导", GW_KIND_HEADING, 2, 4},
    {"（ 五 ）加强领导", GW_KIND_HEADING, 2, 5},
    {"㈥加强领导", GW_KIND_HEADING, 2, 6},
    {"1.健全机制", GW_KIND_HEADING, 3, 1},
    {"12．健全机制", GW_KIND_HEADING, 3, 12},
    {"3、健全机制", GW_KIND_HEADING, 3, 3},
    {"（1）完善预案", GW_KIND_HEADING, 4, 1},
    {"(2)完善预案", GW_KIND_HEADING, 4, 2},
    {"⑶完善预案", GW_KIND_HEADING, 4, 3},
    {"④周调度", GW_KIND_HEADING, 5, 4},
    {"一是强化担当。", GW_KIND_ITEM, 5, 1},
    {"第二，加强学习。", GW_KIND_ITEM, 5, 2},
    {"首先，加强学习。", GW_KIND_ITEM, 5, 1},
    {"　　一、缩进的标题", GW_KIND_HEADING, 1, 1},
    {"    一、缩进的标题", GW_KIND_HEADING, 1, 1},
    {"### 一、Markdown 标题", GW_KIND_HEADING, 1, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[256];
    /* a body line first, so the case is not read as the title */
    snprintf(text, sizeof text, "全年工作取得新进展。\n%s\n", cases[i].line);
    gw_doc *d = doc_of(text);
    if (!d) return;
    gw_line_info li = info(d, 1);
    if ((int)li.kind != (int)cases[i].kind || li.rank != cases[i].rank || li.ordinal != cases[i].ordinal)
      tap_fail(__FILE__, __LINE__, "'%s': kind %s rank %d ordinal %d, expected %s %d %d", cases[i].line,
               gw_kind_name(li.kind), li.rank, li.ordinal, gw_kind_name(cases[i].kind), cases[i].rank, cases[i].ordinal);
    gw_doc_free(d);
  }
}

static void test_guards(void)
{
  static const char *const lines[] = {
    "1.5亿元资金已拨付到位。", "2024.10.12召开会议。", "（一般来说）这类问题多发生在基层。", "一年、两年的时间里。",
    "第一时间传达学习。",     "1、2、3项任务均已完成。", "10%的项目已完工。",        "一、",
    /* two numerals named together */
    "一、二季度集中开展“回头看”。", "三、四等奖各3名。", "十、十一月份组织复查。", "一、二、三产业协调发展。",
    "一、两年内完成改造。",
  };
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "全年工作取得新进展。\n%s\n", lines[i]);
    gw_doc *d = doc_of(text);
    if (!d) return;
    gw_line_info li = info(d, 1);
    if (li.kind == GW_KIND_HEADING || li.kind == GW_KIND_ITEM)
      tap_fail(__FILE__, __LINE__, "'%s' read as %s", lines[i], gw_kind_name(li.kind));
    gw_doc_free(d);
  }
}

/* The closing block: the signer and the date, in the forms reports use. */
static void test_signature_dates(void)
{
  static const char *const dates[] = {"2024年12月20日", "二〇二五年八月十二日", "二〇二五年元月六日", "2025年1月",
                                      "二〇二五年一月",  "2025.1.6",         "2025-01-06",      "2025/1/6",
                                      "X月X日",          "XXXX年XX月XX日"};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "XX局2024年工作总结\n一、主要工作\n正文。\n二、下一步打算\n正文。\nXX街道办事处\n%s\n",
             dates[i]);
    gw_doc *d = doc_of(text);
    if (!d) return;
    gw_line_info sig = info(d, 5), date = info(d, 6);
    if (sig.kind != GW_KIND_SIGNATURE || date.kind != GW_KIND_SIGNATURE)
      tap_fail(__FILE__, __LINE__, "'%s': the signer is %s, the date %s", dates[i], gw_kind_name(sig.kind),
               gw_kind_name(date.kind));
    gw_doc_free(d);
  }
  /* not dates: a month and day alone (1月6日 in a timeline), a number, a decimal */
  static const char *const not_dates[] = {"1月6日", "2025.1", "12.5.6", "20251.1.6"};
  for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "XX局2024年工作总结\n一、主要工作\n%s\n正文。\n", not_dates[i]);
    gw_doc *d = doc_of(text);
    if (!d) return;
    if (info(d, 2).kind == GW_KIND_SIGNATURE) tap_fail(__FILE__, __LINE__, "'%s' read as a signature", not_dates[i]);
    gw_doc_free(d);
  }
}

static void test_runin_text(void)
{
  char buf[256];
  gw_doc *d = doc_of("正文。\n（一）突出以身作则，着力种好“责任田”。一是聚焦主业。二是强化担当。\n"
                     "一是加强学习，二是改进作风。\n（二）完善制度：\n存在问题：一是不够深入。\n");
  if (!d) return;
  CHECK_STR(text_of(d, 1, buf, sizeof buf), "突出以身作则，着力种好“责任田”");
  CHECK(info(d, 1).runin);
  CHECK_STR(text_of(d, 2, buf, sizeof buf), "加强学习");
  CHECK_STR(text_of(d, 3, buf, sizeof buf), "完善制度");
  CHECK(!info(d, 3).runin);
  CHECK_INT(info(d, 4).kind, GW_KIND_LABEL);
  CHECK_STR(text_of(d, 4, buf, sizeof buf), "存在问题");
  CHECK(info(d, 4).runin);
  gw_doc_free(d);

  /* an item whose marker ends in the colon and nothing after: no text (the
  ** colon of the marker is not a heading's trailing colon to drop) */
  static const char *const bare[] = {"第三：", "第三:", "第三： ", "第十：\t"};
  for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
    char text[64];
    snprintf(text, sizeof text, "一、甲\n%s\n", bare[i]);
    if (!(d = doc_of(text))) return;
    gw_line_info li = info(d, 1);
    size_t len;
    gw_doc_line(d, 1, &len);
    if (li.kind != GW_KIND_ITEM || li.text_start > li.text_end || li.text_end > len || li.marker_end > li.text_start)
      tap_fail(__FILE__, __LINE__, "'%s': %s, marker [%u,%u), text [%u,%u) in %zu bytes", bare[i],
               gw_kind_name(li.kind), (unsigned)li.marker_start, (unsigned)li.marker_end, (unsigned)li.text_start,
               (unsigned)li.text_end, len);
    gw_doc_free(d);
  }
}

static void test_roles(void)
{
  static const struct { const char *heading; unsigned roles; } cases[] = {
    {"一、主要做法及成效", GW_ROLE_ACHIEVEMENTS},
    {"一、履行职责情况", GW_ROLE_ACHIEVEMENTS},
    {"二、存在的主要问题及原因", GW_ROLE_PROBLEMS | GW_ROLE_CAUSES},
    {"二、存在的问题和不足", GW_ROLE_PROBLEMS},
    {"三、原因分析", GW_ROLE_CAUSES},
    {"三、下一步工作思路和主要措施", GW_ROLE_PLANS},
    {"四、今后努力方向", GW_ROLE_PLANS},
    {"（二）抓非公企业党建用力不足", 0},
    {"（三）补齐短板，夯实基础", 0},
    {"（一）提高政治站位，抓好突出问题整改", 0},
    /* every keyword of gw_roles_of once, not at the end (…情况 alone gives
    ** achievements): the walk skips characters by lookup tables, and a
    ** keyword missing from them would be passed over */
    {"一、根源剖析", GW_ROLE_CAUSES},
    {"一、查找差距", GW_ROLE_PROBLEMS},
    {"一、存在的短板", GW_ROLE_PROBLEMS},
    {"一、下步打算", GW_ROLE_PLANS},
    {"一、改进举措", GW_ROLE_PLANS},
    {"一、明年计划", GW_ROLE_PLANS},
    {"一、2025年计划", GW_ROLE_PLANS},
    {"一、工作展望", GW_ROLE_PLANS},
    {"一、意见建议", GW_ROLE_PLANS},
    {"一、工作计划", GW_ROLE_PLANS},
    {"一、工作安排", GW_ROLE_PLANS},
    {"一、改进方向", GW_ROLE_PLANS},
    {"一、工作回顾", GW_ROLE_ACHIEVEMENTS},
    {"一、主要成绩", GW_ROLE_ACHIEVEMENTS},
    {"一、工作亮点", GW_ROLE_ACHIEVEMENTS},
    {"一、履职情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、开展情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、基本情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、总体情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、自查情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、主要工作和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、职责情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、经验体会", GW_ROLE_ACHIEVEMENTS},
    {"一、完成情况和体会", GW_ROLE_ACHIEVEMENTS},
    {"一、存在的困难和体会", GW_ROLE_PROBLEMS},
    {"一、对照检查情况", GW_ROLE_PROBLEMS},
    {"五、对策建议", GW_ROLE_PLANS},
    {"三、几点建议", GW_ROLE_PLANS},
    {"一、工作中的薄弱环节", GW_ROLE_PROBLEMS},
    {"一、工作设想", GW_ROLE_PLANS},
    {"一、2025年重点工作", GW_ROLE_PLANS},
    {"一、2025年重点任务", GW_ROLE_PLANS},
    /* the same words naming work done, or not the whole heading */
    {"（一）帮助群众解决困难", 0},
    {"（二）补齐薄弱环节", 0},
    {"2025年重点工作任务分解表", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "正文。\n%s\n正文。\n", cases[i].heading);
    gw_doc *d = doc_of(text);
    if (!d) return;
    gw_line_info li = info(d, 1);
    if (li.roles != cases[i].roles) tap_fail(__FILE__, __LINE__, "'%s': roles %u, expected %u", cases[i].heading, li.roles, cases[i].roles);
    gw_doc_free(d);
  }
}

static void test_report_types(void)
{
  static const struct { const char *title; gw_type type; unsigned required; } cases[] = {
    {"XX党委书记2024年度抓基层党建工作述职报告", GW_TYPE_DANGJIAN,
     GW_ROLE_ACHIEVEMENTS | GW_ROLE_PROBLEMS | GW_ROLE_CAUSES | GW_ROLE_PLANS},
    {"XXX同志2024年度述职述廉报告", GW_TYPE_SHULIAN, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PROBLEMS | GW_ROLE_PLANS},
    {"XX局落实意识形态工作责任制情况报告", GW_TYPE_YISHI, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PROBLEMS | GW_ROLE_PLANS},
    {"履行基层党建和意识形态工作责任述职报告", GW_TYPE_YIGANG, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PROBLEMS | GW_ROLE_PLANS},
    {"XX领导班子2024年度民主生活会对照检查材料", GW_TYPE_DUIZHAO, GW_ROLE_PROBLEMS | GW_ROLE_CAUSES | GW_ROLE_PLANS},
    {"XX局2024年工作总结", GW_TYPE_ZONGJIE, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PROBLEMS | GW_ROLE_PLANS},
    {"XX党委关于巡察反馈意见整改情况的报告", GW_TYPE_ZHENGGAI, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PLANS},
    {"关于XX工作情况的报告", GW_TYPE_QINGKUANG, GW_ROLE_ACHIEVEMENTS | GW_ROLE_PLANS},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "%s\n\n现将有关情况报告如下：\n一、主要做法\n正文。\n", cases[i].title);
    gw_doc *d = doc_of(text);
    if (!d) return;
    CHECK_INT(info(d, 0).kind, GW_KIND_TITLE);
    const gw_subdoc *sd;
    size_t ns = gw_doc_subdocs(d, &sd);
    CHECK_INT(ns, 1);
    if (ns) {
      if (sd[0].type != cases[i].type) tap_fail(__FILE__, __LINE__, "'%s' typed %s", cases[i].title, gw_type_id(sd[0].type));
      CHECK_INT(sd[0].roles_required, cases[i].required);
    }
    gw_doc_free(d);
  }
}

/* }=================================================================== */

/* {===================================================================
** Outline
** =================================================================== */

static int depth_at(gw_doc *d, size_t line) { return info(d, line).depth; }

static void test_depth_from_ranks_used(void)
{
  /* 1、 as the top level */
  gw_doc *d = doc_of("关于XX的报告\n\n1、健全机制\n正文。\n2、狠抓学习\n（1）细则\n");
  if (!d) return;
  CHECK_INT(depth_at(d, 2), 1);
  CHECK_INT(depth_at(d, 4), 1);
  CHECK_INT(depth_at(d, 5), 2);
  gw_doc_free(d);
  /* （一） with no 一、 parent, restarting after a transition sentence */
  d = doc_of("关于XX的报告\n\n（一）强化领导。正文。\n（二）狠抓学习。正文。\n但仍存在一些问题。\n（一）认识不足。正文。\n1、细化措施。\n");
  if (!d) return;
  CHECK_INT(depth_at(d, 2), 1);
  CHECK_INT(depth_at(d, 5), 1);
  CHECK_INT(depth_at(d, 6), 2);
  CHECK_INT(count_code(d, GW_D_NUM_ORDER), 0);
  gw_doc_free(d);
  /* the same restart after a list of one: no duplicate either (as renumbering
  ** 三、 to 一、 before the transition leaves it) */
  d = doc_of("关于XX的报告\n\n（一）强化领导。正文。\n但仍存在一些问题。\n（一）认识不足。正文。\n（二）措施不实。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_DUP), 0);
  CHECK_INT(count_code(d, GW_D_NUM_ORDER), 0);
  gw_doc_free(d);
  /* a label standing alone opens a new list; one with its text run in belongs
  ** to the section above, and the 1 after it is a duplicate */
  d = doc_of("关于XX的报告\n\n（一）强化领导。正文。\n存在问题：\n（一）认识不足。正文。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_DUP), 0);
  gw_doc_free(d);
  d = doc_of("关于XX的整改情况报告\n\n（一）关于学习不深入的问题\n整改措施：制定学习计划。\n（一）关于制度执行不严的问题\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_DUP), 1);
  gw_doc_free(d);
  /* without the transition it is one: 一、 twice */
  d = doc_of("关于XX的报告\n\n（一）强化领导。正文。\n（一）认识不足。正文。\n（二）措施不实。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_DUP), 1);
  gw_doc_free(d);
  /* 一、 then 1. directly, then （一） back under 一、? no: 二、 closes it */
  d = doc_of("关于XX的报告\n\n一、做法\n1.学习。正文。\n2.调研。正文。\n二、问题\n（一）不深入。\n");
  if (!d) return;
  CHECK_INT(depth_at(d, 2), 1);
  CHECK_INT(depth_at(d, 3), 2);
  CHECK_INT(depth_at(d, 5), 1);
  CHECK_INT(depth_at(d, 6), 2);
  gw_doc_free(d);
}

static void test_outline_entries(void)
{
  gw_doc *d = doc_of("XX局2024年工作总结\n\n现将主要工作汇报如下：\n一、主要工作及成效\n（一）抓项目。推进项目XX个。\n"
                     "一是抓开工。\n二是抓投产。\n（二）抓安全。正文。\n二、存在的问题\n存在问题：正文。\n三、下一步打算\n正文。\n");
  if (!d) return;
  const gw_entry *es;
  size_t n = gw_doc_outline(d, &es);
  CHECK_INT(n, 9);
  if (n == 9) {
    CHECK_INT(es[0].kind, GW_KIND_TITLE);
    CHECK_INT(es[0].depth, 0);
    CHECK_INT(es[1].line, 3);
    CHECK_INT(es[1].parent, 0);
    CHECK_INT(es[1].end_line, 8);        /* up to 二、 */
    CHECK_INT(es[2].parent, 1);
    CHECK_INT(es[2].end_line, 7);
    CHECK_INT(es[2].placeholders, 1);
    CHECK_INT(es[1].placeholders, 1);
    CHECK_INT(es[3].kind, GW_KIND_ITEM);
    CHECK_INT(es[3].parent, 2);
    CHECK_INT(es[3].depth, 3);
    CHECK_INT(es[7].kind, GW_KIND_LABEL);
    CHECK_INT(es[7].parent, 6);
    CHECK_INT(es[8].end_line, 12);
    CHECK_INT(gw_doc_entry_at(d, 6), 4);
    CHECK_INT(gw_doc_entry_at(d, 11), 8);
  }
  gw_doc_free(d);
}

static void test_lost_ordinals(void)
{
  gw_doc *d = doc_of("XX局抓基层党建工作述职报告\n\n现将履职情况报告如下：\n履行职责情况\n（一）抓责任。正文。\n（二）抓队伍。正文。\n"
                     "存在的主要问题及原因\n（一）责任不实。正文。\n三、下一步打算\n（一）压实责任。正文。\n");
  if (!d) return;
  gw_line_info a = info(d, 3), b = info(d, 6);
  CHECK_INT(a.kind, GW_KIND_HEADING);
  CHECK(a.lost);
  CHECK_INT(a.rank, 1);
  CHECK_INT(b.kind, GW_KIND_HEADING);
  CHECK_INT(b.rank, 1);
  const gw_diag *g = find_code(d, GW_D_LOST_ORDINAL, 6);
  CHECK(g != NULL);
  if (g) CHECK_STR(g->s, "二、");
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0); /* the lost ones fill 一、 二、 */
  gw_doc_free(d);
}

/* A title wrapped over two lines after site residue: the title starts at its
** first half; residue that only looks short stays residue. */
static void test_title_after_residue(void)
{
  static const struct { const char *text; int half; } cases[] = {
    {"来源：县住建局\n关于开展住宅小区物业服务突出问题\n专项整治工作自查情况的报告\n\n一、工作情况\n正文。\n", 1},
    {"本文系作者原创投稿，仅供学习参考，请勿照搬照抄！\nXX县住建局\n2024年工作总结\n\n一、工作情况\n正文。\n", 1},
    /* a path of the site, a role label, a blank line between: not the title */
    {"来源：网络\n首页 > 工作报告 > 述职报告\nXX同志2024年述职报告\n\n一、工作情况\n正文。\n", 0},
    {"来源：网络\n存在问题\nXX同志2024年述职报告\n\n一、工作情况\n正文。\n", 0},
    {"来源：网络\n县住建局\n\nXX同志2024年述职报告\n\n一、工作情况\n正文。\n", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    gw_doc *d = doc_of(cases[i].text);
    if (!d) return;
    int title = cases[i].half ? 2 : (info(d, 2).kind == GW_KIND_BLANK ? 3 : 2);
    gw_line_info l1 = info(d, 1), lt = info(d, (size_t)title);
    if ((l1.kind == GW_KIND_TITLE) != (cases[i].half != 0) || lt.kind != GW_KIND_TITLE || info(d, 0).kind != GW_KIND_NOISE)
      tap_fail(__FILE__, __LINE__, "case %zu: line 1 %s, line %d %s, line 0 %s", i, gw_kind_name(l1.kind), title,
               gw_kind_name(lt.kind), gw_kind_name(info(d, 0).kind));
    gw_doc_free(d);
  }
}

/* Site chrome above the title is residue, and the title stays the title. */
static void test_chrome_lines(void)
{
  static const char *const chrome[] = {"作者：admin 时间：2024-01-09", "浏览次数：2386", "温馨提示：本文仅供参考",
                                       "字号：大 中 小", "发布日期：2024-01-09", "首页 > 工作报告 > 述职报告",
                                       "https://www.example.cn/a/1.html", "阅读(1256) 评论(3)", "本文已影响2.3万人",
                                       "相关推荐："};
  for (size_t i = 0; i < sizeof chrome / sizeof chrome[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "%s\nXX局2024年工作总结\n\n一、工作情况\n正文。\n", chrome[i]);
    gw_doc *d = doc_of(text);
    if (!d) return;
    if (info(d, 0).kind != GW_KIND_NOISE || info(d, 1).kind != GW_KIND_TITLE)
      tap_fail(__FILE__, __LINE__, "'%s': %s, then the title line %s", chrome[i], gw_kind_name(info(d, 0).kind),
               gw_kind_name(info(d, 1).kind));
    gw_doc_free(d);
  }
}

/* Reports of a collection named by a prefix (篇一： 第二篇： 范文二：) are
** sub-documents of their own, each with its parts checked. */
static void test_pian_prefix(void)
{
  static const char *const prefixes[] = {"篇二：", "第二篇：", "范文二："};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "篇一：XX社区党委书记抓基层党建工作述职报告\n一、履职情况\n正文。\n二、存在的问题\n正文。\n"
             "三、下一步打算\n正文。\n%sXX社区党支部书记抓基层党建工作述职报告\n一、履职情况\n正文。\n",
             prefixes[i]);
    gw_doc *d = doc_of(text);
    if (!d) return;
    const gw_subdoc *sd;
    size_t n = gw_doc_subdocs(d, &sd);
    if (n != 2 || info(d, 7).kind != GW_KIND_TITLE || info(d, 0).kind != GW_KIND_TITLE)
      tap_fail(__FILE__, __LINE__, "'%s': %zu reports, line 7 %s", prefixes[i], n, gw_kind_name(info(d, 7).kind));
    gw_doc_free(d);
  }
}

/* The titles of other articles under 相关推荐： are residue, not reports of the
** file; a sentence after them ends the list. */
static void test_related_list(void)
{
  gw_doc *d = doc_of("XX同志2023年述职报告\n一、工作情况\n正文。\n相关推荐：\n2023年小学教师个人述职报告范文（精选10篇）\n"
                     "教师师德师风学习心得体会3篇\n\n2023年党支部书记述职报告\n以上内容仅为一家之言。\n");
  if (!d) return;
  for (size_t i = 3; i <= 7; i++)
    if (i != 6 && info(d, i).kind != GW_KIND_NOISE)
      tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  const gw_subdoc *sd;
  CHECK_INT(gw_doc_subdocs(d, &sd), 1);
  CHECK_INT(info(d, 8).kind, GW_KIND_BODY);
  gw_doc_free(d);
}

/* 最后， ends a list of 首先/其次/再次 items (and the list announced before it);
** elsewhere it opens a paragraph. */
static void test_last_item(void)
{
  gw_doc *d = doc_of("XX局2024年工作总结\n一、主要工作\n主要有以下四个方面：\n首先，加强学习。\n其次，改进作风。\n"
                     "再次，严明纪律。\n最后，加强应急能力建设。\n二、下一步打算\n正文。\n最后，感谢组织。\n一是抓学习。\n"
                     "最后，抓落实。\n");
  if (!d) return;
  CHECK_INT(info(d, 6).kind, GW_KIND_ITEM);
  CHECK_INT(info(d, 6).ordinal, 0);
  CHECK_INT(count_code(d, GW_D_ANNOUNCED), 0);
  CHECK_INT(count_code(d, GW_D_ENUM_SEQ), 0);
  CHECK_INT(info(d, 9).kind, GW_KIND_BODY);  /* after a paragraph */
  CHECK_INT(info(d, 11).kind, GW_KIND_BODY); /* after 一是, not 首先 */
  /* reflow does not cut a paragraph before it */
  static const char para[] = "再次，严明纪律。最后，加强应急能力建设。";
  gw_split pts[4];
  CHECK_INT(gw_split_points(para, sizeof para - 1, pts, 4), 0);
  gw_doc_free(d);
}

/* 二， typed for 二、: a heading where it goes on from the report's 一、 headings
** (or stands alone before any), with GW306; a list in the text opened with
** 一， is no heading, nor are 二，三季度 and 一，二，三产业. */
static void test_comma_marker(void)
{
  gw_doc *d = doc_of("关于XX的自查报告\n一、基本情况\n正文。\n二，自查发现的问题\n落实不够。\n三、整改措施\n"
                     "二，三季度完成整改。\n一，二，三产业协调发展。\n");
  if (!d) return;
  CHECK_INT(info(d, 3).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 3).rank, 1);
  CHECK_INT(info(d, 3).ordinal, 2);
  CHECK_INT(info(d, 3).style & GW_STYLE_COMMA, GW_STYLE_COMMA);
  CHECK_INT(info(d, 3).roles & GW_ROLE_PROBLEMS, GW_ROLE_PROBLEMS);
  CHECK_INT(info(d, 6).kind, GW_KIND_BODY);
  CHECK_INT(info(d, 7).kind, GW_KIND_BODY);
  CHECK_INT(count_code(d, GW_D_MARKER_COMMA), 1);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(d, &ds);
  for (size_t k = 0; k < nd; k++)
    if (ds[k].code == GW_D_MARKER_COMMA) {
      CHECK_INT(ds[k].line, 3);
      CHECK_STR(ds[k].s, "二、");
      CHECK_STR(ds[k].t, "二，");
      CHECK_INT(ds[k].severity, GW_SEV_WARN);
    }
  gw_doc_free(d);

  /* 一，…。二，…。 under a heading is a list in the text; a 二， standing alone
  ** after it (not its next number) is the next heading */
  d = doc_of("关于2024年工作情况的报告\n一、主要工作\n一，加强学习，提高认识。\n二，完善制度，规范管理。\n"
             "三，强化督查，狠抓落实。\n二，存在问题\n落实不够。\n三、下一步打算\n继续加强。\n");
  if (!d) return;
  for (size_t i = 2; i <= 4; i++)
    if (info(d, i).kind != GW_KIND_BODY) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  CHECK_INT(info(d, 5).kind, GW_KIND_HEADING);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  gw_doc_free(d);

  /* short items 一， 二， standing alone under a heading: the list's next
  ** number is no heading */
  d = doc_of("关于XX的报告\n一、主要工作\n一，加强学习\n二，完善制度\n二、存在问题\n落实不够。\n");
  if (!d) return;
  CHECK_INT(info(d, 2).kind, GW_KIND_BODY);
  CHECK_INT(info(d, 3).kind, GW_KIND_BODY);
  CHECK_INT(info(d, 4).kind, GW_KIND_HEADING);
  CHECK_INT(count_code(d, GW_D_MARKER_COMMA), 0);
  gw_doc_free(d);

  /* every top-level heading with a comma: the first stands alone */
  d = doc_of("关于XX的报告\n一，基本情况\n工作开展顺利。\n二，存在问题\n落实不到位。\n三、下一步打算\n继续加强。\n");
  if (!d) return;
  CHECK_INT(info(d, 1).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 3).kind, GW_KIND_HEADING);
  CHECK_INT(count_code(d, GW_D_MARKER_COMMA), 2);
  gw_doc_free(d);

  /* in a report of its own, a 二， after the last report's 一、 is no heading */
  d = doc_of("报告汇编(2篇)\n工作报告篇一\n一、做法\n正文。\n工作报告篇二\n二，做法\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 4).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 5).kind, GW_KIND_BODY);
  gw_doc_free(d);

  /* reflow does not cut a paragraph before 二， */
  static const char para[] = "一是加强学习。二，完善制度。";
  gw_split pts[4];
  size_t np = gw_split_points(para, sizeof para - 1, pts, 4);
  for (size_t k = 0; k < np && k < 4; k++)
    if (pts[k].offset == (uint32_t)strlen("一是加强学习。")) tap_fail(__FILE__, __LINE__, "split before 二，");
}

/* Causes found by the third held-out set (stop 14): signature names of other
** report types, site chrome, a rule line, a numbered list of related articles,
** and 净宽×净高. */
static void test_third_heldout_causes(void)
{
  gw_doc *d = doc_of("个人对照检查材料\n一、存在的问题\n学习不够深入。\n二、整改措施\n加强学习。\n\n对照检查人：XXX\n"
                     "2025年1月\n---\n党员：王××\n党员：120名\n检查人：张三负责，李四配合。\n");
  if (!d) return;
  CHECK_INT(info(d, 6).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 7).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 8).kind, GW_KIND_NOISE); /* --- */
  CHECK_INT(info(d, 9).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 10).kind == GW_KIND_SIGNATURE, 0); /* a count, no name */
  CHECK_INT(info(d, 11).kind == GW_KIND_SIGNATURE, 0); /* a sentence */
  gw_doc_free(d);

  d = doc_of("首页 > 心得体会\n党纪学习教育心得体会\n时间：2024-07-18 10:26:51  作者：佚名  浏览：5326次  下载本文  收藏\n"
             "一、提高认识\n正文。\n时间：2024年3月，地点：会议室。\n相关推荐\n1、2024年研讨发言材料范文（精选5篇）\n"
             "2、党支部党纪学习教育工作总结汇报\n3、党员干部学习《条例》心得体会\n点击下载完整版Word文档   收藏本文   分享到：微信\n");
  if (!d) return;
  CHECK_INT(info(d, 2).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 5).kind, GW_KIND_BODY); /* a meeting's time, in the report */
  for (size_t i = 6; i <= 10; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  gw_doc_free(d);

  d = doc_of("安全自查报告\n消防车通道净宽×净高为4米×4.5米，总长×总宽符合要求。\n××同志，×××单位。\n");
  if (!d) return;
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 1, &sp), 0);
  CHECK_INT(gw_doc_placeholders(d, 2, &sp), 2);
  gw_doc_free(d);
}

/* A heading of two short phrases whose number was lost (二、 … 严于律己，廉洁从医 …
** 四、) is the 三、; the same line where no number is missing is body text. */
static void test_lost_slogan_heading(void)
{
  gw_doc *d = doc_of("院长述职述廉报告\n一、加强学习\n正文。\n二、履职尽责\n正文。\n严于律己，廉洁从医\n"
                     "作为院长，我带头遵守规定。\n四、存在的不足\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 5).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 5).rank, 1);
  CHECK_INT(info(d, 5).lost, 1);
  char tb[64];
  CHECK_STR(text_of(d, 5, tb, sizeof tb), "严于律己，廉洁从医");
  CHECK_INT(count_code(d, GW_D_LOST_ORDINAL), 1);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  gw_doc_free(d);

  /* nothing missing: 二、 … the line … 三、 */
  d = doc_of("院长述职述廉报告\n一、加强学习\n正文。\n二、履职尽责\n正文。\n严于律己，廉洁从医\n"
             "作为院长，我带头遵守规定。\n三、存在的不足\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 5).kind, GW_KIND_BODY);
  gw_doc_free(d);

  /* no 一、 heading before it, or none after it */
  d = doc_of("院长述职述廉报告\n严于律己，廉洁从医\n正文。\n二、履职尽责\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 1).kind == GW_KIND_HEADING, 0);
  gw_doc_free(d);
  d = doc_of("院长述职述廉报告\n一、加强学习\n正文。\n严于律己，廉洁从医\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 3).kind, GW_KIND_BODY);
  gw_doc_free(d);
}

/* Causes found by the fourth held-out set (stop 14). */
static void test_fourth_heldout_causes(void)
{
  gw_doc *d = doc_of("民一庭2024年工作总结\n一、主要工作\n一、二审服判息诉率达到93.6%。\n表1  2024年收结案情况\n"
                     "案件数XX件。\n联系人：____\n电话XX。\n\n庭长：XXX\n2024年12月28日\n总结人：____\n2025.1.6\n"
                     "本文标签：述职报告 范文\n代写各类公文材料，微信：wbfw8899（同QQ）\n"
                     "（文章来源：网络整理，仅供学习交流使用，如有侵权请联系删除）\n展开阅读全文∨\n下载本文　　分享到：微信　QQ空间\n");
  if (!d) return;
  CHECK_INT(info(d, 2).kind, GW_KIND_BODY);    /* 一、二审 */
  CHECK_INT(info(d, 3).kind == GW_KIND_HEADING, 0); /* a caption */
  CHECK_INT(info(d, 5).kind, GW_KIND_BODY);    /* a name field with no date below it */
  CHECK_INT(info(d, 8).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 10).kind, GW_KIND_SIGNATURE);
  for (size_t i = 12; i <= 16; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  gw_doc_free(d);

  /* the department above the name field above the date */
  d = doc_of("民一庭2024年工作总结\n一、主要工作\n正文。\n\n民事审判第一庭\n庭长：XXX\n2024年12月28日\n");
  if (!d) return;
  CHECK_INT(info(d, 4).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 5).kind, GW_KIND_SIGNATURE);
  gw_doc_free(d);

  /* 【范文二】 names a report of its own, as 范文二： does */
  d = doc_of("辅导员年度考核总结范文（3篇）\n【范文一】辅导员年度考核个人总结\n一、思想方面\n正文。\n"
             "【范文二】辅导员个人年度考核总结\n一、思想方面\n正文。\n");
  if (!d) return;
  const gw_subdoc *sd;
  CHECK_INT(gw_doc_subdocs(d, &sd), 3);
  CHECK_INT(info(d, 4).kind, GW_KIND_TITLE);
  gw_doc_free(d);

  /* a two-phrase heading that lost its （四） between （三） and （五） */
  d = doc_of("支部书记述职报告\n一、履职情况\n（一）抓学习\n正文。\n（二）抓队伍\n正文。\n（三）抓融合\n正文。\n"
             "聚焦作风建设，营造风清气正氛围\n正文。\n（五）抓整改\n正文。\n二、存在问题\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 8).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 8).rank, 2);
  CHECK_INT(info(d, 8).lost, 1);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  gw_doc_free(d);
}

/* What the fifth held-out set (h43-h52) found. */
static void test_fifth_heldout_causes(void)
{
  /* site and WeChat chrome around a report */
  gw_doc *d = doc_of("原创 公文笔记 公文笔记 2023-11-20 08:00 发表于江苏\n收录于合集 #组织生活会 36个\n"
                     "【导读】本文共约3200字，建议阅读8分钟。\n索引号：11341122MB1D23456X-2024-00012　　发布机构：县教育局\n"
                     "\n县教育局2024年党建工作要点\n一、总体要求\n正文。\n二、重点任务\n正文。\n\n"
                     "—— END ——\n分享到：微信　微博　QQ空间\n本站部分文章来自网络或网友投稿，如有侵权请联系删除。\n"
                     "▲长按识别二维码关注“公文笔记”\n点个“在看”，你最好看\n阅读原文\n【打印本页】　【关闭窗口】\n"
                     "扫一扫在手机打开当前页\n相关链接：中国政府网　教育部\n【批注：此处数据请再核实】\n");
  if (!d) return;
  for (size_t i = 0; i <= 3; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  CHECK_INT(info(d, 5).kind, GW_KIND_TITLE); /* 工作要点 names the genre */
  for (size_t i = 11; i <= 20; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 3, &sp) == 0 || info(d, 3).kind == GW_KIND_NOISE, 1);
  gw_doc_free(d);

  /* a rule of dashes is residue, a sentence with a dash is not */
  d = doc_of("工作总结\n一、主要工作\n——————\n正文——很好。\n");
  if (!d) return;
  CHECK_INT(info(d, 2).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 3).kind, GW_KIND_BODY);
  gw_doc_free(d);

  /* 附件：1．… and 注：1.… open lists in their lines: 2．… 3．… go on with them */
  d = doc_of("学习情况报告\n一、学习情况\n1．集中学习。\n2．专题研讨。\n特此报告。\n"
             "附件：1．学习情况统计表\n　　　2．专题研讨发言摘编\n\n注：1.本表一式两份。\n　　2.不超过1500字。\n　　3.由考核委员会填写。\n");
  if (!d) return;
  CHECK_INT(info(d, 3).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 6).kind == GW_KIND_HEADING, 0);
  CHECK_INT(info(d, 9).kind == GW_KIND_HEADING, 0);
  CHECK_INT(info(d, 10).kind == GW_KIND_HEADING, 0);
  gw_doc_free(d);

  /* a title wrapped after a long first half; a date with ○○ signs the report */
  d = doc_of("中共○○县交通运输局党组2023年度主题教育专题民主生活会\n领导班子检视剖析材料\n\n"
             "根据通知要求，局党组开展了检视剖析，现报告如下。\n一、检视剖析的问题\n正文。\n二、整改措施\n正文。\n\n"
             "中共○○县交通运输局党组\n2024年1月○○日\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 9).kind, GW_KIND_SIGNATURE);
  CHECK_INT(info(d, 10).kind, GW_KIND_SIGNATURE);
  gw_doc_free(d);

  /* greetings and lists of recipients are addressees; 首先，我代表 greets, it
  ** opens no list; 主要亮点： is a label; 点评意见 is a report of its own,
  ** signed by 点评人 */
  d = doc_of("XX街道关于基层治理工作情况的汇报\n（20XX年X月X日）\n\n尊敬的各位领导：\n"
             "首先，我代表街道党工委，对各位领导表示热烈欢迎！\n一、基本情况\n正文。\n二、主要做法\n"
             "主要亮点：一是组织有力。\n正文。\n\n汇报人：张××\n2024年1月X日\n\n"
             "镇党委书记对王××同志述职的点评意见\n王××同志：\n一年来，你能够认真履行职责。\n存在问题：一是结构不优。\n\n"
             "点评人：镇党委书记　张××\n2024年1月X日\n");
  if (!d) return;
  CHECK_INT(info(d, 3).kind, GW_KIND_ADDRESSEE);
  CHECK_INT(info(d, 4).kind, GW_KIND_BODY);
  CHECK_INT(info(d, 8).kind, GW_KIND_LABEL);
  CHECK_INT(info(d, 14).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 15).kind, GW_KIND_ADDRESSEE);
  CHECK_INT(info(d, 19).kind, GW_KIND_SIGNATURE);
  const gw_subdoc *sd;
  CHECK_INT(gw_doc_subdocs(d, &sd), 2);
  gw_doc_free(d);

  d = doc_of("中共XX镇委员会\n关于落实巡察反馈意见的整改方案\n\n各村（社区）党组织，镇直各单位：\n"
             "为抓好整改，特制定本方案。\n一、总体要求\n正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 3).kind, GW_KIND_ADDRESSEE);
  gw_doc_free(d);

  /* ■ headings: their number counts as lost, all of a report's bullets have
  ** the first one's rank; not a form's □ nor a Markdown list's - */
  d = doc_of("组织生活会发言提纲\n■ 学习收获\n收获较大。\n■ 检视出的问题\n（一）理论学习方面\n学习不深。\n"
             "■ 整改措施\n1.加强理论学习。\n□优秀　□合格\n- 学习强国\n");
  if (!d) return;
  char tb[64];
  for (size_t i = 1; i <= 6; i += (i == 1 ? 2 : 3)) {
    gw_line_info li = info(d, i);
    CHECK_INT(li.kind, GW_KIND_HEADING);
    CHECK_INT(li.rank, 1);
    CHECK_INT(li.lost, 1);
  }
  CHECK_STR(text_of(d, 1, tb, sizeof tb), "学习收获");
  CHECK_INT(info(d, 1).bullet, 1); /* its bullet stands before its text */
  CHECK_INT(info(d, 4).rank, 2);
  CHECK_INT(info(d, 4).bullet, 0);
  CHECK_INT(info(d, 8).kind == GW_KIND_HEADING, 0);
  CHECK_INT(info(d, 9).kind == GW_KIND_HEADING, 0);
  CHECK_INT(count_code(d, GW_D_LOST_ORDINAL), 3);
  gw_doc_free(d);

  /* a form: a row of cells that ends with a date is no signature; 本人签名： is */
  d = doc_of("年度考核登记表\n现任职务\t综合股股长\t任现职时间\t20XX年X月\n一、思想政治方面\n正文。\n"
             "本人签名：__________　　　　　　　　2023年12月X日\n");
  if (!d) return;
  CHECK_INT(info(d, 1).kind == GW_KIND_SIGNATURE, 0);
  CHECK_INT(info(d, 4).kind, GW_KIND_SIGNATURE);
  gw_doc_free(d);
}

/* What the sixth held-out set (h53-h62) found. */
static void test_sixth_heldout_causes(void)
{
  /* a speech's title cut after 的, its subtitle ——在…上的讲稿, 同志们：, 一要…二要… items */
  gw_doc *d = doc_of("筑牢廉洁自律思想防线　争做忠诚干净担当的\n新时代国资监管干部\n"
                     "——在XX市国资委机关20XX年警示教育专题党课上的讲稿\n（20XX年X月X日）\n\n同志们：\n"
                     "今天，我讲三点意见。\n一要坚定理想信念，筑牢思想堤坝。正文。\n二要严守纪律规矩。正文。\n");
  if (!d) return;
  for (size_t i = 0; i <= 2; i++)
    if (info(d, i).kind != GW_KIND_TITLE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  CHECK_INT(info(d, 5).kind, GW_KIND_ADDRESSEE);
  CHECK_INT(info(d, 7).kind, GW_KIND_ITEM);
  CHECK_INT(info(d, 7).ordinal, 1);
  CHECK_INT(info(d, 8).kind, GW_KIND_ITEM);
  CHECK_INT(info(d, 8).ordinal, 2);
  const gw_subdoc *sd;
  CHECK_INT(gw_doc_subdocs(d, &sd), 1);
  gw_doc_free(d);

  /* a heading cut after 的: its second line is no heading, its role words count */
  d = doc_of("主体责任情况报告\n一、履职情况\n正文。\n二、存在问题\n正文。\n"
             "三、关于2024年进一步压实全面从严治党主体责任的\n工作打算\n（一）持续强化政治引领。正文。\n");
  if (!d) return;
  CHECK_INT(info(d, 5).kind, GW_KIND_HEADING);
  CHECK_INT(info(d, 5).roles & GW_ROLE_PLANS, GW_ROLE_PLANS);
  CHECK_INT(info(d, 6).kind, GW_KIND_BODY);
  CHECK_INT(count_code(d, GW_D_LOST_ORDINAL), 0);
  gw_doc_free(d);

  /* residue of document sites; a class's QQ群 in a sentence is none */
  d = doc_of("精品文档\n教师学期工作总结\n一、教学工作\n通过家访、电话、班级QQ群和微信群等方式与家长保持联系，家访X户。\n"
             "本文仅供学习交流使用，版权归原作者所有，如有侵权请联系删除。\n文档来源为:从网络收集整理.word版本可编辑.欢迎下载支持.\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 3).kind, GW_KIND_BODY);
  CHECK_INT(info(d, 4).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 5).kind, GW_KIND_NOISE);
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 3, &sp), 1);
  gw_doc_free(d);
}

/* What the seventh held-out set (h63-h72) found. */
static void test_seventh_heldout_causes(void)
{
  /* a collection titled …报告2篇, with 更多精品范文… under it; a 文库 copy's residue */
  gw_doc *d = doc_of("社区（村）党组织书记抓基层党建工作述职报告2篇\n更多精品范文，请关注微信公众号“公文写作小助手”\n\n"
                     "篇一：社区党委书记述职报告\n一、履职情况\n正文。\n还剩2页未读，继续阅读\n二、存在问题\n正文。\n"
                     "XX社区党委\n20XX年12月__日\n\n篇二：村党支部书记述职报告\n一、履职情况\n正文。\n"
                     "下载文档到电脑，查找使用更方便\n【字体：大 中 小】  【打印本页】\n版权所有：XX大学党委组织部\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 1).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 6).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 10).kind, GW_KIND_SIGNATURE);
  for (size_t i = 15; i <= 17; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  const gw_subdoc *sd;
  CHECK_INT(gw_doc_subdocs(d, &sd), 3);
  gw_doc_free(d);

  /* 工作总结和…工作打算 is a title; 最后， ends a 首先… list that went on with
  ** 第四，, but not one of 第一，…第三， alone */
  d = doc_of("XX县人民医院2023年工作总结和2024年工作打算\n一、主要工作\n首先，学习。\n其次，调研。\n再次，整改。\n"
             "第四，督查。\n最后，考核。\n二、今后努力方向\n第一，学习。\n第二，履职。\n第三，廉洁。\n最后，衷心感谢大家。\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 6).kind, GW_KIND_ITEM);
  CHECK_INT(info(d, 11).kind, GW_KIND_BODY);
  gw_doc_free(d);

  /* a journal's running head above the title and on a later page; a title
  ** over its ——关于…的调研报告 subtitle */
  d = doc_of("调研与参考  2023年第8期\n激活“沉睡资源” 壮大村级集体经济\n——关于xx县发展新型农村集体经济情况的调研报告\n\n"
             "一、基本情况\n正文。\n调研与参考  2023年第8期\n二、存在问题\n正文。\n全县2023年第3季度完成X项。\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 2).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 6).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 9).kind, GW_KIND_BODY);
  gw_doc_free(d);
}

/* What the eighth held-out set (h73-h82) found. */
static void test_eighth_heldout_causes(void)
{
  /* a WeChat article's end: END, 编辑/审核, arrows, 往期推荐 and its ▶ list */
  gw_doc *d = doc_of("镇党委意识形态工作情况报告\n一、主要工作\n正文。\n二、存在问题\n正文。\n中共○○镇委员会\n2024年1月____日\n"
                     "END\n编辑：李晓 | 审核：王军\n↓↓↓ 点个“在看”，让更多人看到\n往期推荐\n"
                     "▶ 乡镇上半年意识形态工作总结（范文）\n▶ 村党组织书记抓党建述职报告模板\n");
  if (!d) return;
  CHECK_INT(info(d, 6).kind, GW_KIND_SIGNATURE);
  for (size_t i = 7; i <= 12; i++)
    if (info(d, i).kind != GW_KIND_NOISE) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  gw_doc_free(d);

  /* 文库 and court-site residue; 整改时限： is a label; 整治X次 counts X, 从严治X is a site's mask */
  d = doc_of("【精品文档】本文档由用户上传，仅供参考，下载后可自由编辑\n整改情况报告\n一、整改情况\n"
             "整改时限：2024年X月底前\n开展周边环境整治X次，全面从严治X、治校。\n"
             "信息来源：院办公室　发布日期：2023-09-18　点击数：\n10 积分 下载\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 3).kind, GW_KIND_LABEL);
  CHECK_INT(info(d, 5).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 6).kind, GW_KIND_NOISE);
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 4, &sp), 1);
  gw_doc_free(d);
}

/* What the ninth held-out set (h83-h92) found. */
static void test_ninth_heldout_causes(void)
{
  /* a site's path, a collection title, 以下是本站…; a page mark of a PDF; a
  ** name field and its date on one line */
  gw_doc *d = doc_of("您现在的位置：首页 > 党团范文 > 对照检查材料\n2023年度组织生活会个人对照检查材料2篇\n"
                     "以下是本站为大家整理的对照检查材料2篇，仅供参考，欢迎阅读。\n【篇一】检察院干警个人对照检查材料\n"
                     "一、存在的问题\n正文。\n内部资料 注意保存\n▲图片来源于网络\n二、整改措施\n正文。\n"
                     "民警：某某　2024年1月X日\n");
  if (!d) return;
  CHECK_INT(info(d, 0).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 1).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 2).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 3).kind, GW_KIND_TITLE);
  CHECK_INT(info(d, 6).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 7).kind, GW_KIND_NOISE);
  CHECK_INT(info(d, 10).kind, GW_KIND_SIGNATURE);
  gw_doc_free(d);
}

/* Labels of 整改 reports, and letters and signs that are no placeholders. */
static void test_more_labels_and_slots(void)
{
  gw_doc *d = doc_of("关于巡视整改进展情况的报告\n整改措施：制定计划。\n整改进展：已完成。\n完成情况：全部办结。\n"
                     "更换3米×6米的宣传牌。\n“j、q、x和ü相拼”，小ü见了j、q、x。\n");
  if (!d) return;
  for (size_t i = 1; i <= 3; i++)
    if (info(d, i).kind != GW_KIND_LABEL) tap_fail(__FILE__, __LINE__, "line %zu: %s", i, gw_kind_name(info(d, i).kind));
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 4, &sp), 0);
  CHECK_INT(gw_doc_placeholders(d, 5, &sp), 0);
  gw_doc_free(d);
}

static void test_subdocs(void)
{
  gw_doc *d = doc_of("报告汇编(2篇)\n工作报告篇一\n一、做法\n正文。\n工作报告篇二\n区委：\n现将情况报告如下：\n一、做法\n正文。\n"
                     "本文系投稿，仅供学习参考，请勿照搬照抄！\n基层党建工作述职报告（机关）\n\n现将情况报告如下：\n一、做法\n");
  if (!d) return;
  const gw_subdoc *sd;
  size_t n = gw_doc_subdocs(d, &sd);
  CHECK_INT(n, 4);
  if (n == 4) {
    CHECK_INT(sd[1].first_line, 1);
    CHECK_INT(sd[2].first_line, 4);
    CHECK_INT(sd[3].first_line, 9); /* the notice line belongs to the report after it */
    CHECK_INT(sd[3].title_line, 10);
  }
  CHECK_INT(info(d, 5).kind, GW_KIND_ADDRESSEE);
  CHECK_INT(info(d, 9).kind, GW_KIND_NOISE);
  gw_doc_free(d);
}

/* }=================================================================== */

/* {===================================================================
** Diagnostics and messages
** =================================================================== */

static void test_level_skip_option(void)
{
  const char *text = "关于XX的报告\n\n一、做法\n1.学习。正文。\n2.调研。正文。\n";
  gw_doc *d = doc_of(text);
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_LEVEL_SKIP), 0);
  gw_options o = {.level_skip = 1, .lang = GW_LANG_ZH};
  gw_doc_set_options(d, &o);
  CHECK_INT(count_code(d, GW_D_LEVEL_SKIP), 2);
  gw_doc_free(d);
}

static void test_enumerations(void)
{
  gw_doc *d = doc_of("正文。\n问题：一是不深入。三是不经常。\n原因：一是认识不足；二是投入不够。主要有以下两个方面：一是甲；二是乙。\n"
                     "二是外层继续。一是内层。二是内层。三是外层继续。\n");
  if (!d) return;
  CHECK(find_code(d, GW_D_ENUM_SEQ, 1) != NULL);
  CHECK(find_code(d, GW_D_ENUM_SEQ, 2) == NULL);  /* restart after a colon */
  CHECK(find_code(d, GW_D_ANNOUNCED, 2) == NULL); /* 两个方面, two listed */
  CHECK(find_code(d, GW_D_ENUM_SEQ, 3) == NULL);  /* nested list */
  gw_doc_free(d);
}

static void test_completeness(void)
{
  gw_doc *d = doc_of("XX局抓基层党建工作述职报告\n\n现将履职情况报告如下：\n一、履行职责情况\n正文正文。\n二、存在的问题\n正文。\n");
  if (!d) return;
  const gw_subdoc *sd;
  gw_doc_subdocs(d, &sd);
  CHECK_INT(sd[0].roles_missing, GW_ROLE_CAUSES | GW_ROLE_PLANS);
  CHECK_INT(count_code(d, GW_D_ROLE_MISSING), 2);
  char msg[256];
  const gw_diag *g = find_code(d, GW_D_ROLE_MISSING, 0);
  CHECK(g != NULL);
  if (g) {
    gw_diag_message(g, GW_LANG_ZH, msg, sizeof msg);
    CHECK(strstr(msg, "缺少") != NULL);
    gw_diag_message(g, GW_LANG_EN, msg, sizeof msg);
    CHECK(strstr(msg, "missing") != NULL);
  }
  gw_doc_free(d);
  /* problems and causes named by body sentences (但也存在…, 还有…差距, 分析原因，…,
  ** 产生这些问题的根源…) are enough */
  static const char *const cues[] = {
    "XX局2024年工作总结\n\n一、主要工作\n成绩明显，但也存在一些不足。\n二、下一步打算\n正文。\n",
    "XX局2024年工作总结\n\n一、主要工作\n成绩明显，还有一定差距。\n二、下一步打算\n正文。\n",
    "XX局抓基层党建工作述职报告\n\n一、履职情况\n正文。\n二、存在问题\n正文。分析原因，主要是认识不足。\n三、下一步打算\n正文。\n",
    "XX局抓基层党建工作述职报告\n\n一、履职情况\n正文。\n二、存在问题\n正文。产生这些问题的根源在于认识不足。\n三、下一步打算\n正文。\n",
  };
  for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
    if (!(d = doc_of(cues[i]))) return;
    if (count_code(d, GW_D_ROLE_MISSING) != 0) tap_fail(__FILE__, __LINE__, "cue %zu: a part reported missing", i);
    gw_doc_free(d);
  }
  /* causes given as a cue sentence inside the problems section are enough */
  d = doc_of("XX局抓基层党建工作述职报告\n\n现将履职情况报告如下：\n一、履行职责情况\n正文正文。\n二、存在的问题\n正文。究其原因，是认识不足。\n"
             "三、下一步打算\n正文。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_ROLE_MISSING), 0);
  gw_doc_free(d);
}

/* 1. 2. 3. 5. 4. 6.: 4. and 5. swapped is one GW103 over both lines ("4. should
** come before 5."), not a gap at 5., a wrong order at 4. and a gap at 6. */
static void test_swapped_numbers(void)
{
  gw_doc *d = doc_of("关于学习情况的报告\n一、做法\n1.学习。\n2.调研。\n3.整改。\n5.督查。\n4.总结。\n6.考核。\n"
                     "二、问题\n正文。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_ORDER), 1);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(d, &ds);
  for (size_t k = 0; k < nd; k++)
    if (ds[k].code == GW_D_NUM_ORDER) {
      CHECK_INT(ds[k].line, 5);
      CHECK_INT(ds[k].end_line, 6);
      CHECK_INT(ds[k].a, 4);
      CHECK_STR(ds[k].s, "4.");
      CHECK_STR(ds[k].t, "5.");
      char zh[256], en[256];
      gw_diag_message(&ds[k], GW_LANG_ZH, zh, sizeof zh);
      gw_diag_message(&ds[k], GW_LANG_EN, en, sizeof en);
      CHECK_STR(zh, "序号顺序颠倒：“4.”应在“5.”之前");
      CHECK_STR(en, "numbering swapped: 4. should come before 5.");
    }
  /* the section of 5. counts it once */
  const gw_entry *es;
  size_t ne = gw_doc_outline(d, &es);
  for (size_t k = 0; k < ne; k++)
    if (es[k].line == 5) CHECK_INT(es[k].diagnostics, 1);
  gw_doc_free(d);

  /* not a swap: 3. 5. 2. is a gap at 5. and a wrong order at 2. */
  d = doc_of("关于学习情况的报告\n一、做法\n1.学习。\n2.调研。\n3.整改。\n5.督查。\n2.总结。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 1);
  CHECK_INT(count_code(d, GW_D_NUM_ORDER), 1);
  nd = gw_doc_diagnostics(d, &ds);
  for (size_t k = 0; k < nd; k++)
    if (ds[k].code == GW_D_NUM_ORDER) CHECK_INT(ds[k].end_line, ds[k].line);
  gw_doc_free(d);

  /* two numbers skipped (3. 6. 4.) is no swap either */
  d = doc_of("关于学习情况的报告\n一、做法\n1.学习。\n2.调研。\n3.整改。\n6.督查。\n4.总结。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 1);
  CHECK_INT(count_code(d, GW_D_NUM_ORDER), 1);
  gw_doc_free(d);
}

/* The diagnostics are made on their first request after the structure pass
** (gw_doc_analyze does not wait for them): whatever is asked first, and in
** whatever order, after each edit they and the entries' counts are those of the
** current text. */
static void test_diagnostics_on_request(void)
{
  const char *text = "关于学习情况的报告\n一、做法\n1.学习。\n3.调研。\n二、问题\n正文。\n";
  for (int order = 0; order < 3; order++) {
    gw_doc *d = doc_of(text);
    if (!d) return;
    CHECK_INT(gw_doc_analyze(d), 0);
    /* structure first: kinds and sections, before any diagnostic */
    CHECK_INT(info(d, 3).kind, GW_KIND_HEADING);
    CHECK_INT(gw_doc_entry_at(d, 3) >= 0, 1);
    const gw_entry *es;
    const gw_diag *ds;
    size_t ne = 0, nd = 0;
    if (order == 0) {
      ne = gw_doc_outline(d, &es);
      nd = gw_doc_diagnostics(d, &ds);
    } else if (order == 1) {
      nd = gw_doc_diagnostics(d, &ds);
      ne = gw_doc_outline(d, &es);
    } else {
      CHECK_INT(gw_doc_complete(d), 0);
      nd = gw_doc_diagnostics(d, &ds);
      ne = gw_doc_outline(d, &es);
    }
    CHECK_INT(count_code(d, GW_D_NUM_GAP), 1);
    size_t gaps = 0;
    for (size_t k = 0; k < nd; k++) gaps += ds[k].code == GW_D_NUM_GAP && ds[k].line == 3;
    CHECK_INT(gaps, 1);
    for (size_t k = 0; k < ne; k++)
      if (es[k].line == 1) CHECK_INT(es[k].diagnostics >= 1, 1); /* 一、 holds the gap */
    /* an edit that closes the gap: analyzed, then asked again */
    const char *fixed = "2.调研。";
    size_t flen = strlen(fixed);
    CHECK_INT(gw_doc_replace(d, 3, 4, &fixed, &flen, 1), 0);
    CHECK_INT(gw_doc_analyze(d), 0);
    CHECK_INT(info(d, 3).kind, GW_KIND_HEADING);
    CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
    ne = gw_doc_outline(d, &es);
    for (size_t k = 0; k < ne; k++)
      if (es[k].line == 3) CHECK_INT(es[k].diagnostics, 0);
    /* new options make them again */
    gw_options o = {.lang = GW_LANG_EN, .level_skip = 1};
    gw_doc_set_options(d, &o);
    CHECK_INT(gw_doc_analyze(d), 0);
    CHECK_INT(count_code(d, GW_D_LEVEL_SKIP) >= 1, 1);
    gw_doc_free(d);
  }
}

/* Problems numbered on across categories (整改: （一）… 1. 2. （二）… 3.) are one
** list: no GW104 at 3., no lone sub-heading for a category of one problem. A
** list that does not go on (（三） under 二、 after （一） under 一、) starts anew. */
static void test_numbered_on_across_sections(void)
{
  gw_doc *d = doc_of("关于巡察反馈问题整改情况的报告\n一、整改落实情况\n（一）关于政治建设方面的问题\n"
                     "1.学习贯彻不够深入的问题。\n整改措施：完善学习制度。\n2.落实决策部署有偏差的问题。\n"
                     "（二）关于作风建设方面的问题\n3.形式主义仍有发生的问题。\n（三）关于组织建设方面的问题\n"
                     "4.年轻干部储备不足的问题。\n5.基层组织软弱涣散的问题。\n二、下一步打算\n持续抓好整改。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_START), 0);
  CHECK_INT(count_code(d, GW_D_LONE_SUB), 0);
  CHECK_INT(count_code(d, GW_D_NUM_GAP), 0);
  const gw_entry *es;
  size_t ne = gw_doc_outline(d, &es);
  int list = -2;
  for (size_t k = 0; k < ne; k++)
    if (es[k].kind == GW_KIND_HEADING && es[k].rank == 3) {
      if (list == -2) list = es[k].list;
      CHECK_INT(es[k].list, list);
    }
  gw_doc_free(d);

  /* not numbered on: a list under the next category that starts at 3 after
  ** 1. alone is still a list that does not start at 1 */
  d = doc_of("关于XX的报告\n一、做法\n（一）学习\n1.学理论。\n（二）调研\n3.走基层。\n4.访群众。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_START), 1);
  CHECK_INT(count_code(d, GW_D_LONE_SUB), 1); /* 1. alone under （一） */
  gw_doc_free(d);

  /* parents of another rank (1. 2. under （一）, then 3. under 二、) are no categories of one kind */
  d = doc_of("关于XX的报告\n一、做法\n（一）学习\n1.学理论。\n2.学业务。\n二、调研\n3.走基层。\n4.访群众。\n");
  if (!d) return;
  CHECK_INT(count_code(d, GW_D_NUM_START), 1);
  gw_doc_free(d);
}

static void test_messages_all_codes(void)
{
  static const gw_code codes[] = {GW_D_NUM_GAP, GW_D_NUM_DUP, GW_D_NUM_ORDER, GW_D_NUM_START, GW_D_LONE_SUB,
                                  GW_D_BRACKET_MIX, GW_D_STYLE_MIX, GW_D_RANK_INVERT, GW_D_LEVEL_SKIP, GW_D_ENUM_SEQ,
                                  GW_D_ANNOUNCED, GW_D_ROLE_MISSING, GW_D_NO_CAUSES, GW_D_EMPTY_SECTION,
                                  GW_D_DUP_LABEL, GW_D_PLACEHOLDERS, GW_D_RESIDUE, GW_D_LOST_ORDINAL, GW_D_DUNHAO,
                                  GW_D_STRAY_PUNCT, GW_D_MARKER_COMMA};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    gw_diag d;
    memset(&d, 0, sizeof d);
    d.code = codes[i];
    d.a = 1;
    d.b = 2;
    strcpy(d.s, "一、");
    strcpy(d.t, "三、");
    char zh[512], en[512], tiny[4];
    size_t nz = gw_diag_message(&d, GW_LANG_ZH, zh, sizeof zh);
    size_t ne = gw_diag_message(&d, GW_LANG_EN, en, sizeof en);
    if (nz == 0 || ne == 0 || strcmp(zh, en) == 0) tap_fail(__FILE__, __LINE__, "code %d: zh '%s' en '%s'", codes[i], zh, en);
    if (strcmp(gw_code_name(codes[i]), "unknown") == 0) tap_fail(__FILE__, __LINE__, "code %d has no name", codes[i]);
    gw_diag_message(&d, GW_LANG_ZH, tiny, sizeof tiny); /* truncates, stays terminated */
    CHECK(strlen(tiny) < sizeof tiny);
  }
}

/* }=================================================================== */

/* {===================================================================
** Placeholders
** =================================================================== */

static void test_placeholder_columns(void)
{
  gw_doc *d = doc_of("召开会议X次，XX年X月完成，投入XX万元，增长X%，APP和QQ不算。\n");
  if (!d) return;
  const gw_span *sp;
  size_t n = gw_doc_placeholders(d, 0, &sp);
  CHECK_INT(n, 5);
  if (n == 5) {
    CHECK_INT(sp[0].col, 4);
    CHECK_INT(sp[0].ncols, 1);
    CHECK_INT(sp[1].col, 7);
    CHECK_INT(sp[1].ncols, 2);
    CHECK_INT(sp[2].col, 10);
    size_t len;
    const char *s = gw_doc_line(d, 0, &len);
    CHECK(memcmp(s + sp[3].start, "XX", 2) == 0 && sp[3].end - sp[3].start == 2);
  }
  gw_doc_free(d);
}

/* }=================================================================== */

/* {===================================================================
** Incremental updates equal a fresh analysis
** =================================================================== */

static const char *const PIECES[] = {
  "XX局2024年度抓基层党建工作述职报告", "", "现将履职情况报告如下：", "一、履行职责情况", "（一）压实责任。召开会议X次。",
  "（二）建强队伍。培训XX人。一是学习；二是调研；三是督导。", "1.完善制度。", "2、狠抓落实。", "二、存在的问题及原因",
  "一是责任不实。", "二是创新不够。", "主要原因：一是认识不足。", "三、下一步打算", "存在不足：", "特此报告。",
  "XX党支部", "2024年12月20日", "本文系投稿，仅供学习参考，请勿照搬照抄！", "（三）补齐短板。", "第一时间传达。",
  "##paidbegin##以学习为龙头。", "意识形态工作履职情况", "主要做法及成效", "基层党建工作述职报告篇二", "区委：",
};
#define NPIECES (sizeof PIECES / sizeof PIECES[0])

static unsigned long rng_state = 12345;
static unsigned rnd(unsigned n)
{
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)((rng_state >> 33) % n);
}

/* Everything the structure pass exposes, as one comparable string. */
static char *snapshot(gw_doc *d)
{
  size_t cap = 1 << 16, at = 0;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  buf[0] = '\0';
#define EMIT(...)                                                                \
  do {                                                                           \
    int w_ = snprintf(buf + at, cap - at, __VA_ARGS__);                          \
    if (w_ < 0) break;                                                           \
    if ((size_t)w_ >= cap - at) {                                                \
      cap = cap * 2 + (size_t)w_;                                                \
      char *nb_ = realloc(buf, cap);                                             \
      if (!nb_) { free(buf); return NULL; }                                      \
      buf = nb_;                                                                 \
      w_ = snprintf(buf + at, cap - at, __VA_ARGS__);                            \
    }                                                                            \
    at += (size_t)w_;                                                            \
  } while (0)
  size_t n = gw_doc_line_count(d);
  for (size_t i = 0; i < n; i++) {
    gw_line_info li = info(d, i);
    EMIT("%zu:%d:%d:%d:%d:%u:%d:%d:%u-%u;", i, li.kind, li.rank, li.depth, li.ordinal, li.roles, li.lost, li.subdoc,
         li.text_start, li.text_end);
    const gw_span *sp;
    size_t np = gw_doc_placeholders(d, i, &sp);
    for (size_t k = 0; k < np; k++) EMIT("p%u-%u@%u;", sp[k].start, sp[k].end, sp[k].col);
  }
  const gw_entry *es;
  size_t ne = gw_doc_outline(d, &es);
  for (size_t k = 0; k < ne; k++)
    EMIT("e%zu-%zu:%d:%d:%zu:%zu;", es[k].line, es[k].end_line, es[k].depth, es[k].parent, es[k].placeholders,
         es[k].diagnostics);
  const gw_diag *ds;
  size_t nd = gw_doc_diagnostics(d, &ds);
  for (size_t k = 0; k < nd; k++) EMIT("d%zu:%u:%d:%d:%d;", ds[k].line, ds[k].start, ds[k].code, ds[k].a, ds[k].b);
#undef EMIT
  return buf;
}

static void test_incremental_equals_fresh(void)
{
  gw_doc *live = gw_doc_new(NULL);
  if (!live) { tap_fail(__FILE__, __LINE__, "no doc"); return; }
  /* the live text, kept as an array of piece indices */
  size_t lines[400], n = 0;
  for (int step = 0; step < 3000; step++) {
    unsigned op = rnd(4);
    if (n == 0) op = 0;
    size_t first = n ? rnd((unsigned)n + 1) : 0;
    size_t last = first + (first < n ? rnd((unsigned)(n - first < 4 ? n - first : 4) + 1) : 0);
    size_t count = op == 1 ? 0 : rnd(4);
    if (n - (last - first) + count > 400) count = 0;
    const char *texts[4];
    size_t lens[4], idx[4];
    for (size_t k = 0; k < count; k++) {
      idx[k] = rnd(NPIECES);
      texts[k] = PIECES[idx[k]];
      lens[k] = strlen(texts[k]);
    }
    if (gw_doc_replace(live, first, last, texts, lens, count) != 0) { tap_fail(__FILE__, __LINE__, "replace failed"); break; }
    memmove(lines + first + count, lines + last, (n - last) * sizeof *lines);
    for (size_t k = 0; k < count; k++) lines[first + k] = idx[k];
    n = n - (last - first) + count;
    if (step % 3 == 0) gw_doc_analyze(live); /* queries in between, as the editor does */
    if (step % 50 == 49) {
      gw_doc *fresh = gw_doc_new(NULL);
      const char *ft[400];
      size_t fl[400];
      for (size_t k = 0; k < n; k++) { ft[k] = PIECES[lines[k]]; fl[k] = strlen(ft[k]); }
      if (!fresh || gw_doc_replace(fresh, 0, 0, ft, fl, n) != 0) { tap_fail(__FILE__, __LINE__, "fresh failed"); gw_doc_free(fresh); break; }
      char *a = snapshot(live), *b = snapshot(fresh);
      if (!a || !b || strcmp(a, b) != 0) {
        tap_fail(__FILE__, __LINE__, "step %d: incremental state differs from a fresh analysis", step);
        tap_fail(__FILE__, __LINE__, "lines: live %zu, fresh %zu, tracked %zu", gw_doc_line_count(live), gw_doc_line_count(fresh), n);
        if (a && b) {
          size_t k = 0;
          while (a[k] && a[k] == b[k]) k++;
          size_t from = k > 60 ? k - 60 : 0;
          tap_fail(__FILE__, __LINE__, "live:  ...%.160s", a + from);
          tap_fail(__FILE__, __LINE__, "fresh: ...%.160s", b + from);
        }
        free(a);
        free(b);
        gw_doc_free(fresh);
        break;
      }
      free(a);
      free(b);
      gw_doc_free(fresh);
    }
  }
  gw_doc_free(live);
}

static void test_replace_bad_ranges(void)
{
  gw_doc *d = doc_of("一\n二\n三\n");
  if (!d) return;
  const char *t[] = {"x"};
  size_t l[] = {1};
  CHECK_INT(gw_doc_replace(d, 2, 1, t, l, 1), -1);
  CHECK_INT(gw_doc_replace(d, 0, 9, t, l, 1), -1);
  CHECK_INT(gw_doc_replace(d, 0, 0, NULL, NULL, 1), -1);
  CHECK_INT(gw_doc_line_count(d), 3);
  gw_line_info li;
  CHECK_INT(gw_doc_line_info(d, 3, &li), -1);
  CHECK_INT(gw_doc_entry_at(d, 99), -1);
  const gw_span *sp;
  CHECK_INT(gw_doc_placeholders(d, 99, &sp), 0);
  CHECK_INT(gw_doc_replace(NULL, 0, 0, t, l, 1), -1);
  gw_doc_free(d);
  gw_doc_free(NULL);
}

/* }=================================================================== */

/* {===================================================================
** Bad input
** =================================================================== */

static void test_invalid_utf8_and_nul(void)
{
  static const char text[] = "一、\xff\xfe做法\x00X次\n（二\xe4\xb8）残缺\n\xe4\n\xc3\x97\xc3\n";
  gw_doc *d = gw_doc_new(NULL);
  if (!d) return;
  CHECK_INT(gw_doc_set_text(d, text, sizeof text - 1), 0);
  CHECK_INT(gw_doc_line_count(d), 4);
  CHECK_INT(gw_doc_analyze(d), 0);
  for (size_t i = 0; i < 4; i++) (void)info(d, i);
  const gw_span *sp;
  size_t n = gw_doc_placeholders(d, 0, &sp);
  CHECK_INT(n, 1); /* the X after the NUL byte */
  CHECK_INT(gw_utf8_valid(text, sizeof text - 1), 0);
  CHECK_INT(gw_utf8_count("\xe4\xb8\x80\xff", 4), 2);
  gw_doc_free(d);
}

static void test_line_endings(void)
{
  gw_doc *d = doc_of("一、做法\r\n正文。\r二、问题\n\n");
  if (!d) return;
  CHECK_INT(gw_doc_line_count(d), 4);
  CHECK_INT(info(d, 2).kind, GW_KIND_HEADING);
  size_t len;
  gw_doc_line(d, 0, &len);
  CHECK_INT(len, strlen("一、做法"));
  gw_doc_free(d);
  d = doc_of("");
  if (!d) return;
  CHECK_INT(gw_doc_line_count(d), 0);
  CHECK_INT(gw_doc_analyze(d), 0);
  const gw_entry *es;
  CHECK_INT(gw_doc_outline(d, &es), 0);
  gw_doc_free(d);
}

static void test_huge_line(void)
{
  size_t n = 10u * 1024 * 1024;
  char *big = malloc(n + 1);
  if (!big) { tap_fail(__FILE__, __LINE__, "no memory for the test"); return; }
  static const char unit[] = "一是加强学习，召开会议X次。";
  size_t u = sizeof unit - 1, at = 0;
  while (at + u <= n) { memcpy(big + at, unit, u); at += u; }
  memset(big + at, 'a', n - at);
  gw_doc *d = gw_doc_new(NULL);
  if (!d) { free(big); return; }
  CHECK_INT(gw_doc_set_text(d, big, n), 0);
  CHECK_INT(gw_doc_line_count(d), 1);
  CHECK_INT(gw_doc_analyze(d), 0);
  const gw_span *sp;
  size_t np = gw_doc_placeholders(d, 0, &sp);
  CHECK_INT(np, n / u);
  if (np) CHECK_INT(sp[np - 1].col, (np - 1) * gw_utf8_count(unit, u) + 11);
  gw_doc_free(d);
  free(big);
}

static void test_many_lines(void)
{
  size_t n = 1000000;
  char *text = malloc(n * 4);
  if (!text) { tap_fail(__FILE__, __LINE__, "no memory for the test"); return; }
  for (size_t i = 0; i < n; i++) memcpy(text + i * 4, i % 2 ? "ab\n\n" : "X次\n", 4);
  gw_doc *d = gw_doc_new(NULL);
  if (!d) { free(text); return; }
  CHECK_INT(gw_doc_set_text(d, text, n * 4), 0);
  CHECK(gw_doc_line_count(d) >= n);
  CHECK_INT(gw_doc_analyze(d), 0);
  /* an edit in the middle stays cheap and correct */
  const char *t[] = {"一、新的标题"};
  size_t l[] = {strlen(t[0])};
  CHECK_INT(gw_doc_replace(d, 500001, 500001, t, l, 1), 0);
  CHECK_INT(info(d, 500001).kind, GW_KIND_HEADING);
  gw_doc_free(d);
  free(text);
}

static void test_decode_input(void)
{
  gw_input in;
  /* BOM */
  static const char bom[] = "\xEF\xBB\xBF一、做法\n";
  CHECK_INT(gw_decode_input(bom, sizeof bom - 1, &in), 0);
  CHECK(in.bom);
  CHECK_INT(in.len, sizeof bom - 4);
  gw_input_free(&in);
  /* GB18030: 一、做法 */
  static const char gb[] = "\xd2\xbb\xa1\xa2\xd7\xf6\xb7\xa8\n";
  CHECK_INT(gw_decode_input(gb, sizeof gb - 1, &in), 0);
  CHECK_STR(in.encoding, "GB18030");
  CHECK(in.len == strlen("一、做法\n") && memcmp(in.text, "一、做法\n", in.len) == 0);
  gw_input_free(&in);
  /* binary */
  char bin[256];
  for (int i = 0; i < 256; i++) bin[i] = (char)i;
  CHECK_INT(gw_decode_input(bin, sizeof bin, &in), -1);
  CHECK(strstr(in.error, "binary") != NULL);
  gw_input_free(&in);
  /* UTF-16LE with BOM */
  static const char u16[] = "\xff\xfe\x00\x4e\x01\x30";
  CHECK_INT(gw_decode_input(u16, sizeof u16 - 1, &in), 0);
  CHECK(in.len == strlen("一、") && memcmp(in.text, "一、", in.len) == 0);
  gw_input_free(&in);
  /* empty */
  CHECK_INT(gw_decode_input("", 0, &in), 0);
  CHECK_INT(in.len, 0);
  gw_input_free(&in);
}

static void test_editing_helpers(void)
{
  char buf[64];
  gw_format_marker(1, 21, 0, buf, sizeof buf);
  CHECK_STR(buf, "二十一、");
  gw_format_marker(2, 3, 0, buf, sizeof buf);
  CHECK_STR(buf, "（三）");
  gw_format_marker(2, 3, GW_STYLE_OPEN_ASCII | GW_STYLE_CLOSE_ASCII, buf, sizeof buf);
  CHECK_STR(buf, "(三)");
  gw_format_marker(3, 12, GW_STYLE_DUNHAO, buf, sizeof buf);
  CHECK_STR(buf, "12、");
  gw_format_marker(4, 2, 0, buf, sizeof buf);
  CHECK_STR(buf, "（2）");
  gw_format_marker(5, 4, 0, buf, sizeof buf);
  CHECK_STR(buf, "四是");
  gw_format_marker(5, 4, GW_STYLE_CIRCLED, buf, sizeof buf);
  CHECK_STR(buf, "④");
  char tiny[3];
  gw_format_marker(1, 3, 0, tiny, sizeof tiny);
  CHECK(strlen(tiny) < sizeof tiny);
  const char *line = "关于XX的报告 一、基本情况 今年以来。二、存在问题 一是不够。（三）其他。1.5亿元。";
  gw_split pts[8];
  size_t n = gw_split_points(line, strlen(line), pts, 8);
  CHECK_INT(n, 5);
  if (n == 5) {
    CHECK(memcmp(line + pts[0].offset, "一、", 6) == 0);
    CHECK_INT(pts[0].kind, GW_KIND_HEADING);
    CHECK_INT(pts[0].rank, 1);
    CHECK(memcmp(line + pts[1].offset, "今年", 6) == 0); /* the heading's body after a space */
    CHECK_INT(pts[1].kind, GW_KIND_BODY);
    CHECK(memcmp(line + pts[2].offset, "二、", 6) == 0);
    CHECK(memcmp(line + pts[3].offset, "一是", 6) == 0);
    CHECK_INT(pts[3].kind, GW_KIND_ITEM);
    CHECK(memcmp(line + pts[4].offset, "（三）", 9) == 0);
  }
  CHECK_INT(gw_split_points("一、不在行首之后不拆", strlen("一、不在行首之后不拆"), pts, 8), 0);
  /* a title and a heading running into body text after a space */
  const char *paste = "XX局2024年工作总结 今年以来，我局扎实工作。一、主要工作 全年完成任务X项。";
  n = gw_split_points(paste, strlen(paste), pts, 8);
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK(memcmp(paste + pts[0].offset, "今年", 6) == 0);
    CHECK_INT(pts[0].kind, GW_KIND_BODY);
    CHECK(memcmp(paste + pts[1].offset, "一、", 6) == 0);
    CHECK(memcmp(paste + pts[2].offset, "全年", 6) == 0);
  }
  gw_format_marker(1, 105, 0, buf, sizeof buf);
  CHECK_STR(buf, "一百零五、");
  gw_format_marker(1, 110, 0, buf, sizeof buf);
  CHECK_STR(buf, "一百一十、");
  gw_format_marker(5, 3, GW_STYLE_DI, buf, sizeof buf);
  CHECK_STR(buf, "第三，");
  gw_format_marker(5, 2, GW_STYLE_SEQ, buf, sizeof buf);
  CHECK_STR(buf, "其次，");
  CHECK_INT(gw_count_chars("一、做法Excel 2024年，X次。", strlen("一、做法Excel 2024年，X次。")), 11);
  CHECK_INT(gw_count_chars("", 0), 0);
  CHECK_INT(gw_count_chars("\xff\xfe", 2), 2);
}

static void test_lists_and_closing(void)
{
  gw_doc *d = doc_of("关于XX的报告\n\n一、做法\n(一)甲。\n（二）乙。\n（三）丙。\n二、问题\n1、甲。\n2、乙。\n特此报告。\n\nXX局\n2024年1月2日\n");
  if (!d) return;
  const gw_entry *es;
  size_t n = gw_doc_outline(d, &es);
  CHECK_INT(n, 8);
  if (n == 8) {
    CHECK(es[1].list >= 0);
    CHECK_INT(es[2].list, es[3].list);
    CHECK(es[2].list != es[1].list);
    CHECK_INT(es[2].list_style, 0); /* two of three are full-width */
    CHECK_INT(es[6].list_style, GW_STYLE_DUNHAO);
    CHECK_INT(es[0].list, -1);
    CHECK_INT(es[5].end_line, 9); /* the closing formula is not part of the last section */
  }
  gw_doc_free(d);
}

static void test_folds_and_is_report(void)
{
  gw_doc *d = doc_of("XX局2024年工作总结\n\n一、做法\n（一）甲。正文。\n正文。\n二、问题\n正文。\n");
  if (!d) return;
  int lv[7];
  unsigned char st[7];
  CHECK_INT(gw_doc_section_levels(d, 0, 7, lv, st), 0);
  static const int want[] = {0, 0, 1, 2, 2, 1, 1};
  static const unsigned char wst[] = {0, 0, 1, 1, 0, 1, 0};
  for (int i = 0; i < 7; i++) {
    if (lv[i] != want[i] || st[i] != wst[i]) tap_fail(__FILE__, __LINE__, "line %d: level %d start %d", i, lv[i], st[i]);
  }
  CHECK_INT(gw_doc_section_levels(d, 3, 2, lv, st), -1);
  CHECK_INT(gw_doc_is_report(d), 1);
  gw_doc_free(d);
  d = doc_of("Shopping list\n1. milk\n2. eggs\n");
  if (!d) return;
  CHECK_INT(gw_doc_is_report(d), 0);
  gw_doc_free(d);
  /* a collection title alone misses nothing */
  d = doc_of("意识形态工作情况报告(2篇)\n意识形态工作情况报告篇一\n一、做法\n正文。\n二、问题\n正文。\n三、下一步打算\n正文。\n");
  if (!d) return;
  const gw_subdoc *sd;
  size_t n = gw_doc_subdocs(d, &sd);
  CHECK_INT(n, 2);
  if (n == 2) CHECK_INT(sd[0].roles_missing, 0);
  gw_doc_free(d);
}

/* }=================================================================== */


/* ---- gw_load: a file read in background threads ---- */

/* The document a load of text[skip, len) must give: the text split at \n only,
** a final \n ending the last line, nothing at all being one empty line. */
static gw_doc *lines_at_newlines(const char *text, size_t len, size_t *bytes)
{
  gw_doc *d = gw_doc_new(NULL);
  if (!d) return NULL;
  size_t n = 0, cap = 0;
  const char **ptrs = NULL;
  size_t *lens = NULL;
  *bytes = 0;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    if (n == cap) {
      cap = cap ? cap * 2 : 1024;
      ptrs = realloc(ptrs, cap * sizeof *ptrs);
      lens = realloc(lens, cap * sizeof *lens);
      if (!ptrs || !lens) abort();
    }
    ptrs[n] = text + i;
    lens[n] = e - i;
    *bytes += e - i;
    n++;
    i = e + 1;
  }
  const char *empty = "";
  size_t zero = 0;
  int rc = n ? gw_doc_replace(d, 0, 0, ptrs, lens, n) : gw_doc_replace(d, 0, 0, &empty, &zero, 1);
  free(ptrs);
  free(lens);
  if (rc != 0 || gw_doc_analyze(d) != 0) {
    gw_doc_free(d);
    return NULL;
  }
  return d;
}

/* Loads path (skip bytes left out) in `threads` threads and compares the result
** with the same text split by lines_at_newlines. */
static void check_load(const char *path, const char *text, size_t len, size_t skip, int threads, const char *what)
{
  size_t want_bytes = 0;
  gw_doc *want = lines_at_newlines(text + skip, len - skip, &want_bytes);
  gw_load *ld = gw_load_start(path, NULL, skip, threads);
  CHECK(want != NULL && ld != NULL);
  if (!want || !ld) {
    gw_doc_free(want);
    gw_load_free(ld);
    return;
  }
  size_t lines = 0, bytes = 0;
  char err[128];
  gw_doc *got = gw_load_finish(ld, &lines, &bytes, err, sizeof err);
  if (!got) tap_fail(__FILE__, __LINE__, "%s, %d threads: %s", what, threads, err);
  if (got) {
    size_t n = gw_doc_line_count(want);
    if (gw_doc_line_count(got) != n || lines != n || bytes != want_bytes)
      tap_fail(__FILE__, __LINE__, "%s, %d threads: %zu lines (said %zu), %zu bytes; expected %zu lines, %zu bytes", what,
               threads, gw_doc_line_count(got), lines, bytes, n, want_bytes);
    for (size_t k = 0; k < n && k < gw_doc_line_count(got); k++) {
      size_t gl = 0, wl = 0;
      const char *g = gw_doc_line(got, k, &gl), *w = gw_doc_line(want, k, &wl);
      if (gl != wl || memcmp(g, w, wl) != 0 || g[gl] != '\0') {
        tap_fail(__FILE__, __LINE__, "%s, %d threads: line %zu differs (%zu bytes, expected %zu)", what, threads, k, gl, wl);
        break;
      }
    }
    const gw_entry *ge, *we;
    const gw_diag *gd, *wd;
    CHECK_INT(gw_doc_outline(got, &ge), gw_doc_outline(want, &we));
    CHECK_INT(gw_doc_diagnostics(got, &gd), gw_doc_diagnostics(want, &wd));
  }
  gw_doc_free(got);
  gw_doc_free(want);
  gw_load_free(ld);
}

static void test_load_equals_lines(void)
{
  char dir[] = "/tmp/gongwen-load-XXXXXX";
  if (!mkdtemp(dir)) {
    tap_fail(__FILE__, __LINE__, "mkdtemp failed");
    return;
  }
  char path[64];
  snprintf(path, sizeof path, "%s/report.txt", dir);
  const char *para[] = {
    "关于XX县2024年度党建工作的述职报告\n",
    "一、主要工作\n",
    "（一）加强组织建设。全年召开会议X次，一是压实责任，二是强化考核。\n",
    "1.完善制度体系\r\n",
    "存在问题：落实不够到位，某某单位进展缓慢。\n",
    "\n",
    "二、下一步打算\n",
  };
  size_t cap = 5u << 20, len = 0;
  char *text = malloc(cap + (3u << 20));
  if (!text) abort();
  /* lines of many lengths, about 3.5 MB: several ranges, boundaries anywhere */
  unsigned x = 12345;
  while (len < (7u << 19)) {
    x = x * 1103515245u + 12345u;
    const char *p = para[(x >> 16) % (sizeof para / sizeof *para)];
    size_t pl = strlen(p);
    size_t rep = (x >> 8) % 7 == 0 ? 40 : 1; /* now and then a long line */
    for (size_t r = 0; r < rep; r++) {
      memcpy(text + len, p, pl - (r + 1 < rep && p[pl - 1] == '\n'));
      len += pl - (r + 1 < rep && p[pl - 1] == '\n');
    }
  }
  struct {
    const char *what;
    size_t skip;
  } cases[] = {{"mixed lines, a final newline", 0}, {"no final newline", 0}, {"a 2.5 MB line across ranges", 0},
               {"a byte order mark left out", 3}};
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    size_t n = len;
    if (c == 1) n = len - 1; /* drops the final \n */
    char *t = text;
    if (c == 2) {
      /* a line of 2.5 MB in the middle */
      size_t mid = len / 3, big = 5u << 19;
      memmove(text + mid + big, text + mid, len - mid);
      memset(text + mid, 'a', big);
      n = len + big;
    }
    if (c == 3) {
      t = malloc(n + 3);
      if (!t) abort();
      memcpy(t, "\xEF\xBB\xBF", 3);
      memcpy(t + 3, text, n);
      n += 3;
    }
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(t, 1, n, f) == n);
    if (f) fclose(f);
    for (int threads = 1; threads <= 3; threads++) check_load(path, t, n, cases[c].skip, threads, cases[c].what);
    if (c == 2) memmove(text + len / 3, text + len / 3 + (5u << 19), len - len / 3);
    if (t != text) free(t);
  }
  /* small files: empty, only line breaks, one byte */
  const char *small[] = {"", "\n\n\n", "x", "一、主要工作"};
  for (size_t c = 0; c < sizeof small / sizeof *small; c++) {
    FILE *f = fopen(path, "wb");
    size_t n = strlen(small[c]);
    CHECK(f != NULL && fwrite(small[c], 1, n, f) == n);
    if (f) fclose(f);
    check_load(path, small[c], n, 0, 2, "a small file");
  }
  free(text);
  remove(path);
  rmdir(dir);
}

int main(int argc, char **argv)
{
  const char *results = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--results") && i + 1 < argc) results = argv[++i];
    else if (!strcmp(argv[i], "--quiet")) tap_set_quiet(1);
  }
  tap_run("marker ranks and variants", test_marker_ranks);
  tap_run("guards are not headings", test_guards);
  tap_run("run-in heading, item and label text", test_runin_text);
  tap_run("signature and date lines", test_signature_dates);
  tap_run("roles of standard headings", test_roles);
  tap_run("report types and required parts", test_report_types);
  tap_run("depth from the ranks actually used", test_depth_from_ranks_used);
  tap_run("outline entries, parents, section ends", test_outline_entries);
  tap_run("headings that lost their ordinal", test_lost_ordinals);
  tap_run("sub-documents and their boundaries", test_subdocs);
  tap_run("a wrapped title after residue", test_title_after_residue);
  tap_run("site chrome above the title", test_chrome_lines);
  tap_run("reports named by a 篇一： prefix", test_pian_prefix);
  tap_run("labels of 整改 reports, letters that are no placeholders", test_more_labels_and_slots);
  tap_run("最后， after 首先/其次/再次 items", test_last_item);
  tap_run("二， typed for 二、", test_comma_marker);
  tap_run("two headings swapped: one GW103", test_swapped_numbers);
  tap_run("diagnostics made on request, current after edits", test_diagnostics_on_request);
  tap_run("problems numbered on across categories", test_numbered_on_across_sections);
  tap_run("causes found by the third held-out set", test_third_heldout_causes);
  tap_run("a lost number of a two-phrase heading", test_lost_slogan_heading);
  tap_run("causes found by the fourth held-out set", test_fourth_heldout_causes);
  tap_run("causes found by the fifth held-out set", test_fifth_heldout_causes);
  tap_run("causes found by the sixth held-out set", test_sixth_heldout_causes);
  tap_run("causes found by the seventh held-out set", test_seventh_heldout_causes);
  tap_run("causes found by the eighth held-out set", test_eighth_heldout_causes);
  tap_run("causes found by the ninth held-out set", test_ninth_heldout_causes);
  tap_run("the list under 相关推荐：", test_related_list);
  tap_run("level-skip diagnostic is opt-in", test_level_skip_option);
  tap_run("enumeration continuity and counts", test_enumerations);
  tap_run("completeness per report type", test_completeness);
  tap_run("every diagnostic has a zh and an en message", test_messages_all_codes);
  tap_run("placeholder columns in code points", test_placeholder_columns);
  tap_run("incremental updates equal a fresh analysis", test_incremental_equals_fresh);
  tap_run("bad ranges are refused, nothing changes", test_replace_bad_ranges);
  tap_run("invalid UTF-8 and NUL bytes", test_invalid_utf8_and_nul);
  tap_run("CRLF, lone CR, empty text", test_line_endings);
  tap_run("a 10 MB line", test_huge_line);
  tap_run("a million short lines", test_many_lines);
  tap_run("input decoding: BOM, GB18030, UTF-16, binary", test_decode_input);
  tap_run("marker formatting, split points, character counts", test_editing_helpers);
  tap_run("fold levels and report detection", test_folds_and_is_report);
  tap_run("numbering lists, their styles, the closing formula", test_lists_and_closing);
  tap_run("a file loaded in threads equals its lines", test_load_equals_lines);
  return tap_finish(results);
}
