/*
** check.h: invariants of an analyzed gongwen document, shared by the fuzz
** targets (tests/fuzz/fuzz_*.c) and their plain replay driver.
**
** A violated invariant prints what was wrong and aborts, so that libFuzzer (or
** the replay driver under ASan) reports it with a stack trace. Each check has
** a short id (see check.c). A check whose id is listed in the environment
** variable FUZZ_KNOWN_BUGS (comma-separated) is not enforced: that lets a
** fuzzing session go on past a bug already reported, while the replay of
** tests/fuzz/regressions/ (tests/fuzz/regress.sh) enforces every check.
*/
#ifndef GW_FUZZ_CHECK_H
#define GW_FUZZ_CHECK_H

#include "gw.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_PRINTF(a, b)
#endif

/* Reports a violated invariant and aborts, unless id is a known bug (then it
** returns and the caller skips whatever depended on the invariant). */
void fz_fail(const char *id, const char *file, int line, const char *fmt, ...) FZ_PRINTF(4, 5);

/* True when cond holds; otherwise reports (see fz_fail) and yields false. */
#define FZ_OK(id, cond, ...) ((cond) ? true : (fz_fail((id), __FILE__, __LINE__, __VA_ARGS__), false))

/* Analyzes the document and checks every invariant of its results: lines,
** placeholders, line info, outline, sub-documents, diagnostics and their
** messages in both languages, and the editing helpers on every line. */
void fz_check_doc(gw_doc *doc);

/* Both documents analyzed; aborts unless every result is identical. */
void fz_compare_docs(gw_doc *a, gw_doc *b);

/* The entry point every target defines (libFuzzer's, or replay.c's main calls it). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
